"""`casebook export`: a course as a folder (or zip) that opens from disk, searches and prints offline.

Party-school classrooms often have no network, so the pack must need nothing but a browser: pages
come from `site.generate()` run on the course's cases only (so case pages, tables and glossary are
the site's own), plus course pages and a handout from this package, built by MkDocs + Material with
a generated config.  Material's search worker cannot start from file:// without the iframe-worker
shim, which Material's offline plugin would load from a CDN; we ship the shim inside the pack.

The output folder is only ever replaced whole: the pack is built in a temporary sibling folder and
swapped in, and a marker file tells a pack from any other folder, so a mistyped --out can never
overwrite someone's documents.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import shutil
import tempfile
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from casebook.errors import CasebookError
from casebook.fsutil import replace_dir, replacing, staging_dir
from casebook.model.course import Course, load_course, resolve_course
from casebook.model.library import Library, load_library
from casebook.model.vocabulary import CATEGORIES, Term, Vocabulary
from casebook.pack.handout import cn_number, hours_text, render_handout, session_label
from casebook.pages import generate as site
from casebook.paths import find_root
from casebook.pipeline import editions
from casebook.pipeline import search as searchdict
from casebook.validate.problems import ERROR, Problem

MARKER = ".casebook-pack.json"
ASSETS = Path(__file__).resolve().parent / "assets" / "offline"
SHIM = "assets/offline/iframe-worker-shim.js"
HANDOUT = "handout.html"
FOLD_MAP = "assets/casebook/fold-map.js"
SCRIPTS = {
    editions.HANS: ("zh", "zh-Hans"),
    editions.HANT: ("zh-Hant", "zh-Hant"),
}  # → (Material language, html lang)


class ExportError(CasebookError):
    """A refusal with a Chinese explanation; nothing was written when it is raised."""


@dataclass
class ExportResult:
    out: Path
    pages: int
    files: int
    bytes: int
    seconds: float
    zip: Path | None = None
    zip_bytes: int = 0
    pdf: Path | None = None


# --- the pack's pages: plain functions from course + cases to Markdown --------------------------


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
            out.append(f"- **{site.esc(t.label)}**：{site.esc(t.definition)}")
        out.append("")
    return "\n".join(out)


def home_page(course: Course, sub: Library, extras: dict[str, str]) -> str:
    """Course home: what the course is for, the schedule, the cases, and how to use the pack offline."""
    d = course.data
    e = site.esc
    out = ["---", f"title: {course.title}", "---", "", f"# {e(course.title)}", ""]
    if d.get("subtitle"):
        out += [f"**{e(d['subtitle'])}**", ""]
    if d.get("description"):
        out += [e(d["description"]), ""]
    out += [
        "| 项目 | 内容 |",
        "| --- | --- |",
        f"| 培训对象 | {site.cell(d['audience'])} |",
        f"| 学时 | {hours_text(d['hours'])} |",
        f"| 安排 | {len(course.sessions)} 讲，{len(course.case_ids)} 个案例 |",
    ]
    if d.get("organizer"):
        out.append(f"| 编写 | {site.cell(d['organizer'])} |")
    out += ["", "## 学习目标", ""]
    out += [f"{i}. {e(o)}" for i, o in enumerate(d["objectives"], 1)]
    out += ["", "## 课程安排", "", "| 讲次 | 主题 | 学时 | 案例 |", "| --- | --- | --- | --- |"]
    names = {c.id: c.name for c in sub.cases}
    for s in course.sessions:
        cases = "、".join(f"[{site.cell(names[c])}](cases/{c}.md)" for c, _ in s.reading)
        out.append(
            f"| {session_label(s)} | [{site.cell(s.title)}](sessions/{s.number}.md) | "
            f"{hours_text(s.hours) or '—'} | {cases} |"
        )
    out += ["", "## 本课程的案例", ""]
    for cid in course.case_ids:
        c = sub.get(cid)
        assert c is not None
        draft = "（草稿）" if c.is_draft else ""
        out.append(f"- [{e(c.name)}](cases/{cid}.md){draft}：{e(c.data.get('summary', ''))}")
    out += ["", "## 资料", ""]
    out.append("- [案例一览](cases/index.md)：本课程全部案例的地点、类型和概要。")
    for path, title in extras.items():
        out.append(f"- [{e(title)}]({path})")
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


def session_page(course: Course, s: Any, sub: Library, compare: bool = False) -> str:
    e = site.esc
    out = ["---", f"title: {session_label(s)} {s.title}", "---", "", f"# {session_label(s)} {e(s.title)}", ""]
    if s.hours is not None:
        out += [f"学时：{hours_text(s.hours)}", ""]
    if s.summary:
        out += [e(s.summary), ""]
    out += ["## 阅读顺序", ""]
    for i, (cid, focus) in enumerate(s.reading, 1):
        c = sub.get(cid)
        assert c is not None
        out.append(f"{i}. [{e(c.name)}](../cases/{cid}.md)" + (f"：{e(focus)}" if focus else ""))
    if compare and 2 <= len(s.reading) <= COMPARE_MAX:
        # Raw HTML: the selection rides in the fragment, which MkDocs would take for a missing anchor.
        ids = ",".join(cid for cid, _ in s.reading)
        out += [
            "",
            f'<a href="../compare/index.html#c={ids}">把本讲的案例并排比较</a>'
            "（地点、规模、问题、做法、成效逐行对齐）",
        ]
    out += ["", "## 讨论题", ""]
    out += [f"{i}. {e(q)}" for i, q in enumerate(s.questions, 1)]
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


def pack_pages(
    course: Course, lib: Library, script: str = "hans", site_nav: Any = None
) -> tuple[dict[str, str], list[Any], set[str]]:
    """Every file of the pack's docs folder (path → text), the nav, and which of the files the site
    generator made (as opposed to the course's own pages), before MkDocs runs."""
    sub = course_library(lib, course)
    generated = site.generate(sub)
    pages: dict[str, str] = dict(generated)
    glossary = _glossary_path(pages)
    if glossary is None:
        glossary = "glossary.md"
        pages[glossary] = glossary_page(sub)
    resources = {p: _title_of(generated[p], p) for p in HOME_LINKS if p in generated}
    resources[glossary] = _title_of(pages[glossary], glossary)
    pages["index.md"] = home_page(course, sub, resources)
    for s in course.sessions:
        pages[f"sessions/{s.number}.md"] = session_page(course, s, sub, COMPARE_PAGE in generated)
    lang = SCRIPTS[script][1]
    case_md = {c.id: generated[f"cases/{c.id}.md"] for c in sub.cases}
    pages[HANDOUT] = render_handout(course, sub, case_md, used_terms(sub), lang=lang)
    nav: list[Any] = [
        {"课程首页": "index.md"},
        {"各讲": [{f"{session_label(s)} {s.title}": f"sessions/{s.number}.md"} for s in course.sessions]},
    ]
    # The rest of the nav is the main site's, so a trainer finds things where the site has them.
    site_part = filter_nav(site_nav, set(pages)) if site_nav else []
    if not site_part:
        site_part = [{"案例": "cases/index.md"}, *({t: p} for p, t in resources.items())]
    if glossary not in json.dumps(site_part):
        site_part.append({"术语": glossary})
    nav += site_part
    # Search weights as on the site: case pages first, derived views (tables, compare) not indexed.
    pages = {p: _with_search_settings(p, t) for p, t in pages.items()}
    if script == editions.HANT:
        # As the site's edition does: pages and scripts (UI text, compare data); downloads stay canonical.
        pages = {
            p: editions.convert_text(t, script) if p.endswith((".md", ".html", ".js")) else t
            for p, t in pages.items()
        }
        nav = editions.convert_nav(nav, script)
    return pages, nav, set(generated)


def _with_search_settings(path: str, text: str) -> str:
    settings = searchdict.search_settings(path) if path.endswith(".md") else None
    if not settings:
        return text
    lines = "search:\n" + "".join(f"  {k}: {json.dumps(v)}\n" for k, v in settings.items())
    if text.startswith("---\n"):
        return "---\n" + lines + text[4:]
    return f"---\n{lines}---\n\n{text}"


# --- MkDocs configuration ------------------------------------------------------------------------


def _site_settings(root: Path) -> dict[str, Any]:
    """Look-and-feel settings of the main site that are safe offline (palette, features, Markdown)."""
    path = root / "mkdocs.yml"
    try:
        from mkdocs.utils.yaml import yaml_load

        with path.open(encoding="utf-8") as f:
            cfg = yaml_load(f) or {}
    except Exception:  # the pack can do without the main site's styling
        return {}
    out: dict[str, Any] = {}
    theme = cfg.get("theme") if isinstance(cfg.get("theme"), dict) else {}
    if theme.get("palette"):
        out["palette"] = theme["palette"]
    # Instant navigation fetches pages with XHR, which file:// forbids.
    out["features"] = [f for f in theme.get("features") or [] if not str(f).startswith("navigation.instant")]
    if cfg.get("markdown_extensions"):
        out["markdown_extensions"] = cfg["markdown_extensions"]
    out["nav"] = cfg.get("nav")
    if theme.get("custom_dir"):
        out["custom_dir"] = str((root / str(theme["custom_dir"])).resolve())
    for key in ("extra_css", "extra_javascript"):
        out[key] = [str(x) for x in cfg.get(key) or [] if isinstance(x, str)]
    for plugin in cfg.get("plugins") or []:
        if isinstance(plugin, dict) and isinstance(plugin.get("search"), dict):
            search = dict(plugin["search"])
            for key in ("jieba_dict", "jieba_dict_user"):
                if search.get(key):
                    search[key] = str((root / search[key]).resolve())
            out["search"] = search
    return out


def pack_config(
    settings: dict[str, Any],
    work: Path,
    site_dir: Path,
    title: str,
    nav: list[Any],
    script: str,
    files: set[str],
    generated: set[str],
) -> Any:
    """MkDocs config for the pack: the site's look, offline search, no server-only features."""
    from mkdocs.config import load_config

    (work / "mkdocs.yml").write_text("site_name: pack\n", "utf-8")
    search = settings.get("search") or {"lang": "zh"}
    features = [*settings.get("features", []), "search.highlight", "navigation.footer"]
    return load_config(
        str(work / "mkdocs.yml"),
        site_name=title,
        site_url="",
        docs_dir=str(work / "docs"),
        site_dir=str(site_dir),
        use_directory_urls=False,
        strict=True,
        nav=nav,
        theme={
            "name": "material",
            "language": SCRIPTS[script][0],
            "font": False,
            "features": list(dict.fromkeys(features)),
            **({"palette": settings["palette"]} if settings.get("palette") else {}),
        },
        plugins=[{"search": search}, "offline"],
        markdown_extensions=settings.get("markdown_extensions")
        or ["admonition", "attr_list", "tables", {"toc": {"permalink": False}}],
        # The shim's URL names "iframe-worker", so Material's offline plugin adds no CDN copy.
        extra={"polyfills": [SHIM], "generator": False, "casebook_generated": sorted(generated)},
        hooks=[str(Path(__file__).resolve().parent / "hooks.py")],
        # The site's own scripts and styles (sortable tables, compare view) where the pack has them.
        extra_css=[f for f in settings.get("extra_css", []) if f in files],
        extra_javascript=[f for f in settings.get("extra_javascript", []) if f in files],
        validation={
            "nav": {"omitted_files": "ignore", "not_found": "warn"},
            "links": {
                "not_found": "warn",
                "anchors": "warn",
                "absolute_links": "warn",
                "unrecognized_links": "warn",
            },
        },
    )


@contextlib.contextmanager
def _captured_logs() -> Iterator[list[str]]:
    """MkDocs and jieba talk on logging; keep it off the terminal and show warnings only on failure."""
    messages: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    handler = Keep(logging.WARNING)
    loggers = [logging.getLogger("mkdocs"), logging.getLogger("jieba")]
    saved = [(lg, lg.level, lg.propagate) for lg in loggers]
    for lg in loggers:
        lg.addHandler(handler)
        lg.propagate = False
    try:
        import jieba  # type: ignore[import-untyped]

        jieba.setLogLevel(logging.WARNING)  # it resets its own level on import
    except ImportError:
        pass
    try:
        yield messages
    finally:
        for lg, level, propagate in saved:
            lg.removeHandler(handler)
            lg.setLevel(level)
            lg.propagate = propagate


def build_pack(root: Path, course: Course, lib: Library, site_dir: Path, script: str) -> None:
    """Build the pack into `site_dir` (which must exist and be empty)."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import Abort, MkDocsException

    settings = _site_settings(root)
    with _captured_logs() as messages, tempfile.TemporaryDirectory(prefix="casebook-pack-") as tmp:
        pages, nav, generated = pack_pages(course, lib, script, settings.get("nav"))
        work = Path(tmp)
        docs = work / "docs"
        for rel, text in pages.items():
            target = docs / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, "utf-8")
        files = set(pages) | _site_assets(settings, docs)
        (docs / "assets" / "offline").mkdir(parents=True, exist_ok=True)
        for f in ASSETS.iterdir():
            if f.suffix in (".js", ".txt"):
                shutil.copyfile(f, docs / "assets" / "offline" / f.name)
        title = editions.convert_text(course.title, script)
        # The site's jieba dictionaries: jieba's words in both scripts, plus our terms and names.
        sub = course_library(lib, course)
        settings["search"] = {
            **settings.get("search", {"lang": "zh"}),
            "jieba_dict": str(searchdict.base_dictionary()),
            "jieba_dict_user": str(searchdict.user_dictionary(sub)),
        }
        try:
            build(pack_config(settings, work, site_dir, title, nav, script, files, generated))
        except (Abort, MkDocsException, OSError) as e:
            detail = "\n".join(f"  {m}" for m in messages[:20]) or f"  {e}"
            raise ExportError(f"生成课程包失败（MkDocs 报告的问题如下）：\n{detail}") from e
    # Source maps and the sitemap serve developers and crawlers, not a classroom (a third of the
    # size); 404.html is for web servers and links from the site root, which a folder has not.
    for junk in [*site_dir.rglob("*.map"), *site_dir.glob("sitemap.xml*"), site_dir / "404.html"]:
        junk.unlink()
    _finish_search_index(site_dir, script)
    bad = external_resources(site_dir)
    if bad:
        raise ExportError(
            "课程包里有需要联网才能加载的资源，已停止导出：\n" + "\n".join(f"  {b}" for b in bad[:20])
        )


def _site_assets(settings: dict[str, Any], docs: Path) -> set[str]:
    """The site's own scripts and styles that live in its theme overrides or that the casebook
    plugin writes (the search word map): copied or stubbed into the pack's docs."""
    found: set[str] = set()
    custom = Path(settings["custom_dir"]) if settings.get("custom_dir") else None
    for entry in [*settings.get("extra_css", []), *settings.get("extra_javascript", [])]:
        target = docs / entry
        if target.exists():
            continue
        if entry == FOLD_MAP:
            text = "window.casebookFold=null;\n"  # the real map is written from the built index
        elif (
            custom is not None
            and (custom / entry).is_file()
            and (custom / entry).resolve().is_relative_to(custom)
        ):
            text = (custom / entry).read_text("utf-8")
        else:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, "utf-8")
        found.add(entry)
    return found


def _finish_search_index(site_dir: Path, script: str) -> None:
    """Check the index is segmented (else Chinese words are unsearchable), compact it as the site
    does, and rewrite the script copy that pages opened from file:// read."""
    index_file = site_dir / "search" / "search_index.json"
    if not index_file.is_file():
        return
    data = json.loads(index_file.read_text("utf-8"))
    if not searchdict.is_segmented(data):
        raise ExportError(
            "搜索索引没有分词：jieba 没有生效，中文词语将搜不到。请运行 pip install -e . 安装依赖后重试。"
        )
    text = searchdict.dump_index(searchdict.compact_index(data))
    index_file.write_text(text, "utf-8")
    (site_dir / "search" / "search_index.js").write_text(f"var __index = {text}", "utf-8")
    fold_map = site_dir / FOLD_MAP
    if fold_map.is_file():  # lets the site's query script cut Chinese queries into index words
        fold_map.write_text(searchdict.fold_script(searchdict.fold_map(json.loads(text), script)), "utf-8")


# Anything a page loads by itself (scripts, styles, images, frames, fonts): must come from the pack.
LOADED_RE = re.compile(
    r"<(?:script|link|img|iframe|source|video|audio|embed)\b[^>]*?\b(?:src|href)\s*=\s*"
    r"[\"']?((?:https?:)?//[^\"'\s>]+)",
    re.I,
)
CSS_URL_RE = re.compile(r"url\(\s*[\"']?((?:https?:)?//[^)\"']+)", re.I)


def external_resources(folder: Path) -> list[str]:
    """`file: url` for every resource a page or stylesheet would fetch from the network."""
    found: list[str] = []
    for path in sorted(folder.rglob("*")):
        if path.suffix not in (".html", ".css") or not path.is_file():
            continue
        text = path.read_text("utf-8", errors="replace")
        pattern = LOADED_RE if path.suffix == ".html" else CSS_URL_RE
        rel = path.relative_to(folder).as_posix()
        found += [f"{rel}: {m.group(1)}" for m in pattern.finditer(text)]
    return found


# --- writing the pack safely ---------------------------------------------------------------------


def _resolve_out(out: Path) -> Path:
    out = Path(os.path.abspath(out))
    if not out.name:
        raise ExportError(f"不能把课程包直接写到“{out}”，请指定一个新的文件夹名，如 --out 课程包")
    if out.is_symlink():
        raise ExportError(f"“{out}”是符号链接，请指定一个真实的文件夹")
    if not out.parent.is_dir():
        raise ExportError(f"“{out.parent}”不存在，请先创建它，或换一个 --out 位置")
    if out.exists() and not out.is_dir():
        raise ExportError(f"“{out}”已经是一个文件，不是文件夹；请换一个 --out 位置")
    if out.is_dir() and not (out / MARKER).is_file() and any(out.iterdir()):
        raise ExportError(
            f"“{out}”已存在，而且不是 casebook 课程包（里面没有 {MARKER}），为免覆盖其中的文件，"
            "没有写入任何内容；请换一个新的文件夹名，或先清空它"
        )
    return out


def _resolve_zip(zip_path: Path, out: Path) -> Path:
    zip_path = Path(os.path.abspath(zip_path))
    if zip_path.is_relative_to(out):
        raise ExportError(f"压缩包“{zip_path}”不能放在课程包文件夹里面，请放到它旁边")
    if not zip_path.parent.is_dir():
        raise ExportError(f"“{zip_path.parent}”不存在，请先创建它，或换一个 --zip 位置")
    if zip_path.exists():
        if zip_path.is_dir() or not _is_pack_zip(zip_path):
            raise ExportError(
                f"“{zip_path}”已存在，而且不是 casebook 课程包的压缩包，"
                "为免覆盖，没有写入任何内容；请换一个 --zip 文件名"
            )
    return zip_path


def _is_pack_zip(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as z:
            return any(n.endswith("/" + MARKER) and n.count("/") == 1 for n in z.namelist())
    except (zipfile.BadZipFile, OSError):
        return False


def write_zip(folder: Path, zip_path: Path) -> None:
    with replacing(zip_path) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                z.write(path, f"{folder.name}/{path.relative_to(folder).as_posix()}")


def pdf_preflight() -> str:
    """The Chromium to print with, or an ExportError saying what to install (checked before building)."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as e:
        raise ExportError(
            "生成 PDF 需要 Playwright（pip install playwright）和 Chromium（apt-get install chromium）"
        ) from e
    browser_path = (
        os.environ.get("CASEBOOK_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )
    if not browser_path or not Path(browser_path).exists():
        raise ExportError(
            "生成 PDF 需要 Chromium：apt-get install chromium（或用 CASEBOOK_CHROMIUM 指明位置）"
        )
    if not cjk_font_installed():
        raise ExportError("没有找到中文字体，PDF 会缺字；请先安装，如 apt-get install fonts-noto-cjk")
    return browser_path


def print_pdf(html_file: Path, pdf_file: Path) -> None:
    """Handout → PDF with headless Chromium; needs Playwright, Chromium and a CJK font."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    from casebook.localweb import CHROMIUM_ARGS

    browser_path = pdf_preflight()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=browser_path, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
            page.goto(html_file.as_uri())
            page.pdf(path=str(pdf_file), format="A4", print_background=True, prefer_css_page_size=True)
            browser.close()
    except PlaywrightError as e:
        raise ExportError(f"用 Chromium 生成 PDF 失败：{str(e).splitlines()[0]}") from e


def cjk_font_installed() -> bool:
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return False
    import subprocess

    found = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True, check=False)
    return bool(found.stdout.strip())


def export_course(
    course_ref: str,
    out: Path,
    *,
    root: Path | None = None,
    zip_path: Path | None = None,
    script: str = "hans",
    pdf: bool = False,
) -> ExportResult:
    """Validate, build in a temporary sibling of `out`, then swap it in.  Raises ExportError."""
    started = time.perf_counter()
    root = find_root(root)
    path, problems = resolve_course(root, course_ref)
    lib = load_library(root)
    course = None
    if path is not None:
        course, problems = load_course(path, root, lib)
    errors = [p for p in problems if p.level == ERROR]
    if course is not None:
        prefixes = (*(f"cases/{cid}/" for cid in course.case_ids), "cases/vocabulary.yml")
        errors += [p for p in lib.errors if p.path.startswith(prefixes)]
    if errors or course is None:
        raise ExportError(_problem_report(errors))
    out = _resolve_out(out)
    zip_path = _resolve_zip(zip_path, out) if zip_path else None
    if pdf:
        pdf_preflight()
    try:
        staging = staging_dir(out)
    except OSError as e:
        raise ExportError(f"无法在“{out.parent}”里写入（{e.strerror}），没有导出；请换一个 --out 位置") from e
    try:
        build_pack(root, course, lib, staging, script)
        if pdf:
            print_pdf(staging / HANDOUT, staging / "handout.pdf")
        (staging / MARKER).write_text(
            json.dumps(
                {
                    "format": 1,
                    "course": course.id,
                    "title": course.title,
                    "script": script,
                    "cases": course.case_ids,
                    "generator": "casebook export",
                },
                ensure_ascii=False,
                indent=2,
            )
            + "\n",
            "utf-8",
        )
        replace_dir(staging, out)
    except OSError as e:
        where = f"（{e.filename}）" if e.filename else ""
        raise ExportError(f"写入课程包时出错：{e.strerror}{where}；原有的课程包（如果有）保持不变") from e
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    files = [p for p in out.rglob("*") if p.is_file()]
    result = ExportResult(
        out,
        sum(p.suffix == ".html" for p in files),
        len(files),
        sum(p.stat().st_size for p in files),
        0.0,
        pdf=out / "handout.pdf" if pdf else None,
    )
    if zip_path:
        write_zip(out, zip_path)
        result.zip, result.zip_bytes = zip_path, zip_path.stat().st_size
    result.seconds = time.perf_counter() - started
    return result


def _problem_report(errors: list[Problem]) -> str:
    lines = [p.format() for p in errors]
    return "\n".join([*lines, f"课程有 {len(errors)} 个错误，没有导出，也没有写入任何文件。"])


# --- command line --------------------------------------------------------------------------------


__all__ = ["ExportError", "ExportResult", "cn_number", "export_course", "pack_pages"]
