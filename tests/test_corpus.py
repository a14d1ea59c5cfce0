"""The five founding source texts (../shared/seeds) import into clean drafts.

Optional: the seeds live beside the checkout, not in it.  When they are absent the tests skip and
say where they looked.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import Any

import pytest

from casebook.commands import check
from casebook.commands import import_ as import_cmd
from casebook.importer import draft as importer
from casebook.importer.draft import build, remove_boilerplate, render_markdown, render_yaml
from casebook.text import chinese

ROOT = Path(__file__).resolve().parents[1]
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
PINYIN_RE = re.compile(r"[（(][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+[）)]|[（(]$")
# Lines every seed's chrome contains somewhere; none may survive in a draft.
CHROME = (
    "转载于互联网",
    "特别声明",
    "Notice:",
    "作者：",
    "编辑、制作",
    "审核：",
    "客户端",
    "浏览器",
    "PDF版",
    "本报记者",
    "全貌",
)

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(
        not SEEDS.is_dir(), reason=f"../shared/seeds not found at {SEEDS}; corpus test skipped"
    ),
]


def seed(prefix: str) -> Path:
    [path] = SEEDS.glob(f"{prefix}_*.txt")
    return path


@pytest.fixture(scope="module")
def drafts() -> dict[str, importer.Draft]:
    out = {}
    for prefix in ("000", "001", "002", "003", "004"):
        path = seed(prefix)
        out[prefix] = build(path, importer.read(path))
    return out


def figure_texts(d: importer.Draft) -> set[str]:
    return {f.text for f in d.figures}


def labelled(d: importer.Draft) -> list[dict[str, Any]]:
    items = list(d.case.get("figures", []))
    for outcome in d.case.get("outcomes", []):
        items += outcome.get("figures", [])
    return items


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_imports_clean(drafts: dict[str, importer.Draft], prefix: str) -> None:
    d = drafts[prefix]
    md, yml = render_markdown(d), render_yaml(d)
    for text in (md, yml):
        assert not PINYIN_RE.search(text), PINYIN_RE.search(text)
        assert chinese.traditional_spans(text) == []
        assert chinese.halfwidth_punctuation(md) == []
    _kept, removed, _facts = remove_boilerplate(md)
    assert removed == []
    for chrome in CHROME:
        assert chrome not in md, chrome
    assert len(d.sections) >= 2


def test_003_traditional_with_annotations(drafts: dict[str, importer.Draft]) -> None:
    d = drafts["003"]
    assert seed("003").read_text("utf-8").count("(qū)") > 0  # the source really is annotated
    assert {"4219户", "12618人", "417名", "11个", "72个", "1000多人"} <= figure_texts(d)
    scale = d.case["scale"]
    assert scale["households"] == {"value": 4219, "unit": "户"}
    assert scale["population"] == {"value": 12618, "unit": "人"}
    assert scale["party_members"] == {"value": 417, "unit": "名"}
    assert scale["party_organizations"] == {"value": 11, "unit": "个", "label": "网格党支部"}
    assert scale["social_organizations"] == {"value": 72, "unit": "个"}
    assert scale["volunteers"] == {"value": 1000, "unit": "人", "qualifier": "多"}
    assert d.case["location"] == {
        "province": "江苏省",
        "city": "扬州市",
        "county": "广陵区",
        "street": "曲江街道",
    }
    assert d.id == "yangzhou-wenchanghuayuan"
    assert len(d.sections) == 5
    assert {r.rule for r in d.removed} == {"author-line", "editor-line", "platform-statement"}


def test_001_figures_and_named_methods(drafts: dict[str, importer.Draft]) -> None:
    d = drafts["001"]
    scale = d.case["scale"]
    assert scale["households"] == {"value": 3430, "unit": "户"}
    assert scale["population"] == {"value": 12250, "unit": "人"}
    assert scale["floating_population"] == {"value": 546, "unit": "人"}
    assert {"value": 317, "unit": "户", "label": "商业经营户"} in labelled(d)
    names = [p["name"] for p in d.case["practices"]]
    assert {"红色驿站", "“12345”工作法", "“五民”工程", "“三单”服务模式"} <= set(names)
    assert [s.kind for s in d.sections] == ["background", "practices", "lessons"]
    assert [r.rule for r in d.removed] == ["repost-disclaimer"]


def test_000_traditional_with_proper_names(drafts: dict[str, importer.Draft]) -> None:
    d = drafts["000"]
    assert d.case["name"] == "云钢社区"
    assert d.case["location"] == {
        "province": "河南省",
        "city": "南阳市",
        "county": "南召县",
        "street": "云阳镇",
    }
    assert d.case["founded"] == "2004-06"
    assert d.case["scale"]["grid_workers"] == {"value": 61, "unit": "名", "label": "微网格员"}
    assert "4100余万元" in figure_texts(d) and "1.5万人次以上" in figure_texts(d)
    assert {"name": "全国民主法治示范社区", "level": "国家级"} in d.case["honors"]
    assert "“一征三议两公开”工作法" in [p["name"] for p in d.case["practices"]]
    assert [s.kind for s in d.sections] == ["practices", "outcomes", "lessons"]
    assert d.case["sources"][0]["script"] == "繁体"


def test_002_resource_town(drafts: dict[str, importer.Draft]) -> None:
    d = drafts["002"]
    assert d.id == "kunming-shaba"
    assert d.case["founded"] == "2003-04"
    assert d.case["scale"]["population"] == {"value": 3879, "unit": "人"}
    assert d.case["scale"]["staff"] == {"value": 16, "unit": "名"}
    assert {"40.2%", "20%", "14%"} <= figure_texts(d)
    assert {"name": "云南省敬老先进社区", "level": "省级"} in d.case["honors"]
    assert {"name": "铜都街道先进基层党组织", "level": "街道级"} in d.case["honors"]
    assert [s.kind for s in d.sections] == ["background", "practices", "outcomes", "lessons"]


def test_004_newspaper_feature(drafts: dict[str, importer.Draft]) -> None:
    d = drafts["004"]
    assert d.id == "xinyang-minzu"
    assert d.case["location"]["street"] == "五里墩街道"
    src = d.case["sources"][0]
    assert (src["publisher"], src["author"]) == ("信阳日报", "王凌云")
    assert d.case["scale"]["grids"] == {"value": 4, "unit": "个"}
    assert {"68名", "200余件", "8000余元", "2000余人次"} <= figure_texts(d)
    assert {"name": "河南省先进基层党组织", "level": "省级", "year": 2021} in d.case["honors"]
    assert len(d.sections) == 5
    assert len(d.removed) == 9


def test_all_seeds_import_and_pass_casebook_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser()
    import_cmd.add_arguments(parser)
    files = [str(p) for p in sorted(SEEDS.glob("0*.txt"))]
    assert import_cmd.run(parser.parse_args([*files, "--out", str(tmp_path)])) == 0
    assert len(list(tmp_path.iterdir())) == 5
    capsys.readouterr()
    parser = argparse.ArgumentParser()
    check.add_arguments(parser)
    code = check.run(parser.parse_args([*(str(p) for p in sorted(tmp_path.iterdir())), "--root", str(ROOT)]))
    out = capsys.readouterr().out
    assert code == 0, out
    assert "5 个案例：0 个错误" in out
