"""How close a draft comes to what a careful reader finds in the same text.

Gold files (YAML, our own annotation: facts, never copied sentences) say, for one text:

    text: 13.txt                       # the file, beside the gold folder or in --corpus
    metadata: {title: …, date: 2026-02-03, publisher: 东南网|某某网, author: …}
    places: {province: 福建省, city: 厦门市, county: 湖里区, street: 金山街道, community: 湖边社区}
    figures:
      - [15家, 共建单位, units?]       # figure as written, label words, scale key(s) allowed
      - [近20余家, 共建单位]
    practices: [党建联席会议机制, “三长制”工作模式|三长制]

`a|b` lists the answers accepted.  A figure is recalled when the draft has its value, unit and
qualifier (exactly); it is correct when its label contains one of the label words (or the words
contain the label), or it sits under a scale key the gold allows.  Every figure the draft emits
that matches no gold figure is invented, one with the wrong label or key is mislabeled: both
count against precision.  A practice is recalled when a proposed practice's name and a gold name
contain one another (quotes and brackets ignored).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casebook.importer.draft import Draft
from casebook.text.quantities import parse_figures

PLACE_FIELDS = ("province", "city", "county", "street", "community")
META_FIELDS = ("title", "date", "publisher", "author")


@dataclass
class Score:
    hit: int = 0
    total: int = 0

    def add(self, hit: bool) -> None:
        self.hit += int(hit)
        self.total += 1

    def __iadd__(self, other: Score) -> Score:
        self.hit += other.hit
        self.total += other.total
        return self

    @property
    def rate(self) -> float | None:
        return self.hit / self.total if self.total else None


@dataclass
class Result:
    name: str
    figure_recall: Score = field(default_factory=Score)
    figure_precision: Score = field(default_factory=Score)
    invented: list[str] = field(default_factory=list)
    mislabeled: list[str] = field(default_factory=list)
    missed_figures: list[str] = field(default_factory=list)
    practices: Score = field(default_factory=Score)
    missed_practices: list[str] = field(default_factory=list)
    places: dict[str, Score] = field(default_factory=lambda: {f: Score() for f in PLACE_FIELDS})
    metadata: dict[str, Score] = field(default_factory=lambda: {f: Score() for f in META_FIELDS})
    wrong: list[str] = field(default_factory=list)

    @property
    def place(self) -> Score:
        total = Score()
        for s in self.places.values():
            total += s
        return total

    @property
    def meta(self) -> Score:
        """title, date and publisher: the fields the issue sets a target for."""
        total = Score()
        for key in ("title", "date", "publisher"):
            total += self.metadata[key]
        return total


def alternatives(value: Any) -> list[str]:
    return [v.strip() for v in str(value).split("|") if v.strip()]


def _norm(text: str) -> str:
    return re.sub(r"[“”‘’「」『』《》\"'\s·、，：:！!？?（）()—\-]", "", str(text))


def _contains(a: str, b: str) -> bool:
    a, b = _norm(a), _norm(b)
    if not a or not b:
        return False
    short, long = sorted((a, b), key=len)
    return short in long and len(short) >= 2


def title_matches(draft_title: str, gold: str) -> bool:
    """The same headline, give or take a column tag or a site name around it."""
    a, b = _norm(draft_title), _norm(gold)
    if not a or not b:
        return False
    short, long = sorted((a, b), key=len)
    return short in long and len(short) >= 0.6 * len(long)


# ---------------------------------------------------------------------------------------------
# Figures.


@dataclass
class Emitted:
    value: float
    unit: str
    qualifier: str
    label: str
    key: str  # scale key, "" for labelled figures

    def show(self) -> str:
        q = self.qualifier
        return f"{q if q in ('近', '超', '约') else ''}{self.value:g}{q if q not in ('近', '超', '约') else ''}{self.unit}（{self.key or self.label}）"


def emitted_figures(case: dict[str, Any]) -> list[Emitted]:
    out = [
        Emitted(float(f["value"]), f["unit"], f.get("qualifier", ""), f.get("label", ""), key)
        for key, f in (case.get("scale") or {}).items()
    ]
    items = list(case.get("figures") or [])
    for outcome in case.get("outcomes") or []:
        items += outcome.get("figures") or []
    out += [
        Emitted(float(f["value"]), f["unit"], f.get("qualifier", ""), f.get("label", ""), "") for f in items
    ]
    return out


@dataclass
class GoldFigure:
    text: str
    value: float
    unit: str
    qualifier: str
    labels: list[str]
    keys: list[str]

    def accepts(self, e: Emitted) -> bool:
        if e.key:
            return e.key in self.keys
        return any(_contains(e.label, w) for w in self.labels)


def gold_figures(items: Iterable[Any]) -> list[GoldFigure]:
    out = []
    for item in items:
        text, labels, keys = ([*item, "", ""])[:3] if isinstance(item, list) else (item, "", "")
        found = parse_figures(str(text))
        if not found:
            raise ValueError(f"标准答案里的“{text}”不是一个数字")
        fig = found[0]
        out.append(
            GoldFigure(
                str(text),
                float(fig.value),
                fig.unit,
                fig.qualifier,
                alternatives(labels),
                [k.rstrip("?") for k in alternatives(keys)],
            )
        )
    return out


def score_figures(result: Result, gold: list[GoldFigure], emitted: list[Emitted]) -> None:
    left = list(emitted)
    matched: list[tuple[GoldFigure, Emitted]] = []
    unmatched: list[GoldFigure] = []
    # First pairs whose label is right, then any pair with the same value, unit and qualifier.
    for strict in (True, False):
        rest: list[GoldFigure] = []
        for g in gold if strict else unmatched:
            same = [e for e in left if (e.value, e.unit, e.qualifier) == (g.value, g.unit, g.qualifier)]
            pick = next((e for e in same if g.accepts(e)), None) if strict else (same[0] if same else None)
            if pick is None:
                rest.append(g)
                continue
            left.remove(pick)
            matched.append((g, pick))
        unmatched = rest
    for g in gold:
        result.figure_recall.add(any(m[0] is g for m in matched))
    result.missed_figures = [g.text for g in unmatched]
    for g, e in matched:
        ok = g.accepts(e)
        result.figure_precision.add(ok)
        if not ok:
            result.mislabeled.append(
                f"{g.text}：草稿写“{e.key or e.label}”，应为“{'/'.join(g.keys or g.labels)}”"
            )
    for e in left:
        result.figure_precision.add(False)
        result.invented.append(e.show())


# ---------------------------------------------------------------------------------------------


def evaluate(draft: Draft, gold: dict[str, Any], name: str) -> Result:
    result = Result(name)
    case = draft.case
    score_figures(result, gold_figures(gold.get("figures") or []), emitted_figures(case))
    names = [p["name"] for p in case.get("practices") or []]
    for want in gold.get("practices") or []:
        ok = any(_contains(n, alt) for n in names for alt in alternatives(want))
        result.practices.add(ok)
        if not ok:
            result.missed_practices.append(str(want))
    location = dict(case.get("location") or {})
    location["community"] = case.get("name", "")
    for key, want in (gold.get("places") or {}).items():
        got = location.get(key, "")
        ok = got in alternatives(want)
        result.places[key].add(ok)
        if not ok:
            result.wrong.append(f"{key}：草稿“{got}”，应为“{want}”")
    src = (case.get("sources") or [{}])[0]
    for key, want in (gold.get("metadata") or {}).items():
        got = str(src.get(key, ""))
        if key == "title":
            ok = any(title_matches(got, alt) for alt in alternatives(want))
        elif key == "author":
            ok = any(alt in got for alt in alternatives(want))
        else:
            ok = got in alternatives(want)
        result.metadata[key].add(ok)
        if not ok:
            result.wrong.append(f"{key}：草稿“{got}”，应为“{want}”")
    return result


def load_gold(folder: Path) -> list[tuple[Path, dict[str, Any]]]:
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe")
    return [(p, yaml.load(p.read_text("utf-8"))) for p in sorted(folder.glob("*.yml"))]


# ---------------------------------------------------------------------------------------------
# The table.


def _pct(score: Score) -> str:
    return "—" if score.rate is None else f"{100 * score.rate:.0f}%（{score.hit}/{score.total}）"


def total(results: list[Result]) -> Result:
    out = Result("合计")
    for r in results:
        out.figure_recall += r.figure_recall
        out.figure_precision += r.figure_precision
        out.practices += r.practices
        for k in PLACE_FIELDS:
            out.places[k] += r.places[k]
        for k in META_FIELDS:
            out.metadata[k] += r.metadata[k]
        out.invented += r.invented
        out.mislabeled += r.mislabeled
    return out


def table(results: list[Result]) -> str:
    head = "| 文本 | 数字召回 | 数字准确 | 编造/错标 | 做法召回 | 地点 | 标题/日期/发布者 | 作者 |"
    lines = [head, "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in [*results, total(results)]:
        name = f"**{r.name}**" if r.name == "合计" else r.name
        lines.append(
            f"| {name} | {_pct(r.figure_recall)} | {_pct(r.figure_precision)} | {len(r.invented)}/{len(r.mislabeled)} "
            f"| {_pct(r.practices)} | {_pct(r.place)} | {_pct(r.meta)} | {_pct(r.metadata['author'])} |"
        )
    return "\n".join(lines)


def details(results: list[Result]) -> str:
    out = []
    for r in results:
        parts = []
        if r.missed_figures:
            parts.append("漏数字：" + "、".join(r.missed_figures))
        if r.invented:
            parts.append("多出：" + "、".join(r.invented))
        if r.mislabeled:
            parts.append("错标：" + "；".join(r.mislabeled))
        if r.missed_practices:
            parts.append("漏做法：" + "、".join(r.missed_practices))
        if r.wrong:
            parts.append("；".join(r.wrong))
        if parts:
            out.append(f"- {r.name}：" + "。".join(parts))
    return "\n".join(out)
