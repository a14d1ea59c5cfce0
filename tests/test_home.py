"""The home page and the 地区 page of the built repository site (both editions), as a reader
arriving there meets them: counts of the build, featured and latest cases, the problem links that
lead to practices and effects, a tile map whose provinces link to their pages, developer pages in
a 贡献 section, and readable section anchors that are the same in both editions.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from casebook.model.library import Library, load_library
from casebook.pages import home
from casebook.pages.anchors import slugify
from sitepages import ROOT, Site

pytestmark = pytest.mark.site


@pytest.fixture(scope="module")
def lib() -> Library:
    return load_library(ROOT)


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Site]:
    out = tmp_path_factory.mktemp("home") / "site"
    result = subprocess.run(
        [sys.executable, "-m", "casebook.cli", "build", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return {"hans": Site(out), "hant": Site(out / "zh-hant")}


def test_home_counts_cases_provinces_and_practices_of_this_build(
    sites: dict[str, Site], lib: Library
) -> None:
    text = sites["hans"].page("").text
    provinces = {c.location.province for c in lib.cases}
    named = sum(len(c.practices) for c in lib.cases)
    assert f"本库现有 {len(lib.cases)} 个案例，来自 {len(provinces)} 个省级行政区" in text
    assert f"{named} 项有名称的工作法" in text
    assert "推荐案例" in text
    latest = text.split("最新的案例", 1)[1].split("按问题找做法和成效", 1)[0]
    years = [int(y) for y in re.findall(r"资料至 (\d{4}) 年", latest)]
    assert years and years == sorted(years, reverse=True)


def test_home_reaches_a_problems_practices_and_effects_in_one_click(
    sites: dict[str, Site], lib: Library
) -> None:
    """Researcher: home → the problem (1 click) → its page lists each practice with cases and effects."""
    site = sites["hans"]
    page = site.page("")
    targets = [site.resolve("", h) for h in page.links]
    problem_pages = {
        t[0] for t in targets if t and t[0].startswith("tables/challenges/") and t[0] != "tables/challenges/"
    }
    used = {t for c in lib.cases for t in c.challenge_tags}
    assert len(problem_pages) == len(used)
    effects = site.page(sorted(problem_pages)[0])
    assert any("成效" in c.text for c in effects.tables[0][0])


def test_the_tile_map_links_every_province_with_cases_and_draws_no_outline(
    sites: dict[str, Site], lib: Library
) -> None:
    counts: dict[str, int] = {}
    for c in lib.cases:
        counts[c.location.province] = counts.get(c.location.province, 0) + 1
    for name, site in sites.items():
        for url in ("", "regions/"):
            html = site.file(url).read_text("utf-8")
            block = re.search(r'<div[^>]*class="cb-tilemap"[^>]*>(.*?)</div>', html, re.S)
            assert block, (name, url)
            tiles = block.group(1)
            assert "<svg" not in tiles and "<path" not in tiles  # squares only, no outline
            assert len(re.findall(r'class="cb-tile', tiles)) == len(home.TILES) == 34
            links = re.findall(r'<a class="cb-tile[^"]*" href="([^"]+)"', tiles)
            assert len(links) == len(counts)
            for href in links:
                target = site.resolve(url, href)
                assert target and target[0].startswith("regions/") and site.file(target[0]).exists(), href
            labels = re.findall(r'class="cb-n">(\d+)<', tiles)
            assert sorted(map(int, labels)) == sorted(counts.values())


def test_developer_pages_sit_in_a_contributing_section(sites: dict[str, Site]) -> None:
    html = sites["hans"].file("").read_text("utf-8")
    tabs = [t.strip() for t in re.findall(r'class="md-tabs__link"[^>]*>([^<]+)<', html)]
    assert "贡献" in tabs and "关于" not in tabs
    contrib = html.split("贡献", 1)[1]
    for page in ("performance/", "contributing/import/"):
        assert page in contrib


def test_case_sections_have_readable_anchors_the_same_in_both_editions(sites: dict[str, Site]) -> None:
    ids = {name: site.page("cases/nanyang-yungang/").ids for name, site in sites.items()}
    for section in ("思考题", "资料来源", "经验与启示", "主要做法"):
        anchor = slugify(section)
        assert re.fullmatch(r"[a-z0-9]+", anchor)
        assert anchor in ids["hans"] and anchor in ids["hant"], section
    assert not [i for i in ids["hans"] if re.fullmatch(r"_\d+", i)]
    assert slugify("思考題") == slugify("思考题") == "sikaoti"


def test_data_page_is_for_readers(sites: dict[str, Site]) -> None:
    text = sites["hans"].page("data/").text
    assert "```" not in text and "--format" not in text
