"""Search and the language switch as a reader uses them, in Debian's Chromium: queries we wrote
(names, places, practices, figures), each typed in both scripts on both editions, must bring up
the case they are about among the first three results."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from browsing import serve_directory
from casebook.plugin.search import UI
from casebook.text.chinese import HAN, to_simplified, to_traditional
from projects import copy_project

ROOT = Path(__file__).resolve().parents[1]

pytestmark = [pytest.mark.browser, pytest.mark.site]

# (Simplified, Traditional, the case it is about).  Traditional as a Traditional reader types it:
# 雲鋼 and 雲陽鎮, although our edition keeps the source's 云 in these names.
QUERIES = [
    ("沙坝社区", "沙壩社區", "kunming-shaba"),
    ("东川", "東川", "kunming-shaba"),
    ("铜都街道", "銅都街道", "kunming-shaba"),
    ("敲门行动", "敲門行動", "kunming-shaba"),
    ("居家养老服务中心", "居家養老服務中心", "kunming-shaba"),
    ("云钢社区", "雲鋼社區", "nanyang-yungang"),
    ("南召县", "南召縣", "nanyang-yungang"),
    ("云阳镇", "雲陽鎮", "nanyang-yungang"),
    ("一征三议两公开", "一徵三議兩公開", "nanyang-yungang"),
    ("五好工作法", "五好工作法", "nanyang-yungang"),
    ("4100余万元", "4100餘萬元", "nanyang-yungang"),
    ("微网格员", "微網格員", "nanyang-yungang"),
    ("棚户区改造", "棚戶區改造", "nanyang-yungang"),
    ("马东", "馬東", "nanyang-yungang"),
    ("文化路社区", "文化路社區", "xiaogan-wenhualu"),
    ("孝感", "孝感", "xiaogan-wenhualu"),
    ("红色驿站", "紅色驛站", "xiaogan-wenhualu"),
    ("三单服务", "三單服務", "xiaogan-wenhualu"),
    ("3430户", "3430戶", "xiaogan-wenhualu"),
    ("民族社区", "民族社區", "xinyang-minzu"),
    ("信阳", "信陽", "xinyang-minzu"),
    ("五里墩", "五里墩", "xinyang-minzu"),
    ("红色家园综合体", "紅色家園綜合體", "xinyang-minzu"),
    ("你好小店", "你好小店", "xinyang-minzu"),
    ("红色物业", "紅色物業", "xinyang-minzu"),
    ("文昌花园", "文昌花園", "yangzhou-wenchanghuayuan"),
    ("扬州", "揚州", "yangzhou-wenchanghuayuan"),
    ("曲江街道", "曲江街道", "yangzhou-wenchanghuayuan"),
    ("党建微家", "黨建微家", "yangzhou-wenchanghuayuan"),
    ("家门口的饭碗", "家門口的飯碗", "yangzhou-wenchanghuayuan"),
    ("温馨服务卡", "溫馨服務卡", "yangzhou-wenchanghuayuan"),
    ("党员中心户", "黨員中心戶", "yangzhou-wenchanghuayuan"),
    ("417名党员", "417名黨員", "yangzhou-wenchanghuayuan"),
]
EDITIONS = {"hans": "", "hant": "zh-hant/"}
CASES = [
    pytest.param(edition, query, case_id, id=f"{edition}-{query}")
    for edition in EDITIONS
    for simplified, traditional, case_id in QUERIES
    for query in (simplified, traditional)
]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    project = copy_project(tmp_path_factory.mktemp("project"))
    out = project / "site"
    result = subprocess.run(
        [sys.executable, "-m", "casebook.cli", "build", "--root", str(project), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    with serve_directory(out) as url:
        yield url


@pytest.fixture(scope="module")
def search_page(browser: Any, base_url: str) -> Iterator[Callable[[str], Any]]:
    """One page per edition, opened once, with the search box focused."""
    pages: dict[str, Any] = {}

    def get(edition: str) -> Any:
        if edition not in pages:
            page = browser.new_page()
            page.goto(base_url + EDITIONS[edition] + "cases/")
            page.click("input.md-search__input")
            pages[edition] = page
        return pages[edition]

    yield get
    for page in pages.values():
        page.close()


def search(page: Any, query: str) -> list[str]:
    """Type a query the way a reader does and return the result groups' links, best first."""
    box = page.locator("input.md-search__input")
    box.fill("")
    # The box is empty again before the query is typed, so the previous results cannot pass
    # for this query's (they may be the same query).
    page.wait_for_function("() => document.querySelector('[data-casebook-search]').dataset.state === 'idle'")
    box.press_sequentially(query)
    page.wait_for_function(
        "q => { const b = document.querySelector('[data-casebook-search]');"
        " return b.dataset.query === q && /done|failed/.test(b.dataset.state) }",
        arg=query,
    )
    assert page.locator("[data-casebook-search]").get_attribute("data-state") == "done"
    return page.eval_on_selector_all(
        ".md-search-result__list > .md-search-result__item",
        "items => items.map(li => li.querySelector('a').href)",
    )


@pytest.mark.parametrize(("edition", "query", "case_id"), CASES)
def test_query_finds_its_case_in_the_top_three(
    search_page: Callable[[str], Any], base_url: str, edition: str, query: str, case_id: str
) -> None:
    links = search(search_page(edition), query)
    top = [link.split("?")[0].split("#")[0] for link in links[:3]]
    assert base_url + EDITIONS[edition] + f"cases/{case_id}/" in top, (query, top)


@pytest.mark.parametrize(
    ("edition", "query", "title"), [("hans", "微網格員", "云钢社区"), ("hant", "微网格员", "云鋼社區")]
)
def test_result_shows_the_case_title_and_a_clean_snippet(
    search_page: Callable[[str], Any], edition: str, query: str, title: str
) -> None:
    page = search_page(edition)
    search(page, query)
    first = page.locator(".md-search-result__list > .md-search-result__item").first
    assert first.locator("article h1").first.inner_text().strip() == title
    snippets = first.locator("article").all_inner_texts()
    text = "\n".join(snippets)
    assert "网格" in text or "網格" in text
    for junk in ("<", ">", "**", "|", "&lt;", "&amp;", "{#", "###"):
        assert junk not in text, (junk, text)


def test_language_switch_lands_on_the_same_page(browser: Any, base_url: str) -> None:
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(base_url + "cases/xinyang-minzu/")
    assert page.locator("h1").first.inner_text() == "民族社区"
    page.locator(".md-header__option .md-select").hover()
    page.locator("a[hreflang=zh-Hant]").click()
    page.wait_for_url(base_url + "zh-hant/cases/xinyang-minzu/")
    assert page.locator("html").get_attribute("lang") == "zh-Hant"
    assert page.locator("h1").first.inner_text() == "民族社區"
    page.locator(".md-header__option .md-select").hover()
    page.locator("a[hreflang=zh-Hans]").click()
    page.wait_for_url(base_url + "cases/xinyang-minzu/")
    assert page.locator("h1").first.inner_text() == "民族社区"
    assert not errors, errors
    page.close()


def test_language_switch_keeps_the_compared_cases(browser: Any, base_url: str) -> None:
    # The compare page keeps its chosen cases in the #hash; switching editions keeps the comparison.
    page = browser.new_page()
    page.goto(base_url + "compare/#c=kunming-shaba,nanyang-yungang")
    page.locator(".md-header__option .md-select").hover()
    page.locator("a[hreflang=zh-Hant]").click()
    page.wait_for_url(base_url + "zh-hant/compare/#c=kunming-shaba,nanyang-yungang")
    page.wait_for_function("() => document.querySelectorAll('select')[1].value === 'nanyang-yungang'")
    assert "沙壩社區" in page.locator("article").inner_text()
    page.close()


@pytest.mark.parametrize("edition", list(EDITIONS))
def test_a_number_finds_the_pages_that_name_it(
    search_page: Callable[[str], Any], base_url: str, edition: str
) -> None:
    # “12345”工作法: the number is a word of its own, quotes and all.  The case pages that name it
    # come first, then the other pages that do (the home page names the method too).
    named = sorted(
        {p.parent.name for p in (ROOT / "cases").glob("*/case.*") if "12345" in p.read_text("utf-8")}
    )
    assert named
    links = [link.split("#")[0] for link in search(search_page(edition), "12345")]
    cases = [base_url + EDITIONS[edition] + f"cases/{case_id}/" for case_id in named]
    assert sorted(links[: len(cases)]) == cases, links
    assert base_url + EDITIONS[edition] in links, links


@pytest.mark.parametrize(
    ("edition", "query"), [("hans", "微網格員"), ("hant", "微网格员"), ("hans", "一征三议两公开")]
)
def test_snippet_shows_the_words_around_the_hit(
    search_page: Callable[[str], Any], edition: str, query: str
) -> None:
    page = search_page(edition)
    search(page, query)
    first = page.locator(".md-search-result__list > .md-search-result__item").first
    snippet = first.locator("p.casebook-search__excerpt").first
    text = snippet.inner_text()
    marked = "".join(snippet.locator("mark").all_inner_texts())
    native = to_traditional(query) if edition == "hant" else to_simplified(query)
    assert native in text and len(text) >= len(native) + 20, text  # the hit and text around it
    assert native in marked, (marked, text)  # the hit is highlighted, whole
    assert not re.search(f"[{HAN}] [{HAN}]", text), text  # no word breaks shown as spaces
    assert "^" not in text and "`" not in text, text  # the marks of pagefind.py


def test_search_box_speaks_the_edition_s_script(search_page: Callable[[str], Any]) -> None:
    hans, hant = search_page("hans"), search_page("hant")
    hint = hant.locator("[data-casebook-search]").get_attribute("data-placeholder")
    assert hint == to_traditional(UI["placeholder"]) != UI["placeholder"]
    assert hans.locator("[data-casebook-search]").get_attribute("data-placeholder") == UI["placeholder"]
    search(hant, "齉龘")
    assert hant.locator(".md-search-result__meta").inner_text().strip() == "沒有找到符合條件的結果"
    search(hant, "社區")
    meta = hant.locator(".md-search-result__meta").inner_text()
    assert re.fullmatch(r"找到 \d+ 個結果", meta.strip()), meta


def test_online_editions_fetch_a_few_index_chunks_not_a_lunr_index(browser: Any, base_url: str) -> None:
    page = browser.new_page()
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url))
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(base_url + "zh-hant/cases/")
    page.click("input.md-search__input")
    links = search(page, "紅色物業")
    assert base_url + "zh-hant/cases/xinyang-minzu/" in [link.split("#")[0] for link in links[:3]]
    assert not [u for u in fetched if "search_index" in u or "/workers/search" in u], fetched
    chunks = [u for u in fetched if u.startswith(base_url + "zh-hant/pagefind/index/")]
    assert chunks, fetched
    assert not errors, errors
    page.close()


def test_the_search_engine_is_ready_before_the_reader_types(browser: Any, base_url: str) -> None:
    """Pagefind's script, wasm and page list are fetched once the page has loaded, so the first
    query waits only for its own index chunk; the index chunks themselves wait for a query."""
    page = browser.new_page()
    fetched: list[str] = []
    page.on("requestfinished", lambda r: fetched.append(r.url))
    page.goto(base_url + "cases/", wait_until="load")
    for _ in range(100):  # the engine loads in a worker: its requests are seen here, not in the page
        if any("pagefind-entry.json" in u for u in fetched):
            break
        page.wait_for_timeout(100)
    page.wait_for_timeout(300)
    bundle = [u.split("?")[0].rsplit("/", 1)[-1] for u in fetched if "/pagefind/" in u]
    assert "pagefind.js" in bundle and "pagefind-entry.json" in bundle, bundle
    assert not [u for u in fetched if "/pagefind/index/" in u or "/pagefind/fragment/" in u], fetched
    page.close()


def test_letters_inside_an_input_method_are_not_searched(browser: Any, base_url: str) -> None:
    """A reader typing 网格 with pinyin sends input events for "wangge" while the input method
    composes; only the characters it commits are searched."""
    page = browser.new_page()
    page.goto(base_url + "cases/")
    page.click("input.md-search__input")
    page.evaluate(
        """() => { const box = document.querySelector('input.md-search__input');
        box.value = 'wangge';
        box.dispatchEvent(new InputEvent('input', { bubbles: true, isComposing: true, data: 'wangge' })); }"""
    )
    page.wait_for_timeout(600)
    assert page.locator("[data-casebook-search]").get_attribute("data-query") in (None, "")
    page.evaluate(
        """() => { const box = document.querySelector('input.md-search__input');
        box.value = '网格';
        box.dispatchEvent(new CompositionEvent('compositionend', { bubbles: true, data: '网格' })); }"""
    )
    page.wait_for_function(
        "() => { const b = document.querySelector('[data-casebook-search]');"
        " return b.dataset.query === '网格' && b.dataset.state === 'done' }"
    )
    assert page.locator(".md-search-result__item").count() > 0
    page.close()


def test_a_lone_first_character_waits_for_the_next(browser: Any, base_url: str) -> None:
    """Typed key by key, 网格 is searched as 网格, not first as 网 (a prefix of hundreds of words
    at 10,000 cases, whose search held up the query that followed); 网 alone is still searched
    once typing pauses."""
    page = browser.new_page()
    page.goto(base_url + "cases/")
    page.click("input.md-search__input")
    page.evaluate(
        """() => { window.__queries = [];
        new MutationObserver(() => window.__queries.push(document.querySelector('[data-casebook-search]').dataset.query))
          .observe(document.querySelector('[data-casebook-search]'), { attributes: true, attributeFilter: ['data-query'] }); }"""
    )
    page.locator("input.md-search__input").press_sequentially("网格", delay=30)
    page.wait_for_function(
        "() => { const b = document.querySelector('[data-casebook-search]');"
        " return b.dataset.query === '网格' && b.dataset.state === 'done' }"
    )
    assert "网" not in page.evaluate("() => window.__queries")
    page.locator("input.md-search__input").fill("")
    page.locator("input.md-search__input").press_sequentially("网")
    page.wait_for_function(
        "() => { const b = document.querySelector('[data-casebook-search]');"
        " return b.dataset.query === '网' && b.dataset.state === 'done' }"
    )
    assert page.locator(".md-search-result__item").count() > 0
    page.close()
