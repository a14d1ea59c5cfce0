"""`casebook bench`: what a library of N cases costs to build, weighs, and feels like to a reader."""

from __future__ import annotations

import argparse
from pathlib import Path

from casebook.devtools import bench
from casebook.fsutil import write_atomic


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--sizes", default="1000,10000", help="案例数，逗号分隔（默认 1000,10000）")
    p.add_argument("--no-browser", action="store_true", help="不做浏览器里的测量（搜索、筛选）")
    p.add_argument("--work", type=Path, default=None, help="工作目录（默认临时目录，结束后删除）")
    p.add_argument("--json", type=Path, default=None, help="另存结果为 JSON")
    p.add_argument("--docs", type=Path, default=None, help="把结果写成性能页（如 docs/performance.md）")
    p.add_argument("--seed", type=int, default=1)


def run(args: argparse.Namespace) -> int:
    from rich.console import Console

    console = Console(width=max(Console().width, 160))
    sizes = [int(s) for s in str(args.sizes).split(",") if s.strip()]
    machine = bench.machine_info()  # the load before the runs
    results: list[bench.SizeResult] = []
    with bench._workdir(args.work) as work:
        for n in sizes:
            console.print(f"[bold]N = {n:,}[/bold]：生成合成案例库、构建、测量……")
            results.append(bench.measure_size(n, work, args.seed, browser=not args.no_browser))
            bench.print_row(results[-1])
    text = bench.measure_text_throughput()
    console.print(bench.render_table(results, text))
    console.print(bench.verdicts(results, text))
    if args.json:
        write_atomic(args.json, bench.dump_json(results, text, machine))
    if args.docs:
        write_atomic(args.docs, bench.performance_page(results, text, machine))
        console.print(f"已写入 {args.docs}")
    return 0
