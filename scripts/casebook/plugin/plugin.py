"""MkDocs adapter: adds the pages `site.generate()` makes from case data, turns an edition's pages
into its script (editions.py) and hands Material's search our dictionaries (searchdict.py).  The
work is in those modules; this file only wires them to MkDocs events.

Case pages are marked NOT_IN_NAV: every page carries the whole navigation, so listing hundreds of
cases there would make each page grow with the library (see shared NOTES).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from casebook.model.library import Library, load_library
from casebook.pages import generate as site
from casebook.pipeline import editions, sanitize
from casebook.pipeline import search as searchdict

log = get_plugin_logger(__name__)


class CasebookConfig(Config):
    root = config_options.Type(str, default=".")
    # Script of this edition's pages; "auto" follows theme.language (zh-Hant → Traditional), so
    # that mkdocs.zh-hant.yml needs to change only the theme language.
    script = config_options.Choice(("auto", editions.HANS, editions.HANT), default="auto")
    # URL prefixes from which pages may load images and media (casebook check reads this list,
    # CB308); everything else must be inside the repository.
    allowed_media = config_options.ListOfItems(config_options.Type(str), default=[])


# Loaded libraries by root, with the stat signature of cases/ they were loaded from: `casebook
# build` builds both editions in one process, and `mkdocs serve` rebuilds after every edit.
_LIBRARIES: dict[Path, tuple[tuple[tuple[str, int, int], ...], Library]] = {}


def _signature(root: Path) -> tuple[tuple[str, int, int], ...]:
    items = []
    for path in sorted((root / "cases").rglob("*")):
        if path.is_file():
            st = path.stat()
            items.append((str(path), st.st_mtime_ns, st.st_size))
    return tuple(items)


def library(root: Path) -> Library:
    """The library at `root`, loaded once per change of its files."""
    sig = _signature(root)
    cached = _LIBRARIES.get(root)
    if cached is None or cached[0] != sig:
        cached = (sig, load_library(root))
        _LIBRARIES[root] = cached
    return cached[1]


def _search_plugin(config: Any) -> Any:
    for plugin in config.plugins.values():
        if hasattr(getattr(plugin, "config", None), "jieba_dict_user"):
            return plugin
    return None


class CasebookPlugin(BasePlugin[CasebookConfig]):
    @event_priority(50)  # before Material's search plugin, which reads its jieba options in on_config
    def on_config(self, config: Any) -> Any:
        base = Path(config.config_file_path or ".").resolve().parent
        self.root = (base / self.config.root).resolve()
        self.script = self.config.script
        if self.script == "auto":
            self.script = editions.script_for_language(config.theme.get("language"))
        if self.script == editions.HANT:
            for key in ("site_name", "site_description", "copyright"):
                if isinstance(config.get(key), str):
                    config[key] = editions.convert_text(config[key], self.script)
            if config.nav:
                config.nav = editions.convert_nav(config.nav, self.script)
        config.extra["editions"] = editions.switch_links(self.script)
        self._configure_search(config)
        return config

    def _configure_search(self, config: Any) -> None:
        search = _search_plugin(config)
        if search is None or not search.config.enabled:
            return
        try:
            import jieba
        except ImportError as e:
            raise PluginError(
                "没有安装 jieba，搜索索引将无法分词（中文词语搜不到）。"
                "请运行 pip install -e . 安装依赖后重试。"
            ) from e
        jieba.setLogLevel(logging.WARNING)
        # Material calls jieba.set_dictionary() when jieba_dict is set, which makes jieba reload
        # (about a second); the second edition of a build finds it loaded and skips that.
        base = str(searchdict.base_dictionary())
        if not search.config.jieba_dict and (jieba.dt.dictionary != base or not jieba.dt.initialized):
            search.config.jieba_dict = base
        if not search.config.jieba_dict_user:
            search.config.jieba_dict_user = str(searchdict.user_dictionary(library(self.root)))

    def on_files(self, files: Files, *, config: Any) -> Files:
        lib = library(self.root)
        if lib.errors:
            lines = "\n".join(p.format() for p in lib.errors[:50])
            raise PluginError(f"案例数据有 {len(lib.errors)} 个错误，请先运行 casebook check：\n{lines}")
        for path, content in site.generate(lib).items():
            inclusion = InclusionLevel.UNDEFINED if site.listed_in_nav(path) else InclusionLevel.NOT_IN_NAV
            if path.endswith(".js") and isinstance(content, str):
                # Scripts carry UI text and the compare page's data; downloads (data/) stay canonical.
                content = editions.convert_text(content, self.script)
            files.append(File.generated(config, path, content=content, inclusion=inclusion))
        return files

    def on_page_markdown(self, markdown: str, *, page: Any, config: Any, files: Files) -> str:
        settings = searchdict.search_settings(page.file.src_uri)
        if settings and "search" not in page.meta:
            page.meta["search"] = settings
        # The Traditional edition: every page, generated or hand-written, and its front matter.
        if self.script != editions.HANT:
            return markdown
        page.meta = editions.convert_data(page.meta, self.script)
        return editions.convert_text(markdown, self.script)

    def on_page_content(self, html: str, *, page: Any, config: Any, files: Files) -> str:
        # Every page's content, generated or hand-written, leaves the build sanitized (sanitize.py).
        html = sanitize.page_content(html, page)
        if page.file.generated_by and not searchdict.is_case_page(page.file.src_uri):
            html = searchdict.exclude_listings(html)
        return html

    @event_priority(-50)  # after Material's search plugin has written the index
    def on_post_build(self, *, config: Any) -> None:
        site_dir = Path(config.site_dir)
        index_file = site_dir / "search" / "search_index.json"
        mapping: dict[str, Any] = {"script": self.script, "from": "", "to": "", "words": []}
        if index_file.is_file():
            data = json.loads(index_file.read_text("utf-8"))
            if not searchdict.is_segmented(data):
                raise PluginError(
                    "搜索索引没有分词：jieba 没有生效，中文词语将搜不到。"
                    "请确认已安装 jieba（pip install -e .）。"
                )
            data = searchdict.compact_index(data)
            index_file.write_text(searchdict.dump_index(data), "utf-8")
            mapping = searchdict.fold_map(data, self.script)
        fold_file = site_dir / "assets" / "casebook" / "fold-map.js"
        fold_file.parent.mkdir(parents=True, exist_ok=True)
        fold_file.write_text(searchdict.fold_script(mapping), "utf-8")

    def on_serve(self, server: Any, *, config: Any, builder: Any) -> Any:
        # Edits to case data rebuild the site like edits to docs/ do.
        server.watch(str(self.root / "cases"))
        return server
