"""Reading contributor files safely: the one reader every command uses, bounded before anything parses.

Whatever a pull request contains, reading it must end in either text or a list of Problems: never a
traceback, a crash, a hang or unbounded memory.  So every case, vocabulary, course and docs file
(and every text to import) goes through `read_bytes`: regular files only, opened without blocking,
judged on the open descriptor, at most the cap read.  `read_text` adds UTF-8 and what the check
says about a file that is not; `time_limit` bounds the work done on one file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casebook.validate.problems import Problem

MAX_BYTES = 1_000_000
SECONDS_PER_FILE = 2.0


@dataclass
class TextFile:
    path: Path
    shown: str  # path as printed in messages
    text: str | None = None
    problems: list[Problem] = field(default_factory=list)


class Unreadable(Exception):
    """A file that is refused before its content is looked at: rule id and Chinese reason."""

    def __init__(self, rule: str, message: str) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message


_KINDS = {
    stat.S_IFDIR: "文件夹",
    stat.S_IFIFO: "命名管道（FIFO）",
    stat.S_IFSOCK: "套接字",
    stat.S_IFCHR: "设备文件",
    stat.S_IFBLK: "设备文件",
}


def read_bytes(path: Path, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file of at most `max_bytes`, or Unreadable saying why not.

    Opened non-blocking (a FIFO would otherwise wait for a writer forever) and judged by fstat on
    the open descriptor, so the file read is the file checked; no more than max_bytes + 1 bytes
    are ever read, whatever the file claims its size is.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as e:
        raise Unreadable(*_open_error(e)) from e
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            kind = _KINDS.get(stat.S_IFMT(st.st_mode), "特殊文件")
            raise Unreadable("CB106", f"这个路径是{kind}，不是普通文件")
        if st.st_size > max_bytes:
            raise Unreadable("CB103", _too_big(st.st_size, max_bytes))
        chunks: list[bytes] = []
        total = 0
        while total <= max_bytes:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > max_bytes:
            raise Unreadable("CB103", _too_big(total, max_bytes))
        return b"".join(chunks)
    except OSError as e:
        raise Unreadable("CB108", f"读取时出错（{e.strerror or e}）") from e
    finally:
        os.close(fd)


def _too_big(size: int, max_bytes: int) -> str:
    return f"文件有 {size / 1_000_000:.1f} MB，超过上限 {max_bytes / 1_000_000:.0f} MB"


def _open_error(e: OSError) -> tuple[str, str]:
    if e.errno == errno.ELOOP:
        return "CB106", "这个路径是循环的符号链接（指向自己或互相指向）"
    if e.errno in (errno.EACCES, errno.EPERM):
        return "CB108", "没有权限读取这个文件"
    if e.errno in (errno.ENOENT, errno.ENOTDIR):
        return "CB107", "文件不存在（或是指向不存在文件的符号链接）"
    if e.errno == errno.ENAMETOOLONG:
        return "CB106", "路径太长"
    return "CB108", f"无法打开这个文件（{e.strerror or e}）"


def _inside(path: Path, root: Path) -> bool:
    """Whether `path`, followed through every symlink, stays under `root`."""
    try:
        real_root = os.path.realpath(root)
        return os.path.commonpath([os.path.realpath(path), real_root]) == real_root
    except (OSError, ValueError):
        return False


def read_text(path: Path, shown: str, root: Path | None = None, max_bytes: int = MAX_BYTES) -> TextFile:
    """Read a UTF-8 text file, or explain in Chinese why it cannot be read."""
    tf = TextFile(path, shown)

    def fail(rule: str, msg: str, fix: str = "") -> TextFile:
        tf.problems.append(Problem(shown, 1, 1, rule, msg, fix))
        return tf

    if root is not None and _lexically_under(path, root) and not _inside(path, root):
        return fail("CB106", "这个文件经符号链接指向仓库之外")
    try:
        data = read_bytes(path, max_bytes)
    except Unreadable as e:
        return fail(e.rule, e.message)
    if not data.strip():
        return fail("CB104", "文件是空的")
    if b"\x00" in data and not (data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff")):
        return fail("CB105", "文件含有 NUL 字节，不是文本文件")
    if data.startswith(b"\xef\xbb\xbf"):
        return fail("CB102", "文件开头有 UTF-8 BOM")
    try:
        tf.text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        guess = _guess_encoding(data)
        hint = f"看起来是 {guess} 编码" if guess else "无法识别编码"
        tf.problems.append(Problem(shown, line, 1, "CB101", f"文件不是 UTF-8 编码（{hint}）"))
    return tf


def _lexically_under(path: Path, root: Path) -> bool:
    try:
        return os.path.abspath(path).startswith(os.path.abspath(root).rstrip(os.sep) + os.sep)
    except (OSError, ValueError):
        return False


def _guess_encoding(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None:
        return None
    names = {
        "gb18030": "GB18030/GBK",
        "gbk": "GBK",
        "gb2312": "GB2312",
        "big5": "Big5",
        "utf_16": "UTF-16",
        "utf_16_le": "UTF-16",
        "utf_16_be": "UTF-16",
    }
    return names.get(best.encoding, best.encoding)


# --- time ----------------------------------------------------------------------------------------


class TimeLimit(Exception):
    """Checking one file took longer than its budget."""


_timing = threading.local()


@contextlib.contextmanager
def time_limit(seconds: float = SECONDS_PER_FILE) -> Iterator[None]:
    """Raise TimeLimit in the block after `seconds` of wall-clock time.

    Every step of reading is meant to be linear in the (capped) file size; this is the guard for
    the step that turns out not to be.  It needs SIGALRM, so it applies in the main thread of a
    POSIX process only (the CLI and CI); nested limits keep the outer one.
    """
    usable = (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and not getattr(_timing, "active", False)
    )
    if not usable:
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise TimeLimit

    previous = signal.signal(signal.SIGALRM, expire)
    _timing.active = True
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        _timing.active = False


def timeout_problem(shown: str, seconds: float = SECONDS_PER_FILE) -> Problem:
    return Problem(shown, 1, 1, "CB109", f"检查这个文件超过 {seconds:g} 秒仍未完成，已停止")
