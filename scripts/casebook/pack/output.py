"""Where a pack goes: a folder (and optionally a zip) that is only ever a casebook pack replaced whole.

A marker file tells a pack from any other folder, so a mistyped --out can never overwrite someone's
documents; the pack is built in a hidden sibling folder and swapped in (fsutil), so a failed export
leaves the old pack as it was.
"""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path
from typing import Any

from casebook.fsutil import replacing, write_atomic
from casebook.pack import ExportError

MARKER = ".casebook-pack.json"


def resolve_out(out: Path) -> Path:
    out = Path(os.path.abspath(out))
    if not out.name:
        raise ExportError(f"不能把课程包直接写到“{out}”，请指定一个新的文件夹名，如 --out 课程包")
    if out.is_symlink():
        raise ExportError(f"“{out}”是符号链接，请指定一个真实的文件夹")
    if not out.parent.is_dir():
        raise ExportError(f"“{out.parent}”不存在，请先创建它，或换一个 --out 位置")
    if out.exists() and not out.is_dir():
        raise ExportError(f"“{out}”已经是一个文件，不是文件夹；请换一个 --out 位置")
    if out.is_dir() and not (out / MARKER).is_file() and any(out.iterdir()):
        raise ExportError(
            f"“{out}”已存在，而且不是 casebook 课程包（里面没有 {MARKER}），为免覆盖其中的文件，"
            "没有写入任何内容；请换一个新的文件夹名，或先清空它"
        )
    return out


def resolve_zip(zip_path: Path, out: Path) -> Path:
    zip_path = Path(os.path.abspath(zip_path))
    if zip_path.is_relative_to(out):
        raise ExportError(f"压缩包“{zip_path}”不能放在课程包文件夹里面，请放到它旁边")
    if not zip_path.parent.is_dir():
        raise ExportError(f"“{zip_path.parent}”不存在，请先创建它，或换一个 --zip 位置")
    if zip_path.exists():
        if zip_path.is_dir() or not is_pack_zip(zip_path):
            raise ExportError(
                f"“{zip_path}”已存在，而且不是 casebook 课程包的压缩包，"
                "为免覆盖，没有写入任何内容；请换一个 --zip 文件名"
            )
    return zip_path


def is_pack_zip(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as z:
            return any(n.endswith("/" + MARKER) and n.count("/") == 1 for n in z.namelist())
    except (zipfile.BadZipFile, OSError):
        return False


def write_zip(folder: Path, zip_path: Path) -> None:
    with replacing(zip_path) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                z.write(path, f"{folder.name}/{path.relative_to(folder).as_posix()}")


def write_marker(folder: Path, fields: dict[str, Any]) -> None:
    """The file that makes `folder` a casebook pack (format 1), with what it holds."""
    data = {"format": 1, **fields, "generator": "casebook export"}
    write_atomic(folder / MARKER, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
