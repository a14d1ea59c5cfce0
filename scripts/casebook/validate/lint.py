"""Copywriting rules for Chinese text, and the safe fixes `casebook check --fix` applies.

Rules (ids in problems.RULES, explained in CONTRIBUTING.md):
- CB501 (提示) one space between a Chinese character and a Latin letter ("App 上线"), none between
  a Chinese character and a digit ("4100余万元", "2019年"): the founding cases and the official
  sources write figures that way, and Chinese style guides disagree about digits.
- CB502 (错误) the same full-width mark twice in a row ("！！", "。。"); "……" and "——" are single marks.
- CB302 (already an error in the validator) half-width punctuation inside Chinese: only fixed here.

Fixes edit the text of string values and Markdown prose, never YAML structure: scalar positions
come from the YAML parser's own events, a value is only edited where its source text maps one
to one onto the value (plain, quoted without escapes, literal blocks), and the result is parsed
again and compared with the original before anything is written (atomically).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

from casebook.fsutil import write_atomic
from casebook.text.chinese import HAN, NON_PROSE, halfwidth_punctuation
from casebook.validate.problems import ERROR, NOTE, Problem
from casebook.validate.reader import TimeLimit, read_text, time_limit
from casebook.validate.yamlio import parseable

_SPACE_RE = re.compile(rf"(?<=[{HAN}])(?=[A-Za-z])|(?<=[A-Za-z])(?=[{HAN}])")
_REPEAT_RE = re.compile(r"([，。！？；：、])\1+")

_YAML_ERRORS = (yaml.YAMLError, ValueError, RecursionError, TimeLimit)
# libyaml's parser when PyYAML has it: twenty times faster than a pure-Python one, and its marks
# count characters, so they index the decoded text directly.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

LEVELS = {"CB116": NOTE, "CB501": NOTE, "CB502": ERROR, "CB302": ERROR}


@dataclass(frozen=True)
class Edit:
    start: int  # offsets in the text being linted
    end: int
    new: str
    rule: str
    message: str


def text_edits(text: str, fix_halfwidth: bool = True) -> list[Edit]:
    """Every copywriting finding in a piece of prose, each as the edit that fixes it."""
    edits: list[Edit] = []
    for m in _SPACE_RE.finditer(text):
        a, b = text[m.start() - 1], text[m.start()]
        edits.append(Edit(m.start(), m.start(), " ", "CB501", f"“{a}”和“{b}”之间缺空格"))
    for m in _REPEAT_RE.finditer(text):
        edits.append(Edit(m.start() + 1, m.end(), "", "CB502", f"“{m.group(0)}”重复"))
    if fix_halfwidth:
        for off, mark, full in halfwidth_punctuation(text):
            edits.append(Edit(off, off + 1, full, "CB302", f"半角“{mark}”改为全角“{full}”"))
    edits.sort(key=lambda e: (e.start, e.end))
    out: list[Edit] = []
    for e in edits:  # drop overlaps: an edit must not touch text another one changed
        if out and e.start < out[-1].end:
            continue
        out.append(e)
    return out


def apply(text: str, edits: list[Edit]) -> str:
    """The text with non-overlapping edits applied, in one pass (not one copy per edit)."""
    pieces: list[str] = []
    pos = 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        pieces += [text[pos : e.start], e.new]
        pos = max(pos, e.end)
    pieces.append(text[pos:])
    return "".join(pieces)


class _Lines:
    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def pos(self, offset: int) -> tuple[int, int]:
        import bisect

        i = bisect.bisect_right(self.starts, offset) - 1
        return i + 1, offset - self.starts[i] + 1


# --- Markdown ------------------------------------------------------------------------------------

# Linear patterns only: each class stops at the character that could start the next attempt.
_PROTECTED_MD = re.compile(
    r"`[^`\n]+`"  # inline code
    r"|\]\([^()\n]*(?:\([^()\n]*\)[^()\n]*)*\)"  # link targets, one level of parentheses inside
    r"|<https?://[^<>\s]*>"  # autolinks
    r"|https?://[^\s）)>\]]+"  # bare URLs
    r"|^ {0,3}\[[^\]\n]+\]:.*$",  # reference definitions
    re.M,
)
_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def _fenced(text: str) -> list[tuple[int, int]]:
    """Spans of fenced code blocks, found line by line (a fence left open runs to the end)."""
    spans: list[tuple[int, int]] = []
    start: int | None = None
    fence = ""
    offset = 0
    for line in text.split("\n"):
        m = _FENCE_RE.match(line)
        if start is None and m:
            start, fence = offset, m.group(1)
        elif start is not None and m and m.group(1).startswith(fence) and not line.strip()[len(m.group(1)) :]:
            spans.append((start, offset + len(line)))
            start = None
        offset += len(line) + 1
    if start is not None:
        spans.append((start, len(text)))
    return spans


def markdown_edits(text: str) -> list[Edit]:
    import bisect

    # Protected spans merged where they overlap, so that each edit is judged against one span.
    merged: list[list[int]] = []
    for s, t in sorted(_fenced(text) + [(m.start(), m.end()) for m in _PROTECTED_MD.finditer(text)]):
        if merged and s < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], t)
        else:
            merged.append([s, t])
    starts = [s for s, _ in merged]

    def free(e: Edit) -> bool:
        i = bisect.bisect_left(starts, e.end if e.start < e.end else e.start) - 1
        if i < 0:
            return True
        # The span starting last before the edit ends: an insertion may sit at its edge, not inside;
        # a change may not touch it.
        return e.start >= merged[i][1]

    return [e for e in text_edits(text) if free(e)]


# --- YAML ----------------------------------------------------------------------------------------


@dataclass
class Scalar:
    value: str
    key: str  # nearest mapping key above the value (to skip non-prose fields)
    start: int  # source offsets of the whole scalar token
    end: int
    offsets: list[int] | None  # source offset of each value character, None when not one to one


def _scalars(text: str) -> Iterator[Scalar]:
    frames: list[dict[str, Any]] = []

    def nearest_key() -> str:
        for f in reversed(frames):
            if f["kind"] == "map" and isinstance(f["key"], str):
                return f["key"]
        return ""

    def value_done() -> None:
        if frames and frames[-1]["kind"] == "map":
            frames[-1]["expect_key"] = True

    if not parseable(text):
        # The validator refuses it (too deep, anchors, aliases): no parser may walk it.
        raise ValueError("YAML the pre-scan refuses is not linted")
    for ev in yaml.parse(text, Loader=_LOADER):
        if isinstance(ev, AliasEvent) or getattr(ev, "anchor", None):
            # The validator refuses anchors (CB114); walking an alias bomb would never end.
            raise ValueError("YAML anchors and aliases are not linted")
        if isinstance(ev, MappingStartEvent | SequenceStartEvent):
            if frames and frames[-1]["kind"] == "map":
                frames[-1]["expect_key"] = False
            kind = "map" if isinstance(ev, MappingStartEvent) else "seq"
            frames.append({"kind": kind, "key": None, "expect_key": True})
        elif isinstance(ev, MappingEndEvent | SequenceEndEvent):
            frames.pop()
            value_done()
        elif isinstance(ev, ScalarEvent):
            top = frames[-1] if frames else None
            if top is not None and top["kind"] == "map" and top["expect_key"]:
                top["key"] = ev.value
                top["expect_key"] = False
                continue
            if ev.start_mark is None or ev.end_mark is None:  # libyaml always marks; keep mypy honest
                continue
            start, end = ev.start_mark.index, ev.end_mark.index
            yield Scalar(str(ev.value), nearest_key(), start, end, _offsets(text, ev, start, end))
            value_done()


def _offsets(text: str, ev: ScalarEvent, start: int, end: int) -> list[int] | None:
    value, style = str(ev.value), ev.style
    if style in (None, "", "'", '"'):
        inner = 1 if style in ("'", '"') else 0
        src = text[start + inner : end - inner]
        if src == value:
            return list(range(start + inner, start + inner + len(value)))
        return None
    if style == "|":
        # Header line, then each value line is indentation + the line's text.
        body_start = text.index("\n", start) + 1
        lines = text[body_start:end].split("\n")
        indent = min((len(ln) - len(ln.lstrip(" ")) for ln in lines if ln.strip()), default=0)
        offsets: list[int] = []
        pos = body_start
        value_lines = value.split("\n")
        for i, vline in enumerate(value_lines):
            if i >= len(lines):
                break
            src_line = lines[i]
            if src_line[indent:] != vline and not (not vline and not src_line.strip()):
                return None
            offsets += [pos + indent + k for k in range(len(vline))]
            if i < len(value_lines) - 1:
                offsets.append(pos + len(src_line))  # the newline
            pos += len(src_line) + 1
        return offsets if len(offsets) == len(value) else None
    return None


def yaml_findings(text: str) -> list[tuple[Scalar, Edit]]:
    out: list[tuple[Scalar, Edit]] = []
    for sc in _scalars(text):
        if sc.key in NON_PROSE or not sc.value:
            continue
        for e in text_edits(sc.value):
            out.append((sc, e))
    return out


def modeline_edit(text: str) -> Edit | None:
    """CB116: case.yml should start with the line that points editors at the editor schema."""
    from casebook.validate.editorschema import MODELINE

    first, _, _ = text.partition("\n")
    if first.rstrip() == MODELINE:
        return None
    if first.startswith("# yaml-language-server:"):
        return Edit(0, len(first), MODELINE, "CB116", "编辑器提示行指向的不是 case.editor.schema.json")
    return Edit(0, 0, MODELINE + "\n", "CB116", "缺少编辑器提示行（yaml-language-server）")


# --- Findings and fixes for files ----------------------------------------------------------------


def _source_span(sc: Scalar, e: Edit) -> tuple[int, int] | None:
    if sc.offsets is None:
        return None
    offs = sc.offsets
    start = offs[e.start] if e.start < len(offs) else offs[-1] + 1
    end = offs[e.end - 1] + 1 if e.end > e.start else start
    return start, end


def problems_for(
    path: Path, shown: str, rules: frozenset[str] = frozenset({"CB116", "CB501", "CB502"})
) -> list[Problem]:
    """Copywriting problems of one case file (the validator already reports CB302)."""
    try:
        with time_limit():
            return _problems_for(path, shown, rules)
    except TimeLimit:
        return []  # the validator reports the file as too slow to check


def _problems_for(path: Path, shown: str, rules: frozenset[str]) -> list[Problem]:
    tf = read_text(path, shown)
    text = tf.text
    if text is None or tf.problems:
        return []  # the validator reports unreadable files (and a BOM, which is not a modeline)
    lines = _Lines(text)
    out: list[Problem] = []
    if path.suffix == ".md":
        for e in markdown_edits(text):
            if e.rule in rules:
                line, col = lines.pos(e.start)
                out.append(Problem(shown, line, col, e.rule, e.message, level=LEVELS[e.rule]))
        return out
    head = modeline_edit(text)
    if head is not None and "CB116" in rules:
        out.append(Problem(shown, 1, 1, "CB116", head.message, level=NOTE))
    try:
        found = yaml_findings(text)
    except _YAML_ERRORS:  # the validator explains YAML errors; lint has nothing to add
        return out
    for sc, e in found:
        if e.rule not in rules:
            continue
        span = _source_span(sc, e)
        line, col = lines.pos(span[0] if span else sc.start)
        out.append(Problem(shown, line, col, e.rule, e.message, level=LEVELS[e.rule]))
    return out


@dataclass(frozen=True)
class Change:
    line: int
    col: int
    rule: str
    message: str


def fix_text(path: Path, text: str) -> tuple[str, list[Change], list[Change]]:
    """(new text, changes made, findings that could not be fixed safely)."""
    lines = _Lines(text)
    if path.suffix == ".md":
        edits = markdown_edits(text)
        changes = [Change(*lines.pos(e.start), e.rule, e.message) for e in edits]
        return apply(text, edits), changes, []
    source_edits: list[Edit] = []
    skipped: list[Change] = []
    for sc, e in yaml_findings(text):
        span = _source_span(sc, e)
        if span is None:
            skipped.append(Change(*lines.pos(sc.start), e.rule, e.message))
            continue
        source_edits.append(Edit(span[0], span[1], e.new, e.rule, e.message))
    new = apply(text, source_edits)
    head = modeline_edit(new)
    if head is not None:
        new = apply(new, [head])
        source_edits.append(Edit(0, 0, "", head.rule, head.message))
    if new != text and not _same_structure(text, new):
        # Should not happen; if it does, touch nothing and say so.
        all_skipped = skipped + [Change(*lines.pos(e.start), e.rule, e.message) for e in source_edits]
        return text, [], all_skipped
    changes = [
        Change(*lines.pos(e.start), e.rule, e.message) for e in sorted(source_edits, key=lambda e: e.start)
    ]
    return new, changes, skipped


def _same_structure(old: str, new: str) -> bool:
    """The fixed YAML has the same keys, nesting and non-string values, and each string is the
    original string with only the copywriting fixes applied."""
    if not (parseable(old) and parseable(new)):
        return False
    try:
        a = yaml.load(old, Loader=_LOADER)
        b = yaml.load(new, Loader=_LOADER)
    except _YAML_ERRORS:
        return False
    todo: list[tuple[Any, Any, str]] = [(a, b, "")]  # an explicit stack: no recursion on depth
    while todo:
        x, y, key = todo.pop()
        if isinstance(x, dict):
            if not (isinstance(y, dict) and list(x) == list(y)):
                return False
            todo += [(x[k], y[k], str(k)) for k in x]
        elif isinstance(x, list):
            if not (isinstance(y, list) and len(x) == len(y)):
                return False
            todo += [(i, j, key) for i, j in zip(x, y, strict=True)]
        elif isinstance(x, str) and isinstance(y, str) and key not in NON_PROSE:
            if y not in (x, apply(x, text_edits(x))):
                return False
        elif not (x == y and type(x) is type(y)):
            return False
    return True


# --- What `casebook check` calls -----------------------------------------------------------------


def case_files(folders: list[Path]) -> list[Path]:
    return [f for d in folders for f in (d / "case.yml", d / "case.md") if f.is_file() and not f.is_symlink()]


def changed_files(root: Path, ref: str) -> set[Path] | str:
    """Files under cases/ changed since `ref` (committed, staged, unstaged or new), or an error."""
    import subprocess

    def git(*args: str) -> str:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=60)
        if done.returncode != 0:
            raise RuntimeError(done.stderr.strip())
        return done.stdout

    try:
        base = git("merge-base", ref, "HEAD").strip()
        names = git("diff", "--name-only", base, "--", "cases").splitlines()
        names += git("ls-files", "--others", "--exclude-standard", "--", "cases").splitlines()
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as e:
        return f"无法确定相对“{ref}”改动了哪些文件：{e or 'git 不可用'}（在 CI 里请先 git fetch 基准分支）"
    return {(root / n).resolve() for n in names if n}


def fix_files(files: list[Path], root: Path) -> list[str]:
    """Apply safe fixes in place: one report line per change or unfixable finding, then a total."""
    from casebook.validate.problems import display_path

    report: list[str] = []
    written = fixed = manual = 0
    for path in files:
        shown = display_path(path, root)
        tf = read_text(path, shown, root)
        text = tf.text
        if text is None or tf.problems:
            continue  # the check explains why the file cannot be read
        try:
            with time_limit():
                new, changes, skipped = fix_text(path, text)
        except _YAML_ERRORS:  # unparsable YAML: the check reports it, there is nothing to fix
            continue
        fixed += len(changes)
        manual += len(skipped)
        for c in changes:
            report.append(f"{shown}:{c.line}:{c.col}: 已修正：{c.message} [{c.rule}]")
        for c in skipped:
            report.append(
                f"{shown}:{c.line}:{c.col}: 未自动修正（这段文字的 YAML 写法无法安全改动，请手工修改）："
                f"{c.message} [{c.rule}]"
            )
        if new != text:
            write_atomic(path, new)
            written += 1
    tail = f"；{manual} 处需要手工修改。" if manual else "。"
    total = f"自动修正了 {fixed} 处，改写了 {written} 个文件{tail}"
    return [*report, total]
