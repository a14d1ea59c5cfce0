"""`casebook serve`'s fast path: an edit to one case shows up in that case's page in both editions
before the full build is done, and the terminal says when listings and search caught up."""

from __future__ import annotations

import queue
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from casebook.pipeline import preview
from projects import copy_project

pytestmark = pytest.mark.site


def test_links_are_written_as_mkdocs_writes_them() -> None:
    html = (
        '<a href="../regions/yunnan.md">云南</a> <a href="xiaogan-wenhualu.md#x">文化路</a>'
        ' <a href="index.md">案例</a> <a href="https://example.org/a.md">外链</a>'
    )
    out = preview._links(html, "cases/kunming-shaba.md")
    assert '"../../regions/yunnan/"' in out and '"../xiaogan-wenhualu/#x"' in out and '"../"' in out
    assert '"https://example.org/a.md"' in out


def test_only_case_files_take_the_fast_path(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    case = project / "cases" / "kunming-shaba"
    assert preview.changed_case_dirs(project, [str(case / "case.md")]) == [case.resolve()]
    assert preview.changed_case_dirs(project, [str(project / "cases" / "vocabulary.yml")]) is None
    assert preview.changed_case_dirs(project, [str(project / "docs" / "index.md")]) is None


def _lines(proc: subprocess.Popen[str]) -> queue.Queue[str]:
    q: queue.Queue[str] = queue.Queue()

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            q.put(line)

    threading.Thread(target=read, daemon=True).start()
    return q


def _wait_for(q: queue.Queue[str], words: str, seen: list[str], timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = q.get(timeout=1)
        except queue.Empty:
            continue
        seen.append(line)
        if words in line:
            return
    raise AssertionError(f"never printed {words!r}: {''.join(seen)}")


def test_an_edited_case_shows_up_in_both_editions_before_the_full_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "casebook.cli", "serve", "--root", str(project), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    seen: list[str] = []
    try:
        q = _lines(proc)
        _wait_for(q, "修改案例或页面后", seen)
        time.sleep(1)
        narrative = project / "cases" / "kunming-shaba" / "case.md"
        narrative.write_text(
            narrative.read_text("utf-8") + "\n预览时新加的一句话，说明社区干部发现了问题。\n", "utf-8"
        )
        _wait_for(q, "已更新案例页 kunming-shaba", seen)
        for path, words in (
            ("cases/kunming-shaba/", "预览时新加的一句话，说明社区干部发现了问题"),
            ("zh-hant/cases/kunming-shaba/", "預覽時新加的一句話，說明社區幹部發現了問題"),
        ):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}", timeout=10) as r:
                page = r.read().decode("utf-8")
            assert words in page, path
            assert "data-casebook-search" in page and "md-footer" in page  # the whole page, not a fragment
        _wait_for(q, "全站已更新", seen)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/zh-hant/cases/kunming-shaba/", timeout=10) as r:
            assert "預覽時新加的一句話" in r.read().decode("utf-8")
    finally:
        proc.terminate()
        rest = proc.communicate(timeout=60)[0] or ""
    assert "Traceback" not in "".join(seen) + rest
