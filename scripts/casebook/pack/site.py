"""Course downloads built with the site: each course's printable handout and offline pack (zip),
at the paths its course page links to (pages/courses.py), in the edition's script.

The handout is a page of the pack (pages.pack_files), so it is made with the site's other files.
The zip is a whole `casebook export` (a second MkDocs build of the course's cases), so it is built
after the site, into a temporary folder, and moved into place only when complete.  A preview
(`mkdocs serve`, or a command that sets CASEBOOK_PREVIEW) rebuilds on every edit and must stay fast: it gets a small
stand-in zip that says how to build the real one.
"""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from pathlib import Path

from casebook.model.library import Library
from casebook.pack import HANDOUT
from casebook.pages import courses

PREVIEW_NOTE = (
    "这是预览时的占位文件：预览（casebook serve）不生成课程包。\n"
    "运行 casebook build 构建网站时，这里是完整的离线课程包；"
    "也可以用 casebook export <课程编号> --out 文件夹 --zip 课程包.zip 单独导出。\n"
)


def download_files(lib: Library, script: str) -> dict[str, str | bytes]:
    """Docs-relative path → content of every course's handout and (stand-in) zip."""
    from casebook.pack.pages import course_library, pack_files

    out: dict[str, str | bytes] = {}
    for course in courses.load_courses(lib):
        files, _ = pack_files(course, course_library(lib, course), script)
        out[courses.handout_path(course.id)] = next(f.content for f in files if f.path == HANDOUT)
        out[courses.zip_path(course.id)] = stand_in_zip(course.id)
    return out


def stand_in_zip(course_id: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(f"{course_id}/说明.txt", PREVIEW_NOTE)
    return buffer.getvalue()


def is_preview(site_dir: Path) -> bool:
    """Whether this build is a preview: `mkdocs serve` builds into a temp folder named mkdocs_…, and
    a preview command says so in CASEBOOK_PREVIEW.  (The plugin cannot ask MkDocs: a plugin with an
    on_startup hook is kept across builds, and a course pack's build inside the site's would then
    share its state.)"""
    return bool(os.environ.get("CASEBOOK_PREVIEW")) or site_dir.name.startswith("mkdocs_")


def write_packs(root: Path, lib: Library, script: str, site_dir: Path) -> list[Path]:
    """Export every course's pack in `script` and put its zip where the course page links."""
    from casebook.pack.export import export_course

    written = []
    for course in courses.load_courses(lib):
        target = site_dir / courses.zip_path(course.id)
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="casebook-site-pack-") as tmp:
            built = Path(tmp) / f"{course.id}.zip"
            export_course(course.id, Path(tmp) / course.id, root=root, zip_path=built, script=script)
            os.replace(built, target)
        written.append(target)
    return written
