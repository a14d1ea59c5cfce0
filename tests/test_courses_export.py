"""Every course in courses/ exports to a pack that names the cases it teaches.

tests/test_export.py and tests/test_export_browser.py examine the first sample course in depth;
this runs each course file through the same export, so a course added later (a renamed case, a
session pointing at a case that lost its page) is caught without editing those tests.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from casebook.model.course import course_files, load_course
from casebook.model.library import load_library
from casebook.pack import export

pytestmark = pytest.mark.site

ROOT = Path(__file__).resolve().parents[1]
COURSES = sorted(p.stem for p in course_files(ROOT))


def visible_text(path: Path) -> str:
    return re.sub(r"<[^>]+>", "", path.read_text("utf-8"))


def test_the_second_sample_course_is_among_them() -> None:
    assert "doorstep-governance" in COURSES
    assert len(COURSES) >= 2


@pytest.mark.parametrize("course_id", COURSES)
def test_course_exports_with_every_case_named_on_its_session_page(course_id: str, tmp_path: Path) -> None:
    lib = load_library(ROOT)
    course, problems = load_course(ROOT / "courses" / f"{course_id}.yml", ROOT, lib)
    assert course is not None, problems
    export.export_course(course_id, tmp_path / "pack", root=ROOT)
    pack = tmp_path / "pack"

    marker = json.loads((pack / export.MARKER).read_text("utf-8"))
    assert marker["course"] == course_id
    assert set(marker["cases"]) == set(course.case_ids)

    home = visible_text(pack / "index.html")
    assert course.title in home
    for session in course.sessions:
        assert session.title in home, session.title
        page = visible_text(pack / "sessions" / f"{session.number}.html")
        for case_id in session.cases:
            case = lib.get(case_id)
            assert case is not None
            assert case.name in page, f"第 {session.number} 讲的页面没有写出 {case.name}"
            assert case.name in visible_text(pack / "cases" / f"{case_id}.html")
