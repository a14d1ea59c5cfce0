"""`casebook init`: start a new library (cases, vocabulary, site configs, CI) in an empty folder."""

from __future__ import annotations

import argparse
import os
import shlex
from pathlib import Path

from casebook.skeleton import DEFAULT_TITLE, UNKNOWN_SOURCE, create


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "folder", type=Path, metavar="文件夹", help="新案例库的文件夹：不存在时新建，已存在则必须是空的"
    )
    p.add_argument(
        "--title", default=DEFAULT_TITLE, help=f"网站名称（默认：{DEFAULT_TITLE}），写在 mkdocs.yml 和首页"
    )


def run(args: argparse.Namespace) -> int:
    root = create(args.folder, args.title)
    shown = os.path.relpath(root, Path.cwd())
    go = "" if shown == "." else f"cd {shlex.quote(shown)} && "
    print(
        f"已创建案例库 {root}：词表、两个版本的网站配置、首页、贡献指南、GitHub 工作流和编辑器用的 schema。"
    )
    print("下一步：")
    print(f"  1. {go}casebook new：新建第一个案例草稿（逐项提问）；")
    print("  2. casebook check：校验；casebook serve：在本机预览两个版本；casebook build：构建到 site/；")
    print("  3. git init，提交并推送到 GitHub；发布网站的做法见 .github/workflows/pages.yml 开头的说明。")
    if UNKNOWN_SOURCE in (root / "requirements.txt").read_text("utf-8"):
        print(
            "注意：不知道这个 casebook 是从哪里安装的（本机文件），CI 无法照样安装。"
            "推送前请在 requirements.txt 里写明 casebook 的来源（网址、代码仓库或提交在库里的 wheel 文件）。"
        )
    return 0
