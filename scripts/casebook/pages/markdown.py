"""Case text into Markdown (and the handout's HTML): the one escaper, table cell and link helpers.

Every generated page and the handout escape through here.  The validator rejects HTML in case
files, but a build must stay safe when validation was skipped, so case text is escaped on the way
in; a page that wrote case text any other way would be the one place an injection gets through.
Links are written relative to the page that carries them, as MkDocs resolves them.
"""

from __future__ import annotations

import functools
import html
import posixpath
from collections.abc import Callable
from typing import Protocol

from casebook.model.case import Case


def esc(text: object) -> str:
    """Case text in Markdown or HTML text content: <, > and & escaped, quotes left as they are."""
    return html.escape(str(text), quote=False)


def cell(text: object) -> str:
    """Case text inside a Markdown table cell: escaped, on one line, no column breaks."""
    return esc(text).replace("|", "｜").replace("\n", " ")


def attr(text: object) -> str:
    """Case text inside an HTML attribute value (quotes escaped too)."""
    return html.escape(str(text), quote=True)


def link_title(text: object) -> str:
    """Case text as a Markdown link title ([✓](url "title")), which a straight quote would end."""
    return cell(text).replace('"', "＂")


def linked(shown: str, url: str | None) -> str:
    """`shown` (already escaped Markdown) as a link to `url`, or as it is where there is no URL."""
    return f"[{shown}]({url})" if url else shown


def front(title: str, searched: bool = True) -> list[str]:
    """The page's front matter (the title MkDocs shows in the tab and the nav); `searched=False`
    keeps the page out of the search index (Material's `search: exclude`, which the Pagefind step
    honours too: pipeline/steps.finish_content)."""
    return ["---", f"title: {title}", *([] if searched else ["search:", "  exclude: true"]), "---", ""]


class LinkTo(Protocol):
    """(docs-relative target, anchor) → the Markdown link target as seen from the page being
    written, or None where the output has no links (the CLI's plain tables)."""

    def __call__(self, target: str, anchor: str = "") -> str | None: ...


def relative_link(from_page: str) -> LinkTo:
    """Links from `from_page` (docs-relative .md path) to other docs files, as MkDocs resolves them."""
    base = posixpath.dirname(from_page) or "."

    def link(target: str, anchor: str = "") -> str:
        folder, name = posixpath.split(target)
        rel = posixpath.join(_relative_dir(folder or ".", base), name)
        return rel + (f"#{anchor}" if anchor else "")

    return link


@functools.cache
def _relative_dir(folder: str, base: str) -> str:
    # posixpath.relpath costs ~20 µs; a 1,000-case build asks it the same few questions 70,000 times.
    return posixpath.relpath(folder, base)


def no_links(target: str, anchor: str = "") -> None:
    return None


def case_link(case: Case, link: LinkTo, anchor: str = "") -> str:
    """A case's name (marked 草稿 for drafts) linking to its page, or to a practice on it."""
    name = cell(case.name) + ("（草稿）" if case.is_draft else "")
    return linked(name, link(case.page, anchor))


# A tag linker lets the case page turn tags into links without knowing where term and region
# pages live: (category, label, from_page) → relative URL or None.
Linker = Callable[[str, str, str], "str | None"]


def no_tag_links(category: str, label: str, page: str) -> str | None:
    return None


def tag(category: str, label: str, page: str, linker: Linker) -> str:
    return linked(esc(label), linker(category, label, page))
