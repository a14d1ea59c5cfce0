"""YAML from contributor files: refused when hostile, parsed with positions, explained when wrong.

Every YAML text passes `prescan` (casebook.validate.prescan) before a parser sees it: nesting
depth, anchors, aliases and tags are refused there, and the usual mistakes explained.  YAML is then
parsed by libyaml (PyYAML's C parser, about seventy times faster than ruamel's pure-Python
round-trip parser on the same text) into nodes that keep their marks; `_construct` turns them into
dicts and lists that remember where each key and item was, with YAML 1.2 scalars as ruamel reads
them (`yes` and dates stay text, `010` is ten), so every later message can name its line.
Reading the file itself is casebook.validate.reader's job (its names are re-exported here).
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from casebook.validate.prescan import Finding, scan
from casebook.validate.problems import Problem
from casebook.validate.reader import TextFile
from casebook.validate.reader import read_text as read_text  # the one reader, as callers have known it

# Brackets open at once, counted without regard to quotes: a second guard for the C parser's
# stack, whatever the scan made of the text around them.
MAX_RAW_BRACKETS = 256


# --- YAML ----------------------------------------------------------------------------------------

_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"

# YAML 1.2 scalars as ruamel.yaml reads them (ruamel's 1.2 resolvers): what contributors' editors
# and the JSON Schema expect.  Timestamps are not resolved: a date stays the text that was typed.
_RESOLVERS: list[tuple[str, re.Pattern[str], str]] = [
    (_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), "tTfF"),
    (
        _FLOAT,
        re.compile(
            r"""^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
            |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
            |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
            |[-+]?\.(?:inf|Inf|INF)
            |\.(?:nan|NaN|NAN))$""",
            re.X,
        ),
        "-+0123456789.",
    ),
    (
        _INT,
        re.compile(r"^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)$"),
        "-+0123456789",
    ),
    (_NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), "~nN"),
]


class _Loader(yaml.CSafeLoader):
    yaml_implicit_resolvers: ClassVar[dict[Any, Any]] = {}  # type: ignore[misc]  # ours only, below


for _tag, _rx, _first in _RESOLVERS:
    for _ch in _first:
        _Loader.yaml_implicit_resolvers.setdefault(_ch, []).append((_tag, _rx))
_Loader.yaml_implicit_resolvers[""] = [(_NULL, _RESOLVERS[-1][1])]  # an empty plain value


class Quoted(str):
    """A string written in quotes: its text starts one column after the value's position."""

    __slots__ = ()


class Block(str):
    """A string written as a `|` or `>` block: its text starts on the line after the indicator."""

    __slots__ = ()


class LineCol:
    """0-based positions, as ruamel's round-trip data keeps them: `data[key]` is (key line, key
    column, value line, value column) in a mapping and (line, column) in a sequence."""

    __slots__ = ("col", "data", "line")

    def __init__(self, line: int, col: int) -> None:
        self.line = line
        self.col = col
        self.data: dict[Any, tuple[int, ...]] = {}

    def key(self, k: Any) -> tuple[int, int]:
        kl, kc = self.data[k][:2]
        return kl, kc

    def item(self, i: int) -> tuple[int, int]:
        line, col = self.data[i][:2]
        return line, col


class YMap(dict[Any, Any]):
    """A mapping that remembers where it and each of its keys and values were."""

    __slots__ = ("lc",)

    def __init__(self, lc: LineCol) -> None:
        super().__init__()
        self.lc = lc


class YSeq(list[Any]):
    """A sequence that remembers where it and each of its items were."""

    __slots__ = ("lc",)

    def __init__(self, lc: LineCol) -> None:
        super().__init__()
        self.lc = lc


class _Refused(Exception):
    def __init__(self, node: Node, rule: str, message: str, fix: str = "") -> None:
        super().__init__(message)
        self.node, self.rule, self.message, self.fix = node, rule, message, fix


def _scalar(node: ScalarNode) -> Any:
    value: str = node.value
    tag = node.tag
    if node.style in ('"', "'"):
        return Quoted(value)
    if node.style in ("|", ">"):
        return Block(value)
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return value in ("true", "True", "TRUE")
    if tag == _INT:
        digits = value.replace("_", "")
        sign = -1 if digits.startswith("-") else 1
        digits = digits.lstrip("+-")
        for prefix, base in (("0b", 2), ("0x", 16), ("0o", 8)):
            if digits.startswith(prefix):
                digits, number_base = digits[2:], base
                break
        else:
            number_base = 10
        try:
            return sign * int(digits, number_base)
        except ValueError:
            return value
    if tag == _FLOAT:
        text = value.replace("_", "").lower().replace(".inf", "inf").replace(".nan", "nan")
        try:
            return float(text)
        except ValueError:
            return value
    return value  # text, and anything tagged (the scan refuses tags in contributor files)


def _construct(root: Node) -> Any:
    """Nodes → YMap / YSeq / scalars, one explicit stack: no recursion that depth could drive."""
    if isinstance(root, ScalarNode):
        return _scalar(root)

    def container(node: Node) -> YMap | YSeq:
        lc = LineCol(node.start_mark.line, node.start_mark.column)
        return YMap(lc) if isinstance(node, MappingNode) else YSeq(lc)

    top = container(root)
    stack: list[tuple[Node, YMap | YSeq]] = [(root, top)]
    while stack:
        node, out = stack.pop()
        if isinstance(node, MappingNode):
            assert isinstance(out, YMap)
            for knode, vnode in node.value:
                if not isinstance(knode, ScalarNode):
                    raise _Refused(knode, "CB111", "字段名是列表或映射", "字段名只写文字，如 name: 示范社区")
                key = _scalar(knode)
                if key in out:
                    first = out.lc.data[key][0] + 1
                    raise _Refused(knode, "CB113", f"字段“{key}”重复出现（第一次出现在第 {first} 行）")
                value = _scalar(vnode) if isinstance(vnode, ScalarNode) else container(vnode)
                out[key] = value
                sm, vm = knode.start_mark, vnode.start_mark
                out.lc.data[key] = (sm.line, sm.column, vm.line, vm.column)
                if not isinstance(vnode, ScalarNode):
                    stack.append((vnode, value))
        else:
            assert isinstance(node, SequenceNode) and isinstance(out, YSeq)
            for item in node.value:
                value = _scalar(item) if isinstance(item, ScalarNode) else container(item)
                out.lc.data[len(out)] = (item.start_mark.line, item.start_mark.column)
                out.append(value)
                if not isinstance(item, ScalarNode):
                    stack.append((item, value))
    return top


_INDICATORS_RE = re.compile(r"^\ufeff?[ \t]*(?:[-?:][ \t]+){64}", re.M)


def _raw_indicator_run(text: str) -> int | None:
    """Offset of a line that opens more than 64 block collections at once ("- - - …", "? ? …"),
    however the scan read the lines around it; None when there is none."""
    m = _INDICATORS_RE.search(text.replace("\r", "\n").replace("\x85", "\n").replace("\u2028", "\n"))
    return m.start() if m else None


def _raw_bracket_depth(text: str) -> tuple[int, int]:
    """(deepest count of open brackets, offset where it was reached), quotes not considered."""
    depth = deepest = where = 0
    for m in re.finditer(r"[\[\]{}]", text):
        depth = depth + 1 if m.group(0) in "[{" else max(depth - 1, 0)
        if depth > deepest:
            deepest, where = depth, m.start()
            if deepest > MAX_RAW_BRACKETS:
                break
    return deepest, where


_last_scan: tuple[str, bool, list[Finding]] | None = None


def prescan(text: str, allow_tags: bool = False) -> list[Finding]:
    """Findings of the pre-parse scan (the last result is kept: callers often ask twice)."""
    global _last_scan
    if _last_scan is not None and _last_scan[0] is text and _last_scan[1] == allow_tags:
        return _last_scan[2]
    findings = scan(text, allow_tags)
    deepest, where = _raw_bracket_depth(text)
    if deepest > MAX_RAW_BRACKETS and not any(f.rule == "CB117" for f in findings):
        line = text.count("\n", 0, where) + 1
        findings = [
            Finding(
                line, 1, "CB117", f"括号嵌套超过 {MAX_RAW_BRACKETS} 层", "检查是否多写了 [ 或 {", True, True
            ),
            *findings,
        ]
    run = _raw_indicator_run(text)
    if run is not None and not any(f.rule == "CB117" for f in findings):
        line = text.count("\n", 0, run) + 1
        findings = [
            Finding(line, 1, "CB117", "一行里嵌套了过多的列表或键", "每个“- ”另起一行", True, True),
            *findings,
        ]
    _last_scan = (text, allow_tags, findings)
    return findings


def parseable(text: str, allow_tags: bool = False) -> bool:
    """True when the text may be handed to a YAML parser (no hostile structure)."""
    return not any(f.hostile for f in prescan(text, allow_tags))


def load_yaml(tf: TextFile, allow_tags: bool = False) -> Any:
    """Parse YAML with positions; problems are appended to tf.problems and None returned.

    The scan runs first.  Hostile structure (depth, anchors, aliases, tags) is refused without
    parsing.  A file the scan found a usual mistake in is still parsed when it is safe to: if the
    parser fails, the scan's messages replace the parser's (they name the line where the mistake
    is and what to type); if it succeeds, the mistakes are reported all the same.
    """
    assert tf.text is not None
    text = tf.text
    findings = prescan(text, allow_tags)
    explained = [Problem(tf.shown, f.line, f.col, f.rule, f.message, f.fix) for f in findings]
    if any(f.hostile for f in findings):
        tf.problems += explained
        return None
    failure: Problem | None = None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = None if node is None else _construct(node)
    except yaml.MarkedYAMLError as e:
        failure = _syntax_problem(tf.shown, text, e)
    except _Refused as e:
        m = e.node.start_mark
        failure = Problem(tf.shown, m.line + 1, m.column + 1, e.rule, e.message, e.fix)
    except (yaml.YAMLError, ValueError, TypeError, RecursionError, MemoryError) as e:
        failure = Problem(tf.shown, 1, 1, "CB111", f"YAML 无法解析（{type(e).__name__}）")
    finally:
        loader.dispose()
    if failure is None:
        # Parsed: only the scan's certain findings stand (its guesses explain parser failures).
        certain = [p for p, f in zip(explained, findings, strict=True) if f.certain]
        if certain:
            tf.problems += certain
            return None
        return data
    # After a guess (an unclosed quote or bracket inferred from the next line), what the scan saw
    # is read through that mistake: the guess is the message.
    guess = next((k for k, f in enumerate(findings) if not f.certain), None)
    if guess is not None:
        explained = explained[: guess + 1]
    if not explained or failure.line < explained[0].line:
        explained.insert(0, failure)
    tf.problems += explained
    return None


_TAB_RE = re.compile(r"^( *)\t", re.M)

# The parser's words → what a contributor should read.  Anything not listed is still reported in
# Chinese, on the parser's line.
_TRANSLATIONS = {
    "mapping values are not allowed here": (
        "这里不能出现“冒号+空格”",
        "值里有冒号时给整个值加上引号，或把冒号改成全角“：”",
    ),
    "could not find expected ':'": (
        "找不到字段名后面的冒号",
        "每个字段写成“字段名: 值”，冒号是半角，后面跟一个空格",
    ),
    "found unexpected end of stream": ("文件意外结束", "检查引号和括号是否成对"),
    "did not find expected key": ("缩进不一致，找不到字段名", "同一层的字段左边对齐，用空格缩进"),
    "did not find expected '-' indicator": ("列表缩进不一致", "同一个列表的每一项“- ”左边对齐"),
    "found character '\\t' that cannot start any token": ("这一行有 Tab 字符", "把 Tab 换成空格"),
    "expected ',' or ']', but got": ("方括号列表没有正确闭合", "列表写成 [甲, 乙]，项之间用半角逗号"),
    "expected ',' or '}', but got": ("花括号没有正确闭合", "写成 {字段: 值, 字段: 值}"),
    "expected <block end>, but found": (
        "这一行的写法和上面的缩进对不上",
        "检查缩进，值里有引号时给整个值换一种引号",
    ),
    "block sequence entries are not allowed here": ("列表项不能写在这里", "“- ”另起一行并缩进"),
    "expected a single document in the stream": ("文件里有多个 YAML 文档（---）", "删去多余的 --- 分隔线"),
    "found undefined alias": ("使用了别名", "不要用 & 和 *"),
}


def _syntax_problem(shown: str, text: str, e: yaml.MarkedYAMLError) -> Problem:
    mark = e.problem_mark or e.context_mark
    context = e.context or ""
    if e.context_mark and ("flow" in context or "quoted scalar" in context):
        mark = e.context_mark  # an unclosed [ { or " is wrong where it opens, not where parsing gave up
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    what = (e.problem or "").strip()
    tab = _TAB_RE.search(text)
    if tab and ("\t" in what or "tab" in what.lower()):
        tline = text[: tab.start()].count("\n") + 1
        return Problem(shown, tline, len(tab.group(1)) + 1, "CB112", "这一行用 Tab 缩进")
    for en, (zh, fix) in _TRANSLATIONS.items():
        if what.startswith(en):
            return Problem(shown, line, col, "CB111", zh, fix)
    if "quoted scalar" in context:
        return Problem(shown, line, col, "CB111", "引号没有闭合", "在值的末尾补上同样的引号")
    return Problem(shown, line, col, "CB111", "YAML 在这里无法解析", "检查这一行和上一行的缩进、冒号和引号")


def position(node: Any, path: tuple[Any, ...]) -> tuple[int, int]:
    """1-based (line, col) of the deepest node on `path` that has a position.

    A value on its key's line is shown at the value; a nested block value starts on a later line,
    so there the key is the better place to point at.
    """
    line, col = (node.lc.line, node.lc.col) if isinstance(node, YMap | YSeq) else (0, 0)
    cur = node
    for key in path:
        if isinstance(cur, YMap) and key in cur.lc.data:
            kl, kc, vl, vc = cur.lc.data[key]
            line, col = (vl, vc) if vl == kl else (kl, kc)
        elif isinstance(cur, YSeq) and isinstance(key, int) and key in cur.lc.data:
            line, col = cur.lc.data[key][:2]
        else:
            break
        cur = cur[key]
    return line + 1, col + 1


def key_position(node: Any, path: tuple[Any, ...], key: str) -> tuple[int, int]:
    """Position of a mapping key (for unknown-field messages)."""
    cur = node
    for k in path:
        try:
            cur = cur[k]
        except (KeyError, IndexError, TypeError):
            return position(node, path)
    if isinstance(cur, YMap) and key in cur.lc.data:
        kl, kc = cur.lc.key(key)
        return kl + 1, kc + 1
    return position(node, path)


def plain(node: Any) -> Any:
    """Read data → plain dicts, lists, str, int, float, bool and None (for JSON and templates).

    Iterative, so that no input depth can exhaust the stack.
    """

    def leaf(v: Any) -> Any:
        if isinstance(v, bool | int | float) or v is None:
            return v
        return str(v)

    if not isinstance(node, dict | list):
        return leaf(node)
    top: Any = {} if isinstance(node, dict) else []
    stack: list[tuple[Any, Any]] = [(node, top)]
    while stack:
        src, dst = stack.pop()
        items = src.items() if isinstance(src, dict) else enumerate(src)
        for k, v in items:
            if isinstance(v, dict | list):
                new: Any = {} if isinstance(v, dict) else []
                stack.append((v, new))
            else:
                new = leaf(v)
            if isinstance(dst, dict):
                dst[str(k)] = new
            else:
                dst.append(new)
    return top
