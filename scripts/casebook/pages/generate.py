"""Case model → every generated page: a plain function, so that any site generator can use it.

MkDocs runs it through the thin adapter in plugin/; Zensical (which runs no MkDocs plugins) or the
offline pack can call `generate()` directly and write the files.  Each page has its own function
in a module named for what it shows (case_page, listings, topics, compare, charts, downloads);
this module only puts them together.
"""

from __future__ import annotations

from pathlib import Path

from casebook.model.library import Library
from casebook.pages import browser, charts, compare, courses, downloads, listings, similar, topics
from casebook.pages.case_page import case_page, similar_section

# Escaping for pack/export.py, which still reaches it through this module (see pages/markdown.py).
from casebook.pages.markdown import cell as cell
from casebook.pages.markdown import esc as esc

ASSETS = {
    "assets/casebook/tables.js": "tables.js",
    "assets/casebook/tables.css": "tables.css",
    "assets/casebook/print.css": "print.css",
    "assets/casebook/browse.js": "browse.js",
    "assets/casebook/browse.css": "browse.css",
}


def listed_in_nav(path: str) -> bool:
    """Whether MkDocs may list a generated page in an automatic nav: section indexes only.

    Everything else is reached through those indexes; listing hundreds of case or term pages in
    the nav would copy that list into every page (see shared NOTES).  Pages named in mkdocs.yml's
    nav appear there whatever this says.
    """
    return path.endswith("index.md")


def generate(lib: Library) -> dict[str, str]:
    """Every generated file, docs-relative path → content (Markdown pages, data files, assets)."""
    cases = lib.in_reading_order()
    by_id = {c.id: c for c in cases}
    linker = topics.site_linker(lib.vocab)
    matches = similar.similar_cases(cases)
    pages = browser.pages(cases, lib.vocab)
    for case in lib.cases:
        extra = similar_section(matches.get(case.id, []), by_id)
        pages[case.page] = case_page(case, linker, extra)
    pages.update(topics.pages(cases, lib.vocab))
    pages.update(listings.overview_page(cases))
    pages.update(listings.matrix_page(cases, lib.vocab))
    pages.update(listings.challenge_pages(cases, lib.vocab))
    pages.update(compare.pages(cases))
    pages["charts/index.md"] = charts.charts_page(
        cases, [t.label for t in lib.vocab.all("practices")], [t.label for t in lib.vocab.all("challenges")]
    )
    pages.update(downloads.pages(cases))
    pages.update(courses.pages(lib))
    for target, name in ASSETS.items():
        pages[target] = (Path(__file__).parent / "assets" / name).read_text("utf-8")
    return pages
