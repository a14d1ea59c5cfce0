"""What the home page and the 地区 page show of the library: counts, featured and latest cases, the
problems a researcher starts from, and a schematic tile map of the provinces.

The home page is hand-written (docs/index.md); where it holds the marker HOME_MARKER the plugin
puts `home_block()` in its place, so the text stays the library's own and the figures are always
those of the build.  The map is one labelled square per provincial-level division, placed
roughly where it lies, with no outline or border drawn: a map of China that draws boundaries
needs a map review number (审图号), a schematic of squares does not, and it stays a few KB of
HTML with no tiles or scripts from the web.
"""

from __future__ import annotations

from collections import Counter

from casebook.model.case import Case
from casebook.model.library import Library
from casebook.pages import topics
from casebook.pages.markdown import LinkTo, attr, case_link, cell, esc, relative_link

HOME_MARKER = "<!-- casebook:home -->"
FEATURED = 3
LATEST = 5

# (column, row) of each provincial-level division on the tile map, by its short name.
TILES: dict[str, tuple[int, int]] = {
    "黑龙江": (7, 0),
    "内蒙古": (4, 1), "北京": (5, 1), "辽宁": (6, 1), "吉林": (7, 1),
    "新疆": (0, 2), "甘肃": (2, 2), "宁夏": (3, 2), "山西": (4, 2), "河北": (5, 2), "天津": (6, 2),
    "青海": (1, 3), "陕西": (3, 3), "河南": (4, 3), "山东": (5, 3),
    "西藏": (1, 4), "四川": (2, 4), "重庆": (3, 4), "湖北": (4, 4), "安徽": (5, 4), "江苏": (6, 4),
    "上海": (7, 4),
    "云南": (2, 5), "贵州": (3, 5), "湖南": (4, 5), "江西": (5, 5), "浙江": (6, 5),
    "广西": (3, 6), "广东": (4, 6), "福建": (5, 6), "台湾": (6, 6),
    "海南": (3, 7), "澳门": (4, 7), "香港": (5, 7),
}  # fmt: skip


def short_name(province: str) -> str:
    """河南省 → 河南, 内蒙古自治区 → 内蒙古, 香港特别行政区 → 香港."""
    for suffix in topics.PROVINCE_SUFFIXES:
        if province.endswith(suffix) and len(province) > len(suffix):
            return province[: -len(suffix)]
    return province


def tile_map(cases: list[Case], link: LinkTo) -> str:
    """A square per province on an 8 × 8 grid, those with cases linked to the province's page
    and labelled with their count.  The squares are Markdown links laid out by CSS classes
    (browse.css), not SVG: MkDocs rewrites Markdown links for each output (directory URLs on the
    site, .html files in the offline pack), and it leaves links inside raw SVG alone."""
    counts = Counter(c.location.province for c in cases if c.location.province)
    by_short = {short_name(p): (p, n) for p, n in counts.items()}
    tiles = []
    for name, (col, row) in TILES.items():
        where = f"cb-c{col} cb-r{row}"
        found = by_short.get(name)
        if found is None:
            tiles.append(f'<span class="cb-tile {where}">{esc(name)}</span>')
            continue
        province, n = found
        target = link(topics.region_path(province))
        classes = " ".join("." + c for c in ("cb-tile", "cb-has", *where.split()))
        tiles.append(
            f'[{esc(name)}<span class="cb-n">{n}</span>]({target}){{{classes} title="{attr(province)}：{n} 个案例"}}'
        )
    label = "各省级行政区的案例数（示意图：一个方块代表一个省级行政区，不表示边界和面积）"
    return "\n".join(
        [
            f'<div class="cb-tilemap" role="group" aria-label="{label}" markdown>',
            "",
            " ".join(tiles),
            "",
            "</div>",
        ]
    )


def featured(cases: list[Case], n: int = FEATURED) -> list[Case]:
    """Complete, reviewed cases with the highest honors and the most outcomes tied to practices."""

    def key(c: Case) -> tuple[int, int, int, str]:
        top = min((h.rank for h in c.honors), default=9)
        tied = sum(1 for o in c.outcomes if o.practices)
        return (0 if c.rating.level == "complete" else 1, top, -tied, c.id)

    return sorted((c for c in cases if not c.is_draft), key=key)[:n]


def data_year(c: Case) -> int | None:
    """The latest year the case's data speaks of: its sources' dates, figures' years, honors."""
    years = [int(s.date[:4]) for s in c.sources if s.date[:4].isdigit()]
    years += [f.as_of for f in (*c.scale.values(), *c.figures, *c.outcome_figures) if f.as_of]
    years += [h.year for h in c.honors if h.year]
    return max(years) if years else None


def latest(cases: list[Case], n: int = LATEST) -> list[tuple[int, Case]]:
    """The cases whose data reaches the latest year, newest first (cases with no year skip)."""
    dated = [(y, c) for c in cases if (y := data_year(c)) is not None]
    return sorted(dated, key=lambda x: (-x[0], x[1].id))[:n]


def _case_line(c: Case, link: LinkTo) -> str:
    return f"- {case_link(c, link)}（{cell(c.location.province + c.location.city)}）：{cell(c.summary)}"


def home_block(lib: Library) -> str:
    """The generated part of the home page (links relative to index.md)."""
    cases = lib.in_reading_order()
    link = relative_link("index.md")
    provinces = {c.location.province for c in cases if c.location.province}
    named = sum(len(c.practices) for c in cases)
    kinds = {t for c in cases for t in c.practice_tags}
    out = [
        f"本库现有 **{len(cases)}** 个案例，来自 **{len(provinces)}** 个省级行政区，"
        f"记录了 **{named}** 项有名称的工作法（分属 {len(kinds)} 类[做法]({link('practices/index.md')})）。"
        f"[浏览和筛选全部案例]({link('cases/index.md')})。",
        "",
    ]
    chosen = featured(cases)
    if chosen:
        out += ["## 推荐案例", "", *(_case_line(c, link) for c in chosen), ""]
    recent = latest(cases)
    if recent:
        out += ["## 最新的案例", "", "按案例资料（来源、数字、荣誉）中最晚的年份排列。", ""]
        out += [f"- {case_link(c, link)}（资料至 {year} 年）：{cell(c.summary)}" for year, c in recent]
        out.append("")
    problems = [
        (t, sum(1 for c in cases if t.label in c.challenge_tags)) for t in lib.vocab.all("challenges") if t.id
    ]
    problems = [(t, n) for t, n in problems if n]
    if problems:
        out += ["## 按问题找做法和成效", ""]
        out += [
            "社区面临某个问题时，用了哪些做法，成效如何："
            + "、".join(
                f"[{cell(t.label)}]({link(f'tables/challenges/{t.id}.md')})（{n}）" for t, n in problems
            ),
            "",
        ]
    if provinces:
        out += ["## 案例分布", "", "点击有案例的省份，查看那里的案例（示意图，方块不表示边界和面积）。", ""]
        out += [tile_map(cases, link), ""]
    return "\n".join(out)
