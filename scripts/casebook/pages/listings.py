"""Pages that list every case: the three comparison-table pages (the case index is browser.py)."""

from __future__ import annotations

from casebook.model.case import MISSING, Case
from casebook.model.vocabulary import Vocabulary
from casebook.pages import paging, tables, topics
from casebook.pages.markdown import LinkTo, case_link, cell, front, linked, relative_link


def overview_page(cases: list[Case]) -> dict[str, str]:
    """tables/index.md (and tables/overview/<n>.md): the overview of every case's main figures."""
    chunks = paging.split("tables/index.md", "tables/overview/{n}.md", cases)
    paths = [p for p, _ in chunks]
    pages = {}
    for k, (page, chunk) in enumerate(chunks):
        link = relative_link(page)
        out = [*paging.page_front("总览表", k), "# 案例总览表", ""]
        out.append(
            f"本库 {len(cases)} 个案例的基本情况。数字照原文书写（保留“余”“多”“近”等限定词），"
            "点击表头可按数值排序（在本页之内；全部案例的排序和筛选见[案例浏览]"
            f"({link('cases/index.md')})）；“—”表示资料中没有这一数字，不是零。"
        )
        out.append("")
        out.append(
            f"[做法 × 案例矩阵]({link('tables/practices.md')}) · [问题 → 做法 → 案例]({link('tables/challenges.md')}) · "
            f"[并排比较]({link('compare/index.md')}) · [下载数据]({link('data/index.md')})"
        )
        out.append("")
        out += paging.pager(paths, k, link)
        out.append(tables.overview_table(chunk, link, html_sort=True))
        out += paging.pager(paths, k, link)
        pages[page] = "\n".join(out)
    return pages


def matrix_page(cases: list[Case], vocab: Vocabulary) -> dict[str, str]:
    """tables/practices.md (and tables/practices/<n>.md): cases down, practice tags across."""
    chunks = paging.split("tables/practices.md", "tables/practices/{n}.md", cases)
    paths = [p for p, _ in chunks]
    labels = tables.used_terms(cases, [t.label for t in vocab.all("practices")], lambda c: c.practice_tags)
    counts = {t: sum(1 for c in cases if t in c.practice_tags) for t in labels}
    pages = {}
    for k, (page, chunk) in enumerate(chunks):
        link = relative_link(page)

        def term_link(label: str, link: LinkTo = link) -> str | None:
            target = topics.term_path(vocab, "practices", label)
            return link(target) if target else None

        out = [*paging.page_front("做法矩阵", k), "# 做法 × 案例矩阵", ""]
        out.append(
            "每行一个案例，每列一类做法；✓ 链接到该案例里具体的那项做法，鼠标停在 ✓ 上可看到做法名称。"
            "列名链接到做法的定义和全部案例；最后一行是全库用到这类做法的案例数。"
        )
        out.append("")
        out += paging.pager(paths, k, link)
        out.append('<div class="cb-matrix" markdown>')
        out.append("")
        out.append(tables.practice_matrix(chunk, labels, link, term_link, counts))
        out.append("</div>")
        out.append("")
        out += paging.pager(paths, k, link)
        pages[page] = "\n".join(out)
    return pages


# Cases shown under each practice of a problem's page (those with measured effects first); the
# rest are one click away in the case browser, filtered by the problem and the practice.
SHOWN_PER_PRACTICE = 8


def challenge_pages(cases: list[Case], vocab: Vocabulary) -> dict[str, str]:
    """tables/challenges.md (each problem, how many cases face it, the practices most used against
    it) and, per problem, tables/challenges/<id>.md: for each practice, cases and their effects."""
    link = relative_link("tables/challenges.md")
    out = [*front("问题与做法"), "# 问题 → 做法 → 案例", ""]
    out.append(
        "每个问题，面对它的案例用了哪些做法。点开问题，可看到每类做法下的案例、它们的具体做法和资料写明的成效数字。"
    )
    out.append("")
    out += ["| 问题 | 案例数 | 用得最多的做法（案例数） |", "| --- | ---: | --- |"]
    practices = [t.label for t in vocab.all("practices")]
    pages: dict[str, str] = {}
    for ch in tables.used_terms(
        cases, [t.label for t in vocab.all("challenges")], lambda c: c.challenge_tags
    ):
        term = vocab.get("challenges", ch)
        if term is None or not term.id:
            continue
        facing = [c for c in cases if ch in c.challenge_tags]
        by_practice = [(t, [c for c in facing if t in c.practice_tags]) for t in practices]
        by_practice = sorted((x for x in by_practice if x[1]), key=lambda x: -len(x[1]))
        page = f"tables/challenges/{term.id}.md"
        pages[page] = _challenge_page(term.label, term.id, facing, by_practice, vocab)
        top = "、".join(
            f"[{cell(t)}]({link(page, _practice_id(vocab, t))})（{len(u)}）" for t, u in by_practice[:5]
        )
        out.append(f"| [{cell(ch)}]({link(page)}) | {len(facing)} | {top or MISSING} |")
    out.append("")
    return {"tables/challenges.md": "\n".join(out), **pages}


def _practice_id(vocab: Vocabulary, label: str) -> str:
    term = vocab.get("practices", label)
    return term.id if term and term.id else ""


def _challenge_page(
    label: str, term_id: str, facing: list[Case], by_practice: list[tuple[str, list[Case]]], vocab: Vocabulary
) -> str:
    page = f"tables/challenges/{term_id}.md"
    link = relative_link(page)
    out = [*front(f"问题与做法：{label}"), f"# {cell(label)}：用了哪些做法，有什么成效", ""]
    out.append(
        f"[全部问题]({link('tables/challenges.md')}) · "
        f"[{cell(label)}的定义和全部案例]({link(f'challenges/{term_id}.md')})"
    )
    out.append("")
    out.append(
        f"面对这一问题的有 {len(facing)} 个案例。下面按用到的案例数列出它们的做法类别；"
        "每类做法下是案例、它的具体做法和资料写明出自这项做法的成效（有成效数字的案例在前）。"
    )
    out.append("")
    for t, using in by_practice:
        pid = _practice_id(vocab, t)
        target = topics.term_path(vocab, "practices", t)
        heading = linked(cell(t), link(target) if target else None)
        out += [f"## {heading}（{len(using)} 个案例）" + (f" {{#{pid}}}" if pid else ""), ""]
        ranked = sorted(using, key=lambda c: not c.effects_of_tag(t))  # stable: reading order kept
        out += ["| 社区 | 具体做法 | 成效 |", "| --- | --- | --- |"]
        for c in ranked[:SHOWN_PER_PRACTICE]:
            what = "、".join(
                f"[{cell(p.name)}]({link(c.page, p.anchor)})" for p in c.practices if t in p.tags
            )
            out.append(f"| {case_link(c, link)} | {what} | {topics.effects_text(c, t)} |")
        out.append("")
        if len(using) > SHOWN_PER_PRACTICE:
            state = f"problem={term_id}&practice={pid}"
            out.append(
                f"以上是其中 {SHOWN_PER_PRACTICE} 个。[在案例浏览中查看全部 {len(using)} 个]"
                f'({link("cases/index.md")}){{data-cb-browse="{state}"}}'
            )
            out.append("")
    return "\n".join(out)
