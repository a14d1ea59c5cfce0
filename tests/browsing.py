"""Shared means for browser tests: Debian's Chromium through Playwright, and a local web server
(both from casebook.localweb, which the benchmark uses too).

Playwright cannot download browsers here, so tests drive the Debian package.  A missing browser
skips the tests on a developer's machine and fails them under CI, where it means a broken runner.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from casebook.localweb import CHROMIUM, CHROMIUM_ARGS, serve_directory

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "chromium", "require_chromium", "serve_directory"]


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
