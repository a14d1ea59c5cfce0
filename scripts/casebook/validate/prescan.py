"""A look at YAML text before any parser sees it: hostile structure refused, usual mistakes named.

Both YAML parsers recurse once per nesting level (libyaml's C composer overflows the stack and
kills the process at about 50,000 `{a: `; ruamel raises RecursionError near 1,000) and expand
aliases.  So every contributor file first passes this scan, one pass over the text with explicit
stacks: it refuses nesting deeper than MAX_DEPTH and every anchor, alias and tag, and while it is
there it recognises the mistakes people make typing YAML by hand (a full-width colon after a
field name, no space after the colon, a value that starts with a character YAML reserves, text
after a closing quote or bracket, an unclosed quote or bracket, Tab indentation) and says, on the
line where the mistake is, what to type instead.  The parsers' own messages name the line where
they gave up, often the next one, in English.

The scan only reports what a parser would also reject (or what we refuse anyway: anchors, tags,
field names written with a full-width colon); text it does not understand is left to the parser.
It reads lines as libyaml does (a lone CR, NEL, LS and PS end a line; a byte-order mark starts
one), and tests/test_check_robust.py holds it to every nesting libyaml composes.  The module is
one state machine over one pass, and longer than most for that reason: split, its state would
have to travel between modules.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass

MAX_DEPTH = 32  # case files need 6 levels; the parsers are safe far beyond this
MAX_FINDINGS = 50  # a file with more mistakes than this is better fixed from the top

# Field names of our files, for the mistakes that are only mistakes before a field name.
_FIELD = r"[A-Za-z_][A-Za-z0-9_-]*"
_FULLWIDTH_KEY_RE = re.compile(rf"({_FIELD})[ \t]*[：︰]")
_NOSPACE_KEY_RE = re.compile(rf"({_FIELD}):(?![\s/:])")
_KEY_LINE_RE = re.compile(rf"[ ]*(?:- +)?{_FIELD}[ \t]*:(?:[ \t]|$)")
_BREAK_RE = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_MAP_COLON_RE = re.compile(r":(?=[ \t]|$)|[ \t]#")
# A line the scan need not take apart: an ASCII key, one space, a plain value with no colon, hash
# or character YAML reserves at its start.
_SIMPLE_RE = re.compile(r"(- )?[A-Za-z_][A-Za-z0-9_-]*: [^\s&*!|>%@`'\"\[\]{},#?:\-~][^:#\t]*$")
_BLOCK_HEADER_RE = re.compile(r"[|>](?:[1-9][-+]?|[-+][1-9]?)?[ \t]*(?:#.*)?$")
_NAME_RE = re.compile(r"[^\s,\[\]{}]+")
_FLOW_STOP_RE = re.compile(r"[\[\]{},]|:(?=[ \t,\[\]{}]|$)| #")
_RESERVED = "@`%"
_CLOSE = {"[": "]", "{": "}"}
_NO_ANCHORS = "不要用 & 和 *，把内容直接写出来（& 或 * 是文字的一部分时，给整个值加上引号）"
_BRACKET = {"[": "方括号", "{": "花括号", "]": "方括号", "}": "花括号"}


@dataclass(frozen=True)
class Finding:
    line: int  # 1-based
    col: int  # 1-based
    rule: str
    message: str
    fix: str
    # False for a guess (an unclosed quote inferred from the line after it): reported only when a
    # parser also fails on the file.
    certain: bool = True
    # True when no parser may see the file (too deep, anchors and aliases, or too many mistakes to
    # have scanned it to the end).
    hostile: bool = False


@functools.cache
def field_names() -> frozenset[str]:
    """Every field name the case, course and vocabulary files use (from the schemas)."""
    from casebook.model.vocabulary import CATEGORIES
    from casebook.schemas import case_schema, course_schema

    names: set[str] = {"id", "label", "definition", "aliases", *CATEGORIES}
    todo: list[object] = [case_schema(), course_schema()]
    while todo:
        node = todo.pop()
        if isinstance(node, dict):
            props = node.get("properties")
            if isinstance(props, dict):
                names.update(str(k) for k in props)
            todo.extend(node.values())
        elif isinstance(node, list):
            todo.extend(node)
    return frozenset(names)


def _quoted(value: str) -> str:
    # A double-quoted YAML scalar is a JSON string.
    return json.dumps(value, ensure_ascii=False)


def _short(text: str, n: int = 30) -> str:
    text = text.strip()
    return text if len(text) <= n else text[:n] + "……"


class _Stop(Exception):
    """The rest of the file cannot be read reliably after this finding."""


class _Scanner:
    def __init__(self, text: str, allow_tags: bool) -> None:
        # Lines as libyaml breaks them: CR LF, a lone CR, LF, and YAML 1.1's NEL, LS and PS.  A
        # comment ended by a lone CR hides nothing from the parser, so it hides nothing here.
        self.lines = _BREAK_RE.split(text)
        self.allow_tags = allow_tags
        self.findings: list[Finding] = []
        self.seen: dict[tuple[int, int, str, str], int] = {}
        self.levels: list[tuple[int, str]] = []  # block collections: (column, "map" | "seq")
        self.flow: list[tuple[str, int, int]] = []  # open brackets: (char, line, col)
        self.flow_owner = 0  # column of the node that opened the outermost bracket
        self.flow_key: str | None = None  # the key whose value it is
        self.quote: tuple[str, int, int, int] | None = None  # (char, line, col, owner column)
        self.quote_in_flow = False
        self.block_owner: int | None = None  # inside a | or > block: the owner's column
        self.plain_owner: int | None = None  # inside a multi-line plain value

    # -- reporting ---------------------------------------------------------------------------

    def add(
        self, n: int, col: int, rule: str, message: str, fix: str, certain: bool = True, hostile: bool = False
    ) -> None:
        # A guess is made once; when the end of the file confirms it, it becomes certain.  The scan
        # goes on after a guess as the parser would, so that depth is still counted to the end.
        key = (n, col, rule, message)
        if key in self.seen:
            k = self.seen[key]
            if certain and not self.findings[k].certain:
                self.findings[k] = Finding(n + 1, col + 1, rule, message, fix, True)
            return
        self.seen[key] = len(self.findings)
        self.findings.append(Finding(n + 1, col + 1, rule, message, fix, certain, hostile))
        if rule in ("CB114", "CB117"):
            self.findings[-1] = Finding(n + 1, col + 1, rule, message, fix, True, True)
        if len(self.findings) >= MAX_FINDINGS:
            self.findings.append(
                Finding(
                    n + 1,
                    1,
                    "CB111",
                    "这个文件的问题太多，后面的内容没有再检查",
                    "先改正前面的问题",
                    True,
                    True,
                )
            )
            raise _Stop

    def depth_check(self, n: int, col: int) -> None:
        if len(self.levels) + len(self.flow) > MAX_DEPTH:
            self.add(
                n,
                col,
                "CB117",
                f"嵌套超过 {MAX_DEPTH} 层",
                "案例、词表和课程文件只需要几层缩进；检查是否多写了括号或缩进，把内容写平",
            )
            raise _Stop

    # -- the scan ----------------------------------------------------------------------------

    def run(self) -> list[Finding]:
        try:
            for n, line in enumerate(self.lines):
                self.line(n, line)
            self.at_end()
        except _Stop:
            pass
        return self.findings

    def at_end(self) -> None:
        if self.quote is not None:
            self.unclosed_quote()
        if self.flow:
            self.unclosed_bracket()

    def unclosed_quote(self, certain: bool = True) -> None:
        assert self.quote is not None
        q, n, col, _ = self.quote
        self.add(
            n,
            col,
            "CB111",
            f"这一行的引号 {q} 没有闭合",
            f"在这个值的末尾补上 {q}，或去掉开头的 {q}（值里要用的引号请写中文引号“”）",
            certain,
        )
        if certain:
            raise _Stop

    def unclosed_bracket(self, certain: bool = True) -> None:
        ch, n, col = self.flow[0]
        example = "[老旧小区, 单位型社区]" if ch == "[" else "{value: 1200, unit: 户}"
        self.add(
            n,
            col,
            "CB111",
            f"这一行的{_BRACKET[ch]} {ch} 没有闭合",
            f"在最后一项后面补上 {_CLOSE[ch]}，如 {example}",
            certain,
        )
        if certain:
            raise _Stop

    def line(self, n: int, line: str) -> None:
        if line.startswith("\ufeff"):
            line = line[1:]  # libyaml skips a byte-order mark at the start of any line
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if self.quote is not None:
            self.quote_continues(n, line, indent)
            return
        if self.flow:
            if stripped and indent <= self.flow_owner and _KEY_LINE_RE.match(line):
                self.unclosed_bracket(certain=False)  # a new field where the list should have ended
            self.scan_flow(n, line, indent)
            return
        if self.block_owner is not None:
            if not stripped or indent > self.block_owner:
                return
            self.block_owner = None
        if self.plain_owner is not None:
            if stripped and indent > self.plain_owner and not stripped.startswith("#"):
                return
            self.plain_owner = None
        if not stripped or stripped.startswith("#"):
            return
        if stripped[0] == "\t":
            if not stripped.strip() or stripped.lstrip().startswith("#"):
                return
            col = indent
            self.add(
                n, col, "CB112", "这一行用 Tab 缩进", "YAML 只能用空格缩进：把 Tab 换成空格，与上下行对齐"
            )
            return
        if indent == 0 and (line.startswith(("---", "...")) and line[3:4] in ("", " ", "\t")):
            self.levels.clear()
            rest = line[3:].lstrip(" \t")
            if rest and not rest.startswith("#"):
                self.node(n, line, len(line) - len(rest), 0)
            return
        if indent == 0 and line.startswith("%"):
            return  # a directive; the parser judges it
        while self.levels and self.levels[-1][0] > indent:
            self.levels.pop()
        simple = _SIMPLE_RE.match(line, indent)
        if simple:  # most lines: "key: text" or "- key: text", nothing to look at twice
            key_col = indent
            if simple.group(1):
                self.push(n, indent, "seq")
                key_col = indent + 2
            self.push(n, key_col, "map")
            self.plain_owner = key_col
            return
        self.node(n, line, indent, indent)

    def push(self, n: int, col: int, kind: str) -> None:
        if self.levels and self.levels[-1][0] == col:
            top = self.levels[-1][1]
            if top == kind:
                return
            if top == "seq" and kind == "map":
                self.levels.pop()  # a key at the column of a list ends that list
                if self.levels and self.levels[-1] == (col, "map"):
                    return
        self.levels.append((col, kind))
        self.depth_check(n, col)

    def at_key_position(self, col: int) -> bool:
        return not self.levels or any(c == col and k == "map" for c, k in self.levels)

    def node(self, n: int, line: str, i: int, owner: int) -> None:
        """A block node starting at column i: list dashes, then a key, then its value."""
        in_item = False
        while i < len(line) and line[i] in "-?:" and (i + 1 == len(line) or line[i + 1] in " \t"):
            self.push(n, i, "seq" if line[i] == "-" else "map")
            owner = i
            in_item = True
            i += 1
            while i < len(line) and line[i] in " \t":
                i += 1
        if i >= len(line) or line[i] == "#":
            return
        if not in_item and self.levels and self.levels[-1][0] < i:
            owner = self.levels[-1][0]  # a value on its own line belongs to the key above
        c = line[i]
        if c in "[{" or c in "&*!|>" or c in _RESERVED or c in "]},":
            self.value(n, line, i, owner, key=None)
            return
        colon = self.mapping_colon(line, i)
        if colon is None:
            self.keyless(n, line, i, in_item)
            self.value(n, line, i, owner, key=None)
            return
        key = line[i:colon].strip()
        self.push(n, i, "map")
        m = _FULLWIDTH_KEY_RE.match(key)
        if m and (m.group(1) in field_names() or not in_item):
            self.fullwidth_colon(n, i + m.end() - 1, m.group(1), key[m.end() :])
        j = colon + 1
        while j < len(line) and line[j] in " \t":
            j += 1
        if j < len(line) and line[j] != "#":
            self.value(n, line, j, i, key=key)

    def mapping_colon(self, line: str, i: int) -> int | None:
        """Index of the ':' that ends a key starting at i, or None when the node is not a key."""
        if line[i] in "\"'":
            end = self.quote_end(line, i + 1, line[i])
            if end is None:
                return None
            j = end + 1
            while j < len(line) and line[j] in " \t":
                j += 1
            return (
                j
                if j < len(line) and line[j] == ":" and (j + 1 == len(line) or line[j + 1] in " \t")
                else None
            )
        m = _MAP_COLON_RE.search(line, i)
        return m.start() if m and m.group(0) == ":" else None

    @staticmethod
    def quote_end(line: str, j: int, q: str) -> int | None:
        """Index of the closing quote from j on, or None if it is not on this line."""
        while True:
            k = line.find(q, j)
            if k < 0:
                return None
            if q == '"':
                backslashes = len(line[j:k]) - len(line[j:k].rstrip("\\"))
                if backslashes % 2:
                    j = k + 1
                    continue
                return k
            if line.startswith("''", k):
                j = k + 2
                continue
            return k

    def keyless(self, n: int, line: str, i: int, in_item: bool) -> None:
        """A node with no `key: ` on a line: maybe a key typed with the wrong colon."""
        rest = line[i:]

        def known_or_key(name: str) -> bool:
            return name in field_names() or (not in_item and self.at_key_position(i))

        m = _FULLWIDTH_KEY_RE.match(rest)
        if m and known_or_key(m.group(1)):
            self.fullwidth_colon(n, i + m.end() - 1, m.group(1), rest[m.end() :])
            return
        m = _NOSPACE_KEY_RE.match(rest)
        if m and known_or_key(m.group(1)):
            value = rest[m.end() :].split(" #")[0].strip()
            self.add(
                n,
                i + m.end() - 1,
                "CB111",
                f"字段名“{m.group(1)}”后面的冒号后缺空格",
                f"冒号后面加一个空格，写成 {m.group(1)}: {_short(value)}",
            )

    def fullwidth_colon(self, n: int, col: int, name: str, value: str) -> None:
        value = value.split(" #")[0].strip()
        example = f"{name}: {_short(value)}" if value else f"{name}:"
        self.add(
            n,
            col,
            "CB111",
            f"字段名“{name}”后面用了全角冒号“：”",
            f"改成半角冒号加空格，写成 {example}",
        )

    def value(self, n: int, line: str, i: int, owner: int, key: str | None) -> None:
        """The value of a block node, starting at column i."""
        c = line[i]
        rest = line[i:]
        shown_key = f"{key}: " if key else ""
        if c in "[{":
            self.flow_owner = owner
            self.flow_key = key
            self.scan_flow(n, line, i)
            return
        if c in "\"'":
            end = self.quote_end(line, i + 1, c)
            if end is None:
                self.quote = (c, n, i, owner)
                self.quote_in_flow = False
                return
            self.after_closed(n, line, end + 1, line[i : end + 1], key)
            return
        if c in "&*":
            self.anchor_or_alias(n, line, i, key)
            return
        if c == "!":
            if self.allow_tags:
                # The tag names the value's type; what follows it is scanned as any value is.
                j = i
                while j < len(line) and line[j] not in " \t":
                    j += 1
                while j < len(line) and line[j] in " \t":
                    j += 1
                if j < len(line) and line[j] not in "#!":
                    self.value(n, line, j, owner, key)
                return
            # Hostile as well as mistaken: the value after a tag is not scanned, so no parser may
            # read the file (a tag before 50,000 "[" would otherwise reach libyaml unseen).
            self.add(
                n,
                i,
                "CB111",
                "值以“!”开头，YAML 会把它当作类型标签",
                f"给整个值加上引号，写成 {shown_key}{_quoted(rest.strip())}",
                hostile=True,
            )
            return
        if c in "|>":
            if _BLOCK_HEADER_RE.match(rest):
                self.block_owner = owner
                return
            self.add(
                n,
                i,
                "CB111",
                f"值以“{c}”开头，YAML 会把它当作多行文字的标记",
                f"给整个值加上引号，写成 {shown_key}{_quoted(rest.strip())}",
            )
            return
        if c in _RESERVED or c in "]},":
            what = {"@": "YAML 保留了“@”", "`": "YAML 保留了“`”", "%": "YAML 会把“%”当作指令"}.get(
                c, f"“{c}”是 YAML 的括号或分隔符"
            )
            self.add(
                n,
                i,
                "CB111",
                f"值以“{c}”开头：{what}",
                f"给整个值加上引号，写成 {shown_key}{_quoted(rest.split(' #')[0].strip())}",
            )
            return
        if c == "-" and (i + 1 == len(line) or line[i + 1] in " \t"):
            item = line[i + 1 :].split(" #")[0].strip()
            self.add(
                n,
                i,
                "CB111",
                "列表项不能和字段名写在同一行",
                f"“- ”另起一行并缩进两格：先写 {key or '字段名'}: 换行，下一行写 - {_short(item)}",
            )
            return
        self.plain(n, line, i, owner, key)

    def plain(self, n: int, line: str, i: int, owner: int, key: str | None) -> None:
        m = _MAP_COLON_RE.search(line, i)
        if m and m.group(0) == ":" and key is not None:
            value = line[i:].split(" #")[0].strip()
            self.add(
                n,
                m.start(),
                "CB111",
                "值里有半角冒号加空格“: ”，YAML 会把它当作又一个字段",
                f"冒号改用全角“：”，或给整个值加上引号，写成 {key}: {_quoted(value)}",
            )
            return
        self.plain_owner = owner

    def anchor_or_alias(self, n: int, line: str, i: int, key: str | None) -> None:
        c = line[i]
        name = _NAME_RE.match(line, i + 1)
        word = name.group(0) if name else ""
        shown_key = f"{key}: " if key else ""
        rest = line[i:].split(" #")[0].strip()
        after = line[name.end() if name else i + 1 :].split(" #")[0].strip()
        ascii_name = bool(re.fullmatch(r"[A-Za-z0-9_-]+", word))
        looks_like_yaml = ascii_name and (c == "&" or not after or after.startswith((",", "]", "}")))
        if looks_like_yaml:
            kind = "锚点" if c == "&" else "别名"
            self.add(n, i, "CB114", f"使用了 YAML {kind} {c}{word}", _NO_ANCHORS)
            raise _Stop  # one is enough: the file is refused as a whole
        else:
            self.add(
                n,
                i,
                "CB111",
                f"值以“{c}”开头，YAML 会把它当作{'锚点' if c == '&' else '别名'}",
                f"给整个值加上引号，写成 {shown_key}{_quoted(rest)}",
            )

    def after_closed(self, n: int, line: str, j: int, closed: str, key: str | None) -> None:
        """Only a comment (or, for a key, a colon) may follow a closing quote or bracket."""
        tail = line[j:]
        stripped = tail.strip()
        if not stripped or (stripped.startswith("#") and (not tail or tail[0] in " \t")):
            return
        if stripped.startswith(":") and (len(stripped) == 1 or stripped[1] in " \t"):
            return  # a quoted or bracketed key; the parser judges the rest
        extra = stripped.split(" #")[0]
        whole = (closed + tail).split(" #")[0].strip()
        shown_key = f"{key}: " if key else ""
        if closed[0] in "\"'":
            chinese = whole.replace(closed[0], "“", 1).replace(closed[0], "”", 1)
            plain_ok = (
                chinese[:1] not in "&*!|>%@`\"'[]{},#-?:" and ": " not in chinese and " #" not in chinese
            )
            fix = (
                "值里面的引号改用中文引号“”，写成 " + shown_key + (chinese if plain_ok else _quoted(chinese))
            )
            msg = f"引号在值的中间就闭合了：{_short(closed)} 后面还有“{_short(extra, 20)}”"
        else:
            items = closed[1:-1].strip() if len(closed) > 2 else ""
            fix = (
                f"把“{_short(extra, 20)}”作为一项放进括号里，写成 {shown_key}"
                f"{closed[0]}{items + ', ' if items else ''}{extra}{closed[-1]}，或删去它"
                if closed[0] == "["
                else "删去括号后面多余的文字"
            )
            msg = f"{_BRACKET[closed[-1]]}闭合后还有文字“{_short(extra, 20)}”"
        self.add(n, j + (len(tail) - len(tail.lstrip())), "CB111", msg, fix)

    def quote_continues(self, n: int, line: str, indent: int) -> None:
        assert self.quote is not None
        q, _qn, _qcol, owner = self.quote
        if line.strip() and indent <= owner and _KEY_LINE_RE.match(line):
            self.unclosed_quote(certain=False)  # a new field where the quoted value should have ended
        end = self.quote_end(line, 0, q)
        if end is None:
            return
        self.quote = None
        if self.quote_in_flow:
            self.scan_flow(n, line, end + 1)
        else:
            self.after_closed(n, line, end + 1, q + "…" + q, None)

    def scan_flow(self, n: int, line: str, i: int) -> None:
        """Brackets from column i on: nesting, quotes and what starts each item."""
        expect_node = not self.flow or line[:i].strip() == ""
        while i < len(line):
            c = line[i]
            if c in " \t":
                i += 1
                continue
            if c == "#" and (i == 0 or line[i - 1] in " \t"):
                return
            if c in "[{":
                self.flow.append((c, n, i))
                self.depth_check(n, i)
                i += 1
                expect_node = True
                continue
            if c in "]}":
                if not self.flow:
                    self.after_closed(n, line, i, "]", None)
                    return
                opened, on, ocol = self.flow.pop()
                if _CLOSE[opened] != c:
                    self.add(
                        n,
                        i,
                        "CB111",
                        f"括号不配对：第 {on + 1} 行的 {opened} 由 {c} 结束",
                        f"把 {c} 改成 {_CLOSE[opened]}：[ ] 写列表，{{ }} 写“字段: 值”",
                    )
                    raise _Stop
                i += 1
                if not self.flow:
                    whole = line[ocol:i] if on == n else opened + "…" + c
                    self.after_closed(n, line, i, whole, self.flow_key)
                    return
                expect_node = False
                continue
            if c == ",":
                i += 1
                expect_node = True
                continue
            if c in ":?" and (i + 1 == len(line) or line[i + 1] in " \t,[]{}"):
                i += 1
                expect_node = True
                continue
            if c in "\"'":
                end = self.quote_end(line, i + 1, c)
                if end is None:
                    self.quote = (c, n, i, self.flow_owner)
                    self.quote_in_flow = True
                    return
                i = end + 1
                expect_node = False
                continue
            if expect_node and (c in "&*!" or c in _RESERVED or c in "|>"):
                if c == "!" and self.allow_tags:
                    i += 1
                    continue
                item = re.match(r"[^,\[\]{}]*", line[i:])
                shown = item.group(0).split(" #")[0].strip() if item else c
                if c in "&*" and re.fullmatch(r"[&*][A-Za-z0-9_-]+", shown.split(" ")[0]):
                    kind = "锚点" if c == "&" else "别名"
                    self.add(n, i, "CB114", f"使用了 YAML {kind} {shown.split(' ')[0]}", _NO_ANCHORS)
                else:
                    self.add(
                        n,
                        i,
                        "CB111",
                        f"括号里的一项以“{c}”开头，YAML 不把它当作文字",
                        f"给这一项加上引号，写成 {_quoted(shown)}",
                        hostile=c == "!",  # a tag is valid YAML: what it types was not scanned
                    )
                raise _Stop
            # A plain item: its text runs to the next bracket, comma, ": " or comment.
            m = _FLOW_STOP_RE.search(line, i + 1)
            i = m.start() + (m.group(0) == " #") if m else len(line)
            expect_node = False


def scan(text: str, allow_tags: bool = False) -> list[Finding]:
    """Findings in YAML `text`, in file order; empty when the parsers may safely read it."""
    return _Scanner(text, allow_tags).run()
