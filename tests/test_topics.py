"""Topic pages (one per vocabulary term and province, honors, lessons, glossary) and similar cases,
checked against the case data in the built site that test_tables.py also reads (built once).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from casebook.model.library import Case, load_library
from casebook.model.vocabulary import Vocabulary
from casebook.pages.topics import province_slug
from sitepages import Site, small_site

DIRS = {"practices": "practices", "challenges": "challenges", "community_types": "types", "themes": "themes"}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Site]:
    return small_site(tmp_path_factory)


@pytest.fixture(scope="module")
def site(built: tuple[Path, Site]) -> Site:
    return built[1]


@pytest.fixture(scope="module")
def lib_data(built: tuple[Path, Site]) -> tuple[dict[str, Case], Vocabulary]:
    lib = load_library(built[0])
    assert not lib.errors
    return {c.id: c for c in lib.cases}, lib.vocab


def linked_cases(site: Site, url: str) -> set[str]:
    out = set()
    for href in site.page(url).links:
        resolved = site.resolve(url, href)
        if resolved and resolved[0].startswith("cases/") and resolved[0] != "cases/":
            out.add(resolved[0].split("/")[1])
    return out


@pytest.mark.parametrize("category", list(DIRS))
def test_every_term_has_a_page_listing_exactly_its_cases(
    site: Site, lib_data: tuple[dict[str, Case], Vocabulary], category: str
) -> None:
    cases, vocab = lib_data
    index = site.page(f"{DIRS[category]}/")
    counts = {row[0].text: int(row[2].text) for row in index.tables[0][1:]}
    for term in vocab.all(category):
        url = f"{DIRS[category]}/{term.id}/"
        page = site.page(url)
        assert page.headings[0] == ("h1", term.label)
        assert term.definition in page.text
        using = {c.id for c in cases.values() if term.label in c.tags(category)}
        assert linked_cases(site, url) == using, term.label
        assert counts[term.label] == len(using)
        if not using:
            assert "暂无案例" in page.text


def test_practice_page_links_lead_to_practices_with_that_tag(
    site: Site, lib_data: tuple[dict[str, Case], Vocabulary]
) -> None:
    cases, vocab = lib_data
    for term in vocab.all("practices"):
        url = f"practices/{term.id}/"
        for href in site.page(url).links:
            resolved = site.resolve(url, href)
            if not resolved or not resolved[1].startswith("practice-"):
                continue
            case = cases[resolved[0].split("/")[1]]
            n = int(resolved[1].removeprefix("practice-"))
            assert term.label in case.data["practices"][n - 1]["tags"]


def test_region_pages_group_cases_by_province(
    site: Site, lib_data: tuple[dict[str, Case], Vocabulary]
) -> None:
    cases, _ = lib_data
    provinces = {c.data["location"]["province"] for c in cases.values()}
    index = site.page("regions/")
    listed = {row[0].text: int(row[1].text) for row in index.tables[0][1:]}
    assert set(listed) == provinces
    for province in provinces:
        url = f"regions/{province_slug(province)}/"
        here = {c.id for c in cases.values() if c.data["location"]["province"] == province}
        assert linked_cases(site, url) == here
        assert listed[province] == len(here)


def test_shanxi_and_shaanxi_do_not_share_a_page() -> None:
    assert province_slug("山西省") != province_slug("陕西省")
    slugs = {
        province_slug(p) for p in ["北京市", "内蒙古自治区", "广西壮族自治区", "香港特别行政区", "重庆市"]
    }
    assert all(re.fullmatch(r"[a-z]+", s) for s in slugs) and len(slugs) == 5


def test_honors_are_grouped_by_level(site: Site, lib_data: tuple[dict[str, Case], Vocabulary]) -> None:
    cases, _ = lib_data
    page = site.page("honors/")
    levels = [text.split("（")[0] for tag, text in page.headings if tag == "h2"]
    order = ["国家级", "省级", "市级", "县区级", "街道级"]
    assert levels == [
        lv for lv in order if any(h["level"] == lv for c in cases.values() for h in c.data.get("honors", []))
    ]
    for level, table in zip(levels, page.tables, strict=True):
        got = sorted((row[0].text, row[2].hrefs[0].split("/")[-2]) for row in table[1:])
        want = sorted(
            (h["name"], c.id) for c in cases.values() for h in c.data.get("honors", []) if h["level"] == level
        )
        assert got == want, level


def test_lessons_are_grouped_by_theme(site: Site, lib_data: tuple[dict[str, Case], Vocabulary]) -> None:
    cases, vocab = lib_data
    for term in vocab.all("themes"):
        text = site.page(f"themes/{term.id}/").text
        for c in cases.values():
            for lesson in c.data["lessons"]:
                if lesson["theme"] == term.label:
                    assert lesson["text"] in text


def test_glossary_names_every_method_with_its_components_and_case(
    site: Site, lib_data: tuple[dict[str, Case], Vocabulary]
) -> None:
    cases, _ = lib_data
    rows = [row for table in site.page("glossary/").tables for row in table[1:]]
    got = {(row[0].text, row[3].hrefs[0].split("/")[-2]): row for row in rows}
    want = {(p["name"], c.id): p for c in cases.values() for p in c.data["practices"]}
    assert set(got) == set(want)
    for key, p in want.items():
        components = got[key][1].text
        assert components == ("、".join(p["components"]) if p.get("components") else "—")


def test_every_case_page_shows_three_similar_cases_with_true_reasons(
    site: Site, lib_data: tuple[dict[str, Case], Vocabulary]
) -> None:
    cases, _ = lib_data
    for case_id, case in cases.items():
        page = site.page(f"cases/{case_id}/")
        assert ("h2", "相似案例") in page.headings
        section = page.text.split("相似案例", 1)[1].split("资料来源", 1)[0]
        others = [x for x in linked_cases(site, f"cases/{case_id}/") if x != case_id]
        assert len(others) >= 3
        for line in filter(None, section.split("\n")):
            m = re.search(r"共同做法：([^；]+)", line)
            if not m:
                continue
            name = line.split("（")[0].strip()
            other = next(c for c in cases.values() if c.name == name)
            for tag in m.group(1).strip().split("、"):
                assert tag in case.tags("practices") and tag in other.tags("practices"), (case_id, tag)


def test_a_case_with_the_same_tags_ranks_first(site: Site) -> None:
    page = site.page("cases/test-shaanxi/")
    section = page.text.split("相似案例", 1)[1]
    first = section.strip().split("\n")[0]
    assert first.startswith("缺数社区"), first
    assert "共同做法：居民议事协商、红色物业、志愿服务" in first
