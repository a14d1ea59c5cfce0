"""The page of one case as a reader gets it: the facts box, practices with their anchors, honors,
sources, similar cases; read from the small built site (sitepages.small_site), whose test-full case
fills every optional field.  Drafts with gaps the validator lets through still get a page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from casebook.model.library import load_library, load_vocabulary
from casebook.pages import generate as site_pages
from sitepages import FULL_CASE, SHAANXI_CASE, Page, Site

pytestmark = pytest.mark.site


@pytest.fixture(scope="module")
def term_ids(built: tuple[Path, Site]) -> dict[str, str]:
    """Vocabulary label → id (the folder of its term page)."""
    vocab, _ = load_vocabulary(built[0])
    return {t.label: t.id for category in ("practices", "community_types") for t in vocab.all(category)}


def facts(page: Page) -> dict[str, str]:
    """The facts box (the first table): label → text."""
    return {row[0].text: row[1].text for row in page.tables[0][1:]}


def test_facts_box_shows_place_type_date_and_every_figure_as_written(
    site: Site, term_ids: dict[str, str]
) -> None:
    page = site.page("cases/test-full/")
    box = facts(page)
    assert box["地点"] == "浙江省湖州市示例县示例镇"
    assert box["类型"] == "县城镇区社区"
    assert box["成立"] == "2003年4月"
    # As the source writes them: the qualifier kept, the year of the count after it.
    assert box["户数"] == "3200户（2022年）"
    assert box["人口"] == "约1.2万人"
    assert box["面积"] == "0.8平方公里"
    assert box["60岁以上老人占比"] == "23%（2023年）"
    assert box["别名"] == "全项新村"
    place = page.tables[0][1][1]
    assert [site.resolve("cases/test-full/", h) for h in place.hrefs] == [("regions/zhejiang/", "")]
    kind = page.tables[0][2][1]
    assert [site.resolve("cases/test-full/", h) for h in kind.hrefs] == [
        (f"types/{term_ids['县城镇区社区']}/", "")
    ]


def test_aliases_are_listed_in_the_facts_box(site: Site) -> None:
    assert facts(site.page("cases/test-shaanxi/"))["别名"] == "、".join(SHAANXI_CASE["aliases"])
    assert "别名" not in facts(site.page("cases/test-gaps/"))  # no aliases, no empty row


def test_each_practice_has_its_own_anchor_components_and_tag_links(
    site: Site, term_ids: dict[str, str]
) -> None:
    page = site.page("cases/test-full/")
    practices = FULL_CASE["practices"]
    h3 = [text for tag, text in page.headings if tag == "h3"]
    names = [p["name"] for p in practices]
    assert [text for text in h3 if text in names] == names  # in the order of case.yml
    for n in range(1, len(practices) + 1):
        assert f"practice-{n}" in page.ids
    for component in practices[0]["components"]:
        assert f"\n{component}\n" in page.text
    tag_pages = {site.resolve("cases/test-full/", h) for h in page.links if "/practices/" in h}
    tags = {t for p in practices for t in p["tags"]}
    assert tag_pages == {(f"practices/{term_ids[t]}/", "") for t in tags}


def test_honors_run_from_the_highest_level_with_their_recipient(site: Site) -> None:
    page = site.page("cases/test-full/")
    honors = next(t for t in page.tables if t[0][0].text == "荣誉")
    assert [[c.text for c in row] for row in honors[1:]] == [
        ["全国优秀党务工作者（社区党委书记）", "国家级", "2021"],
        ["湖州市和谐社区", "市级", "2019"],
    ]


def test_each_practice_shows_its_outcomes_and_each_outcome_its_practice(site: Site) -> None:
    """test-full ties 纠纷大多在街口说开了 (调解纠纷 120余件) to its practice 老街说事点."""
    page = site.page("cases/test-full/")
    practice = page.text.split("老街说事点", 1)[1].split("银龄食堂", 1)[0]
    assert "这项做法的成效" in practice and "纠纷大多在街口说开了。" in practice and "120余件" in practice
    first = page.text.split("“两张清单”工作法", 1)[1].split("老街说事点", 1)[0]
    assert "这项做法的成效" not in first  # no outcome is tied to it
    outcomes = page.text.split("\n成效\n", 1)[1].split("荣誉", 1)[0]
    assert "调解纠纷：120余件" in outcomes and "来自做法：老街说事点" in outcomes
    tied = [h for h in page.links if h.endswith("#practice-2")]
    assert tied, "the outcome links to the practice it came from"


def test_sources_and_contributors_close_the_page(site: Site) -> None:
    page = site.page("cases/test-full/")
    tail = page.text.split("资料来源", 1)[1]
    assert (
        "《测试用虚构报道》，本库测试，测试者，2022-05，原文繁体，https://example.org/report。内容为虚构，仅供测试。"
        in tail
    )
    assert "https://example.org/report" in page.links
    assert "整理：测试者甲、测试者乙" in tail


def write_json_case(root: Path, data: dict[str, object]) -> None:
    folder = root / "cases" / str(data["id"])
    folder.mkdir(parents=True)
    (folder / "case.yml").write_text(json.dumps(data, ensure_ascii=False), "utf-8")


def test_a_draft_with_gaps_still_gets_a_page(scratch_library: Path) -> None:
    """A draft may lack any field (check reports the gaps as notes); the build must not fail on it."""
    write_json_case(
        scratch_library,
        {
            "id": "gappy-draft",
            "name": "空缺社区",
            "scale": {"households": {"unit": "户"}, "population": {"value": 800, "unit": "人"}},
            "challenges": [{"text": "还没选问题标签。"}],
            "honors": [{"name": "尚未写层级的荣誉"}],
            "lessons": [{"text": "还没选主题。"}],
            "sources": [{"title": "待补的报道"}],
            "review": {"status": "draft"},
        },
    )
    lib = load_library(scratch_library)
    assert not lib.errors, [p.format() for p in lib.errors]
    page = site_pages.generate(lib)["cases/gappy-draft.md"]
    assert '!!! warning "草稿"' in page
    assert "| 地点 | — |" in page
    assert "| 人口 | 800人 |" in page and "| 户数 |" not in page  # a figure without a value is no figure
    assert "- 还没选问题标签。" in page and "- 还没选主题。" in page
    assert "| 尚未写层级的荣誉 |  | — |" in page
    assert "- 《待补的报道》" in page
