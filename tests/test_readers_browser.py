"""What a reader sees on a phone, a desktop and paper (issue 16): the compare page with four cases,
the wide tables, a printed case, and a course's page with its downloads.

One build of this repository's Simplified edition (the five founding cases and the sample course),
served over HTTP and read in Debian's Chromium.  Everything is measured on rendered boxes or on
the PDF Chromium prints (page count, text on every page), not on the HTML we wrote.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from browsing import serve_directory
from projects import copy_project
from sitepages import build, case_files, tags_of

pytestmark = [pytest.mark.browser, pytest.mark.site]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# Printable width of an A4 page in CSS pixels (96 per inch) with print.css's margins.
A4_PORTRAIT_PX = (210 - 26) / 25.4 * 96
A4_LANDSCAPE_PX = (297 - 22) / 25.4 * 96


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("readers") / "project")
    build(root, root / "site")
    return root


@pytest.fixture(scope="module")
def base_url(project: Path) -> Iterator[str]:
    with serve_directory(project / "site") as url:
        yield url


@pytest.fixture(scope="module")
def founding(project: Path) -> dict[str, dict[str, Any]]:
    return case_files(project)


@pytest.fixture
def open_page(browser: Any) -> Iterator[Any]:
    contexts: list[Any] = []
    errors: list[str] = []

    def open_(url: str, viewport: dict[str, int] = DESKTOP) -> Any:
        context = browser.new_context(viewport=viewport)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(url)
        page.wait_for_load_state("load")
        return page

    yield open_
    for c in contexts:
        c.close()
    assert not errors, errors


def compare_url(base_url: str, ids: list[str]) -> str:
    return f"{base_url}compare/#c={','.join(ids)}"


def four(founding: dict[str, dict[str, Any]]) -> list[str]:
    """The four cases with the most figures: the hardest to fit on a phone and on paper."""

    def figures(cid: str) -> int:
        data = founding[cid]
        return len(data.get("scale") or {}) + sum(
            len(o.get("figures") or []) for o in data.get("outcomes") or []
        )

    return sorted(founding, key=lambda cid: (-figures(cid), cid))[:4]


def page_width(page: Any) -> int:
    return int(page.evaluate("() => document.documentElement.scrollWidth"))


# --- compare -----------------------------------------------------------------------------------


def test_compare_lines_up_what_the_cases_share(
    open_page: Any, base_url: str, founding: dict[str, dict[str, Any]]
) -> None:
    ids = four(founding)
    page = open_page(compare_url(base_url, ids))
    page.wait_for_selector(".cb-compare__table")
    names = [h.inner_text().strip() for h in page.query_selector_all(".cb-compare__table thead th")][1:]
    assert [n.removesuffix("（草稿）") for n in names] == [founding[i]["name"] for i in ids]
    for category, key in (("challenges", "challenges"), ("practices", "practice_tags"), ("themes", "themes")):
        per_case = [set(tags_of(founding[i], category)) for i in ids]
        everything = set().union(*per_case)
        rows = page.query_selector_all(f'tr[data-field="{key}"][data-item]')
        items = [r.get_attribute("data-item") for r in rows]
        # One row per item, whichever case has it.
        assert sorted(items) == sorted(everything), key
        for row in rows:
            item = row.get_attribute("data-item")
            having = [i for i, tags in zip(ids, per_case, strict=True) if item in tags]
            cells = row.query_selector_all("td")
            marked = [ids[n] for n, td in enumerate(cells) if td.query_selector(".cb-has")]
            assert marked == having, (key, item)
            shared = "cb-shared" in (row.get_attribute("class") or "")
            assert shared == (len(having) > 1), (key, item)
            if shared:
                assert f"{len(having)}" in row.query_selector("th").inner_text() or len(having) == len(ids)
            # The row's cells sit on one line: label and values side by side.
            tops = [c.bounding_box()["y"] for c in row.query_selector_all("th, td")]
            assert max(tops) - min(tops) < 1
        # Shared items come first.
        flags = ["cb-shared" in (r.get_attribute("class") or "") for r in rows]
        assert flags == sorted(flags, reverse=True), key


def test_compare_header_stays_in_view_on_desktop(
    open_page: Any, base_url: str, founding: dict[str, dict[str, Any]]
) -> None:
    page = open_page(compare_url(base_url, four(founding)))
    page.wait_for_selector(".cb-compare__table")
    assert page_width(page) <= DESKTOP["width"]
    page.evaluate("() => window.scrollTo(0, document.querySelector('.cb-compare__table').offsetTop + 1500)")
    page.wait_for_timeout(200)
    head = page.query_selector(".cb-compare__table thead th:nth-child(2)").bounding_box()
    site_header = page.query_selector(".md-header").bounding_box()
    # Stuck just under the site's header, not scrolled away.
    assert 0 <= head["y"] <= site_header["y"] + site_header["height"] + 2, head


def test_compare_of_four_cases_reads_on_a_phone(
    open_page: Any, base_url: str, founding: dict[str, dict[str, Any]], tmp_path: Path
) -> None:
    page = open_page(compare_url(base_url, four(founding)), PHONE)
    page.wait_for_selector(".cb-compare__table")
    assert page_width(page) <= PHONE["width"], "the page scrolls sideways"
    box = page.query_selector(".cb-compare__scroll")
    assert "cb-compare__scroll--box" in (box.get_attribute("class") or "")
    # Columns wide enough to read: at least 6 characters a line in every case column.
    font = float(
        page.evaluate(
            "() => parseFloat(getComputedStyle(document.querySelector('.cb-compare__table td')).fontSize)"
        )
    )
    for th in page.query_selector_all(".cb-compare__table thead th")[1:]:
        assert th.bounding_box()["width"] >= 6 * font
    # Scrolled down and sideways inside its box, the names and the row labels stay in view.
    page.evaluate(
        "() => { const b = document.querySelector('.cb-compare__scroll'); b.scrollIntoView(); window.scrollBy(0, -60); }"
    )
    frame = box.bounding_box()
    label_before = page.query_selector('tr[data-field="challenges"][data-item] th').bounding_box()
    page.evaluate(
        "() => { const b = document.querySelector('.cb-compare__scroll'); b.scrollTop = 900; b.scrollLeft = 200; }"
    )
    page.wait_for_timeout(200)
    head = page.query_selector(".cb-compare__table thead th:nth-child(3)").bounding_box()
    assert abs(head["y"] - frame["y"]) < 3, (head, frame)
    label_after = page.query_selector('tr[data-field="challenges"][data-item] th').bounding_box()
    assert abs(label_after["x"] - label_before["x"]) < 2
    page.screenshot(path=str(tmp_path / "compare-phone.png"))


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_no_figure_breaks_across_lines_in_compare(
    open_page: Any, base_url: str, founding: dict[str, dict[str, Any]], viewport: dict[str, int]
) -> None:
    page = open_page(compare_url(base_url, four(founding)), viewport)
    page.wait_for_selector(".cb-compare__table")
    lines = page.evaluate(
        "() => [...document.querySelectorAll('.cb-compare__table .cb-fig')]"
        ".map(e => [e.textContent, e.getClientRects().length])"
    )
    assert len(lines) >= 20  # population, households, outcome figures…
    assert any(re.fullmatch(r"\d{4,}\D*", text) for text, _ in lines)
    assert [t for t, n in lines if n != 1] == []


# --- every page on a phone -----------------------------------------------------------------------


@pytest.mark.parametrize("url", ["cases/xiaogan-wenhualu/", "tables/", "tables/practices/", "courses/"])
def test_no_page_scrolls_sideways_on_a_phone(open_page: Any, base_url: str, url: str) -> None:
    page = open_page(base_url + url, PHONE)
    assert page_width(page) <= PHONE["width"]


# --- wide tables ---------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["tables/", "tables/practices/"])
def test_a_wide_table_keeps_its_first_column_and_says_it_scrolls(
    open_page: Any, base_url: str, url: str
) -> None:
    page = open_page(base_url + url, PHONE)
    hint = page.query_selector(".cb-wide .cb-scroll-hint")
    assert hint is not None and hint.is_visible()
    assert re.search(r"共 \d+ 列", hint.inner_text())
    first = page.query_selector(".cb-wide tbody tr td:first-child")
    before = first.bounding_box()
    page.evaluate("() => { document.querySelector('.cb-wide .md-typeset__scrollwrap').scrollLeft = 250; }")
    page.wait_for_timeout(150)
    after = first.bounding_box()
    # Still whole on screen, held at the scroll box's left edge.
    frame = page.query_selector(".cb-wide .md-typeset__scrollwrap").bounding_box()
    assert frame["x"] - 1 <= after["x"] <= before["x"], "the community names scrolled away"
    second = page.query_selector(".cb-wide tbody tr td:nth-child(3)").bounding_box()
    assert second["x"] < before["x"] + 400  # the rest of the row did scroll


@pytest.mark.parametrize("url", ["tables/", "tables/practices/", "compare/"])
def test_no_empty_sidebar_beside_a_cut_off_table(open_page: Any, base_url: str, url: str) -> None:
    page = open_page(base_url + url, DESKTOP)
    toc = page.query_selector(".md-sidebar--secondary")
    assert toc is None or not toc.is_visible()
    for wrap in page.query_selector_all(".md-content .md-typeset__scrollwrap"):
        clipped = wrap.evaluate("w => w.scrollWidth > w.clientWidth + 1")
        hint = wrap.evaluate(
            "w => { const h = w.parentNode.querySelector('.cb-scroll-hint'); return !!h && !h.hidden; }"
        )
        assert not clipped or hint


# --- print ----------------------------------------------------------------------------------------


def pdf_pages(page: Any, folded: bool = True) -> list[str]:
    from pypdf import PdfReader

    page.emulate_media(media="print")
    data = page.pdf(format="A4", prefer_css_page_size=True, print_background=True)
    texts = [p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages]
    return [fold(t) for t in texts] if folded else texts


# The CJK fonts' character maps give some characters back as radicals (⽐ for 比, ⺠ for 民) or as a
# look-alike (戶 for 户) in the PDF's text; texts are compared after folding both sides.
RADICALS = str.maketrans("⺠⻔⻚⻬戶⻓⻋⻅⻆⻜⻢⻛⻥⻩⻮⻰⻳⻝⻉", "民门页齐户长车见角飞马风鱼黄齿龙龟食贝")


def fold(text: str) -> str:
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", text).translate(RADICALS))


def assert_no_blank_page(pages: list[str]) -> None:
    blank = [n + 1 for n, text in enumerate(pages) if len(fold(text)) < 20]
    assert not blank, f"blank printed pages: {blank} of {len(pages)}"


def columns_on_paper(page: Any) -> list[str]:
    """Headers of table columns that would not be on the paper: laid out at the printable width
    of the page's orientation, each header cell must lie inside it and show all its text."""
    page.emulate_media(media="print")
    wide = page.evaluate("() => document.body.classList.contains('cb-print-wide')")
    width = A4_LANDSCAPE_PX if wide else A4_PORTRAIT_PX
    page.set_viewport_size({"width": int(width), "height": 1200})
    page.wait_for_timeout(200)
    return page.evaluate(
        """w => [...document.querySelectorAll('.md-content table th')].filter(th => {
            const r = th.getBoundingClientRect();
            return r.width < 4 || r.right > w + 1 || r.left < -1 || th.scrollWidth > th.clientWidth + 1
              || th.scrollHeight > th.clientHeight + 1;
        }).map(th => th.textContent.trim())""",
        width,
    )


@pytest.mark.parametrize("url", ["tables/", "tables/practices/"])
def test_every_column_of_a_wide_table_prints(open_page: Any, base_url: str, url: str) -> None:
    page = open_page(base_url + url, DESKTOP)
    marks_on_screen = page.evaluate(
        "() => document.querySelector('.md-content').innerText.split('✓').length - 1"
    )
    heads = [h.inner_text().strip(" ↕↑↓") for h in page.query_selector_all(".md-content table thead th")]
    assert len(heads) >= 9
    assert columns_on_paper(page) == []
    pages = pdf_pages(page)
    assert_no_blank_page(pages)
    text = "".join(pages)
    if url == "tables/":
        for head in heads:
            assert fold(head) in text, head
        last = [td.inner_text() for td in page.query_selector_all(".md-content table tbody td:last-child")]
        assert all(fold(v) in text for v in last), last
    else:
        # Every ✓ of the matrix is on paper.
        assert text.count("✓") == marks_on_screen > 0


def test_compare_of_four_cases_prints_on_few_landscape_pages(
    open_page: Any, base_url: str, founding: dict[str, dict[str, Any]]
) -> None:
    page = open_page(compare_url(base_url, four(founding)), DESKTOP)
    page.wait_for_selector(".cb-compare__table")
    assert columns_on_paper(page) == []
    pages = pdf_pages(page)
    assert_no_blank_page(pages)
    assert len(pages) <= 4, len(pages)
    flat = "".join(pages)
    for cid in four(founding):
        assert fold(founding[cid]["name"]) in flat


def longest_case(project: Path) -> str:
    pages = {
        p.parent.name: len(p.read_text("utf-8")) for p in (project / "site" / "cases").glob("*/index.html")
    }
    return max(pages, key=lambda k: pages[k])


def test_a_printed_case_fits_six_pages_and_says_how_to_cite_it(
    open_page: Any, base_url: str, project: Path, founding: dict[str, dict[str, Any]]
) -> None:
    cid = longest_case(project)
    page = open_page(f"{base_url}cases/{cid}/", DESKTOP)
    headings = [h.inner_text().strip() for h in page.query_selector_all(".md-content h2, .md-content h3")]
    raw = pdf_pages(page, folded=False)
    pages = [fold(p) for p in raw]
    assert len(pages) <= 6, len(pages)
    assert_no_blank_page(pages)
    flat = pages
    # The citation: site, case, address, build date.
    cite = flat[-1]
    assert fold("引用本页：社区治理案例库《" + founding[cid]["name"] + "》") in cite
    assert f"/cases/{cid}/" in cite and re.search(fold(r"\d{4}-\d{2}-\d{2}构建"), cite)
    # No heading is the last thing on a page.
    for n, text in enumerate(raw[:-1]):
        lines = [fold(line) for line in text.splitlines() if line.strip()]
        assert lines and lines[-1] not in {fold(h) for h in headings}, f"page {n + 1} ends with {lines[-1]}"
    # The questions are on one page.
    questions = [fold(q) for q in founding[cid]["questions"]]
    assert any(all(q[:12] in p for q in questions) for p in flat), "思考题 split across pages"


# --- courses --------------------------------------------------------------------------------------


def test_a_trainer_reaches_a_course_pack_in_three_clicks(
    open_page: Any, base_url: str, project: Path, tmp_path: Path
) -> None:
    course_file = sorted((project / "courses").glob("*.yml"))[0]
    course = course_file.stem
    sessions_in_file = len(YAML(typ="safe", pure=True).load(course_file.read_text("utf-8"))["sessions"])
    page = open_page(base_url, DESKTOP)
    page.click(".md-tabs a:text-is('课程')")  # 1
    page.wait_for_load_state("load")
    assert page.query_selector("h1").inner_text() == "培训课程"
    page.click(f".md-content a[href^='{course}/']:not([href$='.zip']):not([href$='.html'])")  # 2
    page.wait_for_load_state("load")
    sessions = page.query_selector_all(".md-content h2")
    titles = [h.inner_text() for h in sessions]
    assert sum(1 for t in titles if re.match(r"第.+讲", t)) == sessions_in_file, titles
    assert "讨论题" in page.inner_text(".md-content")
    with page.expect_download() as download:  # 3
        page.click(".md-content a[href$='.zip']")
    saved = tmp_path / "pack.zip"
    download.value.save_as(saved)
    with zipfile.ZipFile(saved) as z:
        names = z.namelist()
        assert f"{course}/index.html" in names and f"{course}/.casebook-pack.json" in names
        assert any(n.startswith(f"{course}/cases/") for n in names)
    # The handout opens and holds every session.
    href = page.get_attribute(".md-content a[href$='handout.html']", "href")
    handout = open_page(page.url.rsplit("/", 1)[0] + "/" + href)
    assert len(handout.query_selector_all("section.session")) == sessions_in_file
