"""The site skeleton as a reader and a contributor meet it: case pages built from data, kept out of
the navigation, and a preview server that picks up an edited case.yml without a restart."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from projects import copy_project

pytestmark = pytest.mark.site

ROOT = Path(__file__).resolve().parents[1]
CASE_IDS = [
    "nanyang-yungang",
    "xiaogan-wenhualu",
    "kunming-shaba",
    "yangzhou-wenchanghuayuan",
    "xinyang-minzu",
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("project"))
    out = project / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert not re.search(r"^(WARNING|ERROR)", result.stderr, re.M), result.stderr
    return out


def test_one_page_per_case_with_its_facts(built: Path) -> None:
    for case_id in CASE_IDS:
        page = built / "cases" / case_id / "index.html"
        assert page.is_file(), case_id
    html = (built / "cases" / "xiaogan-wenhualu" / "index.html").read_text("utf-8")
    for text in (
        "文化路社区",
        "3430户",
        "12250人",
        "湖北省孝感市孝南区广场街道",
        "思考题",
        "资料来源",
        "“12345”工作法",
    ):
        assert text in html, text


def test_case_pages_stay_out_of_the_navigation(built: Path) -> None:
    home = (built / "index.html").read_text("utf-8")
    # Everything from the primary navigation up to the page content.
    nav = re.search(r'<nav class="md-nav md-nav--primary.*?<div class="md-content"', home, re.S)
    assert nav is not None
    for case_id in CASE_IDS:
        assert f"cases/{case_id}/" not in nav.group(0)
    index = (built / "cases" / "index.html").read_text("utf-8")
    for case_id in CASE_IDS:
        assert f'href="../{case_id}/"' in index or f'href="{case_id}/"' in index, case_id


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as r:
        return r.read().decode("utf-8")


def test_serve_picks_up_an_edited_case(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/cases/kunming-shaba/"
    try:
        deadline = time.monotonic() + 90
        page = ""
        while time.monotonic() < deadline:
            try:
                page = fetch(url)
                break
            except OSError:
                time.sleep(0.5)
        assert "3879人" in page
        yml = project / "cases" / "kunming-shaba" / "case.yml"
        yml.write_text(
            yml.read_text("utf-8").replace("{value: 3879, unit: 人}", "{value: 3999, unit: 人}"), "utf-8"
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and "3999人" not in page:
            time.sleep(1)
            try:
                page = fetch(url)
            except OSError:
                continue
        assert "3999人" in page, "the preview did not rebuild after case.yml changed"
    finally:
        server.terminate()
        server.wait(timeout=20)
