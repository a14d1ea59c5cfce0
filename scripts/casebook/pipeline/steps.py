"""The page pipeline, step by step: what happens to every page and file between generation and the
reader, for the site's editions and for course packs alike.

    generation (source.generated_files)
      → per file:  static_file        scripts and standalone HTML in the edition's script; HTML
                                      documents (the handout) sanitized
      → per page:  prepare_markdown   search weight, edition's script (text and front matter)
                   finish_content     sanitized content, title and description; listings kept
                                      out of the search index
      → post-build: finish_site       the online editions: a Pagefind index (pagefind.py); a
                                      pack: Material's index checked and compacted; both: the
                                      cross-script fold map, and a refusal of anything a page
                                      would load from the network

Each step is a plain function of page data (text, front matter, docs-relative path), so the MkDocs
plugin calls them without knowing what they do, and a new step is added here once for the site and
every pack.  Errors are PipelineError (a CasebookError with a Chinese message); the plugin turns
them into MkDocs's PluginError.
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
from collections.abc import MutableMapping
from html import escape as html_escape
from pathlib import Path
from typing import Any

from casebook.errors import CasebookError
from casebook.fsutil import write_atomic
from casebook.pipeline import editions, pagefind, remote, sanitize
from casebook.pipeline import search as searchdict
from casebook.validate.media import allowed as allowed_url

FOLD_MAP = "assets/casebook/fold-map.js"
SEARCH_INDEX = "search/search_index.json"


class PipelineError(CasebookError):
    """A page or the built site fails a check the reader would suffer from; the message says how."""


# --- per file -------------------------------------------------------------------------------------


def static_file(path: str, content: str, script: str) -> str:
    """A generated file that MkDocs copies as it is (not a Markdown page), ready for the edition.

    Scripts carry UI text and the compare page's data, so they follow the edition's script; so do
    the downloads (data/cases.csv, cases.json): a reader of the Traditional edition gets the data
    in the script of the pages they read (JSON keys, ids and URLs unchanged; `casebook tables`
    writes the canonical Simplified files).  A standalone HTML document (the handout) is converted
    and then sanitized like the pages' content, since it embeds the case pages.
    """
    if path.endswith((".js", ".csv")):
        return editions.convert_text(content, script)
    if path.endswith(".json") and script == editions.HANT:
        data = editions.convert_data(json.loads(content), script)
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
    if path.endswith(".html"):
        return sanitize.document(editions.convert_text(content, script))
    return content


# --- per page -------------------------------------------------------------------------------------


def prepare_markdown(markdown: str, meta: MutableMapping[str, Any], src_path: str, script: str) -> str:
    """Before rendering: the page's search weight (unless its front matter sets one) and, on the
    Traditional edition, its text and front matter in that script.  `meta` is updated in place."""
    settings = searchdict.search_settings(src_path)
    if settings and "search" not in meta:
        meta["search"] = settings
    if script != editions.HANT:
        return markdown
    converted = editions.convert_data(dict(meta), script)
    meta.clear()
    meta.update(converted)
    return editions.convert_text(markdown, script)


def finish_content(html: str, meta: MutableMapping[str, Any], title: str | None, listing: bool) -> str:
    """After rendering: content sanitized, title and description made inert (sanitize.py); on a
    generated listing page, its tables and lists left out of the search index; a page whose front
    matter says `search: exclude` marked for Pagefind, which reads only the built page."""
    html = sanitize.page_content(html, meta, title)
    if searchdict.excluded(meta):
        html += pagefind.EXCLUDED_PAGE
    return searchdict.exclude_listings(html) if listing else html


CITE_SITE = '<span class="cb-cite__site"></span>'
CITE_URL = '<span class="cb-cite__url"></span>'
CITE_DATE = '<time class="cb-cite__date"></time>'


def build_date() -> str:
    """Today (UTC) as YYYY-MM-DD, or the date of SOURCE_DATE_EPOCH for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    when = (
        datetime.datetime.fromtimestamp(int(epoch), datetime.UTC)
        if epoch.isdigit()
        else datetime.datetime.now(datetime.UTC)
    )
    return when.date().isoformat()


def fill_citation(html: str, site_name: str, url: str, built: str) -> str:
    """A case page's citation line (pages/case_page.citation) with what only the build knows: the
    site's name, the page's address (absolute when the config has a site_url; otherwise the
    site-relative path, which tables.js replaces with the address the reader opened) and the date."""
    if CITE_SITE not in html:
        return html
    html = html.replace(CITE_SITE, f'<span class="cb-cite__site">{html_escape(site_name)}</span>', 1)
    html = html.replace(CITE_URL, f'<span class="cb-cite__url">{html_escape(url)}</span>', 1)
    return html.replace(CITE_DATE, f'<time class="cb-cite__date" datetime="{built}">{built}</time>', 1)


# --- post-build -----------------------------------------------------------------------------------


def finish_site(
    site_dir: Path, script: str, allowed: tuple[str, ...] = (), offline: bool = False, pagefind: bool = False
) -> None:
    """After MkDocs has written the edition (and Material its search index) into `site_dir`.

    `allowed`: URL prefixes pages may load from (the plugin's `allowed_media`); an `offline`
    build (a course pack) allows none.  `pagefind`: index the edition with Pagefind (the online
    editions) instead of finishing Material's index."""
    if pagefind:
        finish_pagefind(site_dir, script)
    else:
        finish_search(site_dir, script)
    refuse_remote(site_dir, () if offline else allowed, offline)


def finish_pagefind(site_dir: Path, script: str) -> pagefind.IndexStats:
    """The edition's Pagefind index (leaving out other editions built inside it) and the fold map
    learnt from the words it indexed."""
    here = editions.edition(script)
    skip = [e.subdir for e in editions.EDITIONS if e is not here and e.subdir and not here.subdir]
    if pagefind.DEFER is not None:  # indexed by `casebook build` once every edition is built
        folder = pagefind.DEFER / script
        shutil.rmtree(folder, ignore_errors=True)
        if script in pagefind.DERIVED:  # its fold map is the other edition's (build.index_editions)
            return pagefind.write_shadows(site_dir, skip, folder, counted=False)
        stats = pagefind.write_shadows(site_dir, skip, folder)
    else:
        stats = pagefind.build_index(site_dir, skip)
    mapping = searchdict.fold_map_of(stats.words, script)
    write_atomic(site_dir / FOLD_MAP, searchdict.fold_script(mapping) + pagefind.parts_script(stats.parts))
    return stats


def finish_search(site_dir: Path, script: str) -> None:
    """Check the index is segmented (else Chinese words are unsearchable), compact it, and write
    the map that folds a query typed in the other script (search-fold.js reads it)."""
    index_file = site_dir / SEARCH_INDEX
    mapping: dict[str, Any] = {"script": script, "from": "", "to": "", "words": []}
    if index_file.is_file():
        data = json.loads(index_file.read_text("utf-8"))
        if not searchdict.is_segmented(data):
            raise PipelineError(
                "搜索索引没有分词：jieba 没有生效，中文词语将搜不到。"
                "请确认已安装 jieba（pip install -e .）后重试。"
            )
        data = searchdict.compact_index(data)
        write_atomic(index_file, searchdict.dump_index(data))
        mapping = searchdict.fold_map(data, script)
    write_atomic(site_dir / FOLD_MAP, searchdict.fold_script(mapping))


def refuse_remote(site_dir: Path, allowed: tuple[str, ...] = (), offline: bool = False) -> None:
    """Fail on anything a page or stylesheet would fetch from the network by itself, unless its URL
    starts with one of the `allowed` prefixes: the site must work where readers have no (or a
    filtered) connection and must not tell third parties who reads it; a course pack is offline."""
    # One allowlist, matched as `casebook check` matches it (CB308): a prefix ends at a path boundary.
    found = [(page, url) for page, url in remote.remote_resources(site_dir) if not allowed_url(url, allowed)]
    if not found:
        return
    shown = "\n".join(f"  {page}: {url}" for page, url in found[:20])
    more = f"\n  ……另有 {len(found) - 20} 处" if len(found) > 20 else ""
    fix = "请把这些文件放进仓库（如 docs/ 下）并改用相对路径，或删去引用；网页链接（<a>）不受影响。"
    if not offline:
        fix += "确需外链的网址，请维护者把网址前缀加入 mkdocs.yml 中 casebook 插件的 allowed_media。"
    raise PipelineError(
        f"有 {len(found)} 处资源需要联网才能加载（离线或内网的读者打不开，还会把读者的访问告诉第三方），"
        f"已停止构建：\n{shown}{more}\n{fix}"
    )
