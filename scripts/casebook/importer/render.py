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


REPORT_ROWS = 40
REPORT_CHARS = 300


def report(draft: Draft, console: Any, target: str | None) -> None:
    from rich.markup import escape
    from rich.table import Table

    where = f" → {target}" if target else "（试运行，未写入）"
    table = Table(title=escape(f"{draft.source}{where}"), show_lines=False, expand=False)
    table.add_column("", no_wrap=True)
    table.add_column("项目", no_wrap=True)
    table.add_column("内容", overflow="fold")
    # A pathological text (thousands of lines to review or remove) must not take seconds to
    # render: at most REPORT_ROWS rows of each kind, each value cut at REPORT_CHARS.
    rows = [
        *(("[red]警告[/]", "输入", text) for text in draft.warnings),
        *(("[green]找到[/]", k, v) for k, v in draft.found),
        *(("[yellow]需复核[/]", k, v) for k, v in draft.review),
        *(("[red]没找到[/]", k, v) for k, v in draft.missing),
        *(("[dim]已删除[/]", f"第{r.line}行 {r.rule}", r.text[:60]) for r in draft.removed),
    ]
    shown: dict[str, int] = {}
    for label, key, value in rows:
        shown[label] = shown.get(label, 0) + 1
        if shown[label] <= REPORT_ROWS:
            cut = value if len(value) <= REPORT_CHARS else value[:REPORT_CHARS] + "……"
            table.add_row(label, key, escape(cut))
    for label, n in shown.items():
        if n > REPORT_ROWS:
            table.add_row(label, "……", f"另有 {n - REPORT_ROWS} 项，未逐项列出")
    console.print(table)
