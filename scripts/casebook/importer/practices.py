"""Named practices and honors: the candidates, what the draft proposes, and what is left for the
reviewer.

Every quoted or titled term (“” 「」 『』 《》) and every unquoted 工作法 / 机制 / 模式 / 工程 / 行动 /
服务队 name is a candidate with its sentence.  So is an unquoted carrier of a practice (小区党群驿站,
楼栋微党校, 红色议事厅): write-ups rarely quote the place or body a method runs through, and it is
what a contributor names the practice after; it is proposed when the text comes back to it or
says it was set up (data/practices.yml: carriers).  The draft proposes the candidates that read as a
method: a practice suffix (“365”工作法), a numbered formula (“三元驱动”, “五级治理”), a cue after
the term (……为载体, ……的方式, ……活动) or a verb of making before it (推行, 打造, 实施).  Its
components come from the list the text gives right before or after a numbered name (网格长、
单元长、楼道长“三长制”).  The rest (slogans, speech, document titles) is listed in the report.
Honors are quoted titles and 荣获……称号 lists with a level; an honor whose sentence is about
another community or a person is not the case's.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from casebook.importer import segment
from casebook.model.vocabulary import Vocabulary
from casebook.text.chinese import HAN

_QUOTE_RE = re.compile(r"“([^“”\n]{1,24})”|「([^「」\n]{1,24})」|『([^『』\n]{1,24})』|《([^《》\n]{1,30})》")
_SENTENCE_RE = re.compile(r"[^。！？；\n]+[。！？；]?")
# A numbered formula (三元驱动, 一核两网三化四平台); a lone 一 is too common (最后一公里, 当头一棒).
_NUMERALS = "二两三四五六七八九十双0123456789"
_CN_NUM = {c: n for n, c in enumerate("一二三四五六七八九十", 1)} | {"两": 2, "双": 2}


@functools.cache
def _data() -> dict[str, Any]:
    from ruamel.yaml import YAML

    text = resources.files("casebook.importer.data").joinpath("practices.yml").read_text("utf-8")
    data: dict[str, Any] = YAML(typ="safe").load(text)
    return data


@functools.cache
def _alternation(key: str) -> str:
    return "|".join(sorted((re.escape(w) for w in _data()[key]), key=len, reverse=True))


@dataclass
class Candidate:
    name: str
    sentence: str
    how: str  # quoted | titled | suffix | carrier
    proposed: bool = False
    why: str = ""  # why it is (or is not) proposed
    components: list[str] = field(default_factory=list)


def candidates(
    paragraphs: list[str], vocab: Vocabulary | None = None, title_first: bool = False
) -> list[Candidate]:
    """Every named term of the text once, with the sentence it first appears in.  With
    `title_first`, paragraphs[0] is the headline, where a quoted term is the story's subject."""
    out: dict[str, Candidate] = {}
    bare_re = re.compile(
        f"([{HAN}]{{2,14}}?)({_alternation('bare_suffixes')})(?![{HAN}]{{0,1}}(?:清单|名单|建设))"
    )
    for k, para in enumerate(paragraphs):
        for sentence in _SENTENCE_RE.findall(para):
            for m in _QUOTE_RE.finditer(sentence):
                term = next(g for g in m.groups() if g)
                titled = m.group(4) is not None
                name, tail = _with_suffix(sentence, m)
                if name not in out or not out[name].proposed:
                    cand = Candidate(name, sentence.strip(), "titled" if titled else "quoted")
                    _judge(cand, term, tail, sentence, m.start(), titled, in_title=k == 0 and title_first)
                    if name not in out or cand.proposed:  # a later sentence may show it is a method
                        out[name] = cand
            for m in bare_re.finditer(_unquoted(sentence)):
                nxt = sentence[m.end() : m.end() + 1]
                if m.group(2) == "制" and nxt and nxt in "作定订成造止约度服品图衡":
                    continue  # 制作, 制定: a word of its own, not the suffix of 积分制
                stem = _stem(m.group(1))
                name = stem + m.group(2)
                if len(stem) < 2 or name in out:
                    continue
                cand = Candidate(name, sentence.strip(), "suffix")
                known = vocab is not None and bool(vocabulary_tags(name, "practices", vocab))
                cand.proposed = len(stem) >= 4 or known
                cand.why = "名称带做法后缀" if cand.proposed else "名称太泛，请判断"
                out.setdefault(name, cand)
    for cand in carrier_candidates(paragraphs):
        if not any(cand.name in c.name for c in out.values() if c.proposed):
            out[cand.name] = cand
    return list(out.values())


MAX_CARRIERS = 20


def carrier_candidates(paragraphs: list[str]) -> list[Candidate]:
    """The unquoted carriers of the text (小区党群驿站, 楼栋微党校), one candidate per carrier.

    Mentions of one carrier vary (惠滋小区的党群驿站, 在党群驿站, 小区党群驿站) and jieba splits
    unfamiliar names badly (所楼|栋|微), so names are character runs: every mention scores each
    name it ends with.  The carrier is named by the longest name of the best score (two mentions
    or more: the text comes back to it; a carrier mentioned once takes at most four characters
    before the carrier word, so that the place in front of it stays out); it is proposed when it
    scores two or more or follows a verb of setting up (开设红色议事厅).  Names that end with it,
    or that it ends with, are the same carrier and are not proposed again."""
    data = _data()
    carrier_re = re.compile(f"([{HAN}]{{0,8}})({_alternation('carriers')})")
    stops = sorted(
        {*data["before_name"], *data["before_cues"], *data["carrier_stops"]}, key=len, reverse=True
    )
    stop_re = re.compile("|".join(re.escape(w) for w in stops))
    cue_re = re.compile(f"({_alternation('before_cues')})[^，。、]{{0,3}}$")
    mentions: dict[str, list[tuple[str, str, bool]]] = {}  # carrier word → (run before it, sentence, cued)
    for para in paragraphs:
        for sentence in _SENTENCE_RE.findall(para):
            plain = _unquoted(sentence)
            for m in carrier_re.finditer(plain):
                run = m.group(1)
                for stop in stop_re.finditer(run):
                    run = m.group(1)[stop.end() :]
                set_up = bool(cue_re.search(plain[: m.start(2) - len(run)]))
                mentions.setdefault(m.group(2), []).append((run, sentence.strip(), set_up))
    out: list[Candidate] = []
    for word, found in mentions.items():
        score: dict[str, int] = {}
        first: dict[str, str] = {}
        cued: set[str] = set()  # names of the mentions that follow a verb of setting up
        for run, sentence, cue in found:
            for k in range(2, len(run) + 1):
                name = run[-k:] + word
                score[name] = score.get(name, 0) + 1
                first.setdefault(name, sentence)
                if cue and k == len(run):
                    cued.add(name)
        # Best score first, the longest name of a score first; a name mentioned once keeps at
        # most four characters before the carrier word.  At most MAX_CARRIERS per word: past
        # that a long text lists noise, and the pass stays linear in the text.
        order = sorted(score, key=lambda n: (-score[n], score[n] < 2 and len(n) - len(word) > 4, -len(n)))
        taken: list[str] = []
        for name in order:
            if len(taken) >= MAX_CARRIERS:
                break
            if any(name.endswith(t) or t.endswith(name) for t in taken):
                continue
            best = score[name]
            taken.append(name)
            cand = Candidate(name, first[name], "carrier")
            if best >= 2:
                cand.proposed, cand.why = True, f"做法载体，文中提到 {best} 次"
            elif any(n.endswith(name) for n in cued):
                cand.proposed, cand.why = True, "做法载体，前面有“开设”“建起”等"
            else:
                cand.why = "做法载体，只提到一次，请判断"
            out.append(cand)
    return out


def _unquoted(sentence: str) -> str:
    """The sentence with quoted passages blanked out, so that a name inside a quotation is not
    taken for the text's own (and a quoted name is not found twice)."""
    return re.sub("“[^“”]*”|「[^「」]*」|《[^《》]*》", lambda m: "　" * len(m.group(0)), sentence)


@functools.lru_cache(maxsize=4096)
def _stem(run: str) -> str:
    """The name before a suffix: the nouns right before it (通过党建联席会议 → 党建联席会议,
    以下简称积分 → 积分), by jieba's part-of-speech tags."""
    tokens = segment.cut(run, hmm=True)
    picked: list[str] = []
    while tokens:
        w, f = tokens.pop()
        if f[:1] in ("n", "j", "l") or f in ("vn", "an", "b") or w in _data()["stem_words"]:
            picked.insert(0, w)
        elif picked and f == "a" and len(w) == 1:
            picked.insert(0, w)  # 大党委制
            break
        else:
            break
    return "".join(picked)


def _with_suffix(sentence: str, m: re.Match[str]) -> tuple[str, str]:
    """The quoted term with the practice suffix that follows it (“五好”工作法), and the text after."""
    after = sentence[m.end() : m.end() + 12]
    sm = re.match(f"([{HAN}]{{0,4}}?)({_alternation('suffixes')})", after)
    if sm and not re.search("[为的让在是和与对向把将被给]", sm.group(1)):
        return m.group(0) + sm.group(0), after[sm.end() :]
    inner = next(g for g in m.groups() if g)
    return (inner if m.group(4) is None else m.group(0)), after


def _judge(
    cand: Candidate, term: str, tail: str, sentence: str, start: int, titled: bool, in_title: bool = False
) -> None:
    before = sentence[max(0, start - 8) : start]
    data = _data()
    if titled and not re.search(f"({_alternation('suffixes')})$", term):
        cand.why = "书名或文件名"
        return
    if re.search("[，。！？；：]", term) or len(term) > 20:
        cand.why = "引语"
        return
    if len(term) < 2 or term in _idioms():
        cand.why = "固定说法"
        return
    if term.count("、") >= 3:
        cand.why = "列举"  # 社区居委会、网格党支部、业委会、物业: the parts of something, not a name
        return
    if re.search(f"({_alternation('honor_words')})$", term) or re.search(
        "称号|荣誉", sentence[start : start + 40]
    ):
        cand.why = "荣誉称号"
        return
    if _starts_with_verb(term):
        cand.why = "口号或引语"
    elif cand.name != term or re.search(f"({_alternation('suffixes')})$", term):
        cand.proposed, cand.why = True, "名称带做法后缀"
    elif any(c in _NUMERALS for c in term) and 2 <= len(term) <= 14:
        cand.proposed, cand.why = True, "数字概括的做法"
    elif re.match(f"(的?{_alternation('after_cues')})", tail):
        cand.proposed, cand.why = True, "后面有“为载体”“活动”等"
    elif re.search(f"({_alternation('before_cues')})[^，。]{{0,3}}$", before):
        cand.proposed, cand.why = True, "前面有“推行”“打造”等"
    elif in_title and 3 <= len(term) <= 8:
        cand.proposed, cand.why = True, "标题里的名称"
    else:
        cand.why = "不像做法名称，请判断"
    if cand.proposed:
        cand.components = components(sentence, start, term, data)


def _idioms() -> frozenset[str]:
    from casebook.importer.figures import idioms

    return frozenset(idioms())


@functools.lru_cache(maxsize=4096)
def _starts_with_verb(term: str) -> bool:
    """完善党建引领基层社会治理机制, 提升乡村治理效能: a quoted call to action, not a name."""
    tokens = segment.cut(term, hmm=True)
    return len(term) >= 6 and bool(tokens) and tokens[0][1] in ("v", "d") and len(tokens[0][0]) == 2


def components(sentence: str, start: int, term: str, data: dict[str, Any]) -> list[str]:
    """The parts a numbered name sums up, when the text lists them right before it or in brackets
    right after it (网格长、单元长、楼道长“三长制”; “三无小区”（无物业、无业主委员会、无单位管理））."""
    n = next((_CN_NUM[c] for c in term if c in _CN_NUM), 0)
    if n < 2:
        return []
    end = start + len(term) + 2
    after = re.match(r"[^（(]{0,6}[（(]([^）)]{2,80})[）)]", sentence[end:])
    if after:
        parts = [p.strip() for p in re.split("[、，,]", after.group(1)) if p.strip()]
        if len(parts) == n:
            return parts
    clause = re.split("[，；：。]", sentence[:start])[-1]
    clause = re.sub(f"^.*?({_alternation('before_cues')}|通过|以|把|将)", "", clause)
    parts = [p.strip() for p in clause.split("、") if p.strip()]
    if len(parts) != n or not all(2 <= len(p) <= 16 for p in parts):
        return []
    # The first item carries the words that lead into the list (有力实现安全度、魅力值……): items
    # of a list are alike, so it is cut to the length of the longest other one.
    longest = max(len(p) for p in parts[1:])
    if len(parts[0]) > longest + 1:
        parts[0] = parts[0][-longest:]
    return parts


def propose(cands: list[Candidate], vocab: Vocabulary) -> list[dict[str, Any]]:
    """Practice entries for the draft: name, summary (its sentence, to rewrite), components, tags."""
    out = []
    for c in cands:
        if not c.proposed:
            continue
        item: dict[str, Any] = {"name": c.name, "summary": _short(c.sentence)}
        if c.components:
            item["components"] = c.components
        tags = vocabulary_tags(c.name + c.sentence, "practices", vocab)
        if tags:
            item["tags"] = tags
        out.append(item)
    return out


def vocabulary_tags(text: str, category: str, vocab: Vocabulary) -> list[str]:
    tags = []
    for term in vocab.all(category):
        if any(w and w in text for w in _simplified_names(term.label, term.aliases)):
            tags.append(term.label)
    return tags


@functools.cache
def _simplified_names(label: str, aliases: tuple[str, ...]) -> tuple[str, ...]:
    from casebook.text.chinese import to_simplified

    return tuple(sorted({to_simplified(w) for w in (label, *aliases)}, key=len, reverse=True))


def _short(sentence: str, limit: int = 200) -> str:
    return sentence if len(sentence) <= limit else sentence[: limit - 1] + "…"


# ---------------------------------------------------------------------------------------------
# Honors.

_LEVEL_PREFIX = (
    ("国家级", r"^(全国|中国|国家)"),
    ("省级", rf"^([{HAN}]{{2,8}}?(省|自治区)|省级|全省)"),
    ("市级", rf"^([{HAN}]{{2,6}}?市(?!场)|市级|全市)"),
    ("县区级", rf"^([{HAN}]{{2,4}}?(区|县|旗)|区级|县级|全区|全县)"),
    ("街道级", rf"^([{HAN}]{{1,4}}?(街道|镇|乡))"),
)
_NOT_PLACE_END = ("社区", "小区", "辖区", "城区", "片区", "园区", "全区", "景区", "街区", "城镇", "乡镇")
_HONOR_CONTEXT = re.compile("荣誉|称号|荣获|获得|获评|获|评为|授予|命名|表彰|殊荣|入选|上榜")
_HONOR_LIST_RE = re.compile(
    r"(荣获|获得|获评|获|评为)[：:]?([^。；]{4,300}?)(等)?([^。；]{0,8}(荣誉|称号|殊荣)|。|；|$)"
)
_PERSON_RE = re.compile(
    f"(书记|主任|主席|队长|居民|村民|老人|志愿者|党员|委员|[{HAN}]{{2,3}}(?:同志|先生|女士))[^，。]{{0,4}}$"
)


def honor_level(name: str, before: str = "") -> str:
    """国家级/省级/… from the place the title starts with (河南省…), or that precedes the quote
    (省级“充分就业社区”, 二十多项国家级殊荣)."""
    for text, anchored in ((name, True), (before, False)):
        for level, rx in _LEVEL_PREFIX:
            m = re.search(rx if anchored else rx.replace("^(", "(") + "$", text)
            if m and not m.group(0).endswith(_NOT_PLACE_END):
                return level
    return ""


def honors(paragraphs: list[str], community: str) -> list[dict[str, Any]]:
    """Quoted titles with a level and 荣获……称号 lists, with the year when stated; only those whose
    sentence does not give them to another community or to a person."""
    out: dict[str, dict[str, Any]] = {}
    short = re.sub("(社区|村|居委会)$", "", community)
    for para in paragraphs:
        for sentence in _SENTENCE_RE.findall(para):
            if not _HONOR_CONTEXT.search(sentence):
                continue
            for clause_start, title, before in _honor_titles(sentence):
                subject = sentence[max(0, sentence.rfind("。", 0, clause_start)) : clause_start]
                if _belongs_elsewhere(subject, short):
                    continue
                level = honor_level(title, before)
                if not level:
                    continue
                item: dict[str, Any] = {"name": title, "level": level}
                year = re.findall(r"((?:19|20)\d\d)年", subject[-40:])
                if year:
                    item["year"] = int(year[-1])
                out.setdefault(title, item)
    return list(out.values())


def _honor_titles(sentence: str) -> list[tuple[int, str, str]]:
    """(position, title, words before it) for every honor-looking title of the sentence."""
    found: list[tuple[int, str, str]] = []
    words = _alternation("honor_words")
    for m in re.finditer("“([^”]{3,30})”", sentence):
        title = m.group(1)
        after = sentence[m.end() : m.end() + 12]
        if re.search(f"({words})$", title) or re.match("[^，。]{0,8}(称号|荣誉|殊荣)", after):
            found.append((m.start(), title, sentence[max(0, m.start() - 12) : m.start()] + after))
    for m in _HONOR_LIST_RE.finditer(sentence):
        for item in re.split("[、，]", m.group(2)):
            item = re.sub("^(先后|多次|连续|曾|还|并|了|创建了|成功创建)+", "", item.strip())
            item = item.strip("“”：: ")
            if 4 <= len(item) <= 30 and "“" not in item and re.search(f"({words})$", item):
                found.append((m.start(), item, ""))
    return found


def _belongs_elsewhere(subject: str, community: str) -> bool:
    """The honor's clause names another community or village, or a person, as the one honored."""
    clause = re.split("[，；]", subject)[-1] if subject else ""
    if _PERSON_RE.search(clause):
        return True
    other = re.findall(f"([{HAN}]{{2,6}})(?:社区|村)(?![民委])", clause)
    return bool(other) and community not in clause
