"""The faceted case browser on the case index, in Debian's Chromium, as a researcher uses it:
choose a problem and a practice, see the list and the counts narrow, share the address, send the
result to the compare page.  Runs against the small test library's built site (sitepages.small_site)
over HTTP; the expected sets come from the case files, not from the page.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from casebook.model.library import Case, Library, load_library
from sitepages import Site

pytestmark = [pytest.mark.browser, pytest.mark.site]


@pytest.fixture(scope="module")
def lib(built: tuple[Path, Site]) -> Library:
    return load_library(built[0])


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    context.close()
    assert not errors, errors


def listed(page: Any) -> list[str]:
    return page.eval_on_selector_all(".cb-results tbody tr", "rows => rows.map(r => r.dataset.case)")


def total(page: Any) -> int:
    text = page.inner_text(".cb-summary")
    return int(text.split("：", 1)[1].split(" ", 1)[0])


def count_of(page: Any, facet: str, value: str) -> int:
    label = page.locator(f'details[data-facet="{facet}"] label', has=page.locator(f'input[value="{value}"]'))
    return int((label.locator(".cb-count").text_content() or "").strip("()"))


def term_id(lib: Library, category: str, label: str) -> str:
    term = lib.vocab.get(category, label)
    assert term and term.id
    return term.id


def open_facet(page: Any, facet: str) -> None:
    details = page.locator(f'details[data-facet="{facet}"]')
    if details.get_attribute("open") is None:
        details.locator("summary").click()


def choose(page: Any, facet: str, value: str) -> None:
    open_facet(page, facet)
    page.locator(f'details[data-facet="{facet}"] input[value="{value}"]').check()


def test_a_filter_narrows_the_list_and_the_counts_and_the_address_keeps_it(
    page: Any, base_url: str, lib: Library
) -> None:
    cases = lib.in_reading_order()
    page.goto(base_url + "cases/")
    page.wait_for_selector(".cb-results tbody tr")
    assert total(page) == len(cases)
    assert not page.is_visible(".cb-static")  # the static list gives way to the browser

    problem = "物业管理缺失"
    pid = term_id(lib, "challenges", problem)
    facing = [c for c in cases if problem in c.challenge_tags]
    assert 0 < len(facing) < len(cases)
    practice_before = {
        t: count_of(page, "practice", term_id(lib, "practices", t)) for t in ("红色物业", "志愿服务")
    }
    choose(page, "problem", pid)
    assert total(page) == len(facing)
    assert sorted(listed(page)) == sorted(c.id for c in facing)
    # The other facets count within the problem now.
    for label, before in practice_before.items():
        now = count_of(page, "practice", term_id(lib, "practices", label))
        assert now == sum(1 for c in facing if label in c.practice_tags) <= before
    assert f"problem={pid}" in page.url

    # A second facet combines with the first (and), a second value within a facet widens it (or).
    practice = "红色物业"
    choose(page, "practice", term_id(lib, "practices", practice))
    both = [c for c in facing if practice in c.practice_tags]
    assert sorted(listed(page)) == sorted(c.id for c in both)

    # Reloading the address restores the same view.
    url = page.url
    page.goto("about:blank")
    page.goto(url)
    page.wait_for_selector(".cb-results tbody tr")
    assert sorted(listed(page)) == sorted(c.id for c in both)
    assert page.locator(f'details[data-facet="problem"] input[value="{pid}"]').is_checked()


def test_sorting_by_population_puts_the_largest_first_and_cases_without_a_figure_last(
    page: Any, base_url: str, lib: Library
) -> None:
    page.goto(base_url + "cases/#sort=population")
    page.wait_for_selector(".cb-results tbody tr")
    ids = listed(page)
    by_id = {c.id: c for c in lib.cases}

    def pop(c: Case) -> float | None:
        f = c.figure("population")
        return f.magnitude if f else None

    values = [pop(by_id[i]) for i in ids]
    known = [v for v in values if v is not None]
    assert known == sorted(known, reverse=True)
    assert values[: len(known)] == known  # no figure: after every case that has one
    page.select_option(".cb-sort", "name")
    assert "sort=name" in page.url


def test_send_to_compare_opens_compare_with_the_filtered_cases(
    page: Any, base_url: str, lib: Library
) -> None:
    province = "山西省"
    here = [c for c in lib.in_reading_order() if c.location.province in (province, "陕西省")]
    assert len(here) >= 2
    page.goto(base_url + "cases/#province=shanxi,shaanxi")
    page.wait_for_selector(".cb-results tbody tr")
    assert sorted(listed(page)) == sorted(c.id for c in here)
    page.click(".cb-send")
    page.wait_for_url("**/compare/**")
    assert page.url.split("#c=", 1)[1].split(",") == [c.id for c in here][:4]
    page.wait_for_selector(".cb-compare__table")
    heads = [h.inner_text().strip() for h in page.query_selector_all(".cb-compare__table thead th")][1:]
    assert heads == [c.name for c in here][:4]


def test_ticked_cases_are_the_ones_sent(page: Any, base_url: str, lib: Library) -> None:
    page.goto(base_url + "cases/")
    page.wait_for_selector(".cb-results tbody tr")
    ids = listed(page)
    chosen = [ids[-1], ids[0]]
    for cid in chosen:
        page.check(f'.cb-results tr[data-case="{cid}"] input.cb-pick')
    assert "勾选的 2 个" in page.inner_text(".cb-send")
    page.click(".cb-send")
    page.wait_for_url("**/compare/**")
    assert sorted(page.url.split("#c=", 1)[1].split(",")) == sorted(chosen)


def test_without_javascript_the_index_still_lists_every_case(
    browser: Any, base_url: str, lib: Library
) -> None:
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    pg.goto(base_url + "cases/")
    names = pg.eval_on_selector_all(
        ".cb-static table tbody tr td:first-child a", "as => as.map(a => a.textContent)"
    )
    context.close()
    assert sorted(names) == sorted(c.name for c in lib.cases)


def test_an_address_with_a_filter_opens_the_filtered_view(page: Any, base_url: str, lib: Library) -> None:
    """Other pages link into the browser by address (#problem=…&practice=…): opening one shows
    that view with its boxes ticked."""
    cases = lib.in_reading_order()
    problem, practice = "物业管理缺失", "红色物业"
    pid, tid = term_id(lib, "challenges", problem), term_id(lib, "practices", practice)
    page.goto(base_url + f"cases/#problem={pid}&practice={tid}")
    page.wait_for_selector(".cb-results tbody tr")
    want = [c.id for c in cases if problem in c.challenge_tags and practice in c.practice_tags]
    assert sorted(listed(page)) == sorted(want)
    assert page.locator(f'details[data-facet="practice"] input[value="{tid}"]').is_checked()
