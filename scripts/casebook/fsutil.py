"""Writing files and folders so that a reader never sees half of one.

Every output of the tools (case drafts, fixed case files, tables, the site, course packs, caches)
goes through here: written beside its target, then renamed into place, so an interrupted or failed
run leaves the old content or the new, never a mix.  A folder is only replaced whole.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path


@contextlib.contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """A temp file beside `path` for the caller to fill; renamed over `path` only if the block ends
    without an exception, removed otherwise."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, (path.stat().st_mode & 0o777) if path.exists() else 0o644)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write `data` (str as UTF-8) to `path` through a temp file in the same folder and a rename."""
    with replacing(path) as tmp:
        tmp.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def write_once(path: Path, make: Callable[[], str]) -> Path:
    """`path` with `make()` written to it unless it is already there (content-addressed caches)."""
    if not path.is_file():
        write_atomic(path, make())
    return path


def staging_dir(target: Path) -> Path:
    """A new empty hidden folder beside `target`, on the same file system (so rename works)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))


@contextlib.contextmanager
def building(target: Path) -> Iterator[Path]:
    """A staging folder for `target` that is removed again unless the caller moved it away."""
    tmp = staging_dir(target)
    try:
        yield tmp
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return bool(renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0)


def replace_dir(new: Path, out: Path) -> None:
    """Put folder `new` where `out` is: one atomic exchange where the OS has it, else two renames."""
    if not out.exists():
        os.rename(new, out)
        return
    if _exchange(new, out):
        shutil.rmtree(new, ignore_errors=True)  # now holds the previous content
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
    os.rename(out, old / out.name)
    os.rename(new, out)
    shutil.rmtree(old, ignore_errors=True)


class Exists(FileExistsError):
    """The target of `create_dir` is already there; nothing was written."""


def create_dir(target: Path, files: Mapping[str, str]) -> Path:
    """A new folder `target` holding `files` (name → text), all or nothing; never over an existing one."""
    if target.exists() or target.is_symlink():
        raise Exists(str(target))
    with building(target) as tmp:
        for name, content in files.items():
            dest = tmp / name
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(content, "utf-8")
        os.chmod(tmp, 0o755)
        if target.exists() or target.is_symlink():  # appeared meanwhile
            raise Exists(str(target))
        os.rename(tmp, target)
    return target
