"""Case data → Markdown pages: a plain function, so that any site generator can use it.

MkDocs runs it through the thin adapter in plugin.py; Zensical (which runs no MkDocs plugins) or
an offline exporter can call `generate()` directly and write the files.  Case text is escaped on
the way in: the validator rejects HTML, but the build must be safe even when it was skipped.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

from casebook.model import completeness
from casebook.model.library import Case, Library
from casebook.pages import charts, compare, similar, tables, topics
from casebook.pages.tables import HONOR_LEVELS, SCALE_LABELS, relative_link
from casebook.text.quantities import format_figure


def esc(text: Any) -> str:
    """Case text into Markdown: HTML-escaped, and on one line where a table cell needs it."""
    return html.escape(str(text), quote=False)


def cell(text: Any) -> str:
    return esc(text).replace("|", "｜").replace("\n", " ")


def place(case: Case) -> str:
    loc = case.data.get("location", {})
    return "".join(loc.get(k, "") for k in ("province", "city", "county", "street"))


def founded(case: Case) -> str:
    f = case.data.get("founded")
    if not f:
        return "—"
    year, _, month = str(f).partition("-")
    return f"{year}年{int(month)}月" if month else f"{year}年"


def figure_text(fig: dict[str, Any] | None) -> str:
    if not fig:
        return "—"
    text = format_figure(fig)  # type: ignore[arg-type]
    return f"{text}（{fig['as_of']}年）" if fig.get("as_of") else text


# A link resolver lets other generators (term pages, regions) turn tags into links without this
# module knowing their URLs: (category, label, from_page) → relative URL or None.
Linker = Callable[[str, str, str], "str | None"]


def _no_links(category: str, label: str, page: str) -> str | None:
    return None


def tag(category: str, label: str, page: str, linker: Linker) -> str:
    url = linker(category, label, page)
    return f"[{esc(label)}]({url})" if url else esc(label)


def case_page(case: Case, lib: Library, linker: Linker = _no_links, extra: str = "") -> str:
    """The page of one case: facts box, narrative, then every structured section."""
    d = case.data
    page = f"cases/{case.id}.md"
    out: list[str] = []
    out.append("---")
    out.append(f"title: {case.name}")
    out.append(f"description: {d.get('summary', '').replace(':', '：')}")
    out.append("---")
    out.append("")
    out.append(f"# {esc(case.name)}")
    out.append("")
    if case.is_draft:
        out.append('!!! warning "草稿"')
        out.append("    本案例尚未审核，内容可能不完整。")
        out.append("")
    if d.get("summary"):
        out.append(f"**{esc(d['summary'])}**")
        out.append("")
    out.append("| 项目 | 内容 |")
    out.append("| --- | --- |")
    province = d.get("location", {}).get("province", "")
    region = linker("regions", province, page) if province else None
    where = (
        f"[{cell(province)}]({region}){cell(place(case)[len(province) :])}" if region else cell(place(case))
    )
    out.append(f"| 地点 | {where} |")
    types = "、".join(tag("community_types", t, page, linker) for t in d.get("community_types", []))
    out.append(f"| 类型 | {types or '—'} |")
    out.append(f"| 成立 | {founded(case)} |")
    out.append(f"| 完整度 | {completeness.rate(d, case.narrative).label} |")  # see completeness.py
    for key, label in SCALE_LABELS.items():
        fig = d.get("scale", {}).get(key)
        if fig:
            out.append(f"| {label} | {cell(figure_text(fig))} |")
    for fig in d.get("figures") or []:
        out.append(f"| {cell(fig['label'])} | {cell(figure_text(fig))} |")
    if d.get("aliases"):
        out.append(f"| 别名 | {cell('、'.join(d['aliases']))} |")
    out.append("")
    if case.narrative.strip():
        out.append("## 案例叙述")
        out.append("")
        out.append(_narrative(case.narrative))
        out.append("")
    if d.get("challenges"):
        out.append("## 面临的问题")
        out.append("")
        for c in d["challenges"]:
            out.append(f"- **{tag('challenges', c['tag'], page, linker)}**：{esc(c['text'])}")
        out.append("")
    if d.get("practices"):
        out.append("## 主要做法")
        out.append("")
        for i, p in enumerate(d["practices"], 1):
            out.append(f"### {esc(p['name'])} {{#practice-{i}}}")
            out.append("")
            out.append(esc(p.get("summary", "")))
            out.append("")
            for comp in p.get("components") or []:
                out.append(f"- {esc(comp)}")
            if p.get("components"):
                out.append("")
            if p.get("tags"):
                out.append("做法类型：" + "、".join(tag("practices", t, page, linker) for t in p["tags"]))
                out.append("")
    if d.get("outcomes"):
        out.append("## 成效")
        out.append("")
        for o in d["outcomes"]:
            out.append(f"- {esc(o['text'])}")
        figs = [f for o in d["outcomes"] for f in o.get("figures") or []]
        if figs:
            out.append("")
            out.append("| 指标 | 数字 |")
            out.append("| --- | --- |")
            for f in figs:
                out.append(f"| {cell(f.get('label', ''))} | {cell(figure_text(f))} |")
        out.append("")
    if d.get("honors"):
        out.append("## 荣誉")
        out.append("")
        out.append("| 荣誉 | 层级 | 年份 |")
        out.append("| --- | --- | --- |")
        for h in sorted(d["honors"], key=lambda h: (HONOR_LEVELS.index(h["level"]), h.get("year", 0))):
            who = f"（{h['recipient']}）" if h.get("recipient") else ""
            out.append(f"| {cell(h['name'])}{cell(who)} | {h['level']} | {h.get('year', '—')} |")
        out.append("")
    if d.get("lessons"):
        out.append("## 经验与启示")
        out.append("")
        for x in d["lessons"]:
            out.append(f"- **{tag('themes', x['theme'], page, linker)}**：{esc(x['text'])}")
        out.append("")
    if d.get("questions"):
        out.append("## 思考题")
        out.append("")
        for i, q in enumerate(d["questions"], 1):
            out.append(f"{i}. {esc(q)}")
        out.append("")
    if extra:
        out.append(extra)
        out.append("")
    out.append("## 资料来源")
    out.append("")
    for s in d.get("sources") or []:
        out.append(f"- {source_line(s)}")
    if d.get("review", {}).get("contributors"):
        out.append("")
        out.append("整理：" + esc("、".join(d["review"]["contributors"])))
    out.append("")
    return "\n".join(out)


def source_line(s: dict[str, Any]) -> str:
    parts = [f"《{esc(s['title'])}》", esc(s["publisher"])]
    if s.get("author"):
        parts.append(esc(s["author"]))
    if s.get("date"):
        parts.append(esc(s["date"]))
    parts.append(f"原文{s['script']}")
    text = "，".join(parts)
    if s.get("url"):
        text += f"，<{s['url']}>" if s["url"].startswith(("http://", "https://")) else ""
    if s.get("note"):
        text += f"。{esc(s['note'])}"
    return text


def _narrative(text: str) -> str:
    # Headings of levels 1-2 belong to the page; the validator says so, the build demotes them.
    lines = []
    for line in text.strip().splitlines():
        if line.startswith("# ") or line.startswith("## "):
            line = "### " + line.lstrip("#").strip()
        lines.append(esc(line) if not line.startswith(">") else "> " + esc(line[1:].strip()))
    return "\n".join(lines)


def index_page(lib: Library, linker: Linker = _no_links) -> str:
    out = ["---", "title: 案例索引", "---", "", "# 案例索引", ""]
    out.append(f"本库共收录 {len(lib.cases)} 个案例。点击社区名称阅读案例。")
    out.append("")
    out.append("| 社区 | 地点 | 类型 | 成立 | 完整度 | 概要 |")
    out.append("| --- | --- | --- | --- | --- | --- |")
    for c in sorted(lib.cases, key=lambda c: (c.data["location"]["province"], c.id)):
        types = "、".join(c.data.get("community_types", []))
        name = f"[{cell(c.name)}]({c.id}.md)" + ("（草稿）" if c.is_draft else "")
        summary = cell(c.data.get("summary", ""))
        rating = completeness.rate(c.data, c.narrative).label
        out.append(f"| {name} | {cell(place(c))} | {cell(types)} | {founded(c)} | {rating} | {summary} |")
    out.append("")
    return "\n".join(out)


def site_linker(lib: Library) -> Linker:
    """Tags to their term pages and provinces to their region pages, relative to the linking page."""

    def link(category: str, label: str, page: str) -> str | None:
        target = (
            topics.region_path(label)
            if category == "regions"
            else topics.term_path(lib.vocab, category, label)
        )
        return relative_link(page)(target) if target else None

    return link


def similar_section(case_id: str, matches: list[similar.Match], rows: dict[str, tables.Row]) -> str:
    if not matches:
        return ""
    out = ["## 相似案例", ""]
    for m in matches:
        r = rows[m.id]
        out.append(f"- [{esc(r.name)}]({r.id}.md)（{esc(r.province + r.city)}）：{esc(m.reason())}")
    return "\n".join(out)


def overview_page(rows: list[tables.Row]) -> str:
    link = relative_link("tables/index.md")
    out = ["---", "title: 总览表", "---", "", "# 案例总览表", ""]
    out.append(
        f"本库 {len(rows)} 个案例的基本情况。数字照原文书写（保留“余”“多”“近”等限定词），"
        "点击表头可按数值排序；“—”表示资料中没有这一数字，不是零。"
    )
    out.append("")
    out.append(
        "[做法 × 案例矩阵](practices.md) · [问题 → 做法 → 案例](challenges.md) · "
        "[并排比较](../compare/index.md) · [下载数据](../data/index.md)"
    )
    out.append("")
    out.append(tables.overview_table(rows, link, html_sort=True))
    return "\n".join(out)


def matrix_page(rows: list[tables.Row], lib: Library) -> str:
    page = "tables/practices.md"
    link = relative_link(page)
    labels = [t.label for t in lib.vocab.all("practices")]

    def term_link(label: str) -> str | None:
        target = topics.term_path(lib.vocab, "practices", label)
        return link(target) if target else None

    out = ["---", "title: 做法矩阵", "---", "", "# 做法 × 案例矩阵", ""]
    out.append(
        "每行一个案例，每列一类做法；✓ 链接到该案例里具体的那项做法，鼠标停在 ✓ 上可看到做法名称。"
        "列名链接到做法的定义和全部案例。"
    )
    out.append("")
    out.append('<div class="cb-matrix" markdown>')
    out.append("")
    out.append(tables.practice_matrix(rows, labels, link, term_link))
    out.append("</div>")
    out.append("")
    return "\n".join(out)


def challenge_map_page(rows: list[tables.Row], lib: Library) -> str:
    page = "tables/challenges.md"
    link = relative_link(page)

    def term_link(category: str, label: str) -> str | None:
        target = topics.term_path(lib.vocab, category, label)
        return link(target) if target else None

    out = ["---", "title: 问题与做法", "---", "", "# 问题 → 做法 → 案例", ""]
    out.append("每个问题下，列出面对它的案例用了哪些做法、各有哪些案例；案例名链接到该案例里的那项做法。")
    out.append("")
    out.append(
        tables.challenge_map(
            rows,
            [t.label for t in lib.vocab.all("challenges")],
            [t.label for t in lib.vocab.all("practices")],
            link,
            term_link,
        )
    )
    return "\n".join(out)


def data_page(n: int) -> str:
    cols = "、".join(tables.SCALE_LABELS.values())
    return "\n".join(
        [
            "---",
            "title: 数据下载",
            "---",
            "",
            "# 数据下载",
            "",
            f"本库 {n} 个案例的结构化数据，与网站上的表格出自同一份数据，随网站一起构建。",
            "",
            "- [cases.csv](cases.csv)：每个案例一行，UTF-8（带 BOM）编码，"
            "在中文 Windows 上用 Excel 双击即可正确打开。"
            f"规模数字（{cols}）各有两列：照原文书写的一列（如“1000多人”）"
            "和数值一列（单位换算为个、人、元等基本单位，便于排序和计算；"
            "原文的“余”“多”“近”等限定词只保留在前一列）。",
            "- [cases.json](cases.json)：校验后的全部字段（与 case.yml 相同的结构）加上叙述正文，"
            "供程序使用。",
            "",
            "在仓库里也可以用命令生成同样的文件：",
            "",
            "```sh",
            "casebook tables --format csv --out cases.csv",
            "casebook tables --format json --out cases.json",
            "casebook tables --format md      # 比较表格（Markdown）",
            "```",
            "",
        ]
    )


ASSETS = {"assets/casebook/tables.js": "tables.js", "assets/casebook/tables.css": "tables.css"}


def listed_in_nav(path: str) -> bool:
    """Whether MkDocs may list a generated page in an automatic nav: section indexes only.

    Everything else is reached through those indexes; listing hundreds of case or term pages in
    the nav would copy that list into every page (see shared NOTES).  Pages named in mkdocs.yml's
    nav appear there whatever this says.
    """
    return path.endswith("index.md")


def generate(lib: Library) -> dict[str, str]:
    """Every generated file, docs-relative path → content (Markdown pages, data files, assets)."""
    rows = tables.build_rows(lib)
    by_id = {r.id: r for r in rows}
    linker = site_linker(lib)
    matches = similar.similar_cases(rows)
    pages = {"cases/index.md": index_page(lib)}
    for case in lib.cases:
        extra = similar_section(case.id, matches.get(case.id, []), by_id)
        pages[f"cases/{case.id}.md"] = case_page(case, lib, linker, extra)
    pages.update(topics.pages(rows, lib.vocab))
    pages["tables/index.md"] = overview_page(rows)
    pages["tables/practices.md"] = matrix_page(rows, lib)
    pages["tables/challenges.md"] = challenge_map_page(rows, lib)
    pages.update(compare.pages(rows))
    pages["charts/index.md"] = charts.charts_page(
        rows, [t.label for t in lib.vocab.all("practices")], [t.label for t in lib.vocab.all("challenges")]
    )
    pages["data/index.md"] = data_page(len(rows))
    pages["data/cases.csv"] = tables.cases_csv(rows)
    pages["data/cases.json"] = tables.cases_json(lib)
    for target, name in ASSETS.items():
        pages[target] = (Path(__file__).parent / "assets" / name).read_text("utf-8")
    return pages
