"""`casebook synth`: a synthetic library of N valid cases, for scale tests and benchmarks."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from casebook.devtools.synth import write_library
from casebook.fsutil import building, replace_dir


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--cases", type=int, default=100, metavar="N", help="案例数（默认 100）")
    p.add_argument(
        "--out", type=Path, required=True, metavar="目录", help="输出目录（不能已存在，除非加 --force）"
    )
    p.add_argument("--seed", type=int, default=1, help="随机种子：同一种子生成同样的案例（默认 1）")
    p.add_argument("--force", action="store_true", help="输出目录已存在时整体替换")


def run(args: argparse.Namespace) -> int:
    if args.cases < 1:
        print("错误：--cases 至少为 1。", file=sys.stderr)
        return 2
    out: Path = args.out.resolve()
    if out.exists() and not args.force and (not out.is_dir() or any(out.iterdir())):
        print(f"错误：{args.out} 已存在且不是空目录。请换一个目录，或加 --force 整体替换。", file=sys.stderr)
        return 2
    # Built beside the target and renamed into place: an interrupted run leaves no half library.
    with building(out) as tmp:
        write_library(tmp, args.cases, args.seed)
        replace_dir(tmp, out)
    print(
        f"已生成 {args.cases} 个合成案例：{args.out}。预览：cd {args.out} && casebook serve；构建：casebook build"
    )
    return 0
