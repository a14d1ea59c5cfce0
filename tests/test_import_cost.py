"""bench/import_cost.py: the differences it counts between a draft and a finished case are the
ones a contributor made, each charged once."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def cost() -> ModuleType:
    spec = importlib.util.spec_from_file_location("import_cost", ROOT / "bench" / "import_cost.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["import_cost"] = module
    spec.loader.exec_module(module)
    return module


def test_figures_moved_relabelled_copied_added_and_dropped(cost: ModuleType) -> None:
    draft = {
        "scale": {"households": {"value": 1200, "unit": "户"}},
        "figures": [
            {"value": 30, "unit": "万元", "label": "村集体收入"},
            {"value": 8, "unit": "年", "label": "年数"},
            {"value": 5, "unit": "个", "label": "社区"},
        ],
    }
    case = {
        "scale": {"households": {"value": 1200, "unit": "户"}},
        "figures": [{"value": 8, "unit": "年", "label": "志愿者坚持服务"}],
        "outcomes": [
            {
                "text": "收入增加",
                "figures": [
                    {"value": 30, "unit": "万元", "label": "集体收入"},
                    {"value": 8, "unit": "年", "label": "志愿者坚持服务"},
                    {"value": 2, "unit": "次", "label": "每周上门"},
                ],
            }
        ],
    }
    c = cost.Cost("x.txt", "x")
    cost.compare_figures(c, cost.figures_of(draft), cost.figures_of(case))
    kinds = sorted(k for k, _w in c.faults)
    # 30万元: right label (集体收入 within 村集体收入), wrong place; 8年: relabelled, then copied
    # into the outcome; 2次 added; 5个 dropped; the households scale kept.
    assert kinds == ["figure_added", "figure_copied", "figure_dropped", "figure_moved", "figure_relabelled"]
    assert c.kept == 1
    assert c.seconds() == sum(cost.COST[k] for k in kinds)


def test_practices_found_renamed_and_added(cost: ModuleType) -> None:
    from casebook.importer.practices import Candidate

    draft = SimpleNamespace(
        case={"practices": [{"name": "“一核两网”创新模式"}, {"name": "党群驿站"}, {"name": "邻里节"}]},
        candidates=[Candidate("红色议事厅", "", "carrier")],
    )
    case = {
        "practices": [
            {"name": "小区党群驿站"},
            {"name": "“一核两网”模式"},
            {"name": "红色议事厅"},
            {"name": "民情日志"},
        ]
    }
    c = cost.Cost("x.txt", "x")
    cost.compare_practices(c, draft, case)
    assert c.practices_found == 1  # 党群驿站 within 小区党群驿站
    assert sorted(k for k, _w in c.faults) == [
        "practice_added",  # 民情日志
        "practice_dropped",  # 邻里节
        "practice_promoted",  # 红色议事厅, listed among the report's candidates
        "practice_renamed",  # 一核两网 under another suffix
    ]


def test_without_the_corpus_it_says_so_and_exits_cleanly(
    cost: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cost.main(["--corpus", str(tmp_path / "none")]) == 0
    assert "没有找到语料" in capsys.readouterr().err
