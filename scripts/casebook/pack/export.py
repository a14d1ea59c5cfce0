"""`casebook export`: a course as a folder (or zip) that opens from disk, searches and prints offline.

Party-school classrooms often have no network, so the pack must need nothing but a browser.  This
module is the export as a whole; the parts are the pack's pages (pages.py), its MkDocs config
(config.py) and build (build.py), the output folder and zip (output.py) and the PDF (pdf.py).
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from casebook.fsutil import replace_dir, staging_dir
from casebook.pack import HANDOUT, SCRIPTS, ExportError
from casebook.pack.build import build_pack
from casebook.pack.output import MARKER, resolve_out, resolve_zip, write_marker, write_zip
from casebook.pack.pages import COMPARE_MAX, SHIM, open_course
from casebook.pack.pdf import pdf_preflight, print_pdf
from casebook.paths import find_root
from casebook.pipeline import source


@dataclass
class ExportResult:
    out: Path
    pages: int
    files: int
    bytes: int
    seconds: float
    zip: Path | None = None
    zip_bytes: int = 0
    pdf: Path | None = None


def export_course(
    course_ref: str,
    out: Path,
    *,
    root: Path | None = None,
    zip_path: Path | None = None,
    script: str = "hans",
    pdf: bool = False,
) -> ExportResult:
    """Validate, build in a temporary sibling of `out`, then swap it in.  Raises ExportError."""
    started = time.perf_counter()
    root = find_root(root)
    course = open_course(root, course_ref, source.library(root))
    out = resolve_out(out)
    zip_path = resolve_zip(zip_path, out) if zip_path else None
    if pdf:
        pdf_preflight()
    try:
        staging = staging_dir(out)
    except OSError as e:
        raise ExportError(f"无法在“{out.parent}”里写入（{e.strerror}），没有导出；请换一个 --out 位置") from e
    try:
        build_pack(root, course, staging, script)
        if pdf:
            print_pdf(staging / HANDOUT, staging / "handout.pdf")
        write_marker(
            staging, {"course": course.id, "title": course.title, "script": script, "cases": course.case_ids}
        )
        replace_dir(staging, out)
    except OSError as e:
        where = f"（{e.filename}）" if e.filename else ""
        raise ExportError(f"写入课程包时出错：{e.strerror}{where}；原有的课程包（如果有）保持不变") from e
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    files = [p for p in out.rglob("*") if p.is_file()]
    result = ExportResult(
        out,
        sum(p.suffix == ".html" for p in files),
        len(files),
        sum(p.stat().st_size for p in files),
        0.0,
        pdf=out / "handout.pdf" if pdf else None,
    )
    if zip_path:
        write_zip(out, zip_path)
        result.zip, result.zip_bytes = zip_path, zip_path.stat().st_size
    result.seconds = time.perf_counter() - started
    return result


__all__ = [
    "COMPARE_MAX",
    "HANDOUT",
    "MARKER",
    "SCRIPTS",
    "SHIM",
    "ExportError",
    "ExportResult",
    "build_pack",
    "export_course",
]
