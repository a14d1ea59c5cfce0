"""MkDocs hooks for course packs: the site's page-content step, without the site's plugin.

A pack is built from pages the exporter has already generated (the casebook plugin would generate
the whole library again), so the two steps the plugin applies to every page are applied here:
sanitizing (sanitize.py) and keeping generated listings out of the search index (searchdict.py).
The exporter names the generated pages in `extra.casebook_generated`.
"""

from __future__ import annotations

from typing import Any

from casebook.pipeline import sanitize
from casebook.pipeline import search as searchdict


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    html = sanitize.page_content(html, page)
    src = page.file.src_uri
    if src in set(config.extra.get("casebook_generated") or ()) and not searchdict.is_case_page(src):
        html = searchdict.exclude_listings(html)
    return html
