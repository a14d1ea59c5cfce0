"""The page pipeline's steps (casebook.pipeline.steps) as the site and every course pack apply them.

Most tests call the steps directly on page data; the ones marked `site` build a site or a pack to
show that a refusal (a page that would load something from the network) stops the build with a
message naming the page and the URL, and writes nothing.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

import casefactory as cf
from casebook.model import library
from casebook.pack import HANDOUT, export, pages
from casebook.pack.handout import render_handout
from casebook.pipeline import editions, remote, source, steps
from casebook.pipeline import search as searchdict
from casebook.validate.case import validate_case
from projects import copy_project
from xss_vectors import MD, VECTORS

# --- what a page would fetch by itself ------------------------------------------------------------

LOADS = [
    ('<img src="https://example.org/a.png" alt="照片">', "https://example.org/a.png"),
    ('<IMG SRC="//cdn.example.org/a.png">', "//cdn.example.org/a.png"),
    ('<img src="&#104;ttps://example.org/hidden.png">', "https://example.org/hidden.png"),
    ('<img src="https:example.org/noslash.png">', "https:example.org/noslash.png"),
    ('<script src="https://example.org/x.js"></script>', "https://example.org/x.js"),
    ('<link rel="stylesheet" href="https://fonts.example.org/css">', "https://fonts.example.org/css"),
    ('<link href="//example.org/icon.png" rel="shortcut icon">', "//example.org/icon.png"),
    ('<link rel="preconnect" href="https://fonts.example.org">', "https://fonts.example.org"),
    ('<iframe src="https://example.org/map"></iframe>', "https://example.org/map"),
    ('<video poster="https://example.org/p.jpg"></video>', "https://example.org/p.jpg"),
    ('<img src="a.png" srcset="a.png 1x, https://example.org/a2.png 2x">', "https://example.org/a2.png"),
    ('<svg><image href="https://example.org/i.svg"/></svg>', "https://example.org/i.svg"),
    ('<div style="background: url(https://example.org/bg.png)">', "https://example.org/bg.png"),
    ("<style>@import 'https://example.org/s.css';</style>", "https://example.org/s.css"),
    ('<style>p { background: url("//example.org/p.png") }</style>', "//example.org/p.png"),
    ('<object data="https://example.org/o.swf"></object>', "https://example.org/o.swf"),
]

NOT_LOADS = [
    '<a href="https://example.org/source">资料来源</a>',  # a link the reader may follow
    '<link rel="canonical" href="https://example.org/page/">',
    '<img src="../assets/photo.png" alt="本地图片">',
    '<link rel="stylesheet" href="assets/stylesheets/main.css">',
    '<script>var note = "<img src=https://example.org/in-a-string.png>";</script>',
    "<!-- <img src=https://example.org/commented-out.png> -->",
    "<p>网址 https://example.org/ 写在正文里</p>",
    '<td style="text-align: left">左对齐</td>',
]


@pytest.mark.parametrize(("markup", "url"), LOADS, ids=[u for _, u in LOADS])
def test_a_resource_the_page_would_fetch_is_found(markup: str, url: str) -> None:
    assert remote.html_loads(f"<html><body>{markup}</body></html>") == [url]


@pytest.mark.parametrize("markup", NOT_LOADS)
def test_links_local_files_and_text_are_not_loads(markup: str) -> None:
    assert remote.html_loads(markup) == []


def test_style_sheets_are_checked_for_imports_and_urls() -> None:
    css = "/* url(https://example.org/in-a-comment.png) */ a { background: url('img/ok.png') }"
    assert remote.css_loads(css) == []
    assert remote.css_loads("@import url(https://example.org/font.css);") == ["https://example.org/font.css"]


def test_remote_resources_names_the_file_and_url(tmp_path: Path) -> None:
    (tmp_path / "cases").mkdir()
    (tmp_path / "cases" / "a.html").write_text('<img src="https://example.org/a.png">', "utf-8")
    (tmp_path / "ok.html").write_text('<a href="https://example.org/">链接</a>', "utf-8")
    (tmp_path / "style.css").write_text("body { background: url(//example.org/b.png) }", "utf-8")
    found = remote.remote_resources(tmp_path)
    assert found == [("cases/a.html", "https://example.org/a.png"), ("style.css", "//example.org/b.png")]
    with pytest.raises(steps.PipelineError, match=r"cases/a\.html: https://example\.org/a\.png") as refused:
        steps.refuse_remote(tmp_path)
    assert "allowed_media" in str(refused.value)
    # A maintainer may let a site load from listed prefixes; a course pack, read offline, may not.
    with pytest.raises(steps.PipelineError) as refused:
        steps.refuse_remote(tmp_path, ("https://example.org/",))
    assert "style.css" in str(refused.value) and "cases/a.html" not in str(refused.value)
    steps.refuse_remote(tmp_path, ("https://example.org/", "//example.org/"))
    with pytest.raises(steps.PipelineError) as refused:
        steps.refuse_remote(tmp_path, (), offline=True)
    assert "allowed_media" not in str(refused.value)


# --- per-page steps -------------------------------------------------------------------------------


def test_search_weights_follow_the_page_kind() -> None:
    meta: dict[str, Any] = {}
    steps.prepare_markdown("# 案例", meta, "cases/demo.md", editions.HANS)
    assert meta["search"] == {"boost": searchdict.CASE_BOOST}
    meta = {}
    steps.prepare_markdown("# 表", meta, "tables/index.md", editions.HANS)
    assert meta["search"] == {"exclude": True}
    own = {"search": {"boost": 9}}
    steps.prepare_markdown("# 自定", own, "cases/demo.md", editions.HANS)
    assert own["search"] == {"boost": 9}  # the page's own front matter wins


def test_traditional_edition_converts_text_and_front_matter_but_not_link_targets() -> None:
    meta: dict[str, Any] = {"title": "社区发展", "description": "党员志愿服务"}
    text = steps.prepare_markdown("见[社区](../社区/index.md)。", meta, "notes.md", editions.HANT)
    assert meta["title"] == "社區發展" and meta["description"] == "黨員志願服務"
    assert text == "見[社區](../社区/index.md)。"


def test_listings_are_kept_out_of_the_index_only_on_listing_pages() -> None:
    html = "<p>定义</p><table><tr><td>某社区</td></tr></table><ul><li>一项</li></ul>"
    listed = steps.finish_content(html, {}, "术语", listing=True)
    assert listed.count('data-search-exclude="listing"') == 2
    assert "data-search-exclude" not in steps.finish_content(html, {}, "术语", listing=False)


def test_page_content_is_sanitized_and_title_neutralised() -> None:
    meta: dict[str, Any] = {"title": "社区<script>alert(1)</script>"}
    html = steps.finish_content('<p onclick="alert(1)">正文</p><script>alert(1)</script>', meta, None, False)
    assert "alert" not in html and "正文" in html
    assert "<" not in meta["title"] and "社区" in meta["title"]


def test_scripts_and_downloads_follow_the_edition() -> None:
    assert steps.static_file("compare/cases.js", 'var t="社区"', editions.HANT) == 'var t="社區"'
    assert steps.static_file("data/cases.csv", "社区\n", editions.HANT) == "社區\n"
    assert steps.static_file("data/cases.csv", "社区\n", editions.HANS) == "社区\n"
    converted = steps.static_file(
        "data/cases.json", '{"社区":"社区 https://例子.cn/社区","id":"a-b"}', editions.HANT
    )
    assert json.loads(converted) == {"社区": "社區 https://例子.cn/社区", "id": "a-b"}  # keys, ids, URLs kept
    assert steps.static_file("compare/cases.js", 'var t="社区"', editions.HANS) == 'var t="社区"'


# --- standalone documents (the handout) -----------------------------------------------------------

DOCUMENT = """<!doctype html>
<html lang="zh-Hans">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>示范课程（讲义）</title>
<style>
.case { break-before: page; }
</style>
<script>alert("head")</script>
</head>
<body>
<table><colgroup><col style="width:30%"><col style="width:70%"></colgroup>
<tbody><tr><td>第一讲</td><td>示范社区</td></tr></tbody></table>
<section class="case" id="case-demo"><h2>示范社区</h2>
<p>正文</p><img src=x onerror=alert(1)><script>alert(1)</script>
<a href="javascript:alert(1)">点我</a><iframe src="javascript:alert(1)"></iframe>
</section>
</body>
</html>
"""


def test_a_document_keeps_its_template_and_loses_everything_executable() -> None:
    out = steps.static_file(HANDOUT, DOCUMENT, editions.HANS)
    assert "alert" not in out and "onerror" not in out and "<iframe" not in out
    assert '<html lang="zh-Hans">' in out and "<title>示范课程（讲义）</title>" in out
    assert ".case { break-before: page; }" in out  # the template's print layout stays
    assert 'style="width:30%"' in out  # and so do the column widths
    assert 'id="case-demo"' in out and "<p>正文</p>" in out


def test_a_clean_document_passes_unchanged() -> None:
    clean = DOCUMENT.replace('<script>alert("head")</script>\n', "")
    clean = re.sub(r"<img.*?</iframe>\n", "", clean, flags=re.S)
    assert steps.static_file(HANDOUT, clean, editions.HANS) == clean


class _Attacks(HTMLParser):
    """What could run in a page: script elements, event handlers, script URLs, frames."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "iframe", "object", "embed", "form", "base", "link"):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            v = re.sub(r"[\x00-\x20]+", "", value or "").lower()
            if name.startswith("on") or name == "srcdoc" or v.startswith(("javascript:", "data:")):
                self.found.append(f"{name}= on <{tag}>")


def attacks(markup: str) -> list[str]:
    parser = _Attacks()
    parser.feed(markup)
    parser.close()
    return parser.found


def load_unchecked(root: Path | None = None, paths: list[Path] | None = None) -> library.Library:
    """The library as if nobody ran the check: every case that parses is built, errors or not."""
    assert root is not None
    vocab, _ = library.load_vocabulary(root)
    lib = library.Library(root, vocab)
    for folder in library.case_dirs(root, paths):
        found, _problems = validate_case(folder, root, vocab)
        if found is not None:
            lib.cases.append(library.Case.of(found))
    return lib


def hostile_library(tmp_path: Path) -> Path:
    """Every attack of xss_vectors in a case of its own, as a pull request could carry them."""
    root = cf.scratch_library(tmp_path)
    for i, (_vid, where, payload) in enumerate(VECTORS):
        data = cf.valid_case(f"xss-{i:02d}")
        if where == MD:
            cf.write_case(root, data, cf.NARRATIVE + "\n" + payload + "\n")
        else:
            cf.write_case(root, cf.varied(data, where, payload))
    return root


def write_course(root: Path, ids: list[str]) -> None:
    sessions = "".join(
        f"  - title: 第{n + 1}组\n    cases: [{', '.join(ids[n * 10 : n * 10 + 10])}]\n    questions: [哪里不对？]\n"
        for n in range((len(ids) + 9) // 10)
    )
    (root / "courses").mkdir(exist_ok=True)
    (root / "courses" / "hostile.yml").write_text(
        "id: hostile\ntitle: 带攻击的课程\naudience: 测试\nhours: 1\nobjectives: [看讲义是否安全]\n"
        f"sessions:\n{sessions}",
        "utf-8",
    )


def test_the_handout_of_a_hostile_course_has_nothing_executable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = hostile_library(tmp_path)
    monkeypatch.setattr(source, "load_library", load_unchecked)
    lib = source.library(root)
    ids = [c.id for c in lib.cases]
    assert len(ids) == len(VECTORS)
    write_course(root, ids)
    course = pages.open_course(root, "hostile", lib)
    sub = pages.course_library(lib, course)
    files, _nav = pages.pack_files(course, sub, editions.HANS)
    handout = next(f.content for f in files if f.path == HANDOUT)
    for cid in ids:
        assert f'id="case-{cid}"' in handout
    assert attacks(handout) == []
    # The same handout before the sanitizer: attribute lists ({: onclick=… }) in a narrative or a
    # practice name reach it as event handlers, so the test can fail.
    case_md = {c.id: next(f.content for f in files if f.path == f"cases/{c.id}.md") for c in sub.cases}
    raw = attacks(render_handout(course, sub, case_md, pages.used_terms(sub)))
    assert "onclick= on <p>" in raw and "onmouseover= on <h4>" in raw, raw


# --- the refusal in a real build ------------------------------------------------------------------


@pytest.mark.site
def test_a_site_page_that_loads_a_remote_image_stops_the_build_unless_allowed(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    (project / "docs" / "photo.md").write_text(
        "# 活动照片\n\n![社区活动](https://example.org/photo.jpg)\n", "utf-8"
    )
    out = tmp_path / "out"
    command = [sys.executable, "-m", "casebook.cli", "build", "--root", str(project), "--out", str(out)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert result.returncode == 1
    assert "photo/index.html: https://example.org/photo.jpg" in result.stderr
    assert "需要联网" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()
    # A prefix the maintainer lists under allowed_media is let through.
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert "  - casebook\n" in text
    config.write_text(
        text.replace("  - casebook\n", '  - casebook:\n      allowed_media: ["https://example.org/"]\n'),
        "utf-8",
    )
    result = subprocess.run([*command, "--edition", "hans"], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert 'src="https://example.org/photo.jpg"' in (out / "photo" / "index.html").read_text("utf-8")


@pytest.mark.site
def test_a_pack_whose_case_loads_a_remote_image_is_not_exported(tmp_path: Path) -> None:
    root = cf.scratch_library(tmp_path / "library")
    cf.write_case(root, cf.valid_case("photo-case"), cf.NARRATIVE + "\n![照片](https://example.org/p.jpg)\n")
    (root / "courses").mkdir()
    (root / "courses" / "photo.yml").write_text(
        "id: photo\ntitle: 照片课\naudience: 测试\nhours: 1\nobjectives: [看照片]\n"
        "sessions:\n  - title: 一讲\n    cases: [photo-case]\n    questions: [照片在哪里？]\n",
        "utf-8",
    )
    with pytest.raises(export.ExportError) as refused:
        export.export_course("photo", tmp_path / "pack", root=root)
    # The check refuses the case first, on the line of the image (CB308); the build's guard on the
    # pack's pages (steps.refuse_remote) is the second line, tested on a site above.
    assert "cases/photo-case/case.md:5:" in str(refused.value) and "[CB308]" in str(refused.value)
    assert not (tmp_path / "pack").exists()


# --- the plugin's own theme files and assets ------------------------------------------------------


def test_the_plugin_brings_its_theme_and_assets_after_the_librarys_own(tmp_path: Path) -> None:
    from mkdocs.config import load_config

    from casebook.plugin import theming

    (tmp_path / "docs").mkdir()
    (tmp_path / "overrides").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: 示范\ntheme:\n  name: material\n  custom_dir: overrides\n"
        "extra_javascript: [assets/casebook/search-fold.js, js/own.js]\n",
        "utf-8",
    )
    config = load_config(str(tmp_path / "mkdocs.yml"))
    theming.install(config)
    theming.install(config)  # a second build in the same process changes nothing
    dirs = config.theme.dirs
    assert dirs[0] == str(tmp_path / "overrides") and dirs[1] == str(theming.THEME_DIR)
    assert dirs.count(str(theming.THEME_DIR)) == 1
    assert config.extra_javascript == [
        "assets/casebook/search-fold.js",
        "js/own.js",
        "assets/casebook/fold-map.js",
        "assets/casebook/fold.js",
        "assets/casebook/tables.js",
        "assets/casebook/browse.js",
    ]
    # A site searching with Pagefind gets its search box script instead of the lunr patch.
    online = load_config(str(tmp_path / "mkdocs.yml"))
    online.extra_javascript = []
    theming.install(online, pagefind=True)
    assert online.extra_javascript == [
        "assets/casebook/fold-map.js",
        "assets/casebook/fold.js",
        "assets/casebook/pagefind-search.js",
        "assets/casebook/tables.js",
        "assets/casebook/browse.js",
    ]
    assert config.extra_css == [
        "assets/casebook/tables.css",
        "assets/casebook/print.css",
        "assets/casebook/browse.css",
    ]
    assert (theming.THEME_DIR / "partials" / "alternate.html").is_file()


@pytest.mark.site
def test_a_new_library_needs_only_the_two_plugins(tmp_path: Path) -> None:
    root = cf.scratch_library(tmp_path / "library")
    cf.write_case(root, cf.valid_case("demo-case"))
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# 示范案例库\n\n见[案例](cases/index.md)。\n", "utf-8")
    (root / "mkdocs.yml").write_text(
        "site_name: 示范案例库\ntheme:\n  name: material\n  language: zh\nplugins: [search, casebook]\n",
        "utf-8",
    )
    (root / "mkdocs.zh-hant.yml").write_text("INHERIT: mkdocs.yml\ntheme:\n  language: zh-Hant\n", "utf-8")
    out = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "casebook.cli", "build", "--root", str(root), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    for edition in ("", "zh-hant/"):
        page = (out / f"{edition}cases/demo-case/index.html").read_text("utf-8")
        # The language switch, the cross-script search (Pagefind: the listed search plugin is
        # switched off) and the table scripts, from the plugin alone.
        assert "data-casebook-edition" in page and "data-casebook-search" in page
        for script in ("fold-map.js", "fold.js", "pagefind-search.js", "tables.js"):
            assert f"assets/casebook/{script}" in page
            assert (out / f"{edition}assets/casebook/{script}").is_file()
        assert (out / f"{edition}pagefind/pagefind.js").is_file()
        assert not (out / f"{edition}search/search_index.json").exists()
        assert "fonts.googleapis" not in page and "fonts.gstatic" not in page
    assert "示範" in (out / "zh-hant/index.html").read_text("utf-8")


def test_build_logs_reach_the_current_stderr_after_the_first_one_is_closed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A process that builds twice (tests, serve, a forked fuzz child) must not find MkDocs's
    warnings bound to a stream closed since the first build: logging then prints its own
    "--- Logging error ---" traceback instead of the Chinese message."""
    import io
    import logging
    import sys

    from casebook.pipeline import build

    logger = logging.getLogger("mkdocs")
    monkeypatch.setattr(logger, "handlers", [])
    first = io.StringIO()
    monkeypatch.setattr(sys, "stderr", first)
    build.quiet_logs()
    first.close()
    second = io.StringIO()
    monkeypatch.setattr(sys, "stderr", second)
    logger.warning("某页有问题")
    assert "某页有问题" in second.getvalue()
    assert "Traceback" not in second.getvalue() and "Logging error" not in second.getvalue()
