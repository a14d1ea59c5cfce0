"""Listings split into pages of PER_PAGE rows: the first page keeps the listing's URL, the later
ones are numbered below it, and every page leads to every other one."""

from __future__ import annotations

from casebook.pages import paging
from casebook.pages.markdown import relative_link


def test_a_listing_is_cut_into_pages_of_at_most_per_page_rows() -> None:
    items = list(range(2 * paging.PER_PAGE + 1))
    pages = paging.split("practices/x.md", "practices/x/{n}.md", items)
    assert [p for p, _ in pages] == ["practices/x.md", "practices/x/2.md", "practices/x/3.md"]
    assert [len(chunk) for _, chunk in pages] == [paging.PER_PAGE, paging.PER_PAGE, 1]
    assert [x for _, chunk in pages for x in chunk] == items  # nothing lost, order kept


def test_an_empty_listing_still_has_its_page() -> None:
    assert paging.split("honors/national.md", "honors/national/{n}.md", []) == [("honors/national.md", [])]


def test_the_pager_links_the_other_pages_relative_to_the_page() -> None:
    paths = ["practices/x.md", "practices/x/2.md", "practices/x/3.md"]
    line = paging.pager(paths, 1, relative_link(paths[1]))[0]
    assert line.startswith("第 2 页，共 3 页：")
    assert "[1](../x.md)" in line and "**2**" in line and "[3](./3.md)" in line
    assert paging.pager(paths[:1], 0, relative_link(paths[0])) == []
    assert paging.page_title("荣誉", 0) == "荣誉" and paging.page_title("荣誉", 2) == "荣誉（第 3 页）"
