"""Starting a case as a contributor does: `casebook new`, the editor schema, completeness ratings.

A new case must pass `casebook check` straight away (its gaps are 提示, listed in Chinese), and
must pass with no notes once exactly the listed fields are filled.  Completeness moves from stub
to complete as the case fills up, shows on the case page and the index, and `--min-completeness`
turns it into a CI requirement.
"""

from __future__ import annotations

import builtins
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

import casefactory as cf
from casebook import cli
from casebook.model import completeness
from casebook.model.library import load_library, load_vocabulary
from casebook.pages import generate as site
from casebook.validate import editorschema

ROOT = Path(__file__).resolve().parents[1]


def check_json(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    code = cli.main(["check", "--root", str(root), "--format", "json", *args])
    return code, json.loads(capsys.readouterr().out)


def new(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(["new", "--root", str(root), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


FLAGS = (
    "--name",
    "云钢社区",
    "--province",
    "河南",
    "--city",
    "南阳市",
    "--county",
    "南召县",
    "--type",
    "单位型社区",
)


@pytest.mark.parametrize(
    ("city", "name", "expected"),
    [
        ("南阳市", "云钢社区", "nanyang-yungang"),
        ("扬州市", "文昌花园社区", "yangzhou-wenchanghuayuan"),
        ("重庆市", "解放碑社区", "chongqing-jiefangbei"),
        ("厦门市", "鼓浪屿社区居委会", "xiamen-gulangyu"),
        ("吕梁市", "绿地社区", "lvliang-lvdi"),
    ],
)
def test_id_is_pinyin_of_city_and_name(
    city: str, name: str, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = cf.scratch_library(tmp_path)
    code, out, err = new(
        root, capsys, "--name", name, "--province", "河南省", "--city", city, "--type", "老旧小区"
    )
    assert code == 0, err
    assert (root / "cases" / expected / "case.yml").is_file()
    assert expected in out


def listed_fields(report: dict[str, Any]) -> tuple[set[str], bool]:
    """The fields the check lists as still to fill, and whether it asks for case.md."""
    fields: set[str] = set()
    wants_md = False
    for p in report["problems"]:
        assert p["level"] == "提示", p
        assert p["rule"] == "CB401", p
        m = re.search(r"缺少字段“(\w+)”", p["message"])
        if m:
            fields.add(m.group(1))
        elif p["path"].endswith("case.md"):
            wants_md = True
    return fields, wants_md


def fill(folder: Path, fields: set[str], values: dict[str, Any]) -> None:
    yaml = YAML()
    data = yaml.load((folder / "case.yml").read_text("utf-8"))
    for key in sorted(fields):
        data.insert(len(data) - 1, key, values[key])  # before review:, as a person would
    with (folder / "case.yml").open("w", encoding="utf-8") as f:
        yaml.dump(data, f)


def test_new_case_passes_check_and_lists_fields_then_passes_when_filled(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = cf.scratch_library(tmp_path)
    code, _, err = new(root, capsys, *FLAGS)
    assert code == 0, err
    folder = root / "cases" / "nanyang-yungang"
    code, report = check_json(root, capsys, str(folder))
    assert code == 0
    assert report["errors"] == 0
    fields, wants_md = listed_fields(report)
    assert wants_md
    assert {"summary", "sources", "questions"} <= fields
    assert report["completeness"]["nanyang-yungang"]["level"] == "stub"

    fill(folder, fields, cf.complete_case("nanyang-yungang"))
    (folder / "case.md").write_text(cf.LONG_NARRATIVE, "utf-8")
    code, report = check_json(root, capsys, str(folder))
    assert code == 0, report
    assert report["problems"] == []
    assert report["completeness"]["nanyang-yungang"]["level"] == "complete"

    text = (folder / "case.yml").read_text("utf-8").replace("status: draft", "status: reviewed")
    (folder / "case.yml").write_text(text, "utf-8")
    code, report = check_json(root, capsys, str(folder))
    assert code == 0 and report["problems"] == [], report
    lib = load_library(root)
    assert [c.id for c in lib.cases] == ["nanyang-yungang"]
    assert not lib.cases[0].is_draft


def test_new_writes_what_was_given(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = cf.scratch_library(tmp_path)
    code, _, err = new(root, capsys, *FLAGS[:-2], "--street", "云阳镇", "--type", "單位型社區、老旧社区")
    assert code == 0, err
    lib = load_library(root)
    case = lib.get("nanyang-yungang")
    assert case is not None and case.is_draft
    assert case.data["location"] == {
        "province": "河南省",
        "city": "南阳市",
        "county": "南召县",
        "street": "云阳镇",
    }
    # A Traditional form and an alias are stored as the vocabulary's labels.
    vocab, _ = load_vocabulary(root)
    assert case.data["community_types"] == [
        vocab.resolve("community_types", "单位型社区").label,  # type: ignore[union-attr]
        vocab.resolve("community_types", "老旧社区").label,  # type: ignore[union-attr]
    ]
    first = (case.dir / "case.yml").read_text("utf-8").splitlines()[0]
    assert first == editorschema.MODELINE


def test_new_never_overwrites(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = cf.scratch_library(tmp_path)
    assert new(root, capsys, *FLAGS)[0] == 0
    yml = root / "cases" / "nanyang-yungang" / "case.yml"
    yml.write_text(yml.read_text("utf-8") + "# 我写的内容\n", "utf-8")
    before = yml.read_bytes()
    code, _, err = new(root, capsys, *FLAGS)
    assert code == 1
    assert "不会覆盖" in err and "--id" in err and "nanyang-yungang-nanzhao" in err
    assert yml.read_bytes() == before
    assert sorted(p.name for p in (root / "cases").iterdir()) == ["nanyang-yungang", "vocabulary.yml"]
    # The suggested id works.
    assert new(root, capsys, *FLAGS, "--id", "nanyang-yungang-nanzhao")[0] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--type", "单位型"), "你是不是想写“单位型社区”"),
        (("--province", "火星"), "不是省级行政区"),
        (("--id", "../escape"), "只能用小写字母"),
    ],
)
def test_new_refuses_bad_input_in_chinese(
    args: tuple[str, ...], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = cf.scratch_library(tmp_path)
    flags = dict(zip(FLAGS[::2], FLAGS[1::2], strict=True))
    flags.update(dict(zip(args[::2], args[1::2], strict=True)))
    code, _, err = new(root, capsys, *[x for kv in flags.items() for x in kv])
    assert code == 1
    assert message in err
    assert "Traceback" not in err
    assert [p.name for p in (root / "cases").iterdir()] == ["vocabulary.yml"]
    assert not list(tmp_path.rglob("escape"))


def test_new_without_terminal_names_missing_flags(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = cf.scratch_library(tmp_path)
    code, _, err = new(root, capsys, "--name", "云钢社区")
    assert code == 1
    assert "--province" in err and "--city" in err and "--type" in err


def test_new_asks_when_run_in_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = cf.scratch_library(tmp_path)
    answers = iter(["文化路社区", "火星", "湖北", "孝感市", "孝南区", "", "99", "1"])
    prompts: list[str] = []

    def fake_input(prompt: str = "") -> str:
        prompts.append(prompt)
        return next(answers)

    monkeypatch.setattr(builtins, "input", fake_input)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    code = cli.main(["new", "--root", str(root)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "不是省级行政区" in out  # the wrong answer was explained and asked again
    assert len(prompts) == 8
    case = load_library(root).get("xiaogan-wenhualu")
    assert case is not None
    vocab, _ = load_vocabulary(root)
    assert case.data["community_types"] == [vocab.all("community_types")[0].label]
    assert case.data["location"] == {"province": "湖北省", "city": "孝感市", "county": "孝南区"}


def test_min_completeness_fails_ci_below_the_level(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = cf.scratch_library(tmp_path)
    cf.write_case(root, cf.complete_case("full-case"), cf.LONG_NARRATIVE)
    cf.write_case(root, cf.valid_case("thin-case"), cf.LONG_NARRATIVE)  # one item per list
    code, report = check_json(root, capsys, "--min-completeness", "partial")
    assert code == 0, report
    code, report = check_json(root, capsys, "--min-completeness", "complete")
    assert code == 1
    below = [p for p in report["problems"] if p["rule"] == "CB402"]
    assert [p["path"] for p in below] == ["cases/thin-case/case.yml"]
    assert "做法至少 2 个" in below[0]["fix"]
    assert report["completeness"]["full-case"]["level"] == "complete"


def test_rating_follows_what_is_filled() -> None:
    data = cf.complete_case("x")
    assert completeness.rate(data, cf.LONG_NARRATIVE).level == "complete"
    assert completeness.rate(data, cf.NARRATIVE).level == "stub"  # a narrative stub
    thinner = cf.varied(data, ("practices",), data["practices"][:1])
    rating = completeness.rate(thinner, cf.LONG_NARRATIVE)
    assert rating.level == "partial" and rating.missing == ["做法至少 2 个"]
    no_sources = {k: v for k, v in data.items() if k != "sources"}
    assert completeness.rate(no_sources, cf.LONG_NARRATIVE).level == "stub"


def test_rating_shows_on_case_page_and_index(tmp_path: Path) -> None:
    root = cf.scratch_library(tmp_path)
    cf.write_case(root, cf.complete_case("full-case"), cf.LONG_NARRATIVE)
    thin = cf.valid_case("thin-case")
    thin["review"]["status"] = "draft"
    cf.write_case(root, thin, cf.NARRATIVE)
    lib = load_library(root)
    pages = site.generate(lib)
    for case_id, label in (("full-case", "完整"), ("thin-case", "待充实")):
        assert re.search(rf"^\| 完整度 \| {label} \|$", pages[f"cases/{case_id}.md"], re.M)
        row = next(
            line
            for line in pages["cases/index.md"].splitlines()
            if line.startswith("| [") and f"](./{case_id}.md)" in line
        )
        assert f"| {label} |" in row


# --- Editor support -------------------------------------------------------------------------------


def test_editor_schema_is_in_sync_with_schema_and_vocabulary() -> None:
    assert editorschema.is_current(ROOT), (
        "schema/case.editor.schema.json 已过期：请运行 casebook schema 并提交"
    )


def test_editor_schema_offers_every_tag_with_its_definition() -> None:
    data = json.loads((ROOT / editorschema.EDITOR_SCHEMA).read_text("utf-8"))
    vocab, _ = load_vocabulary(ROOT)
    for category, path in editorschema.TAG_FIELDS.items():
        node = data
        for key in path:
            node = node[key]
        offered = dict(zip(node["enum"], node["enumDescriptions"], strict=True))
        for term in vocab.all(category):
            assert offered[term.label].startswith(term.definition), (category, term.label)
    # Field descriptions are Chinese, for hover and completion.
    assert re.search(r"[\u4e00-\u9fff]", data["properties"]["summary"]["description"])


def test_workspace_settings_point_case_files_at_the_editor_schema() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text("utf-8"))
    schemas = settings["yaml.schemas"]
    target = next(k for k, v in schemas.items() if "cases/*/case.yml" in (v if isinstance(v, list) else [v]))
    assert (ROOT / target).resolve() == (ROOT / editorschema.EDITOR_SCHEMA).resolve()
    # The modeline `casebook new` writes resolves from a case folder to the same file.
    rel = editorschema.MODELINE.split("$schema=", 1)[1]
    assert (ROOT / "cases" / "some-case" / rel).resolve() == (ROOT / editorschema.EDITOR_SCHEMA).resolve()


def _language_server() -> str | None:
    candidates = [os.environ.get("YAML_LANGUAGE_SERVER", ""), shutil.which("yaml-language-server") or ""]
    candidates.append(str(ROOT / "node_modules" / ".bin" / "yaml-language-server"))
    return next((c for c in candidates if c and Path(c).exists()), None)


def _complete(server: str, doc: Path, line: int, character: int) -> list[dict[str, Any]]:
    """Ask yaml-language-server (the engine of VS Code's YAML extension) for completions."""
    proc = subprocess.Popen(
        [server, "--stdio"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )
    assert proc.stdin and proc.stdout

    def send(msg: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **msg}).encode()
        proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)  # type: ignore[union-attr]
        proc.stdin.flush()  # type: ignore[union-attr]

    def receive(want: int) -> dict[str, Any]:
        while True:
            length = 0
            while (header := proc.stdout.readline().decode().strip()) != "":  # type: ignore[union-attr]
                if header.lower().startswith("content-length:"):
                    length = int(header.split(":")[1])
            msg = json.loads(proc.stdout.read(length))  # type: ignore[union-attr]
            if "method" in msg and "id" in msg:  # the server asks for settings
                items = msg.get("params", {}).get("items", [None])
                send({"id": msg["id"], "result": [{"completion": True, "validate": True}] * len(items)})
            elif msg.get("id") == want:
                return msg

    try:
        send(
            {
                "id": 1,
                "method": "initialize",
                "params": {"processId": os.getpid(), "rootUri": None, "capabilities": {}},
            }
        )
        receive(1)
        send({"method": "initialized", "params": {}})
        text = doc.read_text("utf-8")
        item = {"uri": doc.as_uri(), "languageId": "yaml", "version": 1, "text": text}
        send({"method": "textDocument/didOpen", "params": {"textDocument": item}})
        pos = {"line": line, "character": character}
        send(
            {
                "id": 2,
                "method": "textDocument/completion",
                "params": {"textDocument": {"uri": doc.as_uri()}, "position": pos},
            }
        )
        result = receive(2)["result"]
        return result["items"] if isinstance(result, dict) else result
    finally:
        proc.kill()


def test_editor_completes_tags_with_definitions(tmp_path: Path) -> None:
    server = _language_server()
    if server is None:
        pytest.skip(
            "没有找到 yaml-language-server（npm install yaml-language-server 后设 YAML_LANGUAGE_SERVER）"
        )
    (tmp_path / "schema").mkdir()
    shutil.copy(ROOT / editorschema.EDITOR_SCHEMA, tmp_path / editorschema.EDITOR_SCHEMA)
    doc = tmp_path / "cases" / "draft-case" / "case.yml"
    doc.parent.mkdir(parents=True)
    doc.write_text(f"{editorschema.MODELINE}\nid: draft-case\nchallenges:\n  - tag: \n", "utf-8")
    items = _complete(server, doc, 3, 9)
    vocab, _ = load_vocabulary(ROOT)
    docs = {i["label"]: str(i.get("documentation", "")) for i in items}
    for term in vocab.all("challenges"):
        assert term.label in docs
        assert term.definition in docs[term.label]
