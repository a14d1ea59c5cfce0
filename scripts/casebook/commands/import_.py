"""`casebook import`: turn a published write-up (text or saved web page) into a reviewable draft."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

from casebook.errors import UsageError


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar="文件",
        help="案例原文：txt（编码自动识别）或浏览器保存的网页 html",
    )
    p.add_argument(
        "--id", dest="case_id", default=None, help="案例编号（默认由城市和社区名拼音生成）；只能配合单个文件"
    )
    p.add_argument(
        "--out",
        type=Path,
        default=None,
        help="输出目录（默认：所在案例库的 cases/，从任何子文件夹运行都一样）",
    )
    p.add_argument("--url", default="", help="原文链接，写入资料来源（原文里通常没有）；只能配合单个文件")
    p.add_argument("--root", type=Path, default=None, help="案例库根目录（默认从当前目录向上找）")
    p.add_argument("--max-mb", type=float, default=None, help="单个文件的大小上限（MB，默认 5）")
    p.add_argument("--dry-run", action="store_true", help="只把 case.yml 和 case.md 打印出来，不写文件")


def run(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import Progress

    from casebook.importer.pipeline import files_of, import_file
    from casebook.importer.source import MAX_MB, ImportFailed
    from casebook.importer.write import output_dir
    from casebook.model.library import load_vocabulary
    from casebook.paths import find_root

    console = Console(stderr=True)
    if (args.case_id or args.url) and len(args.files) > 1:
        raise UsageError("--id 和 --url 只能用于单个文件（多个文件会得到同一个编号和链接）。")
    if args.case_id and not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", args.case_id):
        raise UsageError(f"编号“{args.case_id}”不合法：只能用小写字母、数字和连字符，如 nanyang-yungang。")
    if args.url and not re.fullmatch(r"https?://[^\s<>\"]+", args.url):
        raise UsageError(f"链接“{args.url}”不合法：须以 http:// 或 https:// 开头。")
    root = find_root(args.root)
    vocab, _problems = load_vocabulary(root)
    try:
        out_dir = output_dir(args.out, root) if not args.dry_run else (args.out or root / "cases")
    except ImportFailed as e:
        console.print(f"[red]错误[/]：{e}", soft_wrap=True, highlight=False)
        return 1
    max_mb = args.max_mb or MAX_MB
    failures = 0

    def one(path: Path, out: Any) -> None:
        nonlocal failures
        try:
            draft = import_file(path, out_dir, vocab, args.case_id, args.dry_run, args.url, max_mb)
        except ImportFailed as e:
            failures += 1
            message = str(e) if str(path) in str(e) else f"{path}：{e}"
            out.print(f"[red]错误[/]：{message}", soft_wrap=True, markup=True, highlight=False)
            return
        if args.dry_run:
            for name, text in files_of(draft).items():
                sys.stdout.write(f"# ---- {draft.id}/{name}\n{text}")
        from casebook.importer.render import report

        report(draft, out, None if args.dry_run else str(out_dir / draft.id))

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
