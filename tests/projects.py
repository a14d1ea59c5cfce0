"""A scratch copy of this repository's site sources, for tests that build, serve or edit a site."""

from __future__ import annotations

from pathlib import Path

from casebook.devtools.synth import copy_sources

ROOT = Path(__file__).resolve().parents[1]
SITE_SOURCES = ("mkdocs.yml", "mkdocs.zh-hant.yml", "docs", "cases", "schema", "overrides", "courses")


def copy_project(dest: Path) -> Path:
    """Copy what a build reads (configs, docs, cases, schema, theme overrides, courses) into dest."""
    dest.mkdir(parents=True, exist_ok=True)
    copy_sources(ROOT, dest, SITE_SOURCES)
    return dest
