"""What the plugin adds to Material's theme, so that a library's mkdocs.yml need not list it.

The templates and static files in theme/ (the language switch that lands on the same page, the
search box and scripts that fold queries across scripts) come after the site's own `custom_dir`, so a
library can still override any of them; the scripts and styles the generated pages need are added
to extra_javascript / extra_css unless the config lists them already.

Material loads its default fonts (Roboto, which has no Chinese glyphs anyway) from Google Fonts,
which the build refuses (pipeline/remote.py): unless the config names a font, the plugin turns
that off, as `theme.font: false` would, and pages use the reader's system fonts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

THEME_DIR = Path(__file__).resolve().parent / "theme"

# In this order on every page: the fold map (written at post-build from the edition's search
# index), the fold that reads it, the search script (Pagefind's box on the online editions,
# the patch of Material's lunr search in the packs), then the generated pages' tables, compare
# view and case browser.
FOLD_JAVASCRIPT = ("assets/casebook/fold-map.js", "assets/casebook/fold.js")
PAGEFIND_JAVASCRIPT = "assets/casebook/pagefind-search.js"
LUNR_JAVASCRIPT = "assets/casebook/search-fold.js"
EXTRA_JAVASCRIPT = (
    *FOLD_JAVASCRIPT,
    PAGEFIND_JAVASCRIPT,
    LUNR_JAVASCRIPT,
    "assets/casebook/tables.js",
    "assets/casebook/browse.js",
)
EXTRA_CSS = ("assets/casebook/tables.css", "assets/casebook/print.css", "assets/casebook/browse.css")

# Material's `font` when the config sets none (material/templates/mkdocs_theme.yml).
MATERIAL_DEFAULT_FONT = {"text": "Roboto", "code": "Roboto Mono"}


# The footer line (partials/copyright.html), in Simplified; the plugin converts it per edition.
FOOTER = {
    "before": "本站由 casebook 根据案例数据生成，使用 ",
    "middle": " 和 ",
    "after": " 构建。案例文字为本库编写的摘要，事实与数字见各案例的资料来源。",
    "about_text": "关于本站（繁体版与搜索）",
}
ABOUT_PAGE = "about.md"  # linked from the footer when the library has it (docs/about.md)


def _listed(entries: list[Any]) -> set[str]:
    return {str(getattr(e, "path", e)) for e in entries}


def install(config: Any, pagefind: bool = False) -> None:
    """Add the plugin's theme folder and assets to an MkDocs config (idempotent); `pagefind`: the
    site searches with Pagefind, else with Material's lunr search."""
    dirs: list[str] = config.theme.dirs
    if str(THEME_DIR) not in dirs:
        dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
    if config.theme.name == "material" and config.theme.get("font") == MATERIAL_DEFAULT_FONT:
        config.theme["font"] = False
    listed = _listed(config.extra_javascript)
    unused = LUNR_JAVASCRIPT if pagefind else PAGEFIND_JAVASCRIPT
    config.extra_javascript.extend(e for e in EXTRA_JAVASCRIPT if e not in listed and e != unused)
    listed = _listed(config.extra_css)
    config.extra_css.extend(e for e in EXTRA_CSS if e not in listed)
