"""Splitting a listing into pages of at most PER_PAGE rows, so that no page grows with the library.

Every page that lists cases (or their practices, honors, lessons) goes through here.  At 10,000
cases a single term page would list over a thousand cases and the glossary fifty thousand
methods; each listing is instead cut into pages of PER_PAGE rows in reading order.  The first
page keeps the listing's own URL (links into it from elsewhere stay valid), later pages are
numbered below it (`practices/grid-governance/2/`), and each page carries the same pager line.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from casebook.pages.markdown import LinkTo, front

T = TypeVar("T")

# Rows per page: 100 rows of the widest listing (the matrix) measured about 60 KB of HTML.
PER_PAGE = 100


def split(first: str, rest: str, items: Sequence[T], per_page: int = PER_PAGE) -> list[tuple[str, list[T]]]:
    """(page path, its items) for each page; `rest` is the path pattern of pages 2… with `{n}`.

    An empty listing still has its first page (which says there is nothing yet).
    """
    chunks = [list(items[i : i + per_page]) for i in range(0, len(items), per_page)] or [[]]
    return [(first if k == 0 else rest.format(n=k + 1), chunk) for k, chunk in enumerate(chunks)]


def pager(paths: Sequence[str], current: int, link: LinkTo) -> list[str]:
    """The line that leads to the other pages of the same listing (nothing for a single page)."""
    if len(paths) <= 1:
        return []
    parts = [f"**{k + 1}**" if k == current else f"[{k + 1}]({link(p)})" for k, p in enumerate(paths)]
    # The pager is navigation, not text anyone searches for.
    return [
        f"第 {current + 1} 页，共 {len(paths)} 页：" + " · ".join(parts),
        '{: data-search-exclude="pager" }',
        "",
    ]


def page_title(title: str, current: int) -> str:
    return title if current == 0 else f"{title}（第 {current + 1} 页）"


def page_front(title: str, current: int) -> list[str]:
    """The front matter of page `current` of a listing.  Pages 2… stay out of the search index:
    their tables and lists are left out as on every listing (pipeline/search.exclude_listings),
    so all they would add is the first page's title again (about a fifth of all pages at
    10,000 cases, each a result that leads nowhere new)."""
    return front(page_title(title, current), searched=current == 0)
