"""Contributor minutes the import still leaves: each corpus draft against its hand-finished case.

Usage:
    python bench/import_cost.py                          # finished cases in the library's cases/
    python bench/import_cost.py --cases ../wt/cases-a/cases ../wt/cases-b/cases
    python bench/import_cost.py --details                # every difference, text by text

For each text of ../shared/corpus a fresh draft is made in memory (nothing is written) with the
URL the corpus README gives, and the finished case whose `sources[].url` is that URL is read.
The differences are the structuring work a contributor did by hand; rewriting the narrative,
the summary and the questions is the same for every draft and is not counted.  The cost model is
deliberately simple: a fixed number of seconds per difference (COST below, also on
docs/contributing/import.md).  A figure is value + unit + qualifier; its label is right when one
of the draft's and the case's labels contains the other (after quotes and punctuation are
removed), as in the import evaluation.
"""

from __future__ import annotations

import argparse
import difflib
import re
import statistics
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casebook.importer.draft import Draft
from casebook.importer.evaluate import _contains, _norm, title_matches
from casebook.importer.pipeline import draft_file
from casebook.model.library import load_vocabulary

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPUS = ROOT.parent / "shared" / "corpus"

# Seconds of contributor work per difference between the draft and the finished case.
COST: dict[str, int] = {
    "figure_added": 60,  # find the number in the text, type value, unit, qualifier and label
    "figure_relabelled": 20,  # the draft had the number, the label had to be rewritten
    "figure_moved": 20,  # right number, wrong place (figures ↔ outcomes ↔ scale)
    "figure_copied": 20,  # the case shows the number twice (figures and an outcome): one copy made
    "scale_key": 20,  # a scale figure under no key or the wrong key
    "figure_dropped": 10,  # a draft figure the contributor deleted
    "practice_added": 90,  # a named practice the draft did not propose: find it, name it
    "practice_renamed": 15,  # proposed under a longer or shorter name, edited
    "practice_promoted": 30,  # listed among the report's candidates, moved into practices
    "practice_dropped": 10,  # a proposed practice the contributor deleted
    "place_missing": 30,  # look the field up and type it
    "place_wrong": 40,  # notice, look up, correct
    "meta_missing": 30,
    "meta_wrong": 40,
}
KIND_CN = {
    "figure_added": "补数字",
    "figure_relabelled": "改数字 label",
    "figure_moved": "挪数字位置",
    "figure_copied": "数字抄到成效",
    "scale_key": "规模项",
    "figure_dropped": "删数字",
    "practice_added": "补做法",
    "practice_renamed": "改做法名称",
    "practice_promoted": "候选升为做法",
    "practice_dropped": "删做法",
    "place_missing": "补地点",
    "place_wrong": "改地点",
    "meta_missing": "补出处",
    "meta_wrong": "改出处",
}
PLACE_FIELDS = ("province", "city", "county", "street", "name")
META_FIELDS = ("title", "publisher", "author", "date")


@dataclass
class Fig:
    value: float
    unit: str
    qualifier: str
    label: str
    where: str  # scale.<key> | figures | outcomes

    @property
    def key(self) -> tuple[float, str, str]:
        return (self.value, self.unit, self.qualifier)

    def show(self) -> str:
        q = self.qualifier
        pre, post = (q, "") if q in ("近", "超", "约") else ("", q)
        return f"{pre}{self.value:g}{post}{self.unit}（{self.label or self.where}）"


@dataclass
class Cost:
    text: str
    case: str
    faults: list[tuple[str, str]] = field(default_factory=list)  # (kind, what)
    kept: int = 0  # draft figures the case kept with the same label and place
    practices_found: int = 0

    def add(self, kind: str, what: str) -> None:
        self.faults.append((kind, what))

    def seconds(self, kind: str | None = None) -> int:
        return sum(COST[k] for k, _w in self.faults if kind is None or k == kind)

    def count(self, kind: str) -> int:
        return sum(1 for k, _w in self.faults if k == kind)

    @property
    def minutes(self) -> float:
        return self.seconds() / 60


def figures_of(case: dict[str, Any]) -> list[Fig]:
    out = [
        Fig(float(f["value"]), f.get("unit", ""), f.get("qualifier", ""), f.get("label", ""), f"scale.{k}")
        for k, f in (case.get("scale") or {}).items()
        if isinstance(f, dict) and f.get("value") is not None
    ]
    for f in case.get("figures") or []:
        if f.get("value") is not None:
            out.append(
                Fig(
                    float(f["value"]),
                    f.get("unit", ""),
                    f.get("qualifier", ""),
                    f.get("label", ""),
                    "figures",
                )
            )
    for o in case.get("outcomes") or []:
        for f in o.get("figures") or []:
            if f.get("value") is not None:
                out.append(
                    Fig(
                        float(f["value"]),
                        f.get("unit", ""),
                        f.get("qualifier", ""),
                        f.get("label", ""),
                        "outcomes",
                    )
                )
    return out


def _label_ok(draft: Fig, case: Fig) -> bool:
    if case.where.startswith("scale."):
        return draft.where == case.where
    return _contains(draft.label, case.label)


def compare_figures(cost: Cost, drafted: list[Fig], finished: list[Fig]) -> None:
    left = list(drafted)
    pairs: list[tuple[Fig, Fig]] = []
    unmatched: list[Fig] = []
    # Best pairs first: same place and label, then same place, then any figure of the same value.
    tests = (
        lambda d, c: d.where == c.where and _label_ok(d, c),
        lambda d, c: _label_ok(d, c),
        lambda d, c: d.where == c.where,
        lambda d, c: True,
    )
    todo = list(finished)
    for test in tests:
        unmatched = []
        for c in todo:
            pick = next((d for d in left if d.key == c.key and test(d, c)), None)
            if pick is None:
                unmatched.append(c)
            else:
                left.remove(pick)
                pairs.append((pick, c))
        todo = unmatched
    for c in unmatched:
        if any(c.key == f.key for f in finished if f is not c and any(f is p[1] for p in pairs)):
            cost.add("figure_copied", c.show())
        else:
            cost.add("figure_added", c.show())
    for d in left:
        cost.add("figure_dropped", d.show())
    for d, c in pairs:
        scale_d, scale_c = d.where.startswith("scale."), c.where.startswith("scale.")
        if scale_c or scale_d:
            if d.where != c.where:
                cost.add("scale_key", f"{d.show()} 在 {d.where}，定稿在 {c.where}")
                continue
        elif d.where != c.where:
            cost.add("figure_moved", f"{d.show()} 从 {d.where} 挪到 {c.where}")
        if not scale_c and not _contains(d.label, c.label):
            cost.add("figure_relabelled", f"{d.show()} → “{c.label}”")
        elif d.where == c.where:
            cost.kept += 1


def _similar(a: str, b: str) -> bool:
    """The same practice under an edited name: a shared run of 4+ characters, half the shorter."""
    a, b = _norm(a), _norm(b)
    m = difflib.SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return m.size >= 4 and m.size >= 0.5 * min(len(a), len(b))


def compare_practices(cost: Cost, draft: Draft, case: dict[str, Any]) -> None:
    proposed = [p["name"] for p in draft.case.get("practices") or []]
    listed = [c.name for c in draft.candidates if not c.proposed]
    wanted = [p["name"] for p in case.get("practices") or [] if p.get("name")]
    used: set[str] = set()
    for name in wanted:
        hit = next((n for n in proposed if n not in used and _contains(n, name)), None)
        near = next((n for n in proposed if n not in used and _similar(n, name)), None)
        if hit is not None:
            used.add(hit)
            cost.practices_found += 1
        elif near is not None:
            used.add(near)
            cost.add("practice_renamed", f"{near} → {name}")
        elif any(_contains(n, name) for n in listed):
            cost.add("practice_promoted", name)
        else:
            cost.add("practice_added", name)
    for n in proposed:
        if n not in used:
            cost.add("practice_dropped", n)


def compare_place(cost: Cost, draft: Draft, case: dict[str, Any]) -> None:
    got = dict(draft.case.get("location") or {}, name=draft.case.get("name", ""))
    want = dict(case.get("location") or {}, name=case.get("name", ""))
    for key in PLACE_FIELDS:
        g, w = str(got.get(key) or ""), str(want.get(key) or "")
        if g == w:
            continue
        if not g:
            cost.add("place_missing", f"{key} {w}")
        else:
            cost.add("place_wrong", f"{key} 草稿“{g}”，定稿“{w or '（空）'}”")


def compare_source(cost: Cost, draft: Draft, case: dict[str, Any], url: str) -> None:
    got = (draft.case.get("sources") or [{}])[0]
    want: dict[str, Any] = next((s for s in case.get("sources") or [] if s.get("url") == url), {})
    for key in META_FIELDS:
        g, w = str(got.get(key) or ""), str(want.get(key) or "")
        if not w or g == w:
            if g and not w:
                cost.add("meta_wrong", f"{key} 草稿“{g}”，定稿没有")
            continue
        if key == "title" and g and title_matches(g, w):
            continue
        if key != "date" and g and _norm(g) in _norm(w):
            continue  # the case only adds to it: 人民日报 → 人民日报（人民网转载）
        if key == "author" and g and all(a in w for a in re.split(r"[、，,\s]+", g) if a):
            continue
        cost.add("meta_missing" if not g else "meta_wrong", f"{key} 草稿“{g}”，定稿“{w}”")


def corpus_urls(corpus: Path) -> dict[str, str]:
    """NN.txt → URL, from the corpus README's table."""
    out = {}
    for line in (corpus / "README.md").read_text("utf-8").splitlines():
        m = re.match(r"\|\s*(\d\d\.txt)\s*\|\s*(\S+)\s*\|", line)
        if m:
            out[m.group(1)] = m.group(2)
    return out


def finished_cases(dirs: list[Path]) -> dict[str, tuple[str, dict[str, Any]]]:
    """source URL → (case id, case.yml) for every case under the given folders."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe")
    out: dict[str, tuple[str, dict[str, Any]]] = {}
    for d in dirs:
        for path in sorted(d.glob("*/case.yml")):
            case = yaml.load(path.read_text("utf-8")) or {}
            for s in case.get("sources") or []:
                if s.get("url"):
                    out.setdefault(str(s["url"]), (path.parent.name, case))
    return out


def measure(corpus: Path, dirs: list[Path]) -> tuple[list[Cost], list[str]]:
    vocab, _ = load_vocabulary(ROOT)
    cases = finished_cases(dirs)
    results, skipped = [], []
    for name, url in sorted(corpus_urls(corpus).items()):
        if url not in cases:
            skipped.append(f"{name}：没有找到 sources.url 为 {url} 的定稿")
            continue
        cid, case = cases[url]
        draft = draft_file(corpus / name, vocab, url=url)
        cost = Cost(name, cid)
        compare_figures(cost, figures_of(draft.case), figures_of(case))
        compare_practices(cost, draft, case)
        compare_place(cost, draft, case)
        compare_source(cost, draft, case, url)
        results.append(cost)
    return results, skipped


# The table's columns: one or more fault kinds each, shown as counts separated by "/".
COLUMNS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("补数字", ("figure_added",)),
    ("改 label", ("figure_relabelled",)),
    ("挪位置/抄到成效/规模项", ("figure_moved", "figure_copied", "scale_key")),
    ("删数字", ("figure_dropped",)),
    ("做法 补/改名/候选/删", ("practice_added", "practice_renamed", "practice_promoted", "practice_dropped")),
    ("地点 错/缺", ("place_wrong", "place_missing")),
    ("出处 错/缺", ("meta_wrong", "meta_missing")),
)


def table(results: list[Cost]) -> str:
    heads = ["文本", "定稿", "保留的数字", *(h for h, _k in COLUMNS), "找到的做法", "分钟"]
    lines = ["| " + " | ".join(heads) + " |", "|" + " --- |" * len(heads)]

    def row(name: str, case: str, rs: list[Cost], minutes: str) -> str:
        cells = [name, case, str(sum(r.kept for r in rs))]
        cells += ["/".join(str(sum(r.count(k) for r in rs)) for k in kinds) for _h, kinds in COLUMNS]
        cells += [str(sum(r.practices_found for r in rs)), minutes]
        return "| " + " | ".join(cells) + " |"

    for r in results:
        lines.append(row(r.text, r.case, [r], f"{r.minutes:.1f}"))
    minutes = [r.minutes for r in results]
    if minutes:
        lines.append("| **中位数** |" + " |" * (len(heads) - 2) + f" {statistics.median(minutes):.1f} |")
        lines.append(row("**合计**", "", results, f"{sum(minutes):.1f}"))
    return "\n".join(lines)


def by_kind(results: list[Cost]) -> str:
    totals = Counter({k: sum(r.seconds(k) for r in results) for k in COST})
    counts = Counter({k: sum(r.count(k) for r in results) for k in COST})
    texts = Counter({k: sum(1 for r in results if r.count(k)) for k in COST})
    lines = ["| 问题 | 次数 | 涉及文本 | 每次（秒） | 合计（分钟） |", "| --- | --- | --- | --- | --- |"]
    for k, s in totals.most_common():
        if s:
            lines.append(f"| {KIND_CN[k]}（{k}） | {counts[k]} | {texts[k]} | {COST[k]} | {s / 60:.1f} |")
    top = next((k for k, s in totals.most_common() if s), None)
    if top:
        lines.append(f"\n花时间最多的问题：{KIND_CN[top]}（{top}），合计 {totals[top] / 60:.1f} 分钟。")
    return "\n".join(lines)


def details(results: list[Cost]) -> str:
    out = []
    for r in results:
        out.append(f"\n{r.text} → {r.case}（{r.minutes:.1f} 分钟）")
        for kind, what in r.faults:
            out.append(f"  {KIND_CN[kind]}：{what}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--cases", nargs="+", type=Path, default=[ROOT / "cases"], help="定稿所在的文件夹（可多个）"
    )
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--details", action="store_true", help="逐篇列出每一处差别")
    args = ap.parse_args(argv)
    if not (args.corpus / "README.md").is_file():
        print(f"没有找到语料 {args.corpus}（要有 README.md 和 NN.txt），无从比较。", file=sys.stderr)
        return 0
    missing = [str(d) for d in args.cases if not d.is_dir()]
    if missing:
        print(f"定稿文件夹不存在：{'、'.join(missing)}", file=sys.stderr)
        return 2
    results, skipped = measure(args.corpus, args.cases)
    for s in skipped:
        print(s, file=sys.stderr)
    if not results:
        print(
            "没有一篇语料找到对应的定稿（按 sources.url 对应），请用 --cases 指向定稿所在的文件夹。",
            file=sys.stderr,
        )
        return 0
    lines = [
        "每处差别的秒数：" + "，".join(f"{KIND_CN[k]} {v}" for k, v in COST.items()),
        "",
        table(results),
        "",
        by_kind(results),
    ]
    print("\n".join(lines))
    if args.details:
        print(details(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
