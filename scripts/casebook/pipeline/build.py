"""`casebook build`: both editions into one site folder, Simplified at the root and Traditional under
zh-hant/, in one process.

One process matters: the case library, the OpenCC converters and jieba's dictionary (about a
second to load) are loaded once and reused by the second edition.  The site is built in a temp
folder beside the destination and moved into place only when every edition built, so a failed
build never leaves a half-written or half-deleted site behind.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from casebook.errors import CasebookError
from casebook.fsutil import building, replace_dir
from casebook.pipeline.editions import EDITIONS, Edition


class BuildError(CasebookError):
    """A build that stopped for a reason the reader can fix; the message says how."""


class _CurrentStderr(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever sys.stderr is when a record arrives, not the one of the first build:
    a process that builds more than once (tests, `casebook serve`, a forked fuzz child) may have
    closed or replaced that stream since, and logging would then print its own traceback."""

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        pass


def quiet_logs() -> None:
    # MkDocs's own command line sets up its logging; called from here it would print nothing, or
    # everything.  Show warnings and errors, as `mkdocs build` does.
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = _CurrentStderr()
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
    _vet_config(root, config_file)
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


def _vet_config(root: Path, config_file: Path) -> None:
    """The configs through the validator's reader first: MkDocs' own YAML loader recurses once per
    nesting level (a mkdocs.yml of 60,000 "[" ended the build in a RecursionError)."""
    from casebook.validate.reader import read_text
    from casebook.validate.yamlio import prescan

    for path in dict.fromkeys([config_file, root / "mkdocs.yml"]):
        if not path.is_file():
            continue
        tf = read_text(path, path.name, root)
        found = [(p.line, p.col, p.message) for p in tf.problems]
        if tf.text is not None:
            found += [
                (f.line, f.col, f.message) for f in prescan(tf.text, allow_tags=True) if f.rule == "CB117"
            ]
        if found:
            line, col, message = found[0]
            raise BuildError(f"{path.name}:{line}:{col}: {message}，请修正配置文件后重试。")


def build_site(root: Path, out: Path, scripts: Sequence[str] | None = None) -> dict[str, float]:
    """Build the chosen editions into `out` (replacing it only on success); seconds per edition."""
    chosen = [e for e in EDITIONS if scripts is None or e.script in scripts]
    out = out.resolve()
    timings: dict[str, float] = {}
    with building(out) as tmp:
        # The root edition first: MkDocs empties its site_dir before building.
        for e in sorted(chosen, key=lambda e: e.subdir.count("/") + bool(e.subdir)):
            timings[e.script] = build_edition(root, e, tmp / e.subdir if e.subdir else tmp)
        replace_dir(tmp, out)
    return timings
