"""One import from start to end: read the file, build the draft, write it (or not)."""

from __future__ import annotations

from pathlib import Path

from casebook.importer.draft import Draft, EmptyText, build
from casebook.importer.render import render_markdown, render_yaml
from casebook.importer.source import MAX_MB, ImportFailed, read_input
from casebook.importer.write import write_case
from casebook.model.vocabulary import Vocabulary


def draft_file(
    path: Path | str, vocab: Vocabulary, case_id: str | None = None, url: str = "", max_mb: float = MAX_MB
) -> Draft:
    """The draft of one file; ImportFailed (with a message naming the file) when there is none."""
    source = read_input(path, max_mb)
    try:
        draft = build(source.name, source.text, vocab, case_id, url, source.facts)
    except EmptyText as e:
        what = "网页正文" if source.html else "文件"
        raise ImportFailed(f"{path}：{what}里没有可导入的正文（{e}）。请确认保存的是文章本身。") from e
    draft.warnings = source.warnings
    return draft


def files_of(draft: Draft) -> dict[str, str]:
    return {"case.yml": render_yaml(draft), "case.md": render_markdown(draft)}


def import_file(
    path: Path | str,
    out_dir: Path,
    vocab: Vocabulary,
    case_id: str | None = None,
    dry_run: bool = False,
    url: str = "",
    max_mb: float = MAX_MB,
) -> Draft:
    draft = draft_file(path, vocab, case_id, url, max_mb)
    if not dry_run:
        write_case(out_dir, draft.id, files_of(draft))
    return draft
