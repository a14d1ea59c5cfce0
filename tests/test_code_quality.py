"""The code passes the project's linters and type checker, as configured in pyproject.toml.

`.ci/run` runs the README's test command verbatim, so the checks live here rather than as extra
lines in the script: ruff (lint and format) over scripts/ and tests/, and mypy over
scripts/casebook (strict on casebook.model and casebook.pipeline).  Each test fails with the
tool's own report.  Marked `quality`: `pytest -m "not quality"` skips them in a fast loop.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.quality


def tool(module: str, *args: str) -> subprocess.CompletedProcess[str]:
    if importlib.util.find_spec(module) is None:
        pytest.fail(f"没有安装 {module}：请运行 python3 -m pip install -e '.[test]'")
    return subprocess.run(
        [sys.executable, "-m", module, *args], capture_output=True, text=True, cwd=ROOT, timeout=600
    )


def test_ruff_check() -> None:
    result = tool("ruff", "check", "--no-cache", "scripts", "tests")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format() -> None:
    result = tool("ruff", "format", "--check", "--no-cache", "scripts", "tests")
    assert result.returncode == 0, "ruff format 会改动这些文件（运行 ruff format 修正）：\n" + result.stdout


def test_mypy() -> None:
    result = tool("mypy")  # files, strictness and per-module settings: [tool.mypy] in pyproject.toml
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success" in result.stdout
