"""Shared means for browser tests: Debian's Chromium through Playwright, and a local web server.

Playwright cannot download browsers here, so tests drive the Debian package.  A missing browser
skips the tests on a developer's machine and fails them under CI, where it means a broken runner.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("CASEBOOK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def require_chromium() -> None:
    missing = None
    if not Path(CHROMIUM).exists():
        missing = f"没有找到 Chromium（{CHROMIUM}）：apt-get install chromium"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing = "没有安装 Playwright：pip install -e '.[test]'"
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"CI 上必须能跑浏览器测试：{missing}")
        pytest.skip(missing)


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve_directory(folder: Path) -> Iterator[str]:
    """Serve `folder` on a free loopback port chosen by the OS; yields the base URL."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
