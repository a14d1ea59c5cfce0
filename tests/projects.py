"""A scratch copy of this repository's site sources, for tests that build, serve or edit a site;
and the flags and course the tests of a new library (`casebook init`) start from."""

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


# `casebook new` flags for one draft case (id nanyang-yungang), and a course that uses it.
NEW_CASE = ["--name", "云钢社区", "--province", "河南", "--city", "南阳市", "--type", "单位型社区"]
COURSE = """\
# yaml-language-server: $schema=../schema/course.schema.json
id: basics
title: 社区治理入门
audience: 新任社区工作者
hours: 2
objectives:
  - 了解单位型社区的治理起点。
sessions:
  - title: 第一讲
    hours: 2
    summary: 读一个案例，讨论它的做法。
    cases: [nanyang-yungang]
    questions:
      - 这个社区最先解决的是什么问题？
"""
