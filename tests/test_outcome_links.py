"""Outcomes tied to the practices they came from (`outcomes[].practices`), as a researcher asking
"which practice produced which effect" meets them: in the founding cases, on the pages generated
from the model and in the downloads.  No site is built: the generated Markdown and files are read.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from casebook.model.library import Library, load_library
from casebook.pages import downloads
from casebook.pages.generate import generate

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def lib() -> Library:
    return load_library(ROOT)


@pytest.fixture(scope="module")
def pages(lib: Library) -> dict[str, str]:
    return generate(lib)


FOUNDING = (
    "kunming-shaba",
    "nanyang-yungang",
    "xiaogan-wenhualu",
    "xinyang-minzu",
    "yangzhou-wenchanghuayuan",
)


def test_every_founding_case_ties_some_outcome_to_one_of_its_own_practices(lib: Library) -> None:
    by_id = {c.id: c for c in lib.cases}
    for case_id in FOUNDING:
        c = by_id[case_id]
        tied = [o for o in c.outcomes if o.practices]
        assert tied, c.id
    for c in lib.cases:  # and wherever a case names one, it is one of its own
        names = {p.name for p in c.practices}
        for o in c.outcomes:
            assert set(o.practices) <= names, (c.id, o.practices)


def test_the_model_gives_each_practice_its_outcomes(lib: Library) -> None:
    yungang = next(c for c in lib.cases if c.id == "nanyang-yungang")
    one_stop = next(p for p in yungang.practices if p.name == "一站式办理制度")
    (outcome,) = yungang.outcomes_of(one_stop)
    assert [f.text for f in outcome.figures] == ["超1.5万人次", "3000多人次"]
    # The tag view used by practice pages: every outcome of the practices carrying the tag.
    assert outcome in yungang.effects_of_tag("一站式服务")


def test_case_page_shows_the_outcome_under_its_practice_with_the_figures(pages: dict[str, str]) -> None:
    page = pages["cases/nanyang-yungang.md"]
    section = page.split("### 一站式办理制度", 1)[1].split("\n### ", 1)[0]
    assert "这项做法的成效" in section
    assert "每年接待居民：**超1.5万人次**" in section
    outcomes = page.split("## 成效", 1)[1].split("\n## ", 1)[0]
    assert "来自做法：[一站式办理制度](#practice-4)" in outcomes
    assert "{#practice-4}" in page.split("### 一站式办理制度", 1)[1].split("\n", 1)[0]


def test_practice_page_lists_each_cases_problems_and_effects(pages: dict[str, str]) -> None:
    page = pages["practices/one-stop-service.md"]
    row = next(line for line in page.splitlines() if line.startswith("| [云钢社区]"))
    cells = [c.strip() for c in row.strip("|").split(" | ")]
    assert "一站式办理制度" in cells[2]
    assert "就业困难" in cells[3]  # the case's problems, linked
    assert cells[4] == "每年接待居民 超1.5万人次；代办服务 3000多人次"


def test_csv_carries_outcome_figures_their_practices_sources_and_the_page(lib: Library) -> None:
    text = downloads.cases_csv(lib.in_reading_order())
    rows = {r["编号"]: r for r in csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))}
    r = rows["xiaogan-wenhualu"]
    assert "接单办理 112件（2022年）" in r["成效数字"]
    assert "接单办理 112件（2022年） ← “三单”服务模式" in r["成效与做法"]
    assert r["资料来源"].startswith("《")
    assert r["页面"] == "cases/xiaogan-wenhualu/"
    for case_id, row in rows.items():  # every figure of every case, none dropped
        c = next(x for x in lib.cases if x.id == case_id)
        assert all(f.text in row["成效数字"] for f in c.outcome_figures)


def test_json_keeps_the_links_as_the_case_file_writes_them(lib: Library) -> None:
    data = json.loads(downloads.cases_json(lib.in_reading_order()))
    shaba = next(e for e in data["cases"] if e["id"] == "kunming-shaba")
    assert shaba["outcomes"][2]["practices"] == ["服务项目清单"]
    assert shaba["page"] == "cases/kunming-shaba/"
