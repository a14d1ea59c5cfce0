"""Problems found in contributor files, with stable rule ids (as OI Wiki numbers its style rules).

Every message is Chinese, names the file, line and column, and says how to fix it: contributors
are cadres and researchers, not programmers, and CI shows these lines verbatim.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass
from pathlib import Path

ERROR = "错误"
NOTE = "提示"

# id → (short title, default fix).  Ids are stable: CONTRIBUTING.md and CI logs refer to them.
RULES: dict[str, tuple[str, str]] = {
    "CB101": ("文件不是 UTF-8 编码", "用编辑器“另存为 UTF-8（无 BOM）”"),
    "CB102": ("文件带 BOM", "另存为 UTF-8（无 BOM）"),
    "CB103": ("文件过大", "案例文件应小于 1 MB；长文请精简为摘要"),
    "CB104": ("文件为空", "按模板填写内容，或删除这个文件"),
    "CB105": ("不是文本文件", "案例只接受纯文本的 case.yml 和 case.md"),
    "CB106": ("文件不在仓库内或不是普通文件", "不要用符号链接，直接放入真实文件"),
    "CB107": ("缺少文件", "每个案例目录都要有 case.yml 和 case.md"),
    "CB108": ("文件无法读取", "检查文件权限（所有人可读），或重新保存这个文件"),
    "CB109": ("检查超时", "文件的写法异常复杂（大量重复的括号、引号或标记），请精简后重试"),
    "CB111": ("YAML 语法错误", "检查这一行的缩进、冒号和引号"),
    "CB112": ("缩进用了制表符", "YAML 只能用空格缩进，把 Tab 换成两个空格"),
    "CB113": ("字段重复", "同一层里每个字段只写一次，删除或合并重复的一项"),
    "CB114": ("使用了 YAML 锚点或别名", "不要用 & 和 *，把内容直接写出来"),
    "CB115": ("顶层结构不对", "case.yml 顶层应是“字段: 值”的映射"),
    "CB116": ("编辑器提示行缺失或过期", "运行 casebook check --fix 自动改好第一行，写法见 CONTRIBUTING.md"),
    "CB117": ("YAML 嵌套过深", "案例、词表和课程文件只需要几层缩进；检查是否多写了括号或缩进"),
    "CB201": ("缺少必填字段", "补上这一项"),
    "CB202": ("类型不对", "按说明改成正确的类型"),
    "CB203": ("未知字段", "检查字段名拼写"),
    "CB204": ("取值不在允许范围", "改成允许的取值之一"),
    "CB205": ("格式不对", "按说明的格式填写"),
    "CB206": ("数量或长度不符合要求", "按说明增减"),
    "CB211": ("编号与目录名不一致", "把 id 改成目录名，或把目录改名为 id"),
    "CB212": ("编号重复", "换一个未被使用的编号"),
    "CB213": ("目录名不是合法编号", "目录名只用小写字母、数字和连字符，如 nanyang-yungang"),
    "CB221": ("未知的词表标签", "使用 cases/vocabulary.yml 中的标签，或在词表中新增词条"),
    "CB222": ("词表有误", "每个词条的 id、名称和别名都要唯一"),
    "CB231": ("没有资料来源", "在 sources 中至少写一条来源"),
    "CB251": (
        "成效引用了本案例没有的做法",
        "outcomes[].practices 只能写本案例 practices 里某项做法的 name，一字不差",
    ),
    "CB241": ("课程引用了不存在的案例", "改用 cases/ 下已有的案例编号"),
    "CB242": ("阅读顺序不对", "阅读顺序只能列出本单元的案例，每个一次"),
    "CB243": ("找不到课程", "写 courses/ 下的课程编号或清单文件路径"),
    "CB301": ("有繁体字", "规范文本用简体，改为建议的写法"),
    "CB302": ("中文里用了半角标点", "中文句子里用全角标点"),
    "CB303": ("含有 HTML", "不要写 HTML 标签或实体，用 Markdown 或纯文字"),
    "CB304": ("链接不安全", "链接只能用 http:// 或 https:// 开头的网址"),
    "CB305": ("正文标题层级不对", "正文只用三级及以下标题（### ）"),
    "CB306": ("正文为空", "在 case.md 写 800-2000 字的案例叙述"),
    "CB307": ("使用了 Markdown 属性列表", "删去花括号里的属性写法（如 {: …}、{#…}），版式由网站统一决定"),
    "CB308": (
        "引用了站外的图片或媒体",
        "把图片放进仓库（如 docs/images/）并用相对路径引用；确需外链的网址请维护者加入 mkdocs.yml 的 allowed_media",
    ),
    "CB309": ("正文的 Markdown 写法过于复杂", "列表只用一两层，方括号成对使用；要写方括号本身请用全角“［］”"),
    "CB401": ("草稿待补", "发布前补全；审核时把 review.status 改为 reviewed"),
    "CB402": ("完整度不足", "按提示补全字段"),
    "CB501": ("中英文之间缺空格", "在中文与英文字母之间加一个空格"),
    "CB502": ("标点重复", "删去多余的标点"),
}


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    line: int  # 1-based
    col: int  # 1-based
    rule: str
    message: str
    fix: str = ""
    level: str = ERROR

    def format(self) -> str:
        """One line, whatever the file name or the quoted value contains."""
        fix = self.fix or RULES.get(self.rule, ("", ""))[1]
        tail = f"（{fix}）" if fix else ""
        text = f"{self.path}:{self.line}:{self.col}: {self.level}: {self.message}{tail} [{self.rule}]"
        return printable(text)

    def github(self) -> str:
        """A GitHub Actions workflow command, so the PR diff shows the message on the line.

        Escaped as the runner reads them (actions/toolkit, command.ts): in the message %, CR and
        LF; in a property also ':' and ','.  Otherwise a file name or tag could end the command
        early and start another one (a CR followed by `::warning file=…`).
        """
        kind = "error" if self.level == ERROR else "notice"
        title = RULES.get(self.rule, (self.rule, ""))[0]
        fix = self.fix or RULES.get(self.rule, ("", ""))[1]
        tail = f"（{fix}）" if fix else ""
        text = encodable(f"{self.level}: {self.message}{tail} [{self.rule}]")
        props = (
            f"file={escape_property(encodable(self.path))},line={self.line},col={self.col},"
            f"title={escape_property(f'{self.rule} {title}')}"
        )
        return f"::{kind} {props}::{escape_data(text)}"

    def as_dict(self) -> dict[str, object]:
        d: dict[str, object] = {k: encodable(v) if isinstance(v, str) else v for k, v in asdict(self).items()}
        d["fix"] = encodable(self.fix or RULES.get(self.rule, ("", ""))[1])
        return d


MAX_PER_RULE = 20


def capped(problems: list[Problem], per_rule: int = MAX_PER_RULE) -> list[Problem]:
    """At most `per_rule` problems of one rule in one file, then one line saying how many more.

    A file of a hundred thousand "<a" is a hundred thousand CB303 findings: nobody reads them,
    and printing them took longer than checking.
    """
    seen: dict[tuple[str, str], int] = {}
    first_left: dict[tuple[str, str], Problem] = {}
    out: list[Problem] = []
    for p in problems:
        key = (p.path, p.rule)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] <= per_rule:
            out.append(p)
        else:
            first_left.setdefault(key, p)
    for key, p in first_left.items():
        more = seen[key] - per_rule
        out.append(
            Problem(
                p.path,
                p.line,
                p.col,
                p.rule,
                f"从这里起还有 {more} 处同类问题（只列出前 {per_rule} 处）",
                "改好上面列出的，再运行检查",
                p.level,
            )
        )
    return out


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_SURROGATE_RE = re.compile(r"[\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(m: re.Match[str]) -> str:
    ch = m.group(0)
    cp = ord(ch)
    if ch in _NAMED:
        return _NAMED[ch]
    if 0xDC80 <= cp <= 0xDCFF:  # a byte that is not UTF-8, as os.fsdecode keeps it
        return f"\\x{cp - 0xDC00:02x}"
    if cp >= 0xD800:
        return f"\\u{cp:04x}"
    return f"\\x{cp:02x}" if cp < 0x100 else f"\\u{cp:04x}"


def printable(text: str) -> str:
    """Text as it can be printed on one line: control characters and bytes that are not UTF-8
    written as escapes, so that no file name or value can break a line of output."""
    return _CONTROL_RE.sub(_escape, text)


def encodable(text: str) -> str:
    """Text that any UTF-8 writer accepts: only the bytes of a file name that are not UTF-8 (kept
    by Python as lone surrogates) are written as escapes; JSON and annotations escape the rest."""
    return _SURROGATE_RE.sub(_escape, text)


def display_path(path: Path, root: Path | None = None) -> str:
    """Paths relative to the repository root, as CI annotations and editors expect.

    The file itself is never resolved (a symlink that loops has no resolved form); only its folder
    is, when the path was given through a symlinked folder.
    """
    try:
        base = os.path.abspath(root or Path.cwd())
        rel = os.path.relpath(os.path.abspath(path), base)
        if rel.startswith(".."):
            real = os.path.join(os.path.realpath(os.path.dirname(os.path.abspath(path))), path.name)
            rel = os.path.relpath(real, os.path.realpath(base))
        return path.as_posix() if rel.startswith("..") else Path(rel).as_posix()
    except (OSError, ValueError):
        return path.as_posix()


def to_json(problems: list[Problem], extra: dict[str, object] | None = None) -> str:
    payload: dict[str, object] = {
        "errors": sum(p.level == ERROR for p in problems),
        "notes": sum(p.level != ERROR for p in problems),
        "problems": [p.as_dict() for p in problems],
    }
    if extra:
        payload.update(extra)
    # Chinese stays readable (ensure_ascii=False); what json leaves raw but a terminal or a log
    # viewer may act on (DEL, the C1 controls such as U+009B CSI, line and paragraph separators)
    # is written as \uXXXX, which only a JSON reader turns back.
    return _JSON_UNSAFE_RE.sub(
        lambda m: f"\\u{ord(m.group(0)):04x}", json.dumps(payload, ensure_ascii=False, indent=2)
    )


_JSON_UNSAFE_RE = re.compile(r"[\x7f-\x9f\u2028\u2029]")
