"""Word segmentation and part-of-speech tags for the importer: a jieba tokenizer of its own,
loaded once, with the compounds of this domain added (data/words.txt: 楼栋长, 可支配收入, …),
which its dictionary would otherwise split into characters or take for personal names.

The tokenizer is private because jieba's default one is shared with Material's search plugin:
a site build in the same process calls ``jieba.set_dictionary`` and reloads it, which would drop
our compounds and change every figure label the importer derives afterwards."""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any


@functools.cache
def _posseg() -> Any:
    import jieba
    import jieba.posseg  # type: ignore[import-untyped]

    jieba.setLogLevel(60)
    tokenizer = jieba.Tokenizer()
    words = resources.files("casebook.importer.data").joinpath("words.txt").read_text("utf-8")
    for line in words.splitlines():
        parts = line.split()
        if parts and not line.startswith("#"):
            tokenizer.add_word(
                parts[0], int(parts[1]) if len(parts) > 1 else None, parts[2] if len(parts) > 2 else None
            )
    return jieba.posseg.POSTokenizer(tokenizer)


def cut(text: str, hmm: bool = False) -> list[tuple[str, str]]:
    """(word, tag) pairs.  Without the HMM, jieba keeps to its dictionary: it stops inventing
    names out of compounds it does not know (楼栋 as a person) and splits them into characters."""
    return [(w, f) for w, f in _posseg().cut(text, HMM=hmm)]


def is_word(text: str) -> bool:
    """Whether jieba's dictionary has `text` as a word (和平 is; 将春 is not)."""
    return bool(_posseg().tokenizer.FREQ.get(text))
