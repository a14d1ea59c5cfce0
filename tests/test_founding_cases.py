"""The five founding cases carry the key facts of their sources as structured, qualified figures.

These facts were checked against the source texts by hand; the test keeps later edits honest.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from casebook.model.library import Library, load_library
from casebook.text.chinese import halfwidth_punctuation, traditional_spans
from casebook.text.quantities import format_figure

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def lib() -> Library:
    return load_library(ROOT)


def scale(lib: Library, case_id: str, key: str) -> str:
    case = lib.get(case_id)
    assert case is not None, case_id
    return format_figure(case.data["scale"][key])


def figures(lib: Library, case_id: str) -> dict[str, str]:
    case = lib.get(case_id)
    assert case is not None
    found = {f["label"]: format_figure(f) for f in case.data.get("figures", [])}
    for outcome in case.data["outcomes"]:
        found.update({f["label"]: format_figure(f) for f in outcome.get("figures", [])})
    return found


def test_all_five_load_without_errors(lib: Library) -> None:
    assert not lib.errors, [p.format() for p in lib.errors]
    ids = {c.id for c in lib.cases}
    assert {
        "nanyang-yungang",
        "xiaogan-wenhualu",
        "kunming-shaba",
        "yangzhou-wenchanghuayuan",
        "xinyang-minzu",
    } <= ids
    assert all(not c.is_draft for c in lib.cases)


def test_yungang_formed_after_the_steelworks_bankruptcy(lib: Library) -> None:
    case = lib.get("nanyang-yungang")
    assert case is not None
    assert case.data["founded"] == "2004-06"
    assert case.data["location"] == {
        "province": "河南省",
        "city": "南阳市",
        "county": "南召县",
        "street": "云阳镇",
    }
    assert "云钢总厂" in case.narrative and "破产" in case.narrative
    assert any(p["name"] == "“五好”工作法" and len(p["components"]) == 5 for p in case.data["practices"])


def test_wenhualu_scale(lib: Library) -> None:
    assert scale(lib, "xiaogan-wenhualu", "households") == "3430户"
    assert scale(lib, "xiaogan-wenhualu", "population") == "12250人"
    assert scale(lib, "xiaogan-wenhualu", "floating_population") == "546人"
    names = [p["name"] for p in lib.get("xiaogan-wenhualu").data["practices"]]  # type: ignore[union-attr]
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
    case = lib.get("xinyang-minzu")
    assert case is not None
    assert case.data["scale"]["grid_workers"]["value"] == 13
    assert "一长三员" in case.data["scale"]["grid_workers"]["label"]


@pytest.mark.parametrize(
    "case_id",
    ["nanyang-yungang", "xiaogan-wenhualu", "kunming-shaba", "yangzhou-wenchanghuayuan", "xinyang-minzu"],
)
def test_digest_is_simplified_full_width_and_sized(lib: Library, case_id: str) -> None:
    case = lib.get(case_id)
    assert case is not None
    han = sum("\u4e00" <= ch <= "\u9fff" for ch in case.narrative)
    assert 800 <= han <= 2000, han
    assert traditional_spans(case.narrative) == []
    assert halfwidth_punctuation(case.narrative) == []
    assert 3 <= len(case.data["questions"]) <= 5
    assert case.data["sources"] and all(s["publisher"] for s in case.data["sources"])
