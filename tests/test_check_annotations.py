"""`casebook check --format github`: one workflow command per problem, whatever the input contains.

The runner reads `::error file=…,line=…::message` lines (actions/toolkit, command.ts): in the
message `%`, CR and LF are escaped as %25, %0D and %0A; in a property also `:` and `,` as %3A and
%2C.  A tag, a case name or a file name carrying a CR and `::warning file=…` must not end the
command and start one of its own.  Each annotation is parsed back here the way the runner does.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
from pathlib import Path

import pytest

import casefactory as cf
from casebook import cli
from casebook.validate.problems import Problem

HOSTILE = [
    "\r::warning file=README.md,line=1,title=INJECTED::点这里",
    "a\nb::error::c",
    "100% 完成, 见: 附件",
    "%0D%0A%25 already escaped",
    "::",
    "\r\n\r\n",
]


def unescape(text: str) -> str:
    return re.sub(
        r"%(25|0D|0A|3A|2C)", lambda m: {"25": "%", "0D": "\r", "0A": "\n", "3A": ":", "2C": ","}[m[1]], text
    )


def parse(line: str) -> tuple[str, dict[str, str], str]:
    """(command, properties, message) as the runner reads one line."""
    m = re.fullmatch(r"::(\w+) ([^:]*)::(.*)", line)
    assert m, line
    props = dict(p.split("=", 1) for p in m[2].split(","))
    return m[1], {k: unescape(v) for k, v in props.items()}, unescape(m[3])


@pytest.mark.parametrize("text", HOSTILE)
def test_every_field_round_trips(text: str) -> None:
    p = Problem(f"cases/{text}/case.yml", 3, 4, "CB221", f"“{text}”不是做法词表里的标签", f"改为“{text}”")
    line = p.github()
    assert "\r" not in line and "\n" not in line
    kind, props, message = parse(line)
    assert kind == "error"
    assert props["file"] == f"cases/{text}/case.yml" and props["line"] == "3" and props["col"] == "4"
    assert props["title"].startswith("CB221 ")
    assert text in message and message.endswith("[CB221]")


def test_hostile_tag_name_and_folder_in_a_real_check(tmp_path: Path) -> None:
    root = cf.scratch_library(tmp_path)
    payload = HOSTILE[0]
    data = cf.valid_case("bad-case")
    data["name"] = "示范社区" + payload
    data["practices"][0]["tags"] = [payload]
    cf.write_case(root, data)
    folder = os.fsencode(root / "cases") + b"/x\r::warning file=y,line=1::z"
    os.makedirs(folder)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = cli.main(["check", "--root", str(root), "--format", "github"])
    assert code == 1
    text = out.getvalue()
    assert "\r" not in text
    lines = text.splitlines()
    assert lines and all(x.startswith(("::error ", "::notice ")) for x in lines), lines
    parsed = [parse(x) for x in lines]
    assert any(props["file"] == "cases/x\r::warning file=y,line=1::z" for _k, props, _m in parsed)
    assert any(
        payload in message and props["file"] == "cases/bad-case/case.yml" for _k, props, message in parsed
    )


def test_text_format_keeps_one_problem_a_line(tmp_path: Path) -> None:
    root = cf.scratch_library(tmp_path)
    data = cf.valid_case("bad-case")
    data["practices"][0]["tags"] = ["第一行\n第二行\r第三行"]
    cf.write_case(root, data)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        cli.main(["check", "--root", str(root)])
    hits = [x for x in out.getvalue().splitlines() if "[CB221]" in x]
    assert len(hits) == 1 and "第一行\\n第二行\\r第三行" in hits[0]


def test_json_keeps_chinese_readable(tmp_path: Path) -> None:
    root = cf.scratch_library(tmp_path)
    data = cf.valid_case("bad-case")
    data["practices"][0]["tags"] = ["不存在的做法"]
    cf.write_case(root, data)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        cli.main(["check", "--root", str(root), "--format", "json"])
    assert "不存在的做法" in out.getvalue() and "\\u" not in out.getvalue()
