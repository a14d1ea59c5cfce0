"""The files of a new library: what `casebook init` writes and what `casebook synth` starts from.

The tree under files/ ships as package data, so an installed casebook can start a library with no
checkout of this repository.  This repository's own copies of the files they share (workflows,
vocabulary, CONTRIBUTING.md...) are checked against this tree by
tests/test_init.py, so the two cannot drift apart.  Four files are templates: @TITLE@ (the site's
name), @VERSION@ (this casebook's version) and @REQUIREMENT@ (where CI installs casebook from)
are filled in when they are written.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from importlib import metadata, resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import casebook
from casebook.errors import CasebookError
from casebook.fsutil import building

DEFAULT_TITLE = "社区治理案例库"
# requirements.txt when it is not known where this casebook came from: pip stops on this line with
# the line itself in its message.  (A plain `casebook==x.y.z` would install an unrelated PyPI
# project of the same name.)
UNKNOWN_SOURCE = "请把这一行换成-casebook-的来源（见上面的说明）"
TEMPLATES = ("README.md", "docs/index.md", "mkdocs.yml", "requirements.txt")
# A title YAML reads as the same string without quotes: it starts with a Chinese (non-ASCII)
# character, so it cannot be a number, a boolean or null, and holds no YAML indicator.
_PLAIN_YAML = re.compile(r"[^\x00-\x7f][^:#,\[\]{}&*!|>'\"%@`]*")


class Refused(CasebookError):
    """A folder `casebook init` will not write into; nothing was written."""


def _walk(node: Traversable, prefix: str = "") -> Iterator[tuple[str, Traversable]]:
    for child in sorted(node.iterdir(), key=lambda c: c.name):
        rel = f"{prefix}{child.name}"
        if child.name == "__pycache__":
            continue
        if child.is_dir():
            yield from _walk(child, rel + "/")
        else:
            yield rel, child


def _yaml_scalar(text: str) -> str:
    return text if _PLAIN_YAML.fullmatch(text) else json.dumps(text, ensure_ascii=False)


def check_title(title: str) -> str:
    title = title.strip()
    if not title or len(title) > 60 or any(c in title for c in "\r\n\t<>"):
        raise Refused(f"网站名称“{title}”不合适：请写一行 60 字以内的名称，不含尖括号，如 {DEFAULT_TITLE}")
    return title


def requirement(direct_url: dict[str, Any] | None) -> str | None:
    """A requirement line that installs this same casebook on another machine, from the install's
    PEP 610 record (direct_url.json): a repository or a wheel on the web; None for a local file or
    folder, or when there is no record."""
    if not direct_url:
        return None
    url = str(direct_url.get("url", ""))
    vcs = direct_url.get("vcs_info")
    if isinstance(vcs, dict) and url.startswith(("https://", "ssh://", "git@")):
        rev = vcs.get("requested_revision") or vcs.get("commit_id")
        return f"casebook @ {vcs.get('vcs', 'git')}+{url}" + (f"@{rev}" if rev else "")
    if "archive_info" in direct_url and url.startswith("https://"):
        return f"casebook @ {url}"
    return None


def _installed_from() -> dict[str, Any] | None:
    try:
        text = metadata.distribution("casebook").read_text("direct_url.json")
        data = json.loads(text) if text else None
    except (metadata.PackageNotFoundError, ValueError, OSError):
        return None
    return data if isinstance(data, dict) else None


def files(title: str = DEFAULT_TITLE) -> dict[str, str]:
    """Library-relative path → text of every skeleton file, with the templates filled in."""
    title = check_title(title)
    out: dict[str, str] = {}
    for rel, node in _walk(resources.files(__package__).joinpath("files")):
        text = node.read_text("utf-8")
        if rel in TEMPLATES:
            shown = _yaml_scalar(title) if rel.endswith(".yml") else title
            text = text.replace("@TITLE@", shown).replace("@VERSION@", casebook.__version__)
            if "@REQUIREMENT@" in text:
                text = text.replace("@REQUIREMENT@", requirement(_installed_from()) or UNKNOWN_SOURCE)
        out[rel] = text
    return out


def write(dest: Path, title: str = DEFAULT_TITLE) -> None:
    """Write the skeleton into `dest` (an empty folder no one else uses yet), editor schemas included."""
    from casebook.validate.editorschema import write as write_schemas

    for rel, text in files(title).items():
        path = dest / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    write_schemas(dest)


def create(target: Path, title: str = DEFAULT_TITLE) -> Path:
    """A new library at `target`, which must not exist or be an empty folder: all of it or nothing."""
    target = Path(os.path.abspath(target))
    title = check_title(title)
    above = next((p for p in target.parents if p.exists() or p.is_symlink()), None)
    if above is not None and not above.is_dir():
        raise Refused(f"{above} 是一个文件，不是文件夹，不能在里面新建案例库；没有写入任何内容。")
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise Refused(f"{target} 已存在，而且不是文件夹；没有写入任何内容。请换一个新的文件夹名。")
    if target.is_dir():
        if any(target.iterdir()):
            raise Refused(
                f"{target} 不是空文件夹；为免覆盖其中的文件，没有写入任何内容。"
                "请换一个新的文件夹名（casebook init 会创建它），或先清空它。"
            )
        # Staged inside the folder itself (it may be the current folder, whose parent may not be
        # writable), then moved up entry by entry; a failure removes what was moved.
        staging = target / ".casebook-init.tmp"
        staging.mkdir()
        moved: list[Path] = []
        try:
            write(staging, title)
            for entry in sorted(staging.iterdir()):
                os.rename(entry, target / entry.name)
                moved.append(target / entry.name)
        except BaseException:
            for path in moved:
                if path.is_dir():
                    shutil.rmtree(path)
                else:
                    path.unlink()
            raise
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return target
    with building(target) as tmp:
        write(tmp, title)
        os.chmod(tmp, 0o755)
        os.rename(tmp, target)
    return target
