"""Script conversion and Chinese-text predicates shared by the validator, normalizer and site.

OpenCC does the conversion; our reviewed phrase table (data/phrases.tsv) is put ahead of OpenCC's
own dictionaries because OpenCC's defaults are wrong for a few words of this domain and would
rewrite proper names that the sources keep (云鋼, 云陽鎮).  One converter per direction is built
once per process: building one costs far more than converting a page.

Traditional text uses OpenCC's Taiwan character table without phrase substitution (`s2tw`):
群眾為 裡 啟 考核, the forms readers in Taiwan and Hong Kong write, where OpenCC's own standard
(`s2t`) gives 羣衆爲 裏 啓 考覈, which neither uses.  `s2twp` would also swap words (社区 → 社群,
项目 → 專案), which is wrong for this library.
"""

from __future__ import annotations

import functools
import json
import os
import re
import tempfile
from importlib import resources
from pathlib import Path

import opencc

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_RE = re.compile(f"[{HAN}]")
HAN_RUN_RE = re.compile(f"[{HAN}]+")
# Han characters plus CJK punctuation and full-width forms: where a line break inside Chinese text
# is no space.
CJK = rf"\u3000-\u303f{HAN}\uff00-\uffef"

# Fields of case files whose text is not prose: not checked for script, punctuation or spacing.
NON_PROSE = frozenset({"id", "url", "founded", "date", "unit", "script", "status", "as_of"})

PHRASES_FILE = "phrases.tsv"
# OpenCC config for Simplified → Traditional (see the module docstring); phrase-table rows marked
# "s2t" or "both" apply to it.
TRADITIONAL_CONFIG = "s2tw"


def phrase_table() -> list[tuple[str, str, str, str]]:
    """Rows (simplified, traditional, direction, note) of the reviewed phrase table."""
    rows = []
    text = resources.files("casebook.text.data").joinpath(PHRASES_FILE).read_text("utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        simp, trad, direction, note = ([*line.split("\t"), "", "", ""])[:4]
        rows.append((simp, trad, direction, note))
    return rows


def _opencc_dir() -> Path:
    return Path(opencc.__file__).parent / "clib" / "share" / "opencc"


@functools.cache
def _converter(direction: str) -> opencc.OpenCC:
    # OpenCC resolves dictionary paths relative to the config file, so we write a config that
    # names the built-in dictionaries by absolute path and our phrase dictionary beside it.
    base = json.loads((_opencc_dir() / f"{direction}.json").read_text("utf-8"))
    workdir = Path(tempfile.mkdtemp(prefix="casebook-opencc-"))
    pairs = []
    to_trad = direction != "t2s"
    for simp, trad, applies, _note in phrase_table():
        if applies in ("s2t" if to_trad else "t2s", "both"):
            pairs.append((simp, trad) if to_trad else (trad, simp))
    (workdir / "casebook.txt").write_text("".join(f"{a}\t{b}\n" for a, b in pairs), "utf-8")

    def absolutize(node: object) -> object:
        if isinstance(node, dict):
            out = {k: absolutize(v) for k, v in node.items()}
            if "file" in out and not os.path.isabs(str(out["file"])):
                out["file"] = str(_opencc_dir() / str(out["file"]))
            return out
        if isinstance(node, list):
            return [absolutize(v) for v in node]
        return node

    config = absolutize(base)
    assert isinstance(config, dict)
    chain = config["conversion_chain"][0]["dict"]
    ours = {"type": "text", "file": str(workdir / "casebook.txt")}
    config["conversion_chain"][0]["dict"] = {
        "type": "group",
        "match_policy": "short_circuit",
        "dicts": [ours, chain],
    }
    # The text is cut into segments before conversion; our phrases must be segments too, or a
    # segment boundary (s2tw's regional phrases move them) can split one and it never applies.
    segmentation = config.get("segmentation")
    if isinstance(segmentation, dict) and isinstance(segmentation.get("dict"), dict):
        segmentation["dict"] = {
            "type": "group",
            "match_policy": "union",
            "dicts": [ours, segmentation["dict"]],
        }
    path = workdir / f"casebook-{direction}.json"
    path.write_text(json.dumps(config, ensure_ascii=False), "utf-8")
    return opencc.OpenCC(str(path))


def to_simplified(text: str) -> str:
    """Traditional → Simplified, with our phrase table ahead of OpenCC's."""
    return _converter("t2s").convert(text)


def to_traditional(text: str) -> str:
    """Simplified → Traditional (Taiwan character forms, never Taiwan phrase substitutions)."""
    return _converter(TRADITIONAL_CONFIG).convert(text)


def traditional_spans(text: str) -> list[tuple[int, str, str]]:
    """(offset, found, expected) for each run of characters that t2s would change.

    Conversion works on phrases, so a character is judged in its context; comparing code points
    one by one is enough because t2s never changes a string's length.
    """
    converted = to_simplified(text)
    if converted == text or len(converted) != len(text):
        return [] if converted == text else [(0, text, converted)]
    spans: list[tuple[int, str, str]] = []
    i = 0
    while i < len(text):
        if text[i] != converted[i]:
            j = i
            while j < len(text) and text[j] != converted[j]:
                j += 1
            spans.append((i, text[i:j], converted[i:j]))
            i = j
        else:
            i += 1
    return spans


FULLWIDTH = {",": "，", ".": "。", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）"}

# A half-width mark counts as "inside a Chinese sentence" when a Han character touches it on the
# side where the sentence continues.  Digits around "." or ":" (2.5万, 8:30) and Latin runs stay
# ASCII.
_HALF_PUNCT_RE = re.compile(rf"(?<=[{HAN}])[,:;!?]|[,:;!?](?=[{HAN}])|(?<=[{HAN}])\.(?=[{HAN}\s]|$)")
# The lookahead finds a Han character without backtracking over the whole run: the plain form
# `[^()]*[HAN][^()]*` was quadratic on an unclosed "(" before a long Chinese line.
HALF_PAREN_RE = re.compile(rf"\(((?=[^()\n]*?[{HAN}])[^()\n]*+)\)")


def halfwidth_punctuation(text: str) -> list[tuple[int, str, str]]:
    """(offset, mark, full-width replacement) for ASCII punctuation used inside Chinese text."""
    hits = [(m.start(), m.group(0), FULLWIDTH[m.group(0)]) for m in _HALF_PUNCT_RE.finditer(text)]
    for m in HALF_PAREN_RE.finditer(text):
        hits.append((m.start(), "(", "（"))
        hits.append((m.end() - 1, ")", "）"))
    return sorted(hits)
