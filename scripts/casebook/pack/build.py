"""Running MkDocs on a pack's config (config.py), quietly, and trimming the result for a classroom."""

from __future__ import annotations

import contextlib
import logging
import tempfile
from collections.abc import Iterator
from pathlib import Path

from casebook.model.course import Course
from casebook.pack import ExportError
from casebook.pack.config import pack_config


@contextlib.contextmanager
def captured_logs() -> Iterator[list[str]]:
    """MkDocs and jieba talk on logging; keep it off the terminal and show warnings only on failure."""
    messages: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    handler = Keep(logging.WARNING)
    loggers = [logging.getLogger("mkdocs"), logging.getLogger("jieba")]
    saved = [(lg, lg.level, lg.propagate) for lg in loggers]
    for lg in loggers:
        lg.addHandler(handler)
        lg.propagate = False
    try:
        import jieba

        jieba.setLogLevel(logging.WARNING)  # it resets its own level on import
    except ImportError:
        pass
    try:
        yield messages
    finally:
        for lg, level, propagate in saved:
            lg.removeHandler(handler)
            lg.setLevel(level)
            lg.propagate = propagate


def build_pack(root: Path, course: Course, site_dir: Path, script: str) -> None:
    """Build the pack of `course` into `site_dir` (which must exist and be empty)."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import Abort, MkDocsException, PluginError

    with captured_logs() as messages, tempfile.TemporaryDirectory(prefix="casebook-pack-") as tmp:
        try:
            build(pack_config(root, course, script, Path(tmp), site_dir))
        except (Abort, MkDocsException, OSError) as e:
            # A plugin's refusal is a whole message of its own; MkDocs's warnings explain the rest.
            lines = [str(e)] if isinstance(e, PluginError) else []
            lines += messages[:20]
            detail = "\n".join(f"  {m}" for m in lines) or f"  {e}"
            raise ExportError(f"生成课程包失败（MkDocs 报告的问题如下）：\n{detail}") from e
    # Source maps and the sitemap serve developers and crawlers, not a classroom (a third of the
    # size); 404.html is for web servers and links from the site root, which a folder has not.
    for junk in [*site_dir.rglob("*.map"), *site_dir.glob("sitemap.xml*"), site_dir / "404.html"]:
        junk.unlink(missing_ok=True)
