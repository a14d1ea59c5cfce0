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

from casebook.pages.markdown import LinkTo

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
    return [f"第 {current + 1} 页，共 {len(paths)} 页：" + " · ".join(parts), ""]


def page_title(title: str, current: int) -> str:
    return title if current == 0 else f"{title}（第 {current + 1} 页）"
