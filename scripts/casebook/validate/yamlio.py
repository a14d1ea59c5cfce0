"""Reading contributor files safely: size cap, encoding, YAML with positions, no alias bombs.

Whatever a pull request contains, reading it must end in either data with source positions or a
list of Problems: never a traceback, never unbounded memory.  Positions come from ruamel.yaml's
round-trip loader so that every later message can name the exact line.
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent

from casebook.validate.problems import Problem

MAX_BYTES = 1_000_000


@dataclass
class TextFile:
    path: Path
    shown: str  # path as printed in messages
    text: str | None = None
    problems: list[Problem] = field(default_factory=list)


def read_text(path: Path, shown: str, root: Path | None = None, max_bytes: int = MAX_BYTES) -> TextFile:
    """Read a UTF-8 text file, or explain in Chinese why it cannot be read."""
    tf = TextFile(path, shown)

    def fail(rule: str, msg: str, fix: str = "") -> TextFile:
        tf.problems.append(Problem(shown, 1, 1, rule, msg, fix))
        return tf

    if path.is_symlink():
        target = Path(os.path.realpath(path))
        if root is None or not target.is_relative_to(Path(os.path.realpath(root))):
            return fail("CB106", f"{path.name} 是指向仓库之外的符号链接（{target}）")
    if not path.is_file():
        return fail("CB106", f"{path.name} 不是普通文件")
    size = path.stat().st_size
    if size > max_bytes:
        return fail("CB103", f"文件有 {size / 1_000_000:.1f} MB，超过上限 {max_bytes / 1_000_000:.0f} MB")
    data = path.read_bytes()
    if not data.strip():
        return fail("CB104", "文件是空的")
    if b"\x00" in data and not (data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff")):
        return fail("CB105", "文件含有 NUL 字节，不是文本文件")
    if data.startswith(b"\xef\xbb\xbf"):
        return fail("CB102", "文件开头有 UTF-8 BOM")
    try:
        tf.text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        guess = _guess_encoding(data)
        hint = f"看起来是 {guess} 编码" if guess else "无法识别编码"
        tf.problems.append(Problem(shown, line, 1, "CB101", f"文件不是 UTF-8 编码（{hint}）"))
    return tf


def _guess_encoding(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None:
        return None
    names = {
        "gb18030": "GB18030/GBK",
        "gbk": "GBK",
        "gb2312": "GB2312",
        "big5": "Big5",
        "utf_16": "UTF-16",
        "utf_16_le": "UTF-16",
        "utf_16_be": "UTF-16",
    }
    return names.get(best.encoding, best.encoding)


_TAB_RE = re.compile(r"^( *)\t", re.M)


_INT = "tag:yaml.org,2002:int"
# Scalars that YAML 1.1 (libyaml's resolvers) and 1.2 (ruamel) read differently, or that our
# narrowed resolvers would not read as ruamel does: such files take the careful path.
_RISKY = re.compile(
    r"(?im)(?:^|[:?-][ ]+|[\[{,][ ]*)[-+]?(?:0[0-9box_]|[0-9][0-9]*_|[0-9]+:[0-9]|[0-9.]+e|\.(?:inf|nan)\b"
    r"|(?:yes|no|on|off|y|n)[ ]*(?:$|[,\]}#]))"
)


def _fast_loader() -> type | None:
    """A libyaml loader that reads YAML the way our ruamel loader does, or None without libyaml.

    ruamel reads YAML 1.2: `yes`/`no` and dates stay strings.  PyYAML's resolvers follow 1.1, so
    those two are dropped here; duplicate keys raise instead of silently keeping the last one.
    """
    try:
        import yaml
        from yaml import CSafeLoader
    except ImportError:  # pragma: no cover - PyYAML ships libyaml wheels for our platforms
        return None

    class Loader(CSafeLoader):  # type: ignore[misc]
        yaml_implicit_resolvers: ClassVar[dict[Any, Any]] = {
            key: [(tag, rx) for tag, rx in resolvers if tag not in ("tag:yaml.org,2002:timestamp", _INT)]
            for key, resolvers in CSafeLoader.yaml_implicit_resolvers.items()
        }

        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            keys = [self.construct_object(k, deep=deep) for k, _ in node.value]
            if len(keys) != len(set(map(repr, keys))):
                raise yaml.constructor.ConstructorError(None, None, "duplicate key", node.start_mark)
            return super().construct_mapping(node, deep=deep)

    # YAML 1.2 integers: no octal 010 = 8, no sexagesimal 8:30 = 510.
    Loader.add_implicit_resolver(_INT, re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789"))
    Loader.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
    )
    for key in list(Loader.yaml_implicit_resolvers):
        Loader.yaml_implicit_resolvers[key] = [
            (tag, rx)
            for tag, rx in Loader.yaml_implicit_resolvers[key]
            if not (tag == "tag:yaml.org,2002:bool" and rx.match("yes"))
        ]
    return Loader


_FAST = _fast_loader()


def fast_load(text: str) -> Any:
    """Plain data via libyaml, or None when the text needs the careful reader.

    About twenty times faster than the round-trip parser, which matters at a thousand cases; it
    gives no positions, so callers use it only to confirm that a file is clean and fall back to
    `load_yaml` whenever a message has to point at a line.  Text with anchor or alias indicators
    always takes the careful path, which refuses them.
    """
    if _FAST is None or "&" in text or "*" in text or "\t" in text or _RISKY.search(text):
        return None
    import yaml

    try:
        return yaml.load(text, Loader=_FAST)
    except (yaml.YAMLError, ValueError, TypeError, RecursionError):
        return None


def load_yaml(tf: TextFile) -> Any:
    """Parse YAML with positions; problems are appended to tf.problems and None returned."""
    assert tf.text is not None
    text = tf.text
    shown = tf.shown
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    yaml.preserve_quotes = True
    # Anchors and aliases are refused before anything is constructed: a nested alias "bomb"
    # would otherwise expand to billions of nodes when the data is walked.
    try:
        for event in yaml.parse(io.StringIO(text)):
            if isinstance(event, AliasEvent):
                m = event.start_mark
                tf.problems.append(
                    Problem(shown, m.line + 1, m.column + 1, "CB114", f"使用了别名 *{event.anchor}")
                )
                return None
            anchor = getattr(event, "anchor", None)
            if anchor:
                m = event.start_mark
                tf.problems.append(Problem(shown, m.line + 1, m.column + 1, "CB114", f"使用了锚点 &{anchor}"))
                return None
    except MarkedYAMLError as e:
        tf.problems.append(_syntax_problem(shown, text, e))
        return None
    except YAMLError as e:
        tf.problems.append(Problem(shown, 1, 1, "CB111", f"YAML 无法解析：{e}"))
        return None
    try:
        return yaml.load(text)
    except DuplicateKeyError as e:
        mark = e.problem_mark or e.context_mark
        key = re.search(r'found duplicate key "([^"]*)"', str(e))
        name = key.group(1) if key else "?"
        first = e.context_mark
        where = f"（第一次出现在第 {first.line + 1} 行）" if first else ""
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        tf.problems.append(Problem(shown, line, col, "CB113", f"字段“{name}”重复出现{where}"))
        return None
    except MarkedYAMLError as e:
        tf.problems.append(_syntax_problem(shown, text, e))
        return None
    except (YAMLError, ValueError, RecursionError) as e:
        tf.problems.append(Problem(shown, 1, 1, "CB111", f"YAML 无法解析：{type(e).__name__}"))
        return None


def _syntax_problem(shown: str, text: str, e: MarkedYAMLError) -> Problem:
    mark = e.problem_mark or e.context_mark
    if e.context and "flow" in e.context and e.context_mark:
        mark = e.context_mark  # an unclosed [ or { is wrong where it opens, not where parsing gave up
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    tab = _TAB_RE.search(text)
    if tab and ("\\t" in str(e) or "tab" in str(e).lower()):
        tline = text[: tab.start()].count("\n") + 1
        return Problem(shown, tline, len(tab.group(1)) + 1, "CB112", "这一行用 Tab 缩进")
    what = (e.problem or "").strip()
    translations = {
        "mapping values are not allowed here": "这里不能出现“冒号+空格”（含冒号的文字请加引号）",
        "could not find expected ':'": "缺少冒号",
        "found unexpected end of stream": "文件意外结束（引号或括号没有闭合）",
        "did not find expected key": "缩进不一致，找不到字段名",
        "did not find expected '-' indicator": "列表缩进不一致",
        "found character '\\t' that cannot start any token": "这一行有 Tab 字符",
        "expected ',' or ']', but got": "方括号列表没有正确闭合",
        "expected ',' or '}', but got": "花括号没有正确闭合",
        "found undefined alias": "使用了未定义的别名",
    }
    for en, zh in translations.items():
        if what.startswith(en):
            return Problem(shown, line, col, "CB111", zh)
    return Problem(shown, line, col, "CB111", f"YAML 语法错误：{what or e}")


def position(node: Any, path: tuple[Any, ...]) -> tuple[int, int]:
    """1-based (line, col) of the deepest node on `path` that has a position.

    A value on its key's line is shown at the value; a nested block value starts on a later line,
    so there the key is the better place to point at.
    """
    line, col = (node.lc.line, node.lc.col) if isinstance(node, CommentedMap | CommentedSeq) else (0, 0)
    cur = node
    for key in path:
        if isinstance(cur, CommentedMap) and key in cur and key in cur.lc.data:
            kl, kc, vl, vc = cur.lc.data[key]
            line, col = (vl, vc) if vl == kl else (kl, kc)
        elif isinstance(cur, CommentedSeq) and isinstance(key, int) and key < len(cur) and key in cur.lc.data:
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
    if isinstance(cur, CommentedMap) and key in cur:
        kl, kc = cur.lc.key(key)
        return kl + 1, kc + 1
    return position(node, path)


def plain(node: Any) -> Any:
    """ruamel's commented containers → plain dicts, lists and scalars (for JSON and templates)."""
    if isinstance(node, dict):
        return {str(k): plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [plain(v) for v in node]
    if isinstance(node, bool | int | float) or node is None:
        return node
    return str(node)
