"""The query fold readers run (fold.js, in Chromium) against its Python twin (search.fold), and the
Pagefind word cutting and excerpt decoding (pagefind-search.js) against theirs (pipeline/pagefind.py).

The build computes the fold map and tests check it with the Python fold; readers get the
JavaScript one.  Both are run here on the same maps (one per edition, from an index of this
library's case pages segmented as Material segments them) and the same queries, typed in either
script: words of the index, their other-script and textbook forms, pieces of words, sentences,
and random strings over the characters the maps touch (ambiguous ones like 发/髮, 云/雲, 干/幹,
characters outside the BMP, digits, Latin and punctuation).  Any difference fails.
"""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any

import pytest

from browsing import chromium
from casebook.model.library import load_library
from casebook.pages.generate import generate
from casebook.pipeline import editions, pagefind
from casebook.pipeline import search as searchdict
from casebook.plugin.theming import THEME_DIR
from casebook.text.chinese import to_simplified, to_traditional

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
ASSETS = THEME_DIR / "assets" / "casebook"
SCRIPT = ASSETS / "search-fold.js"
AMBIGUOUS = "发髮發干幹乾后後云雲台臺系係制製复復里裡裏面麵范範"
EXTRA = "𠀀𠮷12345 abcXYZ，。、“”（）-·"


def segmented_index(script: str) -> dict[str, Any]:
    """An index of the library's case pages in `script`, cut into words as Material cuts them."""
    import jieba

    tokenizer = jieba.Tokenizer(dictionary=str(searchdict.base_dictionary()))
    docs = []
    for path, text in generate(load_library(ROOT)).items():
        if path.startswith("cases/") and path.endswith(".md"):
            text = editions.convert_text(re.sub(r"[#*|>\[\]()`_-]", " ", text), script)
            docs.append({"location": path, "title": "", "text": "\u200b".join(tokenizer.cut(text))})
    return {"config": {"separator": searchdict.DEFAULT_SEPARATOR}, "docs": docs}


def queries(mapping: dict[str, Any], index: dict[str, Any]) -> list[str]:
    rng = random.Random(20261201)
    words = sorted(searchdict.index_words(index))
    picked = rng.sample(words, min(300, len(words)))
    out: list[str] = []
    for foreign, native in mapping["words"]:
        out += [foreign, native, foreign[1:], foreign + native[:1], "的" + foreign]
    for w in picked:
        out += [w, to_traditional(w), to_simplified(w), w[: len(w) // 2 or 1]]
    for a, b in zip(picked[::2], picked[1::2], strict=False):
        out += [a + to_traditional(b), to_simplified(a) + " " + b]
    for doc in index["docs"][:5]:
        sentence = doc["text"].replace("\u200b", "")[:60]
        out += [sentence, to_traditional(sentence), to_simplified(sentence)]
    alphabet = AMBIGUOUS + EXTRA + mapping["from"][:400] + mapping["to"][:400]
    for _ in range(400):
        out.append("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 8))))
    return ["", *dict.fromkeys(out)]


@pytest.fixture(scope="module")
def browser() -> Any:
    with chromium() as b:
        yield b


@pytest.mark.parametrize("script", [editions.HANS, editions.HANT])
def test_javascript_fold_agrees_with_python_fold(browser: Any, script: str) -> None:
    index = segmented_index(script)
    mapping = searchdict.fold_map(index, script)
    asked = queries(mapping, index)
    expected = [searchdict.fold(q, mapping) for q in asked]
    # The test means something only if folding changes queries, by characters and by words.
    changed = sum(e != q for e, q in zip(expected, asked, strict=True))
    assert mapping["words"] and changed > len(asked) // 4, (len(mapping["words"]), changed, len(asked))

    page = browser.new_page()
    page.set_content("<!doctype html><meta charset=utf-8><title>fold</title>")
    page.add_script_tag(content=searchdict.fold_script(mapping))
    page.add_script_tag(content=(ASSETS / "fold.js").read_text("utf-8"))
    page.add_script_tag(content=SCRIPT.read_text("utf-8"))
    got = page.evaluate("qs => qs.map(q => window.casebookSearch.fold(q))", asked)
    # The online editions' search (Pagefind) calls the same fold directly.
    direct = page.evaluate("qs => qs.map(q => window.casebookFoldQuery(q))", asked)
    page.close()
    assert direct == got

    differ = [(q, e, g) for q, e, g in zip(asked, expected, got, strict=True) if e != g]
    assert not differ, (
        f"{len(differ)} of {len(asked)} queries fold differently (query, Python, JS): {differ[:10]}"
    )


def _texts() -> list[str]:
    """Page text and queries for the word cutting: sentences of our case pages in both scripts,
    figures with units, names in quotes, Latin, spaces, and random strings over the characters
    where the rules differ (Han next to digits, full-width punctuation, marks, outside the BMP)."""
    rng = random.Random(20261202)
    out: list[str] = []
    for path, text in generate(load_library(ROOT)).items():
        if path.startswith("cases/") and path.endswith(".md"):
            lines = [line for line in text.splitlines() if HAN_IN.search(line)]
            for line in rng.sample(lines, min(15, len(lines))):
                out += [line, to_traditional(line)]
    out += [
        "“12345”工作法",
        "3430户共12250人",
        "4100余万元；",
        "你好，小店",
        "党",
        "casebook 工具 v2.0",
        "  两端 空格  ",
    ]
    alphabet = "社区党委网格员发髮云雲12345abcXYZ，。、“”（）—·：；% ^`\u2060\u2063\u3000𠀀𠮷_-./"
    for _ in range(400):
        out.append("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))))
    return out


HAN_IN = re.compile("[\u4e00-\u9fff]")


def test_pagefind_words_cut_and_decoded_alike_in_python_and_javascript(browser: Any) -> None:
    texts = _texts()
    words = [pagefind.index_words(t) for t in texts]
    terms = [pagefind.query_terms(t) for t in texts]
    shown = [pagefind.display(" ".join(w)) for w in words]
    # What a page says comes back from its words (spaces as the page has them, one each; its own
    # ^ and `, the marks' characters, as their full-width forms).
    own = str.maketrans({"^": "\uff3e", "`": "\uff40"})
    wrong = [
        t
        for t in texts
        if pagefind.display(" ".join(pagefind.index_words(t))) != " ".join(t.translate(own).split())
    ]
    assert not wrong, wrong[:5]

    page = browser.new_page()
    page.set_content("<!doctype html><meta charset=utf-8><title>cut</title>")
    page.add_script_tag(content=(ASSETS / "pagefind-search.js").read_text("utf-8"))
    got = page.evaluate(
        """ts => ts.map(t => {
            const w = casebookPagefind.indexWords(t)
            return [w, casebookPagefind.terms(t), casebookPagefind.display(w.join(" "))]
        })""",
        texts,
    )
    page.close()
    differ = [
        (t, (w, q, d), g)
        for t, w, q, d, g in zip(texts, words, terms, shown, got, strict=True)
        if [w, q, d] != g
    ]
    assert not differ, f"{len(differ)} of {len(texts)} differ (text, Python, JS): {differ[:5]}"
