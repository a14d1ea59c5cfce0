"""Cost of the Traditional edition and size of the search index.

Usage: python bench/editions_bench.py [--runs 3] [--cases N]

Builds the site in fresh processes, alternating: one edition (`casebook build --edition hans`),
both editions (`casebook build`), and plain `mkdocs build` for reference; prints wall and CPU
seconds (median) and the ratio both / one.  Target: both < 2 × one.  Then measures the search
index of each edition: bytes of a case's index entries against the bytes of the case page's
text (target ≤ 2), the whole index per case, and the size of the query-folding map.

Without --cases it builds this repository (the founding cases); with --cases N it builds a
synthetic library of N cases from `casebook synth`.  Wall time is noisy on a shared machine; CPU
time (user + system of the build process) is the steadier figure.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(cmd: list[str], cwd: Path) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def project_dir(cases: int, work: Path) -> Path:
    if not cases:
        return ROOT
    project = work / "synth"
    cmd = [sys.executable, "-m", "casebook.cli", "synth", "--cases", str(cases), "--out", str(project)]
    subprocess.run(cmd, check=True, capture_output=True)
    # The theme files (language switch, search script) come with the casebook plugin.
    shutil.copy(ROOT / "mkdocs.zh-hant.yml", project / "mkdocs.zh-hant.yml")
    return project


def page_text_bytes(page: Path) -> int:
    html = page.read_text("utf-8")
    body = re.search(r"<article[^>]*>(.*)</article>", html, re.S)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body.group(1) if body else ""))
    return len(text.encode("utf-8"))


def index_figures(site: Path) -> None:
    for label, edition in (("简体", site), ("繁體", site / "zh-hant")):
        index_file = edition / "search" / "search_index.json"
        index = json.loads(index_file.read_text("utf-8"))
        case_ids = sorted(p.name for p in (edition / "cases").iterdir() if (p / "index.html").is_file())
        ratios, case_bytes, text_bytes = [], 0, 0
        by_case: dict[str, list[dict]] = {}
        for doc in index["docs"]:
            m = re.match(r"cases/([^/#]+)/", doc["location"])
            if m:
                by_case.setdefault(m.group(1), []).append(doc)
        for case_id in case_ids:
            size = len(
                json.dumps(by_case.get(case_id, []), ensure_ascii=False, separators=(",", ":")).encode()
            )
            text = page_text_bytes(edition / "cases" / case_id / "index.html")
            ratios.append(size / text)
            case_bytes += size
            text_bytes += text
        total = index_file.stat().st_size
        fold = (edition / "assets" / "casebook" / "fold-map.js").stat().st_size
        median = statistics.median(ratios)
        print(
            f"{label}: {len(case_ids)} cases; case entries / case text: median {median:.2f}, "
            f"max {max(ratios):.2f} (target ≤ 2); whole index {total / 1024:.0f} KiB = "
            f"{total / len(case_ids) / 1024:.1f} KiB per case ({total / text_bytes:.2f} × case text); "
            f"fold map {fold / 1024:.1f} KiB"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--cases", type=int, default=0, help="synthetic library of N cases (default: this repo)"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="editions-bench-") as tmp:
        work = Path(tmp)
        project = project_dir(args.cases, work)
        casebook = [sys.executable, "-m", "casebook.cli", "build", "--root", str(project)]
        commands = {
            "one edition (casebook build --edition hans)": [
                *casebook,
                "--out",
                str(work / "one"),
                "--edition",
                "hans",
            ],
            "both editions (casebook build)": [*casebook, "--out", str(work / "both")],
            "mkdocs build (Simplified only)": [
                sys.executable,
                "-m",
                "mkdocs",
                "build",
                "-q",
                "-d",
                str(work / "mk"),
            ],
        }
        timed(commands["one edition (casebook build --edition hans)"], project)  # warm caches (jieba, OS)
        results: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, cmd in commands.items():
                results[name].append(timed(cmd, project))
        library = f"{args.cases} synthetic cases" if args.cases else "this repository"
        print(f"library: {library}; runs: {args.runs}")
        medians = {}
        for name, runs in results.items():
            wall = statistics.median(r[0] for r in runs)
            cpu = statistics.median(r[1] for r in runs)
            medians[name] = (wall, cpu)
            print(f"{name}: wall {wall:.2f} s, cpu {cpu:.2f} s")
        one = medians["one edition (casebook build --edition hans)"]
        both = medians["both editions (casebook build)"]
        print(f"both / one: wall {both[0] / one[0]:.2f}, cpu {both[1] / one[1]:.2f} (target < 2)")
        index_figures(work / "both")


if __name__ == "__main__":
    main()
