"""MkDocs adapter: adds the pages `site.generate()` makes from case data.  Nothing else lives here.

Case pages are marked NOT_IN_NAV: every page carries the whole navigation, so listing hundreds of
cases there would make each page grow with the library (see shared NOTES).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from . import site
from .library import load_library

log = get_plugin_logger(__name__)


class CasebookConfig(Config):
    root = config_options.Type(str, default=".")


class CasebookPlugin(BasePlugin[CasebookConfig]):
    def on_config(self, config: Any) -> Any:
        base = Path(config.config_file_path or ".").resolve().parent
        self.root = (base / self.config.root).resolve()
        return config

    def on_files(self, files: Files, *, config: Any) -> Files:
        lib = load_library(self.root)
        if lib.errors:
            lines = "\n".join(p.format() for p in lib.errors[:50])
            raise PluginError(f"案例数据有 {len(lib.errors)} 个错误，请先运行 casebook check：\n{lines}")
        for path, content in site.generate(lib).items():
            inclusion = InclusionLevel.NOT_IN_NAV if path.startswith("cases/") and path != "cases/index.md" \
                else InclusionLevel.UNDEFINED
            files.append(File.generated(config, path, content=content, inclusion=inclusion))
        return files

    def on_serve(self, server: Any, *, config: Any, builder: Any) -> Any:
        # Edits to case data rebuild the site like edits to docs/ do.
        server.watch(str(self.root / "cases"))
        return server
