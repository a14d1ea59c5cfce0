"""One import from start to end: read the file, build the draft, write it (or not)."""

from __future__ import annotations

from pathlib import Path

from casebook.importer.draft import Draft, EmptyText, build
from casebook.importer.render import render_markdown, render_yaml
from casebook.importer.source import MAX_MB, ImportFailed, read_input
from casebook.importer.write import write_case
from casebook.model.vocabulary import Vocabulary
from casebook.validate.reader import TimeLimit, time_limit

# Wall-clock seconds one file may take to draft: every step is meant to be linear in the capped
# size (a 2 MB text drafts in a few seconds); this is the last guard for the step that is not, so
# a hostile text ends with a message instead of an import that never finishes.
IMPORT_SECONDS = 60.0


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
    try:
        with time_limit(IMPORT_SECONDS):
            draft = draft_file(path, vocab, case_id, url, max_mb)
            files = files_of(draft)
    except TimeLimit:
        raise ImportFailed(
            f"{path}：导入超过 {IMPORT_SECONDS:g} 秒仍未完成，已停止，没有写出任何文件。"
            "原文里可能有极长的行或异常的格式：请把正文另存为纯文本（一段一行）后重试，或把文件交给维护者。"
        ) from None
    if not dry_run:
        write_case(out_dir, draft.id, files)
    return draft
