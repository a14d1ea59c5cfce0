"""Own words: our digests may carry over names, figures and named methods, not sentences.

Measured as the share of a digest's Han characters that sit inside runs of 15 or more characters
copied verbatim from the source (names of honors and methods make such runs legitimately; whole
sentences push the share up).  The founding cases come from ../shared/seeds, the corpus cases from
../shared/corpus; each test skips with a clear reason when its folder is absent.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from casebook.text.chinese import to_simplified

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
CORPUS = ROOT.parent / "shared" / "corpus"
# Founding case → prefix of its seed file.
SOURCES = {
    "nanyang-yungang": "000_",
    "xiaogan-wenhualu": "001_",
    "kunming-shaba": "002_",
    "yangzhou-wenchanghuayuan": "003_",
    "xinyang-minzu": "004_",
}
# Corpus case → its file in ../shared/corpus (two cases may share one article).
CORPUS_SOURCES = {
    "beijing-fuchenghuayuan": "01.txt",
    "guyuan-jutoucun": "02.txt",
    "wuhan-qingfen": "03.txt",
    "changzhou-qingliangercun": "04.txt",
    "qingdao-kangcheng": "05.txt",
    "shenzhen-yitian": "06.txt",
    "xiangxi-shibadongcun": "07.txt",
    "anshun-tangyuecun": "08.txt",
    "kunming-jinxing": "09.txt",
    "akesu-jiaoyu": "10.txt",
}
RUN = 15
MAX_SHARE = 0.12

pytestmark = pytest.mark.corpus


def han_only(text: str) -> str:
    text = re.sub(r"\([a-zü]+\)", "", to_simplified(text))  # pinyin annotations in the sources
    return re.sub(r"[^\u4e00-\u9fff]", "", text)


def copied_share(ours: str, source: str) -> tuple[float, list[str]]:
    grams = {source[i : i + RUN] for i in range(len(source) - RUN + 1)}
    covered = [False] * len(ours)
    runs: list[str] = []
    i = 0
    while i <= len(ours) - RUN:
        if ours[i : i + RUN] in grams:
            j = i + RUN
            while j < len(ours) and ours[i : j + 1] in source:
                j += 1
            covered[i:j] = [True] * (j - i)
            runs.append(ours[i:j])
            i = j
        else:
            i += 1
    return sum(covered) / max(len(ours), 1), runs


def assert_own_words(case_id: str, source_file: Path) -> None:
    source = han_only(source_file.read_text("utf-8"))
    for name in ("case.md", "case.yml"):
        ours = han_only((ROOT / "cases" / case_id / name).read_text("utf-8"))
        share, runs = copied_share(ours, source)
        assert share <= MAX_SHARE, f"{case_id}/{name}: {share:.0%} copied, e.g. {runs[:3]}"


@pytest.mark.parametrize("case_id", sorted(SOURCES))
def test_digest_is_in_our_own_words(case_id: str) -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"../shared/seeds not found at {SEEDS}; own-words test of the founding cases skipped")
    assert_own_words(case_id, next(SEEDS.glob(SOURCES[case_id] + "*.txt")))


@pytest.mark.parametrize("case_id", sorted(CORPUS_SOURCES))
def test_corpus_digest_is_in_our_own_words(case_id: str) -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"../shared/corpus not found at {CORPUS}; own-words test of the corpus cases skipped")
    assert_own_words(case_id, CORPUS / CORPUS_SOURCES[case_id])


def test_every_case_is_measured() -> None:
    """A new case without a source entry here would escape the measurement silently."""
    cases = {p.parent.name for p in (ROOT / "cases").glob("*/case.yml")}
    assert cases == set(SOURCES) | set(CORPUS_SOURCES)
