"""Every `casebook` command is reachable and documents itself; scripts/README.md lists them all."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from casebook.cli import COMMANDS, main
from projects import COURSE, NEW_CASE

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_help(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([name, "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert f"casebook {name}" in out and COMMANDS[name][1] in out


def test_no_command_prints_the_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    out = capsys.readouterr().out
    assert all(name in out for name in COMMANDS)


def test_unknown_command_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["chek"])
    assert exit_info.value.code == 2
    assert "chek" in capsys.readouterr().err


# --- No traceback: a folder that is not a library, a missing file, an unwritable folder --------------
# Each gets a Chinese message naming the path, and exit code 1 or 2 (tests/test_package.py runs the
# same through an installed wheel).

HAN = re.compile(r"[\u4e00-\u9fff]")
IMPORT_SAMPLE = ROOT / "tests" / "fixtures" / "import" / "numbered_sections.txt"
LIBRARY_COMMANDS = {
    "check": ["check"],
    "new": ["new", *NEW_CASE],
    "schema": ["schema"],
    "build": ["build"],
    "export": ["export", "basics", "--out", "pack"],
    "tables": ["tables"],
    "serve": ["serve", "--port", "0"],
    "import": ["import", str(IMPORT_SAMPLE)],
}


def refusal(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """Run a command that must refuse; its stderr."""
    code = main(list(args))
    err = capsys.readouterr().err
    assert code in (1, 2), (args, code, err)
    assert HAN.search(err), err
    return err


@pytest.mark.parametrize("name", sorted(LIBRARY_COMMANDS))
def test_outside_a_library_every_command_says_so(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from casebook.paths import VOCABULARY

    monkeypatch.chdir(tmp_path)
    err = refusal(capsys, *LIBRARY_COMMANDS[name])
    assert str(tmp_path) in err and VOCABULARY in err and "casebook init" in err
    assert list(tmp_path.iterdir()) == []  # nothing written where the library was not


@pytest.fixture
def library(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    root = tmp_path / "lib"
    assert main(["init", str(root)]) == 0
    capsys.readouterr()
    return root


@pytest.mark.parametrize(
    "args",
    [
        ["import", "没有这个文件.txt"],
        ["normalize", "没有这个文件.txt"],
        ["export", "没有这门课", "--out", "pack"],
        ["check", "--root", "没有这个文件夹"],
        ["tables", "--out", "没有这个文件夹/cases.csv"],
    ],
)
def test_a_missing_file_is_named(
    args: list[str], library: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(library)
    err = refusal(capsys, *args)
    missing = next(a for a in args if a.startswith("没有"))
    assert missing in err


def test_a_missing_site_config_is_named(
    library: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (library / "mkdocs.zh-hant.yml").unlink()
    monkeypatch.chdir(library)
    assert "mkdocs.zh-hant.yml" in refusal(capsys, "build")


def _unprivileged() -> list[str]:
    """A prefix that runs a command without root's power to write anywhere (root ignores file
    modes unless it drops CAP_DAC_OVERRIDE)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("以 root 运行且没有 setpriv（util-linux），无法模拟不可写的文件夹")
    return [setpriv, "--bounding-set", "-dac_override,-dac_read_search"]


@pytest.mark.parametrize(
    ("name", "args", "locked"),
    [
        ("new", ["new", *NEW_CASE], "cases"),
        ("import", ["import", str(IMPORT_SAMPLE)], "cases"),
        ("schema", ["schema"], "schema"),
        ("build", ["build", "--out", "ro/site"], "ro"),
        ("tables", ["tables", "--out", "ro/cases.csv"], "ro"),
        ("synth", ["synth", "--cases", "2", "--out", "ro/synth"], "ro"),
        ("init", ["init", "ro/new"], "ro"),
        ("export", ["export", "basics", "--out", "ro/pack"], "ro"),
    ],
)
def test_an_unwritable_folder_is_named(name: str, args: list[str], locked: str, library: Path) -> None:
    prefix = _unprivileged()
    (library / "ro").mkdir()
    (library / "courses" / "basics.yml").write_text(COURSE, "utf-8")
    if name == "schema":  # out of date, so `schema` must write
        (library / "schema" / "course.schema.json").write_text("{}", "utf-8")
    if name == "export":
        assert main(["new", "--root", str(library), *NEW_CASE]) == 0
    (library / locked).chmod(0o555)
    try:
        result = subprocess.run(
            [*prefix, sys.executable, "-m", "casebook.cli", *args],
            capture_output=True,
            text=True,
            cwd=library,
            timeout=300,
        )
    finally:
        (library / locked).chmod(0o755)
    assert result.returncode in (1, 2), result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert HAN.search(result.stderr) and locked in result.stderr, result.stderr
    assert "Permission denied" in result.stderr, result.stderr
