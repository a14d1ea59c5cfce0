"""Search that understands our words, in either script: jieba dictionaries, index compaction, and the
character map that lets a query typed in one script find pages written in the other.

Material's search plugin segments Chinese with jieba at build time (words joined by U+200B) and
the browser segments a query greedily against the words in the index.  So the build decides what
counts as a word:

* jieba's own dictionary is Simplified; on the Traditional edition it splits 南召縣云陽鎮 into
  縣云陽鎮.  We hand jieba its dictionary plus the Traditional form of every word (one file for both
  editions, so one process builds both without reloading it).
* Our vocabulary and the names in the cases (一征三议两公开, 红色物业, 网格员, 云钢社区 …) go in a
  user dictionary, in both scripts, so that a query for a name matches the name and not its parts.
* Material writes the index with every Chinese character escaped (six bytes each) and U+200B even
  beside punctuation that already separates words; rewriting it as UTF-8 without the redundant
  marks keeps it under twice the text it indexes.
* A query in the other script is folded before the search worker sees it, with a map computed here
  from OpenCC over the words that are actually in the index (index-side variants would double it).

Everything here is a plain function of the library or of the index; plugin.py only calls it.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from casebook.fsutil import write_once
from casebook.model.library import Library
from casebook.pipeline.editions import HANS, HANT
from casebook.text.chinese import HAN, HAN_RUN_RE, phrase_table, to_simplified, to_traditional

ZWSP = "\u200b"
TAG_RE = re.compile(r"<[^>]*>")
# Material's default separator for Chinese (partials/languages/zh.html), used when an index names none.
DEFAULT_SEPARATOR = r"[\s\u200b\u3000\-、。，．？！；]+"

# Names longer than this are left to jieba: one 12-character token would hide its parts from
# queries (the browser matches a query against the start of index words only).
MAX_WORD = 10


# --- jieba dictionaries ------------------------------------------------------------------------


def _names(lib: Library) -> Iterable[str]:
    for category in ("community_types", "challenges", "practices", "themes"):
        for term in lib.vocab.all(category):
            yield term.label
            yield from term.aliases
    for case in lib.cases:
        yield case.name
        yield from case.aliases
        where = case.location  # its parts in the file's order: jieba weighs a word by those before it
        yield from (getattr(where, k) for k in where.given or ("province", "city", "county", "street"))
        for practice in case.practices:
            yield practice.name
            yield from practice.components


def user_words(lib: Library) -> list[str]:
    """Words jieba must keep whole, in both scripts: vocabulary labels and aliases, the names of
    cases, places, practices and their parts.  A name with punctuation (“五好”工作法) gives its Han
    runs (五好, 工作法): Material hands jieba only runs of Han characters."""
    words: dict[str, None] = {}
    for name in _names(lib):
        for run in HAN_RUN_RE.findall(name):
            if 2 <= len(run) <= MAX_WORD:
                for form in (run, to_traditional(run), to_simplified(run)):
                    words.setdefault(form)
    return list(words)


def _cache_dir() -> Path:
    # jieba keeps its own cache of a dictionary in the temp dir too, keyed by the dictionary's path:
    # a stable, content-named path lets every later build load that cache instead of rebuilding it.
    path = Path(tempfile.gettempdir()) / "casebook-jieba"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _jieba_main_dictionary() -> Path:
    import jieba

    return Path(jieba.__file__).parent / "dict.txt"


def base_dictionary() -> Path:
    """jieba's dictionary plus the Traditional form of each of its words, same frequency and tag."""
    import jieba
    import opencc

    main = _jieba_main_dictionary()
    key = hashlib.sha1(
        "\n".join(
            [
                getattr(jieba, "__version__", ""),
                getattr(opencc, "__version__", ""),
                str(main.stat().st_size),
                repr(phrase_table()),
            ]
        ).encode("utf-8")
    ).hexdigest()[:16]

    def make() -> str:
        lines = main.read_text("utf-8").splitlines()
        words = [line.split(" ", 1)[0] for line in lines]
        # One conversion call for the whole list: building the phrase-aware converter dominates.
        converted = to_traditional("\n".join(words)).split("\n")
        if len(converted) != len(words):  # a phrase crossed a line break: convert one by one
            converted = [to_traditional(w) for w in words]
        seen = set(words)
        extra = []
        for line, word, trad in zip(lines, words, converted, strict=True):
            if trad != word and trad not in seen and " " not in trad:
                seen.add(trad)
                extra.append(trad + line[len(word) :])
        return "\n".join(lines + extra) + "\n"

    return write_once(_cache_dir() / f"dict-{key}.txt", make)


def user_dictionary(lib: Library) -> Path:
    """The user dictionary file for this library (one word a line; jieba picks a frequency that
    keeps each word whole)."""
    text = "".join(f"{w}\n" for w in user_words(lib))
    key = hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
    return write_once(_cache_dir() / f"user-{key}.txt", lambda: text)


# --- what gets indexed, and how much it weighs --------------------------------------------------

# Readers search for cases.  A case page counts more than a page that lists cases; derived views
# (tables, the comparison page, charts, downloads) repeat the case pages in bulk, so indexing them
# would put them first for every query and make the index grow with cases × terms.
CASE_BOOST = 2.0
LIST_BOOST = 0.5
NOT_INDEXED = ("tables/", "compare/", "charts/", "data/")


def is_case_page(src_path: str) -> bool:
    parts = src_path.replace("\\", "/").split("/")
    return parts[0] == "cases" and len(parts) == 2 and parts[1] != "index.md"


_LISTING_RE = re.compile(r"<(table|ul|ol)(?=[\s>])")


def exclude_listings(html: str) -> str:
    """A generated listing page (a term, a region, the glossary) with its tables and lists left out
    of the search index.  They repeat, case by case, what the case pages say: indexed, every query
    would find the same text twice, and the index would hold each case's text about twice over.
    The page's own name, definition and aliases stay searchable.  Material drops the attribute
    from the page once it has read it."""
    return _LISTING_RE.sub(r'<\1 data-search-exclude="listing"', html)


def excluded(meta: Any) -> bool:
    """Does a page's front matter keep it out of the search index (Material's `search: exclude`)?"""
    settings = meta.get("search") if isinstance(meta, dict) else None
    return isinstance(settings, dict) and settings.get("exclude") is True


def search_settings(src_path: str) -> dict[str, Any] | None:
    """Material's per-page `search:` front matter for the page at docs-relative `src_path`
    (None: the default weight).  A page's own front matter wins over this."""
    path = src_path.replace("\\", "/")
    if path.startswith(NOT_INDEXED):
        return {"exclude": True}
    if is_case_page(path):
        return {"boost": CASE_BOOST}
    parts = path.split("/")
    if parts[-1] == "index.md":
        return {"boost": LIST_BOOST}  # the home page and listings (cases/, practices/, glossary/ …)
    return None


# --- the index ------------------------------------------------------------------------------------


def _separator_class(separator: str) -> str | None:
    """The character class of a separator like `[…]+`, or None when it is something else."""
    m = re.fullmatch(r"(\[(?:\\.|[^\]\\])*\])\+?", separator)
    return m.group(1) if m else None


def compact_index(data: dict[str, Any]) -> dict[str, Any]:
    """The same index without U+200B where a separator or a tag boundary already splits words.

    The browser tokenizes text between tags on the separator, so a U+200B beside a separator
    character or a tag changes no word and no highlight; removing it saves three bytes each.
    """
    cls = _separator_class(str(data.get("config", {}).get("separator") or DEFAULT_SEPARATOR))
    if cls is None:
        return data
    # Lookbehind needs a fixed width: each alternative is one character.
    redundant = re.compile(rf"{ZWSP}(?!{ZWSP})(?=[<>]|{cls})|(?<=[<>]|{cls})(?<!{ZWSP}){ZWSP}")
    for doc in data.get("docs", []):
        for field in ("title", "text"):
            value = doc.get(field)
            if isinstance(value, str) and ZWSP in value:
                doc[field] = redundant.sub("", value)
    return data


def dump_index(data: dict[str, Any]) -> str:
    """UTF-8 JSON: Material's own dump escapes every Chinese character to six bytes."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def is_segmented(data: dict[str, Any]) -> bool:
    """False when the index has Chinese text but no word breaks: jieba was not importable and
    Material silently indexed whole sentences, which no query of a word can match."""
    has_words = False
    for doc in data.get("docs", []):
        text = f"{doc.get('title', '')} {doc.get('text', '')}"
        if ZWSP in text:
            return True
        has_words = has_words or bool(re.search(f"[{HAN}]{{2}}", text))
    return not has_words


def index_words(data: dict[str, Any]) -> Counter[str]:
    """How often each Chinese word occurs in the index (titles and text, tags stripped)."""
    separator = re.compile(str(data.get("config", {}).get("separator") or DEFAULT_SEPARATOR))
    counts: Counter[str] = Counter()
    for doc in data.get("docs", []):
        for field in ("title", "text"):
            for token in separator.split(TAG_RE.sub(" ", str(doc.get(field, "")))):
                for run in HAN_RUN_RE.findall(token):
                    counts[run] += 1
    return counts


# --- cross-script query folding -------------------------------------------------------------------

_CJK_BLOCKS = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))


def _all_cjk() -> list[str]:
    return [chr(c) for lo, hi in _CJK_BLOCKS for c in range(lo, hi + 1)]


def _convert_chars(chars: list[str], convert: Any) -> list[str]:
    # One call for all characters, one per line, so no phrase joins two of them.
    out = convert("\n".join(chars)).split("\n")
    return out if len(out) == len(chars) else [convert(c) for c in chars]


def fold_map(data: dict[str, Any], script: str) -> dict[str, Any]:
    """What the browser needs to rewrite a query into the script of the index.

    `script` is the index's script.  A word typed in the other script ("foreign") maps to the word
    in the index; both have the same length, because OpenCC converts character for character.

    * `chars`: foreign character → index character.  Learnt from the index words and their
      foreign forms, majority first (发 → 發 when 發現, 發展 outnumber 頭髮); then, for characters the
      words did not teach, OpenCC's own character mapping (also variant forms such as 裡 → 里),
      kept only when the target occurs in the index.
    * `words`: (foreign, index) pairs for every index word whose characters are ambiguous (头发 →
      頭髮, 云钢 → 云鋼 next to 云南 → 雲南), plus the word itself when it is spelled the same in both
      scripts but contains such a character, so that a native query is not "corrected".
    """
    return fold_map_of(index_words(data), script)


def fold_map_of(counts: Counter[str], script: str) -> dict[str, Any]:
    """fold_map from the index's Chinese words and how often each occurs (Pagefind's index is
    counted while its pages are written: pagefind.build_index)."""
    to_foreign = to_traditional if script == HANS else to_simplified
    to_native = to_simplified if script == HANS else to_traditional
    # Only words written in the index's script teach the map: the Simplified edition quotes
    # Traditional aliases (紅色物業) on purpose, and those must not make 區 look native there.
    listed = list(counts)
    canonical = _convert_chars(_convert_chars(listed, to_simplified), to_native) if script == HANT else None
    simplified = _convert_chars(listed, to_simplified) if script == HANS else None
    words = Counter(
        {
            w: counts[w]
            for i, w in enumerate(listed)
            if (simplified is not None and simplified[i] == w)
            or (canonical is not None and canonical[i] == w)
        }
    )
    native_chars = {ch for w in words for ch in w}

    votes: dict[str, Counter[str]] = defaultdict(Counter)
    pairs: list[tuple[str, str]] = []
    word_list = list(words)
    foreign_forms = _convert_chars(word_list, to_foreign) if word_list else []
    for word, foreign in zip(word_list, foreign_forms, strict=True):
        # Same length, and no character outside the BMP: the browser slices words by UTF-16 unit.
        if len(foreign) != len(word) or any(ord(c) > 0xFFFF for c in foreign + word):
            continue
        pairs.append((foreign, word))
        for f, n in zip(foreign, word, strict=True):
            votes[f][n] += words[word]
    # A foreign character that also occurs in the index as itself votes for staying as it is.
    for ch in native_chars:
        if ch in votes:
            votes[ch][ch] += 0  # present, so ambiguity shows below even with zero weight

    chars: dict[str, str] = {}
    ambiguous: set[str] = set()
    for f, targets in votes.items():
        best = targets.most_common(1)[0][0]
        if len(targets) > 1:
            ambiguous.add(f)
        if best != f:
            chars[f] = best

    # Characters no index word taught: OpenCC's mapping (via the index script for variants),
    # only towards characters the index has and never for a character the index uses itself.
    cjk = _all_cjk()
    for ch, target in zip(cjk, _convert_chars(_convert_chars(cjk, to_foreign), to_native), strict=True):
        if ch in chars or ch in native_chars or len(target) != 1 or target == ch:
            continue
        if target in native_chars:
            chars[ch] = target
    for ch, target in zip(cjk, _convert_chars(cjk, to_native), strict=True):
        if ch not in chars and ch not in native_chars and len(target) == 1 and target in native_chars:
            if target != ch:
                chars[ch] = target

    word_pairs: dict[str, str] = {}
    for foreign, word in pairs:
        if any(f in ambiguous for f in foreign):
            word_pairs.setdefault(foreign, word)
            if any(n in chars for n in word):
                word_pairs.setdefault(word, word)
    if script == HANT:
        # Our phrase table keeps some names as their sources write them (云鋼, 云陽鎮); a reader who
        # types the textbook form (雲鋼) must still find them.
        plain = _plain_s2t()
        for foreign, word in pairs:
            textbook = plain.convert(foreign)
            if textbook != word and len(textbook) == len(word):
                word_pairs.setdefault(textbook, word)
    keys = sorted(chars)
    return {
        "script": script,
        "from": "".join(keys),
        "to": "".join(chars[k] for k in keys),
        "words": sorted(word_pairs.items(), key=lambda kv: (-len(kv[0]), kv[0])),
    }


@functools.cache
def _plain_s2t() -> Any:
    import opencc

    return opencc.OpenCC("s2t")


def fold_script(mapping: dict[str, Any]) -> str:
    """The map as a script that sets `window.casebookFold` for search-fold.js (plugin/theme/assets)."""
    body = json.dumps(mapping, ensure_ascii=False, separators=(",", ":"))
    return f"/* 由 casebook 构建时生成：跨繁简搜索的字词映射 */\nwindow.casebookFold={body};\n"


def fold(query: str, mapping: dict[str, Any]) -> str:
    """The browser's folding, in Python: tests and tools use it to check a map without a browser.

    Must do what search-fold.js does: at each position the longest piece (two characters or more)
    found inside a listed word takes that word's spelling; any other character goes through `chars`.
    """
    chars = dict(zip(mapping["from"], mapping["to"], strict=True))
    words = [(str(key), str(value)) for key, value in mapping["words"]]
    longest = max((len(k) for k, _ in words), default=0)
    out: list[str] = []
    i = 0
    while i < len(query):
        done = False
        for size in range(min(longest, len(query) - i), 1, -1):
            piece = query[i : i + size]
            for key, value in words:
                at = key.find(piece)
                if at >= 0:
                    out.append(value[at : at + size])
                    i += size
                    done = True
                    break
            if done:
                break
        if not done:
            out.append(chars.get(query[i], query[i]))
            i += 1
    return "".join(out)
