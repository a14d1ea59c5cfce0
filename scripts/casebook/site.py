"""Case data → Markdown pages: a plain function, so that any site generator can use it.

MkDocs runs it through the thin adapter in plugin.py; Zensical (which runs no MkDocs plugins) or
an offline exporter can call `generate()` directly and write the files.  Case text is escaped on
the way in: the validator rejects HTML, but the build must be safe even when it was skipped.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from .library import Case, Library
from .quantities import format_figure

SCALE_LABELS = {
    "households": "户数", "population": "人口", "area": "面积", "party_members": "党员",
    "party_organizations": "党组织", "grids": "网格", "grid_workers": "网格员", "volunteers": "志愿者",
    "residential_compounds": "小区", "units": "驻区单位", "staff": "社区工作人员",
    "floating_population": "流动人口", "social_organizations": "社会组织",
}
HONOR_LEVELS = ["国家级", "省级", "市级", "县区级", "街道级"]


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
    out.append(f"| 地点 | {cell(place(case))} |")
    types = "、".join(tag("community_types", t, page, linker) for t in d.get("community_types", []))
    out.append(f"| 类型 | {types or '—'} |")
    out.append(f"| 成立 | {founded(case)} |")
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
    out.append("| 社区 | 地点 | 类型 | 成立 | 概要 |")
    out.append("| --- | --- | --- | --- | --- |")
    for c in sorted(lib.cases, key=lambda c: (c.data["location"]["province"], c.id)):
        types = "、".join(c.data.get("community_types", []))
        name = f"[{cell(c.name)}]({c.id}.md)" + ("（草稿）" if c.is_draft else "")
        out.append(f"| {name} | {cell(place(c))} | {cell(types)} | {founded(c)} | {cell(c.data.get('summary', ''))} |")
    out.append("")
    return "\n".join(out)


def generate(lib: Library) -> dict[str, str]:
    """Every generated page, docs-relative path → Markdown."""
    pages = {"cases/index.md": index_page(lib)}
    for case in lib.cases:
        pages[f"cases/{case.id}.md"] = case_page(case, lib)
    return pages
