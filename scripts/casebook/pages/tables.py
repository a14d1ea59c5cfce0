"""The comparison tables, one row per case: the overview, the practice × case matrix and the
challenge → practice → case map.

Every table reads the case model (model/case.py), as do the compare page and the downloads, so
that no two of them can disagree about a figure.  Figures stay as the sources write them
(`4100余万元`); the magnitude only supplies the sort key, and a missing figure is `—`, never 0.
`casebook tables --format md` prints these tables without the site's links.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from casebook.model.case import HONOR_LEVELS as HONOR_LEVELS
from casebook.model.case import MISSING, SCALE_LABELS, Case, Figure
from casebook.model.library import Library
from casebook.pages.markdown import LinkTo, case_link, cell, link_title, linked, no_links

# The overview shows the figures readers compare most; the CSV carries all of them.
OVERVIEW_SCALE = ["households", "population", "party_members", "grids", "volunteers"]


def sortable(fig: Figure | None, html_sort: bool) -> str:
    """A figure cell (— where there is none); on the site it carries its magnitude for sorting."""
    if fig is None:
        return cell(MISSING)
    if not html_sort:
        return cell(fig.text)
    value = fig.magnitude
    key = f"{value:.6g}" if value < 1e15 else str(int(value))
    return f'<span data-sort="{key}">{cell(fig.text)}</span>'


def overview_table(cases: list[Case], link: LinkTo = no_links, html_sort: bool = False) -> str:
    head = ["社区", "地点", "类型", "成立", *(SCALE_LABELS[k] for k in OVERVIEW_SCALE)]
    out = ["| " + " | ".join(head) + " |", "|" + " --- |" * 3 + " ---: |" * (1 + len(OVERVIEW_SCALE))]
    for c in cases:
        founded = cell(c.founded_text)
        if html_sort and c.founded_sort is not None:
            founded = f'<span data-sort="{c.founded_sort:.2f}">{founded}</span>'
        cells = [case_link(c, link), cell(c.place), cell("、".join(c.community_types) or MISSING), founded]
        cells += [sortable(c.figure(k), html_sort) for k in OVERVIEW_SCALE]
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"


def used_terms(
    cases: Iterable[Case], labels: list[str], tags_of: Callable[[Case], Iterable[str]]
) -> list[str]:
    """Vocabulary labels in vocabulary order, keeping those at least one case uses."""
    used = {t for c in cases for t in tags_of(c)}
    return [label for label in labels if label in used]


def practice_matrix(
    cases: list[Case],
    practice_labels: list[str],
    link: LinkTo = no_links,
    term_link: Callable[[str], str | None] = lambda label: None,
    counts: dict[str, int] | None = None,
) -> str:
    """Cases down, practice tags across; each ✓ leads to the practice on the case page.

    `counts` (label → cases using it) fixes the columns and the count row when `cases` is one
    page of a larger library: every page then has the same columns and the library's totals.
    """
    terms = (
        list(counts) if counts is not None else used_terms(cases, practice_labels, lambda c: c.practice_tags)
    )
    heads = [linked(cell(t), term_link(t)) for t in terms]
    # No alignment markers: they would put a style attribute on each of N × 31 cells; the site's
    # stylesheet centres the marks instead.
    out = ["| 社区 | " + " | ".join(heads) + " |", "| --- |" + " --- |" * len(terms)]
    for c in cases:
        cells = [case_link(c, link)]
        for t in terms:
            p = c.practice_with(t)
            if p is None:
                cells.append("")
                continue
            target = link(c.page, p.anchor)
            cells.append(f'[✓]({target} "{link_title(p.name)}")' if target else "✓")
        out.append("| " + " | ".join(cells) + " |")
    totals = [
        str(counts[t] if counts is not None else sum(1 for c in cases if t in c.practice_tags)) for t in terms
    ]
    out.append("| **案例数** | " + " | ".join(totals) + " |")
    return "\n".join(out) + "\n"


def challenge_map(
    cases: list[Case],
    challenge_labels: list[str],
    practice_labels: list[str],
    link: LinkTo = no_links,
    term_link: Callable[[str, str], str | None] = lambda c, t: None,
    per_cell: int = 12,
) -> str:
    """For each problem: the practices its cases used, and which cases (a few, then a count)."""
    out: list[str] = []
    for ch in used_terms(cases, challenge_labels, lambda c: c.challenge_tags):
        facing = [c for c in cases if ch in c.challenge_tags]
        url = term_link("challenges", ch)
        out.append(f"## {cell(ch)}")
        out.append("")
        shown = f"[{len(facing)} 个案例]({url})" if url else f"{len(facing)} 个案例"
        out.append(f"面对这一问题的有 {shown}，它们用到的做法：")
        out.append("")
        out.append("| 做法 | 案例数 | 案例 |")
        out.append("| --- | ---: | --- |")
        by_practice = [(t, [c for c in facing if t in c.practice_tags]) for t in practice_labels]
        by_practice = sorted((x for x in by_practice if x[1]), key=lambda x: -len(x[1]))
        for t, using in by_practice:
            label = linked(cell(t), term_link("practices", t))
            links = []
            for c in using[:per_cell]:
                p = c.practice_with(t)
                links.append(case_link(c, link, p.anchor if p else ""))
            more = f" 等 {len(using)} 个" if len(using) > per_cell else ""
            out.append(f"| {label} | {len(using)} | {'、'.join(links)}{more} |")
        out.append("")
    return "\n".join(out)


def markdown_tables(lib: Library) -> str:
    """The three comparison tables without site links: what `casebook tables --format md` prints."""
    cases = lib.in_reading_order()
    practices = [t.label for t in lib.vocab.all("practices")]
    challenges = [t.label for t in lib.vocab.all("challenges")]
    return "\n".join(
        [
            "# 案例总览",
            "",
            overview_table(cases),
            "# 做法 × 案例",
            "",
            practice_matrix(cases, practices),
            "# 问题 → 做法 → 案例",
            "",
            challenge_map(cases, challenges, practices).replace("## ", "### "),
        ]
    )
