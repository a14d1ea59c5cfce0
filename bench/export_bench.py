"""Export time and size of an offline course pack.

Usage: python bench/export_bench.py [--course community-governance-basics] [--runs 3] [--script hans]

Runs `casebook export` in fresh processes (as a trainer would: jieba and OpenCC load every time)
and prints wall and CPU seconds (median), then the pack: files, bytes, the biggest parts (Material's
assets, the search index, pages) and the zip size.  Target: seconds, not minutes, for the sample
course.  Wall time is noisy on a shared machine; CPU time of the export process is steadier.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def one_export(course: str, out: Path, zip_path: Path, script: str) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "casebook.cli",
            "export",
            course,
            "--out",
            str(out),
            "--zip",
            str(zip_path),
            "--script",
            script,
            "--root",
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def part(rel: str) -> str:
    if rel.startswith("assets/"):
        return "Material 与本库的脚本样式（assets/）"
    if rel.startswith("search/"):
        return "搜索索引（search/）"
    if rel == "handout.html":
        return "讲义（handout.html）"
    return "页面（*.html 及数据）"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--course", default="community-governance-basics")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--script", choices=["hans", "hant"], default="hans")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="export-bench-") as tmp:
        out, zip_path = Path(tmp) / "pack", Path(tmp) / "pack.zip"
        times = [one_export(args.course, out, zip_path, args.script) for _ in range(args.runs)]
        walls, cpus = [w for w, _ in times], [c for _, c in times]
        files = [p for p in out.rglob("*") if p.is_file()]
        sizes: Counter[str] = Counter()
        for p in files:
            sizes[part(p.relative_to(out).as_posix())] += p.stat().st_size
        total = sum(sizes.values())
        print(f"课程 {args.course}（{args.script}），{args.runs} 次导出（每次新进程，含 jieba/OpenCC 加载）")
        print(
            f"  用时：中位数 {statistics.median(walls):.2f} s"
            f"（最短 {min(walls):.2f} s，最长 {max(walls):.2f} s）"
        )
        print(f"  CPU：中位数 {statistics.median(cpus):.2f} s")
        print(
            f"  课程包：{len(files)} 个文件，{sum(p.suffix == '.html' for p in files)} 个页面，"
            f"{total / 1e6:.2f} MB"
        )
        for name, size in sizes.most_common():
            print(f"    {name}: {size / 1e6:.2f} MB")
        print(f"  zip：{zip_path.stat().st_size / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
