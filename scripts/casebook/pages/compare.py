"""The side-by-side compare page: a reader picks 2-4 cases and reads their fields row by row.

The site has no server, so the cases are written at build time into scripts that the page loads
with <script> elements (not fetch(): that is refused on file://, where the offline pack is
opened): `compare/cases.js` lists every case for the pickers (id, name, province, bucket), and
each case's fields are in one of BUCKETS `compare/records/NN.js` files, loaded only for the
cases picked.  At 10,000 cases one file of every field was 12 MB; the list is now about 60 bytes
a case and a comparison of four cases loads at most four buckets.  The page itself stays small
however many cases there are.  The selection lives in the address (`#c=id1,id2`), so a comparison can be
bookmarked and shared.
"""

from __future__ import annotations

import json
import zlib
from typing import Any

from casebook.model.case import SCALE_LABELS, Case
from casebook.pages.markdown import cell, front

DATA_FILE = "compare/cases.js"
RECORDS = "compare/records"
BUCKETS = 64


def bucket_of(case_id: str) -> int:
    """The records file of a case: stable across builds (a hash of the id, not its rank)."""
    return zlib.crc32(case_id.encode("utf-8")) % BUCKETS


# Rows of the comparison, in reading order: (key, label, kind).  "text" and "figure" rows hold one
# value per case (figures never wrap: 12250人 must not break); "items" rows are spread out, one
# row per item (problem, practice type, theme, honor level) across the cases, so that what the
# cases share lines up and can be marked; "outcomes" aligns figures whose labels the cases share.
FIELDS: list[tuple[str, str, str]] = [
    ("place", "地点", "text"),
    ("types", "社区类型", "items"),
    ("founded", "成立", "figure"),
    *((key, label, "figure") for key, label in SCALE_LABELS.items()),
    ("challenges", "面临的问题", "items"),
    ("practice_tags", "做法类型", "items"),
    ("outcomes", "成效数字", "outcomes"),
    ("honors", "荣誉", "items"),
    ("themes", "经验主题", "items"),
    ("summary", "概要", "text"),
]


def case_record(c: Case) -> dict[str, Any]:
    """One case as the compare script shows it: field key → text, or for an "items" field a
    mapping item → what the case says about it (practice names under a practice type)."""
    v: dict[str, Any] = {"place": c.place, "summary": c.summary}
    v["types"] = {t: "" for t in c.community_types}
    if c.founded:
        v["founded"] = c.founded_text
    for key in SCALE_LABELS:
        if (fig := c.figure(key)) is not None:
            v[key] = fig.text
    v["challenges"] = {ch.tag: ch.text for ch in c.challenges if ch.tag}
    v["practice_tags"] = {t: "、".join(p.name for p in c.practices if t in p.tags) for t in c.practice_tags}
    v["outcomes"] = [[f.label, f.text] for f in c.outcome_figures]
    levels: dict[str, int] = {}
    for h in c.honors_by_rank:
        levels[h.level] = levels.get(h.level, 0) + 1
    v["honors"] = {level: f"{n} 项" for level, n in levels.items()}
    v["themes"] = {t: "" for t in c.themes}
    return {**_listed(c), "v": {k: x for k, x in v.items() if x}}


def _listed(c: Case) -> dict[str, Any]:
    """What the pickers show of a case."""
    return {"id": c.id, "name": c.name + ("（草稿）" if c.is_draft else ""), "province": c.location.province}


def _script(call: str, data: Any) -> str:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # "</" cannot end a script element that loads this file, but keep the JSON inert anyway.
    return call + body.replace("</", "<\\/") + (");\n" if call.endswith("(") else ";\n")


def data_script(cases: list[Case]) -> str:
    """The pickers' list: every case's id, name, province and records bucket, and the rows."""
    listed = [{**_listed(c), "b": bucket_of(c.id)} for c in cases]
    return _script("window.CASEBOOK_COMPARE=", {"fields": FIELDS, "cases": listed})


def record_scripts(cases: list[Case]) -> dict[str, str]:
    """Each bucket's cases with their fields, as scripts that hand them to the compare view."""
    buckets: dict[int, list[dict[str, Any]]] = {}
    for c in cases:
        buckets.setdefault(bucket_of(c.id), []).append({"id": c.id, "v": case_record(c)["v"]})
    return {
        f"{RECORDS}/{b}.js": _script("window.CASEBOOK_COMPARE_RECORDS(", rows) for b, rows in buckets.items()
    }


def compare_page(cases: list[Case]) -> str:
    out = [*front("并排比较"), "# 并排比较", ""]
    out.append(
        "选 2 至 4 个案例，它们的地点、规模、问题、做法、成效和荣誉会逐行对齐显示：同一个问题、"
        "同一类做法、同一项数字在同一行，几个案例共有的标为“共有”；缺少的数字显示为“—”。"
        "所选案例记在网址里，复制网址就能把这组比较发给别人。"
    )
    out.append("")
    if not cases:
        out += ["本库暂无案例。", ""]
        return "\n".join(out)
    out.append(
        f'<div id="cb-compare" class="cb-compare" data-src="cases.js" data-records="records/"'
        f' data-template-id="{cases[0].id}">'
    )
    out.append(
        '<p class="cb-compare__fallback">比较功能需要浏览器运行 JavaScript。'
        "没有它时，可以在总览表中比较主要数字。</p>"
    )
    out.append("</div>")
    out.append("")
    # A real link to one case page: MkDocs rewrites it for the site's URL style, and the script
    # derives every other case's address from it.
    out.append(f'[{cell(cases[0].name)}](../{cases[0].page}){{ #cb-case-link hidden="hidden" }}')
    out.append("")
    out.append("只比较主要数字？请看可排序的[总览表](../tables/index.md)。")
    out.append("")
    return "\n".join(out)


def pages(cases: list[Case]) -> dict[str, str]:
    return {"compare/index.md": compare_page(cases), DATA_FILE: data_script(cases), **record_scripts(cases)}
