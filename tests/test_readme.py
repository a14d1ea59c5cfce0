"""The README opens with the two set-up commands, and CI runs the second one unchanged."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def setup_commands() -> list[str]:
    text = (ROOT / "README.md").read_text("utf-8")
    block = re.search(r"```bash\n(.*?)```", text, re.S)
    assert block is not None and text.index(block.group(0)) < 200, "the set-up block opens the README"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_exactly_two_setup_commands() -> None:
    install, tests = setup_commands()
    assert "pip install -e ." in install and re.search(r"casebook (serve|build)", install)
    assert "pytest" in tests


def test_ci_runs_the_readme_test_command() -> None:
    _, tests = setup_commands()
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert tests in ci.splitlines(), "the last step of .ci/run is the README's test command, verbatim"
