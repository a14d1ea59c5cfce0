"""A case cannot be used to attack readers: the check refuses every attack, and the build defuses it
even when the check was skipped.

Each vector from xss_vectors.py goes into its own case.  `casebook check` must reject every one
of them with a safety rule at the right place; then a real MkDocs build runs with the check
bypassed (the library loader is swapped for one that keeps invalid cases, as when a maintainer
merges without CI) and the built HTML is parsed: no script element, event handler, frame, form,
style sheet or javascript:/data: URL may be left in any page, in its title or in the search index.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

import casefactory as cf
from browsing import serve_directory
from casebook import cli
from casebook.model import library
from casebook.paths import find_root
from casebook.validate.case import validate_case
from xss_vectors import MD, VECTORS

ROOT = Path(__file__).resolve().parents[1]
SAFETY_RULES = {"CB303", "CB304", "CB307"}
NARRATIVE_LINES = cf.NARRATIVE.count("\n") + 1  # the payload starts on the line after this


def case_id(i: int) -> str:
    return f"xss-{i:02d}"


def test_there_are_enough_vectors() -> None:
    families = {vid.split("-")[0] for vid, _, _ in VECTORS}
    assert len(VECTORS) >= 20
    assert {"script", "img", "svg", "iframe", "style", "md", "entity", "yaml"} <= families


@pytest.fixture(scope="module")
def hostile_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = cf.scratch_library(tmp_path_factory.mktemp("hostile"))
    for i, (_vid, where, payload) in enumerate(VECTORS):
        data = cf.valid_case(case_id(i))
        if where == MD:
            cf.write_case(root, data, cf.NARRATIVE + "\n" + payload + "\n")
        else:
            cf.write_case(root, cf.varied(data, where, payload))
    cf.write_case(root, cf.valid_case("clean-case"))
    # An id that climbs out of the folder: with the check skipped it must still not name a page.
    cf.write_case(
        root, cf.varied(cf.valid_case("climber"), ("id",), "../../../escaped"), folder_name="climber"
    )
    return root


def payload_lines(root: Path, i: int) -> tuple[str, set[int]]:
    """The file holding vector i and the lines its payload occupies, found in what we wrote."""
    vid, where, payload = VECTORS[i]
    if where == MD:
        first = NARRATIVE_LINES + 1
        return "case.md", set(range(first, first + payload.count("\n") + 1))
    text = (root / "cases" / case_id(i) / "case.yml").read_text("utf-8")
    encoded = json.dumps(payload, ensure_ascii=False)
    lines = {n for n, line in enumerate(text.splitlines(), 1) if encoded in line}
    assert lines, vid
    return "case.yml", lines


@pytest.mark.parametrize("i", range(len(VECTORS)), ids=[v[0] for v in VECTORS])
def test_check_rejects_vector(i: int, hostile_library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = hostile_library / "cases" / case_id(i)
    code = cli.main(["check", "--root", str(hostile_library), "--format", "json", str(folder)])
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    filename, lines = payload_lines(hostile_library, i)
    hits = [
        p
        for p in report["problems"]
        if p["level"] == "错误" and p["rule"] in SAFETY_RULES and p["path"].endswith(filename)
    ]
    assert hits, report["problems"]
    assert {p["line"] for p in hits} & lines, (hits, lines)
    assert all(p["fix"] for p in hits)


def test_clean_neighbour_passes(hostile_library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(["check", "--root", str(hostile_library), str(hostile_library / "cases" / "clean-case")])
    assert code == 0, capsys.readouterr().out


def load_unchecked(root: Path | None = None, paths: list[Path] | None = None) -> library.Library:
    """The library as if nobody ran the check: every case that parses is built, errors or not."""
    root = find_root(root)
    vocab, _ = library.load_vocabulary(root)
    lib = library.Library(root, vocab)
    for folder in library.case_dirs(root, paths):
        source, _found = validate_case(folder, root, vocab)
        if source is not None:
            lib.cases.append(library.Case.of(source))
    return lib


@pytest.fixture(scope="module")
def built_site(hostile_library: Path) -> Path:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    project = hostile_library
    for name in ("mkdocs.yml", "docs", "overrides", "schema"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, project / name)
        elif src.exists():
            shutil.copy(src, project / name)
    # A hand-written docs page is never seen by `casebook check` at all.
    (project / "docs" / "xss-docs.md").write_text(
        "# 文档页\n\n" + "\n\n".join(p for _, where, p in VECTORS if where == MD) + "\n", "utf-8"
    )
    site_dir = project / "site"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("casebook.pipeline.source.load_library", load_unchecked)
        mp.chdir(project)
        build(load_config(str(project / "mkdocs.yml"), site_dir=str(site_dir), strict=False))
    return site_dir


class Elements(HTMLParser):
    """Every element of a page, with whether it sits inside the page content (the <article>)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str], bool]] = []
        self.scripts: list[tuple[dict[str, str], str]] = []
        self.title = ""
        self._article = 0
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): v or "" for k, v in attrs}
        if tag == "article":
            self._article += 1
        self.found.append((tag, a, self._article > 0))
        if tag in ("script", "title"):
            self._in = tag
            if tag == "script":
                self.scripts.append((a, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._article -= 1
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "script":
            a, text = self.scripts[-1]
            self.scripts[-1] = (a, text + data)
        elif self._in == "title":
            self.title += data


URL_ATTRS = {"href", "src", "action", "formaction", "data", "xlink:href", "poster", "background", "srcset"}
DANGEROUS_IN_CONTENT = {
    "script",
    "iframe",
    "frame",
    "object",
    "embed",
    "form",
    "style",
    "link",
    "meta",
    "base",
    "applet",
    "animate",
    "set",
    "foreignobject",
    "use",
    "image",
    "math",
}


def bad_url(value: str) -> bool:
    v = re.sub(r"[\x00-\x20]+", "", value).lower()  # the parser has decoded entities already
    return v.startswith(("javascript:", "vbscript:", "data:"))


def attacks_in(markup: str, whole_page: bool) -> Iterator[str]:
    parser = Elements()
    parser.feed(markup)
    parser.close()
    for tag, attrs, in_content in parser.found:
        content = in_content or not whole_page
        if content and tag in DANGEROUS_IN_CONTENT:
            yield f"<{tag}> in content"
        for name, value in attrs.items():
            if name.startswith("on"):
                yield f"{name}= on <{tag}>"
            if name in URL_ATTRS and bad_url(value):
                yield f"{name}={value[:40]} on <{tag}>"
            if name == "srcdoc":
                yield f"srcdoc on <{tag}>"
            if content and name == "style" and not re.fullmatch(r"text-align:\s*\w+;?", value):
                yield f"style={value[:40]} on <{tag}>"
            if tag == "meta" and "url=" in value.lower() and bad_url(value.lower().split("url=", 1)[1]):
                yield "meta refresh to a script URL"
    for attrs, text in parser.scripts:
        src = attrs.get("src", "")
        if "alert" in text or "evil.example" in text or re.match(r"(?i)^([a-z]+:|//)", src):
            yield f"script {src or text[:40]!r}"
    if "<" in parser.title:
        yield f"markup in <title>: {parser.title[:60]}"


def built_pages(site: Path) -> list[Path]:
    pages = [site / "cases" / case_id(i) / "index.html" for i in range(len(VECTORS))]
    return [*pages, site / "xss-docs" / "index.html", site / "cases" / "index.html"]


def test_build_keeps_every_hostile_case(built_site: Path) -> None:
    missing = [p for p in built_pages(built_site) if not p.is_file()]
    assert not missing


def test_id_with_path_characters_writes_nothing_outside_the_site(built_site: Path) -> None:
    project = built_site.parent
    escaped = [p for p in project.parent.rglob("escaped*") if built_site not in p.parents]
    assert not escaped
    assert (built_site / "cases" / "climber" / "index.html").is_file()


@pytest.mark.parametrize("i", range(len(VECTORS)), ids=[v[0] for v in VECTORS])
def test_built_case_page_has_nothing_executable(i: int, built_site: Path) -> None:
    page = built_site / "cases" / case_id(i) / "index.html"
    found = list(attacks_in(page.read_text("utf-8"), whole_page=True))
    assert not found, found


def test_built_docs_page_and_index_have_nothing_executable(built_site: Path) -> None:
    for page in (built_site / "xss-docs" / "index.html", built_site / "cases" / "index.html"):
        found = list(attacks_in(page.read_text("utf-8"), whole_page=True))
        assert not found, (page, found)


def test_description_and_title_cannot_break_out(built_site: Path) -> None:
    for i, (vid, where, _payload) in enumerate(VECTORS):
        if where not in (("name",), ("summary",)):
            continue
        text = (built_site / "cases" / case_id(i) / "index.html").read_text("utf-8")
        head = text.split("</head>", 1)[0]
        meta = re.search(r'<meta name="description" content="([^"]*)">', head)
        assert meta and "<" not in meta.group(1), vid
        assert re.search(r"<title>[^<>]*</title>", head), vid
        header_title = re.search(r'<span class="md-ellipsis">\s*([^<]*?)\s*</span>', text)
        assert header_title and header_title.group(1).strip(), vid


def test_search_index_renders_nothing_executable(built_site: Path) -> None:
    # Search results put titles and excerpts into the page as HTML.  What Pagefind indexes is the
    # pages' text, escaped, with nothing that could run (the search box escapes it again).
    from casebook.pipeline import pagefind

    pages = sorted(built_site.glob("cases/xss-*/index.html")) + sorted(
        built_site.glob("xss-docs/**/index.html")
    )
    assert len(pages) >= len(VECTORS)
    for page in pages:
        shadow = pagefind.read_page(page.read_text("utf-8"))
        if shadow is None:
            continue
        indexed = pagefind.shadow_html(shadow, 1.0)
        found = list(attacks_in(indexed[indexed.index("<main") :], whole_page=False))
        assert not found, (page, found)
    assert (built_site / "pagefind" / "pagefind-entry.json").is_file()


def test_legitimate_content_survives_sanitizing(built_site: Path) -> None:
    page = (built_site / "cases" / "clean-case" / "index.html").read_text("utf-8")
    parser = Elements()
    parser.feed(page)
    tags = {tag for tag, _, inside in parser.found if inside}
    assert {"table", "h2", "h3", "ul", "li", "strong", "a"} <= tags
    links = [a.get("href", "") for tag, a, inside in parser.found if inside and tag == "a"]
    assert "https://example.org/cases/1" in links
    headings = [a.get("id") for tag, a, inside in parser.found if inside and tag == "h3"]
    assert "practice-1" in headings


# Hostile files rather than hostile text: each must end in a Chinese message, never a traceback.
def _billion_laughs() -> str:
    lines = ['a0: &a0 "哈哈"']
    for n in range(1, 10):
        prev = f"*a{n - 1}"
        lines.append(f"a{n}: &a{n} [{', '.join([prev] * 10)}]")
    return "\n".join(lines) + "\nid: *a9\n"


HOSTILE_FILES: list[tuple[str, str]] = [
    ("id-with-path", "CB205"),
    ("alias-bomb", "CB114"),
    ("symlink-to-etc", "CB106"),
    ("oversized", "CB103"),
]


@pytest.mark.parametrize(("kind", "rule"), HOSTILE_FILES, ids=[k for k, _ in HOSTILE_FILES])
def test_hostile_files_are_refused(
    kind: str, rule: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = cf.scratch_library(tmp_path)
    folder = cf.write_case(root, cf.valid_case("hostile-file"))
    yml = folder / "case.yml"
    if kind == "id-with-path":
        yml.write_text(
            cf.dump(cf.varied(cf.valid_case("hostile-file"), ("id",), "../../etc/passwd")), "utf-8"
        )
    elif kind == "alias-bomb":
        yml.write_text(_billion_laughs(), "utf-8")
    elif kind == "symlink-to-etc":
        yml.unlink()
        os.symlink("/etc/hostname" if Path("/etc/hostname").exists() else "/etc/passwd", yml)
    elif kind == "oversized":
        with yml.open("a", encoding="utf-8") as f:
            f.write("# " + "很长的注释" * 80_000 + "\n")
    code = cli.main(["check", "--root", str(root), "--format", "json"])
    out = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in out.out + out.err
    report: dict[str, Any] = json.loads(out.out)
    assert rule in {p["rule"] for p in report["problems"]}, report["problems"]
    # The build refuses the same library (it loads with the same validator).
    assert not any(c.id == "../../etc/passwd" for c in library.load_library(root).cases)


@pytest.mark.browser
def test_no_payload_runs_in_chromium(built_site: Path, browser: Any) -> None:
    dialogs: list[str] = []
    requests: list[str] = []
    with serve_directory(built_site) as base:
        page = browser.new_page()
        page.on("dialog", lambda d: (dialogs.append(f"{page.url}: {d.message}"), d.dismiss()))
        page.on("request", lambda r: requests.append(r.url))
        urls = [f"cases/{case_id(i)}/" for i in range(len(VECTORS))] + ["xss-docs/", "cases/"]
        for url in urls:
            page.goto(base + url, wait_until="load")
            page.mouse.move(200, 300)  # hover handlers, had any survived
            page.mouse.click(5, 500)
        # Search results render titles and text as HTML: show the hostile ones.
        page.goto(base + "cases/", wait_until="load")
        for query in ("img", "示范", "script"):
            page.locator("label.md-search__icon, .md-search__input").first.click()
            page.locator(".md-search__input").fill("")
            page.keyboard.type(query)
            page.keyboard.press("End")
            page.wait_for_selector(".md-search-result__meta", timeout=15_000)
            page.wait_for_timeout(300)
            page.keyboard.press("Escape")
        assert not dialogs, dialogs
        assert not [u for u in requests if "evil.example" in u]
        # The listener itself works: a real alert is seen.
        page.evaluate("() => alert('control')")
        assert dialogs and dialogs[-1].endswith("control")
