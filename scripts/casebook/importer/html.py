"""Saved browser pages: the main article as plain text, and the page's title, date and author.

A page saved from a browser carries navigation, scripts, styles, comment boxes and footers around
the article.  trafilatura (PyPI, Apache-2.0) finds the article and reads the page's metadata.  It
was chosen over readability-lxml by measuring both on our HTML fixtures (`python
bench/import_eval.py --html`): both kept every article sentence and no line of the page around
it; readability-lxml was faster (60-150 ms against 190-340 ms a page) but returns no date, no
author and a title with the site's name glued on, and pip cannot install it in one run with
trafilatura (its resolver fails on lxml[html-clean]).  The text then goes through the same
pipeline as a pasted text, and a last pass makes sure no tag survives.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass

from casebook.importer.metadata import SourceFacts, clean_title

_HTML_SNIFF_RE = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.I)
_TAG_RE = re.compile(r"<\s*/?\s*[A-Za-z!][^<>]{0,2000}>")
_META_RE = re.compile(r"<meta\s+[^>]*>", re.I)
_ATTR_RE = re.compile(r'([a-zA-Z:_-]+)\s*=\s*("([^"]*)"|\'([^\']*)\')')


def looks_like_html(text: str, name: str = "") -> bool:
    return name.lower().endswith((".html", ".htm", ".xhtml")) or bool(_HTML_SNIFF_RE.search(text[:4096]))


@dataclass
class Page:
    text: str  # the article, one paragraph a line
    facts: SourceFacts


def extract(page: str, backend: str = "trafilatura") -> Page:
    """The article of a saved page and what the page states about it."""
    if backend == "readability":
        text, title = _readability(page)
        facts = SourceFacts()
        if title:
            facts.titles.append(clean_title(title, facts))
    else:
        text, facts = _trafilatura(page)
    _meta_tags(page, facts)
    return Page(strip_tags(text), facts)


def _trafilatura(page: str) -> tuple[str, SourceFacts]:
    import trafilatura

    doc = trafilatura.bare_extraction(
        page, with_metadata=True, include_comments=False, include_tables=True, include_images=False
    )
    facts = SourceFacts()
    if doc is None:
        return "", facts
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    if data.get("title"):
        facts.titles.append(clean_title(str(data["title"]), facts))
    if data.get("sitename"):
        facts.add_publisher(str(data["sitename"]), 3)
    if data.get("author"):
        facts.add("author", str(data["author"]))
    if data.get("date"):
        facts.add_date(str(data["date"]), 2)
    return str(data.get("text") or ""), facts


def _readability(page: str) -> tuple[str, str]:
    from lxml import html as lxml_html  # type: ignore[import-untyped]
    from readability import Document  # type: ignore[import-untyped,import-not-found,unused-ignore]  # optional: only the extractor comparison uses it

    doc = Document(page)
    tree = lxml_html.fromstring(doc.summary())
    blocks = [el.text_content().strip() for el in tree.iter("p", "h1", "h2", "h3", "h4", "li")]
    return "\n".join(b for b in blocks if b), doc.short_title()


def _meta_tags(page: str, facts: SourceFacts) -> None:
    """<meta name="author">, <meta property="og:site_name">, article:published_time: what the page
    states even when the extractor does not return it."""
    for tag in _META_RE.findall(page[:200_000]):
        attrs = {
            m.group(1).lower(): html_lib.unescape(m.group(3) or m.group(4) or "")
            for m in _ATTR_RE.finditer(tag)
        }
        key = (attrs.get("name") or attrs.get("property") or "").lower()
        value = attrs.get("content", "").strip()
        if not value:
            continue
        if key in ("author", "article:author") and not facts.authors:
            facts.add("author", value)
        elif key in ("og:site_name", "sitename", "site_name") and not facts.publishers:
            facts.add_publisher(value, 3)
        elif key in ("article:published_time", "pubdate", "publishdate", "publish_date", "date"):
            facts.add_date(value, 2)


def strip_tags(text: str) -> str:
    """No tag reaches the draft, whatever the extractor left (an escaped &lt;img&gt; included)."""
    text = html_lib.unescape(_TAG_RE.sub("", text))
    return _TAG_RE.sub("", text)
