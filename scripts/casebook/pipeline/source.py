"""Where every build starts: the library, loaded once per change of its files, and the files the
page generator makes from it, ready for MkDocs.

The site, a course pack and the benchmark's plain-Material baseline all take their generated files
from `generated_files()`, so a change to what generation hands on (a new kind of file, a new rule
for the nav) is made here once.  Page generation itself is `casebook.pages.generate`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from casebook.errors import CasebookError
from casebook.model.library import Library, load_library
from casebook.pages.generate import generate, listed_in_nav
from casebook.pipeline import steps
from casebook.pipeline.search import is_case_page
from casebook.validate.problems import Problem


class SourceError(CasebookError):
    """The library cannot be built as it is; the message lists what `casebook check` would."""


@dataclass(frozen=True)
class GeneratedFile:
    path: str  # docs-relative, "/"-separated
    content: str
    in_nav: bool  # may MkDocs list it in an automatic nav (section indexes only: see listed_in_nav)
    listing: bool  # a page that lists cases: its tables and lists stay out of the search index


# Loaded libraries by root, with the stat signature of cases/ they were loaded from: `casebook
# build` builds both editions in one process, `casebook export` validates and then builds, and
# `mkdocs serve` rebuilds after every edit.
_LIBRARIES: dict[Path, tuple[tuple[tuple[str, int, int], ...], Library]] = {}


def _signature(root: Path) -> tuple[tuple[str, int, int], ...]:
    items = []
    for path in sorted((root / "cases").rglob("*")):
        if path.is_file():
            st = path.stat()
            items.append((str(path), st.st_mtime_ns, st.st_size))
    return tuple(items)


def library(root: Path) -> Library:
    """The library at `root`, loaded once per change of its files."""
    root = root.resolve()
    sig = _signature(root)
    cached = _LIBRARIES.get(root)
    if cached is None or cached[0] != sig:
        cached = (sig, load_library(root))
        _LIBRARIES[root] = cached
    return cached[1]


def require_valid(problems: Iterable[Problem]) -> None:
    """Refuse to build pages from data that `casebook check` rejects."""
    errors = list(problems)
    if errors:
        lines = "\n".join(p.format() for p in errors[:50])
        raise SourceError(f"案例数据有 {len(errors)} 个错误，请先运行 casebook check：\n{lines}")


def generated_files(lib: Library, script: str) -> list[GeneratedFile]:
    """Every file the page generator makes for `lib`, for the edition in `script`.

    Scripts are already in the edition's script here (steps.static_file); Markdown pages are
    converted later, page by page, with the hand-written ones (steps.prepare_markdown).
    """
    return [
        GeneratedFile(
            path,
            steps.static_file(path, content, script),
            in_nav=listed_in_nav(path),
            listing=path.endswith(".md") and not is_case_page(path),
        )
        for path, content in generated_pages(lib).items()
    ]


# The pages of the last few libraries generated: they do not depend on the edition (each edition
# converts them page by page), so both editions of one build, and the children of a forked
# build, share one generation; a few, because the course packs a site build exports generate
# their own small libraries in between.
_GENERATED: list[tuple[Library, dict[str, str]]] = []
_KEEP = 4


def generated_pages(lib: Library) -> dict[str, str]:
    """`pages.generate.generate(lib)`, once per loaded library."""
    for seen, pages in _GENERATED:
        if seen is lib:
            return pages
    pages = generate(lib)
    _GENERATED.insert(0, (lib, pages))
    del _GENERATED[_KEEP:]
    return pages
