"""`casebook normalize`: turn a pasted Chinese text into the canonical form every other tool expects."""

from __future__ import annotations

import argparse
import sys

from casebook.text.normalize import DecodeError, normalize, read


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "file", nargs="?", default="-", metavar="文件", help="要规范化的文本文件；省略或写 - 表示标准输入"
    )


def run(args: argparse.Namespace) -> int:
    try:
        text = read(args.file)
    except DecodeError as e:
        print(f"错误：{e}", file=sys.stderr)
        return 1
    sys.stdout.write(normalize(text))
    return 0
