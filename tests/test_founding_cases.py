"""The five founding cases carry the key facts of their sources as structured, qualified figures.

These facts were checked against the source texts by hand; the test keeps later edits honest.  The
facts are read through the case model, as every page reads them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from casebook.model.case import Case
from casebook.model.library import Library, load_library
from casebook.text.chinese import halfwidth_punctuation, traditional_spans

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def lib() -> Library:
    return load_library(ROOT)


def case(lib: Library, case_id: str) -> Case:
    found = lib.get(case_id)
    assert found is not None, case_id
    return found


def scale(lib: Library, case_id: str, key: str) -> str:
    fig = case(lib, case_id).figure(key)
    assert fig is not None, (case_id, key)
    return fig.text


def figures(lib: Library, case_id: str) -> dict[str, str]:
    c = case(lib, case_id)
    return {f.label: f.text for f in (*c.figures, *c.outcome_figures)}


def test_all_five_load_without_errors(lib: Library) -> None:
    assert not lib.errors, [p.format() for p in lib.errors]
    founding = {
        "nanyang-yungang",
        "xiaogan-wenhualu",
        "kunming-shaba",
        "yangzhou-wenchanghuayuan",
        "xinyang-minzu",
    }
    assert founding <= {c.id for c in lib.cases}
    # Only the five: a later case may honestly stay a draft when its source lacks what review needs.
    assert all(not c.is_draft for c in lib.cases if c.id in founding)


def test_yungang_formed_after_the_steelworks_bankruptcy(lib: Library) -> None:
    yungang = case(lib, "nanyang-yungang")
    assert yungang.founded_text == "2004年6月"
    assert yungang.place == "河南省南阳市南召县云阳镇"
    assert "云钢总厂" in yungang.narrative and "破产" in yungang.narrative
    assert any(p.name == "“五好”工作法" and len(p.components) == 5 for p in yungang.practices)


def test_wenhualu_scale(lib: Library) -> None:
    assert scale(lib, "xiaogan-wenhualu", "households") == "3430户"
    assert scale(lib, "xiaogan-wenhualu", "population") == "12250人"
    assert scale(lib, "xiaogan-wenhualu", "floating_population") == "546人"
    names = [p.name for p in case(lib, "xiaogan-wenhualu").practices]
    assert "“红色驿站”" in names and "“12345”工作法" in names and "“五民”工程" in names


def test_shaba_population_and_aging(lib: Library) -> None:
    assert scale(lib, "kunming-shaba", "population") == "3879人"
    assert figures(lib, "kunming-shaba")["60岁以上老年人占比"] == "20%"


def test_wenchanghuayuan_scale(lib: Library) -> None:
    assert scale(lib, "yangzhou-wenchanghuayuan", "households") == "4219户"
    assert scale(lib, "yangzhou-wenchanghuayuan", "population") == "12618人"
    assert scale(lib, "yangzhou-wenchanghuayuan", "party_members") == "417名"
    assert scale(lib, "yangzhou-wenchanghuayuan", "volunteers") == "1000多人"


def test_minzu_grids_and_one_head_three_members(lib: Library) -> None:
    assert scale(lib, "xinyang-minzu", "grids") == "4个"
    grid_workers = case(lib, "xinyang-minzu").figure("grid_workers")
    assert grid_workers is not None and grid_workers.value == 13
    assert "一长三员" in grid_workers.label


@pytest.mark.parametrize(
    "case_id",
    ["nanyang-yungang", "xiaogan-wenhualu", "kunming-shaba", "yangzhou-wenchanghuayuan", "xinyang-minzu"],
)
def test_digest_is_simplified_full_width_and_sized(lib: Library, case_id: str) -> None:
    c = case(lib, case_id)
    han = sum("\u4e00" <= ch <= "\u9fff" for ch in c.narrative)
    assert 800 <= han <= 2000, han
    assert traditional_spans(c.narrative) == []
    assert halfwidth_punctuation(c.narrative) == []
    assert 3 <= len(c.questions) <= 5
    assert c.sources and all(s.publisher for s in c.sources)
