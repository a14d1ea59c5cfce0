"""Which built pages reach the Pagefind index, and how they are shared out among its parts
(pipeline/pagefind.write_shadows), without building a site."""

from __future__ import annotations

from pathlib import Path

from casebook.pages import paging
from casebook.pipeline import pagefind, steps


def _page(body: str) -> str:
    return f'<html><head><title>t</title></head><body><article class="md-content__inner">{body}</article></body></html>'


def _site(tmp_path: Path, pages: dict[str, str]) -> Path:
    site = tmp_path / "site"
    for rel, body in pages.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(_page(body), "utf-8")
    return site


def test_later_pages_of_a_listing_stay_out_of_the_index(tmp_path: Path) -> None:
    # Page 2 of a listing repeats page 1's title; its table is left out like every listing's.
    first, later = paging.page_front("网格化管理", 0), paging.page_front("网格化管理", 1)
    assert "exclude: true" not in "\n".join(first) and "exclude: true" in "\n".join(later)
    meta = {"search": {"exclude": True}}
    html = steps.finish_content(
        "<h1>网格化管理（第 2 页）</h1><p>第 2 页，共 3 页</p>", meta, None, listing=True
    )
    site = _site(
        tmp_path,
        {
            "practices/wangge/index.html": "<h1>网格化管理</h1><p>把社区划成网格。</p>",
            "practices/wangge/2/index.html": html,
        },
    )
    stats = pagefind.write_shadows(site, (), tmp_path / "shadows")
    assert stats.pages == 1
    indexed = [
        p.relative_to(tmp_path / "shadows" / "0").as_posix() for p in (tmp_path / "shadows").rglob("*.html")
    ]
    assert indexed == ["practices/wangge/index.html"]


def test_parts_are_shared_out_among_the_pages_that_are_indexed(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(pagefind, "PART_PAGES", 3)
    excluded = steps.finish_content(
        "<h1>列表（第 2 页）</h1>", {"search": {"exclude": True}}, None, listing=True
    )
    pages = {f"cases/c{i}/index.html": f"<h1>社区{i}</h1><p>居民议事。</p>" for i in range(6)}
    pages |= {f"regions/r/{n}/index.html": excluded for n in range(2, 8)}
    stats = pagefind.write_shadows(_site(tmp_path, pages), (), tmp_path / "shadows")
    # 6 pages indexed in 2 full parts; the 6 excluded pages did not make a third, or thin ones.
    assert stats.pages == 6 and stats.parts == ("part-2/",)
    sizes = [len(list(part.rglob("*.html"))) for part in pagefind.shadow_parts(tmp_path / "shadows")]
    assert sizes == [3, 3]


def test_the_pager_line_is_not_searched() -> None:
    line = paging.pager(["a.md", "b.md"], 0, lambda target, anchor="": target)
    assert any("data-search-exclude" in item for item in line)
