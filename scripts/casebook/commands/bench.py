"""`casebook bench`: how build time, page weight and search behave as the library grows."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from pathlib import Path

from casebook.devtools.bench import (
    SizeResult,
    _print_row,
    _workdir,
    machine_info,
    measure_size,
    measure_text_throughput,
    performance_page,
    render_table,
    verdicts,
)
from casebook.fsutil import write_atomic


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--sizes", default="100,1000,5000", help="案例数，逗号分隔（默认 100,1000,5000）")
    p.add_argument(
        "--search-at", type=int, default=1000, help="在这个规模上测浏览器首次搜索结果时间（0 不测）"
    )
    p.add_argument("--work", type=Path, default=None, help="工作目录（默认临时目录，结束后删除）")
    p.add_argument("--json", type=Path, default=None, help="另存结果为 JSON")
    p.add_argument("--docs", type=Path, default=None, help="把结果写成性能页（如 docs/performance.md）")
    p.add_argument("--seed", type=int, default=1)


def run(args: argparse.Namespace) -> int:
    from rich.console import Console

    console = Console(width=max(Console().width, 160))
    sizes = [int(s) for s in str(args.sizes).split(",") if s.strip()]
    results: list[SizeResult] = []
    with _workdir(args.work) as work:
        for n in sizes:
            console.print(f"[bold]N = {n}[/bold]：生成合成案例库、构建、测量……")
            results.append(measure_size(n, work, args.seed, search=(n == args.search_at), console=console))
            _print_row(console, results[-1])
    text = measure_text_throughput()
    machine = machine_info()
    console.print(render_table(results, text))
    console.print(verdicts(results, text))
    if args.json:
        payload = {"machine": machine, "text": text, "sizes": [asdict(r) for r in results]}
        write_atomic(args.json, json.dumps(payload, ensure_ascii=False, indent=2))
    if args.docs:
        write_atomic(args.docs, performance_page(results, text, machine))
        console.print(f"已写入 {args.docs}")
    return 0
