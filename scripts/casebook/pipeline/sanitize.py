"""The last line of defence: built pages carry no script, whatever a case or docs page contained.

`casebook check` rejects HTML in case files, but a build can happen without it (a maintainer
merging in a hurry, another generator calling `site.generate()`, a hand-written docs page), so
the page pipeline (steps.py) passes every page's rendered content through nh3 (the Rust ammonia
sanitizer) with an allow-list, and every standalone HTML document it writes (a course's handout,
which embeds the case pages) through `document()`.  Only the page *content* is cleaned: Material's own template adds the scripts
the theme needs and is not contributor input.  Page titles and descriptions are the one other
place contributor text reaches the template, unescaped (Material prints `page.meta.title` raw in
the header and `<title>`, and the search index renders it as HTML), so they are neutralised too.
"""

from __future__ import annotations

import functools
import re
from collections.abc import MutableMapping
from html import escape as html_escape
from html import unescape as html_unescape
from typing import Any

import nh3

# What Python-Markdown, its common extensions and Material's content styles produce, plus the
# form-free controls and drawing elements an interactive page (compare, charts) may need.
TAGS: set[str] = set(
    """a abbr b blockquote br caption cite code col colgroup dd del details dfn div dl dt em
    figcaption figure h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre q s samp small span
    strong sub summary sup table tbody td tfoot th thead time tr u ul var wbr ruby rt rp nav
    section article aside header footer label input select option button output meter progress
    """.split()
)
# Inline drawings (charts, Material icons): shapes and text only.  No <use>, <image>,
# <foreignObject>, <animate>/<set> (which can rewrite href) and no <script>/<style>.
SVG_TAGS: set[str] = set("svg g path rect circle ellipse line polyline polygon text tspan".split())
TAGS |= SVG_TAGS | {"title", "desc"}

# Dropped together with everything inside them (their text is code, not prose).
CLEAN_CONTENT_TAGS: set[str] = set(
    "script style template noscript iframe object embed textarea xmp noembed noframes plaintext".split()
)

_SVG_ATTRS = set(
    """viewBox width height x y x1 x2 y1 y2 cx cy r rx ry d points fill fill-opacity fill-rule
    stroke stroke-width stroke-dasharray stroke-linecap stroke-linejoin stroke-opacity opacity
    transform text-anchor dominant-baseline font-size font-weight dx dy xmlns preserveAspectRatio
    focusable""".split()
)

ATTRIBUTES: dict[str, set[str]] = {
    "*": {"class", "id", "title", "lang", "dir", "role", "hidden", "tabindex"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading", "decoding"},
    "td": {"colspan", "rowspan", "align", "headers", "style"},
    "th": {"colspan", "rowspan", "align", "headers", "scope", "style"},
    "col": {"span", "style"},
    "colgroup": {"span"},
    "ol": {"start", "reversed"},
    "li": {"value"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "time": {"datetime"},
    "details": {"open"},
    "label": {"for"},
    "input": {"name", "value", "checked", "disabled", "placeholder", "min", "max", "step"},
    "select": {"name", "multiple", "disabled", "size"},
    "option": {"value", "selected", "disabled"},
    "button": {"name", "value", "disabled"},
    "output": {"for", "name"},
    "meter": {"value", "min", "max", "low", "high", "optimum"},
    "progress": {"value", "max"},
    **{t: set(_SVG_ATTRS) for t in SVG_TAGS},
}

# Attributes whose values are restricted: an <input> that cannot become a file picker, image
# button or submit, a <button> that cannot submit (there is no <form>, but be explicit).
TAG_ATTRIBUTE_VALUES: dict[str, dict[str, set[str]]] = {
    "input": {"type": {"checkbox", "radio", "text", "search", "number", "range"}},
    "button": {"type": {"button", "reset"}},
}

URL_SCHEMES: set[str] = {"http", "https", "mailto"}

# Python-Markdown's tables extension writes alignment as `style="text-align: …"`, and the handout
# sets column widths (`<col style="width: …">`); those properties and nothing else survive (no
# url(), position, expression…).
STYLE_PROPERTIES: set[str] = {"text-align", "width"}


def _attribute_filter(tag: str, attr: str, value: str) -> str | None:
    # Material keys its own widgets on data-md-* and on ids starting with "__" (the drawer and
    # search toggles); content must not be able to impersonate them.
    if attr.startswith("data-md") or (attr == "id" and value.startswith("__")):
        return None
    return value


@functools.cache
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=TAGS,
        clean_content_tags=CLEAN_CONTENT_TAGS,
        attributes=ATTRIBUTES,
        attribute_filter=_attribute_filter,
        generic_attribute_prefixes={"data-", "aria-"},
        tag_attribute_values=TAG_ATTRIBUTE_VALUES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
        filter_style_properties=STYLE_PROPERTIES,
    )


def clean_html(html: str) -> str:
    """Rendered page content → the same content without anything that can run or load code."""
    return _cleaner().clean(html)


_TEMPLATE_UNSAFE = str.maketrans({"<": "＜", ">": "＞", "&": "＆", '"': "＂", "'": "＇", "`": "｀"})
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]+")


def plain_text(value: str) -> str:
    """Text that is inert wherever a template puts it: raw, in an attribute, after `striptags`.

    Escaping is not enough here: Material runs `striptags` on some titles, which *un*escapes
    entities, and prints others raw.  Swapping the few markup characters for their full-width
    forms is safe in every one of those places and reads naturally in Chinese text.
    """
    return _CONTROL_RE.sub(" ", value).translate(_TEMPLATE_UNSAFE)


def page_content(html: str, meta: MutableMapping[str, Any], title: str | None = None) -> str:
    """The per-page step: clean the content, neutralise title and description in the front matter
    (`meta`, updated in place; `title` is the page's title when the front matter sets none)."""
    title = meta.get("title") or title
    if title is not None and plain_text(str(title)) != title:
        meta["title"] = plain_text(str(title))
    if meta.get("description") is not None:
        meta["description"] = plain_text(str(meta["description"]))
    return clean_html(html)


# --- standalone documents ------------------------------------------------------------------------

# A standalone page (the course handout) is our template around content: its <head> may hold only
# what a template writes, its <body> is content and is cleaned like any page's.
_BODY_RE = re.compile(r"<body\b[^>]*>(.*)</body\s*>", re.S | re.I)
_LANG_RE = re.compile(r"<html\b[^>]*?\blang=[\"']?([A-Za-z0-9-]+)", re.I)
_TITLE_RE = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.S | re.I)
_STYLE_RE = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.S | re.I)
_VIEWPORT_RE = re.compile(r"<meta\s+name=[\"']viewport[\"']\s+content=[\"']([\w\s=.,-]*)[\"']", re.I)


def document(page: str) -> str:
    """A whole HTML document with nothing that can run or load code.

    The head is rebuilt from the few things a template puts there (language, charset, viewport,
    title, style sheets; anything else is dropped) and the body is cleaned as page content is.
    Style sheets are kept: they are the template's, and what they could load is refused by the
    build's remote-resource check (remote.py).
    """
    body = _BODY_RE.search(page)
    head = page[: body.start()] if body else ""
    lang = _LANG_RE.search(head)
    title = _TITLE_RE.search(head)
    viewport = _VIEWPORT_RE.search(head)
    out = ["<!doctype html>", f'<html lang="{lang.group(1)}">' if lang else "<html>", "<head>"]
    out.append('<meta charset="utf-8">')
    if viewport:
        out.append(f'<meta name="viewport" content="{viewport.group(1)}">')
    if title:
        out.append(f"<title>{html_escape(html_unescape(_TAG_RE.sub('', title.group(1))))}</title>")
    out += [f"<style>{css}</style>" for css in _STYLE_RE.findall(head) if "</" not in css]
    out.append("</head>")
    return "\n".join(out) + f"\n<body>{clean_html(body.group(1) if body else page)}</body>\n</html>\n"


_TAG_RE = re.compile(r"<[^>]*>")
