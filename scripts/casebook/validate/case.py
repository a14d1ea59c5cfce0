"""One case folder → its data and every problem in it, each with a file, line and fix in Chinese.

The JSON Schema (casebook/schemas) is the one definition of case.yml; this module adds what a
schema cannot say (vocabulary tags, id and folder, script and punctuation, HTML and links) and turns
each finding into a positioned message.  The site build and `casebook check` both validate here,
so they can never disagree about what a valid case is.
"""

from __future__ import annotations

import bisect
import difflib
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from casebook.model.ids import ID_RE
from casebook.model.vocabulary import CATEGORIES, Vocabulary
from casebook.schemas import case_schema
from casebook.text.chinese import NON_PROSE, halfwidth_punctuation, traditional_spans
from casebook.validate import mdshape, media
from casebook.validate.problems import ERROR, NOTE, Problem, capped, display_path
from casebook.validate.reader import SECONDS_PER_FILE, TimeLimit, read_text, time_limit, timeout_problem
from casebook.validate.yamlio import Block, Quoted, key_position, load_yaml, plain, position

# Patterns are linear in the text: none can rescan the rest of a line after each of many starts
# (a file can be a megabyte of "](" or "{:").
HTML_RE = re.compile(
    r"<\s*/?\s*[A-Za-z!?][^<>\n]{0,200}>?|&(#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]{1,30});"
)
MD_LINK_RE = re.compile(r"\]\(\s*<?([^)\s>]{0,200})")
AUTOLINK_SCHEMES = re.compile(r"(?i)\b(javascript|data|vbscript|file)\s*:")
# Markdown attribute lists ({: onclick=…}, {#id .class}) set raw HTML attributes: never needed in a case.
ATTR_LIST_RE = re.compile(r"\{\s*(?::|[#.][A-Za-z_]|[A-Za-z_][\w:-]*\s*=)[^{}\n]*\}")
MD_REFDEF_RE = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]+)", re.M)
SETEXT_RE = re.compile(r"^ {0,3}[^\s#>|*+\-\d][^\n]*\n {0,3}(=+|-+)[ \t]*$", re.M)
# Findings of one kind looked for in one text: enough to report the first ones and say how many
# more (problems.capped), bounded so that a file of nothing but "<a" stays quick.
FOUND_LIMIT = 1000
SAFE_URL_RE = re.compile(r"^https?://[^\s<>\"'`\\]+$")


@dataclass(frozen=True)
class CaseSource:
    """What a valid case folder holds, as plain data: the input of the case model."""

    id: str
    dir: Path
    data: dict[str, Any]
    narrative: str
    yaml_file: str  # paths as shown in messages (relative to the library root)
    md_file: str


def validate_case(folder: Path, root: Path, vocab: Vocabulary) -> tuple[CaseSource | None, list[Problem]]:
    """Validate one case folder, within a time budget of SECONDS_PER_FILE per file."""
    seconds = 2 * SECONDS_PER_FILE
    try:
        with time_limit(seconds):
            source, problems = _validate_case(folder, root, vocab)
            return source, capped(problems)
    except TimeLimit:
        return None, [timeout_problem(display_path(folder / "case.yml", root), seconds)]


def _validate_case(folder: Path, root: Path, vocab: Vocabulary) -> tuple[CaseSource | None, list[Problem]]:
    shown_dir = display_path(folder, root)
    problems: list[Problem] = []
    if not ID_RE.fullmatch(folder.name) or len(folder.name) > 64:
        problems.append(Problem(shown_dir, 1, 1, "CB213", f"目录名“{folder.name}”不是合法编号"))
    yml, md = folder / "case.yml", folder / "case.md"
    shown_yml, shown_md = display_path(yml, root), display_path(md, root)
    if not yml.exists() and not yml.is_symlink():
        problems.append(Problem(shown_yml, 1, 1, "CB107", "缺少 case.yml"))
        return None, problems
    tf = read_text(yml, shown_yml, root)
    if tf.text is None:
        return None, problems + tf.problems
    node = load_yaml(tf)
    problems += tf.problems
    if node is None and tf.problems:
        return None, problems
    if not isinstance(node, dict):
        problems.append(Problem(shown_yml, 1, 1, "CB115", "case.yml 的顶层不是“字段: 值”映射"))
        return None, problems
    data = plain(node)
    draft = (
        (data.get("review") or {}).get("status") != "reviewed"
        if isinstance(data.get("review"), dict)
        else True
    )
    problems += schema_problems(node, data, shown_yml, draft)
    case_id = data.get("id")
    if isinstance(case_id, str) and ID_RE.fullmatch(case_id) and case_id != folder.name:
        line, col = position(node, ("id",))
        problems.append(Problem(shown_yml, line, col, "CB211", f"id 是“{case_id}”，目录名是“{folder.name}”"))
    problems += vocabulary_problems(node, data, shown_yml, vocab)
    allow = media.allowed_media(root)
    problems += outcome_practice_problems(node, data, shown_yml)
    problems += text_problems_yaml(node, shown_yml, allow)
    if not data.get("sources") and not draft:
        line, col = position(node, ("sources",) if "sources" in data else ())
        problems.append(Problem(shown_yml, line, col, "CB231", "案例没有注明资料来源"))
    narrative = ""
    if md.exists() or md.is_symlink():
        mtf = read_text(md, shown_md, root)
        problems += mtf.problems
        narrative = mtf.text or ""
        if mtf.text is not None:
            problems += text_problems_markdown(mtf.text, shown_md, allow)
            if not mtf.text.strip():
                problems.append(Problem(shown_md, 1, 1, "CB306", "case.md 没有正文"))
    elif draft:
        problems.append(Problem(shown_md, 1, 1, "CB401", "草稿还没有 case.md 正文", level=NOTE))
    else:
        problems.append(Problem(shown_md, 1, 1, "CB107", "缺少 case.md"))
    source = CaseSource(
        # An id that is not a safe slug never names a page: it could climb out of the site folder.
        case_id if isinstance(case_id, str) and ID_RE.fullmatch(case_id) else folder.name,
        folder,
        data,
        narrative,
        shown_yml,
        shown_md,
    )
    return source, problems


def _dedupe(problems: list[Problem]) -> list[Problem]:
    out: list[Problem] = []
    for p in problems:
        if p not in out:
            out.append(p)
    return out


_TYPE_CN = {
    "string": "文字",
    "integer": "整数",
    "number": "数字",
    "array": "列表",
    "object": "字段映射",
    "boolean": "是/否",
    "null": "空值",
}
_DRAFT_GAPS = {"required", "minItems", "minLength", "minProperties"}


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "是/否"
    if isinstance(value, int | float):
        return f"数字 {value}"
    if isinstance(value, str):
        return f"文字“{value[:20]}”"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, dict):
        return "字段映射"
    return "空值"


@functools.cache
def _validator() -> Draft202012Validator:
    # Building a validator compiles the schema: once per process, not once per case.
    return Draft202012Validator(case_schema())


def schema_problems(node: Any, data: dict[str, Any], shown: str, draft: bool) -> list[Problem]:
    validator = _validator()
    out: list[Problem] = []
    for err in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        for leaf in _leaves(err):
            out.append(_schema_problem(node, leaf, shown, draft))
    return _dedupe(out)


def _leaves(err: ValidationError) -> Iterator[ValidationError]:
    # anyOf/oneOf wrap the useful errors; show the most specific ones.
    if err.context:
        best = min(err.context, key=lambda e: len(e.context or []))
        yield from _leaves(best)
    else:
        yield err


def _field_name(path: tuple[Any, ...]) -> str:
    return (
        ".".join(str(p) if not isinstance(p, int) else f"[{p + 1}]" for p in path).replace(".[", "[")
        or "案例"
    )


def _schema_problem(node: Any, err: ValidationError, shown: str, draft: bool) -> Problem:
    path = tuple(err.absolute_path)
    line, col = position(node, path)
    where = _field_name(path)
    kw = err.validator
    desc = err.schema.get("description", "") if isinstance(err.schema, dict) else ""
    level = NOTE if draft and kw in _DRAFT_GAPS else ERROR
    if kw == "required":
        missing = re.search(r"'([^']+)' is a required property", err.message)
        name = missing.group(1) if missing else "?"
        sub = err.schema.get("properties", {}).get(name, {}) if isinstance(err.schema, dict) else {}
        hint = sub.get("description", "")
        rule = "CB401" if level == NOTE else "CB201"
        prefix = "草稿待补：" if level == NOTE else ""
        return Problem(shown, line, col, rule, f"{prefix}{where} 缺少字段“{name}”", hint, level)
    if kw == "additionalProperties":
        extra = re.findall(r"'([^']+)'", err.message.split("(")[-1])
        allowed = list(err.schema.get("properties", {})) if isinstance(err.schema, dict) else []
        key = extra[0] if extra else "?"
        kline, kcol = key_position(node, path, key)
        close = difflib.get_close_matches(key, allowed, n=1)
        fix = f"是不是想写“{close[0]}”？" if close else "允许的字段：" + "、".join(allowed)
        return Problem(shown, kline, kcol, "CB203", f"{where} 里有未知字段“{key}”", fix)
    if kw == "type":
        want = err.validator_value
        wants = "或".join(_TYPE_CN.get(str(w), str(w)) for w in (want if isinstance(want, list) else [want]))
        return Problem(
            shown, line, col, "CB202", f"{where} 应为{wants}，现在是{_describe(err.instance)}", desc
        )
    if kw == "enum":
        choices = [str(c) for c in err.validator_value] if isinstance(err.validator_value, list) else []
        close = difflib.get_close_matches(str(err.instance), choices, n=1, cutoff=0.3)
        fix = f"是不是想写“{close[0]}”？" if close else ""
        shown_choices = "、".join(choices) if len(choices) <= 10 else "、".join(choices[:10]) + "……"
        return Problem(
            shown, line, col, "CB204", f"{where} 的值“{err.instance}”不在允许范围（{shown_choices}）", fix
        )
    if kw == "pattern":
        return Problem(shown, line, col, "CB205", f"{where} 的值“{err.instance}”格式不对", desc)
    if kw in _DRAFT_GAPS | {
        "maxItems",
        "maxLength",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "uniqueItems",
        "maxProperties",
    }:
        limits = {
            "minItems": f"至少要有 {err.validator_value} 项",
            "maxItems": f"最多 {err.validator_value} 项",
            "minLength": "不能为空",
            "maxLength": f"最长 {err.validator_value} 个字符",
            "minimum": f"不能小于 {err.validator_value}",
            "maximum": f"不能大于 {err.validator_value}",
            "exclusiveMinimum": f"应大于 {err.validator_value}",
            "exclusiveMaximum": f"应小于 {err.validator_value}",
            "maxProperties": f"最多 {err.validator_value} 项",
            "uniqueItems": "有重复的项",
            "minProperties": "至少要填一项",
        }
        rule = "CB401" if level == NOTE else "CB206"
        prefix = "草稿待补：" if level == NOTE else ""
        return Problem(shown, line, col, rule, f"{prefix}{where} {limits.get(kw, err.message)}", desc, level)
    # A keyword without its own sentence still gets a Chinese one (the schema's description says
    # what the field should be); the validator's English never reaches a contributor.
    return Problem(shown, line, col, "CB205", f"{where} 的值不符合要求", desc or "按 schema 的说明填写")


def _strings(node: Any) -> Iterator[tuple[tuple[Any, ...], str, Any]]:
    """(path, text, scalar) of every string in file order; an explicit stack, not recursion."""
    stack: list[tuple[tuple[Any, ...], Any]] = [((), node)]
    while stack:
        path, cur = stack.pop()
        if isinstance(cur, dict):
            stack += [((*path, k), v) for k, v in reversed(cur.items())]
        elif isinstance(cur, list):
            stack += [((*path, i), v) for i, v in reversed(list(enumerate(cur)))]
        elif isinstance(cur, str):
            yield path, str(cur), cur


def _offset_position(
    node: Any, path: tuple[Any, ...], scalar: Any, text: str, offset: int
) -> tuple[int, int]:
    line, col = position(node, path)
    if isinstance(scalar, Block):
        return line + 1 + text.count("\n", 0, offset), 1
    if "\n" in text[:offset]:
        return line, col
    quote = 1 if isinstance(scalar, Quoted) else 0
    return line, col + quote + offset


def text_problems_yaml(node: Any, shown: str, allow: tuple[str, ...] = ()) -> list[Problem]:
    out: list[Problem] = []
    for path, text, scalar in _strings(node):
        keyname = next((p for p in reversed(path) if isinstance(p, str)), "")
        if keyname in NON_PROSE:
            if keyname == "url" and not SAFE_URL_RE.match(text):
                line, col = position(node, path)
                out.append(Problem(shown, line, col, "CB304", f"链接“{text[:40]}”不是 http(s) 网址"))
            continue
        out += _prose_problems(
            text, shown, lambda off, p=path, s=scalar, t=text: _offset_position(node, p, s, t, off), allow
        )
    return out


def _prose_problems(text: str, shown: str, where: Any, allow: tuple[str, ...] = ()) -> list[Problem]:
    out: list[Problem] = []
    unsafe = {m.start() for m in AUTOLINK_SCHEMES.finditer(text)}  # reported as CB304 below
    for off, url in islice(media.remote_media(text, allow), FOUND_LIMIT):
        if off not in unsafe:
            line, col = where(off)
            out.append(Problem(shown, line, col, "CB308", media.message(url)))
    for m in islice(HTML_RE.finditer(text), FOUND_LIMIT):
        line, col = where(m.start())
        out.append(Problem(shown, line, col, "CB303", f"发现 HTML“{m.group(0)[:30]}”"))
    for m in islice(AUTOLINK_SCHEMES.finditer(text), FOUND_LIMIT):
        line, col = where(m.start())
        out.append(Problem(shown, line, col, "CB304", f"发现不安全的链接协议“{m.group(0)}”"))
    for m in islice(ATTR_LIST_RE.finditer(text), FOUND_LIMIT):
        line, col = where(m.start())
        out.append(Problem(shown, line, col, "CB307", f"发现属性列表“{m.group(0)[:30]}”"))
    for off, found, expected in traditional_spans(text)[:FOUND_LIMIT]:
        line, col = where(off)
        out.append(Problem(shown, line, col, "CB301", f"“{found}”是繁体", f"改为“{expected}”"))
    for off, mark, full in halfwidth_punctuation(text)[:FOUND_LIMIT]:
        line, col = where(off)
        out.append(Problem(shown, line, col, "CB302", f"中文里用了半角“{mark}”", f"改为全角“{full}”"))
    for off, rule, message, fix in mdshape.shape_problems(text):
        line, col = where(off)
        out.append(Problem(shown, line, col, rule, message, fix))
    return out


def _target(text: str, start: int) -> str:
    """A link target as written, parentheses balanced (javascript:alert(1) is not cut at "(")."""
    depth = 0
    end = start
    while end < len(text) and end - start < 60 and text[end] not in " \n\t>":
        if text[end] == "(":
            depth += 1
        elif text[end] == ")":
            if depth == 0:
                break
            depth -= 1
        end += 1
    return text[start:end]


def text_problems_markdown(text: str, shown: str, allow: tuple[str, ...] = ()) -> list[Problem]:
    out: list[Problem] = []
    starts = [0]
    for m in re.finditer("\n", text):
        starts.append(m.end())

    def where(off: int) -> tuple[int, int]:
        i = bisect.bisect_right(starts, off) - 1
        return i + 1, off - starts[i] + 1

    out += _prose_problems(text, shown, where, allow)
    # A target whose scheme was already reported as unsafe is not reported again as a non-http link.
    unsafe = {m.start() for m in AUTOLINK_SCHEMES.finditer(text)}
    media_at = {(p.line, p.col) for p in out if p.rule == "CB308"}
    for m in islice(MD_LINK_RE.finditer(text), FOUND_LIMIT):
        target = m.group(1)
        if target and not re.match(r"^(https?://|#)", target) and m.start(1) not in unsafe:
            line, col = where(m.start(1))
            if (line, col) not in media_at:
                shown_target = _target(text, m.start(1))
                out.append(Problem(shown, line, col, "CB304", f"链接“{shown_target}”不是 http(s) 网址"))
    for m in islice(
        MD_REFDEF_RE.finditer(text), FOUND_LIMIT
    ):  # [x]: url, the other way Markdown writes a link
        if not re.match(r"^(https?://|#)", m.group(1)) and m.start(1) not in unsafe:
            line, col = where(m.start(1))
            out.append(Problem(shown, line, col, "CB304", f"链接“{m.group(1)[:40]}”不是 http(s) 网址"))
    for m in islice(re.finditer(r"^(#{1,2})\s", text, re.M), FOUND_LIMIT):
        line, col = where(m.start())
        out.append(Problem(shown, line, col, "CB305", "正文里用了一级或二级标题"))
    # The other way Markdown writes them: a line of text underlined with === or ---.
    for m in islice(SETEXT_RE.finditer(text), FOUND_LIMIT):
        line, col = where(m.start())
        level = "一级" if m.group(1).startswith("=") else "二级"
        out.append(
            Problem(
                shown,
                line,
                col,
                "CB305",
                f"这一行下面的“{m.group(1)[:6]}”使它成了{level}标题",
                "改用“### 标题”",
            )
        )
    return sorted(out, key=lambda p: (p.line, p.col))


def vocabulary_problems(node: Any, data: dict[str, Any], shown: str, vocab: Vocabulary) -> list[Problem]:
    out: list[Problem] = []

    def check(category: str, value: Any, path: tuple[Any, ...]) -> None:
        if not isinstance(value, str) or vocab.get(category, value):
            return
        line, col = position(node, path)
        suggestions = vocab.suggest(category, value)
        fix = (
            ("你是不是想用“" + "”或“".join(suggestions) + "”？")
            if suggestions
            else f"在 cases/vocabulary.yml 的 {category} 下新增词条，或改用已有标签"
        )
        out.append(
            Problem(shown, line, col, "CB221", f"“{value}”不是{CATEGORIES[category]}词表里的标签", fix)
        )

    for i, t in enumerate(
        data.get("community_types") or [] if isinstance(data.get("community_types"), list) else []
    ):
        check("community_types", t, ("community_types", i))
    for i, c in enumerate(data.get("challenges") or [] if isinstance(data.get("challenges"), list) else []):
        if isinstance(c, dict):
            check("challenges", c.get("tag"), ("challenges", i, "tag"))
    for i, p in enumerate(data.get("practices") or [] if isinstance(data.get("practices"), list) else []):
        if isinstance(p, dict) and isinstance(p.get("tags"), list):
            for j, t in enumerate(p["tags"]):
                check("practices", t, ("practices", i, "tags", j))
    for i, x in enumerate(data.get("lessons") or [] if isinstance(data.get("lessons"), list) else []):
        if isinstance(x, dict):
            check("themes", x.get("theme"), ("lessons", i, "theme"))
    return out


def outcome_practice_problems(node: Any, data: dict[str, Any], shown: str) -> list[Problem]:
    """CB251: every name in outcomes[].practices is the name of a practice of the same case.

    The schema can only say it is a string; a misspelt name would silently tie the outcome to
    nothing, so the message offers the closest of the case's own names.
    """
    practices, outcomes = data.get("practices"), data.get("outcomes")
    if not isinstance(outcomes, list):
        return []
    listed_practices = practices if isinstance(practices, list) else []
    names = [p["name"] for p in listed_practices if isinstance(p, dict) and isinstance(p.get("name"), str)]
    out: list[Problem] = []
    for i, o in enumerate(outcomes):
        linked = o.get("practices") if isinstance(o, dict) else None
        if not isinstance(linked, list):
            continue
        for j, name in enumerate(linked):
            if not isinstance(name, str) or name in names:
                continue  # a non-string is the schema's CB202
            line, col = position(node, ("outcomes", i, "practices", j))
            close = difflib.get_close_matches(name, names, n=1, cutoff=0.4)
            listed = "、".join(names) if names else "（本案例还没有做法）"
            fix = f"是不是想写“{close[0]}”？" if close else f"改用本案例做法的名称之一：{listed}"
            where = f"outcomes[{i + 1}].practices[{j + 1}]"
            out.append(
                Problem(
                    shown, line, col, "CB251", f"{where} 的“{name}”不是本案例 practices 里的做法名称", fix
                )
            )
    return out
