"""Where things live in a library: the one place that knows the folder layout and finds its root.

A library is any folder with cases/vocabulary.yml (this repository, or one made by `casebook
init`); every command looks for it from the current folder upwards, so it can be run from any
subfolder, and writes its output there rather than beside the caller.
"""

from __future__ import annotations

from pathlib import Path

from casebook.errors import CasebookError

CASES = "cases"
VOCABULARY = "cases/vocabulary.yml"
COURSES = "courses"


class NotALibrary(CasebookError):
    """No cases/vocabulary.yml in the folder or any folder above it."""


def is_library(folder: Path) -> bool:
    return (folder / VOCABULARY).is_file()


def find_root(start: Path | None = None) -> Path:
    """The library root: the nearest folder from `start` (default: the current folder) upwards that
    has cases/vocabulary.yml.  Raises NotALibrary, naming the folder, when there is none."""
    try:
        here = (start or Path.cwd()).resolve()
    except (OSError, RuntimeError) as e:
        raise NotALibrary(f"无法读取文件夹 {start}：{e}") from e
    if start is not None and not here.is_dir():
        what = "不是文件夹" if here.exists() else "不存在"
        raise NotALibrary(f"{start} {what}：--root 要写案例库的文件夹（里面有 {VOCABULARY}）。")
    for folder in (here, *here.parents):
        if is_library(folder):
            return folder
    raise NotALibrary(
        f"{here} 不是案例库：它和它的上级文件夹里都没有 {VOCABULARY}。"
        "请进入案例库的文件夹再运行，或用 --root 指定；新建一个案例库：casebook init 文件夹名"
    )


def vocabulary_path(root: Path) -> Path:
    return root / VOCABULARY
