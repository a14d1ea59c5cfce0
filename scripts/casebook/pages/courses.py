"""The site's course pages: a list of the library's courses (courses/*.yml) and one page per course
with its sessions, cases and discussion questions, linking to the course's offline pack (zip) and
printable handout.

A trainer preparing a session finds it here and takes it away in one download; the pack and the
handout themselves are built with the site by the plugin (casebook.pack.site), at the paths named
here.  A course whose file or cases do not check is left out (`casebook check` reports it), so a
broken course never breaks the site.
"""

from __future__ import annotations

from casebook.model.course import Course, course_files, load_course
from casebook.model.library import Library

# The handout's way of counting sessions and hours (第一讲, 3 学时), so page and handout agree.
from casebook.pack.handout import hours_text, session_label
from casebook.pages.markdown import cell, esc, front

INDEX = "courses/index.md"


def page_path(course_id: str) -> str:
    return f"courses/{course_id}.md"


def zip_path(course_id: str) -> str:
    """Docs-relative path of the course's offline pack, beside its page."""
    return f"courses/{course_id}/{course_id}.zip"


def handout_path(course_id: str) -> str:
    return f"courses/{course_id}/handout.html"


def load_courses(lib: Library) -> list[Course]:
    """The library's courses that check, in file-name order."""
    found = []
    for path in course_files(lib.root):
        course, _ = load_course(path, lib.root, lib)
        if course is not None and all(lib.get(cid) is not None for cid in course.case_ids):
            found.append(course)
    return found


def _hours(hours: object) -> str:
    return hours_text(float(hours)) if isinstance(hours, (int, float)) else "—"


def _downloads(course: Course) -> list[str]:
    cid = course.id
    return [
        f"- **[离线课程包（zip）]({cid}/{cid}.zip)**：解压后用浏览器打开其中的 `index.html`，"
        "不用联网就能阅读本课程的案例、各讲讨论题，也能搜索；适合放在 U 盘或教室电脑上。",
        f"- **[讲义（可打印）]({cid}/handout.html)**：封面、目录、各讲讨论题和全部案例在一个页面里，"
        "用浏览器的“打印”选 A4 即可印发，或另存为 PDF。",
    ]


def course_page(course: Course, lib: Library) -> str:
    """courses/<id>.md: what the course is for, its downloads, then session by session."""
    d = course.data
    out = [*front(cell(course.title)), f"# {esc(course.title)}", ""]
    if d.get("subtitle"):
        out += [f"**{esc(d['subtitle'])}**", ""]
    if d.get("description"):
        out += [esc(d["description"]), ""]
    out += ["| 项目 | 内容 |", "| --- | --- |", f"| 培训对象 | {cell(d.get('audience', '—'))} |"]
    out.append(f"| 学时 | {_hours(d.get('hours'))} |")
    out.append(f"| 安排 | {len(course.sessions)} 讲，{len(course.case_ids)} 个案例 |")
    if d.get("organizer"):
        out.append(f"| 编写 | {cell(d['organizer'])} |")
    out += ["", "## 下载", "", *_downloads(course), ""]
    if d.get("objectives"):
        out += ["## 学习目标", ""]
        out += [f"{i}. {esc(o)}" for i, o in enumerate(d["objectives"], 1)]
        out.append("")
    for s in course.sessions:
        hours = f"（{_hours(s.hours)}）" if s.hours is not None else ""
        out += [f"## {session_label(s)} {esc(s.title)}{hours}", ""]
        if s.summary:
            out += [esc(s.summary), ""]
        out += ["**阅读顺序**", ""]
        for i, (cid, focus) in enumerate(s.reading, 1):
            c = lib.get(cid)
            name = esc(c.name) if c else esc(cid)
            out.append(f"{i}. [{name}](../cases/{cid}.md)" + (f"：{esc(focus)}" if focus else ""))
        out.append("")
        if 2 <= len(s.reading) <= 4:
            # Raw HTML: the selection rides in the fragment, which MkDocs would take for an anchor.
            ids = ",".join(cid for cid, _ in s.reading)
            out += [f'<p><a href="../../compare/#c={ids}">把本讲的案例并排比较</a></p>', ""]
        out += ["**讨论题**", ""]
        out += [f"{i}. {esc(q)}" for i, q in enumerate(s.questions, 1)]
        out.append("")
    return "\n".join(out)


def index_page(courses: list[Course]) -> str:
    """courses/index.md: every course with its audience, length and downloads, and what a pack is."""
    out = [*front("培训课程"), "# 培训课程", ""]
    out.append(
        "本库的案例编成了可以直接上课的课程：每门课分几讲，每讲有阅读顺序、阅读重点和讨论题。"
        "每门课都可以下载为**离线课程包**（zip），在没有网络的党校教室、乡镇培训室用浏览器打开就能阅读、"
        "搜索和打印；也可以只下载**讲义**直接打印。"
    )
    out.append("")
    if not courses:
        out += ["本库暂无课程。编写课程的方法见仓库的 CONTRIBUTING.md。", ""]
        return "\n".join(out)
    out += ["| 课程 | 培训对象 | 学时 | 安排 | 下载 |", "| --- | --- | --- | --- | --- |"]
    for c in courses:
        cid = c.id
        downloads = f"[课程包]({cid}/{cid}.zip) · [讲义]({cid}/handout.html)"
        out.append(
            f"| [{cell(c.title)}]({cid}.md) | {cell(c.data.get('audience', '—'))} | "
            f"{_hours(c.data.get('hours'))} | {len(c.sessions)} 讲，{len(c.case_ids)} 个案例 | {downloads} |"
        )
    out += [
        "",
        "## 课程包怎么用",
        "",
        "- **不用联网**：解压 zip，用任意浏览器打开文件夹里的 `index.html`；文件夹可以放在电脑、U 盘或共享盘上。",
        "- **内容**：课程首页（学习目标、课程安排）、各讲页面（阅读顺序、阅读重点、讨论题）、本课程的案例全文"
        "和比较表格、术语；页面顶部的搜索框只搜本课程，输入简体或繁体都能搜到。",
        "- **打印**：打开课程包里的讲义（或上面的“讲义”），用浏览器的“打印”，纸张选 A4；每讲、每个案例从新的一页开始。",
        "- **资料来源**：案例末尾列有原文网址，只有点击时才需要联网。",
        "",
        "想自己编一门课？课程文件的写法和导出命令见仓库的 CONTRIBUTING.md。",
        "",
    ]
    return "\n".join(out)


def pages(lib: Library) -> dict[str, str]:
    """The course list (also when there are none yet: the nav has a place for it) and a page per
    course."""
    courses = load_courses(lib)
    out = {INDEX: index_page(courses)}
    for c in courses:
        out[page_path(c.id)] = course_page(c, lib)
    return out
