"""`casebook export`: a course as a folder (or zip) that opens from disk, searches and prints offline."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from casebook.pack import SCRIPTS, ExportError
from casebook.pack.export import export_course


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("course", metavar="课程", help="课程编号（courses/ 下的文件名，不带 .yml）或课程文件路径")
    p.add_argument(
        "--out",
        required=True,
        type=Path,
        metavar="目录",
        help="课程包文件夹；已存在的课程包会被整体替换，其他已有文件夹不会被动",
    )
    p.add_argument("--zip", type=Path, default=None, metavar="文件", help="另外打成 zip 压缩包")
    p.add_argument("--script", choices=sorted(SCRIPTS), default="hans", help="hans 简体（默认）或 hant 繁体")
    p.add_argument(
        "--pdf", action="store_true", help="另存讲义为 handout.pdf（需要 Playwright、Chromium 和中文字体）"
    )
    p.add_argument("--root", type=Path, default=None, help="仓库根目录（默认：从当前目录向上查找）")


def run(args: argparse.Namespace) -> int:
    try:
        r = export_course(
            args.course, args.out, root=args.root, zip_path=args.zip, script=args.script, pdf=args.pdf
        )
    except ExportError as e:
        print(str(e), file=sys.stderr)
        return 1
    print(
        f"已导出课程包：{r.out}（{r.pages} 个页面，{r.files} 个文件，{r.bytes / 1_000_000:.1f} MB，"
        f"用时 {r.seconds:.1f} 秒）"
    )
    if r.zip:
        print(f"压缩包：{r.zip}（{r.zip_bytes / 1_000_000:.1f} MB）")
    if r.pdf:
        print(f"讲义 PDF：{r.pdf}")
    print(f"用浏览器打开 {r.out / 'index.html'} 即可离线使用。")
    return 0
