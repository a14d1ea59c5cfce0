"""What a built page or stylesheet would fetch from the network by itself.

A course pack is opened from a USB stick in a classroom without network, and the site is read on
filtered networks: a script, style sheet, font, image or frame from another host then fails (or
tells that host who is reading).  The build refuses them (steps.refuse_remote).  Links a reader
may click (<a href>, <link rel=canonical>) are not loads and are left alone.

Pages are scanned with regular expressions over their tags rather than a full HTML parse: a site of
thousands of pages must not pay a parser for a check that almost always finds nothing.  Attribute
values are entity-decoded first, as the browser would (`&#104;ttps://` is `https://`), and script
bodies and comments are skipped (their text is not markup).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

# A URL that leaves the site: a network scheme (browsers accept `https:host` without slashes) or
# protocol-relative (`//host`, and `\\host`, which browsers read the same way).
REMOTE_RE = re.compile(r"^[\s\x00-\x1f]*(?:(?:https?|ftps?|wss?)\s*:|[/\\]{2})", re.I)

# Attributes whose URL is fetched when the element is rendered, whatever the element.
LOADING_ATTRS = frozenset({"src", "poster", "background", "data", "lowsrc", "dynsrc"})
SRCSET_ATTRS = frozenset({"srcset", "imagesrcset"})
# Elements whose href is fetched (SVG images and references, the document base), and the link
# relations that fetch or connect.
HREF_LOADS = frozenset({"image", "use", "feimage", "base", "script"})
LINK_LOADS = frozenset(
    """stylesheet icon shortcut apple-touch-icon apple-touch-icon-precomposed mask-icon manifest
    preload modulepreload prefetch prerender preconnect dns-prefetch""".split()
)

# One literal "<" first: the regex engine then skips ahead to each "<" quickly.
_SKIPPED_RE = re.compile(r"<(?:!--.*?-->|(script\b[^>]*>).*?</script\s*>)", re.S | re.I)
_TAG_RE = re.compile(r"""<([a-zA-Z][a-zA-Z0-9:-]*)((?:"[^"]*"|'[^']*'|[^'">])*)>""")
_ATTR_RE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?""")
_STYLE_BLOCK_RE = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.S | re.I)
CSS_URL_RE = re.compile(
    r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')""", re.I
)


def _css_urls(css: str) -> Iterator[str]:
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    for m in CSS_URL_RE.finditer(css):
        yield next((g for g in m.groups() if g is not None), "")


def css_loads(css: str) -> list[str]:
    """Remote URLs a style sheet (or a style attribute) would fetch: url(…) and @import."""
    low = css.lower()
    if "url(" not in low and "@import" not in low:
        return []
    return [url for url in _css_urls(css) if REMOTE_RE.match(url)]


def _attrs(text: str) -> Iterator[tuple[str, str]]:
    for m in _ATTR_RE.finditer(text):
        value = next((v for v in m.groups()[1:] if v is not None), "")
        yield m.group(1).lower(), html.unescape(value)


def html_loads(page: str) -> list[str]:
    """Remote URLs an HTML page would fetch by itself (elements, style attributes, style blocks)."""
    found: list[str] = []
    for block in _STYLE_BLOCK_RE.findall(page):
        found += css_loads(block)
    page = _SKIPPED_RE.sub(lambda m: "<" + m.group(1) if m.group(1) else "", page)
    for m in _TAG_RE.finditer(page):
        text = m.group(2)
        # Most tags hold no value that could leave the site: a remote URL needs a scheme (":") or
        # "//" or "\\\\", and an entity ("&") may hide either.  Plain substring tests keep this fast.
        if ":" not in text and "//" not in text and "\\\\" not in text and "&" not in text:
            continue
        tag = m.group(1).lower()
        attrs = list(_attrs(text))
        rel = {v for k, v in attrs if k == "rel" for v in v.lower().split()}
        for name, value in attrs:
            if name in LOADING_ATTRS or (name in ("href", "xlink:href") and tag in HREF_LOADS):
                urls = [value]
            elif name in SRCSET_ATTRS:
                urls = [c.strip().split()[0] for c in value.split(",") if c.strip()]
            elif name == "href" and tag == "link" and rel & LINK_LOADS:
                urls = [value]
            elif name == "style":
                found += css_loads(value)
                continue
            else:
                continue
            found += [u for u in urls if REMOTE_RE.match(u)]
    return found


def remote_resources(folder: Path, files: Iterable[Path] | None = None) -> list[tuple[str, str]]:
    """(page, url) for every resource the HTML pages and style sheets in `folder` (or the given
    `files` inside it) would fetch from the network; pages are relative to `folder`."""
    found: list[tuple[str, str]] = []
    paths = sorted(folder.rglob("*")) if files is None else sorted(files)
    for path in paths:
        if path.suffix not in (".html", ".htm", ".css") or not path.is_file():
            continue
        text = path.read_text("utf-8", errors="replace")
        urls = css_loads(text) if path.suffix == ".css" else html_loads(text)
        rel = path.relative_to(folder).as_posix()
        found += [(rel, url) for url in urls]
    return found
