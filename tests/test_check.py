"""`casebook check` as a contributor meets it: one positioned Chinese line per problem, exit 1.

The bad inputs are folders under tests/fixtures/check/, each with an expect.txt naming the rule,
file and line the validator must report.  Inputs that cannot sensibly be committed (a 50 MB file,
a symlink out of the repository) are made by the tests.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from casebook.model.library import load_library

FIXTURES = Path(__file__).parent / "fixtures" / "check"
BAD = sorted(d.name for d in FIXTURES.iterdir() if d.is_dir() and (d / "expect.txt").exists())


def run_check(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "casebook.cli", "check", "--root", str(root), *args],
        capture_output=True,
        text=True,
        cwd=root,
        timeout=120,
    )


def install(fixture: Path, library: Path) -> None:
    nested = [d for d in fixture.iterdir() if d.is_dir()]
    for d in nested or [fixture]:
        dest = library / "cases" / d.name
        shutil.copytree(d, dest, symlinks=True)
        (dest / "expect.txt").unlink(missing_ok=True)


def assert_clean_failure(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_repository_cases_pass(repo_root: Path) -> None:
    result = run_check(repo_root)
    assert result.returncode == 0, result.stdout
    assert "0 个错误" in result.stdout
    lib = load_library(repo_root)
    assert len(lib.cases) >= 5


def test_valid_fixture_passes(scratch_library: Path) -> None:
    install(FIXTURES / "valid-case", scratch_library)
    result = run_check(scratch_library)
    assert result.returncode == 0, result.stdout
    assert "检查了 1 个案例：0 个错误" in result.stdout


def test_there_are_enough_bad_inputs() -> None:
    assert len(BAD) >= 25


@pytest.mark.parametrize("name", BAD)
def test_bad_input_is_reported_with_position(name: str, scratch_library: Path) -> None:
    rule, file, line, *hint = (FIXTURES / name / "expect.txt").read_text("utf-8").split()
    install(FIXTURES / name, scratch_library)
    result = run_check(scratch_library)
    assert_clean_failure(result)
    lines = [x for x in result.stdout.splitlines() if f"[{rule}]" in x]
    assert lines, f"expected {rule} in:\n{result.stdout}"
    expected_path = f"cases/{name}" if file == "." else f"cases/{name}/{file}"
    if "/" in file:  # a fixture holding several case folders names the folder itself
        expected_path = f"cases/{file}"
    expected_prefix = f"{expected_path}:{line}:"
    assert any(x.startswith(expected_prefix) for x in lines), (expected_prefix, lines)
    hit = next(x for x in lines if x.startswith(expected_prefix))
    assert ": 错误: " in hit and hit.rstrip().endswith(f"[{rule}]")
    assert "（" in hit, "every message says how to fix it"
    for word in hint:
        assert word in hit, (word, hit)


def test_json_format_for_machines(scratch_library: Path) -> None:
    install(FIXTURES / "unknown-tag", scratch_library)
    result = run_check(scratch_library, "--format", "json")
    assert result.returncode == 1
    payload = json.loads(result.stdout)
    assert payload["errors"] >= 1
    problem = next(p for p in payload["problems"] if p["rule"] == "CB221")
    assert problem["path"] == "cases/unknown-tag/case.yml"
    assert problem["line"] == 23 and "网格化治理" in problem["fix"]


def test_github_annotations(scratch_library: Path) -> None:
    install(FIXTURES / "bad-province", scratch_library)
    result = run_check(scratch_library, "--format", "github")
    assert result.returncode == 1
    assert "::error file=cases/bad-province/case.yml,line=7," in result.stdout


def test_fifty_megabyte_file_is_refused_quickly(scratch_library: Path) -> None:
    install(FIXTURES / "valid-case", scratch_library)
    big = scratch_library / "cases" / "valid-case" / "case.md"
    with big.open("w", encoding="utf-8") as f:
        chunk = "社区居民在这里议事。\n" * 10_000
        while f.tell() < 50_000_000:
            f.write(chunk)
    result = run_check(scratch_library)
    assert_clean_failure(result)
    assert "cases/valid-case/case.md:1:1: 错误: 文件有" in result.stdout and "[CB103]" in result.stdout


def test_symlink_out_of_repository_is_refused(
    scratch_library: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    install(FIXTURES / "valid-case", scratch_library)
    outside = tmp_path_factory.mktemp("outside") / "secret.md"
    outside.write_text("### 外部文件\n\n不应被读入。\n", "utf-8")
    md = scratch_library / "cases" / "valid-case" / "case.md"
    md.unlink()
    os.symlink(outside, md)
    result = run_check(scratch_library)
    assert_clean_failure(result)
    assert "[CB106]" in result.stdout


def test_draft_gaps_are_notes_not_errors(scratch_library: Path) -> None:
    case = scratch_library / "cases" / "draft-case"
    case.mkdir()
    (case / "case.yml").write_text(
        "id: draft-case\nname: 草稿社区\nlocation: {province: 江苏省, city: 扬州市}\n"
        "community_types: [拆迁安置社区]\nreview: {status: draft}\n",
        "utf-8",
    )
    result = run_check(scratch_library)
    assert result.returncode == 0, result.stdout
    assert "[CB401]" in result.stdout and "提示" in result.stdout
    assert "summary" in result.stdout and "草稿" in result.stdout
    # The same gaps in a reviewed case are errors.
    (case / "case.yml").write_text(
        (case / "case.yml").read_text("utf-8").replace("draft}", "reviewed}"), "utf-8"
    )
    assert run_check(scratch_library).returncode == 1


def test_check_never_writes(scratch_library: Path) -> None:
    install(FIXTURES / "halfwidth-yaml", scratch_library)
    before = {p: p.read_bytes() for p in scratch_library.rglob("*") if p.is_file()}
    run_check(scratch_library)
    after = {p: p.read_bytes() for p in scratch_library.rglob("*") if p.is_file()}
    assert before == after


def test_bom_is_reported_once_without_a_modeline_note(scratch_library: Path) -> None:
    install(FIXTURES / "utf8-bom", scratch_library)
    result = run_check(scratch_library)
    assert "[CB102]" in result.stdout
    assert "[CB116]" not in result.stdout, result.stdout  # the first line is fine, only the BOM is not


def test_javascript_link_is_reported_once_and_whole(scratch_library: Path) -> None:
    install(FIXTURES / "js-link-md", scratch_library)
    lines = [x for x in run_check(scratch_library).stdout.splitlines() if "[CB304]" in x]
    assert len(lines) == 1, lines
    assert "javascript:" in lines[0]
    # A non-http link that is not an unsafe scheme is named whole, parentheses included.
    md = scratch_library / "cases" / "js-link-md" / "case.md"
    md.write_text(md.read_text("utf-8").replace("javascript:alert(1)", "mailto:a(b)c"), "utf-8")
    lines = [x for x in run_check(scratch_library).stdout.splitlines() if "[CB304]" in x]
    assert len(lines) == 1 and "“mailto:a(b)c”" in lines[0], lines


def test_duplicate_vocabulary_label_is_reported(scratch_library: Path) -> None:
    vocab = scratch_library / "cases" / "vocabulary.yml"
    text = vocab.read_text("utf-8")
    first = text.index("  - id: work-unit")
    vocab.write_text(
        text[:first]
        + "  - id: old-again\n    label: 老旧小区\n    definition: 重复的词条。\n"
        + text[first:],
        "utf-8",
    )
    line = vocab.read_text("utf-8")[: vocab.read_text("utf-8").index("id: old-again")].count("\n") + 1
    result = run_check(scratch_library)
    hits = [x for x in result.stdout.splitlines() if "[CB222]" in x]
    assert any(
        x.startswith(f"cases/vocabulary.yml:{line}:") and "老旧小区" in x and "重复" in x for x in hits
    ), hits


def test_vocabulary_problems_do_not_count_as_a_case(scratch_library: Path) -> None:
    install(FIXTURES / "valid-case", scratch_library)
    vocab = scratch_library / "cases" / "vocabulary.yml"
    vocab.write_text(vocab.read_text("utf-8").replace("aliases: [", "aliases: 1.5 #[", 1), "utf-8")
    result = run_check(scratch_library)
    assert_clean_failure(result)
    assert "[CB222]" in result.stdout and "检查了 1 个案例" in result.stdout, result.stdout


def test_remote_image_is_reported_on_its_line(scratch_library: Path) -> None:
    install(FIXTURES / "valid-case", scratch_library)
    md = scratch_library / "cases" / "valid-case" / "case.md"
    md.write_text(md.read_text("utf-8") + "\n![照片](https://cdn.example.com/a.jpg)\n", "utf-8")
    line = md.read_text("utf-8").count("\n")
    result = run_check(scratch_library)
    assert_clean_failure(result)
    assert any(
        x.startswith(f"cases/valid-case/case.md:{line}:") and "[CB308]" in x
        for x in result.stdout.splitlines()
    )
    # The maintainer's list lets it through.
    (scratch_library / "mkdocs.yml").write_text(
        'plugins:\n  - casebook:\n      allowed_media: ["https://cdn.example.com/"]\n', "utf-8"
    )
    assert "[CB308]" not in run_check(scratch_library).stdout


def test_a_file_that_takes_too_long_is_stopped(
    scratch_library: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The time limit is the guard for a step that turns out not to be linear: simulated here."""
    import time

    from casebook import cli
    from casebook.validate import case

    install(FIXTURES / "valid-case", scratch_library)
    monkeypatch.setattr(case, "SECONDS_PER_FILE", 0.2)

    def slow(*args: object, **kwargs: object) -> list[object]:
        time.sleep(5)
        return []

    monkeypatch.setattr(case, "text_problems_markdown", slow)
    start = time.perf_counter()
    code = cli.main(["check", "--root", str(scratch_library)])
    out = capsys.readouterr().out
    assert code == 1 and time.perf_counter() - start < 4
    assert "cases/valid-case/case.yml:1:1: 错误: 检查这个文件超过" in out and "[CB109]" in out


def test_question_count_agrees_everywhere() -> None:
    """The schema, CONTRIBUTING (repository and skeleton), the home page, `casebook new` and the
    import draft all give one range for the number of questions (issue 12 found 3-5 and 8)."""
    import re

    root = Path(__file__).resolve().parents[1]
    schema = json.loads((root / "scripts" / "casebook" / "schemas" / "case.schema.json").read_text("utf-8"))
    q = schema["properties"]["questions"]
    expected = (q["minItems"], q["maxItems"])
    files = [
        root / "CONTRIBUTING.md",
        root / "docs" / "index.md",
        root / "scripts" / "casebook" / "skeleton" / "files" / "CONTRIBUTING.md",
        root / "scripts" / "casebook" / "importer" / "scaffold.py",
        root / "scripts" / "casebook" / "importer" / "draft.py",
        root / "scripts" / "casebook" / "schemas" / "case.schema.json",
    ]
    ranges = {
        (f.name, (int(a), int(b)))
        for f in files
        for a, b in re.findall(r"(\d+)\s*(?:-|–|至|到|~)\s*(\d+)\s*道", f.read_text("utf-8"))
    }
    assert {name for name, _ in ranges} == {f.name for f in files}  # each file states a range
    assert {r for _, r in ranges} == {expected}, ranges
