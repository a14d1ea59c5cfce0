"""The pack's files: the site generator run on the course's cases (so case pages, tables and
glossary are the site's own), plus the course's home, session pages, glossary and handout, and the
pack's nav.  Plain functions from course + cases to text; the casebook plugin in pack mode hands
them to MkDocs, which applies the same page steps as on the site (pipeline/steps.py).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from casebook.model.course import Course, Session, load_course, resolve_course
from casebook.model.library import Library
from casebook.model.vocabulary import CATEGORIES, Term, Vocabulary
from casebook.pack import HANDOUT, SCRIPTS, ExportError
from casebook.pack.handout import hours_text, render_handout, session_label
from casebook.pages.markdown import cell, esc
from casebook.pipeline import steps
from casebook.pipeline.source import GeneratedFile, generated_files
from casebook.validate.problems import ERROR, Problem

ASSETS = Path(__file__).resolve().parent / "assets" / "offline"
SHIM = "assets/offline/iframe-worker-shim.js"


def open_course(root: Path, ref: str, lib: Library) -> Course:
    """The course `ref` (an id or a path) of the library at `root`, checked with the cases it uses;
    an ExportError listing every problem (file:line:column) when it cannot be packed."""
    path, problems = resolve_course(root, ref)
    course = None
    if path is not None:
        course, problems = load_course(path, root, lib)
    errors = [p for p in problems if p.level == ERROR]
    if course is not None:
        prefixes = (*(f"cases/{cid}/" for cid in course.case_ids), "cases/vocabulary.yml")
        errors += [p for p in lib.errors if p.path.startswith(prefixes)]
    if errors or course is None:
        raise ExportError(problem_report(errors))
    return course


def problem_report(errors: list[Problem]) -> str:
    lines = [p.format() for p in errors]
    return "\n".join([*lines, f"课程有 {len(errors)} 个错误，没有导出，也没有写入任何文件。"])


def course_library(lib: Library, course: Course) -> Library:
    """The library as the pack sees it: the course's cases and only the terms they use."""
    cases = [c for c in lib.cases if c.id in set(course.case_ids)]
    used = {cat: {label for c in cases for label in c.tags(cat)} for cat in CATEGORIES}
    vocab = Vocabulary(
        {
            cat: {label: t for label, t in lib.vocab.terms.get(cat, {}).items() if label in used[cat]}
            for cat in CATEGORIES
        }
    )
    return Library(lib.root, vocab, cases=cases)


def used_terms(sub: Library) -> list[Term]:
    return [t for cat in CATEGORIES for t in sub.vocab.all(cat)]


def _title_of(markdown_text: str, path: str) -> str:
    m = re.search(r"^title:\s*(.+)$", markdown_text, re.M) or re.search(r"^#\s+(.+)$", markdown_text, re.M)
    return m.group(1).strip() if m else path


def _glossary_path(pages: dict[str, Any]) -> str | None:
    return next((p for p in sorted(pages) if p.endswith(".md") and "glossary" in p), None)


def glossary_page(sub: Library) -> str:
    out = ["---", "title: 术语", "---", "", "# 术语", "", "本课程案例用到的标签及其含义。", ""]
    for cat, name in CATEGORIES.items():
        terms = sub.vocab.all(cat)
        if not terms:
            continue
        out += [f"## {name}", ""]
        for t in terms:
            out.append(f"- **{esc(t.label)}**：{esc(t.definition)}")
        out.append("")
    return "\n".join(out)


def home_page(course: Course, sub: Library, extras: dict[str, str]) -> str:
    """Course home: what the course is for, the schedule, the cases, and how to use the pack offline."""
    d = course.data
    out = ["---", f"title: {course.title}", "---", "", f"# {esc(course.title)}", ""]
    if d.get("subtitle"):
        out += [f"**{esc(d['subtitle'])}**", ""]
    if d.get("description"):
        out += [esc(d["description"]), ""]
    out += [
        "| 项目 | 内容 |",
        "| --- | --- |",
        f"| 培训对象 | {cell(d['audience'])} |",
        f"| 学时 | {hours_text(d['hours'])} |",
        f"| 安排 | {len(course.sessions)} 讲，{len(course.case_ids)} 个案例 |",
    ]
    if d.get("organizer"):
        out.append(f"| 编写 | {cell(d['organizer'])} |")
    out += ["", "## 学习目标", ""]
    out += [f"{i}. {esc(o)}" for i, o in enumerate(d["objectives"], 1)]
    out += ["", "## 课程安排", "", "| 讲次 | 主题 | 学时 | 案例 |", "| --- | --- | --- | --- |"]
    names = {c.id: c.name for c in sub.cases}
    for s in course.sessions:
        cases = "、".join(f"[{cell(names[c])}](cases/{c}.md)" for c, _ in s.reading)
        out.append(
            f"| {session_label(s)} | [{cell(s.title)}](sessions/{s.number}.md) | "
            f"{hours_text(s.hours) or '—'} | {cases} |"
        )
    out += ["", "## 本课程的案例", ""]
    for cid in course.case_ids:
        c = sub.get(cid)
        assert c is not None
        draft = "（草稿）" if c.is_draft else ""
        out.append(f"- [{esc(c.name)}](cases/{cid}.md){draft}：{esc(c.summary)}")
    out += ["", "## 资料", ""]
    out.append("- [案例一览](cases/index.md)：本课程全部案例的地点、类型和概要。")
    for path, title in extras.items():
        out.append(f"- [{esc(title)}]({path})")
    out.append(f"- [讲义（可打印）]({HANDOUT})：封面、目录、各讲讨论题和全部案例，一个页面印完。")
    out += ["", "## 使用说明", ""]
    out += [
        "- **不用联网**：这是一个离线课程包。解压（或复制）整个文件夹后，用任意浏览器打开其中的 "
        "`index.html` 即可阅读；文件夹可以放在电脑、U 盘或共享盘的任何位置。",
        "- **搜索**：点页面顶部的搜索框，输入社区名称、做法名称或关键词（如“网格”“养老”），"
        "结果只包含本课程的页面。",
        "- **按讲使用**：从上面的“课程安排”进入各讲，每讲列有阅读顺序、阅读重点和讨论题。",
        f"- **打印**：打开[讲义]({HANDOUT})，用浏览器的“打印”功能，纸张选 A4；"
        "也可在打印对话框中选择“另存为 PDF”。每个案例从新的一页开始。",
        "- **资料来源**：案例页末尾列出原始资料的出处和网址，这些网址需要联网才能打开。",
    ]
    out.append("")
    return "\n".join(out)


COMPARE_PAGE = "compare/index.md"
COMPARE_MAX = 4  # the compare view shows at most four cases side by side


def session_page(course: Course, s: Session, sub: Library, compare: bool = False) -> str:
    out = [
        "---",
        f"title: {session_label(s)} {s.title}",
        "---",
        "",
        f"# {session_label(s)} {esc(s.title)}",
        "",
    ]
    if s.hours is not None:
        out += [f"学时：{hours_text(s.hours)}", ""]
    if s.summary:
        out += [esc(s.summary), ""]
    out += ["## 阅读顺序", ""]
    for i, (cid, focus) in enumerate(s.reading, 1):
        c = sub.get(cid)
        assert c is not None
        out.append(f"{i}. [{esc(c.name)}](../cases/{cid}.md)" + (f"：{esc(focus)}" if focus else ""))
    if compare and 2 <= len(s.reading) <= COMPARE_MAX:
        # Raw HTML: the selection rides in the fragment, which MkDocs would take for a missing anchor.
        ids = ",".join(cid for cid, _ in s.reading)
        out += [
            "",
            f'<a href="../compare/index.html#c={ids}">把本讲的案例并排比较</a>'
            "（地点、规模、问题、做法、成效逐行对齐）",
        ]
    out += ["", "## 讨论题", ""]
    out += [f"{i}. {esc(q)}" for i, q in enumerate(s.questions, 1)]
    out += ["", f"本讲内容也收在[讲义](../{HANDOUT}#session-{s.number})里，可以直接打印。", ""]
    # Previous and next session: Material's page footer links them (navigation.footer).
    return "\n".join(out)


# Pages of the site generator worth a line on the course home, when it makes them.
HOME_LINKS = (
    "tables/index.md",
    "compare/index.md",
    "tables/practices.md",
    "tables/challenges.md",
    "charts/index.md",
)


def filter_nav(nav: Any, available: set[str]) -> list[Any]:
    """The main site's nav less what a pack has not: its home page, missing pages, outside links."""
    out: list[Any] = []
    for item in nav if isinstance(nav, list) else []:
        title, target = (
            next(iter(item.items())) if isinstance(item, dict) and len(item) == 1 else (None, item)
        )
        if isinstance(target, list):
            inner = filter_nav(target, available)
            if inner:
                out.append({title: inner} if title else inner)
        elif isinstance(target, str) and target != "index.md" and target in available:
            out.append(item)
    return out


def _docs_order(path: str) -> tuple[tuple[str, ...], bool, str]:
    """MkDocs's order for files found in a docs folder (folder by folder, index first), which also
    orders the search index: the pack lists its files as if they had been written to disk."""
    *folders, name = path.split("/")
    return (tuple(folders), os.path.splitext(name)[0] not in ("index", "README"), name)


def pack_files(
    course: Course, sub: Library, script: str, site_nav: Any = None
) -> tuple[list[GeneratedFile], list[Any]]:
    """Every file of the pack (the site generator's, marked as such, and the course's own) and the
    pack's nav, in Simplified: the page steps convert pages and nav for a Traditional pack."""
    generated = generated_files(sub, script)
    markdown = {f.path: f.content for f in generated}
    own: dict[str, str] = {}
    glossary = _glossary_path(markdown)
    if glossary is None:
        glossary = "glossary.md"
        own[glossary] = glossary_page(sub)
    resources = {p: _title_of(markdown[p], p) for p in HOME_LINKS if p in markdown}
    resources[glossary] = _title_of(markdown.get(glossary) or own[glossary], glossary)
    own["index.md"] = home_page(course, sub, resources)
    for s in course.sessions:
        own[f"sessions/{s.number}.md"] = session_page(course, s, sub, COMPARE_PAGE in markdown)
    case_md = {c.id: markdown[f"cases/{c.id}.md"] for c in sub.cases}
    handout = render_handout(course, sub, case_md, used_terms(sub), lang=SCRIPTS[script][1])
    own[HANDOUT] = steps.static_file(HANDOUT, handout, script)
    # The site's course pages link to downloads a pack does not carry (the pack is the download).
    files = [f for f in generated if f.path not in own and not f.path.startswith("courses/")]
    files += [GeneratedFile(p, text, in_nav=True, listing=False) for p, text in own.items()]
    nav: list[Any] = [
        {"课程首页": "index.md"},
        {"各讲": [{f"{session_label(s)} {s.title}": f"sessions/{s.number}.md"} for s in course.sessions]},
    ]
    # The rest of the nav is the main site's, so a trainer finds things where the site has them.
    site_part = filter_nav(site_nav, {f.path for f in files}) if site_nav else []
    if not site_part:
        site_part = [{"案例": "cases/index.md"}, *({t: p} for p, t in resources.items())]
    if glossary not in json.dumps(site_part):
        site_part.append({"术语": glossary})
    nav += site_part
    return sorted(files, key=lambda f: _docs_order(f.path)), nav


def offline_assets() -> dict[str, Path]:
    """What the pack needs to search from file:// (the iframe-worker shim and its licence): pack
    path → file in this package."""
    return {f"assets/offline/{f.name}": f for f in sorted(ASSETS.iterdir()) if f.suffix in (".js", ".txt")}
