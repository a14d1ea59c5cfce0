"""Shared fixtures: the repository root and a scratch library built from our own files."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browsing import chromium

ROOT = Path(__file__).resolve().parents[1]

# Material prints a banner about its end of life on every build; it hides real warnings in logs.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium, one per test module (Playwright's sync API allows one instance at a time)."""
    with chromium() as b:
        yield b


@pytest.fixture
def repo_root() -> Path:
    return ROOT


@pytest.fixture
def scratch_library(tmp_path: Path) -> Path:
    """An empty library (vocabulary only) in a temp dir, to drop case folders into."""
    (tmp_path / "cases").mkdir()
    shutil.copy(ROOT / "cases" / "vocabulary.yml", tmp_path / "cases" / "vocabulary.yml")
    return tmp_path
