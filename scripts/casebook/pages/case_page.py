"""The page of one case: facts box, narrative, then every structured section, and its similar cases."""

from __future__ import annotations

import html

from casebook.model.case import MISSING, SCALE_LABELS, Case, Outcome, Source
from casebook.pages import similar
from casebook.pages.markdown import Linker, cell, esc, linked, no_tag_links, tag


def case_page(case: Case, linker: Linker = no_tag_links, extra: str = "") -> str:
    """Markdown of cases/<id>.md; `linker` turns tags and the province into links, `extra` is
    inserted before the sources (the similar cases)."""
    page = case.page
    out: list[str] = []
    out.append("---")
    out.append(f"title: {case.name}")
    out.append(f"description: {case.summary.replace(':', '：')}")
    out.append("---")
    out.append("")
    out.append(f"# {esc(case.name)}")
    out.append("")
    if case.is_draft:
        out.append('!!! warning "草稿"')
        out.append("    本案例尚未审核，内容可能不完整。")
        out.append("")
    if case.summary:
        out.append(f"**{esc(case.summary)}**")
        out.append("")
    out += _facts(case, linker)
    if case.narrative.strip():
        out += _section("案例叙述", [_narrative(case.narrative)])
    out += _section(
        "面临的问题", [_tagged("challenges", c.tag, c.text, page, linker) for c in case.challenges]
    )
    if case.practices:
        out += ["## 主要做法", ""]
        for p in case.practices:
            out += [f"### {esc(p.name)} {{#{p.anchor}}}", "", esc(p.summary), ""]
            out += [f"- {esc(comp)}" for comp in p.components]
            if p.components:
                out.append("")
            if p.tags:
                out.append("做法类型：" + "、".join(tag("practices", t, page, linker) for t in p.tags))
                out.append("")
            out += _practice_effects(case.outcomes_of(p))
    out += _section("成效", _outcomes(case))
    honors = [
        f"| {cell(h.name)}{cell(f'（{h.recipient}）' if h.recipient else '')} | {h.level} | {h.year or MISSING} |"
        for h in case.honors_by_rank
    ]
    out += _section("荣誉", ["| 荣誉 | 层级 | 年份 |", "| --- | --- | --- |", *honors] if honors else [])
    out += _section("经验与启示", [_tagged("themes", x.theme, x.text, page, linker) for x in case.lessons])
    out += _section("思考题", [f"{i}. {esc(q)}" for i, q in enumerate(case.questions, 1)])
    if extra:
        out += [extra, ""]
    out += ["## 资料来源", ""]
    out += [f"- {source_line(s)}" for s in case.sources]
    if case.review.contributors:
        out += ["", "整理：" + esc("、".join(case.review.contributors))]
    out += ["", citation(case), ""]
    return "\n".join(out)


def citation(case: Case) -> str:
    """The line a printed page needs to be cited: site, case, address and build date.  The site's
    name, the page's address and the date are known only to the build, which fills the empty
    elements (pipeline.steps.fill_citation); the line prints on every page printed.  It stays out
    of the search index: it names the edition's own address, and nobody searches for it."""
    return (
        '<p class="cb-cite" data-search-exclude>引用本页：<span class="cb-cite__site"></span>'
        f'《{html.escape(case.name)}》，<span class="cb-cite__url"></span>，'
        '<time class="cb-cite__date"></time>构建。</p>'
    )


def figures_text(o: Outcome) -> str:
    """An outcome's figures on one line, each after what it counts: 接单办理 112件；征集诉求 150个."""
    return "；".join(f"{f.label} {f.dated}" if f.label else f.dated for f in o.figures)


def _outcome_item(o: Outcome, tail: list[str]) -> list[str]:
    """An outcome as a list item, its figures (and `tail`) nested under it."""
    out = [f"- {esc(o.text)}"]
    out += [
        f"    - {esc(f.label)}：**{esc(f.dated)}**" if f.label else f"    - {esc(f.dated)}" for f in o.figures
    ]
    return out + tail


def _practice_effects(outcomes: tuple[Outcome, ...]) -> list[str]:
    """Under a practice: the outcomes its case's sources attribute to it, with their figures."""
    if not outcomes:
        return []
    out = ["这项做法的成效：", ""]
    for o in outcomes:
        out += _outcome_item(o, [])
    return [*out, ""]


def _outcomes(case: Case) -> list[str]:
    """Each outcome with its own figures and the practices it came from (linked to them)."""
    anchors = {p.name: p.anchor for p in case.practices}
    out: list[str] = []
    for o in case.outcomes:
        sources = [f"[{esc(n)}](#{anchors[n]})" for n in o.practices if n in anchors]
        out += _outcome_item(o, ["    - 来自做法：" + "、".join(sources)] if sources else [])
    return out


def _section(title: str, lines: list[str]) -> list[str]:
    """A titled section of the page, or nothing where the case has nothing for it."""
    return [f"## {title}", "", *lines, ""] if lines else []


def _facts(case: Case, linker: Linker) -> list[str]:
    """The facts box: place, type, founding, completeness, every figure, aliases."""
    province = case.location.province
    region = linker("regions", province, case.page) if province else None
    where = (
        linked(cell(province), region) + cell(case.location.below_province) if region else cell(case.place)
    )
    types = "、".join(tag("community_types", t, case.page, linker) for t in case.community_types)
    out = ["| 项目 | 内容 |", "| --- | --- |"]
    out.append(f"| 地点 | {where or MISSING} |")
    out.append(f"| 类型 | {types or '—'} |")
    out.append(f"| 成立 | {case.founded_text} |")
    out.append(f"| 完整度 | {case.rating.label} |")
    for key, label in SCALE_LABELS.items():
        fig = case.figure(key)
        if fig is not None:
            out.append(f"| {label} | {cell(fig.dated)} |")
    out += [f"| {cell(fig.label)} | {cell(fig.dated)} |" for fig in case.figures]
    if case.aliases:
        out.append(f"| 别名 | {cell('、'.join(case.aliases))} |")
    out.append("")
    return out


def _tagged(category: str, label: str, text: str, page: str, linker: Linker) -> str:
    """A list item led by its tag (a draft's item may have no tag yet)."""
    lead = f"**{tag(category, label, page, linker)}**：" if label else ""
    return f"- {lead}{esc(text)}"


def source_line(s: Source) -> str:
    """《title》，publisher，author，date，原文简体，<url>。note (a draft's source may lack parts)."""
    parts = [f"《{esc(s.title)}》", esc(s.publisher), esc(s.author), esc(s.date)]
    parts.append(f"原文{s.script}" if s.script else "")
    text = "，".join(p for p in parts if p)
    if s.link:
        text += f"，<{s.link}>"
    if s.note:
        text += f"。{esc(s.note)}"
    return text


def _narrative(text: str) -> str:
    # Headings of levels 1-2 belong to the page; the validator says so, the build demotes them.
    lines = []
    for line in text.strip().splitlines():
        if line.startswith("# ") or line.startswith("## "):
            line = "### " + line.lstrip("#").strip()
        lines.append(esc(line) if not line.startswith(">") else "> " + esc(line[1:].strip()))
    return "\n".join(lines)


def similar_section(matches: list[similar.Match], by_id: dict[str, Case]) -> str:
    """The 相似案例 section: each similar case with where it is and what it shares."""
    if not matches:
        return ""
    # Out of the search index: a query naming a case should find that case, not the pages of its
    # neighbours (a case page names three others here).
    out = ["## 相似案例", "", '<div class="cb-similar" data-search-exclude markdown>', ""]
    for m in matches:
        other = by_id[m.id]
        where = other.location.province + other.location.city
        out.append(f"- [{esc(other.name)}]({other.id}.md)（{esc(where)}）：{esc(m.reason())}")
    out += ["", "</div>"]
    return "\n".join(out)
