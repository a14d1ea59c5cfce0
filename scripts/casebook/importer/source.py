"""Reading the file to import: size limit, encoding (with stray bytes reported), HTML pages.

Everything that can go wrong with the input is refused here with a Chinese message naming the
file, before any work is done: a missing or unreadable file, an empty one, one over the size
limit, bytes that are no Chinese text in any encoding we can tell apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from casebook.errors import CasebookError
from casebook.importer import html
from casebook.importer.metadata import SourceFacts
from casebook.text.normalize import DecodeError, decode_with_warnings, read_bytes

# A published write-up is tens of kilobytes and a saved page with its scripts a few megabytes; a
# file beyond this is not one article (a whole site, a log, a binary) and a draft of it could not
# be reviewed.  --max-mb raises it.
MAX_MB = 5.0


class ImportFailed(CasebookError):
    """A file that cannot be imported; the message is for the contributor."""


@dataclass
class Input:
    name: str
    text: str
    warnings: list[str] = field(default_factory=list)
    facts: SourceFacts | None = None  # what an HTML page states about itself
    html: bool = False


def read_input(path: Path | str, max_mb: float = MAX_MB) -> Input:
    shown = "<标准输入>" if str(path) == "-" else str(path)
    try:
        data = read_bytes(path)
    except DecodeError as e:
        raise ImportFailed(str(e)) from e
    limit = int(max_mb * 1024 * 1024)
    if len(data) > limit:
        raise ImportFailed(
            f"{shown}：文件有 {len(data) / 1024 / 1024:.1f} MB，超过导入上限 {max_mb:g} MB。"
            "一篇案例原文通常不到 1 MB；请只保存文章本身，或用 --max-mb 提高上限。"
        )
    if not data.strip():
        raise ImportFailed(f"{shown}：文件是空的，没有可导入的文字。")
    try:
        text, warnings = decode_with_warnings(data, shown)
    except DecodeError as e:
        raise ImportFailed(str(e)) from e
    name = Path(shown).name
    if html.looks_like_html(text, name):
        page = html.extract(text)
        if not page.text.strip():
            raise ImportFailed(
                f"{shown}：这是一个网页，但找不到正文（可能只保存了框架页）。请在浏览器里另存为“网页，全部”或复制正文。"
            )
        return Input(name, page.text, warnings, page.facts, True)
    return Input(name, text, warnings)
