"""`casebook build`: both editions into one site folder, Simplified at the root and Traditional under
zh-hant/, in one process.

One process matters: the case library, the OpenCC converters and jieba's dictionary (about a
second to load) are loaded once and reused by the second edition.  The site is built in a temp
folder beside the destination and moved into place only when every edition built, so a failed
build never leaves a half-written or half-deleted site behind.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from .editions import EDITIONS, Edition
from .library import find_root


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", type=Path, default=None, metavar="目录", help="输出目录（默认：仓库下的 site/）")
    p.add_argument(
        "--edition",
        choices=["all", *(e.script for e in EDITIONS)],
        default="all",
        help="只构建一个版本：hans 简体，hant 繁体（默认 all：两个都建）",
    )
    p.add_argument("--root", type=Path, default=None, help="仓库根目录（默认：从当前目录向上查找）")


class BuildError(Exception):
    """A build that stopped for a reason the reader can fix; the message says how."""


def _quiet_logs() -> None:
    # MkDocs's own command line sets up its logging; called from here it would print nothing, or
    # everything.  Show warnings and errors, as `mkdocs build` does.
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        handler.setLevel(logging.WARNING)
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def build_edition(root: Path, edition: Edition, site_dir: Path) -> float:
    """Build one edition into `site_dir` with its MkDocs config; returns the seconds it took."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    config_file = root / edition.config_file
    if not config_file.is_file():
        raise BuildError(f"找不到 {edition.config_file}：{edition.name}版的配置文件应在仓库根目录。")
    start = time.perf_counter()
    try:
        cfg = load_config(str(config_file), site_dir=str(site_dir))
        cfg.plugins.on_startup(command="build", dirty=False)
        try:
            build(cfg)
        finally:
            cfg.plugins.on_shutdown()
    except Abort as e:
        # MkDocs has already logged the cause (an ERROR or WARNING line above); say what to do.
        warnings = re.search(r"(\d+) warnings? in strict mode", str(e))
        if warnings:
            count = warnings.group(1)
            raise BuildError(
                f"{edition.name}版构建中止：严格模式下有 {count} 条警告，请按上面的警告修改后重试。"
            ) from e
        raise BuildError(f"{edition.name}版构建失败，原因见上面的错误信息。") from e
    except MkDocsException as e:
        raise BuildError(f"{edition.name}版构建失败：{e}") from e
    return time.perf_counter() - start


def build_site(root: Path, out: Path, scripts: Sequence[str] | None = None) -> dict[str, float]:
    """Build the chosen editions into `out` (replacing it only on success); seconds per edition."""
    chosen = [e for e in EDITIONS if scripts is None or e.script in scripts]
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
    timings: dict[str, float] = {}
    try:
        # The root edition first: MkDocs empties its site_dir before building.
        for e in sorted(chosen, key=lambda e: e.subdir.count("/") + bool(e.subdir)):
            timings[e.script] = build_edition(root, e, tmp / e.subdir if e.subdir else tmp)
        _replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return timings


def _replace(new: Path, out: Path) -> None:
    """Put `new` where `out` is: two renames, so readers of `out` see the old site or the new one."""
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        os.rename(out, old / "site")
        os.rename(new, out)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.rename(new, out)


def run(args: argparse.Namespace) -> int:
    root = find_root(args.root)
    out = args.out if args.out is not None else root / "site"
    out = out if out.is_absolute() else Path.cwd() / out
    scripts = None if args.edition == "all" else [args.edition]
    _quiet_logs()
    start = time.perf_counter()
    try:
        timings = build_site(root, out, scripts)
    except BuildError as e:
        print(f"错误：{e}", file=sys.stderr)
        return 1
    except OSError as e:
        print(f"错误：无法写入输出目录 {out}：{e.strerror or e}。请检查路径和权限。", file=sys.stderr)
        return 1
    total = time.perf_counter() - start
    for e in EDITIONS:
        if e.script in timings:
            where = out / e.subdir if e.subdir else out
            print(f"{e.name}：{where}（{timings[e.script]:.1f} 秒）")
    print(f"完成，共 {total:.1f} 秒。")
    return 0
