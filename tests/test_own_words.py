"""Own words: the digests may carry over names, figures and named methods, not sentences.

Measured as the share of a digest's Han characters that sit inside runs of 15 or more characters
copied verbatim from the source (names of honors and methods make such runs legitimately; whole
sentences push the share up).  Needs ../shared/seeds (founding cases) and ../shared/corpus (the
corpus cases); skipped with a clear reason without them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from casebook.text.chinese import to_simplified
from corpus_cases import CORPUS_CASES

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
CORPUS = ROOT.parent / "shared" / "corpus"
SOURCES = {
    "nanyang-yungang": "000_",
    "xiaogan-wenhualu": "001_",
    "kunming-shaba": "002_",
    "yangzhou-wenchanghuayuan": "003_",
    "xinyang-minzu": "004_",
}
CORPUS_SOURCES = CORPUS_CASES
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


@pytest.mark.parametrize("case_id", sorted(SOURCES))
def test_digest_is_in_our_own_words(case_id: str) -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"../shared/seeds not found at {SEEDS}; own-words corpus test skipped")
    source_file = next(SEEDS.glob(SOURCES[case_id] + "*.txt"))
    assert_own_words(case_id, source_file.read_text("utf-8"))


def assert_own_words(case_id: str, source_text: str) -> None:
    source = han_only(source_text)
    for name in ("case.md", "case.yml"):
        ours = han_only((ROOT / "cases" / case_id / name).read_text("utf-8"))
        share, runs = copied_share(ours, source)
        assert share <= MAX_SHARE, f"{case_id}/{name}: {share:.0%} copied, e.g. {runs[:3]}"


@pytest.mark.parametrize("case_id", sorted(CORPUS_SOURCES))
def test_corpus_digest_is_in_our_own_words(case_id: str) -> None:
    if not CORPUS.is_dir():
        pytest.skip(f"../shared/corpus not found at {CORPUS}; own-words test of corpus cases skipped")
    for name in CORPUS_SOURCES[case_id]:
        assert_own_words(case_id, (CORPUS / name).read_text("utf-8"))


def test_copied_runs_are_measured() -> None:
    """A digest that copies a sentence must score above the limit; a rewritten one below it."""
    source = han_only("社区党总支把离退休党员组织起来参加楼院巡逻和环境整治，居民很满意。")
    copied = han_only("社区党总支把离退休党员组织起来参加楼院巡逻和环境整治。")
    rewritten = han_only("退休的老党员被编进巡逻队，也参与打扫楼院。")
    assert copied_share(copied, source)[0] > MAX_SHARE
    assert copied_share(rewritten, source)[0] <= MAX_SHARE


def test_every_case_is_measured() -> None:
    """A new case without a source entry here would escape the measurement silently."""
    cases = {p.parent.name for p in (ROOT / "cases").glob("*/case.yml")}
    assert cases == set(SOURCES) | set(CORPUS_SOURCES)
