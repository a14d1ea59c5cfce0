"""Pages that gather cases by topic: one per vocabulary term, one per province, honors by level,
lessons by theme, and a glossary of the named methods (“五好”工作法, “12345”工作法…).

These are the index pages through which readers reach case pages (case pages stay out of the
navigation), so they list cases; no other page does.  Everything is drawn from the case model,
and every link is relative to the page that carries it, as MkDocs resolves links.
"""

from __future__ import annotations

import functools
from collections import defaultdict

from casebook.model.case import HONOR_LEVELS, MISSING, Case, Honor, Practice
from casebook.model.vocabulary import CATEGORIES, Term, Vocabulary
from casebook.pages import paging
from casebook.pages.case_page import figures_text
from casebook.pages.markdown import Linker, LinkTo, case_link, cell, front, linked, relative_link
from casebook.text import pinyin

# Category → folder of its term pages (the URL a reader sees: /practices/grid-governance/).
TERM_DIRS = {
    "practices": "practices",
    "challenges": "challenges",
    "community_types": "types",
    "themes": "themes",
}
SECTION_TITLES = {
    "practices": "做法",
    "challenges": "问题",
    "community_types": "社区类型",
    "themes": "经验主题",
}

# The case table of a term page: its heading and what the third column says about each case.
TERM_TABLES = {
    "practices": ("用到这一做法的案例", "具体做法"),
    "challenges": ("面临这一问题的案例", "情况"),
    "community_types": ("这一类型的案例", "概要"),
}

PROVINCE_SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市")
# Official romanisation where plain pinyin would collide (山西 and 陕西 are both "shanxi").
SLUG_OVERRIDES = {"陕西": "shaanxi"}


def shown_aliases(label: str, aliases: tuple[str, ...]) -> list[str]:
    """Aliases worth showing a reader: variant names, not the Traditional spelling of a name.

    The vocabulary lists Traditional forms so that the importer and search recognise them; on a
    page they only repeat a name (and, in the Traditional edition, collapse into duplicates).
    """
    from casebook.text.chinese import to_simplified

    seen = {label}
    out = []
    for alias in aliases:
        simplified = to_simplified(alias)
        if simplified in seen:
            continue
        seen.add(simplified)
        out.append(alias if simplified == alias else simplified)
    return out


def term_path(vocab: Vocabulary, category: str, label: str) -> str | None:
    term = vocab.get(category, label)
    return f"{TERM_DIRS[category]}/{term.id}.md" if term and term.id else None


@functools.cache
def province_slug(province: str) -> str:
    short = province
    for suffix in PROVINCE_SUFFIXES:
        if short.endswith(suffix) and len(short) > len(suffix):
            short = short[: -len(suffix)]
            break
    if short in SLUG_OVERRIDES:
        return SLUG_OVERRIDES[short]
    return pinyin.slug(short) or "other"


def region_path(province: str) -> str:
    return f"regions/{province_slug(province)}.md"


def site_linker(vocab: Vocabulary) -> Linker:
    """Tags to their term pages and provinces to their region pages, relative to the linking page."""

    def link(category: str, label: str, page: str) -> str | None:
        target = region_path(label) if category == "regions" else term_path(vocab, category, label)
        return relative_link(page)(target) if target else None

    return link


def _count_note(n: int) -> str:
    return f"共 {n} 个案例。" if n else "本库暂无案例用到这一标签。"


def effects_text(case: Case, label: str) -> str:
    """What the case measured from its practices carrying `label`: the figures of the outcomes
    its sources tie to them (an outcome without figures by its text), or — where none are tied."""
    parts = [figures_text(o) or o.text for o in case.effects_of_tag(label)]
    return cell("；".join(parts)) if parts else MISSING


def _term_rows(term: Term, c: Case, link: LinkTo, vocab: Vocabulary) -> list[str]:
    label = term.label
    if term.category == "themes":  # the lessons on this theme, case by case
        return [f"- **{case_link(c, link)}**：{cell(x.text)}" for x in c.lessons if x.theme == label]
    if term.category == "practices":  # the case's own practices with this tag, linked
        what = "、".join(
            f"[{cell(p.name)}]({link(c.page, p.anchor)})" for p in c.practices if label in p.tags
        )
        problems = "、".join(_term_link(vocab, "challenges", t, link) for t in c.challenge_tags)
        return [
            f"| {case_link(c, link)} | {cell(c.place)} | {what} | {problems or MISSING} | {effects_text(c, label)} |"
        ]
    if term.category == "challenges":  # what the case says about this problem
        what = "；".join(cell(x.text) for x in c.challenges if x.tag == label)
    else:
        what = cell(c.summary)
    return [f"| {case_link(c, link)} | {cell(c.place)} | {what} |"]


def term_pages(term: Term, cases: list[Case], vocab: Vocabulary) -> dict[str, str]:
    """Definition of one vocabulary term and every case that uses it, PER_PAGE cases a page."""
    first = term_path(vocab, term.category, term.label)
    assert first
    using = [c for c in cases if term.label in c.tags(term.category)]
    chunks = paging.split(first, first.removesuffix(".md") + "/{n}.md", using)
    paths = [p for p, _ in chunks]
    return {
        page: _term_page(term, vocab, chunk, len(using), paths, k) for k, (page, chunk) in enumerate(chunks)
    }


def _term_page(term: Term, vocab: Vocabulary, chunk: list[Case], total: int, paths: list[str], k: int) -> str:
    page = paths[k]
    link = relative_link(page)
    section = SECTION_TITLES[term.category]
    out = paging.page_front(term.label, k)
    out += [f"# {cell(term.label)}", ""]
    out += [f"**{section}**：{cell(term.definition)}", ""]
    names = shown_aliases(term.label, term.aliases)
    if names:
        out += ["又称：" + "、".join(cell(a) for a in names), ""]
    out += [f"[全部{section}]({link(TERM_DIRS[term.category] + '/index.md')})", ""]
    if term.category == "themes":
        out += ["## 各案例的经验", "", _count_note(total), "", *paging.pager(paths, k, link)]
        for c in chunk:
            out += _term_rows(term, c, link, vocab)
        out.append("")
        return "\n".join(out)
    heading, column = TERM_TABLES[term.category]
    out += [f"## {heading}", "", _count_note(total), ""]
    if term.category == "practices":
        out += ["“成效”是各案例资料写明出自这类做法的成效数字；“—”表示资料没有把成效对应到这项做法。", ""]
    out += paging.pager(paths, k, link)
    if chunk:
        if term.category == "practices":
            out += [f"| 社区 | 地点 | {column} | 面临的问题 | 成效 |", "| --- | --- | --- | --- | --- |"]
        else:
            out += [f"| 社区 | 地点 | {column} |", "| --- | --- | --- |"]
    for c in chunk:
        out += _term_rows(term, c, link, vocab)
    out.append("")
    out += paging.pager(paths, k, link)
    return "\n".join(out)


def section_index(category: str, cases: list[Case], vocab: Vocabulary, intro: str = "") -> str:
    """A category's terms with their definitions and how many cases use each."""
    folder = TERM_DIRS[category]
    page = f"{folder}/index.md"
    link = relative_link(page)
    title = SECTION_TITLES[category]
    out = [*front(title), f"# {title}", ""]
    if intro:
        out += [intro, ""]
    out += [f"| {CATEGORIES[category]} | 定义 | 案例数 |", "| --- | --- | ---: |"]
    for term in vocab.all(category):
        n = sum(1 for r in cases if term.label in r.tags(category))
        target = link(f"{folder}/{term.id}.md")
        out.append(f"| [{cell(term.label)}]({target}) | {cell(term.definition)} | {n} |")
    out.append("")
    return "\n".join(out)


def regions_index(cases: list[Case]) -> str:
    link = relative_link("regions/index.md")
    by_province: dict[str, list[Case]] = defaultdict(list)
    for r in cases:
        by_province[r.location.province].append(r)
    out = [*front("地区"), "# 地区", "", f"本库案例分布在 {len(by_province)} 个省级行政区。", ""]
    if by_province:
        from casebook.pages.home import tile_map  # home imports this module

        out += ["点击有案例的省份，查看那里的案例（示意图，方块不表示边界和面积）。", ""]
        out += [tile_map(cases, link), ""]
    out += ["| 省级行政区 | 案例数 | 城市 |", "| --- | ---: | --- |"]
    for province in sorted(by_province, key=province_slug):
        cities = sorted({r.location.city for r in by_province[province]})
        target = link(region_path(province))
        out.append(
            f"| [{cell(province)}]({target}) | {len(by_province[province])} | {cell('、'.join(cities))} |"
        )
    out.append("")
    return "\n".join(out)


def region_pages(province: str, cases: list[Case], vocab: Vocabulary) -> dict[str, str]:
    """A province's cases by city, PER_PAGE cases a page (cities in pinyin order)."""
    here = sorted(
        (r for r in cases if r.location.province == province), key=lambda r: (r.location.city, r.id)
    )
    first = region_path(province)
    chunks = paging.split(first, first.removesuffix(".md") + "/{n}.md", here)
    paths = [p for p, _ in chunks]
    cities = len({r.location.city for r in here})
    return {
        page: _region_page(province, vocab, chunk, (len(here), cities), paths, k)
        for k, (page, chunk) in enumerate(chunks)
    }


def _region_page(
    province: str, vocab: Vocabulary, chunk: list[Case], totals: tuple[int, int], paths: list[str], k: int
) -> str:
    link = relative_link(paths[k])
    out = [*paging.page_front(province, k), f"# {cell(province)}", ""]
    out += [f"[全部地区]({link('regions/index.md')})", ""]
    out += [f"{cell(province)}共有 {totals[0]} 个案例，分布在 {totals[1]} 个城市。", ""]
    out += paging.pager(paths, k, link)
    by_city: dict[str, list[Case]] = defaultdict(list)
    for r in chunk:
        by_city[r.location.city].append(r)
    for city, items in by_city.items():
        out += [f"## {cell(city)}", "", "| 社区 | 区县、街道 | 类型 | 概要 |", "| --- | --- | --- | --- |"]
        for r in items:
            types = "、".join(_term_link(vocab, "community_types", t, link) for t in r.community_types)
            out.append(
                f"| {case_link(r, link)} | {cell(r.location.county + r.location.street) or MISSING} | "
                f"{types or MISSING} | {cell(r.summary)} |"
            )
        out.append("")
    out += paging.pager(paths, k, link)
    return "\n".join(out)


def _term_link(vocab: Vocabulary, category: str, label: str, link: LinkTo) -> str:
    target = term_path(vocab, category, label)
    return linked(cell(label), link(target) if target else None)


HONOR_SLUGS = dict(zip(HONOR_LEVELS, ("national", "provincial", "city", "county", "street"), strict=True))


def honors_pages(cases: list[Case]) -> dict[str, str]:
    """honors/index.md (how many honors at each level) and each level's honors, newest first."""
    link = relative_link("honors/index.md")
    out = [*front("荣誉"), "# 荣誉", ""]
    out += ["各案例社区（或其书记、党组织）获得的荣誉，按授予层级分页，同一层级内新的在前。", ""]
    total = sum(len(r.honors) for r in cases)
    out += [f"共 {total} 项荣誉，来自 {sum(1 for r in cases if r.honors)} 个案例。", ""]
    out += ["| 层级 | 荣誉数 | 案例数 |", "| --- | ---: | ---: |"]
    pages: dict[str, str] = {}
    for level in HONOR_LEVELS:
        items = [(h, r) for r in cases for h in r.honors if h.level == level]
        if not items:
            continue
        items.sort(key=lambda x: (-(x[0].year or 0), x[1].id))
        first = f"honors/{HONOR_SLUGS[level]}.md"
        chunks = paging.split(first, f"honors/{HONOR_SLUGS[level]}/{{n}}.md", items)
        paths = [p for p, _ in chunks]
        for k, (page, chunk) in enumerate(chunks):
            pages[page] = _honors_level_page(level, len(items), chunk, paths, k)
        n_cases = len({r.id for _, r in items})
        out.append(f"| [{level}]({link(first)}) | {len(items)} | {n_cases} |")
    out.append("")
    return {"honors/index.md": "\n".join(out), **pages}


def _honors_level_page(
    level: str, total: int, chunk: list[tuple[Honor, Case]], paths: list[str], k: int
) -> str:
    link = relative_link(paths[k])
    out = [*paging.page_front(f"{level}荣誉", k), f"# {level}荣誉", ""]
    out += [f"[全部荣誉]({link('honors/index.md')}) · 共 {total} 项，新的在前。", ""]
    out += paging.pager(paths, k, link)
    out += ["| 荣誉 | 年份 | 案例 |", "| --- | ---: | --- |"]
    for h, r in chunk:
        who = f"（{cell(h.recipient)}）" if h.recipient else ""
        out.append(f"| {cell(h.name)}{who} | {h.year or MISSING} | {case_link(r, link)} |")
    out.append("")
    out += paging.pager(paths, k, link)
    return "\n".join(out)


def glossary_pages(cases: list[Case], vocab: Vocabulary) -> dict[str, str]:
    """Named methods by the pinyin initial of their name: an index of letters, then each
    letter's methods with their components, practice tags and the case that named them."""
    link = relative_link("glossary/index.md")
    entries: list[tuple[Practice, Case]] = [(p, r) for r in cases for p in r.practices]

    def spelled(name: str) -> str:
        return pinyin.spelled(name.strip("“”"))

    def key(entry: tuple[Practice, Case]) -> tuple[str, str, str]:
        p, r = entry
        return (pinyin.initial(p.name), spelled(p.name), r.id)

    entries.sort(key=key)
    out = [*front("词汇表"), "# 词汇表：有名有姓的工作法", ""]
    out += [
        "各社区给自己的做法起的名字，连同它的组成部分和出处，按名称拼音的首字母分页。"
        "做法的通用类别见[做法](../practices/index.md)。",
        "",
    ]
    letters: dict[str, list[tuple[Practice, Case]]] = defaultdict(list)
    for e in entries:
        letters[pinyin.initial(e[0].name)].append(e)
    pages: dict[str, str] = {}
    if letters:
        out += ["| 首字母 | 工作法数 |", "| --- | ---: |"]
    for letter, items in letters.items():
        first = f"glossary/{_anchor(letter)}.md"
        chunks = paging.split(first, f"glossary/{_anchor(letter)}/{{n}}.md", items)
        paths = [p for p, _ in chunks]
        for k, (page, chunk) in enumerate(chunks):
            pages[page] = _glossary_letter_page(letter, vocab, chunk, len(items), paths, k)
        out.append(f"| [{letter}]({link(first)}) | {len(items)} |")
    out.append("")
    return {"glossary/index.md": "\n".join(out), **pages}


def _glossary_letter_page(
    letter: str, vocab: Vocabulary, chunk: list[tuple[Practice, Case]], total: int, paths: list[str], k: int
) -> str:
    link = relative_link(paths[k])
    title = f"词汇表：{letter}"
    out = [*paging.page_front(title, k), f"# {title}", ""]
    out += [f"[全部首字母]({link('glossary/index.md')}) · 以 {letter} 开头的工作法共 {total} 个。", ""]
    out += paging.pager(paths, k, link)
    out += ["| 名称 | 组成 | 做法类型 | 案例 |", "| --- | --- | --- | --- |"]
    for p, r in chunk:
        comps = "、".join(cell(c) for c in p.components) or MISSING
        tags = "、".join(_term_link(vocab, "practices", t, link) for t in p.tags)
        out.append(
            f"| [{cell(p.name)}]({link(r.page, p.anchor)}) | {comps} | {tags} | {case_link(r, link)} |"
        )
    out.append("")
    out += paging.pager(paths, k, link)
    return "\n".join(out)


def _anchor(letter: str) -> str:
    return "letter-" + ("digits" if letter == "0-9" else "other" if letter == "#" else letter.lower())


def pages(cases: list[Case], vocab: Vocabulary) -> dict[str, str]:
    """Every topic page, docs-relative path → Markdown."""
    out: dict[str, str] = {}
    intros = {
        "practices": "做法的通用类别。各社区的具体工作法见[词汇表](../glossary/index.md)，"
        "哪个案例用了哪类做法见[做法矩阵](../tables/practices.md)。",
        "challenges": "社区面临的问题。每个问题用到了哪些做法，见[问题与做法](../tables/challenges.md)。",
        "community_types": "按社区类型查看案例。",
        "themes": "案例总结的经验，按主题归类；点开主题可读到各案例的经验原文。",
    }
    for category in TERM_DIRS:
        out[f"{TERM_DIRS[category]}/index.md"] = section_index(category, cases, vocab, intros[category])
        for term in vocab.all(category):
            path = term_path(vocab, category, term.label)
            if path:
                out.update(term_pages(term, cases, vocab))
    out["regions/index.md"] = regions_index(cases)
    for province in sorted({r.location.province for r in cases}):
        out.update(region_pages(province, cases, vocab))
    out.update(honors_pages(cases))
    out.update(glossary_pages(cases, vocab))
    return out
