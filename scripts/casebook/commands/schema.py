"""`casebook schema`: the JSON Schemas editors use, written into the library's schema/ folder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from casebook.paths import find_root
from casebook.validate.editorschema import render_all, stale, write


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--root", type=Path, default=None, help="仓库根目录（默认：从当前目录向上查找）")
    p.add_argument("--check", action="store_true", help="只检查是否需要重新生成（需要时退出码为 1）")


def run(args: argparse.Namespace) -> int:
    root = find_root(args.root)
    if args.check:
        old = stale(root)
        if not old:
            print("、".join(p.as_posix() for p in render_all(root)) + " 与 schema 和词表一致。")
            return 0
        shown = "、".join(p.as_posix() for p in old)
        print(f"{shown} 已过期或缺失：请运行 casebook schema 重新生成并提交。", file=sys.stderr)
        return 1
    changed = write(root)
    if changed:
        print("已写入 " + "、".join(p.as_posix() for p in changed) + "。")
    else:
        print("schema/ 下的文件已是最新，没有改动。")
    return 0
