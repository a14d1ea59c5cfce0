"""Markdown the site's renderer cannot lay out: nesting that exhausts its stack, brackets that make
it search each paragraph once per bracket, more headings or markup than it handles in time.

Python-Markdown (which MkDocs uses) parses nested lists and quotes by recursion: a line of 5,000
"- " or lists nested 300 deep end the build in a RecursionError.  Its link pattern looks for the
"]" that closes each "[": a paragraph of 8,000 unmatched "[" took 20 s, and the cost grows with
brackets times paragraph length.  Such text is refused by the check (CB309), so that a case that
checks clean is a case that builds and exports; no contributor writes either on purpose.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

MAX_NESTING = 16  # lists and quotes inside each other; case texts use two or three
# Brackets × characters summed over paragraphs: 1,000,000 is about half a second of rendering.
MAX_BRACKET_WORK = 1_000_000
# Headings: Python-Markdown's table of contents makes each id unique by comparing it with every
# earlier one (20,000 "### a" took 139 s).  A case has five or ten.
MAX_HEADINGS = 100
# Markup elements (links, emphasis, code, list items, table cells...): each costs the renderer a
# tree insertion, about 0.15 ms; 5,000 is under a second, a case narrative uses dozens.
MAX_MARKUP = 5_000

_MARKER_RE = re.compile(r"(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$)[ \t]*|>[ \t]?")
_HEADING_RE = re.compile(r"^ {0,3}(?:#{1,6}(?:[ \t]|$)|(?:=+|-+)[ \t]*$)", re.M)
_MARKUP_RE = re.compile(r"[\[`*_<|~!]+|^[ \t]*(?:[-+]|\d{1,9}[.)])[ \t]", re.M)


def nesting(line: str) -> int:
    """How many list items and quotes a line opens: its markers plus its indentation in levels."""
    expanded = line.expandtabs(4)
    rest = expanded.lstrip(" ")
    depth = (len(expanded) - len(rest)) // 4
    i = 0
    while True:
        m = _MARKER_RE.match(rest, i)
        if m is None or m.end() == i:
            return depth
        depth += 1
        i = m.end()
        while i < len(rest) and rest[i] == " ":
            i += 1


def _lines(text: str) -> Iterator[tuple[str, str]]:
    """(line, the break after it) as Python-Markdown splits text: CR LF, a lone CR, LF."""
    parts = re.split(r"(\r\n|\r|\n)", text)
    for i in range(0, len(parts), 2):
        yield parts[i], parts[i + 1] if i + 1 < len(parts) else ""


def shape_problems(text: str) -> Iterator[tuple[int, str, str, str]]:
    """(offset, rule, message, fix) for Markdown too deep or too bracket-heavy to render."""
    if len(text) <= 2 * MAX_NESTING:
        return  # too short to exceed any limit (most strings of case.yml)
    offset = 0
    paragraphs: list[tuple[int, int, int]] = []  # (offset, length, brackets)
    start, length, brackets = 0, 0, 0
    deep_reported = False
    for line, sep in _lines(text):
        if not deep_reported and len(line) > 2 * MAX_NESTING and nesting(line) > MAX_NESTING:
            deep_reported = True
            yield (
                offset,
                "CB309",
                f"列表或引用嵌套超过 {MAX_NESTING} 层，网站无法排版",
                "正文只需要一两层列表；删去多余的“- ”“>”或缩进",
            )
        if line.strip():
            if length == 0:
                start = offset
            length += len(line) + len(sep)
            brackets += line.count("[")
        elif length:
            paragraphs.append((start, length, brackets))
            length = brackets = 0
        offset += len(line) + len(sep)
    if length:
        paragraphs.append((start, length, brackets))
    for rx, limit, what, fix in (
        (_HEADING_RE, MAX_HEADINGS, "标题", "一个案例只需要几个三级标题；把小节合并"),
        (
            _MARKUP_RE,
            MAX_MARKUP,
            "Markdown 标记（链接、强调、代码、列表项……）",
            "删去多余的标记符号，正文以段落为主",
        ),
    ):
        if len(text) < 2 * limit:
            continue  # each one takes two characters at least
        for k, m in enumerate(rx.finditer(text)):
            if k == limit:
                yield m.start(), "CB309", f"{what}超过 {limit} 个，从这里起网站无法在合理时间内排版", fix
                break
    work = sum(n * b for _, n, b in paragraphs)
    if work > MAX_BRACKET_WORK:
        where, _n, count = max(paragraphs, key=lambda p: p[1] * p[2])
        yield (
            where,
            "CB309",
            f"这一段有 {count} 个“[”，网站排版时要为每一个向后查找“]”",
            "删去多余的方括号；要写方括号本身请用全角“［］”或“【】”",
        )
