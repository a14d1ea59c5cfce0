"""Every figure the parser finds, with what it counts and where it belongs in the case.

A figure reaches the draft once: in `scale` when the noun it counts means exactly that key
(data/scale.yml: 417名党员 is party_members, 30名党员志愿者 is not), in the outcome it supports
when its section is about outcomes, and otherwise as a labelled `figures` entry.  Its label is
the noun phrase around it (jieba's part-of-speech tags find where the phrase starts and ends);
its sentence goes to the review report.  Fixed expressions that contain numbers (三位一体,
“六项攻坚”) are not figures, and the report lists them as such, so nothing disappears silently.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Any

from casebook.importer import segment
from casebook.text.chinese import HAN
from casebook.text.quantities import FoundFigure, parse_figures

_NOUNISH = frozenset("n nr ns nt nz ng nrt nrfg vn j l an b s nl g".split())
_CLAUSE_STOP = "，。；！？：、（）《》 \n"
_SENTENCE_STOP = "。！？；\n"
_CN_NUMERAL = "一二两三四五六七八九十百千"
_QUOTES = (("“", "”"), ("「", "」"), ("『", "』"), ("《", "》"), ("‘", "’"))


@functools.cache
def _data(name: str) -> Any:
    from ruamel.yaml import YAML

    return YAML(typ="safe").load(resources.files("casebook.importer.data").joinpath(name).read_text("utf-8"))


@functools.cache
def idioms() -> tuple[str, ...]:
    text = resources.files("casebook.importer.data").joinpath("idioms.txt").read_text("utf-8")
    return tuple(ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#"))


@functools.cache
def _idiom_re() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w in sorted(idioms(), key=len, reverse=True)))


@dataclass
class Placed:
    """One figure of the text and its place in the draft."""

    fig: FoundFigure
    label: str
    sentence: str
    section: str | None  # kind of the section it was found in (None: introduction)
    paragraph: int = 0  # index in the paragraphs given to find()
    key: str = ""  # scale key, when it is one
    target: str = "figures"  # scale | outcomes | figures | skipped
    why: str = ""  # for skipped figures: why it is no figure
    noun: str = ""  # the counted noun without the verb (what a scale key must match)
    fallback: bool = False  # label from the unit alone (户数, 面积): never a scale key
    superseded: bool = False  # a later figure of the same sentence says what it became

    def item(self) -> dict[str, Any]:
        out: dict[str, Any] = dict(self.fig.figure())
        if self.target != "scale":
            out["label"] = self.label
        elif self.key in _LABELLED_KEYS and (self.noun or self.label) != scale_rules()[self.key]["labels"][0]:
            out["label"] = self.noun or self.label  # 6个网格党支部: the noun, not the verb before it
        return out


# Scale keys whose value means more with the noun kept (6个网格党支部, 61名微网格员).
_LABELLED_KEYS = frozenset({"party_organizations", "grid_workers", "units", "grids"})


# ---------------------------------------------------------------------------------------------
# Finding.


def _spans(text: str, stops: str) -> list[int]:
    return [i for i, ch in enumerate(text) if ch in stops]


def _enclosing(bounds: list[int], pos: int, length: int) -> tuple[int, int]:
    k = bisect.bisect_left(bounds, pos)
    start = bounds[k - 1] + 1 if k else 0
    end = bounds[k] if k < len(bounds) else length
    return start, end


def _quoted_ranges(text: str) -> list[tuple[int, int]]:
    out = []
    for open_, close in _QUOTES:
        for m in re.finditer(f"{open_}[^{open_}{close}\n]{{1,16}}{close}", text):
            out.append((m.start(), m.end()))
    return sorted(out)


def find(paragraphs: list[tuple[str | None, str]]) -> list[Placed]:
    """Every figure of the paragraphs (section kind, text), labelled, in reading order; those that
    are no figures are kept too, with target "skipped" and the reason."""
    out: list[Placed] = []
    for index, (kind, para) in enumerate(paragraphs):
        figures = parse_figures(para)
        if not figures:
            continue
        sentences = _spans(para, _SENTENCE_STOP)
        clauses = _spans(para, _CLAUSE_STOP)
        quoted = _quoted_ranges(para)
        idiom_spans = sorted((m.start(), m.end()) for m in _idiom_re().finditer(para))
        previous: Placed | None = None
        for fig in figures:
            s0, s1 = _enclosing(sentences, fig.span[0], len(para))
            sentence = para[s0 : s1 + 1].strip()
            why = _not_a_figure(para, fig, quoted, idiom_spans)
            if why:
                out.append(Placed(fig, "", sentence, kind, index, target="skipped", why=why))
                continue
            c0, c1 = _enclosing(clauses, fig.span[0], len(para))
            found = figure_label(para[c0 : fig.span[0]], para[fig.span[1] : c1], fig.unit)
            label, noun, fallback = found.text, found.noun, False
            continuing = previous is not None and _continues(para, previous, fig)
            if not label and previous is not None and continuing and not previous.fallback:
                label, noun = previous.label, previous.noun  # 低保户369户，524人 / 从28万元降到18.89万元
            if previous is not None and continuing and _is_change(para, previous, fig):
                previous.superseded = True  # 从20人发展到300多人: the later figure is the current one
            if not label:
                label, fallback = _by_unit(fig.unit), True
            placed = Placed(fig, label, sentence, kind, index, noun=noun, fallback=fallback)
            out.append(placed)
            previous = placed
    return out


def _continues(para: str, previous: Placed, fig: FoundFigure) -> bool:
    """The figure goes on from the previous one: a bare list item (369户，524人) or a change
    (从28万元“砍”到18.89万元)."""
    gap = para[previous.fig.span[1] : fig.span[0]]
    if len(gap) > 8 or not previous.label:
        return False
    if re.fullmatch(r"[，、\s]*(共|计|合计|其中)?", gap):
        return True  # 居民3120户共9060人, 低保户369户，524人
    return previous.fig.unit == fig.unit and bool(re.search("[到至降增变为]", gap))


def _inside(spans: list[tuple[int, int]], a: int, b: int, strict: bool) -> bool:
    """Whether [a, b) lies inside one of the sorted, short spans (binary search: a paragraph of
    megabytes with thousands of quotes must not make this quadratic)."""
    k = bisect.bisect_right(spans, (a, 1 << 62))
    for s, e in spans[max(0, k - 3) : k]:
        if (s < a and b < e) if strict else (s <= a and b <= e):
            return True
    return False


def _is_change(para: str, previous: Placed, fig: FoundFigure) -> bool:
    return bool(re.search("[到至]", para[previous.fig.span[1] : fig.span[0]]))


def _not_a_figure(
    para: str, fig: FoundFigure, quoted: list[tuple[int, int]], idiom_spans: list[tuple[int, int]]
) -> str:
    a, b = fig.span
    if a >= 2 and para[a - 1] in "至到~～—－-" and para[a - 2].isdigit():
        return "数字范围"  # 10至15户, 3-4个: a range, which a figure cannot hold
    if b < len(para) - 1 and para[b] in "至~～—－-" and para[b + 1].isdigit():
        return "数字范围"
    if _inside(idiom_spans, a, b, strict=False):
        return "固定说法"
    chinese = fig.text.lstrip("近超约逾过")[:1] in _CN_NUMERAL
    if chinese and _inside(quoted, a, b, strict=True):
        return "名称的一部分"  # “六项攻坚”, “五个提升”
    if chinese and b < len(para) and para[b] in _CN_NUMERAL:
        return "固定说法"  # 五位一体, 三个一批
    return ""


# ---------------------------------------------------------------------------------------------
# Labels.


@functools.cache
def _words(name: str) -> frozenset[str]:
    return frozenset(_data("labels.yml")[name])


def _by_unit(unit: str) -> str:
    table: dict[str, str] = _data("labels.yml")["by_unit"]
    return table.get(unit, table.get(unit.lstrip("万亿"), "数量"))


def _cut(text: str) -> list[tuple[str, str]]:
    return segment.cut(text)


# Units whose figure is an attribute of the noun before it (收入86万元, 面积3000平方米, 占比80%).
_ATTRIBUTE_UNITS = frozenset(
    "% 个百分点 元 万元 亿元 亿 平方米 平方公里 平方千米 万平方米 平米 亩 公里 千米 米 吨 倍 分".split()
)


@dataclass(frozen=True)
class Label:
    text: str  # what the draft shows: 接待居民, 党员中心户, 面积
    noun: str  # the counted noun alone, what a scale key must match: 居民
    fallback: bool = False  # no noun in the text: the unit's generic word


def figure_label(before: str, after: str, unit: str) -> Label:
    """What a figure counts: the noun after it (417名党员) or before it (流动人口546人), by the
    unit's habit (amounts and areas name their noun first); for counts of people and acts the verb
    before the noun too (接待居民5600余人次, 办结298件)."""
    if unit in ("人", "万人") and after.startswith("口"):
        return Label("人口", "人口")  # 3300多人口: the parser stops at 人
    if unit == "住户":
        return Label("住户", "住户")  # 3150住户: the unit is the noun
    share = _SHARE_RE.search(before)
    if share and unit in ("%", "个百分点"):
        text = _trim(share.group(1) + "占比")
        return Label(text, text)
    attribute = unit in _ATTRIBUTE_UNITS
    if unit == "年":
        return _duration_label(before, after)
    # The side the unit names its noun on first; the other only when that one has none (each
    # side costs a jieba call, and a long text has tens of thousands of figures).
    after_noun, before_noun, verb = "", "", ""
    if attribute:
        before_noun, verb = _label_before(before)
        before_noun = _trim(before_noun)
        if not before_noun:
            after_noun = _trim(_label_after(after, unit))
    else:
        after_noun = _trim(_label_after(after, unit))
        if not after_noun:
            before_noun, verb = _label_before(before)
            before_noun = _trim(before_noun)
    noun = (before_noun or after_noun) if attribute else (after_noun or before_noun)
    if not noun and re.match(r"(共|计|共计|合计|其中)?[\d.]+[余多]?[万亿]?", after):
        # 4批共123个典型案例: the noun after the next figure is what both count
        rest = re.sub(r"^(共|计|共计|合计|其中)?[\d.]+[余多]?[万亿]?", "", after)
        rest = (
            re.sub(f"^[^{HAN}]*[{HAN}]", "", rest, count=1) if rest and rest[0] in "个名人户家项批" else rest
        )
        noun = _trim(_label_after(rest, unit))
    if noun:
        counted_act = verb and unit in _PEOPLE_AND_ACTS and noun == before_noun and len(verb + noun) <= 10
        return Label(verb + noun if counted_act else noun, noun)
    if len(verb) >= 2:  # 加10分: one character says too little
        return Label(verb, "")  # 办结298件, 累计开放180天, 为村集体增收38万元
    act = _ACT_AFTER_RE.match(after)
    if act and unit in _PEOPLE_AND_ACTS:
        return Label(act.group(1) + act.group(2), "")  # 240户入了股
    per = re.search("(人均|户均|每户|每人|每股|平均)$", before)
    if per:
        return Label(per.group(1), "")  # 分红30万元，人均150元: per head, not 金额
    return Label("", "")


def _duration_label(before: str, after: str) -> Label:
    """39年党龄 names its noun after it; 坚持8年, 工作已有15年 name the act before it."""
    m = re.match(f"的?([{HAN}]?龄)", after)
    if m:
        return Label(m.group(1), m.group(1))
    noun, verb = _label_before(re.sub("了$", "", before))  # 已经坚持了20多年: the act is 坚持
    text = _trim(verb + noun) or _trim(noun)
    return Label(text + "年数" if text and not text.endswith("年") else text, "")


_ACT_AFTER_RE = re.compile(f"([{HAN}])了?([{HAN}]{{1,3}}?)(?=[，。；、]|$)")
_SHARE_RE = re.compile(f"([{HAN}]{{2,8}}?)(?:占比|比例|比重|占)(?:已|为|达|达到|超过|约|近|超)*$")
# Counts of people and of acts, where the verb says what was counted (接待居民, 解决问题).
_PEOPLE_AND_ACTS = frozenset("人 人次 万人次 户 户次 名 件 起 条 次 场 场次 期 份 个".split())
# jieba tags role nouns like 楼栋长, 网格员 as personal names.
_ROLE_END = tuple("长员者工师户手")


def _is_nounish(word: str, flag: str) -> bool:
    if flag.startswith("nr") and not word.endswith(_ROLE_END):
        return False
    return flag in _NOUNISH or flag.startswith("nr") or word in _words("noun_verbs")


_RATE_ENDS = frozenset("率量额度")


def _is_piece(word: str, flag: str) -> bool:
    """A single character jieba could not join to its neighbours (栋, 员, 长, 户, 微)."""
    return (
        len(word) == 1
        and flag not in ("x", "uj", "ul", "p", "c", "d", "v", "m", "eng", "r")
        and bool(re.match(f"[{HAN}]", word))
    )


# Units that count acts: the verb after them is what was done (两次公示, 四轮谈判).
_ACT_UNITS = frozenset("次 轮 场 场次 期 届 趟 遍".split())
# After a count, these verbs lead to what the people counted did (350余人实现再就业).
_LEAD_VERBS = frozenset("实现 参加 参与 获得 接受 完成".split())


def _label_after(after: str, unit: str = "") -> str:
    text = after[1:] if after.startswith("的") else after
    text = text[:14]
    if not re.match(f"[{HAN}“]", text):
        return ""
    tokens = _cut(text)
    picked: list[str] = []
    for k, (w, f) in enumerate(tokens):
        nxt_w, nxt = tokens[k + 1] if k + 1 < len(tokens) else ("", "")
        if w in _words("not_labels"):
            break
        if not picked and nxt_w[:1] in ("到", "至", "成"):
            break  # 从20人发展到300多人: a change, the noun is before
        if _is_nounish(w, f) and not (f.startswith("nr") and picked and not w.endswith(_ROLE_END)):
            picked.append(w)
        elif picked and _is_piece(w, f):
            picked.append(w)  # 楼/栋/长, 网格/员: a compound jieba does not know, cut into characters
        elif picked and picked[-1] in _LEAD_VERBS:
            picked.append(w)
        elif not picked and w in _LEAD_VERBS:
            rest = "".join(t for t, _f in tokens[k + 1 :])
            return re.split(f"[^{HAN}]", rest)[0][:6]  # 350余人实现再就业 → 再就业
        elif not picked and f in ("v", "a", "t", "an", "b", "vn") and len(w) <= 2 and nxt in _NOUNISH:
            picked.append(w)  # 共建单位, 大网格, 老党员, 老年文艺队: jieba splits the compound
        elif not picked and f == "v" and unit in _ACT_UNITS:
            picked.append(w)  # 两次公示: a count of acts names the act
        elif w in "“”" and not picked:
            continue
        else:
            break
        if sum(map(len, picked)) >= 12:
            break
    return "".join(picked)


def _label_before(before: str) -> tuple[str, str]:
    """(the noun phrase right before a figure, the verb right before that noun or the figure)."""
    text = before[-16:]
    if not text:
        return "", ""
    tokens = _cut(text)
    links = _words("link")
    skipped = 0
    while tokens and (tokens[-1][0] in links or tokens[-1][1] == "x") and skipped < 4:
        tokens.pop()
        skipped += 1
    picked: list[tuple[str, str]] = []
    if len(tokens) >= 2 and tokens[-1][0] in _RATE_ENDS and re.fullmatch(f"[{HAN}]+", tokens[-2][0]):
        picked = [tokens.pop(-2), (tokens.pop()[0], "n")]  # 办结率, 覆盖率, 销售额: jieba tags 率 a verb
    while tokens:
        w, f = tokens[-1]
        if re.search(r"\d", w) or (re.search("[一二两三四五六七八九十百千万]", w) and f in ("m", "q", "mq")):
            return "", ""  # 33栋楼1020户: the noun before is the earlier figure's
        if w in _words("not_labels"):
            break
        if not (_is_nounish(w, f) or _is_piece(w, f)):
            break
        picked.insert(0, (w, f))
        tokens.pop()
        if sum(len(t) for t, _f in picked) >= 10:
            break
    if not any(_is_nounish(*t) for t in picked):
        tokens += picked
        picked = []
    verbs: list[str] = []
    while tokens and tokens[-1][1] == "v" and tokens[-1][0] not in links and len(verbs) < 3:
        verbs.insert(0, tokens.pop()[0])  # 送餐上门, 办结
    verb = "".join(verbs) if skipped == 0 or picked else ""
    return "".join(t for t, _f in picked), verb if len(verb) <= 6 else verb[-6:]


def _trim(label: str) -> str:
    label = label.strip("“”‘’")
    for prefix in sorted(_words("trim_prefix"), key=len, reverse=True):
        if label.startswith(prefix) and len(label) - len(prefix) >= 2:
            label = label[len(prefix) :]
            break
    return label if len(label) >= 2 else ""


# ---------------------------------------------------------------------------------------------
# Scale.


@functools.cache
def scale_rules() -> dict[str, dict[str, Any]]:
    data: dict[str, dict[str, Any]] = _data("scale.yml")
    return data


# A figure about a part of the community (a grid, a compound, each building) is not its scale.
_SUBUNIT_RE = re.compile(
    "网格内|网格里|小区内|楼栋内|片区内|每个|每栋|每户|其中|平均|人均|户均|网格长|楼栋长|负责"
)


def assign_scale(placed: list[Placed]) -> None:
    """Give each scale key the first figure whose noun means exactly that key, the introduction and
    background sections first (outcome figures are changes, not the community's size)."""
    taken: set[str] = set()
    order = sorted(placed, key=lambda p: p.section not in (None, "background"))
    for p in order:
        if p.target == "skipped" or p.section == "outcomes":
            continue
        key = scale_key(p)
        if key and key not in taken:
            p.key, p.target = key, "scale"
            taken.add(key)


def scale_key(p: Placed) -> str:
    k = p.sentence.find(p.fig.text)
    if _SUBUNIT_RE.search(p.sentence[: max(k, 0)]):
        return ""
    if p.fallback or p.superseded:
        return ""
    for key, rule in scale_rules().items():
        if p.fig.unit in rule["units"] and (p.noun or p.label) in rule["labels"]:
            return key
    return ""


def _clause_of(p: Placed) -> str:
    k = p.sentence.find(p.fig.text)
    if k < 0:
        return ""
    start = max(p.sentence.rfind(c, 0, k) for c in "，；：、") + 1
    return p.sentence[start:]


def place_outcomes(placed: list[Placed], by_words: bool = False) -> None:
    """Figures of an outcomes section go to its outcomes.  A text with no such section still
    reports results (村集体收入达86万元, 费用从28万元降到18.89万元): with `by_words`, a figure
    outside the background whose sentence says so (data/outcomes.yml) goes to outcomes too, and
    the rest stays a labelled figure."""
    for p in placed:
        if p.target != "figures":
            continue
        if p.section == "outcomes":
            p.target = "outcomes"
        elif by_words and p.section not in ("background", "lessons") and reports_result(p):
            p.target = "outcomes"


def reports_result(p: Placed) -> bool:
    """The figure's clause, or the clause before it (分红930多万元，人均6700多元), says it is a
    result; quoted names (“效能提升”) say nothing, and a state before the change (洪水之前，
    村集体经济只有3万元) is background unless the clauses give the change (从……到……)."""
    data = _data("outcomes.yml")
    sentence = re.sub('“[^”]*”|‘[^’]*’|"[^"]*"', lambda m: "　" * len(m.group(0)), p.sentence)
    k = max(sentence.find(p.fig.text), 0)
    starts = [0, *(m.end() for m in re.finditer("[，；：,]", sentence[:k]))]
    end = re.search("[，；：,。]", sentence[k:])
    near = sentence[starts[-2] if len(starts) > 1 else 0 : k + (end.start() if end else len(sentence) - k)]
    if any(re.search(rx, near) for rx in data["changes"]):
        return True
    if re.search("|".join(data["before"]), sentence[:k]):
        return False
    return any(w in near for w in data["words"])


def kept(placed: list[Placed]) -> Iterator[Placed]:
    return (p for p in placed if p.target != "skipped")
