"""The case index as a faceted browser: filters with counts, sorting, send to compare.

The page is static.  Its Markdown lists the cases in reading order, PER_PAGE a page
(cases/index.md, cases/list/2.md …), which is what a reader without JavaScript gets and what
keeps each page bounded.  With JavaScript, assets/casebook/browse.js loads a compact record of
every case (cases/browse-data.js, through a <script> element so that file:// works too, and only
on this page) and replaces the list with the filtered, sorted one.  The filter state lives in the
address (`#problem=unemployment&practice=grid-governance&sort=population`), so a view can be
shared, and other pages link into a filtered view the same way.

Facet values are stable ids (vocabulary term ids, province slugs, honor-level slugs), never
positions, so an address keeps meaning the same as the library grows.
"""

from __future__ import annotations

import json
from typing import Any

from casebook.model.case import HONOR_LEVELS, MISSING, Case
from casebook.model.completeness import LABELS, LEVELS
from casebook.model.vocabulary import Vocabulary
from casebook.pages import paging, topics
from casebook.pages.markdown import case_link, cell, relative_link

DATA_FILE = "cases/browse-data.js"
NO_HONOR = "none"

# Facet key (as in the address) → (its title, vocabulary category or None).
FACETS: dict[str, tuple[str, str | None]] = {
    "province": ("省份", None),
    "type": ("社区类型", "community_types"),
    "problem": ("面临的问题", "challenges"),
    "practice": ("做法", "practices"),
    "theme": ("经验主题", "themes"),
    "honor": ("最高荣誉", None),
    "completeness": ("完整度", None),
}


def _facet_values(cases: list[Case], vocab: Vocabulary) -> dict[str, list[tuple[str, str]]]:
    """Each facet's values as (id, label), in the order a reader scans them."""
    values: dict[str, list[tuple[str, str]]] = {}
    provinces = sorted({c.location.province for c in cases if c.location.province}, key=topics.province_slug)
    values["province"] = [(topics.province_slug(p), p) for p in provinces]
    for key, (_, category) in FACETS.items():
        if category:
            values[key] = [(t.id, t.label) for t in vocab.all(category) if t.id]
    values["honor"] = [(topics.HONOR_SLUGS[level], level) for level in HONOR_LEVELS] + [(NO_HONOR, "无")]
    values["completeness"] = [(level, LABELS[level]) for level in reversed(LEVELS)]
    return values


def browse_data(cases: list[Case], vocab: Vocabulary) -> dict[str, Any]:
    """Every case as one short array (facet values as indexes into `facets`): about 150 bytes a case.

    Row: [id, name, place, province, types, problems, practices, themes, honor, completeness,
    population as written, population magnitude, founded as written, founded sort key, draft].
    """
    facets = _facet_values(cases, vocab)
    index = {key: {vid: i for i, (vid, _) in enumerate(vals)} for key, vals in facets.items()}
    labels = {
        key: {label: index[key][vid] for vid, label in vals}
        for key, vals in facets.items()
        if key != "province"
    }

    def tagged(key: str, tags: tuple[str, ...]) -> list[int]:
        return [labels[key][t] for t in tags if t in labels[key]]

    rows = []
    for c in cases:
        pop = c.figure("population")
        province = c.location.province
        rows.append(
            [
                c.id,
                c.name,
                c.place,
                index["province"].get(topics.province_slug(province), -1) if province else -1,
                tagged("type", c.community_types),
                tagged("problem", c.challenge_tags),
                tagged("practice", c.practice_tags),
                tagged("theme", c.themes),
                index["honor"][topics.HONOR_SLUGS[c.top_honor] if c.top_honor else NO_HONOR],
                index["completeness"][c.rating.level],
                pop.text if pop else "",
                round(pop.magnitude) if pop else None,
                c.founded_text if c.founded else "",
                c.founded_sort,
                1 if c.is_draft else 0,
            ]
        )
    return {
        "facets": [
            {"key": key, "title": FACETS[key][0], "values": [list(v) for v in facets[key]]} for key in FACETS
        ],
        "cases": rows,
    }


def data_script(cases: list[Case], vocab: Vocabulary) -> str:
    """cases/browse-data.js: the records as a script (a <script> element works on file://)."""
    body = json.dumps(browse_data(cases, vocab), ensure_ascii=False, separators=(",", ":"))
    return f"window.CASEBOOK_BROWSE={body};\n"


def _static_list(chunk: list[Case], link: Any) -> list[str]:
    out = ["| 社区 | 地点 | 类型 | 成立 | 完整度 | 概要 |", "| --- | --- | --- | --- | --- | --- |"]
    for c in chunk:
        types = cell("、".join(c.community_types)) or MISSING
        out.append(
            f"| {case_link(c, link)} | {cell(c.place)} | {types} | {c.founded_text} | {c.rating.label} | "
            f"{cell(c.summary)} |"
        )
    return out


def pages(cases: list[Case], vocab: Vocabulary) -> dict[str, str]:
    """cases/index.md (the browser and the first page of the list), cases/list/<n>.md, the data."""
    chunks = paging.split("cases/index.md", "cases/list/{n}.md", cases)
    paths = [p for p, _ in chunks]
    out: dict[str, str] = {}
    for k, (page, chunk) in enumerate(chunks):
        link = relative_link(page)
        lines = [*paging.page_front("案例索引", k), "# 案例索引", ""]
        lines += [f"本库共收录 {len(cases)} 个案例。点击社区名称阅读案例。", ""]
        if k == 0:
            # The script fills this in; the two links tell it where the data and the compare page
            # are, as MkDocs resolves them for this edition (site or offline pack).
            lines += [
                '<div id="cb-browser" class="cb-browser" markdown>',
                "",
                f"[案例数据]({link(DATA_FILE)}){{.cb-browse-data hidden}} "
                f"[并排比较]({link('compare/index.md')}){{.cb-browse-compare hidden}}"
                + (
                    f' [{cell(cases[0].name)}]({link(cases[0].page)}){{.cb-browse-case data-case="{cases[0].id}" hidden}}'
                    if cases
                    else ""
                ),
                "",
                "</div>",
                "",
            ]
        lines += ['<div class="cb-static" markdown>', ""]
        lines += paging.pager(paths, k, link)
        lines += _static_list(chunk, link)
        lines += ["", *paging.pager(paths, k, link), "</div>", ""]
        out[page] = "\n".join(lines)
    out[DATA_FILE] = data_script(cases, vocab)
    return out
