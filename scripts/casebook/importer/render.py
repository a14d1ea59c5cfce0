"""The draft as files (case.yml, case.md) and as the report a contributor reads in the terminal."""

from __future__ import annotations

import io
from typing import Any

from casebook.importer.draft import Draft
from casebook.importer.structure import heading_text
from casebook.validate.editorschema import MODELINE

DRAFT_NOTE = "> 草稿：以下为导入的原文，发布前须改写为本库自己的文字。"
SCHEMA_COMMENT = MODELINE


def render_markdown(draft: Draft) -> str:
    parts = [DRAFT_NOTE, ""]
    for p in draft.intro:
        parts += [p, ""]
    for s in draft.sections:
        parts += [f"### {s.heading}", ""]
        subs = dict(s.subheadings)
        for k, p in enumerate(s.paragraphs):
            if k in subs:
                parts += [f"#### {heading_text(subs[k])}", ""]
            parts += [p, ""]
        for k, head in s.subheadings:
            if k >= len(s.paragraphs):
                parts += [f"#### {heading_text(head)}", ""]
    return "\n".join(parts).rstrip("\n") + "\n"


_FLOW_KEYS = (
    {"value", "unit", "qualifier", "label", "as_of"},
    {"province", "city", "county", "street"},
    {"status"},
)


def render_yaml(draft: Draft) -> str:
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    def convert(value: Any) -> Any:
        if isinstance(value, dict):
            m = CommentedMap((k, convert(v)) for k, v in value.items())
            if any(set(value) <= keys for keys in _FLOW_KEYS):
                m.fa.set_flow_style()
            return m
        if isinstance(value, list):
            seq = CommentedSeq(convert(v) for v in value)
            if all(isinstance(v, str) and len(v) < 20 for v in value):
                seq.fa.set_flow_style()
            return seq
        return value

    data = convert(draft.case)
    if "founded" in data:
        data["founded"] = DoubleQuotedScalarString(data["founded"])
    for src in data.get("sources", []):
        if "date" in src:
            src["date"] = DoubleQuotedScalarString(src["date"])
    yaml = YAML()
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.allow_unicode = True
    buf = io.StringIO()
    yaml.dump(data, buf)
    return SCHEMA_COMMENT + "\n" + buf.getvalue()


def report(draft: Draft, console: Any, target: str | None) -> None:
    from rich.markup import escape
    from rich.table import Table

    where = f" → {target}" if target else "（试运行，未写入）"
    table = Table(title=escape(f"{draft.source}{where}"), show_lines=False, expand=False)
    table.add_column("", no_wrap=True)
    table.add_column("项目", no_wrap=True)
    table.add_column("内容", overflow="fold")
    for text in draft.warnings:
        table.add_row("[red]警告[/]", "输入", escape(text))
    for key, value in draft.found:
        table.add_row("[green]找到[/]", key, escape(value))
    for key, value in draft.review:
        table.add_row("[yellow]需复核[/]", key, escape(value))
    for key, value in draft.missing:
        table.add_row("[red]没找到[/]", key, escape(value))
    for r in draft.removed:
        table.add_row("[dim]已删除[/]", f"第{r.line}行 {r.rule}", escape(r.text[:60]))
    console.print(table)
