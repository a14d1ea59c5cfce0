"""A scratch copy of this repository's site sources, for tests that build, serve or edit a site."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SITE_SOURCES = ("mkdocs.yml", "mkdocs.zh-hant.yml", "docs", "cases", "schema", "overrides", "courses")


def copy_sources(project: Path, dest: Path, names: tuple[str, ...]) -> None:
    """Copy the named files and folders of a project (those that exist) into dest."""
    for name in names:
        src = project / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        elif src.is_file():
            shutil.copy(src, dest / name)


def copy_project(dest: Path) -> Path:
    """Copy what a build reads (configs, docs, cases, schema, theme overrides, courses) into dest."""
    dest.mkdir(parents=True, exist_ok=True)
    copy_sources(ROOT, dest, SITE_SOURCES)
    return dest
