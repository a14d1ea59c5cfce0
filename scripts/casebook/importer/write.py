"""Where a draft goes and how: the library's cases/ folder, all or nothing, never over a case."""

from __future__ import annotations

from pathlib import Path

from casebook.errors import os_error_message
from casebook.fsutil import Exists, create_dir
from casebook.importer.source import ImportFailed
from casebook.paths import CASES, find_root


def output_dir(out: Path | None, root: Path | None = None) -> Path:
    """--out as given, or the cases/ folder of the library around the current folder (from any
    subfolder).  A folder inside a case is refused: the draft would nest one case in another."""
    target = out if out is not None else find_root(root) / CASES
    resolved = target.resolve()
    for folder in (resolved, *resolved.parents):
        if (folder / "case.yml").is_file() or (folder / "case.md").is_file():
            raise ImportFailed(
                f"--out {target} 在案例文件夹 {folder} 里面：草稿会成为案例里的案例。"
                f"请写到案例库的 {CASES}/ 文件夹（省略 --out 即可）。"
            )
        if folder.name == CASES and (folder / "vocabulary.yml").is_file():
            break
    return target


def write_case(out_dir: Path, case_id: str, files: dict[str, str]) -> Path:
    """Write into a hidden temporary folder beside the target, then rename it into place: either
    the whole case appears or nothing does.  An existing case is never touched."""
    target = out_dir / case_id
    try:
        return create_dir(target, files)
    except Exists as e:
        raise ImportFailed(f"{target} 已存在，没有写入任何文件（换一个 --id，或先移走旧目录）") from e
    except OSError as e:
        raise ImportFailed(f"写入草稿失败：{target}：{os_error_message(e)}") from e
