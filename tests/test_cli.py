"""Every `casebook` command is reachable and documents itself; scripts/README.md lists them all."""

from __future__ import annotations

from pathlib import Path

import pytest

from casebook.cli import COMMANDS, main

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
