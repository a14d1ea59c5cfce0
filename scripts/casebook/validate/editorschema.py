"""`casebook schema`: the JSON Schema editors use, with the vocabulary's tags as completions.

The validator's schema (schema/case.schema.json) leaves tags as free strings, because the
vocabulary lives in cases/vocabulary.yml and the validator gives better advice than an enum error
(did-you-mean from aliases).  An editor needs the list itself to offer completions, so this
command writes schema/case.editor.schema.json: the same schema with each tag field turned into
an enum of labels, each with its definition, plus snippets for the list items.  The file is
committed so completion works straight after a clone; a test and `casebook check` notice when
it is older than the schema or the vocabulary.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from casebook.fsutil import write_atomic
from casebook.model.library import load_vocabulary
from casebook.model.vocabulary import CATEGORIES, Vocabulary
from casebook.schemas import case_schema as schema

EDITOR_SCHEMA = Path("schema") / "case.editor.schema.json"
MODELINE = "# yaml-language-server: $schema=../../schema/case.editor.schema.json"

# Where each vocabulary category's tags sit in case.schema.json.
TAG_FIELDS: dict[str, tuple[str, ...]] = {
    "community_types": ("properties", "community_types", "items"),
    "challenges": ("properties", "challenges", "items", "properties", "tag"),
    "practices": ("properties", "practices", "items", "properties", "tags", "items"),
    "themes": ("properties", "lessons", "items", "properties", "theme"),
}

SNIPPETS: dict[tuple[str, ...], list[dict[str, Any]]] = {
    ("properties", "challenges", "items"): [{"label": "问题", "body": {"tag": "$1", "text": "$2"}}],
    ("properties", "practices", "items"): [
        {"label": "做法", "body": {"name": "$1", "summary": "$2", "tags": ["$3"]}}
    ],
    ("properties", "outcomes", "items"): [{"label": "成效", "body": {"text": "$1"}}],
    ("properties", "lessons", "items"): [{"label": "经验", "body": {"theme": "$1", "text": "$2"}}],
    ("properties", "sources", "items"): [
        {"label": "资料来源", "body": {"title": "$1", "publisher": "$2", "script": "简体"}}
    ],
    ("$defs", "figure"): [{"label": "数字", "body": {"value": "^${1:0}", "unit": "$2"}}],
}


def _at(node: dict[str, Any], path: tuple[str, ...]) -> dict[str, Any]:
    for key in path:
        node = node[key]
    return node


def _term_text(definition: str, aliases: tuple[str, ...]) -> str:
    return definition + (f"（别名：{'、'.join(aliases)}）" if aliases else "")


def editor_schema(base: dict[str, Any], vocab: Vocabulary) -> dict[str, Any]:
    out = copy.deepcopy(base)
    out["$id"] = str(base.get("$id", "")).replace("case.schema.json", "case.editor.schema.json")
    out["$comment"] = (
        "由 casebook schema 根据 schema/case.schema.json 和 cases/vocabulary.yml 生成，供编辑器补全；"
        "不要手改，改了那两个文件后重新运行 casebook schema。"
    )
    for category, path in TAG_FIELDS.items():
        field = _at(out, path)
        terms = vocab.all(category)
        field["enum"] = [t.label for t in terms]
        field["enumDescriptions"] = [_term_text(t.definition, t.aliases) for t in terms]
        field["markdownEnumDescriptions"] = field["enumDescriptions"]
        field["description"] = (
            f"{CATEGORIES[category]}标签，从词表选一个（cases/vocabulary.yml 的 {category}）"
        )
    for path, snippets in SNIPPETS.items():
        _at(out, path)["defaultSnippets"] = snippets
    return out


def render(root: Path) -> str:
    vocab, _ = load_vocabulary(root)
    return json.dumps(editor_schema(schema(), vocab), ensure_ascii=False, indent=2) + "\n"


def is_current(root: Path) -> bool:
    path = root / EDITOR_SCHEMA
    return path.is_file() and path.read_text("utf-8") == render(root)


def write(root: Path) -> bool:
    """Write the editor schema atomically; False when it was already current."""
    path = root / EDITOR_SCHEMA
    text = render(root)
    if path.is_file() and path.read_text("utf-8") == text:
        return False
    write_atomic(path, text)
    return True
