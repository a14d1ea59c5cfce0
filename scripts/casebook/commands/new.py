"""`casebook new`: start a case from a name, a place and a type, without knowing YAML."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from casebook.importer.scaffold import Ask, Refused, collect, create
from casebook.model.library import load_vocabulary
from casebook.paths import find_root


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--name", help="社区名称，如 云钢社区")
    p.add_argument("--province", help="省级行政区，如 河南省（可简写为 河南）")
    p.add_argument("--city", help="地级市，如 南阳市")
    p.add_argument("--county", help="县、区或县级市（可选）")
    p.add_argument("--street", help="街道、镇或乡（可选）")
    p.add_argument("--type", help="社区类型，词表中的名称或别名，多个用顿号隔开，如 单位型社区")
    p.add_argument(
        "--id", dest="case_id", help="指定编号（默认由市名和社区名的拼音生成，如 nanyang-yungang）"
    )
    p.add_argument("--out", type=Path, default=None, help="放案例的目录（默认：仓库的 cases/）")
    p.add_argument("--root", type=Path, default=None, help="仓库根目录（默认：从当前目录向上查找）")


def run(args: argparse.Namespace) -> int:
    root = find_root(args.root)
    vocab, _ = load_vocabulary(root)
    out_dir = args.out if args.out is not None else root / "cases"
    ask: Ask | None = input if sys.stdin is not None and sys.stdin.isatty() else None
    try:
        values = collect(args, vocab, ask, print)
        folder = create(root, out_dir, args.case_id, values, vocab)
    except Refused as e:
        print(f"错误：{e}", file=sys.stderr)
        return 1
    except (EOFError, KeyboardInterrupt):
        print("\n已取消，没有写入任何文件。", file=sys.stderr)
        return 1
    shown = os.path.relpath(folder, Path.cwd())
    if shown.startswith(".."):  # outside the current folder: the full path reads better
        shown = str(folder)
    print(f"已创建草稿 {shown}/case.yml（编号 {folder.name}）。")
    print("下一步：")
    print(f"  1. 打开 {shown}/case.yml，按注释补全各项；")
    print(f"  2. 新建 {shown}/case.md，用自己的话写 800-2000 字的案例叙述；")
    print(f"  3. 运行 casebook check {shown}，按提示补齐，直到没有错误；")
    print("  4. 运行 casebook serve 预览，然后提交拉取请求。")
    return 0
