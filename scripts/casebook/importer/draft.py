"""Assembling the draft case from one text: each field in a function of its own.

The importer does the tedious part of starting a case — cleaning the text, finding the sections,
the place, the figures, the named methods and honors, the source's metadata — and is honest about
the rest: whatever it could not find is left out of case.yml (so the validator lists it as a gap
to fill) and named in the report, and everything it guessed is listed under "needs review".
Nothing is written here (write.py does that); the same Draft feeds the files, the report and the
evaluation.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casebook.importer import boilerplate, figures, places, practices, structure
from casebook.importer.boilerplate import Removed
from casebook.importer.figures import Placed
from casebook.importer.metadata import SourceFacts
from casebook.importer.practices import Candidate, vocabulary_tags
from casebook.importer.structure import KIND_CN, Section, Structure
from casebook.model.ids import derive_id
from casebook.model.vocabulary import Vocabulary
from casebook.text import chinese
from casebook.text.normalize import normalize, strip_annotations
from casebook.text.quantities import format_figure

_SENTENCE_RE = re.compile(r"[^。！？；\n]+[。！？；]?")
_YEAR_MONTH_RE = re.compile(r"((?:19|20)\d\d)年(?:(\d{1,2})月)?")


class EmptyText(ValueError):
    """Nothing of the text is left once the site's chrome is removed."""


@dataclass
class Draft:
    source: str  # the name shown in the report (never written into the case)
    text: str  # the narrative: normalized, boilerplate removed
    removed: list[Removed]
    structure: Structure
    figures: list[Placed]
    candidates: list[Candidate]
    facts: SourceFacts
    case: dict[str, Any] = field(default_factory=dict)
    found: list[tuple[str, str]] = field(default_factory=list)
    missing: list[tuple[str, str]] = field(default_factory=list)
    review: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return str(self.case["id"])

    @property
    def title(self) -> str:
        return self.structure.title

    @property
    def intro(self) -> list[str]:
        return self.structure.intro

    @property
    def sections(self) -> list[Section]:
        return self.structure.sections


# Fewer Han characters than this, once the chrome is gone, and there is no article to import.
MIN_PROSE_CHARS = 30


def build(
    source: str,
    raw: str,
    vocab: Vocabulary,
    case_id: str | None = None,
    url: str = "",
    facts: SourceFacts | None = None,
) -> Draft:
    """Read one decoded text and assemble the draft case (nothing is written here)."""
    text = normalize(raw)
    cleaned = boilerplate.clean(text)
    if facts is not None:
        from casebook.importer.metadata import merge

        merge(cleaned.facts, facts)
    cleaned.facts.url = url or cleaned.facts.url
    if cleaned.prose_chars < MIN_PROSE_CHARS:
        raise EmptyText(f"去掉版式和套话之后只剩 {cleaned.prose_chars} 个汉字")
    st = structure.split(cleaned.lines, cleaned.facts)
    paragraphs = st.paragraphs()
    narrative = "\n".join(p for _k, p in paragraphs)
    placed = figures.find(paragraphs)
    draft = Draft(source, narrative, cleaned.removed, st, placed, [], cleaned.facts)
    draft.candidates = practices.candidates([st.title, *(p for _k, p in paragraphs)], vocab, title_first=True)
    case: dict[str, Any] = {}
    _identity(draft, case, case_id)
    _types(draft, case, vocab)
    _founded(draft, case)
    _scale(draft, case)
    _challenges(draft, case, vocab)
    _practices(draft, case, vocab)
    _outcomes(draft, case)
    _figures(draft, case)
    _honors(draft, case)
    _lessons(draft, case, vocab)
    draft.missing.append(("questions", "3-5 道教学思考题"))
    _sources(draft, case, raw)
    case["review"] = {"status": "draft"}
    _sections_report(draft)
    draft.case = _ordered(case)
    return draft


_ORDER = (
    "id name summary location community_types founded scale figures challenges practices outcomes"
    " honors lessons questions sources review"
).split()


def _ordered(case: dict[str, Any]) -> dict[str, Any]:
    return {k: case[k] for k in _ORDER if k in case}


def _identity(draft: Draft, case: dict[str, Any], case_id: str | None) -> None:
    place_text = "\n".join([draft.title, draft.text])
    name = places.community(place_text)
    location, notes = places.locate(place_text)
    street = places.street(place_text, location)
    if street:
        location["street"] = street
    cid = case_id or make_id(location.get("city", ""), name, Path(draft.source).stem)
    case["id"] = cid
    if not case_id:
        draft.review.append(("id", f"{cid}（由城市和社区名的拼音生成）"))
    if name:
        case["name"] = name
        draft.found.append(("name", name))
    else:
        draft.missing.append(("name", "社区名称"))
    draft.missing.append(("summary", "一句话摘要，须用自己的话写"))
    if location:
        case["location"] = location
        draft.found.append(("location", " ".join(location.values())))
        draft.review += [("location", n) for n in notes]
        for key, cn in (("province", "省份"), ("city", "城市"), ("county", "区县"), ("street", "街道/乡镇")):
            if key not in location:
                draft.missing.append((f"location.{key}", cn))
    else:
        draft.missing.append(("location", "所在地（省、市）"))


def make_id(city: str, name: str, fallback: str) -> str:
    """The id `casebook new` would give (ids.derive_id); the file name when there is no name."""
    case_id = derive_id(city, name) if name else ""
    return case_id or re.sub("[^a-z0-9]+", "-", fallback.lower()).strip("-")[:64].strip("-") or "case"


def _types(draft: Draft, case: dict[str, Any], vocab: Vocabulary) -> None:
    types = vocabulary_tags(draft.text, "community_types", vocab)
    if types:
        case["community_types"] = types
        draft.review.append(("community_types", "、".join(types) + "（按词表别名匹配）"))
    else:
        draft.missing.append(("community_types", "社区类型标签"))


def _founded(draft: Draft, case: dict[str, Any]) -> None:
    year = founded(draft.text, case.get("name", ""))
    if year:
        case["founded"] = year
        draft.found.append(("founded", year))
    else:
        draft.missing.append(("founded", "成立时间（来源没写就不填）"))


def founded(text: str, name: str) -> str:
    """Year (and month) of the sentence saying the community was set up (…社区成立于2008年5月)."""
    for sentence in _SENTENCE_RE.findall(text):
        if "成立" not in sentence or not ("社区" in sentence or (name and name in sentence)):
            continue
        if re.search("成立(以来|之初|后|了)?[^，。]*?(党|委员会|协会|队|组织|中心|基金|制)", sentence):
            continue
        cut = sentence.index("成立")
        after = re.match(r"成立于((?:19|20)\d\d)年(?:(\d{1,2})月)?", sentence[cut:])
        dates = [after] if after else list(_YEAR_MONTH_RE.finditer(sentence[:cut]))[-1:]
        if dates:
            year, month = dates[-1].group(1), dates[-1].group(2)
            return f"{year}-{int(month):02d}" if month and 1 <= int(month) <= 12 else year
    return ""


def _scale(draft: Draft, case: dict[str, Any]) -> None:
    figures.assign_scale(draft.figures)
    figures.place_outcomes(draft.figures, by_words=not _has_outcomes(draft))
    scale = {p.key: p.item() for p in draft.figures if p.target == "scale"}
    if scale:
        order = list(figures.scale_rules())
        case["scale"] = {k: scale[k] for k in order if k in scale}
        draft.found.append(("scale", "，".join(f"{k} {format_figure(v)}" for k, v in case["scale"].items())))
    else:
        draft.missing.append(("scale", "规模数字"))
    for p in draft.figures:
        if p.target == "skipped":
            draft.review.append(
                ("figures", f"“{p.fig.text}”不算数字（{p.why}）：{_around(p.sentence, p.fig.text)}")
            )
        else:
            where = {"scale": f"scale.{p.key}", "outcomes": "outcomes", "figures": "figures"}[p.target]
            draft.review.append(
                ("figures", f"{p.fig.text} → {where}（{p.label}）：{_around(p.sentence, p.fig.text)}")
            )
        if len(p.fig.qualifiers) > 1:
            draft.review.append(
                (
                    "figures",
                    f"“{p.fig.text}”有两个限定词（{'、'.join(p.fig.qualifiers)}），只记了“{p.fig.qualifier}”",
                )
            )


def _figures(draft: Draft, case: dict[str, Any]) -> None:
    items: list[dict[str, Any]] = []
    for p in draft.figures:
        if p.target == "figures":
            items.append(p.item())
    if items:
        case["figures"] = items


def _challenges(draft: Draft, case: dict[str, Any], vocab: Vocabulary) -> None:
    background = [p for k, p in draft.structure.paragraphs() if k in (None, "background")]
    sentences = [s for p in background or [draft.text] for s in _SENTENCE_RE.findall(p)]
    out = []
    for term in vocab.all("challenges"):
        names = practices._simplified_names(term.label, term.aliases)
        hit = next((s for s in sentences if any(w in s for w in names)), None)
        if hit:
            out.append({"tag": term.label, "text": _clip(hit.strip(), 200)})
    if out:
        case["challenges"] = out[:6]
        draft.review.append(("challenges", "text 是原文句子，须改写"))
    else:
        draft.missing.append(("challenges", "面临的问题"))


def _practices(draft: Draft, case: dict[str, Any], vocab: Vocabulary) -> None:
    proposed = practices.propose(draft.candidates, vocab)
    if proposed:
        case["practices"] = proposed
        draft.found.append(("practices", "、".join(p["name"] for p in proposed)))
        draft.review.append(
            ("practices", "summary 是原文句子，须改写；tags 按词表匹配，components 按原文列举")
        )
    else:
        draft.missing.append(("practices", "有名称的做法"))
    for c in draft.candidates:
        if not c.proposed:
            draft.review.append(
                ("candidates", f"{c.name}（{c.why}）：{_around(c.sentence, c.name.strip('“”「」『』'), 20)}")
            )


def _blocks(section: Section) -> list[tuple[str, list[int]]]:
    """(heading or first sentence, paragraph indexes within the section) per block."""
    if section.subheadings:
        bounds = [*section.subheadings, (len(section.paragraphs), "")]
        return [
            (structure.heading_text(head), list(range(start, end)))
            for (start, head), (end, _h) in itertools.pairwise(bounds)
        ]
    return [(_first_sentence(p), [k]) for k, p in enumerate(section.paragraphs)]


def _has_outcomes(draft: Draft) -> bool:
    return any(s.kind == "outcomes" for s in draft.sections)


def _outcomes(draft: Draft, case: dict[str, Any]) -> None:
    if not _has_outcomes(draft):
        _outcomes_by_sentence(draft, case)
        return
    out = []
    by_paragraph: dict[int, list[dict[str, Any]]] = {}
    for p in draft.figures:
        if p.target == "outcomes":
            by_paragraph.setdefault(p.paragraph, []).append(p.item())
    offset = len(draft.intro)
    for s in draft.sections:
        if s.kind == "outcomes":
            for head, indexes in _blocks(s):
                item: dict[str, Any] = {"text": head}
                figs = [f for k in indexes for f in by_paragraph.get(offset + k, [])]
                if figs:
                    item["figures"] = figs
                out.append(item)
        offset += len(s.paragraphs)
    if out:
        case["outcomes"] = out
        draft.review.append(("outcomes", "text 是原文标题或首句，须改写"))
    else:
        draft.missing.append(("outcomes", "成效（原文没有标明成效的章节）"))


def _outcomes_by_sentence(draft: Draft, case: dict[str, Any]) -> None:
    """No outcomes section: one outcome per sentence whose figures report a result."""
    by_sentence: dict[str, list[dict[str, Any]]] = {}
    for p in draft.figures:
        if p.target == "outcomes":
            by_sentence.setdefault(p.sentence.strip(), []).append(p.item())
    if by_sentence:
        case["outcomes"] = [{"text": _clip(s, 200), "figures": figs} for s, figs in by_sentence.items()]
        draft.review.append(
            (
                "outcomes",
                "原文没有成效章节，按句中用词（收入、分红、从……到……等）归为成效；text 是原文句子，须改写",
            )
        )
    else:
        draft.missing.append(("outcomes", "成效（原文没有标明成效的章节）"))


def _honors(draft: Draft, case: dict[str, Any]) -> None:
    found = practices.honors([p for _k, p in draft.structure.paragraphs()], case.get("name", ""))
    if found:
        case["honors"] = found
        draft.found.append(("honors", "、".join(h["name"] for h in found)))
        draft.review.append(("honors", "层级按名称前缀判断；获奖者是个人时要写 recipient"))


def _lessons(draft: Draft, case: dict[str, Any], vocab: Vocabulary) -> None:
    out = []
    for s in draft.sections:
        if s.kind != "lessons":
            continue
        for head, indexes in _blocks(s):
            block = "\n".join(s.paragraphs[k] for k in indexes)
            themes = vocabulary_tags(head + block, "themes", vocab)
            out.append({"theme": themes[0], "text": head} if themes else {"text": head})
    if out:
        case["lessons"] = out
        draft.review.append(("lessons", "text 是原文标题或首句，theme 按词表匹配，须核对"))
    else:
        draft.missing.append(("lessons", "经验与启示（原文没有标明经验的章节）"))


def _sources(draft: Draft, case: dict[str, Any], raw: str) -> None:
    facts = draft.facts
    title = draft.title or (facts.titles[0] if facts.titles else "")
    src = facts.entry(title, "繁体" if is_traditional(raw) else "简体")
    host = _site(facts.url)
    if "publisher" not in src and host:
        # The text names no publisher: the site it was read on is one (a case's source needs
        # it), to be replaced by the site's or paper's name when the reviewer knows it.
        src["publisher"] = host
        order = ("title", "publisher", "author", "date", "url", "script", "note")
        src = {k: src[k] for k in order if k in src}
        draft.review.append(
            ("sources.publisher", f"{host} 是链接的域名，原文没有写发布者；知道网站或报刊名称时请替换")
        )
    case["sources"] = [src]
    draft.found.append(("sources", "，".join(f"{k} {v}" for k, v in src.items())))
    for key, cn in (
        ("title", "文章标题"),
        ("publisher", "发布者"),
        ("date", "发布日期"),
        ("url", "链接（--url）"),
    ):
        if key not in src:
            draft.missing.append((f"sources.{key}", cn))
    if not facts.dates and src.get("date"):
        draft.review.append(("sources.date", f"{src['date']} 取自链接，原文没有写"))


def _site(url: str) -> str:
    """www.example.cn/… → example.cn; nothing for a link that is no web address."""
    from urllib.parse import urlsplit

    if not url.startswith(("http://", "https://")):
        return ""
    return (urlsplit(url).hostname or "").removeprefix("www.")


def _sections_report(draft: Draft) -> None:
    found = "、".join(f"{s.heading}→{KIND_CN.get(s.kind or '', '?')}" for s in draft.sections)
    draft.found.append(("sections", found or "无"))
    for s in draft.sections:
        if s.guessed:
            draft.review.append(
                (
                    "sections",
                    f"“{s.heading}”的标题里没有背景/做法/成效/经验的字样，按内容归为{KIND_CN[s.kind or 'practices']}，请核对",
                )
            )
    if not draft.sections:
        draft.review.append(("sections", "没有找到章节标题，正文都放在开头"))


def _first_sentence(paragraph: str, limit: int = 200) -> str:
    m = _SENTENCE_RE.match(paragraph)
    sentence = (m.group(0) if m else paragraph).strip()
    return _clip(sentence, limit)


def _around(sentence: str, part: str, width: int = 30) -> str:
    """The words around `part` in its sentence: enough to check a label without the whole
    sentence."""
    k = max(sentence.find(part), 0)
    start, end = max(0, k - width), min(len(sentence), k + len(part) + width)
    return ("…" if start else "") + sentence[start:end] + ("…" if end < len(sentence) else "")


def _clip(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def is_traditional(raw: str) -> bool:
    text = strip_annotations(raw[:20000])
    han = len(re.findall(f"[{chinese.HAN}]", text))
    changed = sum(len(found) for _o, found, _e in chinese.traditional_spans(text))
    return han > 0 and changed / han > 0.05
