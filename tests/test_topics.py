"""Topic pages (one per vocabulary term and province, honors, lessons, glossary), checked against
the case files of the small built site that test_tables.py also reads (built once).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from casebook.model.library import load_vocabulary
from casebook.model.vocabulary import Vocabulary
from casebook.pages.topics import province_slug
from casebook.text.chinese import to_simplified
from sitepages import Site, case_files, linked_cases, tags_of

pytestmark = pytest.mark.site

DIRS = {"practices": "practices", "challenges": "challenges", "community_types": "types", "themes": "themes"}


Cases = dict[str, dict[str, Any]]  # case id → its case.yml data (sitepages.case_files)


@pytest.fixture(scope="module")
def lib_data(built: tuple[Path, Site]) -> tuple[Cases, Vocabulary]:
    vocab, problems = load_vocabulary(built[0])
    assert not problems
    return case_files(built[0]), vocab


@pytest.mark.parametrize("category", list(DIRS))
def test_every_term_has_a_page_listing_exactly_its_cases(
    site: Site, lib_data: tuple[Cases, Vocabulary], category: str
) -> None:
    cases, vocab = lib_data
    index = site.page(f"{DIRS[category]}/")
    counts = {row[0].text: int(row[2].text) for row in index.tables[0][1:]}
    for term in vocab.all(category):
        url = f"{DIRS[category]}/{term.id}/"
        page = site.page(url)
        assert page.headings[0] == ("h1", term.label)
        assert term.definition in page.text
        using = {c["id"] for c in cases.values() if term.label in tags_of(c, category)}
        assert linked_cases(site, url) == using, term.label
        assert counts[term.label] == len(using)
        if not using:
            assert "暂无案例" in page.text


def test_practice_page_links_lead_to_each_practice_with_that_tag(
    site: Site, lib_data: tuple[Cases, Vocabulary]
) -> None:
    """Every practice carrying the tag is linked (heading anchor on its case page), and nothing else."""
    cases, vocab = lib_data
    linked_total = 0
    for term in vocab.all("practices"):
        url = f"practices/{term.id}/"
        linked = set()
        for href in site.page(url).links:
            resolved = site.resolve(url, href)
            if resolved and resolved[1].startswith("practice-"):
                linked.add((resolved[0].split("/")[1], resolved[1]))
                assert resolved[1] in site.page(resolved[0]).ids, href
        want = {
            (c["id"], f"practice-{n}")
            for c in cases.values()
            for n, p in enumerate(c["practices"], 1)
            if term.label in p["tags"]
        }
        assert linked == want, term.label
        linked_total += len(linked)
    assert linked_total >= len(cases)  # every case has at least one tagged practice


def test_term_pages_show_variant_names_but_not_traditional_spellings(
    site: Site, lib_data: tuple[Cases, Vocabulary]
) -> None:
    _, vocab = lib_data
    shown = 0
    for category, folder in DIRS.items():
        for term in vocab.all(category):
            text = site.page(f"{folder}/{term.id}/").text
            line = next((x for x in text.splitlines() if x.startswith("又称：")), "")
            shown_line = line.removeprefix("又称：")
            variants: list[str] = []  # each alias in Simplified, once, unless it is the label itself
            for alias in map(to_simplified, term.aliases):
                if alias != term.label and alias not in variants:
                    variants.append(alias)
            # Joined, not split: an alias may itself hold 、 (自治、法治、德治相结合).
            assert shown_line == "、".join(variants), term.label
            assert not any(a in shown_line for a in term.aliases if to_simplified(a) != a), term.label
            shown += bool(shown_line)
    assert shown >= 10  # the vocabulary gives variant names for many terms


def test_region_pages_group_cases_by_province(site: Site, lib_data: tuple[Cases, Vocabulary]) -> None:
    cases, _ = lib_data
    provinces = {c["location"]["province"] for c in cases.values()}
    index = site.page("regions/")
    listed = {row[0].text: int(row[1].text) for row in index.tables[0][1:]}
    assert set(listed) == provinces
    for province in provinces:
        url = f"regions/{province_slug(province)}/"
        here = {c["id"] for c in cases.values() if c["location"]["province"] == province}
        assert linked_cases(site, url) == here
        assert listed[province] == len(here)


def test_shanxi_and_shaanxi_do_not_share_a_page() -> None:
    assert province_slug("山西省") != province_slug("陕西省")
    slugs = {
        province_slug(p) for p in ["北京市", "内蒙古自治区", "广西壮族自治区", "香港特别行政区", "重庆市"]
    }
    assert all(re.fullmatch(r"[a-z]+", s) for s in slugs) and len(slugs) == 5


def pages_of(site: Site, url: str) -> list[str]:
    """A listing's first page and every later page its pager links to."""
    found = [url]
    for href in site.page(url).links:
        target = site.resolve(url, href)
        if target and target[0].startswith(url) and target[0] != url and target[0] not in found:
            found.append(target[0])
    return found


def test_honors_are_grouped_by_level(site: Site, lib_data: tuple[Cases, Vocabulary]) -> None:
    cases, _ = lib_data
    index = site.page("honors/")
    levels = [row[0].text for row in index.tables[0][1:]]
    order = ["国家级", "省级", "市级", "县区级", "街道级"]
    assert levels == [
        lv for lv in order if any(h["level"] == lv for c in cases.values() for h in c.get("honors", []))
    ]
    for row in index.tables[0][1:]:
        level = row[0].text
        url, _ = site.resolve("honors/", row[0].hrefs[0]) or ("", "")
        table = site.page(url).tables[0]
        got = sorted((r[0].text, r[2].hrefs[0].split("/")[-2]) for r in table[1:])
        want = sorted(
            (h["name"] + (f"（{h['recipient']}）" if h.get("recipient") else ""), c["id"])
            for c in cases.values()
            for h in c.get("honors", [])
            if h["level"] == level
        )
        assert got == want, level
        assert int(row[1].text) == len(want)
        years = [int(r[1].text) if r[1].text.isdigit() else 0 for r in table[1:]]
        assert years == sorted(years, reverse=True)  # newest first


def test_lessons_are_grouped_by_theme(site: Site, lib_data: tuple[Cases, Vocabulary]) -> None:
    cases, vocab = lib_data
    for term in vocab.all("themes"):
        text = site.page(f"themes/{term.id}/").text
        for c in cases.values():
            for lesson in c["lessons"]:
                if lesson["theme"] == term.label:
                    assert lesson["text"] in text


def test_glossary_names_every_method_with_its_components_and_case(
    site: Site, lib_data: tuple[Cases, Vocabulary]
) -> None:
    cases, _ = lib_data
    index = site.page("glossary/")
    letters = [site.resolve("glossary/", r[0].hrefs[0]) for r in index.tables[0][1:]]
    rows = [row for target in letters if target for row in site.page(target[0]).tables[0][1:]]
    got = {(row[0].text, row[3].hrefs[0].split("/")[-2]): row for row in rows}
    assert sum(int(r[1].text) for r in index.tables[0][1:]) == len(rows)
    want = {(p["name"], c["id"]): p for c in cases.values() for p in c["practices"]}
    assert set(got) == set(want)
    for key, p in want.items():
        components = got[key][1].text
        assert components == ("、".join(p["components"]) if p.get("components") else "—")
