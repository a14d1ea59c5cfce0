"""`casebook schema`: the JSON Schema editors use, with the vocabulary's tags as completions."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from casebook.paths import find_root
from casebook.validate.editorschema import EDITOR_SCHEMA, is_current, write


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--root", type=Path, default=None, help="仓库根目录（默认：从当前目录向上查找）")
    p.add_argument("--check", action="store_true", help="只检查是否需要重新生成（需要时退出码为 1）")


def run(args: argparse.Namespace) -> int:
    root = find_root(args.root)
    shown = EDITOR_SCHEMA.as_posix()
    if args.check:
        if is_current(root):
            print(f"{shown} 与 schema 和词表一致。")
            return 0
        print(f"{shown} 已过期：请运行 casebook schema 重新生成并提交。", file=sys.stderr)
        return 1
    changed = write(root)
    print(f"已写入 {shown}。" if changed else f"{shown} 已是最新，没有改动。")
    return 0
