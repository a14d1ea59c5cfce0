"""The site's two editions: Simplified (canonical, at the site root) and Traditional (under zh-hant/).

There is one hand-edited source.  The Traditional edition is produced from it at build time, page
by page, with `chinese.to_traditional` (OpenCC's Taiwan character table s2tw, without its phrase
substitutions, plus our reviewed phrase table; chinese.py says why): translating
by hand would let the editions drift apart, and the phrase table is where a wrong conversion gets
fixed once for every page.  This module is plain functions so that any generator can use it; the
MkDocs plugin only calls them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from casebook.text.chinese import to_simplified, to_traditional

HANS = "hans"
HANT = "hant"


@dataclass(frozen=True)
class Edition:
    script: str  # HANS or HANT
    name: str  # shown in the language switch, in the edition's own script
    lang: str  # BCP 47 tag for hreflang / lang attributes
    config_file: str  # MkDocs config of this edition, relative to the repository root
    subdir: str  # where it lives inside the built site ("" = the root)


EDITIONS: tuple[Edition, ...] = (
    Edition(HANS, "简体中文", "zh-Hans", "mkdocs.yml", ""),
    Edition(HANT, "繁體中文", "zh-Hant", "mkdocs.zh-hant.yml", "zh-hant"),
)

# Material's theme languages that mean Traditional script.
_HANT_LANGUAGES = {"zh-hant", "zh-tw", "zh-hk"}


def edition(script: str) -> Edition:
    return next(e for e in EDITIONS if e.script == script)


def script_for_language(language: str | None) -> str:
    """The script an edition is written in, from the theme language its config sets."""
    return HANT if (language or "").lower() in _HANT_LANGUAGES else HANS


def switch_links(script: str) -> list[dict[str, str]]:
    """Language-switch entries for pages of edition `script`: each link is relative to the edition's
    root, so the template only appends the page's own URL to land on the same page elsewhere."""
    here = edition(script)
    up = "../" * len(here.subdir.split("/")) if here.subdir else ""
    links = []
    for e in EDITIONS:
        link = "" if e is here else up + (f"{e.subdir}/" if e.subdir else "")
        links.append({"name": e.name, "lang": e.lang, "link": link, "current": str(e is here).lower()})
    return links


# Parts of Markdown that must reach the page unchanged: link targets (not their titles),
# autolinks and bare URLs.  A URL may contain Chinese, and converting it would point elsewhere;
# a bare URL ends at full-width punctuation (…html。刊于…), which a written-out URL never holds.
_KEEP_RE = re.compile(
    r"\]\(\s*(?:<[^>\n]*>|[^\s)]*)"  # [text](target "title") — the target
    r"|<(?:https?|mailto):[^>\s]*>"  # <https://…>
    r"|https?://[^\s<>()\[\]\u3000-\u303f\uff00-\uffef]+"  # bare URLs
)


def _hant(text: str) -> str:
    # Through Simplified first: the source is Simplified, but quotes Traditional forms on purpose
    # (vocabulary aliases such as 鄰里文化), and converting Traditional text again is not a no-op.
    return to_traditional(to_simplified(text))


def convert_text(text: str, script: str) -> str:
    """Text (Markdown or plain) in the edition's script; URLs and link targets are left as written."""
    if script != HANT or not text:
        return text
    out: list[str] = []
    pos = 0
    for m in _KEEP_RE.finditer(text):
        out.append(_hant(text[pos : m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(_hant(text[pos:]))
    return "".join(out)


def convert_data(value: Any, script: str) -> Any:
    """Every string inside nested dicts and lists (front matter, nav), converted; keys kept."""
    if script != HANT:
        return value
    if isinstance(value, str):
        return convert_text(value, script)
    if isinstance(value, list):
        return [convert_data(v, script) for v in value]
    if isinstance(value, dict):
        return {k: convert_data(v, script) for k, v in value.items()}
    return value


def convert_nav(nav: Any, script: str) -> Any:
    """MkDocs `nav:` in the edition's script: titles (the mapping keys) change, page paths do not."""
    if script != HANT:
        return nav
    if isinstance(nav, list):
        return [convert_nav(item, script) for item in nav]
    if isinstance(nav, dict):
        return {convert_text(str(k), script): convert_nav(v, script) for k, v in nav.items()}
    return nav  # a path or URL
