"""The course pages and downloads the site generates from courses/*.yml (without building a site:
the browser test in test_readers_browser.py follows a trainer through the built one)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from casebook.model.course import course_files, load_course
from casebook.model.library import load_library
from casebook.pack import HANDOUT, site
from casebook.pack.pages import course_library, pack_files
from casebook.pages import courses
from casebook.pages.generate import generate
from casebook.pipeline.editions import HANS, HANT

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def lib():  # type: ignore[no-untyped-def]
    return load_library(ROOT)


def test_every_course_gets_a_page_with_its_sessions_questions_and_downloads(lib) -> None:  # type: ignore[no-untyped-def]
    pages = generate(lib)
    files = course_files(ROOT)
    assert files, "the repository ships sample courses"
    index = pages[courses.INDEX]
    for path in files:
        course, problems = load_course(path, ROOT, lib)
        assert course is not None, problems
        assert f"]({course.id}.md)" in index and f"]({course.id}/{course.id}.zip)" in index
        page = pages[courses.page_path(course.id)]
        heads = re.findall(r"^## (第.+讲 .+)$", page, re.M)
        assert len(heads) == len(course.sessions)
        for s in course.sessions:
            assert all(q in page for q in s.questions)
            assert all(f"](../cases/{cid}.md)" in page for cid, _ in s.reading)
        assert f"]({course.id}/{course.id}.zip)" in page and f"]({course.id}/handout.html)" in page


def test_a_course_pack_does_not_carry_the_sites_course_pages(lib) -> None:  # type: ignore[no-untyped-def]
    course, _ = load_course(course_files(ROOT)[0], ROOT, lib)
    assert course is not None
    files, nav = pack_files(course, course_library(lib, course), HANS)
    assert not [f.path for f in files if f.path.startswith("courses/")]
    assert "courses/" not in str(nav)


def test_downloads_are_the_handout_in_the_editions_script_and_a_zip(
    lib,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    hans = site.download_files(lib, HANS)
    hant = site.download_files(lib, HANT)
    for course in courses.load_courses(lib):
        handout = hans[courses.handout_path(course.id)]
        assert isinstance(handout, str) and handout.count('<section class="session"') == len(course.sessions)
        converted = hant[courses.handout_path(course.id)]
        assert isinstance(converted, str) and "第一講" in converted and "第一讲" not in converted
        # Until the build replaces it, the zip is a real zip that says how to get the pack.
        stand_in = hans[courses.zip_path(course.id)]
        assert isinstance(stand_in, bytes)
        with zipfile.ZipFile(io.BytesIO(stand_in)) as z:
            assert "casebook build" in z.read(z.namelist()[0]).decode("utf-8")
    assert HANDOUT == "handout.html"
    monkeypatch.delenv("CASEBOOK_PREVIEW", raising=False)
    assert not site.is_preview(Path("/tmp/site"))
    assert site.is_preview(Path("/tmp/mkdocs_abc123"))
    monkeypatch.setenv("CASEBOOK_PREVIEW", "1")
    assert site.is_preview(Path("/tmp/site"))


def test_a_library_without_courses_says_so(tmp_path: Path) -> None:
    (tmp_path / "cases").mkdir()
    (tmp_path / "cases" / "vocabulary.yml").write_text((ROOT / "cases" / "vocabulary.yml").read_text("utf-8"))
    pages = courses.pages(load_library(tmp_path))
    assert list(pages) == [courses.INDEX] and "暂无课程" in pages[courses.INDEX]
