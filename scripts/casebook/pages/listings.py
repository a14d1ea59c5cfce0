"""Pages that list every case: the case index and the three comparison-table pages."""

from __future__ import annotations

from casebook.model.case import Case
from casebook.model.vocabulary import Vocabulary
from casebook.pages import tables, topics
from casebook.pages.markdown import cell, front, relative_link


def index_page(cases: list[Case]) -> str:
    """cases/index.md: every case with its place, type, founding, completeness and summary."""
    out = [*front("案例索引"), "# 案例索引", ""]
    out.append(f"本库共收录 {len(cases)} 个案例。点击社区名称阅读案例。")
    out.append("")
    out.append("| 社区 | 地点 | 类型 | 成立 | 完整度 | 概要 |")
    out.append("| --- | --- | --- | --- | --- | --- |")
    for c in cases:
        types = cell("、".join(c.community_types))
        name = f"[{cell(c.name)}]({c.id}.md)" + ("（草稿）" if c.is_draft else "")
        out.append(
            f"| {name} | {cell(c.place)} | {types} | {c.founded_text} | {c.rating.label} | {cell(c.summary)} |"
        )
    out.append("")
    return "\n".join(out)


def overview_page(cases: list[Case]) -> str:
    """tables/index.md: the sortable overview of every case's main figures."""
    link = relative_link("tables/index.md")
    out = [*front("总览表"), "# 案例总览表", ""]
    out.append(
        f"本库 {len(cases)} 个案例的基本情况。数字照原文书写（保留“余”“多”“近”等限定词），"
        "点击表头可按数值排序；“—”表示资料中没有这一数字，不是零。"
    )
    out.append("")
    out.append(
        "[做法 × 案例矩阵](practices.md) · [问题 → 做法 → 案例](challenges.md) · "
        "[并排比较](../compare/index.md) · [下载数据](../data/index.md)"
    )
    out.append("")
    out.append(tables.overview_table(cases, link, html_sort=True))
    return "\n".join(out)


def matrix_page(cases: list[Case], vocab: Vocabulary) -> str:
    """tables/practices.md: cases down, practice tags across."""
    link = relative_link("tables/practices.md")

    def term_link(label: str) -> str | None:
        target = topics.term_path(vocab, "practices", label)
        return link(target) if target else None

    out = [*front("做法矩阵"), "# 做法 × 案例矩阵", ""]
    out.append(
        "每行一个案例，每列一类做法；✓ 链接到该案例里具体的那项做法，鼠标停在 ✓ 上可看到做法名称。"
        "列名链接到做法的定义和全部案例。"
    )
    out.append("")
    out.append('<div class="cb-matrix" markdown>')
    out.append("")
    labels = [t.label for t in vocab.all("practices")]
    out.append(tables.practice_matrix(cases, labels, link, term_link))
    out.append("</div>")
    out.append("")
    return "\n".join(out)


def challenge_map_page(cases: list[Case], vocab: Vocabulary) -> str:
    """tables/challenges.md: problem → the practices used against it → the cases."""
    link = relative_link("tables/challenges.md")

    def term_link(category: str, label: str) -> str | None:
        target = topics.term_path(vocab, category, label)
        return link(target) if target else None

    out = [*front("问题与做法"), "# 问题 → 做法 → 案例", ""]
    out.append("每个问题下，列出面对它的案例用了哪些做法、各有哪些案例；案例名链接到该案例里的那项做法。")
    out.append("")
    challenges, practices = ([t.label for t in vocab.all(c)] for c in ("challenges", "practices"))
    out.append(tables.challenge_map(cases, challenges, practices, link, term_link))
    return "\n".join(out)
