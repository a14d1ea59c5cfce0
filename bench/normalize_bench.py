"""Throughput of normalize() beside raw OpenCC t2s on the same text.

Usage: python bench/normalize_bench.py [--mb 4]

The text is the five seeds from ../shared/seeds concatenated and repeated to the requested size
(our fixtures when the seeds are absent).  Target: normalize ≥ 5 MB/s (UTF-8 bytes of input).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

import opencc

from casebook.text.normalize import normalize

HERE = Path(__file__).resolve().parent
SEEDS = HERE.parents[1] / "shared" / "seeds"
FIXTURES = HERE.parent / "tests" / "fixtures" / "import"
TARGET_MB_S = 5.0


def corpus(megabytes: float) -> tuple[str, str]:
    files = sorted(SEEDS.glob("0*.txt")) or sorted(FIXTURES.glob("*.txt"))
    origin = (
        "../shared/seeds"
        if SEEDS.is_dir() and files and files[0].parent == SEEDS
        else "tests/fixtures/import"
    )
    base = "\n\n".join(p.read_text("utf-8") for p in files)
    repeat = max(1, int(megabytes * 1_000_000 / len(base.encode("utf-8"))) + 1)
    return "\n\n".join([base] * repeat), origin


def best_of(fn: Callable[[str], str], text: str, runs: int = 3) -> float:
    fn(text[:2000])  # warm up: converters and caches are built once per process
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn(text)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=4.0, help="size of the benchmark text in MB (default 4)")
    args = parser.parse_args()
    text, origin = corpus(args.mb)
    size_mb = len(text.encode("utf-8")) / 1_000_000
    t2s = opencc.OpenCC("t2s")
    t_raw = best_of(t2s.convert, text)
    t_norm = best_of(normalize, text)
    print(f"text: {size_mb:.1f} MB, {len(text):,} characters ({origin}, repeated)")
    print(f"OpenCC t2s alone : {size_mb / t_raw:7.1f} MB/s")
    verdict = "ok" if size_mb / t_norm >= TARGET_MB_S else f"BELOW the {TARGET_MB_S:.0f} MB/s target"
    print(f"normalize()      : {size_mb / t_norm:7.1f} MB/s  ({verdict})")


if __name__ == "__main__":
    main()
