"""`casebook schema`: the JSON Schemas editors use, written into the library's schema/ folder.

The schemas themselves ship inside the package (casebook/schemas), where an editor cannot find
them, so a library keeps generated copies beside its cases: case files name
../../schema/case.editor.schema.json on their first line, course files ../schema/course.schema.json.

The validator's case schema leaves tags as free strings, because the vocabulary lives in
cases/vocabulary.yml and the validator gives better advice than an enum error (did-you-mean from
aliases).  An editor needs the list itself to offer completions, so case.editor.schema.json is the
same schema with each tag field turned into an enum of labels, each with its definition, plus
snippets for the list items.  The files are committed so completion works straight after a clone;
`casebook schema --check` (and this repository's tests) notice when they are older than the
package's schemas or the vocabulary.
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
from casebook.schemas import course_schema

EDITOR_SCHEMA = Path("schema") / "case.editor.schema.json"
COURSE_SCHEMA = Path("schema") / "course.schema.json"
MODELINE = "# yaml-language-server: $schema=../../schema/case.editor.schema.json"
COURSE_MODELINE = "# yaml-language-server: $schema=../schema/course.schema.json"
GENERATED = (
    "由 casebook schema 生成，供编辑器补全和校验；不要手改。"
    "格式的定义在 casebook 工具包里（casebook/schemas/），改了它或 cases/vocabulary.yml 后重新运行 casebook schema。"
)

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
    out["$comment"] = GENERATED
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


def _dump(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render_all(root: Path) -> dict[Path, str]:
    """What `casebook schema` writes: library-relative path → text."""
    vocab, _ = load_vocabulary(root)
    course: dict[str, Any] = {}
    for key, value in course_schema().items():
        course[key] = value
        if key == "$id":
            course["$comment"] = GENERATED
    return {EDITOR_SCHEMA: _dump(editor_schema(schema(), vocab)), COURSE_SCHEMA: _dump(course)}


def render(root: Path) -> str:
    return render_all(root)[EDITOR_SCHEMA]


def _same(path: Path, text: str) -> bool:
    return path.is_file() and path.read_bytes() == text.encode("utf-8")


def stale(root: Path) -> list[Path]:
    """The generated files that are missing or differ from what `casebook schema` would write."""
    out = []
    for rel, text in render_all(root).items():
        path = root / rel
        if not _same(path, text):
            out.append(rel)
    return out


def is_current(root: Path) -> bool:
    return not stale(root)


def write(root: Path) -> list[Path]:
    """Write the editor schemas atomically; the library-relative paths that changed."""
    changed = []
    for rel, text in render_all(root).items():
        path = root / rel
        if not _same(path, text):
            write_atomic(path, text)
            changed.append(rel)
    return changed
