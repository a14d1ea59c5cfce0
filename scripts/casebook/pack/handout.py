"""The printable handout: one self-contained HTML page for a whole course.

Trainers print it for the classroom, so it is built for paper first: a cover, a contents list, each
session with its reading order and discussion questions, then every case on fresh pages.  It reuses
the case pages of `site.generate()` (rendered with the same Markdown extensions as the site) so the
handout never says something different from the pack.  Links are unwrapped into plain text: a
printed link cannot be clicked, and the handout must not depend on where the other pages sit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import markdown

from casebook.model.course import Course, Session
from casebook.model.library import Library
from casebook.model.vocabulary import Term
from casebook.pages.markdown import esc

CN_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 → 一, 12 → 十二, 40 → 四十: how Chinese course plans count 第N讲."""
    if n < 10:
        return CN_DIGITS[n]
    if n < 20:
        return "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return CN_DIGITS[n // 10] + "十" + (CN_DIGITS[n % 10] if n % 10 else "")
    return str(n)


def session_label(s: Session) -> str:
    return f"第{cn_number(s.number)}讲"


def hours_text(hours: float | None) -> str:
    if hours is None:
        return ""
    return f"{int(hours)} 学时" if float(hours).is_integer() else f"{hours:g} 学时"


FRONT_MATTER_RE = re.compile(r"\A---\n.*?\n---\n", re.S)
ANCHOR_RE = re.compile(r"<a\b[^>]*>(.*?)</a>", re.S)
ID_ATTR_RE = re.compile(r'\bid="([^"]+)"')
HEADING_RE = re.compile(r"<(/?)h([1-5])\b")
# The case page's citation line names the site's address; the handout says where it comes from
# on its cover instead.
CITE_RE = re.compile(r'<p class="cb-cite">.*?</p>', re.S)

STYLE = """
:root { --ink: #1a1a1a; --line: #999; --accent: #b71c1c; }
* { box-sizing: border-box; }
html { font-size: 15px; }
body { margin: 0 auto; max-width: 52rem; padding: 1.5rem; color: var(--ink); line-height: 1.7;
  font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", "SimSun", "Noto Sans CJK SC",
  "Microsoft YaHei", serif; }
:lang(zh-Hant) body, body:lang(zh-Hant) { font-family: "Noto Serif CJK TC", "Source Han Serif TC",
  "Songti TC", "PMingLiU", "MingLiU", "Noto Sans CJK TC", serif; }
h1, h2, h3, h4, h5, h6 { line-height: 1.35; break-after: avoid; page-break-after: avoid; }
h2 { color: var(--accent); border-bottom: 2px solid var(--accent); padding-bottom: .2em; }
p, li { orphans: 2; widows: 2; }
table { width: 100%; max-width: 100%; border-collapse: collapse; table-layout: fixed; margin: .8em 0;
  font-size: .93rem; }
th, td { border: 1px solid var(--line); padding: .3em .5em; text-align: left; vertical-align: top;
  overflow-wrap: anywhere; word-break: break-word; }
th { background: #f3f3f3; }
tr { break-inside: avoid; page-break-inside: avoid; }
thead { display: table-header-group; }
blockquote { margin: .8em 0; padding: .2em 1em; border-left: 4px solid #ccc; color: #444; }
li, p, td { overflow-wrap: anywhere; }
.toolbar { position: sticky; top: 0; background: #fff8e1; border: 1px solid #f0d98c; padding: .4em .8em;
  margin-bottom: 1rem; font-size: .9rem; }
.cover { min-height: 85vh; display: flex; flex-direction: column; justify-content: center;
  text-align: center; }
.cover h1 { font-size: 2.2rem; margin: 0 0 .3em; color: var(--accent); }
.cover .subtitle { font-size: 1.3rem; margin: 0 0 2.5em; }
.cover dl { display: inline-grid; grid-template-columns: auto auto; gap: .3em 1em; text-align: left;
  margin: 0 auto; }
.cover dt { font-weight: bold; }
.cover dd { margin: 0; }
.contents ol { padding-left: 1.5em; }
.contents a, .xref { color: inherit; text-decoration: none; border-bottom: 1px dotted #888; }
.session, .case, .contents, .intro, .glossary { break-before: page; page-break-before: always; }
.session .questions li { margin-bottom: .5em; }
.case > h2 { font-size: 1.6rem; }
.admonition { border-left: 4px solid #f57c00; background: #fff3e0; padding: .3em .8em; margin: .8em 0; }
.admonition-title { font-weight: bold; margin: 0; }
.glossary dt { font-weight: bold; margin-top: .6em; }
.glossary dd { margin-left: 1.5em; }
@page { size: A4; margin: 18mm 16mm 20mm; }
@media print {
  html { font-size: 11pt; }
  body { max-width: none; padding: 0; }
  .toolbar { display: none; }
  .cover { min-height: 0; height: 240mm; }
  a { color: inherit; text-decoration: none; }
}
"""


def _render(md_text: str) -> str:
    md = markdown.Markdown(
        extensions=["tables", "attr_list", "admonition", "toc"],
        extension_configs={"toc": {"permalink": False}},
    )
    return md.convert(md_text)


def case_html(case_id: str, page_markdown: str) -> str:
    """A generated case page as a handout section: links unwrapped, ids made unique, headings one down."""
    body = CITE_RE.sub("", _render(FRONT_MATTER_RE.sub("", page_markdown, count=1)))
    body = ANCHOR_RE.sub(r"\1", body)
    body = ID_ATTR_RE.sub(lambda m: f'id="{case_id}--{m.group(1)}"', body)
    body = HEADING_RE.sub(lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", body)
    return f'<section class="case" id="case-{case_id}">\n{body}\n</section>'


def render_handout(
    course: Course,
    lib: Library,
    case_pages: dict[str, str],
    terms: Iterable[Term],
    lang: str = "zh-Hans",
    home: str = "index.html",
) -> str:
    """The whole handout as one HTML document (Simplified; the exporter converts it for `--script hant`)."""
    d = course.data
    names = {c.id: c.name for c in lib.cases}
    first_session: dict[str, int] = {}
    for s in course.sessions:
        for cid, _ in s.reading:
            first_session.setdefault(cid, s.number)
    out: list[str] = []
    out.append(f'<!doctype html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">')
    out.append('<meta name="viewport" content="width=device-width, initial-scale=1">')
    out.append(f"<title>{esc(course.title)}（讲义）</title>\n<style>{STYLE}</style>\n</head>\n<body>")
    out.append(
        f'<div class="toolbar"><a href="{home}">返回课程首页</a> · 这是整门课程的讲义，'
        "用浏览器的“打印”即可印成纸本或另存为 PDF（纸张选 A4）。</div>"
    )
    # Cover.
    out.append('<section class="cover">')
    out.append(f"<h1>{esc(course.title)}</h1>")
    if d.get("subtitle"):
        out.append(f'<p class="subtitle">{esc(d["subtitle"])}</p>')
    out.append("<dl>")
    out.append(f"<dt>培训对象</dt><dd>{esc(d['audience'])}</dd>")
    out.append(f"<dt>学时</dt><dd>{esc(hours_text(d['hours']))}</dd>")
    out.append(f"<dt>安排</dt><dd>{len(course.sessions)} 讲，{len(course.case_ids)} 个案例</dd>")
    if d.get("organizer"):
        out.append(f"<dt>编写</dt><dd>{esc(d['organizer'])}</dd>")
    out.append("</dl>\n</section>")
    # Contents.
    out.append('<nav class="contents" id="contents">\n<h2>目录</h2>\n<ol>')
    out.append('<li><a href="#intro">课程说明</a></li>')
    for s in course.sessions:
        out.append(f'<li><a href="#session-{s.number}">{session_label(s)} {esc(s.title)}</a>')
        new = [cid for cid, _ in s.reading if first_session[cid] == s.number]
        if new:
            out.append("<ol>")
            out += [f'<li><a href="#case-{cid}">{esc(names.get(cid, cid))}</a></li>' for cid in new]
            out.append("</ol>")
        out.append("</li>")
    out.append('<li><a href="#glossary">附：术语</a></li>')
    out.append("</ol>\n</nav>")
    # Course description, objectives, schedule.
    out.append('<section class="intro" id="intro">\n<h2>课程说明</h2>')
    if d.get("description"):
        out.append(f"<p>{esc(d['description'])}</p>")
    out.append("<h3>学习目标</h3>\n<ol>")
    out += [f"<li>{esc(o)}</li>" for o in d["objectives"]]
    out.append("</ol>\n<h3>课程安排</h3>")
    out.append(
        '<table>\n<colgroup><col style="width:18%"><col style="width:42%"><col style="width:12%">'
        '<col style="width:28%"></colgroup>'
    )
    out.append("<thead><tr><th>讲次</th><th>主题</th><th>学时</th><th>案例</th></tr></thead>\n<tbody>")
    for s in course.sessions:
        cases = "、".join(esc(names.get(c, c)) for c, _ in s.reading)
        out.append(
            f"<tr><td>{session_label(s)}</td><td>{esc(s.title)}</td>"
            f"<td>{esc(hours_text(s.hours)) or '—'}</td><td>{cases}</td></tr>"
        )
    out.append("</tbody>\n</table>\n</section>")
    # Sessions, each followed by the cases it introduces.
    for s in course.sessions:
        out.append(f'<section class="session" id="session-{s.number}">')
        head = f"{session_label(s)} {esc(s.title)}"
        out.append(f"<h2>{head}</h2>")
        if s.hours is not None:
            out.append(f"<p>学时：{esc(hours_text(s.hours))}</p>")
        if s.summary:
            out.append(f"<p>{esc(s.summary)}</p>")
        out.append("<h3>阅读顺序</h3>\n<ol>")
        for cid, focus in s.reading:
            where = (
                ""
                if first_session[cid] == s.number
                else f"（全文见{session_label(course.sessions[first_session[cid] - 1])}）"
            )
            line = f'<a class="xref" href="#case-{cid}">{esc(names.get(cid, cid))}</a>{where}'
            out.append(f"<li>{line}{'：' + esc(focus) if focus else ''}</li>")
        out.append('</ol>\n<h3>讨论题</h3>\n<ol class="questions">')
        out += [f"<li>{esc(q)}</li>" for q in s.questions]
        out.append("</ol>\n</section>")
        for cid, _ in s.reading:
            if first_session[cid] == s.number:
                out.append(case_html(cid, case_pages[cid]))
    # Glossary of the terms the course's cases use.
    out.append('<section class="glossary" id="glossary">\n<h2>附：术语</h2>\n<dl>')
    for term in terms:
        out.append(f"<dt>{esc(term.label)}</dt><dd>{esc(term.definition)}</dd>")
    out.append("</dl>\n</section>\n</body>\n</html>\n")
    return "\n".join(out)
