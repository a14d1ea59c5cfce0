"""Pagefind for the online editions: a chunked static index, so a reader's first query downloads a
few small pieces instead of the whole library (lunr needed 12.8 MB at 1,000 cases).

Pagefind's own Chinese support disagrees with itself: at build time the extended binary cuts
text with jieba's rules, in the browser the query is cut by `Intl.Segmenter`, and where the two
cut a word differently the query finds nothing (微网格员, 南召县 and most Traditional queries found
nothing in our trial).  So the project decides the words on both sides, the same way, without a
dictionary in the browser:

* Every run of Han characters is indexed as overlapping pairs (社区党委 → 社区 区党 党委), across
  full-width punctuation too (“五好”工作法 → 五好 好工 工作 作法, so 五好工作法 matches); digits
  and Latin letters are words of their own (3430户 → 3430 户).
* The browser (theme/assets/casebook/pagefind-search.js) folds the query into the edition's
  script (the fold map of search.py, shared with the offline packs' lunr search) and cuts it into
  the same pairs; a query that is one run is searched as a phrase (consecutive pairs = the
  substring), then, if nothing matched, as pairs anywhere in the page.
* Pagefind rebuilds its excerpts from the indexed words joined by spaces.  Two marks at the start
  of a word (GLUE `^`: this word followed the previous one without a space; NEXT `` ` ``: this pair
  repeats the last character of the previous one) let the browser turn an excerpt back into the
  page's text.  Pagefind drops both from the indexed word (they are not word characters).  They
  are ASCII punctuation on purpose: Pagefind indexes a word holding any other non-word character
  a second time, mark included, as a "compound part" that no query can reach.  With invisible
  Unicode marks that doubled the index (9.9 MB instead of 5.6 MB at 1,000 cases) and the memory
  Pagefind needs to build it (1.65 GB instead of 0.99 GB).  The page's own ^ and ` are indexed
  as their full-width forms, so a mark in an excerpt is always ours.

Pagefind indexes a shadow copy of each page (the article only, with the words cut as above),
written to a temp folder that mirrors the site's paths, so result URLs are the pages' own.  The
index is declared as language `und`, which Pagefind neither segments nor stems.
"""

from __future__ import annotations

import gzip
import html
import itertools
import json
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from casebook.errors import CasebookError
from casebook.fsutil import replace_dir, staging_dir
from casebook.pipeline import search as searchdict
from casebook.text.chinese import HAN, HAN_RUN_RE

GLUE = "^"  # no space before this word in the page
NEXT = "`"  # this pair's first character ends the previous word
# The page's own marks, as their full-width forms (see the module docstring)
_OWN_MARKS = str.maketrans({GLUE: "\uff3e", NEXT: "\uff40"})
_GLUE, _NEXT = re.escape(GLUE), re.escape(NEXT)
BUNDLE = "pagefind"
LANGUAGE = "und"
EXCERPT_WORDS = 40

# Weights Pagefind multiplies a page's words by (its scale is 0-10, default 1): a reader looking
# for a case should see the case page before the pages that list it.
CASE_WEIGHT = 4.0
LIST_WEIGHT = 0.5
TITLE_WEIGHT = 10.0  # the page's own title (its h1): a query naming a case finds that case first

_WORD_RE = re.compile(rf"[^\W{HAN}]+")  # digits, Latin and other word characters that are not Han
_HAN_RE = re.compile(f"[{HAN}]")
_ENDS_RE = re.compile(r"[^\w\s]$")  # a block that already ends with punctuation
_NOT_WORD_RE = re.compile(r"[^\w]")
_BLOCKS = ("p", "li", "td", "th", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "caption")
_SKIP_XPATH = (
    ".//script | .//style | .//a[contains(@class, 'headerlink')] | .//*[@data-search-exclude]"
    " | .//*[@data-pagefind-ignore] | .//*[contains(@class, 'md-source-file')]"
    " | .//*[contains(@class, 'md-content__button')]"
)


class PagefindError(CasebookError):
    """Pagefind is missing or failed; the message says what to install or look at."""


# --- words ------------------------------------------------------------------------------------------


def _pieces(chunk: str) -> Iterator[str]:
    """A whitespace-free chunk cut where Han text meets digits or Latin (3430户 → 3430, 户)."""
    pos = 0
    for m in _WORD_RE.finditer(chunk):
        if m.start() > pos:
            yield chunk[pos : m.start()]
        yield m.group(0)
        pos = m.end()
    if pos < len(chunk):
        yield chunk[pos:]


def _pairs(piece: str, han: list[int]) -> list[str]:
    """Han text (with punctuation between) as overlapping pairs; every character of the piece is in
    the output exactly once once NEXT words drop their first character.  `han`: where the Han
    characters are."""
    if len(han) < 2:
        return [piece]
    if len(han) == len(piece):  # Han only, the common case
        return [piece[:2]] + [NEXT + piece[k : k + 2] for k in range(1, len(piece) - 1)]
    # Pair k runs from its first Han character (the piece's start for the first pair) to just
    # after its second (the piece's end for the last pair, so trailing punctuation stays).
    inner = han[1:-1]
    if not inner:
        return [piece]
    ends = [h + 1 for h in inner[1:]] + [len(piece)]
    return [piece[: inner[0] + 1]] + [NEXT + piece[a:b] for a, b in zip(inner, ends, strict=True)]


def _cut(text: str, units: list[str] | None) -> list[str]:
    """index_words; `units`: add the Chinese words the pairs are searched as (what query_terms
    gives for them: the Han characters two by two, or the one of a piece that has one)."""
    out: list[str] = []
    for chunk in text.translate(_OWN_MARKS).split():
        for i, piece in enumerate(_pieces(chunk)):
            han = [m.start() for m in _HAN_RE.finditer(piece)]
            words = _pairs(piece, han) if han else [piece]
            if units is not None and han:
                chars = [piece[h] for h in han]
                if "".join(chars).isalnum():
                    units += chars if len(chars) == 1 else [a + b for a, b in itertools.pairwise(chars)]
                else:  # a code point in the Han blocks that is not a letter: as _plain sees it
                    units += [run for w in words for run in HAN_RUN_RE.findall(_plain(w))]
            if i:
                words[0] = GLUE + words[0]
            out += words
    return out


def index_words(text: str) -> list[str]:
    """`text` as the words Pagefind should index, marks included (see the module docstring)."""
    return _cut(text, None)


def display(words: str) -> str:
    """Pagefind's excerpt (the words joined by spaces, maybe with <mark> tags) as the page's text;
    the browser script does the same (pagefind-search.js: display)."""
    tags = r"((?:</?mark>)*)"
    # A highlight that starts at a pair: the pair's first character ends the word before it
    text = re.sub(rf"(.)\s<mark>{_NEXT}\1", r"<mark>\1", words)
    text = re.sub(rf"\s{tags}{_NEXT}.", r"\1", text)  # a pair after a space: its first character is shown
    text = re.sub(rf"\s{tags}{_GLUE}", r"\1", text)
    return text.replace(NEXT, "").replace(GLUE, "")


def query_terms(query: str) -> list[str]:
    """The words a query is searched as: what index_words gives for it, without the marks, lowercase
    (pagefind-search.js: terms)."""
    out: list[str] = []
    for word in index_words(query):
        plain = _plain(word)
        if plain:
            out.append(plain)
    return out


def _plain(word: str) -> str:
    """An indexed word as it is searched: marks and punctuation dropped, lowercase."""
    return _NOT_WORD_RE.sub("", word).lower()


# --- the shadow pages -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Shadow:
    title: str
    blocks: list[tuple[str, str | None, str]]  # (tag, id, text)


_ARTICLE_RE = re.compile(r"<article\b[^>]*>(.*)</article>", re.S)
# Added to a page kept out of the index by its front matter (steps.finish_content)
EXCLUDED_PAGE = '<div hidden data-search-exclude="page"></div>'


def read_page(page_html: str) -> Shadow | None:
    """The title and text blocks of a built page's article (None: nothing to index)."""
    import lxml.html  # type: ignore[import-untyped]

    m = _ARTICLE_RE.search(page_html)
    if not m or not m.group(1).strip() or EXCLUDED_PAGE in m.group(1):
        return None
    root = lxml.html.fragment_fromstring(m.group(1), create_parent="div")
    for el in root.xpath(_SKIP_XPATH):
        el.drop_tree()
    blocks: list[tuple[str, str | None, str]] = []
    for el in root.iter(*_BLOCKS):  # document order
        if next(itertools.islice(el.iter(*_BLOCKS), 1, None), None) is not None:
            continue  # a list item holding paragraphs: its paragraphs come on their own
        text = " ".join(el.text_content().split())
        if text:
            blocks.append((el.tag, el.get("id"), text))
    title_m = re.search(r"<title>(.*?)</title>", page_html, re.S)
    h1 = next((text for tag, _, text in blocks if tag == "h1"), None)
    title = h1 or (html.unescape(title_m.group(1)).split(" - ")[0].strip() if title_m else "")
    return Shadow(title, blocks) if blocks else None


def shadow_html(page: Shadow, weight: float, counts: Counter[str] | None = None) -> str:
    """The page as Pagefind should see it: its words cut, its headings' ids kept (results link to
    the section), its title as metadata.  `counts`: add the Chinese words indexed (what
    query_terms gives for each block), for the fold map, without cutting the text twice."""
    units: list[str] | None = [] if counts is not None else None
    parts = [
        f'<!doctype html><html lang="{LANGUAGE}"><head><meta charset="utf-8"><title></title></head>',
        f'<body><main data-pagefind-body data-pagefind-weight="{weight}"'
        f' data-pagefind-meta="title:{html.escape(page.title)}">',
    ]
    for tag, id_, text in page.blocks:
        block = tag if tag.startswith("h") else "p"
        ident = f' id="{html.escape(id_)}"' if id_ and block.startswith("h") else ""
        if tag == "h1":
            ident += f' data-pagefind-weight="{TITLE_WEIGHT}"'
        if not _ENDS_RE.search(text):
            text += "。"  # else Pagefind ends the block with "." in excerpts
        words = _cut(text, units)
        parts.append(f"<{block}{ident}>{html.escape(' '.join(words))}</{block}>")
    parts.append("</main></body></html>")
    if counts is not None and units:
        counts.update(units)
    return "".join(parts)


def page_weight(rel: str) -> float | None:
    """Weight of the page at site-relative `rel` (cases/x/index.html); None: not indexed (the pages
    Material's search leaves out too: search.NOT_INDEXED).  A built page no longer says whether it
    came from `x.md` or `x/index.md`; a section's own page (one level down) counts as a listing."""
    if rel.startswith(searchdict.NOT_INDEXED):
        return None
    where = rel[: -len("index.html")].rstrip("/") if rel.endswith("index.html") else rel[: -len(".html")]
    if searchdict.is_case_page(where + ".md"):
        return CASE_WEIGHT
    return LIST_WEIGHT if "/" not in where else 1.0


def edition_pages(site_dir: Path, skip: Iterable[str]) -> Iterator[tuple[str, Path]]:
    """(site-relative path, file) of every page of the edition in `site_dir`, leaving out the
    folders of other editions inside it (`skip`), assets and the 404 page."""
    skipped = {s.strip("/") for s in skip if s} | {"assets", "search", BUNDLE}
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir).as_posix()
        if rel.split("/")[0] in skipped or rel == "404.html":
            continue
        yield rel, path


# --- the index ------------------------------------------------------------------------------------


def executable() -> Path:
    """The Pagefind binary that PyPI's `pagefind[extended]` installs."""
    try:
        from pagefind.service import get_executable
    except ImportError as e:
        raise PagefindError(
            "没有安装 Pagefind，在线版的搜索索引无法生成。请运行 pip install -e . 安装依赖（pagefind[extended]）后重试。"
        ) from e
    found = get_executable()
    if found is None or not Path(found).is_file():
        raise PagefindError(
            "找不到 Pagefind 的可执行文件：请重新安装 pagefind[extended]（pip install -e .）。"
        )
    return Path(found)


@dataclass(frozen=True)
class IndexStats:
    pages: int
    bytes: int
    words: Counter[str]  # the indexed Chinese pairs (and single characters), how often, for the fold map
    parts: tuple[str, ...] = ()  # the bundles merged into the first one in the browser (part-2/, …)


# Pagefind holds every indexed word of every page in memory while it builds: with our pairs about
# 0.3 GB plus 0.8 MB a case page (a single run over 10,000 case pages was killed for want of
# memory).  So a large edition is indexed in parts of at most PART_PAGES pages, one Pagefind run
# each, one at a time; the browser merges them (pagefind-search.js: mergeIndex) and ranks their
# results together.  Fewer parts make a first query faster (one page list and one chunk a part).
PART_PAGES = 2000

# Set by `casebook build` (pipeline/build.py) when it indexes the editions itself once all are
# built: an edition's post-build step then only writes its shadow pages into DEFER/<script>/, and
# the Pagefind runs happen after the MkDocs processes have ended and given their memory back.
DEFER: Path | None = None
# The editions that will search another edition's index (build.index_editions): their shadow
# pages need no word counts, and their fold map is the other edition's.
DERIVED: frozenset[str] = frozenset()


def part_name(k: int) -> str:
    """The folder of part k (0-based) inside the bundle; part 0 is the bundle itself."""
    return "" if k == 0 else f"part-{k + 1}/"


def write_shadows(site_dir: Path, skip: Iterable[str], folder: Path, counted: bool = True) -> IndexStats:
    """The shadow pages of the edition in `site_dir`, in part folders folder/0/, folder/1/, … (only
    parts that hold a page exist); `bytes` is 0 (nothing indexed yet), `words` empty unless
    `counted`."""
    # Counted, not listed: at 10,000 cases a list of every indexed pair held tens of millions of
    # strings.
    words: Counter[str] = Counter()
    # The pages their front matter keeps out are left out before the pages are shared out among
    # the parts, which are then of the same size.
    # (Each page is read twice rather than held: at 10,000 cases their text is over 600 MB.)
    pages = [
        (rel, path, w)
        for rel, path in edition_pages(site_dir, skip)
        if (w := page_weight(rel)) is not None and EXCLUDED_PAGE not in path.read_text("utf-8")
    ]
    parts = max(1, -(-len(pages) // PART_PAGES))
    per_part = -(-len(pages) // parts) if pages else 1
    count = 0
    used = [False] * parts
    for i, (rel, path, weight) in enumerate(pages):
        page = read_page(path.read_text("utf-8"))
        if page is None:
            continue
        dest = folder / str(i // per_part) / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(shadow_html(page, weight, words if counted else None), "utf-8")
        used[i // per_part] = True
        count += 1
    names = tuple(part_name(k) for k in range(sum(used)))
    return IndexStats(count, 0, words, names[1:])


def shadow_parts(folder: Path) -> list[Path]:
    """The part folders write_shadows made, in order."""
    found = [p for p in folder.iterdir() if p.is_dir() and p.name.isdigit()] if folder.is_dir() else []
    return sorted(found, key=lambda p: int(p.name))


def index_shadows(folder: Path, site_dir: Path) -> int:
    """Pagefind over the shadow parts in `folder`, into `site_dir/pagefind/` (replaced whole on
    success); the bundle's bytes."""
    binary = executable()
    out = staging_dir(site_dir / BUNDLE)
    try:
        for k, shadow in enumerate(shadow_parts(folder)):
            name = part_name(k)
            _run(binary, shadow, out / name if name else out)
        replace_dir(out, site_dir / BUNDLE)
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return _tree_bytes(site_dir / BUNDLE)


def build_index(site_dir: Path, skip: Iterable[str] = ()) -> IndexStats:
    """Index the edition in `site_dir` into `site_dir/pagefind/` (replaced whole on success)."""
    with tempfile.TemporaryDirectory(prefix="casebook-pagefind-") as tmp:
        stats = write_shadows(site_dir, skip, Path(tmp))
        if not stats.pages:
            return stats
        size = index_shadows(Path(tmp), site_dir)
    return IndexStats(stats.pages, size, stats.words, stats.parts)


def _tree_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


# --- an edition that searches another's index -----------------------------------------------------
#
# The Traditional edition has the same pages as the Simplified one, character for character in
# another script.  Indexing it again cost as much as indexing the Simplified edition (half of all
# Pagefind time at 10,000 cases).  Instead it searches the Simplified index: its queries are folded
# into Simplified (its fold map is the Simplified edition's), and only what a reader sees is its
# own, in its own script: the excerpts, section titles and page titles in Pagefind's fragments,
# which are rewritten from its own shadow pages, word for word, so that every highlight position
# in the index still points at the same word.

_SIGNATURE = b"pagefind_dcd"
_BLOCK_RE = re.compile(r"<(p|h[1-6])\b[^>]*>(.*?)</\1>", re.S)
_TITLE_RE = re.compile(r'data-pagefind-meta="title:([^"]*)"')


@dataclass(frozen=True)
class _Own:
    title: str
    words: list[str]


def _own_pages(folder: Path) -> dict[str, Path]:
    """Site-relative path → shadow page, over every part of `folder`."""
    return {
        path.relative_to(part).as_posix(): path
        for part in shadow_parts(folder)
        for path in part.rglob("*.html")
    }


def _read_own(path: Path) -> _Own:
    text = path.read_text("utf-8")
    words = [w for m in _BLOCK_RE.finditer(text) for w in html.unescape(m.group(2)).split(" ")]
    title = _TITLE_RE.search(text)
    return _Own(html.unescape(title.group(1)) if title else "", words)


def _aligned(theirs: list[str], own: list[str]) -> bool:
    return len(theirs) == len(own) and all(len(a) == len(b) for a, b in zip(theirs, own, strict=True))


def _convert_words(words: list[str], convert: Callable[[str], str]) -> list[str]:
    """Each word in the other script, as many words as before (one conversion call for all)."""
    out = convert("\n".join(words)).split("\n")
    return out if len(out) == len(words) else [convert(w) for w in words]


def derive_fragment(data: bytes, own: dict[str, Path], convert: Callable[[str], str]) -> bytes:
    """A fragment of the source index (Pagefind's gzipped JSON) with the text of the edition whose
    shadow pages are `own`; `convert` turns source text into that edition's script where a page
    is missing or its words do not line up (then each word is converted on its own, so that the
    positions still hold)."""
    raw = gzip.decompress(data)
    frag = json.loads(raw[len(_SIGNATURE) :] if raw.startswith(_SIGNATURE) else raw)
    url = str(frag.get("url", "")).lstrip("/")
    rel = url + "index.html" if url.endswith("/") or not url else url
    theirs = str(frag.get("content", "")).split(" ")
    page = _read_own(own[rel]) if rel in own else None
    words = (
        page.words if page is not None and _aligned(theirs, page.words) else _convert_words(theirs, convert)
    )
    frag["content"] = " ".join(words)
    for anchor in frag.get("anchors", []):
        text = str(anchor.get("text", "")).split(" ")
        at = anchor.get("location")
        if isinstance(at, int) and theirs[at : at + len(text)] == text:
            anchor["text"] = " ".join(words[at : at + len(text)])
        else:
            anchor["text"] = convert(" ".join(text))
    meta = frag.get("meta")
    if isinstance(meta, dict) and "title" in meta:
        meta["title"] = page.title if page is not None and page.title else convert(str(meta["title"]))
    body = json.dumps(frag, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return gzip.compress(_SIGNATURE + body, compresslevel=6, mtime=0)


def derive_bundle(source_site: Path, own_shadows: Path, site_dir: Path, convert: Callable[[str], str]) -> int:
    """`site_dir/pagefind/` as a copy of `source_site/pagefind/` with its fragments in the words of
    the shadow pages in `own_shadows` (replaced whole on success); the bundle's bytes."""
    source = source_site / BUNDLE
    own = _own_pages(own_shadows)
    out = staging_dir(site_dir / BUNDLE)
    try:
        for path in sorted(source.rglob("*")):
            dest = out / path.relative_to(source)
            if path.is_dir():
                dest.mkdir(parents=True, exist_ok=True)
            elif path.suffix == ".pf_fragment":
                dest.write_bytes(derive_fragment(path.read_bytes(), own, convert))
            else:
                shutil.copyfile(path, dest)
        replace_dir(out, site_dir / BUNDLE)
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return _tree_bytes(site_dir / BUNDLE)


def parts_script(parts: tuple[str, ...]) -> str:
    """The line of the search's data script (fold-map.js) that names the parts to merge."""
    return f"window.casebookSearchParts={json.dumps(list(parts))};\n"


def _run(binary: Path, shadow: Path, out: Path) -> None:
    result = subprocess.run(
        [
            str(binary),
            "--site",
            str(shadow),
            "--output-path",
            str(out),
            "--force-language",
            LANGUAGE,
            "--quiet",
        ],
        capture_output=True,
        text=True,
        timeout=3600,
    )
    if result.returncode != 0:
        hint = "（被信号结束，常见原因是内存不足）" if result.returncode < 0 else ""
        raise PagefindError(
            f"Pagefind 建索引失败（退出码 {result.returncode}{hint}）：\n{(result.stdout + result.stderr).strip()[-2000:]}"
        )
