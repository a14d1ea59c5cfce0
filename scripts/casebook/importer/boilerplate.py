"""Removing what the publishing site put around the article, line by line and said aloud.

Every removed line is reported with the rule that removed it (data/boilerplate.yml, or one of the
metadata detectors), so a reviewer can see that nothing of the article went with it; what the
removed lines state about the source (title, author, publisher, date, page) is kept in a
SourceFacts for the draft's `sources` entry.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources

from casebook.importer import metadata
from casebook.importer.metadata import SourceFacts
from casebook.text.chinese import HAN


@dataclass(frozen=True)
class Rule:
    id: str
    pattern: re.Pattern[str]
    comment: str
    extract: tuple[str, ...] = ()
    rest: bool = False


@dataclass
class Removed:
    line: int  # 1-based line in the normalized text
    rule: str
    text: str


@dataclass
class Cleaned:
    lines: list[str]  # what stays, "" for blank lines
    removed: list[Removed] = field(default_factory=list)
    facts: SourceFacts = field(default_factory=SourceFacts)

    @property
    def prose_chars(self) -> int:
        return sum(len(re.findall(f"[{HAN}]", ln)) for ln in self.lines)


@functools.cache
def rules() -> tuple[Rule, ...]:
    from ruamel.yaml import YAML

    text = resources.files("casebook.importer.data").joinpath("boilerplate.yml").read_text("utf-8")
    data = YAML(typ="safe").load(text)
    out = []
    for r in data["rules"]:
        extract = r.get("extract") or ()
        out.append(
            Rule(
                r["id"],
                re.compile(r["pattern"]),
                r.get("comment", ""),
                tuple([extract] if isinstance(extract, str) else extract),
                bool(r.get("rest")),
            )
        )
    return tuple(out)


# Lines near the top or the bottom are where bylines and closing lines live; in the middle of an
# article two names on a line are more likely a list of people than a byline.
HEADER_LINES = 14
FOOTER_LINES = 10
_MARKER_RE = re.compile(r"^0\d$")
_DATE_ONLY_RE = re.compile(
    r"^((?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|(?:19|20)\d\d[-/.]\d{1,2}[-/.]\d{1,2})"
    r"\s*(星期[一二三四五六日天]|周[一二三四五六日])?$"
)
_MASTHEAD_PAPER_RE = re.compile(f"([{HAN}]{{2,10}}(?:日报|晚报|早报|时报|农村报|报))社")
_APP_PAPER_RE = re.compile(f"《?([{HAN}]{{2,10}}(?:日报|晚报|早报|时报|报))》?\\s*客户端")
_SITE_ONLY_RE = re.compile(f"^[{HAN}]{{2,8}}(?:网|日报|晚报|报)$")
_CRUMB_SITE_RE = re.compile(f"^(?:您所在的位置[：:])?\\s*([{HAN}]{{2,8}}网)\\s*(?:>|＞|»)")

# Inline clean-up inside a kept line: (rule id, pattern); the matched part is removed and reported.
_INLINE = (
    ("html-tag", re.compile(r"<\s*/?\s*[A-Za-z!][^<>\n]{0,300}>")),
    ("paper-apparatus", re.compile(r"^摘\s*要\s*[：:]\s*")),
    ("lone-mark", re.compile(r"\s*[*＊]{3,}\s*$")),
)


def clean(text: str) -> Cleaned:
    """Kept lines, removed lines with their rule, and the source facts the removed lines state."""
    lines = text.split("\n")
    nonblank = [i for i, ln in enumerate(lines) if ln.strip()]
    header = set(nonblank[:HEADER_LINES])
    footer = set(nonblank[-FOOTER_LINES:])
    out = Cleaned([])
    stop_at = len(lines)
    for i, line in enumerate(lines):
        if i >= stop_at:
            out.removed.append(Removed(i + 1, "recommended", line.strip()))
            continue
        stripped = line.strip()
        if not stripped:
            out.lines.append("")
            continue
        if _MARKER_RE.match(stripped) and _next_is_heading(lines, i):
            out.lines.append(stripped)  # “01” before a short heading: a section number, not noise
            continue
        stripped = _glued_caption(stripped, i + 1, out)
        if not stripped:
            continue
        rule_id = _classify(stripped, i in header, i in footer, out.facts)
        if rule_id is None:
            out.lines.append(_inline(stripped, i + 1, out))
            continue
        out.removed.append(Removed(i + 1, rule_id, stripped))
        if rule_id == "recommended":
            stop_at = i + 1
    out.lines = [ln for ln in out.lines if ln is not None]
    return out


def _classify(line: str, in_header: bool, in_footer: bool, facts: SourceFacts) -> str | None:
    """The id of the rule that removes `line` (recording what it states), or None to keep it."""
    meta = metadata.parse_meta_line(line)
    if meta is not None:
        metadata.merge(facts, meta)
        return "meta-line"
    for rule in rules():
        m = rule.pattern.search(line)
        if not m:
            continue
        for key in rule.extract:
            value = m.groupdict().get(key)
            if value:
                facts.add(key, value)
        if rule.id == "masthead":
            paper = _MASTHEAD_PAPER_RE.search(line)
            if paper:
                facts.add_publisher(paper.group(1), 1)
        elif rule.id == "breadcrumb":
            site = _CRUMB_SITE_RE.match(line)
            if site:
                facts.add_publisher(site.group(1), 4)
        elif rule.id == "portal-meta":
            facts.add_date(line, 0)
        elif rule.id in ("app-banner", "page-chrome"):
            app = _APP_PAPER_RE.search(line)
            if app:
                facts.add_publisher(app.group(1), 3)
        elif rule.id == "newspaper-page" and "版" in line:
            facts.pages.append(re.sub(r"\s*PDF\s*版阅读$", "", line))
        return rule.id
    if _DATE_ONLY_RE.match(line):
        facts.add_date(line, 1)
        return "date-line"
    if in_header or in_footer:
        names = metadata.parse_byline(line)
        if names:
            facts.add_authors(names)
            return "byline"
    if in_footer:
        closing = metadata.parse_closing_line(line)
        if closing is not None:
            metadata.merge(facts, closing)
            return "closing-line"
    if in_header and _SITE_ONLY_RE.match(line):
        facts.add_publisher(line, 4)
        return "masthead"
    return None


# A photo caption the page glued to the next paragraph: "图为……。 记者 某某 摄很难想象，……".
_GLUED_CAPTION_RE = re.compile(rf"^图为[^。]{{2,80}}。\s*(?:记者\s*)?[{HAN}·\s]{{2,12}}?\s*摄\s*(?=[{HAN}“])")


def _glued_caption(line: str, number: int, out: Cleaned) -> str:
    m = _GLUED_CAPTION_RE.match(line)
    if not m:
        return line
    out.removed.append(Removed(number, "image-caption", m.group(0).strip()))
    return line[m.end() :].strip()


def _inline(line: str, number: int, out: Cleaned) -> str:
    lead = metadata.parse_lead(line)
    if lead is not None:
        facts, rest = lead
        metadata.merge(out.facts, facts)
        out.removed.append(Removed(number, "lead", line[: len(line) - len(rest)].strip()))
        line = rest
        title = re.match(r"^题\s*[：:]\s*(.{4,60})$", line)
        if title:
            out.facts.titles.append(title.group(1))
            out.removed.append(Removed(number, "title-repeat", line))
            return ""
    for rule_id, rx in _INLINE:
        m = rx.search(line)
        if m:
            out.removed.append(Removed(number, rule_id, m.group(0).strip()))
            line = (line[: m.start()] + line[m.end() :]).strip()
    return line


def _next_is_heading(lines: list[str], i: int) -> bool:
    for nxt in lines[i + 1 :]:
        if nxt.strip():
            return looks_like_heading(nxt.strip())
    return False


SENTENCE_END = "。！？；…"


def looks_like_heading(line: str) -> bool:
    return 2 <= len(line) <= 30 and line[-1] not in SENTENCE_END + "：，、" and "。" not in line
