"""MkDocs adapter: wires MkDocs's events to the page pipeline (casebook.pipeline), for a site edition
or, in pack mode, a course pack.  Nothing is decided here; each hook hands page data to a step.

    on_config         theme folder and assets (theming.py), the edition's script, search: Pagefind's
                      box on a site, jieba dictionaries for Material's search in a pack (search.py);
                      in pack mode the course's files and nav (casebook.pack.pages)
    on_files          the generated files (pipeline/source.py, or the pack's)
    on_page_markdown  steps.prepare_markdown
    on_page_content   steps.finish_content; on a site, the HTML kept compressed until its page is
                      written (stash.py: on_page_context puts it back, on_post_page drops it)
    on_post_build     steps.finish_site (on a site: the Pagefind index)

Case pages are marked NOT_IN_NAV: every page carries the whole navigation, so listing hundreds of
cases there would make each page grow with the library (see shared NOTES).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from casebook.errors import CasebookError
from casebook.pages import home
from casebook.pipeline import editions, source, steps
from casebook.pipeline.source import GeneratedFile
from casebook.plugin import search, theming
from casebook.plugin.config import PACK, PAGEFIND, CasebookConfig
from casebook.plugin.stash import PageStash

T = TypeVar("T")


def _guarded(method: Callable[..., T]) -> Callable[..., T]:
    """A hook whose refusals (CasebookError, a Chinese message) reach MkDocs as a PluginError,
    which it reports as a failed build with that message rather than a traceback."""

    @functools.wraps(method)
    def run(*args: Any, **kwargs: Any) -> T:
        try:
            return method(*args, **kwargs)
        except CasebookError as e:
            raise PluginError(str(e)) from e

    return run


class CasebookPlugin(BasePlugin[CasebookConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        super().__init__()
        self.root = Path(".")
        self.script = editions.HANS
        self.pack_files: list[GeneratedFile] | None = None
        self.listings: set[str] = set()
        self.pagefind = False
        self.built = steps.build_date()
        self.home = ""  # the generated part of the home page (pages/home.py)
        self.stash = PageStash()

    @event_priority(50)  # before Material's search plugin, which reads its jieba options in on_config
    @_guarded
    def on_config(self, config: Any) -> Any:
        base = Path(config.config_file_path or ".").resolve().parent
        self.root = (base / self.config.root).resolve()
        self.script = self.config.script
        self.built = steps.build_date()
        if self.script == "auto":
            self.script = editions.script_for_language(config.theme.get("language"))
        self.pagefind = self.config.mode != PACK and self.config.search == PAGEFIND
        theming.install(config, pagefind=self.pagefind)
        lib = source.library(self.root)
        if self.config.mode == PACK:
            from casebook.pack import pages

            if not self.config.course:
                raise CasebookError("casebook 插件的 pack 模式需要 course 选项（课程编号或课程文件路径）。")
            course = pages.open_course(self.root, self.config.course, lib)
            lib = pages.course_library(lib, course)
            self.pack_files, config.nav = pages.pack_files(course, lib, self.script, config.nav)
        else:
            config.extra["editions"] = editions.switch_links(self.script)
            # The language switch (theme/partials/alternate.html); `true` rather than a list of
            # links keeps out Material's <link rel=alternate> tags, whose script would send
            # readers to the other edition's home page.
            config.extra.setdefault("alternate", True)
        if self.script == editions.HANT:
            for key in ("site_name", "site_description", "copyright"):
                if isinstance(config.get(key), str):
                    config[key] = editions.convert_text(config[key], self.script)
            if config.nav:
                config.nav = editions.convert_nav(config.nav, self.script)
        footer = editions.convert_data(dict(theming.FOOTER), self.script)
        if self.config.mode != PACK and (Path(config.docs_dir) / theming.ABOUT_PAGE).is_file():
            footer["about"] = theming.ABOUT_PAGE.removesuffix(".md") + "/"
        config.extra.setdefault("casebook_footer", footer)
        if self.pagefind:
            search.use_pagefind(config, self.script)
        search.configure(config, lib)
        return config

    @_guarded
    def on_files(self, files: Files, *, config: Any) -> Files:
        _refuse_special_files(files)
        if self.pack_files is None:
            lib = source.library(self.root)
            source.require_valid(lib.errors)
            generated = source.generated_files(lib, self.script)
            from casebook.pack import site

            for path, content in site.download_files(lib, self.script).items():
                files.append(File.generated(config, path, content=content))
            self.home = home.home_block(lib)
        else:
            from casebook.pack import pages

            generated = self.pack_files
            for path, asset in pages.offline_assets().items():
                files.append(File.generated(config, path, abs_src_path=str(asset)))
        for f in generated:
            inclusion = InclusionLevel.UNDEFINED if f.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, f.path, content=f.content, inclusion=inclusion))
        self.listings = {f.path for f in generated if f.listing}
        return files

    def on_page_markdown(self, markdown: str, *, page: Any, config: Any, files: Files) -> str:
        if page.file.src_uri == "index.md" and self.home:
            markdown = markdown.replace(home.HOME_MARKER, self.home, 1)
        return steps.prepare_markdown(markdown, page.meta, page.file.src_uri, self.script)

    def on_page_content(self, html: str, *, page: Any, config: Any, files: Files) -> str:
        html = steps.finish_content(html, page.meta, page.title, page.file.src_uri in self.listings)
        if page.canonical_url or self.config.mode == PACK:
            url = page.canonical_url or page.url
        else:  # the edition's place in the built site, as `casebook build` lays it out
            subdir = editions.edition(self.script).subdir
            url = "/" + (f"{subdir}/" if subdir else "") + page.url
        html = steps.fill_citation(html, config.site_name, url, self.built)
        if self.pagefind:  # no search plugin reads the pages' HTML on a site edition
            page.markdown = ""  # rendered; an empty string, not None, keeps page.title working
            return self.stash.put(page.file.src_uri, html)
        return html

    @event_priority(100)  # before any other plugin looks at the page's HTML
    def on_page_context(self, context: Any, *, page: Any, config: Any, nav: Any) -> Any:
        page.content = self.stash.take(page.file.src_uri, page.content)
        return context

    def on_post_page(self, output: str, *, page: Any, config: Any) -> str:
        if self.pagefind:
            page.content = ""  # written: the next pages need the memory
        return output

    @event_priority(-50)  # after Material's search plugin has written the index
    @_guarded
    def on_post_build(self, *, config: Any) -> None:
        allowed = tuple(self.config.allowed_media)
        steps.finish_site(
            Path(config.site_dir),
            self.script,
            allowed,
            offline=self.config.mode == PACK,
            pagefind=self.pagefind,
        )
        if self.config.mode != PACK:
            from casebook.pack import site

            if not site.is_preview(Path(config.site_dir)):
                site.write_packs(self.root, source.library(self.root), self.script, Path(config.site_dir))

    def on_serve(self, server: Any, *, config: Any, builder: Any) -> Any:
        # Edits to case data rebuild the site like edits to docs/ do.
        server.watch(str(self.root / "cases"))
        return server


def _refuse_special_files(files: Files) -> None:
    """Stop before MkDocs reads or copies a docs file that is not a regular file: opening a FIFO
    waits for a writer forever, so `casebook build` would hang on it (casebook check reports the
    same file as CB106)."""
    import os
    import stat

    for f in files:
        src = getattr(f, "abs_src_path", None)
        if not src or f.generated_by:
            continue
        try:
            regular = stat.S_ISREG(os.stat(src).st_mode)
        except OSError:
            regular = False
        if not regular:
            raise PluginError(
                f"docs/{f.src_uri}：不是普通文件（命名管道、设备或无法读取的链接），网站构建已停止。"
                "请删掉它或换成普通文件；casebook check 会把它报告为 CB106。"
            )
