"""A large edition is indexed in parts (pipeline/pagefind.py: PART_PAGES), one Pagefind run each,
because one run over 10,000 case pages needed more memory than the machine had.  The reader must
not notice: the browser merges the parts, a case indexed in any part is found on both editions,
and its result links to the edition's own page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browsing import serve_directory
from casebook.devtools.synth import write_library
from casebook.model.library import load_library
from casebook.pipeline import pagefind
from casebook.pipeline.build import build_site, quiet_logs

pytestmark = [pytest.mark.browser, pytest.mark.site]


@pytest.fixture(scope="module")
def parted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    root = tmp_path_factory.mktemp("parts") / "lib"
    write_library(root, 12, 11)
    quiet_logs()
    saved = pagefind.PART_PAGES
    pagefind.PART_PAGES = 6  # the forked editions inherit it
    try:
        build_site(root, root / "site", jobs=2)
    finally:
        pagefind.PART_PAGES = saved
    with serve_directory(root / "site") as url:
        yield root, url


def test_the_edition_is_indexed_in_parts_and_its_data_script_names_them(parted: tuple[Path, str]) -> None:
    root, _ = parted
    for edition in ("", "zh-hant/"):
        bundle = root / "site" / edition / "pagefind"
        parts = sorted(p.name for p in bundle.iterdir() if p.name.startswith("part-"))
        assert len(parts) >= 2, parts
        assert all((bundle / p / "pagefind-entry.json").is_file() for p in parts)
        data = (root / "site" / edition / "assets" / "casebook" / "fold-map.js").read_text("utf-8")
        assert all(f'"{p}/"' in data for p in parts), data[-300:]


def test_every_case_is_found_by_its_name_whichever_part_holds_it(
    browser: Any, parted: tuple[Path, str]
) -> None:
    root, url = parted
    library = load_library(root).cases
    names = [c.name for c in library]
    # Synthetic names repeat (two 南苑新村社区 in different cities); a name is a query for one case
    # only when it is unique.
    cases = [c for c in library if names.count(c.name) == 1]
    assert len(cases) >= 8
    for edition in ("", "zh-hant/"):
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
        page.goto(url + edition + "cases/")
        page.click("input.md-search__input")
        box = page.locator("input.md-search__input")
        for case in cases:
            box.fill("")
            page.wait_for_function(
                "() => document.querySelector('[data-casebook-search]').dataset.state === 'idle'"
            )
            box.press_sequentially(case.name)
            page.wait_for_function(
                "q => { const b = document.querySelector('[data-casebook-search]');"
                " return b.dataset.query === q && b.dataset.state === 'done' }",
                arg=case.name,
            )
            links = page.eval_on_selector_all(
                ".md-search-result__list > .md-search-result__item",
                "items => items.map(li => li.querySelector('a').href)",
            )
            wanted = f"{url}{edition}cases/{case.id}/"
            assert wanted in [link.split("#")[0] for link in links[:3]], (edition, case.name, links[:3])
        assert not errors, errors
        page.close()
