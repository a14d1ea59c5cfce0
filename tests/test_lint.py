"""Copywriting rules as a contributor meets them: found where they are, fixed in place by `--fix`.

The rules are ours (CONTRIBUTING.md, W-rules): a space between Chinese and Latin letters, none
between Chinese and digits, full-width punctuation, no doubled marks.  `casebook check --fix` must
change only the text of string values and Markdown prose: YAML keys, nesting, comments, quoting
style, URLs and code stay byte for byte, and what it changed is reported line by line.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

import casefactory as cf
from casebook import cli
from casebook.validate import lint
from casebook.validate.editorschema import MODELINE


def rules_in(text: str) -> list[tuple[str, str]]:
    """(rule, the two characters around the finding) for each copywriting finding."""
    return [(e.rule, text[max(e.start - 1, 0) : e.end + 1]) for e in lint.text_edits(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("居民用App上报问题", [("CB501", "用A"), ("CB501", "p上")]),
        ("开通 App 后，居民反映良好", []),
        ("2019年投入4100余万元", []),  # digits: no space, by our rule
        ("居民很满意！！", [("CB502", "！！")]),
        ("真的吗？？？", [("CB502", "？？？")]),
        ("他说……后来——", []),  # ellipsis and dash are single marks written twice
        ("社区,街道", [("CB302", "区,街")]),
        ("version 2.5 released", []),  # no Chinese, nothing to say
    ],
)
def test_rules_find_what_they_describe(text: str, expected: list[tuple[str, str]]) -> None:
    assert rules_in(text) == expected


def test_markdown_code_links_and_urls_are_left_alone() -> None:
    text = (
        "居民在App里报修。\n\n"
        "```\n代码App块\n```\n\n"
        "行内`命令casebook`不改，链接[原文](https://example.org/a中b)也不改，"
        "网址https://example.org/x在句中。\n"
        "[1]: https://example.org/参考\n"
    )
    fixed = lint.apply(text, lint.markdown_edits(text))
    assert "在 App 里报修" in fixed
    assert "```\n代码App块\n```" in fixed
    assert "`命令casebook`" in fixed
    assert "(https://example.org/a中b)" in fixed
    assert "[1]: https://example.org/参考" in fixed
    assert "https://example.org/x" in fixed


CASE_YML = f"""{MODELINE}
# 作者的注释：AB角制 不要改注释
id: fix-case
name: 示范社区
summary: 居民用App上报问题,社区当天回复！！
location: {{province: 河南省, city: 南阳市, county: 示范县}}
community_types: [{{type}}]
scale:
  households: {{value: 1500, unit: 户}}
challenges:
  - tag: {{challenge}}
    text: "楼栋长用微信群和App通知居民"
practices:
  - name: '“一网统管”App工作法'
    summary: |
      每周一次楼栋会，记录问题到App里。
      第二行也要改：居民满意！！
    components: [收集问题, 派单App处理]
    tags: [{{practice}}]
outcomes:
  - text: >
      折叠写法的App文字
      无法逐字对应
lessons:
  - theme: {{theme}}
    text: 先办小事。
questions:
  - 为什么用App？
  - 回访由谁负责？
  - 你所在的社区能这样做吗？
sources:
  - title: 测试材料
    publisher: casebook 测试组
    url: https://example.org/a,b?x=App中
    script: 简体
review:
  status: reviewed
"""


def write_fix_case(root: Path) -> Path:
    from casebook.model.library import load_vocabulary

    vocab, _ = load_vocabulary(root)
    text = CASE_YML
    for key, cat in (
        ("type", "community_types"),
        ("challenge", "challenges"),
        ("practice", "practices"),
        ("theme", "themes"),
    ):
        text = text.replace("{" + key + "}", vocab.all(cat)[0].label)
    folder = root / "cases" / "fix-case"
    folder.mkdir(parents=True)
    (folder / "case.yml").write_text(text, "utf-8")
    (folder / "case.md").write_text(
        "### 背景\n\n居民在App里报修,当天有人上门！！\n\n```\n代码App块\n```\n" + cf.NARRATIVE, "utf-8"
    )
    return folder


def load(path: Path) -> Any:
    return YAML(typ="safe", pure=True).load(path.read_text("utf-8"))


def run_check(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = cli.main(["check", "--root", str(root), *args])
    return code, capsys.readouterr().out


@pytest.fixture
def fixed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, str, str, Any]:
    root = cf.scratch_library(tmp_path)
    folder = write_fix_case(root)
    before_text = (folder / "case.yml").read_text("utf-8")
    before = load(folder / "case.yml")
    code, out = run_check(root, capsys)
    assert code == 1  # half-width comma and doubled marks are errors before the fix
    code, out = run_check(root, capsys, "--fix")
    assert code == 0, out
    return folder, before_text, out, before


def test_fix_changes_only_string_values(fixed: tuple[Path, str, str, Any]) -> None:
    folder, before_text, _out, before = fixed
    after = load(folder / "case.yml")
    assert after["summary"] == "居民用 App 上报问题，社区当天回复！"
    assert after["challenges"][0]["text"] == "楼栋长用微信群和 App 通知居民"
    assert after["practices"][0]["name"] == "“一网统管”App 工作法"
    assert (
        after["practices"][0]["summary"] == "每周一次楼栋会，记录问题到 App 里。\n第二行也要改：居民满意！\n"
    )
    assert after["practices"][0]["components"] == ["收集问题", "派单 App 处理"]
    assert after["questions"][0] == "为什么用 App？"
    # Not prose, or not safely editable: untouched.
    assert after["sources"][0]["url"] == before["sources"][0]["url"]
    assert after["outcomes"] == before["outcomes"]
    # Everything else is the same data, and the source keeps comments, quoting and flow style.
    for key in before:
        if key not in ("summary", "challenges", "practices", "questions"):
            assert after[key] == before[key], key
    text = (folder / "case.yml").read_text("utf-8")
    assert "# 作者的注释：AB角制 不要改注释" in text
    assert '    text: "楼栋长用微信群和 App 通知居民"' in text
    assert "  - name: '“一网统管”App 工作法'" in text
    assert "location: {province: 河南省, city: 南阳市, county: 示范县}" in text
    assert len(text.splitlines()) == len(before_text.splitlines())


def test_fix_reports_each_change_and_what_it_could_not_fix(fixed: tuple[Path, str, str, Any]) -> None:
    folder, _before, out, _ = fixed
    changed = [line for line in out.splitlines() if "已修正" in line]
    yml = [line for line in changed if line.startswith("cases/fix-case/case.yml:")]
    md = [line for line in changed if line.startswith("cases/fix-case/case.md:")]
    assert len(yml) == 13 and len(md) == 4, out
    assert "cases/fix-case/case.yml:5:" in out  # summary is on line 5
    skipped = [line for line in out.splitlines() if "未自动修正" in line]
    # The folded block (line 21) cannot be edited character for character: said, not touched.
    assert [line.split(": ")[0] for line in skipped] == ["cases/fix-case/case.yml:21:11"] * 2, out
    assert "自动修正了 17 处，改写了 2 个文件；2 处需要手工修改。" in out
    md_text = (folder / "case.md").read_text("utf-8")
    assert "居民在 App 里报修，当天有人上门！" in md_text
    assert "```\n代码App块\n```" in md_text


def test_fix_is_idempotent_and_leaves_no_temp_files(
    fixed: tuple[Path, str, str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, *_ = fixed
    root = folder.parents[1]
    snapshot = {p: p.read_bytes() for p in folder.iterdir()}
    code, out = run_check(root, capsys, "--fix")
    assert code == 0
    assert "自动修正了 0 处，改写了 0 个文件；2 处需要手工修改。" in out
    assert {p: p.read_bytes() for p in folder.iterdir()} == snapshot
    assert sorted(p.name for p in folder.iterdir()) == ["case.md", "case.yml"]


def test_failed_write_leaves_the_file_whole(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = cf.scratch_library(tmp_path)
    folder = write_fix_case(root)
    before = (folder / "case.yml").read_bytes()

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        lint.write_atomic(folder / "case.yml", "半截")
    assert (folder / "case.yml").read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == ["case.md", "case.yml"]


def test_lint_positions_and_levels(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = cf.scratch_library(tmp_path)
    write_fix_case(root)
    code = cli.main(["check", "--root", str(root), "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1
    found = {
        (p["rule"], p["line"], p["col"], p["level"])
        for p in report["problems"]
        if p["rule"].startswith("CB5")
    }
    assert ("CB501", 5, 13, "提示") in found  # 用|App
    assert ("CB502", 5, 28, "错误") in found  # the second ！
    assert ("CB501", 16, 20, "提示") in found  # inside the literal block, its first line


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


def test_changed_limits_copywriting_to_changed_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = cf.scratch_library(tmp_path)
    old = cf.valid_case("old-case")
    old["summary"] = "旧案例里有App字样。"
    cf.write_case(root, old)
    git(root, "init", "-q", "-b", "main")
    git(root, "-c", "user.name=t", "-c", "user.email=t@example.org", "add", ".")
    git(root, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "base")
    new = cf.valid_case("new-case")
    new["summary"] = "新案例也有App字样！！"
    cf.write_case(root, new)
    code, out = run_check(root, capsys, "--changed", "main")
    assert code == 1
    assert "cases/new-case/case.yml" in out and "CB502" in out
    assert "cases/old-case" not in out
    code, out = run_check(root, capsys)
    assert "cases/old-case/case.yml" in out  # without --changed, every file
    code = cli.main(["check", "--root", str(root), "--changed", "no-such-branch"])
    err = capsys.readouterr().err
    assert code == 2 and "no-such-branch" in err and "Traceback" not in err


def test_github_format_annotates_copywriting(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = cf.scratch_library(tmp_path)
    write_fix_case(root)
    cli.main(["check", "--root", str(root), "--format", "github"])
    out = capsys.readouterr().out
    assert "::notice file=cases/fix-case/case.yml,line=5,col=13,title=CB501" in out
    assert "::error file=cases/fix-case/case.yml,line=5,col=28,title=CB502" in out


def test_modeline_is_added_or_repointed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = cf.scratch_library(tmp_path)
    a = cf.write_case(root, cf.valid_case("no-modeline"))
    b = cf.write_case(root, cf.valid_case("old-modeline"))
    bodies = {f: (f / "case.yml").read_text("utf-8").split("\n", 1)[1] for f in (a, b)}
    (a / "case.yml").write_text(bodies[a], "utf-8")
    (b / "case.yml").write_text(
        "# yaml-language-server: $schema=../../schema/case.schema.json\n" + bodies[b], "utf-8"
    )
    code, out = run_check(root, capsys)
    assert out.count("[CB116]") == 2 and code == 0, out
    run_check(root, capsys, "--fix")
    for folder in (a, b):
        assert (folder / "case.yml").read_text("utf-8") == MODELINE + "\n" + bodies[folder]
    code, out = run_check(root, capsys)
    assert "CB116" not in out


def test_fix_leaves_alias_bombs_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = cf.scratch_library(tmp_path)
    folder = root / "cases" / "bomb-case"
    folder.mkdir()
    lines = ['a0: &a0 "用App报修"'] + [
        f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 10)
    ]
    (folder / "case.yml").write_text("\n".join(lines) + "\n", "utf-8")
    before = (folder / "case.yml").read_bytes()
    code, out = run_check(root, capsys, "--fix")
    assert code == 1 and "CB114" in out
    assert (folder / "case.yml").read_bytes() == before
