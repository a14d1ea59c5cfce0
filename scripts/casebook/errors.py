"""One base for every refusal the tools can give: a Chinese message for the reader and an exit code.

Contributors read these in a terminal or a CI log, so each message names the file or folder and
says what to do; `casebook.cli` prints it and exits with `exit_code`, never with a traceback.
"""

from __future__ import annotations

import errno
import os


class CasebookError(Exception):
    """A stop the reader can act on.  `str(error)` is the whole message, in Chinese."""

    exit_code = 1

    def __init__(self, message: str, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code

    @property
    def message(self) -> str:
        return str(self)


class UsageError(CasebookError):
    """Arguments that cannot work together (exit code 2, as argparse uses for usage errors)."""

    exit_code = 2


# errno name → (the reason in Chinese, what to do).
_REASONS: dict[str, tuple[str, str]] = {
    "EACCES": ("没有权限", "请检查文件夹的权限，或换一个位置"),
    "EPERM": ("不允许的操作", "请检查文件夹的权限，或换一个位置"),
    "EROFS": ("只读的文件系统", "请换一个可以写入的位置"),
    "ENOSPC": ("磁盘已满", "请清理磁盘后重试"),
    "EDQUOT": ("超出磁盘配额", "请清理磁盘后重试"),
    "ENOENT": ("不存在", "请检查路径是否写对"),
    "ENOTDIR": ("路径中有一段不是文件夹", "请检查路径，或换一个位置"),
    "EISDIR": ("这是一个文件夹", "请给出文件名"),
    "EEXIST": ("已有同名的文件或文件夹", "请换一个名字"),
    "ENOTEMPTY": ("文件夹不是空的", "请换一个位置"),
    "ELOOP": ("符号链接形成了循环", "请检查路径中的符号链接"),
    "ENAMETOOLONG": ("路径太长", "请换一个短一些的路径"),
    "EMFILE": ("打开的文件太多", "请关闭其他程序后重试"),
    "EBUSY": ("文件正被占用", "请关闭正在使用它的程序后重试"),
}


def _staging_folder(path: object) -> str | None:
    """The folder a staging file or folder (.name.xxxx.tmp, see fsutil) was being written in: the
    path the reader knows, rather than a name they never chose."""
    text = os.fsdecode(path) if isinstance(path, str | bytes | os.PathLike) else str(path)
    name = os.path.basename(text)
    return (os.path.dirname(text) or ".") if name.startswith(".") and name.endswith(".tmp") else None


def os_error_message(error: OSError) -> str:
    """An OSError in Chinese, naming the path and what to do: what the CLI prints instead of a
    traceback."""
    code = errno.errorcode.get(error.errno or 0, "")
    reason, hint = _REASONS.get(code, ("", ""))
    english = error.strerror or type(error).__name__
    reason = f"{reason}，{english}" if reason else english
    if error.filename is None:
        return f"读写文件失败（{reason}）" + (f"；{hint}。" if hint else "。")
    tail = f"（{reason}）" + (f"；{hint}。" if hint else "。")
    folder = _staging_folder(error.filename)
    if folder is not None:
        return f"无法在文件夹 {folder} 里写入{tail}"
    where = os.fsdecode(error.filename) if isinstance(error.filename, str | bytes) else str(error.filename)
    if error.filename2 is not None:
        where = f"{where} → {error.filename2}"
    return f"无法读写 {where}{tail}"
