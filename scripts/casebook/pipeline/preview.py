"""`casebook serve`'s fast path: after an edit to one case's files, that case's page in both
editions is rebuilt on its own and put into the served site in well under two seconds, while the
full build (listings, tables, search, every page that mentions the case) follows in the background.

The case page is generated, converted and sanitized by the same functions the full build uses
(pages.case_page, pipeline.steps); only the surroundings differ: the page's Markdown is rendered
with the site's own Markdown extensions and put in place of the article in the page the last full
build wrote, so the header, navigation and footer stay as they were.  Links between pages are
rewritten the way MkDocs writes them (`../practices/x.md` → `../../practices/x/`).  What the fast
path cannot know (the case's entry in listings and search, its similar cases, a new or removed
case) is the full build's job; `casebook build` never takes this path.
"""

from __future__ import annotations

import html
import posixpath
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casebook.fsutil import write_atomic
from casebook.model.case import Case
from casebook.model.library import Library
from casebook.pages import similar, topics
from casebook.pages.case_page import case_page, similar_section
from casebook.pipeline import editions, source, steps
from casebook.validate.case import validate_case
from casebook.validate.problems import ERROR

_ARTICLE_RE = re.compile(r'(<article class="md-content__inner md-typeset">)(.*?)(</article>)', re.S)
_TITLE_RE = re.compile(r"<title>.*?</title>", re.S)
_HREF_RE = re.compile(r'(href|src)="([^":#?]+\.md)(#[^"]*)?"')


@dataclass
class Preview:
    """What the fast path keeps from the last full build."""

    root: Path
    out: Path
    lib: Library
    markdown: tuple[list[Any], dict[str, Any]]  # extensions and their configs, from mkdocs.yml
    site_name: dict[str, str]  # per edition script
    matches: dict[str, list[similar.Match]] = field(default_factory=dict)

    @classmethod
    def after_build(cls, root: Path, out: Path) -> Preview:
        from mkdocs.config import load_config

        lib = source.library(root)
        cfg = load_config(str(root / "mkdocs.yml"))
        names = {e.script: editions.convert_text(str(cfg["site_name"]), e.script) for e in editions.EDITIONS}
        matches = similar.similar_cases(lib.in_reading_order())
        return cls(
            root, out, lib, (list(cfg["markdown_extensions"]), dict(cfg["mdx_configs"])), names, matches
        )

    def case_of(self, folder: Path) -> Case | None:
        """The case in `folder`, validated on its own; None when it has errors (the full build
        reports them) or is not a case the last build had."""
        found, problems = validate_case(folder, self.root, self.lib.vocab)
        if found is None or any(p.level == ERROR for p in problems):
            return None
        case = Case.of(found)
        return case if self.lib.get(case.id) is not None else None

    def refresh(self, folder: Path) -> list[Path] | None:
        """Rewrite the page of the case in `folder` in every edition; the files written, or None
        when this edit needs the full build."""
        case = self.case_of(folder)
        if case is None:
            return None
        self.lib.cases = [case if c.id == case.id else c for c in self.lib.cases]
        by_id = {c.id: c for c in self.lib.cases}
        extra = similar_section(self.matches.get(case.id, []), by_id)
        text = case_page(case, topics.site_linker(self.lib.vocab), extra)
        written = []
        for e in editions.EDITIONS:
            site = self.out / e.subdir if e.subdir else self.out
            page = site / "cases" / case.id / "index.html"
            if not page.is_file():
                return None
            write_atomic(page, self._page(page.read_text("utf-8"), text, case.page, e.script))
            written.append(page)
        return written

    def _page(self, built: str, text: str, src: str, script: str) -> str:
        import markdown
        from mkdocs.utils.meta import get_data

        body, meta = get_data(text)
        body = steps.prepare_markdown(body, meta, src, script)
        extensions, configs = self.markdown
        md = markdown.Markdown(extensions=extensions, extension_configs=configs)
        content = _links(md.convert(body), src)
        title = str(meta.get("title") or _first_h1(content) or "")
        content = steps.finish_content(content, meta, title, listing=False)
        m = _ARTICLE_RE.search(built)
        if not m:
            return built
        page = built[: m.start(2)] + "\n" + content + "\n" + built[m.end(2) :]
        full_title = f"{title} - {self.site_name[script]}" if title else self.site_name[script]
        return _TITLE_RE.sub(lambda _: f"<title>{html.escape(full_title)}</title>", page, count=1)


def _first_h1(content: str) -> str | None:
    m = re.search(r"<h1[^>]*>(.*?)</h1>", content, re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", m.group(1))).strip() if m else None


def _links(content: str, src: str) -> str:
    """Links to other pages' Markdown files as MkDocs writes them for `src` (directory URLs)."""
    here = posixpath.dirname(src)
    page_dir = posixpath.splitext(src)[0] if not src.endswith("index.md") else here

    def url(m: re.Match[str]) -> str:
        target = posixpath.normpath(posixpath.join(here, m.group(2)))
        stem = target[: -len(".md")]
        dest = stem[: -len("index")] if stem.endswith("index") else stem + "/"
        rel = posixpath.relpath(dest or ".", page_dir or ".")
        rel = "./" if rel == "." else rel + ("/" if not rel.endswith("/") else "")
        return f'{m.group(1)}="{rel}{m.group(3) or ""}"'

    return _HREF_RE.sub(url, content)


def changed_case_dirs(root: Path, changed: list[str]) -> list[Path] | None:
    """The case folders touched by `changed` (absolute paths), or None when anything else changed
    (the vocabulary, docs, the config, a new or deleted case): those need the full build."""
    cases = (root / "cases").resolve()
    folders: list[Path] = []
    for name in changed:
        path = Path(name).resolve()
        if (
            path.parent.parent != cases
            or not path.parent.is_dir()
            or path.name not in ("case.yml", "case.md")
        ):
            return None
        if path.parent not in folders:
            folders.append(path.parent)
    return folders


def timed_refresh(preview: Preview, folders: list[Path]) -> tuple[list[Path], float] | None:
    start = time.perf_counter()
    written: list[Path] = []
    for folder in folders:
        pages = preview.refresh(folder)
        if pages is None:
            return None
        written += pages
    return written, time.perf_counter() - start
