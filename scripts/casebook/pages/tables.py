"""One row per case, built once, and every comparison table drawn from those rows.

The rows are the single dataset behind the overview table, the practice × case matrix, the
challenge → practice → case map, the compare page's embedded data and the CSV/JSON downloads, so
that no two of them can disagree about a figure.  Figures stay as the sources write them
(`4100余万元`); `magnitude()` only supplies the sort key, and a missing figure is `—`, never 0.

`casebook tables --format md|csv|json [--out FILE]` prints what the site publishes.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from casebook.model.library import Case, Library
from casebook.text.quantities import format_figure, magnitude

MISSING = "—"

SCALE_LABELS: dict[str, str] = {
    "households": "户数",
    "population": "人口",
    "area": "面积",
    "party_members": "党员",
    "party_organizations": "党组织",
    "grids": "网格",
    "grid_workers": "网格员",
    "volunteers": "志愿者",
    "residential_compounds": "小区",
    "units": "驻区单位",
    "staff": "社区工作人员",
    "floating_population": "流动人口",
    "social_organizations": "社会组织",
}
# The overview shows the figures readers compare most; the CSV carries all of them.
OVERVIEW_SCALE = ["households", "population", "party_members", "grids", "volunteers"]
HONOR_LEVELS = ["国家级", "省级", "市级", "县区级", "街道级"]


class LinkTo(Protocol):
    """(docs-relative target, anchor) → the Markdown link target as seen from the page being
    written, or None where the output has no links (the CLI's plain tables)."""

    def __call__(self, target: str, anchor: str = "") -> str | None: ...


def relative_link(from_page: str) -> LinkTo:
    """Links from `from_page` (docs-relative .md path) to other docs files, as MkDocs resolves them."""
    base = posixpath.dirname(from_page) or "."

    def link(target: str, anchor: str = "") -> str:
        folder, name = posixpath.split(target)
        rel = posixpath.join(_relative_dir(folder or ".", base), name)
        return rel + (f"#{anchor}" if anchor else "")

    return link


@functools.cache
def _relative_dir(folder: str, base: str) -> str:
    # posixpath.relpath costs ~20 µs; a 1,000-case build asks it the same few questions 70,000 times.
    return posixpath.relpath(folder, base)


def no_links(target: str, anchor: str = "") -> None:
    return None


@dataclass(frozen=True)
class Cell:
    """A figure as written plus its sort key; `value` is None when the case has no such figure."""

    text: str
    value: float | None = None
    approx: bool = False

    @classmethod
    def of(cls, fig: dict[str, Any] | None) -> Cell:
        if not fig:
            return cls(MISSING)
        return cls(format_figure(fig), magnitude(fig), bool(fig.get("qualifier")))  # type: ignore[arg-type]


@dataclass(frozen=True)
class Practice:
    name: str
    anchor: str  # id of its heading on the case page: practice-N
    tags: tuple[str, ...]
    components: tuple[str, ...]
    summary: str


@dataclass(frozen=True)
class Honor:
    name: str
    level: str
    year: int | None
    recipient: str


@dataclass(frozen=True)
class Row:
    id: str
    name: str
    draft: bool
    summary: str
    province: str
    city: str
    county: str
    street: str
    types: tuple[str, ...]
    founded: str | None  # as stored: "2003-04" or "2005"
    scale: dict[str, Cell] = field(hash=False)
    practices: tuple[Practice, ...]
    challenges: tuple[str, ...]
    themes: tuple[str, ...]
    honors: tuple[Honor, ...]
    outcome_figures: tuple[tuple[str, Cell], ...]
    practice_tags: tuple[str, ...] = ()  # every practice tag of the case, first use first
    challenge_notes: tuple[tuple[str, str], ...] = ()  # (tag, the case's own sentence about it)
    lessons: tuple[tuple[str, str], ...] = ()  # (theme, lesson text)

    @property
    def page(self) -> str:
        return f"cases/{self.id}.md"

    @property
    def place(self) -> str:
        return "".join((self.province, self.city, self.county, self.street))

    @property
    def founded_text(self) -> str:
        if not self.founded:
            return MISSING
        year, _, month = self.founded.partition("-")
        return f"{year}年{int(month)}月" if month else f"{year}年"

    @property
    def founded_sort(self) -> float | None:
        if not self.founded:
            return None
        year, _, month = self.founded.partition("-")
        return int(year) + (int(month) / 100 if month else 0)

    def practice_with(self, tag: str) -> Practice | None:
        """The case's first practice carrying `tag` (where a ✓ for that tag should lead)."""
        return next((p for p in self.practices if tag in p.tags), None)

    def figure(self, key: str) -> Cell:
        return self.scale.get(key) or Cell(MISSING)

    @property
    def top_honor(self) -> str | None:
        levels = [h.level for h in self.honors if h.level in HONOR_LEVELS]
        return min(levels, key=HONOR_LEVELS.index) if levels else None


def row_of(case: Case) -> Row:
    d = case.data
    loc = d.get("location") or {}
    practices = tuple(
        Practice(
            str(p["name"]),
            f"practice-{i}",
            tuple(p.get("tags") or ()),
            tuple(p.get("components") or ()),
            str(p.get("summary", "")),
        )
        for i, p in enumerate(d.get("practices") or [], 1)
    )
    honors = tuple(
        Honor(str(h["name"]), str(h["level"]), h.get("year"), str(h.get("recipient", "")))
        for h in d.get("honors") or []
    )
    figures = tuple(
        (str(f.get("label", "")), Cell.of(f)) for o in d.get("outcomes") or [] for f in o.get("figures") or []
    )
    return Row(
        id=case.id,
        name=case.name,
        draft=case.is_draft,
        summary=str(d.get("summary", "")),
        province=str(loc.get("province", "")),
        city=str(loc.get("city", "")),
        county=str(loc.get("county", "")),
        street=str(loc.get("street", "")),
        types=tuple(case.tags("community_types")),
        founded=str(d["founded"]) if d.get("founded") else None,
        scale={k: Cell.of(v) for k, v in (d.get("scale") or {}).items() if k in SCALE_LABELS},
        practices=practices,
        challenges=tuple(case.tags("challenges")),
        themes=tuple(case.tags("themes")),
        honors=honors,
        outcome_figures=figures,
        practice_tags=tuple(case.tags("practices")),
        challenge_notes=tuple(
            (str(c.get("tag", "")), str(c.get("text", ""))) for c in d.get("challenges") or []
        ),
        lessons=tuple((str(x.get("theme", "")), str(x.get("text", ""))) for x in d.get("lessons") or []),
    )


def build_rows(lib: Library) -> list[Row]:
    """Rows in reading order: by province, then case id (the order of every table and download)."""
    return sorted((row_of(c) for c in lib.cases), key=lambda r: (r.province, r.id))


# ---------------------------------------------------------------- Markdown tables


def md_cell(text: Any) -> str:
    """Case text inside a Markdown table cell: escaped, one line, no column breaks."""
    import html

    return html.escape(str(text), quote=False).replace("|", "｜").replace("\n", " ")


def sortable(cell: Cell, html_sort: bool) -> str:
    """A figure cell; on the site it carries its magnitude for the sorting script."""
    if cell.value is None or not html_sort:
        return md_cell(cell.text)
    value = f"{cell.value:.6g}" if cell.value < 1e15 else str(int(cell.value))
    return f'<span data-sort="{value}">{md_cell(cell.text)}</span>'


def case_link(row: Row, link: LinkTo, anchor: str = "") -> str:
    target = link(row.page, anchor)
    name = md_cell(row.name) + ("（草稿）" if row.draft else "")
    return f"[{name}]({target})" if target else name


def overview_table(rows: list[Row], link: LinkTo = no_links, html_sort: bool = False) -> str:
    head = ["社区", "地点", "类型", "成立", *(SCALE_LABELS[k] for k in OVERVIEW_SCALE)]
    out = ["| " + " | ".join(head) + " |", "|" + " --- |" * 3 + " ---: |" * (1 + len(OVERVIEW_SCALE))]
    for r in rows:
        founded = md_cell(r.founded_text)
        if html_sort and r.founded_sort is not None:
            founded = f'<span data-sort="{r.founded_sort:.2f}">{founded}</span>'
        cells = [case_link(r, link), md_cell(r.place), md_cell("、".join(r.types) or MISSING), founded]
        cells += [sortable(r.figure(k), html_sort) for k in OVERVIEW_SCALE]
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"


def used_terms(rows: Iterable[Row], labels: list[str], tags_of: Callable[[Row], Iterable[str]]) -> list[str]:
    """Vocabulary labels in vocabulary order, keeping those at least one row uses."""
    used = {t for r in rows for t in tags_of(r)}
    return [label for label in labels if label in used]


def practice_matrix(
    rows: list[Row],
    practice_labels: list[str],
    link: LinkTo = no_links,
    term_link: Callable[[str], str | None] = lambda label: None,
) -> str:
    """Cases down, practice tags across; each ✓ leads to the practice on the case page."""
    terms = used_terms(rows, practice_labels, lambda r: r.practice_tags)
    heads = []
    for t in terms:
        url = term_link(t)
        heads.append(f"[{md_cell(t)}]({url})" if url else md_cell(t))
    # No alignment markers: they would put a style attribute on each of N × 31 cells; the site's
    # stylesheet centres the marks instead.
    out = ["| 社区 | " + " | ".join(heads) + " |", "| --- |" + " --- |" * len(terms)]
    for r in rows:
        cells = [case_link(r, link)]
        for t in terms:
            p = r.practice_with(t)
            if p is None:
                cells.append("")
                continue
            target = link(r.page, p.anchor)
            title = md_cell(p.name).replace('"', "＂")
            cells.append(f'[✓]({target} "{title}")' if target else "✓")
        out.append("| " + " | ".join(cells) + " |")
    counts = [str(sum(1 for r in rows if t in r.practice_tags)) for t in terms]
    out.append("| **案例数** | " + " | ".join(counts) + " |")
    return "\n".join(out) + "\n"


def challenge_map(
    rows: list[Row],
    challenge_labels: list[str],
    practice_labels: list[str],
    link: LinkTo = no_links,
    term_link: Callable[[str, str], str | None] = lambda c, t: None,
    per_cell: int = 12,
) -> str:
    """For each problem: the practices its cases used, and which cases (a few, then a count)."""
    out: list[str] = []
    for ch in used_terms(rows, challenge_labels, lambda r: r.challenges):
        facing = [r for r in rows if ch in r.challenges]
        url = term_link("challenges", ch)
        out.append(f"## {md_cell(ch)}")
        out.append("")
        shown = f"[{len(facing)} 个案例]({url})" if url else f"{len(facing)} 个案例"
        out.append(f"面对这一问题的有 {shown}，它们用到的做法：")
        out.append("")
        out.append("| 做法 | 案例数 | 案例 |")
        out.append("| --- | ---: | --- |")
        by_practice = [(t, [r for r in facing if t in r.practice_tags]) for t in practice_labels]
        by_practice = sorted((x for x in by_practice if x[1]), key=lambda x: -len(x[1]))
        for t, cases in by_practice:
            purl = term_link("practices", t)
            label = f"[{md_cell(t)}]({purl})" if purl else md_cell(t)
            links = []
            for r in cases[:per_cell]:
                p = r.practice_with(t)
                links.append(case_link(r, link, p.anchor if p else ""))
            more = f" 等 {len(cases)} 个" if len(cases) > per_cell else ""
            out.append(f"| {label} | {len(cases)} | {'、'.join(links)}{more} |")
        out.append("")
    return "\n".join(out)


# ---------------------------------------------------------------- downloads


def _csv_safe(value: str) -> str:
    # A cell starting with = + - @ is a formula to Excel; an apostrophe keeps it text.
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def cases_csv(rows: list[Row]) -> str:
    """One row per case, UTF-8 with BOM and CRLF: what Excel on Chinese Windows opens correctly."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    head = ["编号", "社区", "状态", "省份", "城市", "区县", "街道", "社区类型", "成立"]
    for label in SCALE_LABELS.values():
        head += [label, f"{label}（数值）"]
    head += ["面临的问题", "做法标签", "做法名称", "经验主题", "荣誉数", "最高荣誉层级", "概要"]
    w.writerow(head)
    for r in rows:
        line = [
            r.id,
            r.name,
            "草稿" if r.draft else "已审核",
            r.province,
            r.city,
            r.county,
            r.street,
            "、".join(r.types),
            r.founded_text if r.founded else "",
        ]
        for key in SCALE_LABELS:
            c = r.scale.get(key)
            line += [c.text, f"{c.value:g}" if c.value is not None else ""] if c else ["", ""]
        line += [
            "、".join(r.challenges),
            "、".join(r.practice_tags),
            "、".join(p.name for p in r.practices),
            "、".join(r.themes),
            str(len(r.honors)),
            r.top_honor or "",
            r.summary,
        ]
        w.writerow([_csv_safe(str(x)) for x in line])
    return "\ufeff" + buf.getvalue()


def cases_json(lib: Library) -> str:
    """The validated case data (case.yml fields plus the narrative), as a reader downloads it."""
    cases = []
    for row in build_rows(lib):
        case = lib.get(row.id)
        assert case is not None
        cases.append({**case.data, "narrative": case.narrative})
    return json.dumps({"count": len(cases), "cases": cases}, ensure_ascii=False, separators=(",", ":")) + "\n"


def markdown_tables(lib: Library) -> str:
    """The three comparison tables without site links: what `casebook tables --format md` prints."""
    rows = build_rows(lib)
    practices = [t.label for t in lib.vocab.all("practices")]
    challenges = [t.label for t in lib.vocab.all("challenges")]
    return "\n".join(
        [
            "# 案例总览",
            "",
            overview_table(rows),
            "# 做法 × 案例",
            "",
            practice_matrix(rows, practices),
            "# 问题 → 做法 → 案例",
            "",
            challenge_map(rows, challenges, practices).replace("## ", "### "),
        ]
    )


# ---------------------------------------------------------------- command line
