"""Pinyin for ids, URLs and sort order: one place that decides how Chinese names become ASCII."""

from __future__ import annotations

import functools
import re
from typing import Any

from casebook.text.chinese import HAN_RE


@functools.cache
def syllables(text: str) -> tuple[str, ...]:
    """Toneless syllables; characters pypinyin cannot read (Latin, digits) pass through as they are."""
    from pypinyin import Style, lazy_pinyin

    return tuple(lazy_pinyin(text, style=Style.NORMAL, errors=_as_is, v_to_u=False))


def _as_is(chars: str) -> Any:
    """pypinyin's errors hook: a list keeps each unreadable character as its own item (its
    stubs say str, but the library documents and accepts a list)."""
    return list(chars)


def slug(text: str) -> str:
    """云钢 → yungang: pinyin without separators, only [a-z0-9]."""
    return re.sub(r"[^a-z0-9]+", "", "".join(syllables(text)).lower())


def spelled(text: str) -> str:
    """Sort key that orders Chinese names as a dictionary does (by their pinyin)."""
    return "".join(syllables(text))


def initial(text: str) -> str:
    """Index letter of a name: the first letter of its first syllable, "0-9", or "#"."""
    core = text.lstrip("“”\"'「」《》（(")
    if not core:
        return "#"
    if core[0].isdigit():
        return "0-9"
    if not HAN_RE.match(core[0]):
        return "#"
    letter = syllables(core[0])[0][:1].upper()
    return letter if letter.isascii() and letter.isalpha() else "#"
