"""`casebook tables`: comparison tables, per-case CSV or validated JSON, as the site publishes them."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from casebook.fsutil import write_atomic
from casebook.pages.downloads import cases_csv, cases_json
from casebook.pages.tables import markdown_tables


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--format",
        choices=["md", "csv", "json"],
        default="md",
        help="md：比较表格（Markdown）；csv：每个案例一行（Excel 可直接打开）；json：校验后的案例数据",
    )
    p.add_argument("--out", type=Path, default=None, metavar="文件", help="写入文件（默认输出到屏幕）")
    p.add_argument("--root", type=Path, default=None, help="仓库根目录（默认：从当前目录向上查找）")


def run(args: argparse.Namespace) -> int:
    from casebook.model.library import load_library
    from casebook.paths import find_root

    lib = load_library(find_root(args.root))
    if lib.errors:
        for p in lib.errors[:20]:
            print(p.format(), file=sys.stderr)
        print(
            f"案例数据有 {len(lib.errors)} 个错误，表格未生成。请先按上面的提示修改，"
            "再运行 casebook check 确认。",
            file=sys.stderr,
        )
        return 1
    if args.format == "csv":
        text = cases_csv(lib.in_reading_order())
    elif args.format == "json":
        text = cases_json(lib.in_reading_order())
    else:
        text = markdown_tables(lib)
    if args.out is None:
        sys.stdout.write(text)
        return 0
    if args.out.is_dir():
        print(
            f"错误：{args.out} 是一个目录，请给出文件名，如 {args.out / ('cases.' + args.format)}。",
            file=sys.stderr,
        )
        return 2
    folder = args.out.parent
    if not folder.is_dir():
        what = "是一个文件，不是文件夹" if folder.exists() else "不存在"
        print(
            f"错误：{folder} {what}，没有写入 {args.out}。请先创建这个文件夹，或换一个位置。", file=sys.stderr
        )
        return 2
    write_atomic(args.out, text.encode("utf-8"))  # an OSError is reported by casebook.cli
    print(f"已写入 {args.out}（{len(lib.cases)} 个案例）。", file=sys.stderr)
    return 0
