"""`casebook import`: turn a pasted case write-up into a reviewable draft (case.yml + case.md)."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

from casebook.importer.draft import ImportFailed, import_file, render_markdown, render_yaml, report


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", type=Path, metavar="文件", help="案例原文（txt，编码自动识别）")
    p.add_argument(
        "--id", dest="case_id", default=None, help="案例编号（默认由城市和社区名拼音生成）；只能配合单个文件"
    )
    p.add_argument("--out", type=Path, default=Path("cases"), help="输出目录（默认 cases/）")
    p.add_argument("--dry-run", action="store_true", help="只把 case.yml 和 case.md 打印出来，不写文件")


def run(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import Progress

    console = Console(stderr=True)
    if args.case_id and len(args.files) > 1:
        console.print("错误：--id 只能用于单个文件（多个文件会得到同一个编号）。", soft_wrap=True)
        return 2
    if args.case_id and not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", args.case_id):
        console.print(
            f"错误：编号“{args.case_id}”不合法：只能用小写字母、数字和连字符，如 nanyang-yungang。",
            soft_wrap=True,
        )
        return 2
    failures = 0

    def one(path: Path, out: Any) -> None:
        nonlocal failures
        try:
            draft = import_file(path, args.out, args.case_id, args.dry_run)
        except ImportFailed as e:
            failures += 1
            out.print(
                f"[red]错误[/]：{path}：{e}" if str(path) not in str(e) else f"[red]错误[/]：{e}",
                soft_wrap=True,
            )
            return
        if args.dry_run:
            sys.stdout.write(f"# ---- {draft.id}/case.yml\n{render_yaml(draft)}")
            sys.stdout.write(f"# ---- {draft.id}/case.md\n{render_markdown(draft)}")
        report(draft, out, None if args.dry_run else args.out / draft.id)

    if len(args.files) == 1:
        one(args.files[0], console)
    else:
        with Progress(console=console, transient=False) as progress:
            task = progress.add_task("导入", total=len(args.files))
            for path in args.files:
                progress.update(task, description=f"导入 {path.name}")
                one(path, progress.console)
                progress.advance(task)
    return 1 if failures else 0
