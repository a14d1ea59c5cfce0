"""`casebook import`: turn a pasted case write-up into a reviewable draft (case.yml + case.md).

The importer does the tedious part of starting a case — cleaning the text, finding the sections,
the place, the figures, the named methods and honors — and is honest about the rest: whatever it
could not find is left out of case.yml (so the validator lists it as a gap to fill) and named in
the printed report, and everything it guessed is listed under "needs review".  It never writes
over an existing case and never leaves a half-written folder behind.
"""

from __future__ import annotations

import functools
import io
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from casebook.errors import CasebookError
from casebook.fsutil import Exists, create_dir
from casebook.model.ids import derive_id, short_city
from casebook.paths import find_root
from casebook.text import chinese
from casebook.text.chinese import HAN
from casebook.text.normalize import DecodeError, normalize, read, strip_annotations
from casebook.text.quantities import FoundFigure, parse_figures

DRAFT_NOTE = "> 草稿：以下为导入的原文，发布前须改写为本库自己的文字。"
SCHEMA_COMMENT = "# yaml-language-server: $schema=../../schema/case.editor.schema.json"
KINDS = {
    "background": ("背景", "起因", "基本情况", "概况", "情况", "简介", "现状"),
    "practices": ("做法", "经过", "举措", "措施", "实践", "路径"),
    "outcomes": ("成效", "反响", "成果", "效果", "成绩"),
    "lessons": ("经验", "启示", "体会", "思考"),
}
KIND_CN = {"background": "背景", "practices": "做法", "outcomes": "成效", "lessons": "经验"}

_CN_ORDINAL = "一二三四五六七八九十"
_L1_RE = re.compile(rf"^([{_CN_ORDINAL}]{{1,3}})、\s*(.+)$")
_L2_RE = re.compile(rf"^（([{_CN_ORDINAL}]{{1,3}})）\s*(.+)$")
_L3_RE = re.compile(r"^(\d{1,2})[、.]\s*(?!\d)(.+)$")
_MARKER_RE = re.compile(r"^0\d$")
_SENTENCE_END = "。！？；…"
_SENTENCE_RE = re.compile(r"[^。！？；\n]+[。！？；]?")


# ---------------------------------------------------------------------------------------------
# Data files.


@dataclass(frozen=True)
class Rule:
    id: str
    pattern: re.Pattern[str]
    comment: str
    extract: str = ""


@functools.cache
def boilerplate_rules() -> tuple[Rule, ...]:
    from ruamel.yaml import YAML

    text = resources.files("casebook.importer.data").joinpath("boilerplate.yml").read_text("utf-8")
    data = YAML(typ="safe").load(text)
    return tuple(
        Rule(r["id"], re.compile(r["pattern"]), r.get("comment", ""), r.get("extract", ""))
        for r in data["rules"]
    )


@functools.cache
def cities() -> dict[str, tuple[str, str]]:
    """Name as written (full and short) → (full city name, province)."""
    out: dict[str, tuple[str, str]] = {}
    provinces_short = set()
    rows = []
    for line in (
        resources.files("casebook.importer.data").joinpath("cities.tsv").read_text("utf-8").splitlines()
    ):
        if not line.strip() or line.startswith("#"):
            continue
        city, province = line.split("\t")[:2]
        rows.append((city, province))
        provinces_short.add(
            re.sub("(省|市|自治区|壮族自治区|回族自治区|维吾尔自治区|特别行政区)$", "", province)
        )
    for city, province in rows:
        out[city] = (city, province)
        short = short_city(city)
        if short and short != city and short not in provinces_short:
            out.setdefault(short, (city, province))
    return out


@functools.cache
def vocabulary() -> dict[str, list[tuple[str, list[str]]]]:
    """category → [(label, [label and aliases, Simplified])], read from cases/vocabulary.yml.

    Read by the validator's reader: entries of the wrong type are left out, not a traceback."""
    from casebook.model.library import load_vocabulary

    vocab, _problems = load_vocabulary(find_root())
    out: dict[str, list[tuple[str, list[str]]]] = {}
    for category, terms in vocab.terms.items():
        out[category] = []
        for term in terms.values():
            words = [term.label, *term.aliases]
            simplified = sorted({chinese.to_simplified(w) for w in words}, key=len, reverse=True)
            out[category].append((term.label, simplified))
    return out


# ---------------------------------------------------------------------------------------------
# The result of reading one file.


@dataclass
class Removed:
    line: int  # 1-based line in the normalized text
    rule: str
    text: str


@dataclass
class Section:
    heading: str
    kind: str | None
    paragraphs: list[str] = field(default_factory=list)
    subheadings: list[tuple[int, str]] = field(default_factory=list)  # (paragraph index, text)


@dataclass
class Draft:
    source: Path
    text: str  # normalized, boilerplate removed
    removed: list[Removed]
    title: str
    intro: list[str]
    sections: list[Section]
    figures: list[FoundFigure]
    case: dict[str, Any]
    found: list[tuple[str, str]] = field(default_factory=list)
    missing: list[tuple[str, str]] = field(default_factory=list)
    review: list[tuple[str, str]] = field(default_factory=list)

    @property
    def id(self) -> str:
        return str(self.case["id"])


# ---------------------------------------------------------------------------------------------
# Cleaning.


def remove_boilerplate(text: str) -> tuple[list[str], list[Removed], dict[str, str]]:
    """Lines that stay, lines removed (with the rule that removed them), and source facts found in
    removed lines (author, publisher, date)."""
    lines = text.split("\n")
    kept: list[str] = []
    removed: list[Removed] = []
    facts: dict[str, str] = {}
    rules = boilerplate_rules()
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            kept.append("")
            continue
        if _MARKER_RE.match(stripped) and _next_is_heading(lines, i):
            kept.append(stripped)  # “01” before a short heading: a section number, not noise
            continue
        for rule in rules:
            m = rule.pattern.search(stripped)
            if m:
                removed.append(Removed(i + 1, rule.id, stripped))
                if rule.extract and m.groupdict().get(rule.extract):
                    facts.setdefault(rule.extract, m.group(rule.extract).strip())
                break
        else:
            kept.append(stripped)
    return kept, removed, facts


def _next_is_heading(lines: list[str], i: int) -> bool:
    for nxt in lines[i + 1 :]:
        if nxt.strip():
            return _looks_like_heading(nxt.strip())
    return False


def _looks_like_heading(line: str) -> bool:
    return 2 <= len(line) <= 30 and line[-1] not in _SENTENCE_END + "：，、" and "。" not in line


# ---------------------------------------------------------------------------------------------
# Structure: title, sections.


def kind_of(heading: str) -> str | None:
    for kind, words in KINDS.items():
        if any(w in heading for w in words):
            return kind
    return None


def split_structure(lines: list[str]) -> tuple[str, list[str], list[Section]]:
    """(title, intro paragraphs, sections).  The highest numbering level that occurs at least
    twice (一、 > 01 > unnumbered short lines > （一） > 1、) makes the sections; lower-level
    headings that stand alone on a line are kept as subheadings."""
    paras = [ln for ln in lines if ln]
    title_lines: list[str] = []
    while paras and _looks_like_heading(paras[0]) and not _numbered_level(paras[0]) and len(paras) > 1:
        if _looks_like_heading(paras[1]) or paras[1].startswith("——") or title_lines:
            title_lines.append(paras.pop(0))
            if not (paras and paras[0].startswith("——")):
                break
        else:
            break
    if paras and paras[0].startswith("——") and title_lines:
        title_lines.append(paras.pop(0))
    title = "".join(title_lines)

    levels: Counter[str] = Counter()
    for k, p in enumerate(paras):
        level = _numbered_level(p)
        if level == "marker" and k + 1 < len(paras):
            levels["marker"] += 1
        elif level in ("L1", "L2", "L3") and _looks_like_heading(_heading_text(p)):
            levels[level] += 1
        elif level is None and _looks_like_heading(p) and 0 < k < len(paras) - 1:
            levels["plain"] += 1
    top = next((lv for lv in ("L1", "marker", "plain", "L2", "L3") if levels[lv] >= 2), None)

    intro: list[str] = []
    sections: list[Section] = []
    k = 0
    while k < len(paras):
        p = paras[k]
        level = _numbered_level(p)
        is_top = False
        heading = ""
        if top == "marker" and level == "marker" and k + 1 < len(paras):
            is_top, heading = True, paras[k + 1]
            k += 1
        elif top in ("L1", "L2", "L3") and level == top and _looks_like_heading(_heading_text(p)):
            is_top, heading = True, _heading_text(p)
        elif top == "plain" and level is None and _looks_like_heading(p) and 0 < k < len(paras) - 1:
            is_top, heading = True, p
        if is_top:
            sections.append(Section(heading, kind_of(heading)))
        elif sections:
            sec = sections[-1]
            if level in ("L1", "L2", "L3") and _looks_like_heading(_heading_text(p)):
                sec.subheadings.append((len(sec.paragraphs), p))
            else:
                sec.paragraphs.append(p)
        else:
            intro.append(p)
        k += 1
    return title, intro, sections


def _numbered_level(line: str) -> str | None:
    if _MARKER_RE.match(line):
        return "marker"
    if _L1_RE.match(line):
        return "L1"
    if _L2_RE.match(line):
        return "L2"
    if _L3_RE.match(line):
        return "L3"
    return None


def _heading_text(line: str) -> str:
    for rx in (_L1_RE, _L2_RE, _L3_RE):
        m = rx.match(line)
        if m:
            return m.group(2).strip()
    return line


# ---------------------------------------------------------------------------------------------
# Facts.


_GENERIC_NAMES = {
    "城市",
    "和谐",
    "示范",
    "老旧",
    "安置",
    "文明",
    "宜居",
    "智慧",
    "平安",
    "幸福",
    "全国",
    "典型",
    "改制",
    "新型",
    "该",
    "本",
    "各",
    "我们",
    "整个",
    "全市",
    "全省",
    "全区",
    "农村",
    "城镇",
    "单位",
    "企业",
    "友好型",
    "法治",
    "服务型",
    "各个",
    "周边",
    "其他",
    "所在",
    "拆迁安置",
    "村改居",
    "先进",
    "社区",
    "敬老先进",
    "科普示范",
}


def community_name(text: str) -> str:
    """The X in “X社区” that the text is about: frequent, early, and not a generic word."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    bounded: set[str] = set()
    for m in re.finditer("社区", text):
        before = text[max(0, m.start() - 6) : m.start()]
        run = re.search(f"[{HAN}]+$", before)
        if not run:
            continue
        word = run.group(0)
        for n in range(2, min(len(word), 6) + 1):
            cand = word[-n:]
            counts[cand] += 1
            first.setdefault(cand, m.start())
            start = m.start() - n
            if start == 0 or re.match(_BOUNDARY, text[start - 1]):
                bounded.add(cand)
    best, best_score = "", 0.0
    for cand, c in counts.items():
        if cand in _GENERIC_NAMES or any(
            cand.endswith(g) for g in ("示范", "先进", "安置", "型", "的", "个")
        ):
            continue
        if any(cand.startswith(w) for w in ("全国", "全省", "全市", "省", "市", "区级", "首个", "首家")):
            continue
        # A longer candidate only wins if it is as frequent as its own suffix (文昌花园 vs 花园).
        suffix = cand[1:]
        if len(suffix) >= 2 and counts[suffix] > c:
            continue
        if cand not in bounded or (c < 2 and first[cand] > 300):
            continue
        score = c * (1.5 if first[cand] < 300 else 1.0) + 0.1 * len(cand)
        if score > best_score:
            best, best_score = cand, score
    # Prefer the longest candidate that is exactly as frequent (文化路 over 化路).
    for cand, c in counts.items():
        if best and cand.endswith(best) and cand != best and c == counts[best] and cand not in _GENERIC_NAMES:
            if not re.search("[市县区镇道省的在于是和与、]", cand[: len(cand) - len(best)]):
                best = cand
    return best + "社区" if best else ""


_BOUNDARY = f"[^{HAN}]|[市县区旗州省镇道于在获、]"
_COUNTY_STOP = (
    "社区 小区 辖区 城区 片区 园区 全区 我区 本区 景区 街区 矿区 该区 各区 市区 郊区 山区 老区 营区 库区 "
    "校区 厂区 分区 湾区 特区 禁区 专区 灾区 军区 全县 本县 该县 各县 我县 区县 县区"
).split()
_STREET_STOP = (
    "城镇",
    "乡镇",
    "村镇",
    "集镇",
    "小镇",
    "建制镇",
    "全镇",
    "本镇",
    "该镇",
    "各街道",
    "城乡",
    "下乡",
    "家乡",
)


def _place_candidates(
    text: str, suffixes: str, lengths: range, stop: tuple[str, ...] | list[str]
) -> list[str]:
    out: list[str] = []
    for m in re.finditer(f"(?:{suffixes})", text):
        best = ""
        for n in lengths:
            s = m.start() - n
            if s < 0:
                break
            name = text[s : m.start()]
            if not re.fullmatch(f"[{HAN}]+", name):
                break
            prev = text[s - 1] if s > 0 else ""
            if not prev or re.match(_BOUNDARY, prev):
                best = name + m.group(0)
        if best and not any(best.endswith(w) for w in stop):
            out.append(best)
    return out


def place(text: str) -> tuple[dict[str, str], list[str]]:
    """location {province, city, county, street} and notes for the reviewer."""
    notes: list[str] = []
    table = cities()
    loc: dict[str, str] = {}
    hits: Counter[str] = Counter()
    first: dict[str, int] = {}
    for name in sorted(table, key=len, reverse=True):
        for m in re.finditer(re.escape(name), text):
            after = text[m.end() : m.end() + 1]
            if after == "省":
                continue
            full, _prov = table[name]
            hits[full] += 2 if text[m.start() : m.start() + len(full)] == full else 1
            first.setdefault(full, m.start())
    if hits:
        city = max(hits, key=lambda c: (hits[c], -first[c]))
        loc["city"] = city
        province = table[city][1]
        stated = re.search(f"([{HAN}]{{2,8}}(?:省|自治区))(?={re.escape(short_city(city))})", text)
        if stated and stated.group(1) != province:
            notes.append(f"原文写“{stated.group(1)}{city}”，城市表里{city}属{province}，请核对")
        loc["province"] = province
        if not re.search(re.escape(province), text):
            notes.append(f"省份“{province}”由城市“{city}”推断，原文没有写")
        after_city = re.search(f"{re.escape(short_city(city))}市?([{HAN}]{{2,3}}?(?:区|县|旗))", text)
        counties = _place_candidates(text, "区|县|旗", range(2, 4), _COUNTY_STOP)
        if after_city and after_city.group(1) not in _COUNTY_STOP:
            loc["county"] = after_city.group(1)
        elif counties:
            loc["county"] = Counter(counties).most_common(1)[0][0]
    streets = _place_candidates(text, "街道|镇|乡", range(2, 5), _STREET_STOP)
    if loc.get("county"):
        after_county = re.search(f"{re.escape(loc['county'])}([{HAN}]{{2,4}}?(?:街道|镇|乡))", text)
        if after_county and after_county.group(1) not in _STREET_STOP:
            streets.insert(0, after_county.group(1))
    if streets:
        loc["street"] = streets[0]
    ordered = {k: loc[k] for k in ("province", "city", "county", "street") if k in loc}
    return ordered, notes


_DATE_RE = re.compile(r"((?:19|20)\d\d)年(?:(\d{1,2})月)?")


def founded(text: str, name: str) -> str:
    """Year (and month) of the sentence saying the community was set up (…社区成立)."""
    for sentence in _SENTENCE_RE.findall(text):
        if "成立" not in sentence or not ("社区" in sentence or (name and name in sentence)):
            continue
        if re.search("成立(以来|之初|后|了)?[^，。]*?(党|委员会|协会|队|组织|中心|基金)", sentence):
            continue
        cut = sentence.index("成立")
        after = re.match(r"成立于((?:19|20)\d\d)年(?:(\d{1,2})月)?", sentence[cut:])
        if after:
            year, month = after.group(1), after.group(2)
            return f"{year}-{int(month):02d}" if month and 1 <= int(month) <= 12 else year
        dates = list(_DATE_RE.finditer(sentence[:cut]))
        same_year = re.search(r"同年(\d{1,2})月", sentence[:cut])
        if same_year and dates:
            return f"{dates[-1].group(1)}-{int(same_year.group(1)):02d}"
        if dates:
            year, month = dates[-1].group(1), dates[-1].group(2)
            return f"{year}-{int(month):02d}" if month and 1 <= int(month) <= 12 else year
    return ""


# Scale: (key, units, pattern the text just before the number must match, pattern right after,
# words that disqualify the context).  The first figure in reading order that fits wins.
_SCALE_RULES: tuple[tuple[str, tuple[str, ...], str, str, str], ...] = (
    ("area", ("平方公里", "平方千米"), r"(面积|辖区|占地)", r"", r""),
    (
        "households",
        ("户",),
        r"(居民|住户|常住|户籍|现有|管辖|辖区|总户数|共有)[^，。；]{0,3}$",
        r"",
        r"商|经营|党员|困难|低保",
    ),
    ("floating_population", ("人", "万人", "名"), r"流动人口[^，。；]{0,4}$", r"", r""),
    (
        "population",
        ("人", "万人", "名"),
        r"(居民|人口|常住|户籍|总人口|社区|户共|户、)[^，。；]{0,3}$",
        r"",
        r"流动|党员|志愿|工作人员|网格|就业|培训|老人|儿童|残疾|干部",
    ),
    (
        "party_members",
        ("名", "人"),
        r"党员(总数|人数)?(共|有|共有|达)?$",
        r"^(党员)",
        r"下沉|结对|报到|流动|自管|发动|带动|联系|在职|创业",
    ),
    (
        "party_organizations",
        ("个",),
        r"(党支部|党组织|党总支)[^，。；]{0,2}$",
        r"^(网格|特色|功能型)?(党支部|党组织|党总支)",
        r"",
    ),
    ("grid_workers", ("名", "人"), r"网格员[^，。；]{0,2}$", r"^微?网格员", r""),
    ("grids", ("个",), r"网格[^，。；党员]{0,2}$", r"^网格(?!党|员)", r""),
    ("volunteers", ("人", "名", "万人"), r"志愿(者|服务队|队伍)[^。；]{0,12}$", r"^志愿者", r"小小|积分"),
    ("social_organizations", ("个", "家"), r"社会组织[^，。；]{0,3}$", r"^(社区)?社会组织", r""),
    ("residential_compounds", ("个",), r"共有[^，。；]{0,2}$", r"^(居民)?小区", r"三无|物业"),
    ("units", ("个", "家"), r"(驻区单位|驻社区单位|辖区单位)[^，。；]{0,2}$", r"^(驻区|辖区|共建)单位", r""),
    ("staff", ("名", "人"), r"(工作人员|社区工作者)[^，。；]{0,3}$", r"^社区工作者", r""),
)


def _label_before(text: str, start: int) -> str:
    m = re.search(f"([{HAN}]{{2,10}})$", text[max(0, start - 12) : start])
    if not m:
        return ""
    label = re.sub(
        "^(.*(其中|共有|现有|已有|拥有|累计|共计|一共|总计|达到|为|有|共|计|达|约|近|超|逾|从|到|至|提供|带动|建成|新建|组建|建立|设立|配备|发动|组织))",
        "",
        m.group(1),
    )
    label = label.removesuffix("的")
    return label if len(label) >= 2 and label[0] not in "岁以的了" else ""


def _label_after(text: str, end: int) -> str:
    m = re.match(f"(?:的)?([{HAN}]{{2,8}})", text[end : end + 10])
    return m.group(1) if m else ""


def figure_label(text: str, fig: FoundFigure) -> str:
    """What a figure counts: the noun after it (417名党员) or before it (流动人口546人)."""
    after = _label_after(text, fig.span[1])
    before = _label_before(text, fig.span[0])
    if fig.unit in ("%", "元", "万元", "亿元", "平方米", "平方公里", "万平方米") or fig.unit.endswith("平方"):
        return before or after
    if (
        after
        and not re.match("^(和|与|及|等|以上|左右|中|里|内|外)", after)
        and not text[fig.span[1] :].startswith("的")
    ):
        return re.split("[，。；、的和与及]", after)[0][:8] if len(after) >= 2 else before
    return before


def scale(text: str, figures: list[FoundFigure]) -> tuple[dict[str, dict[str, Any]], set[int]]:
    """Scale figures by key, and the indexes of the figures used."""
    out: dict[str, dict[str, Any]] = {}
    used: set[int] = set()
    for key, units, before_re, after_re, negative in _SCALE_RULES:
        for i, fig in enumerate(figures):
            if i in used or fig.unit not in units:
                continue
            sentence_start = max(text.rfind(c, 0, fig.span[0]) for c in "。；！？\n") + 1
            before = text[max(sentence_start, fig.span[0] - 20) : fig.span[0]]
            after = text[fig.span[1] : fig.span[1] + 8]
            after_m = re.search(after_re, after) if after_re else None
            ok = bool(re.search(before_re, before)) or bool(after_m)
            clause_after = re.split("[，。；、]", after)[0][:4]
            if not ok or (negative and re.search(negative, before[-8:] + clause_after)):
                continue
            if key == "volunteers":  # 志愿者队伍从30人扩展到1000多人: the later, larger number
                j = i
                while j + 1 < len(figures) and figures[j + 1].unit in units:
                    gap = text[figures[j].span[1] : figures[j + 1].span[0]]
                    if (
                        len(gap) > 6
                        or not re.search("到|至|达|增加|扩大|发展", gap)
                        or re.search("[。；，]", gap)
                    ):
                        break
                    j += 1
                i, fig = j, figures[j]
            item: dict[str, Any] = dict(fig.figure())
            if key in ("party_organizations", "grid_workers", "units"):
                label = after_m.group(0) if after_m else _label_before(text, fig.span[0])
                label = re.split("[，。；、和与及的]", label)[0]
                if label:
                    item["label"] = label[:8]
            out[key] = item
            used.add(i)
            break
    return out, used


def vocabulary_tags(text: str, category: str) -> list[str]:
    tags = []
    for label, words in vocabulary().get(category, []):
        if any(w in text for w in words):
            tags.append(label)
    return tags


_PRACTICE_SUFFIX = "工作法|工作机制|机制|模式|工程|服务模式|服务法|制度|行动|项目|体系|品牌|平台|驿站"
_NAMED_PRACTICE_RE = re.compile(
    rf"((?:“[^”]{{1,16}}”)+(?:{_PRACTICE_SUFFIX})|“[^”]{{1,16}}(?:{_PRACTICE_SUFFIX})”)"
)


def named_practices(text: str) -> list[tuple[str, str]]:
    """(name, sentence) for quoted method names: “五好”工作法, “三联四帮”机制, “红色物业”."""
    seen: dict[str, str] = {}
    for sentence in _SENTENCE_RE.findall(text):
        for m in _NAMED_PRACTICE_RE.finditer(sentence):
            name = m.group(1)
            if name.startswith("“") and name.endswith("”") and name.count("“") == 1:
                name = name[1:-1]
            seen.setdefault(name, sentence.strip())
    return list(seen.items())


_LEVEL_PREFIX = (
    ("国家级", r"^(全国|中国|国家)"),
    ("省级", rf"^([{HAN}]{{2,8}}?(省|自治区)|省级|全省)"),
    ("市级", rf"^([{HAN}]{{2,6}}?市(?!场)|市级|全市)"),
    ("县区级", rf"^([{HAN}]{{2,4}}?(区|县)|区级|县级|全区|全县)"),
    ("街道级", rf"^([{HAN}]{{2,4}}?(街道|镇|乡))"),
)
_HONOR_CONTEXT = re.compile("荣誉|称号|荣获|获得|获评|获|评为|授予|成为|创建|命名|表彰")
_HONOR_LIST_RE = re.compile(r"(荣获|获得|获评|获)([^。；]{4,400}?)(等)?(荣誉)?称号")


def honor_level(name: str, before: str = "") -> str:
    """国家级/省级/… from the place the title starts with (河南省…), or that precedes the quote
    (省级“充分就业社区”).  A “place” ending in 社区/小区 is not a place: 后进社区 is no honor."""
    for text, anchored in ((name, True), (before, False)):
        for level, rx in _LEVEL_PREFIX:
            m = re.search(rx if anchored else rx.replace("^(", "(") + "$", text)
            if not m:
                continue
            token = m.group(0)
            if any(token.endswith(w) for w in _COUNTY_STOP) or token.endswith(_STREET_STOP):
                continue
            return level
    return ""


def honors(text: str) -> list[dict[str, Any]]:
    """Quoted titles with a level (“全国文明社区”) and 荣获…称号 lists, with the year when stated."""
    out: dict[str, dict[str, Any]] = {}
    for sentence in _SENTENCE_RE.findall(text):
        if not _HONOR_CONTEXT.search(sentence):
            continue

        def year_near(pos: int, sentence: str = sentence) -> int | None:
            clause_start = max(sentence.rfind(c, 0, pos) for c in "，；") + 1
            years = _DATE_RE.findall(sentence[clause_start:pos])
            return int(years[-1][0]) if years else None

        for m in re.finditer("“([^”]{4,30})”", sentence):
            year = year_near(m.start())
            title = m.group(1)
            before = sentence[max(0, m.start() - 8) : m.start()]
            level = honor_level(title, before)
            if not level or not re.search(
                "社区|党支部|党组织|集体|单位|示范|先进|小区|模范|标兵|之家|点|岗", title
            ):
                continue
            out.setdefault(title, {"name": title, "level": level} | ({"year": year} if year else {}))
        for m in _HONOR_LIST_RE.finditer(sentence):
            year = year_near(m.start())
            # Honors of a person (马东…被评为) are not the community's; only 荣获/获得 lists count.
            for item in re.split("[、，]", m.group(2)):
                item = re.sub("^(先后|多次|连续|曾|还|并|了|创建了|成功创建)+", "", item.strip())
                item = re.sub("^(先后|多次|荣获|获得|获评|获)", "", item).strip("“”")
                level = honor_level(item)
                if level and 4 <= len(item) <= 30 and "“" not in item:
                    out.setdefault(item, {"name": item, "level": level} | ({"year": year} if year else {}))
    return list(out.values())


# ---------------------------------------------------------------------------------------------
# Building the draft.


def make_id(city: str, name: str, fallback: str) -> str:
    """The id `casebook new` would give (ids.derive_id); the file name when there is no name."""
    case_id = derive_id(city, name) if name else ""
    return case_id or re.sub("[^a-z0-9]+", "-", fallback.lower()).strip("-")[:64].strip("-") or "case"


def _first_sentence(paragraph: str, limit: int = 200) -> str:
    m = _SENTENCE_RE.match(paragraph)
    sentence = (m.group(0) if m else paragraph).strip()
    return sentence if len(sentence) <= limit else sentence[: limit - 1] + "…"


def _blocks(section: Section) -> list[tuple[str, str]]:
    """(heading or first sentence, text) per subheading block, else per paragraph."""
    if section.subheadings:
        out = []
        bounds = [*section.subheadings, (len(section.paragraphs), "")]
        for (start, head), (end, _h) in itertools.pairwise(bounds):
            out.append((_heading_text(head), "\n".join(section.paragraphs[start:end])))
        return out
    out = []
    for p in section.paragraphs:
        m = _L2_RE.match(p) or _L3_RE.match(p)
        body = m.group(2) if m else p
        out.append((_first_sentence(body), p))
    return out


def build(source: Path, raw: str, case_id: str | None = None) -> Draft:
    """Read one decoded text and assemble the draft case (nothing is written here)."""
    text = normalize(raw)
    kept, removed, facts = remove_boilerplate(text)
    title, intro, sections = split_structure(kept)
    body = "\n".join([*intro, *(p for s in sections for p in [s.heading, *s.paragraphs])])
    clean = "\n".join(ln for ln in kept if ln)
    figures = parse_figures(clean)
    name = community_name(clean)
    location, place_notes = place(clean)
    draft = Draft(source, clean, removed, title, intro, sections, figures, {})
    found, missing, review = draft.found, draft.missing, draft.review

    cid = case_id or make_id(location.get("city", ""), name, source.stem)
    case: dict[str, Any] = {"id": cid}
    if not case_id:
        review.append(("id", f"{cid}（由城市和社区名的拼音生成）"))
    if name:
        case["name"] = name
        found.append(("name", name))
    else:
        missing.append(("name", "社区名称"))
    missing.append(("summary", "一句话摘要，须用自己的话写"))
    if location:
        case["location"] = location
        found.append(("location", " ".join(location.values())))
        review += [("location", n) for n in place_notes]
        for key, cn in (("province", "省份"), ("city", "城市"), ("county", "区县"), ("street", "街道/乡镇")):
            if key not in location:
                missing.append((f"location.{key}", cn))
    else:
        missing.append(("location", "所在地（省、市）"))
    types = vocabulary_tags(clean, "community_types")
    if types:
        case["community_types"] = types
        review.append(("community_types", "、".join(types) + "（按词表别名匹配）"))
    else:
        missing.append(("community_types", "社区类型标签"))
    year = founded(clean, name)
    if year:
        case["founded"] = year
        found.append(("founded", year))
    else:
        missing.append(("founded", "成立时间（来源没写就不填）"))

    sc, used = scale(clean, figures)
    if sc:
        case["scale"] = sc
        found.append(("scale", "，".join(f"{k} {_fmt(v)}" for k, v in sc.items())))
    else:
        missing.append(("scale", "规模数字"))

    background = [s for s in sections if s.kind == "background"]
    bg_text = "\n".join([*intro, *(p for s in background for p in s.paragraphs)])
    extra: list[dict[str, Any]] = []
    used_texts = Counter(figures[i].text for i in used)
    for fig in parse_figures(bg_text):
        if used_texts[fig.text]:
            used_texts[fig.text] -= 1
            continue
        if fig.unit in ("岁", "公里", "千米", "米"):
            continue
        label = figure_label(bg_text, fig)
        item = dict(fig.figure()) | {"label": label}
        if label and item not in extra:
            extra.append(item)
    if extra:
        case["figures"] = extra[:12]
        review.append(("figures", f"{len(extra[:12])} 个背景数字，label 为自动截取，请核对"))

    challenges = []
    for label, words in vocabulary().get("challenges", []):
        for sentence in _SENTENCE_RE.findall(bg_text or clean):
            if any(w in sentence for w in words):
                challenges.append({"tag": label, "text": _first_sentence(sentence.strip())})
                break
    if challenges:
        case["challenges"] = challenges[:6]
        review.append(("challenges", "text 是原文句子，须改写"))
    else:
        missing.append(("challenges", "面临的问题"))

    practices = []
    for pname, sentence in named_practices(body):
        tags = vocabulary_tags(pname + sentence, "practices")
        item: dict[str, Any] = {"name": pname, "summary": _first_sentence(sentence)}
        if tags:
            item["tags"] = tags
        practices.append(item)
    for s in sections:
        if s.kind != "practices":
            continue
        for _i, head in s.subheadings:
            for label, _words in vocabulary().get("practices", []):
                if label in head and not any(label in p["name"] for p in practices):
                    practices.append({"name": label, "summary": _first_sentence(head), "tags": [label]})
    if practices:
        case["practices"] = practices
        found.append(("practices", "、".join(p["name"] for p in practices)))
        review.append(("practices", "summary 是原文句子，须改写；tags 按词表匹配"))
    else:
        missing.append(("practices", "有名称的做法"))

    outcomes = []
    for s in sections:
        if s.kind != "outcomes":
            continue
        for head, block in _blocks(s):
            item = {"text": head}
            figs = []
            for fig in parse_figures(block):
                label = figure_label(block, fig)
                if label and fig.unit != "岁":
                    figs.append(dict(fig.figure()) | {"label": label})
            if figs:
                item["figures"] = figs[:8]
            outcomes.append(item)
    if outcomes:
        case["outcomes"] = outcomes
        review.append(("outcomes", "text 是原文标题或首句，须改写"))
    else:
        missing.append(("outcomes", "成效（原文没有标明成效的章节）"))

    hs = honors(clean)
    if hs:
        case["honors"] = hs
        found.append(("honors", "、".join(h["name"] for h in hs)))
        review.append(("honors", "层级按名称前缀判断；获奖者是个人时要写 recipient"))

    lessons = []
    for s in sections:
        if s.kind != "lessons":
            continue
        for head, block in _blocks(s):
            item = {"text": head}
            themes = vocabulary_tags(block, "themes")
            if themes:
                item = {"theme": themes[0], "text": head}
            lessons.append(item)
    if lessons:
        case["lessons"] = lessons
        review.append(("lessons", "text 是原文标题或首句，theme 按词表匹配，须核对"))
    else:
        missing.append(("lessons", "经验与启示（原文没有标明经验的章节）"))
    missing.append(("questions", "3-8 道教学思考题"))

    src: dict[str, Any] = {}
    if title:
        src["title"] = title
    publisher = facts.get("publisher") or _publisher(text)
    if publisher:
        src["publisher"] = publisher
    if facts.get("author"):
        src["author"] = facts["author"]
    date = _iso_date(facts.get("date", ""))
    if date:
        src["date"] = date
    src["script"] = "繁体" if _is_traditional(raw) else "简体"
    src["note"] = f"由 casebook import 从 {source.name} 导入"
    case["sources"] = [src]
    found.append(("sources", "，".join(f"{k} {v}" for k, v in src.items() if k != "note")))
    for key, cn in (("title", "文章标题"), ("publisher", "发布者")):
        if key not in src:
            missing.append((f"sources.{key}", cn))
    case["review"] = {"status": "draft"}

    found.append(
        ("sections", "、".join(f"{s.heading}→{KIND_CN.get(s.kind or '', '?')}" for s in sections) or "无")
    )
    for s in sections:
        if s.kind is None:
            review.append(("sections", f"“{s.heading}”没有对应背景/做法/成效/经验，请人工归类"))
    if not sections:
        review.append(("sections", "没有找到章节标题"))
    draft.case = case
    return draft


def _fmt(fig: dict[str, Any]) -> str:
    from casebook.text.quantities import format_figure

    return format_figure(fig)  # type: ignore[arg-type]


def _publisher(text: str) -> str:
    m = re.search(
        f"《([{HAN}]{{2,10}}(日报|晚报|报))》|([{HAN}]{{2,8}}(日报|晚报))客户端|“(网易号|百家号|搜狐号|头条号)”",
        text,
    )
    if not m:
        return ""
    return next(g for g in (m.group(1), m.group(3), m.group(5)) if g)


def _iso_date(s: str) -> str:
    m = re.match(r"((?:19|20)\d\d)[-/.年](\d{1,2})[-/.月](\d{1,2})", s)
    if not m:
        return ""
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    return f"{y}-{mo:02d}-{d:02d}" if 1 <= mo <= 12 and 1 <= d <= 31 else ""


def _is_traditional(raw: str) -> bool:
    text = strip_annotations(raw[:20000])
    han = len(re.findall(f"[{HAN}]", text))
    changed = sum(len(found) for _o, found, _e in chinese.traditional_spans(text))
    return han > 0 and changed / han > 0.05


# ---------------------------------------------------------------------------------------------
# Output.


def render_markdown(draft: Draft) -> str:
    parts = [DRAFT_NOTE, ""]
    for p in draft.intro:
        parts += [p, ""]
    for s in draft.sections:
        parts += [f"### {s.heading}", ""]
        subs = dict(s.subheadings)
        for k, p in enumerate(s.paragraphs):
            if k in subs:
                parts += [f"#### {_heading_text(subs[k])}", ""]
            parts += [p, ""]
        for k, head in s.subheadings:
            if k >= len(s.paragraphs):
                parts += [f"#### {_heading_text(head)}", ""]
    return "\n".join(parts).rstrip("\n") + "\n"


def render_yaml(draft: Draft) -> str:
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    def convert(value: Any, flow: bool = False) -> Any:
        if isinstance(value, dict):
            m = CommentedMap((k, convert(v)) for k, v in value.items())
            if (
                flow
                or set(value) <= {"value", "unit", "qualifier", "label", "as_of"}
                or set(value) <= {"province", "city", "county", "street", "status"}
            ):
                m.fa.set_flow_style()
            return m
        if isinstance(value, list):
            seq = CommentedSeq(convert(v) for v in value)
            if all(isinstance(v, str) and len(v) < 20 for v in value):
                seq.fa.set_flow_style()
            return seq
        return value

    data = convert(draft.case)
    if "founded" in data:
        data["founded"] = DoubleQuotedScalarString(data["founded"])
    yaml = YAML()
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.allow_unicode = True
    buf = io.StringIO()
    yaml.dump(data, buf)
    return SCHEMA_COMMENT + "\n" + buf.getvalue()


class ImportFailed(CasebookError):
    """A file that cannot be imported; the message is for the contributor."""


def write_case(out_dir: Path, case_id: str, files: dict[str, str]) -> Path:
    """Write into a hidden temporary folder beside the target, then rename it into place: either
    the whole case appears or nothing does.  An existing case is never touched."""
    target = out_dir / case_id
    try:
        return create_dir(target, files)
    except Exists as e:
        raise ImportFailed(f"{target} 已存在，没有写入任何文件（换一个 --id，或先移走旧目录）") from e


def import_file(path: Path, out_dir: Path, case_id: str | None = None, dry_run: bool = False) -> Draft:
    try:
        raw = read(path)
    except DecodeError as e:
        raise ImportFailed(str(e)) from e
    draft = build(path, raw, case_id)
    if not dry_run:
        write_case(out_dir, draft.id, {"case.yml": render_yaml(draft), "case.md": render_markdown(draft)})
    return draft


REPORT_ROWS = 40
REPORT_CHARS = 300


def report(draft: Draft, console: Any, target: Path | None) -> None:
    from rich.table import Table

    where = f" → {target}" if target else "（试运行，未写入）"
    table = Table(title=f"{draft.source.name}{where}", show_lines=False, expand=False)
    table.add_column("", no_wrap=True)
    table.add_column("项目", no_wrap=True)
    table.add_column("内容", overflow="fold")
    # A pathological text (thousands of lines to review or remove) must not take seconds to
    # render: at most REPORT_ROWS rows of each kind, each value cut at REPORT_CHARS.
    rows = [
        *(("[green]找到[/]", k, v) for k, v in draft.found),
        *(("[yellow]需复核[/]", k, v) for k, v in draft.review),
        *(("[red]没找到[/]", k, v) for k, v in draft.missing),
        *(("[dim]已删除[/]", f"第{r.line}行 {r.rule}", r.text[:60]) for r in draft.removed),
    ]
    shown: dict[str, int] = {}
    for label, key, value in rows:
        shown[label] = shown.get(label, 0) + 1
        if shown[label] <= REPORT_ROWS:
            cut = value if len(value) <= REPORT_CHARS else value[:REPORT_CHARS] + "……"
            table.add_row(label, key, cut)
    for label, n in shown.items():
        if n > REPORT_ROWS:
            table.add_row(label, "……", f"另有 {n - REPORT_ROWS} 项，未逐项列出")
    console.print(table)
