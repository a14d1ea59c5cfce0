"""The source's own metadata: title, author(s), publisher, date, edition/page.

Published write-ups carry them in a header and footer block around the article: a portal's
"时间 来源 作者 责任编辑" line, a newspaper byline (□ 本报记者 某某), a wire lead (某某网讯（记者
某某）), an e-paper masthead and page line, a closing line with the paper's name and date.  These
lines are removed from the narrative (boilerplate.py calls the detectors here) and what they
state becomes the case's `sources` entry, so the reader sees where the text was published.
Nothing here guesses: a field the text does not state stays empty and the report says so.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

from casebook.text.chinese import HAN

# ---------------------------------------------------------------------------------------------
# Dates.

_DATE_RE = re.compile(r"((?:19|20)\d\d)\s*(?:[-/.年])\s*(\d{1,2})\s*(?:[-/.月])\s*(\d{1,2})\s*日?")
_URL_DATE_RE = re.compile(
    r"(?<!\d)((?:19|20)\d\d)(?:[-/_]?)(0[1-9]|1[0-2])(?:[-/_]?)(0[1-9]|[12]\d|3[01])(?!\d)"
    r"|(?<!\d)((?:19|20)\d\d)[-/_](0[1-9]|1[0-2])(?=/)"
)


def iso_date(text: str) -> str:
    """2024-10-18, 2024年10月18日, 2024/10/18 → 2024-10-18; "" when there is no valid date."""
    m = _DATE_RE.search(text)
    if not m:
        return ""
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    return f"{y}-{mo:02d}-{d:02d}" if 1 <= mo <= 12 and 1 <= d <= 31 else ""


def url_date(url: str) -> str:
    """The publication date many sites put in their article paths (/2023-08/25/, /20230416/)."""
    path = re.sub(r"^[a-z]+://[^/]+", "", url)
    m = _URL_DATE_RE.search(path)
    if not m:
        return ""
    if m.group(1):
        return f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    return ""


# ---------------------------------------------------------------------------------------------
# What the header and footer lines state.


@dataclass
class SourceFacts:
    """Everything the text states about its own publication, with where each came from."""

    titles: list[str] = field(default_factory=list)
    publishers: list[tuple[int, str]] = field(default_factory=list)  # (rank: lower is surer, name)
    authors: list[str] = field(default_factory=list)
    dates: list[tuple[int, str]] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)
    url: str = ""

    def add_publisher(self, name: str, rank: int) -> None:
        name = clean_publisher(name)
        if name and all(n != name for _r, n in self.publishers):
            self.publishers.append((rank, name))

    def add_date(self, text: str, rank: int) -> None:
        date = iso_date(text)
        if date:
            self.dates.append((rank, date))

    def add_authors(self, names: list[str]) -> None:
        for name in names:
            if name and name not in self.authors:
                self.authors.append(name)

    def add(self, key: str, value: str) -> None:
        """A value found by a boilerplate rule's `extract` group."""
        if key == "author":
            self.add_authors(split_names(value))
        elif key == "publisher":
            self.add_publisher(value, 0)
        elif key == "date":
            self.add_date(value, 1)
        elif key == "page" and value.strip():
            self.pages.append(value.strip())
        elif key == "title":
            self.titles.append(value.strip())

    @property
    def publisher(self) -> str:
        return min(self.publishers)[1] if self.publishers else ""

    @property
    def date(self) -> str:
        if self.dates:
            return min(self.dates)[1]
        return url_date(self.url) if self.url else ""

    def entry(self, title: str, script: str) -> dict[str, Any]:
        """The case's `sources` item: only what the text (or --url) states."""
        src: dict[str, Any] = {}
        if title:
            src["title"] = title
        if self.publisher:
            src["publisher"] = self.publisher
        if self.authors:
            src["author"] = "、".join(self.authors)
        if self.date:
            src["date"] = self.date
        if self.url:
            src["url"] = self.url
        src["script"] = script
        if self.pages:
            src["note"] = "原载" + "，".join(dict.fromkeys(self.pages))
        return src


_MEDIA_SUFFIX = (
    "日报|晚报|早报|时报|商报|农村报|报|网|社|电视台|广播电视台|台|客户端|信息港|在线|传媒|融媒|杂志|周刊|号"
)


def clean_publisher(name: str) -> str:
    """人民网-《人民日报》 → 人民日报 (the paper, which the site reprints); 《某某日报》 → 某某日报."""
    name = re.sub(r"\s+", "", name).strip("：:|｜-—·，。")
    paper = re.search(r"《([^《》]{2,20})》", name)
    if paper:
        return paper.group(1)
    name = name.strip("《》")
    if not re.search(f"[{HAN}A-Za-z]", name) or len(name) > 24:
        return ""
    return name


def split_names(value: str) -> list[str]:
    """'张三 李四', '张三、李四', '李 蕊' → names; single characters split by a space are one name."""
    value = re.sub(r"[（(].*?[）)]", "", value).strip()
    parts = [p for p in re.split(r"[、，,；;\s]+", value) if p]
    names: list[str] = []
    k = 0
    while k < len(parts):
        p = parts[k]
        if len(p) == 1 and k + 1 < len(parts) and len(parts[k + 1]) <= 2:
            names.append(p + parts[k + 1])  # 李 蕊: newspapers space out two-character names
            k += 2
            continue
        names.append(p)
        k += 1
    return [n for n in names if re.fullmatch(f"[{HAN}·]{{2,12}}", n)]


# ---------------------------------------------------------------------------------------------
# Meta lines: "2024-10-18 18:59 来源：某某号", "作者：某某 来源：某网 责任编辑：某某 我来说两句".

_LABELS = {
    "publisher": r"来\s*源|稿\s*源|出\s*处|发布机构|发布单位|信息来源",
    "author": r"作\s*者|记\s*者|撰\s*稿|文\s*字|通讯员",
    "date": r"发布时间|发布日期|发表时间|更新时间|信息提供日期|时\s*间|日\s*期",
    "other": (
        r"责任编辑|责\s*编|编\s*辑|编\s*审|审\s*核|校\s*对|总?监\s*制|摄\s*影|浏览次数|点击数|阅读数?"
        r"|字\s*号|索引号|文\s*号|主题词|分享到"
    ),
}
_LABEL_RE = re.compile(
    "|".join(f"(?P<{k}>(?:{v}))\\s*[：:]" for k, v in _LABELS.items()),
)
_TIME_RE = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?")
_CHROME_RE = re.compile(r"我来说两句|[大中小]字号|【[^】]{0,8}】|打印|关闭|收藏|纠错|[|｜]")


# A WeChat article's header: "原创 作者 公众号名 2024-11-05 08:30 贵州".
_WECHAT_RE = re.compile(
    rf"^(?:原创\s+)?(?:(?P<author>[{HAN}A-Za-z·]{{2,12}})\s+)?(?P<pub>[{HAN}A-Za-z]{{2,20}})\s+"
    r"(?P<date>(?:19|20)\d\d[-/.年]\d{1,2}[-/.月]\d{1,2}日?)\s+\d{1,2}:\d{2}(?:\s+[\u4e00-\u9fff]{2,4})?$"
)


def parse_meta_line(line: str) -> SourceFacts | None:
    """The facts of a line made only of publication fields, or None when it says anything else."""
    if len(line) > 160 or "。" in line:
        return None
    wechat = _WECHAT_RE.match(line)
    if wechat:
        facts = SourceFacts()
        facts.add_publisher(wechat.group("pub"), 1)
        facts.add_date(wechat.group("date"), 0)
        return facts
    labels = list(_LABEL_RE.finditer(line))
    dates = list(_DATE_RE.finditer(line))
    if not labels and not (dates and _TIME_RE.search(line)):
        return None
    facts = SourceFacts()
    residue = line
    for k, m in enumerate(labels):
        end = labels[k + 1].start() if k + 1 < len(labels) else len(line)
        value = _CHROME_RE.split(line[m.end() : end])[0].strip()
        kind = m.lastgroup or "other"
        if kind == "publisher":
            facts.add_publisher(value, 0)
        elif kind == "author":
            facts.add_authors(split_names(value))
        elif kind == "date":
            facts.add_date(value, 0)
        residue = residue.replace(line[m.start() : m.end()], " ", 1).replace(value, " ", 1)
    for m in dates:
        if not any(d == iso_date(m.group(0)) for _r, d in facts.dates):
            facts.add_date(m.group(0), 0)
        residue = residue.replace(m.group(0), " ")
    residue = _CHROME_RE.sub(" ", _TIME_RE.sub(" ", residue))
    if len(re.findall(f"[{HAN}]", residue)) > 2:
        return None
    return facts


# ---------------------------------------------------------------------------------------------
# Bylines: "□ 本报记者 某某", "本报记者 某某 通讯员 某某·某某", "□ 某某 某某 本报记者 某某".

_ROLE_RE = re.compile(
    r"^(本报|本刊|本台|本网|本社)?(特约|见习|实习)?(记者|通讯员|实习生|摄影记者)|^(文/图|文图|图/文|文|作者|撰文|采写)[/：:]?"
)
_MARKS = "□■◎●◆▲△▪"


@functools.cache
def _is_person_name(word: str) -> bool:
    """jieba tags personal names `nr`: the only judge of a bare-name byline with no 记者 in it."""
    from casebook.importer import segment

    if "·" in word:
        return True
    tags = segment.cut(word, hmm=True)
    return len(tags) <= 2 and any(f.startswith("nr") for _w, f in tags) and tags[0][1] != "n"


def parse_byline(line: str) -> list[str] | None:
    """The names of a byline, or None when the line is not one."""
    if len(line) > 80 or re.search("[，。：；！？、“”]", line):
        return None
    marked = line[:1] in _MARKS
    tokens = line.strip(_MARKS + " ").split()
    names: list[str] = []
    roles = 0
    pending = ""
    for token in tokens:
        m = _ROLE_RE.match(token)
        if m:
            roles += 1
            token = token[m.end() :]
            if not token:
                continue
        if len(token) == 1 and re.fullmatch(f"[{HAN}]", token):
            pending += token  # 李 蕊
            if len(pending) >= 2:
                names.append(pending)
                pending = ""
            continue
        if pending:
            return None
        if not re.fullmatch(f"[{HAN}]{{2,4}}|[{HAN}]{{1,8}}(·[{HAN}]{{1,8}})+", token):
            return None
        names.append(token)
    if pending or not names:
        return None
    if roles or marked:
        return names
    # Bare names: only when every one of them reads as a personal name.
    if len(names) >= 2 and all(_is_person_name(n) for n in names):
        return names
    return None


# ---------------------------------------------------------------------------------------------
# Wire and newspaper leads: "某某日报讯（记者 某某）", "某某网南昌11月27日电".

_LEAD_RE = re.compile(
    rf"^(?P<pub>[{HAN}]{{1,10}}?(?:{_MEDIA_SUFFIX}))(?P<where>[{HAN}]{{0,6}}?)"
    r"(?P<md>\d{1,2}月\d{1,2}日)?(?:讯|电)"
    r"(?:\s*[（(](?P<inner>[^（）()]{1,50})[）)])?\s*"
)


def parse_lead(paragraph: str) -> tuple[SourceFacts, str] | None:
    """(facts, the paragraph without its lead) for a paragraph opening with a wire lead."""
    m = _LEAD_RE.match(paragraph)
    if not m:
        return None
    facts = SourceFacts()
    pub = m.group("pub")
    if not pub.startswith("本"):
        facts.add_publisher(pub, 2)
    inner = m.group("inner") or ""
    for part in re.split(r"\s+", inner):
        role = _ROLE_RE.match(part)
        if role:
            facts.add_authors(split_names(part[role.end() :]) or [])
        elif re.search(f"(?:{_MEDIA_SUFFIX})$", part):
            facts.add_publisher(part, 1)
        elif facts.authors or roles_before(inner, part):
            facts.add_authors(split_names(part))
    return facts, paragraph[m.end() :]


def roles_before(inner: str, part: str) -> bool:
    """'记者 某某': the name is a separate token after the role word."""
    k = inner.find(part)
    return bool(re.search(r"(记者|通讯员)\s*$", inner[:k]))


# ---------------------------------------------------------------------------------------------
# Closing lines: "《某某日报》（2023年08月25日 第13版）", "某某日报 2023年8月25日 星期五 第4版".

_CLOSING_RE = re.compile(
    rf"^[（(]?\s*《?(?P<pub>[{HAN}]{{2,12}}(?:{_MEDIA_SUFFIX}))》?\s*[（(]?\s*"
    r"(?P<date>(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|(?:19|20)\d\d-\d{1,2}-\d{1,2})"
    r"\s*(?:(?P<week>星期[一二三四五六日天]|周[一二三四五六日])\s*)?"
    r"(?P<page>第?\s*\d{1,3}\s*版(?:\s*[：:]?\s*[^）)]{0,12})?)?\s*"
    r"(?:星期[一二三四五六日天]|周[一二三四五六日])?\s*[）)]?\s*[）)]?$"
)


def parse_closing_line(line: str) -> SourceFacts | None:
    m = _CLOSING_RE.match(line)
    if not m:
        return None
    facts = SourceFacts()
    facts.add_publisher(m.group("pub"), 1)
    facts.add_date(m.group("date"), 1)
    if m.group("page"):
        facts.pages.append(re.sub(r"\s+", "", m.group("page")))
    return facts


def merge(into: SourceFacts, other: SourceFacts) -> None:
    into.titles += [t for t in other.titles if t not in into.titles]
    for rank, name in other.publishers:
        into.add_publisher(name, rank)
    into.add_authors(other.authors)
    into.dates += other.dates
    into.pages += [p for p in other.pages if p not in into.pages]


# ---------------------------------------------------------------------------------------------
# Titles.

_COLUMN_RE = re.compile(r"^(【[^】]{1,12}】|[（(][^（）()]{1,14}[）)])(?=.{4,})")
_PAPER_PREFIX_RE = re.compile(rf"^(?P<pub>[{HAN}]{{2,10}}(?:{_MEDIA_SUFFIX}))\s*[|｜]\s*")


_SITE_SUFFIX_RE = re.compile(
    rf"\s*[_｜|\-—–]\s*[{HAN}A-Za-z]{{2,14}}(?:网|日报|晚报|报|政府|频道|客户端|门户)$"
)


def clean_title(line: str, facts: SourceFacts) -> str:
    """A headline without the column tag, the paper's name before a bar, a site's name after it
    (……_某某网, ……-某区人民政府) and trailing stars."""
    line = re.sub(r"[*＊]{2,}$", "", line).strip()
    line = _SITE_SUFFIX_RE.sub("", line) if len(line) > 12 else line
    m = _PAPER_PREFIX_RE.match(line)
    if m:
        facts.add_publisher(m.group("pub"), 3)
        line = line[m.end() :]
    line = _COLUMN_RE.sub("", line).strip()
    return line
