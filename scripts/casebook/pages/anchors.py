"""Heading anchors that a reader can read and that are the same in both editions.

Python-Markdown's default slug drops every Chinese character, so the sections of a case page were
`#_1` … `#_13`, and a link to 思考题 was `#_12`, shifting whenever a section was added.  The toc
extension calls `slugify` (mkdocs.yml: `toc.slugify`) with each heading's text; here Chinese
becomes pinyin (思考题 → `sikaoti`).  The Traditional edition's headings are converted before the
toc runs (思考題), so the text is folded back to Simplified first: a link copied from one edition
keeps its anchor in the other, and the anchor depends only on the heading's own words.
"""

from __future__ import annotations

from markdown.extensions.toc import slugify as ascii_slugify

from casebook.text.chinese import HAN_RE, to_simplified
from casebook.text.pinyin import slug


def slugify(value: str, separator: str = "-") -> str:
    """思考题 or 思考題 → sikaoti; 党建+养老 → dangjianyanglao; plain ASCII as Markdown does it."""
    if HAN_RE.search(value):
        return slug(to_simplified(value)) or "section"
    return ascii_slugify(value, separator) or "section"
