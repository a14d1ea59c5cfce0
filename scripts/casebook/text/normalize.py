"""`casebook normalize`: turn a pasted Chinese text into the canonical form every other tool expects.

Texts arrive copied from newspapers, WeChat articles and portals: in Traditional or Simplified
script, with pinyin glued after characters by "reading aid" converters (`社區(qū)`), half-width
punctuation, look-alike radical code points and whatever encoding the contributor's editor used.
Search, the validator and the importer all compare strings, so they must see one spelling of
each word.  The steps run in an order that makes the whole function idempotent: annotations
go before script conversion (they are judged against the character they follow), punctuation
after it, whitespace last.
"""

from __future__ import annotations

import codecs
import functools
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from casebook.errors import CasebookError
from casebook.text import chinese
from casebook.text.chinese import HAN_RE

# ---------------------------------------------------------------------------------------------
# Code-point clean-up: look-alikes that display like ordinary characters but do not match them.

# CJK Radicals Supplement forms that copy-pasted text uses in place of the ideograph they look
# like (NFKC maps only two of them).  Component-only shapes with no ideograph twin are left as is.
# Pairs of (radical form, ideograph), written flat to keep the table readable.
_RADICALS_SUPPLEMENT_PAIRS = (
    "⺁厂⺅亻⺆冂⺇几⺉刂⺊卜⺋㔾⺖忄⺘扌⺙攵⺜日⺝月⺟母⺠民⺡氵⺢氺⺣灬⺤爫⺦丬⺨犭"
    "⺩王⺫罒⺬示⺭礻⺯糸⺰纟⺲罒⺹耂⺻聿⺼月⺽臼⺾艹⺿艹⻀艹⻁虍⻂衤⻄西⻅见⻆角⻈讠"
    "⻉贝⻋车⻌辶⻍辶⻎辶⻏阝⻐钅⻑長⻒镸⻓长⻔门⻖阝⻘青⻙韦⻚页⻛风⻜飞⻝食⻞飠⻟食"
    "⻠饣⻡首⻢马⻣骨⻤鬼⻥鱼⻦鸟⻧卤⻨麦⻩黄⻪黾⻬齐⻮齿⻰龙⻳龟"
)
_RADICALS_SUPPLEMENT = dict(
    zip(_RADICALS_SUPPLEMENT_PAIRS[::2], _RADICALS_SUPPLEMENT_PAIRS[1::2], strict=True)
)


def _char_map() -> dict[int, str]:
    table: dict[int, str] = {}
    # Kangxi Radicals: NFKC maps every one of them to its unified ideograph (⼀ → 一, ⾦ → 金).
    # CJK Compatibility Ideographs: NFKC maps them to the unified ones that search indexes.
    # Small and vertical form variants (﹔ ﹐ ︰): NFKC gives the ordinary mark, made full-width below.
    for block in (range(0x2F00, 0x2FE0), range(0xF900, 0xFB00), range(0xFE10, 0xFE1A), range(0xFE50, 0xFE6C)):
        for cp in block:
            mapped = unicodedata.normalize("NFKC", chr(cp))
            if mapped != chr(cp) and len(mapped) == 1:
                table[cp] = mapped
    for src, dst in _RADICALS_SUPPLEMENT.items():
        table[ord(src)] = dst
    # Full-width Latin letters and digits: figures and URLs must be plain ASCII to be parsed.
    for cp in list(range(0xFF10, 0xFF1A)) + list(range(0xFF21, 0xFF3B)) + list(range(0xFF41, 0xFF5B)):
        table[cp] = chr(cp - 0xFEE0)
    table[0xFF05] = "%"  # ％: units are compared as "%"
    table[0xFF0E] = "."  # ．: a decimal point in 2．5万; after a Han character it becomes 。 below
    # Invisible characters that break matching, and exotic spaces/newlines.
    for cp in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD):
        table[cp] = ""
    for cp in (0x00A0, 0x3000, 0x2002, 0x2003, 0x2009, 0x202F, 0x0009):
        table[cp] = " "
    for cp in (0x2028, 0x2029, 0x000B, 0x000C, 0x0085):
        table[cp] = "\n"
    return table


_CHAR_MAP = _char_map()
# str.translate walks every character; a regex finds the rare ones to map much faster.
_MAPPED_RE = re.compile("[" + "".join(re.escape(chr(cp)) for cp in sorted(_CHAR_MAP)) + "]")


def _map_chars(text: str) -> str:
    return _MAPPED_RE.sub(lambda m: _CHAR_MAP[ord(m.group(0))], text)


# ---------------------------------------------------------------------------------------------
# Pinyin annotations: `社區(qū)`, `萬（wàn）`, and a truncated `沒(` at the end of a line.

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PY = f"a-zA-ZüÜê{_TONED}"
_TONED_RE = re.compile(f"[{_TONED}]")
# The Han character before an annotation is checked in the callback: a look-behind at the start
# of the pattern would be tried at every position of the text.
# Spaces between the character and its annotation are tolerated: whitespace clean-up would join
# them later, and the second normalize() would then remove what the first one kept.
_ANNOTATION_RE = re.compile(rf"[ ]*(?:[（(][{_PY}]{{1,6}}[）)])+")
_ONE_ANNOTATION_RE = re.compile(rf"[（(]([{_PY}]{{1,6}})[）)]")
_TRUNCATED_RE = re.compile(rf"[ ]*[（(][{_PY}]{{0,6}}[ ]*(?=\n|$)")


@functools.cache
def _readings(char: str) -> frozenset[str]:
    """Toneless readings of a character and of its Simplified form (pypinyin loads lazily)."""
    from pypinyin import Style, pinyin

    out: set[str] = set()
    for c in {char, chinese.to_simplified(char)}:
        for group in pinyin(c, style=Style.NORMAL, heteronym=True, errors="ignore"):
            out.update(s.replace("v", "ü") for s in group)
    return frozenset(out)


def _strip_tones(syllable: str) -> str:
    decomposed = unicodedata.normalize("NFD", syllable.lower())
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in "\u0300\u0301\u0304\u030c"))


def _is_annotation(char: str, syllable: str) -> bool:
    """A tone mark is proof enough; a toneless word must be a reading of the character it follows,
    so that `社区(community)` and `(PDF)` survive."""
    if _TONED_RE.search(syllable):
        return True
    return _strip_tones(syllable) in _readings(char)


def strip_annotations(text: str) -> str:
    """Remove reading-aid pinyin glued after Han characters; keep every other parenthesis."""

    def repl(m: re.Match[str]) -> str:
        char = text[m.start() - 1] if m.start() else ""
        if not char or char.isspace():
            return m.group(0)
        if not HAN_RE.match(char):
            # After mojibake (诂F(xiàn)状) a toned syllable is still an annotation: no prose puts
            # tone-marked pinyin in brackets after a letter.
            parts = _ONE_ANNOTATION_RE.findall(m.group(0))
            return "" if parts and all(_TONED_RE.search(p) for p in parts) else m.group(0)
        parts = list(_ONE_ANNOTATION_RE.finditer(m.group(0)))
        # Drop the leading run of annotations; anything after a non-annotation is kept verbatim.
        for k, part in enumerate(parts):
            if not _is_annotation(char, part.group(1)):
                return m.group(0)[part.start() :] if k else m.group(0)
        return ""

    if "(" not in text and "（" not in text:
        return text
    text = _ANNOTATION_RE.sub(repl, text)

    def truncated(m: re.Match[str]) -> str:
        return "" if m.start() and HAN_RE.match(text[m.start() - 1]) else m.group(0)

    return _TRUNCATED_RE.sub(truncated, text)


# ---------------------------------------------------------------------------------------------
# Punctuation and whitespace.

_CJK_PUNCT = "，。：；！？（）“”‘’《》〈〉、【】「」『』…—·～"
_SPACE_RUN_RE = re.compile(r"[ ]{2,}")
_BLANK_LINES_RE = re.compile(r"\n{3,}")
# A full-width colon between digits is a time (８：３０) and stays ASCII like the digits.
_TIME_COLON_RE = re.compile(r"(\d)：(?=\d\d)")


_ASCII_MARK_RE = re.compile(r"[,:;!?.]")
_SPACES_RE = re.compile(r"[ ]+")
_OPENING = "“‘《（「『"
_CLOSING = "”’》）」』"


def _is_han(ch: str) -> bool:
    return bool(ch) and HAN_RE.match(ch) is not None


def _fullwidth_punctuation(text: str) -> str:
    """Replace what chinese.halfwidth_punctuation() reports (the validator's rule), plus marks
    between Chinese quotes (`”,“`).  Neighbours are checked in a callback because patterns that
    start with a look-behind are tried at every position and cost more than the rest together."""

    def mark(m: re.Match[str]) -> str:
        s, i, ch = m.string, m.start(), m.group(0)
        prev = s[i - 1] if i else ""
        nxt = s[i + 1] if i + 1 < len(s) else ""
        if ch == ".":
            return "。" if _is_han(prev) and (not nxt or _is_han(nxt) or nxt.isspace()) else ch
        if _is_han(prev) or _is_han(nxt) or (prev and prev in _CLOSING) or (nxt and nxt in _OPENING):
            return chinese.FULLWIDTH[ch]
        return ch

    def paren(m: re.Match[str]) -> str:
        return f"（{m.group(1)}）"

    def space(m: re.Match[str]) -> str:
        return "" if _near_cjk_punct(m) else m.group(0)

    # Converting an inner pair of parentheses can make the outer pair "Chinese" too, and dropping
    # a space next to new full-width punctuation can put an ASCII mark beside it: repeat until
    # nothing changes, so that one normalize() call is already a fixed point.
    while True:
        before = text
        text = _ASCII_MARK_RE.sub(mark, text)
        text = chinese.HALF_PAREN_RE.sub(paren, text)
        text = _SPACES_RE.sub(space, text)
        if text == before:
            return text


# A curly quote closed by an ASCII one (“五个创建"), or the reverse: copied pages mix them.
_MIXED_QUOTE_RE = re.compile('“([^“”"\n]{1,30})"|"([^“”"\n]{1,30})”')


def _curly_quotes(line: str) -> str:
    """ASCII double quotes around Chinese words become “…”: the importer finds named methods by them."""
    if '"' not in line:
        return line
    if "“" in line or "”" in line:
        line = _MIXED_QUOTE_RE.sub(lambda m: f"“{m.group(1) or m.group(2)}”", line)
        if '"' not in line:
            return line
    parts = line.split('"')
    if len(parts) % 2 == 0:  # unpaired quote: leave the line alone
        return line
    out = [parts[0]]
    for k in range(1, len(parts), 2):
        inner = parts[k]
        if HAN_RE.search(inner):
            out.append(f"“{inner}”")
        else:
            out.append(f'"{inner}"')
        out.append(parts[k + 1])
    return "".join(out)


_LINE_EDGE_RE = re.compile(r"[ ]*\n[ ]*")


def _near_cjk_punct(m: re.Match[str]) -> bool:
    s, i, j = m.string, m.start(), m.end()
    return bool((i and s[i - 1] in _CJK_PUNCT) or (j < len(s) and s[j] in _CJK_PUNCT))


def _whitespace(text: str) -> str:
    text = _LINE_EDGE_RE.sub("\n", text)
    text = _SPACE_RUN_RE.sub(" ", text)
    text = _SPACES_RE.sub(lambda m: "" if _near_cjk_punct(m) else m.group(0), text)
    text = _BLANK_LINES_RE.sub("\n\n", text).strip(" \n")
    return text + "\n" if text else ""


# A broken conversion doubles marks (`基层,,在社区`, `党组织,、在`, `加强领导,。`): a comma next to
# another sentence mark is the converter's, the other mark is the author's.
_DOUBLED_RE = re.compile("，+(?=[，、；。！？])|(?<=[、；。！？])，+")


def _doubled_marks(text: str) -> str:
    return _DOUBLED_RE.sub("", text) if "，" in text else text


def normalize(text: str) -> str:
    """Canonical text: Simplified script, no pinyin annotations, Chinese punctuation, tidy spaces.

    normalize(normalize(t)) == normalize(t) for every t (tests/test_normalize.py checks it with
    hypothesis), so running it on already-clean text is always safe.
    """
    text = _map_chars(text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _TIME_COLON_RE.sub(r"\1:", text)
    # Line-end spaces go first: a truncated annotation (`沒( `) must be seen at the end of its line.
    text = _LINE_EDGE_RE.sub("\n", text).strip(" ")
    text = strip_annotations(text)
    text = chinese.to_simplified(text)
    text = "\n".join(_curly_quotes(line) for line in text.split("\n"))
    text = _whitespace(text)
    text = _doubled_marks(_fullwidth_punctuation(text))
    return _whitespace(text)


# ---------------------------------------------------------------------------------------------
# Decoding bytes of unknown encoding.


class DecodeError(CasebookError, ValueError):
    """The bytes are not text in any encoding we can tell apart with confidence."""


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_PREFERENCE = ("utf-8", "utf-16-le", "utf-16-be", "gb18030", "big5")


@functools.cache
def _common(char: str) -> bool:
    """Level-1 character of GB2312 (Simplified) or Big5 (Traditional): the few thousand characters
    that make up nearly all running text.  Mis-decoded bytes land on rare characters, symbols and
    private-use code points instead, which is how GBK, Big5 and UTF-16 are told apart."""
    try:
        b = char.encode("gb2312")
        if len(b) == 2 and 0xB0 <= b[0] <= 0xD7:
            return True
    except UnicodeEncodeError:
        pass
    try:
        b = char.encode("big5")
        return len(b) == 2 and 0xA4 <= b[0] <= 0xC6
    except UnicodeEncodeError:
        return False


def _score(text: str) -> tuple[int, int, int]:
    """(common Han characters, Han characters, characters no Chinese prose contains)."""
    common = han = bad = 0
    for ch in text:
        cp = ord(ch)
        if 0x4E00 <= cp <= 0x9FFF:
            han += 1
            common += _common(ch)
        elif (cp < 0x20 and ch not in "\n\r\t") or 0x7F <= cp <= 0x9F or 0xE000 <= cp <= 0xF8FF:
            bad += 1
        elif (
            0xAC00 <= cp <= 0xD7AF or 0x3400 <= cp <= 0x4DBF or unicodedata.category(ch) in ("Cn", "Co", "Cs")
        ):
            bad += 1
    return common, han, bad


# A few invalid bytes in otherwise clean text (a file cut inside a character, one byte flipped in a
# copy) are decoded as U+FFFD with a warning that names the byte offset and the text around it:
# refusing would lose the whole import for one unreadable character, and the visible � in the draft
# shows the reviewer where to look.  More than this many, and the file is not in that encoding.
MAX_STRAY_BYTES = 8


@dataclass(frozen=True)
class Stray:
    """One undecodable byte sequence: where it is in the file, and the text around it."""

    offset: int
    raw: bytes
    before: str
    after: str

    def message(self, path: str | Path, encoding: str) -> str:
        return (
            f"{path}：字节偏移 {self.offset} 处的 {self.raw.hex(' ').upper()} 不是有效的 {encoding}，"
            f"已换成 �（前后文：“{self.before}�{self.after}”）；请在草稿里核对这个字"
        )


def _decode_collecting(data: bytes, encoding: str) -> tuple[str, list[Stray]] | None:
    """`data` decoded with U+FFFD for each invalid sequence, and where they were; None past
    MAX_STRAY_BYTES (the file is not in this encoding)."""
    bad: list[tuple[int, int]] = []

    def handler(e: UnicodeError) -> tuple[str, int]:
        assert isinstance(e, UnicodeDecodeError)
        bad.append((e.start, e.end))
        if len(bad) > MAX_STRAY_BYTES:
            raise e
        return "\ufffd", e.end

    codecs.register_error("casebook-collect", handler)
    try:
        text = data.decode(encoding, errors="casebook-collect")
    except (UnicodeDecodeError, LookupError):
        return None
    if bad:
        text = re.sub("\ufffd{2,}", "\ufffd", text)
    merged: list[tuple[int, int]] = []
    for start, stop in bad:  # one broken character can make several invalid sequences
        if merged and start - merged[-1][1] < 4:
            merged[-1] = (merged[-1][0], stop)
        else:
            merged.append((start, stop))
    strays = []
    for start, stop in merged:
        before = data[max(0, start - 24) : start].decode(encoding, errors="ignore")[-8:]
        after = data[stop : stop + 24].decode(encoding, errors="ignore")[:8]
        strays.append(Stray(start, data[start:stop], before.replace("\n", " "), after.replace("\n", " ")))
    return text, strays


def decode_with_warnings(data: bytes, path: str | Path = "<stdin>") -> tuple[str, list[str]]:
    """Decode a contributor's file: UTF-8 (± BOM), UTF-16, GB18030/GBK or Big5, and the warnings
    for stray invalid bytes that were replaced (see MAX_STRAY_BYTES).

    Raises DecodeError with a message in Chinese when no candidate reads as Chinese text, rather
    than guessing and importing mojibake.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            lenient = _decode_collecting(data[len(bom) :], encoding)
            if lenient is None:
                raise DecodeError(f"{path}：文件以 {encoding} 的 BOM 开头，但内容不是 {encoding}。")
            text, strays = lenient
            return text, [s.message(path, encoding) for s in strays]
    first_bad: UnicodeDecodeError | None = None
    try:
        text = data.decode("utf-8")
        # Control characters in "valid UTF-8" mean UTF-16 without a BOM (ASCII-range bytes).
        if not _CONTROL_RE.search(text):
            return text, []
    except UnicodeDecodeError as e:
        first_bad = e
    candidates: dict[str, tuple[str, list[Stray]]] = {}
    encodings = ("utf-16-le", "utf-16-be", "gb18030", "big5") if len(data) % 2 == 0 else ("gb18030", "big5")
    for encoding in ("utf-8", *encodings):
        lenient = _decode_collecting(data, encoding)
        if lenient is not None:
            candidates[encoding] = lenient
    if not candidates:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is not None and best.encoding:
            candidates[best.encoding] = (str(best), [])
    ranked = []
    for encoding, (text, strays) in candidates.items():
        common, han, bad = _score(text)
        # Most common characters wins; mojibake pays for every impossible character, and so does
        # every replaced byte.  On a tie the order of _PREFERENCE decides (UTF-8, then GB18030
        # before Big5: it is the more frequent).
        rank = _PREFERENCE.index(encoding) if encoding in _PREFERENCE else len(_PREFERENCE)
        ranked.append((common - 2 * bad - 4 * len(strays), -rank, encoding, text, strays, common, han, bad))
    ranked.sort(key=lambda r: (r[0], r[1]), reverse=True)
    if ranked:
        _key, _rank, encoding, text, strays, common, han, bad = ranked[0]
        bad -= len(strays)  # the U+FFFD we put in are not the text's
        if common and common >= 0.5 * han and bad <= 0.02 * len(text):
            return text, [s.message(path, encoding) for s in strays]
    tried = "、".join(["utf-8", *sorted({r[2] for r in ranked} - {"utf-8"})])
    where = ""
    if first_bad is not None:
        context = data[max(0, first_bad.start - 12) : first_bad.start].decode("utf-8", errors="ignore")
        where = f"第一个不是 UTF-8 的字节在第 {first_bad.start} 字节（前文：“{context}”）；"
    raise DecodeError(
        f"{path}：无法判断文件编码（试过 {tried}，读出来都不像中文文本）。{where}"
        "请在编辑器里把文件另存为 UTF-8 后重试。"
    )


def decode(data: bytes, path: str | Path = "<stdin>") -> str:
    """decode_with_warnings() without the warnings (callers that cannot show them)."""
    return decode_with_warnings(data, path)[0]


def read(path: str | Path) -> str:
    """Decoded text of a file, or of standard input for "-"."""
    return decode(read_bytes(path), "<标准输入>" if str(path) == "-" else path)


def read_bytes(path: str | Path) -> bytes:
    """The bytes of a file, or of standard input for "-"; a Chinese DecodeError when unreadable."""
    if str(path) == "-":
        return sys.stdin.buffer.read()
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError as e:
        raise DecodeError(f"{p}：文件不存在。") from e
    except IsADirectoryError as e:
        raise DecodeError(f"{p}：是目录，不是文本文件。") from e
    except OSError as e:
        raise DecodeError(f"{p}：无法读取（{e.strerror}）。") from e
    return data


# ---------------------------------------------------------------------------------------------
# Command line.
