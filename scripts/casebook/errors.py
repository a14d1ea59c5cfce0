"""One base for every refusal the tools can give: a Chinese message for the reader and an exit code.

Contributors read these in a terminal or a CI log, so each message names the file or folder and
says what to do; `casebook.cli` prints it and exits with `exit_code`, never with a traceback.
"""

from __future__ import annotations


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


def os_error_message(error: OSError, doing: str = "读写文件") -> str:
    """An OSError in Chinese, naming the path: what the CLI prints instead of a traceback."""
    where = error.filename or ""
    if error.filename2:
        where = f"{where} → {error.filename2}"
    reason = error.strerror or type(error).__name__
    hints = {
        "EACCES": "请检查文件夹权限",
        "EPERM": "请检查文件夹权限",
        "ENOSPC": "磁盘已满，请清理后重试",
        "EROFS": "这个位置只读，请换一个位置",
        "ENOENT": "请检查路径是否存在",
        "ENOTDIR": "路径中有一段不是文件夹",
        "EISDIR": "这是一个文件夹，请给出文件名",
        "ELOOP": "符号链接形成了循环",
        "ENAMETOOLONG": "路径太长",
    }
    import errno

    code = errno.errorcode.get(error.errno or 0, "")
    hint = hints.get(code, "")
    return f"{doing}失败：{where}（{reason}）" + (f"；{hint}。" if hint else "。")
