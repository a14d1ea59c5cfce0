"""Shared fixtures: the repository root and a scratch library built from our own files."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browsing import chromium, serve_directory
from sitepages import Site, small_site

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


# The small synthetic site (sitepages.small_site, built once per run) that the page, table, chart
# and browser tests read.  A module that means another site by one of these names (the search
# tests' `base_url` is the repository's own site) defines its own, which wins.


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Site]:
    return small_site(tmp_path_factory)


@pytest.fixture(scope="module")
def site(built: tuple[Path, Site]) -> Site:
    return built[1]


@pytest.fixture(scope="module")
def base_url(built: tuple[Path, Site]) -> Iterator[str]:
    with serve_directory(built[1].root) as url:
        yield url
