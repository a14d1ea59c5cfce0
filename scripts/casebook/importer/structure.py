"""The shape of the article: its title, an introduction, and sections with a kind each.

Write-ups number their headings in many ways (一、 / （一） / 1. / 01 / ■ / a short line of its
own); the highest level that occurs makes the sections, lower ones stay as subheadings.  A
section's kind (background, practices, outcomes, lessons) comes from its heading's words, or,
when the heading has none of them ("‘五级治理’带来可喜变化"), from the words of its paragraphs:
a heading without a keyword still files its content somewhere, and the report says it guessed.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources

from casebook.importer.boilerplate import SENTENCE_END, looks_like_heading
from casebook.importer.metadata import SourceFacts, clean_title

KIND_CN = {"background": "背景", "practices": "做法", "outcomes": "成效", "lessons": "经验"}

_CN_ORDINAL = "一二三四五六七八九十"
_L1_RE = re.compile(rf"^([{_CN_ORDINAL}]{{1,3}})、\s*(.+)$")
_L2_RE = re.compile(rf"^（([{_CN_ORDINAL}]{{1,3}})）\s*(.+)$")
_L3_RE = re.compile(r"^(\d{1,2})[、.．]\s*(?!\d)(.+)$")
_BULLET_RE = re.compile(r"^([■□●◆◇▲△★☆▶►◎]+)\s*(.+)$")
_MARKER_RE = re.compile(r"^0\d$")
LEVELS = ("L1", "marker", "bullet", "plain", "L2", "L3")


@dataclass
class Section:
    heading: str
    kind: str | None
    paragraphs: list[str] = field(default_factory=list)
    subheadings: list[tuple[int, str]] = field(default_factory=list)  # (paragraph index, text)
    guessed: bool = False  # kind from the content, not the heading

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


@dataclass
class Structure:
    title: str
    intro: list[str]
    sections: list[Section]
    header: list[str] = field(default_factory=list)  # headline lines kept out of the narrative

    def paragraphs(self) -> list[tuple[str | None, str]]:
        """(section kind, paragraph) in reading order, the introduction first (kind None)."""
        out: list[tuple[str | None, str]] = [(None, p) for p in self.intro]
        for s in self.sections:
            out += [(s.kind, p) for p in s.paragraphs]
        return out


@functools.cache
def _section_words() -> dict[str, dict[str, tuple[str, ...]]]:
    from ruamel.yaml import YAML

    text = resources.files("casebook.importer.data").joinpath("sections.yml").read_text("utf-8")
    data = YAML(typ="safe").load(text)
    return {part: {k: tuple(v) for k, v in data[part].items()} for part in ("headings", "cues")}


def kind_of(heading: str) -> str | None:
    """The kind whose keyword comes last in the heading: a Chinese heading ends on its head noun
    (一线工作法的成效 is about outcomes, 做法与经过 about practices)."""
    best, where = None, -1
    for kind, words in _section_words()["headings"].items():
        for w in words:
            k = heading.rfind(w)
            if k >= 0 and k + len(w) > where:
                best, where = kind, k + len(w)
    return best


def kind_by_content(text: str) -> str:
    """The kind whose cue words the section's text uses most; practices on a tie (most of a case
    write-up is what was done)."""
    scores = {kind: sum(text.count(w) for w in words) for kind, words in _section_words()["cues"].items()}
    best = max(scores.values())
    if best == 0 or scores["practices"] == best:
        return "practices"
    return next(k for k, v in scores.items() if v == best)


def numbered_level(line: str) -> str | None:
    if _MARKER_RE.match(line):
        return "marker"
    if _L1_RE.match(line):
        return "L1"
    if _L2_RE.match(line):
        return "L2"
    if _L3_RE.match(line):
        return "L3"
    if _BULLET_RE.match(line):
        return "bullet"
    return None


def heading_text(line: str) -> str:
    for rx in (_L1_RE, _L2_RE, _L3_RE, _BULLET_RE):
        m = rx.match(line)
        if m:
            return m.group(2).strip()
    return line


# ---------------------------------------------------------------------------------------------


def join_broken_lines(paras: list[str]) -> list[str]:
    """A headline-long line with a comma, followed by short lines, is one sentence broken for
    layout ("本期，我们一起走进某地 / 看看他们如何 / 用……"): join it back."""
    out: list[str] = []
    k = 0
    while k < len(paras):
        p = paras[k]
        if "，" in p and looks_like_heading(p) and numbered_level(p) is None:
            joined, j = p, k + 1
            while (
                j < len(paras)
                and looks_like_heading(paras[j])
                and numbered_level(paras[j]) is None
                and len(joined) + len(paras[j]) <= 60
                and not re.search("(社区|村|小区|街道)$", paras[j])
            ):
                joined += paras[j]
                j += 1
            if j - k >= 3:
                out.append(joined)
                k = j
                continue
        out.append(p)
        k += 1
    return out


def take_title(paras: list[str], facts: SourceFacts) -> tuple[str, list[str], list[str]]:
    """(title, header lines, the rest): the headline block before the first paragraph."""
    header: list[str] = []
    title = ""
    k = 0
    while k < len(paras) - 1 and k < 4:
        p = paras[k]
        if not _headline_like(p):
            break
        if not title:
            title = clean_title(p, facts)
        elif p.startswith("——") and len(header) == 1:
            title += p  # 主题——副题
        elif p.endswith("——") or (header and header[-1].endswith("——")):
            pass  # 引题——主题: part of the headline block
        elif looks_like_heading(p) and len(p) >= 8 and k == 1 and _headline_like(paras[k + 1]) is False:
            pass  # a subtitle right under the title
        else:
            break
        header.append(p)
        k += 1
    if not title and facts.titles:
        title = facts.titles[0]
    return title, header, paras[k:]


def _headline_like(line: str) -> bool:
    if numbered_level(line) is not None or line.endswith("。"):
        return False
    return 4 <= len(line) <= 64 and line[-1] not in "，、：；"


def split(lines: list[str], facts: SourceFacts) -> Structure:
    """Title, introduction and sections of the cleaned lines."""
    paras = join_broken_lines([ln for ln in lines if ln])
    title, header, paras = take_title(paras, facts)
    paras = _merge_heading_pairs(paras)
    top = _top_level(paras)
    intro: list[str] = []
    sections: list[Section] = []
    k = 0
    while k < len(paras):
        p = paras[k]
        level = numbered_level(p)
        heading = ""
        if top == "marker" and level == "marker" and k + 1 < len(paras):
            heading = paras[k + 1]
            k += 1
        elif top == level and top in ("L1", "L2", "L3", "bullet") and looks_like_heading(heading_text(p)):
            heading = heading_text(p)
        elif top == "plain" and _is_plain_heading(paras, k):
            heading = p
        if heading:
            sections.append(Section(heading, kind_of(heading)))
        elif sections:
            sec = sections[-1]
            if level in ("L1", "L2", "L3", "bullet") and looks_like_heading(heading_text(p)):
                sec.subheadings.append((len(sec.paragraphs), p))
            else:
                sec.paragraphs.append(p)
        else:
            intro.append(p)
        k += 1
    for s in sections:
        if s.kind is None:
            heads = " ".join(h for _i, h in s.subheadings)
            s.kind, s.guessed = kind_by_content(s.heading + heads + s.text), True
    return Structure(title, intro, sections, header)


def _merge_heading_pairs(paras: list[str]) -> list[str]:
    """Two short heading lines in a row ("某某社区" / "“某某”带来变化") are one heading."""
    out: list[str] = []
    k = 0
    while k < len(paras):
        p = paras[k]
        if (
            k + 2 < len(paras)
            and k > 0
            and numbered_level(p) is None
            and numbered_level(paras[k + 1]) is None
            and looks_like_heading(p)
            and looks_like_heading(paras[k + 1])
            and not looks_like_heading(paras[k + 2])
        ):
            out.append(f"{p} {paras[k + 1]}")
            k += 2
            continue
        out.append(p)
        k += 1
    return out


def _is_plain_heading(paras: list[str], k: int) -> bool:
    p = paras[k]
    return numbered_level(p) is None and looks_like_heading(p) and 0 < k < len(paras) - 1


def _top_level(paras: list[str]) -> str | None:
    """The highest numbering level in use.  One heading is enough: a text with a single heading
    still gets its one section (the rest is the introduction)."""
    levels: Counter[str] = Counter()
    for k, p in enumerate(paras):
        level = numbered_level(p)
        if level == "marker" and k + 1 < len(paras):
            levels["marker"] += 1
        elif level in ("L1", "L2", "L3", "bullet") and looks_like_heading(heading_text(p)):
            levels[level] += 1
        elif level is None and _is_plain_heading(paras, k):
            levels["plain"] += 1
    return next((lv for lv in LEVELS if levels[lv] >= 1), None)


def is_sentence_end(ch: str) -> bool:
    return ch in SENTENCE_END
