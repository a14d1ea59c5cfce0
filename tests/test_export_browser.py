"""The exported course pack in real Chromium, opened from file:// with the network cut off.

Every request that is not for a file is blocked and recorded, as in a classroom without network:
there must be none.  Then the search box must find the right case, every link of every page must
land on a file inside the pack, and all of that again after the folder is moved somewhere else.
The handout is printed with `page.pdf()` after checking that no table is wider than the paper.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from browsing import CHROMIUM
from casebook.model.course import load_course
from casebook.model.library import Case, load_library
from casebook.pack import export
from casebook.text.chinese import to_traditional

pytestmark = [pytest.mark.browser, pytest.mark.site]

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = "community-governance-basics"
# A4 minus the handout's @page margins (16 mm each side), in CSS pixels (96 per inch).
A4_CONTENT_WIDTH_PX = (210 - 2 * 16) / 25.4 * 96


def course_cases() -> list[Case]:
    lib = load_library(ROOT)
    course = load_course(ROOT / "courses" / f"{SAMPLE}.yml", ROOT, lib)[0]
    assert course is not None
    return [c for c in (lib.get(cid) for cid in course.case_ids) if c is not None]


@pytest.fixture(scope="module", params=["exported", "moved"])
def pack(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample pack where it was exported, or moved (and renamed) to another folder afterwards."""
    base = tmp_path_factory.mktemp(request.param)
    out = base / "课程包"
    export.export_course(SAMPLE, out, root=ROOT)
    if request.param == "exported":
        return out
    elsewhere = base / "别处" / "更深一层" / "改名的课程包"
    elsewhere.parent.mkdir(parents=True)
    shutil.move(str(out), str(elsewhere))
    assert not out.exists()
    return elsewhere


class Offline:
    """A page whose non-file requests are aborted and remembered."""

    def __init__(self, browser: Any, **context: Any) -> None:
        self.context = browser.new_context(**context)
        self.page = self.context.new_page()
        self.page.set_default_timeout(15_000)
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self.page.route("**/*", self._route)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _route(self, route: Any) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def offline(browser: Any) -> Iterator[Offline]:
    o = Offline(browser)
    yield o
    o.close()


LINKS_JS = """() => [
  ...Array.from(document.querySelectorAll('a[href]'), e => ['a', e.href]),
  ...Array.from(document.querySelectorAll('link[href]'), e => ['link', e.href]),
  ...Array.from(document.querySelectorAll('script[src]'), e => ['script', e.src]),
  ...Array.from(document.querySelectorAll('img[src]'), e => ['img', e.src]),
]"""


def test_every_page_loads_offline_and_every_link_resolves_in_the_pack(pack: Path, offline: Offline) -> None:
    citations = {s["url"] for c in course_cases() for s in c.data.get("sources", []) if s.get("url")}
    pages = sorted(pack.rglob("*.html"))
    assert len(pages) >= 10
    broken, external = [], []
    for page_file in pages:
        offline.page.goto(page_file.as_uri())
        offline.page.wait_for_load_state("load")
        for tag, url in offline.page.evaluate(LINKS_JS):
            parts = urlsplit(url)
            if parts.scheme == "file":
                target = Path(unquote(parts.path))
                if not target.is_file() or not target.resolve().is_relative_to(pack.resolve()):
                    broken.append(f"{page_file.relative_to(pack)} → {url}")
            elif tag == "a" and url in citations:
                continue  # a source's address, printed as its citation; nothing loads it
            else:
                external.append(f"{page_file.relative_to(pack)}: <{tag}> {url}")
    assert offline.blocked == []
    assert broken == []
    assert external == []
    assert offline.errors == []


def search(offline: Offline, pack: Path, query: str) -> list[str]:
    """Type a query into the search box of the course home; the result links, best first."""
    page = offline.page
    page.goto((pack / "index.html").as_uri())
    box = page.locator("input.md-search__input")
    box.wait_for(state="visible")  # the search box renders (at desktop width it sits in the header)
    box.click()
    page.keyboard.type(query)
    page.keyboard.press("End")  # Chinese typed this way sends no keyup; Material waits for one
    page.wait_for_selector(".md-search-result__meta")
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length > 0")
    return [str(a.get_attribute("href")) for a in page.locator(".md-search-result__link").all()]


def first_case(links: list[str]) -> str | None:
    for link in links:
        m = re.search(r"cases/([a-z0-9-]+)\.html", link)
        if m and m.group(1) != "index":
            return m.group(1)
    return None


def queries() -> list[tuple[str, str]]:
    """(query, expected case id): each case's name and city, kept only where exactly one case has it."""
    cases = course_cases()
    out = []
    for c in cases:
        for q in (c.name, c.data["location"]["city"]):
            owners = [o.id for o in cases if q in (o.name, o.data["location"]["city"])]
            if owners == [c.id]:
                out.append((q, c.id))
    return out


def test_search_box_finds_the_expected_case(pack: Path, offline: Offline) -> None:
    asked = queries()
    assert len(asked) >= 5
    found = {q: first_case(search(offline, pack, q)) for q, _ in asked}
    assert found == dict(asked)
    assert offline.blocked == []
    assert offline.errors == []


def test_session_page_opens_the_compare_view_with_its_cases(pack: Path, offline: Offline) -> None:
    course = load_course(ROOT / "courses" / f"{SAMPLE}.yml", ROOT, load_library(ROOT))[0]
    assert course is not None
    names = {c.id: c.name for c in course_cases()}
    session = next(s for s in course.sessions if 2 <= len(s.cases) <= export.COMPARE_MAX)
    page = offline.page
    page.goto((pack / "sessions" / f"{session.number}.html").as_uri())
    link = page.locator("a[href*='compare/index.html#c=']")
    if not (pack / "compare" / "index.html").exists():
        pytest.skip("the site generator makes no compare page yet")
    link.click()
    page.wait_for_function(
        "names => { const a = document.querySelector('article'); return !!a && names.every(n => a.innerText.includes(n)); }",
        arg=[names[c] for c in session.cases],
    )
    shown = page.locator("article table").first.inner_text()
    for cid in session.cases:
        assert names[cid] in shown
    others = [names[c] for c in names if c not in session.cases]
    assert not [n for n in others if n in shown]
    assert offline.blocked == [] and offline.errors == []


def test_a_query_in_traditional_script_finds_the_case_in_the_simplified_pack(
    pack: Path, offline: Offline
) -> None:
    asked = [(to_traditional(c.name), c.id) for c in course_cases() if to_traditional(c.name) != c.name]
    assert asked
    found = {q: first_case(search(offline, pack, q)) for q, _ in asked}
    assert found == dict(asked)
    assert offline.blocked == []


@pytest.fixture(scope="module")
def hant_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("hant") / "pack"
    export.export_course(SAMPLE, out, root=ROOT, script="hant")
    return out


def test_traditional_pack_searches_in_traditional(hant_pack: Path, offline: Offline) -> None:
    cases = course_cases()
    asked = [(to_traditional(c.name), c.id) for c in cases]
    assert any(q != c.name for (q, _), c in zip(asked, cases, strict=True))
    found = {q: first_case(search(offline, hant_pack, q)) for q, _ in asked}
    assert found == dict(asked)
    assert offline.page.locator("html").get_attribute("lang") == "zh-Hant"
    assert offline.blocked == []


def test_handout_shows_everything_and_prints_without_cut_off_tables(
    browser: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    out = tmp_path_factory.mktemp("handout") / "pack"
    # --pdf drives its own Chromium through Playwright, which cannot nest in this test's session.
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "casebook.cli",
            "export",
            SAMPLE,
            "--out",
            str(out),
            "--pdf",
            "--root",
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "CASEBOOK_CHROMIUM": CHROMIUM},
    )
    assert done.returncode == 0, done.stderr
    exported_pdf = (out / "handout.pdf").read_bytes()
    assert exported_pdf.startswith(b"%PDF")
    manifest = load_course(ROOT / "courses" / f"{SAMPLE}.yml", ROOT, load_library(ROOT))[0]
    assert manifest is not None
    o = Offline(browser, viewport={"width": int(A4_CONTENT_WIDTH_PX), "height": 1000})
    try:
        page = o.page
        page.emulate_media(media="print")
        page.goto((out / export.HANDOUT).as_uri())
        text = page.inner_text("body")
        for s in manifest.sessions:
            assert s.title in text
            for q in s.questions:
                assert q in text
        for c in course_cases():
            assert c.name in text
            assert page.locator(f"#case-{c.id}").is_visible()
        widths = page.evaluate(
            """() => Array.from(document.querySelectorAll('table'), t => ({
                 right: t.getBoundingClientRect().right, scroll: t.scrollWidth, client: t.clientWidth,
                 cells: Array.from(t.querySelectorAll('th, td'))
                   .filter(c => c.scrollWidth > c.clientWidth + 1).length,
               }))"""
        )
        assert len(widths) >= len(course_cases())
        body_right = page.evaluate("() => document.body.getBoundingClientRect().right")
        assert body_right <= A4_CONTENT_WIDTH_PX + 1
        for i, w in enumerate(widths):
            assert w["right"] <= body_right + 1, f"表格 {i + 1} 超出版心"
            assert w["scroll"] <= w["client"] + 1, f"表格 {i + 1} 内容被截断"
            assert w["cells"] == 0, f"表格 {i + 1} 有单元格内容溢出"
        pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
        assert o.blocked == []
    finally:
        o.close()
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert len(re.findall(rb"/Type\s*/Page[^s]", exported_pdf)) == pages
    # Cover, contents, course notes, one page per session and at least one per case.
    assert pages >= 3 + len(manifest.sessions) + len(course_cases())
    pdf_file = out.parent / "handout.pdf"
    pdf_file.write_bytes(pdf)
    print(f"\nhandout: {pages} A4 pages, {len(pdf) / 1e6:.2f} MB PDF")
    if shutil.which("pdftotext"):
        printed = subprocess.run(["pdftotext", str(pdf_file), "-"], capture_output=True, text=True).stdout
        squeezed = re.sub(r"\s+", "", printed)
        for c in course_cases():
            assert c.name in squeezed
