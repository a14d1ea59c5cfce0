"""`casebook build`: both editions into one site folder, Simplified at the root and Traditional under"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from casebook.paths import find_root
from casebook.pipeline.build import SEARCH, BuildError, build_site, quiet_logs
from casebook.pipeline.editions import EDITIONS


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", type=Path, default=None, metavar="目录", help="输出目录（默认：仓库下的 site/）")
    p.add_argument(
        "--edition",
        choices=["all", *(e.script for e in EDITIONS)],
        default="all",
        help="只构建一个版本：hans 简体，hant 繁体（默认 all：两个都建）",
    )
    p.add_argument("--root", type=Path, default=None, help="仓库根目录（默认：从当前目录向上查找）")
    p.add_argument(
        "--jobs",
        type=int,
        default=0,
        metavar="N",
        help="同时构建几个版本（默认 0：按 CPU 核数，两核以上两个版本同时建；1：逐个构建，内存占用减半）",
    )


def run(args: argparse.Namespace) -> int:
    root = find_root(args.root)
    out = args.out if args.out is not None else root / "site"
    out = out if out.is_absolute() else Path.cwd() / out
    scripts = None if args.edition == "all" else [args.edition]
    quiet_logs()
    start = time.perf_counter()
    try:
        timings = build_site(root, out, scripts, jobs=_jobs(args.jobs))
    except BuildError as e:
        print(f"错误：{e}", file=sys.stderr)
        return 1
    # Any OSError (a folder that cannot be written, a file that cannot be read) is reported by
    # casebook.cli with the path it names.
    total = time.perf_counter() - start
    for edition in EDITIONS:
        if edition.script in timings:
            where = out / edition.subdir if edition.subdir else out
            print(f"{edition.name}：{where}（{timings[edition.script]:.1f} 秒）")
    if SEARCH in timings:
        print(f"搜索索引（Pagefind）：{timings[SEARCH]:.1f} 秒")
    print(f"完成，共 {total:.1f} 秒。")
    return 0


def _jobs(asked: int) -> int:
    # Each edition is one process of about the same size: two cores build both at once.
    return asked if asked > 0 else max(1, min(len(EDITIONS), os.cpu_count() or 1))
