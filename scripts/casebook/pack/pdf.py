"""The handout as PDF: headless Chromium prints the pack's handout page (A4, backgrounds on).

Checked before anything is built (`pdf_preflight`), so a missing browser or Chinese font is a
message up front, not a failure after a minute of building.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from casebook.pack import ExportError


def pdf_preflight() -> str:
    """The Chromium to print with, or an ExportError saying what to install (checked before building)."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as e:
        raise ExportError(
            "生成 PDF 需要 Playwright（pip install playwright）和 Chromium（apt-get install chromium）"
        ) from e
    browser_path = (
        os.environ.get("CASEBOOK_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )
    if not browser_path or not Path(browser_path).exists():
        raise ExportError(
            "生成 PDF 需要 Chromium：apt-get install chromium（或用 CASEBOOK_CHROMIUM 指明位置）"
        )
    if not cjk_font_installed():
        raise ExportError("没有找到中文字体，PDF 会缺字；请先安装，如 apt-get install fonts-noto-cjk")
    return browser_path


def print_pdf(html_file: Path, pdf_file: Path) -> None:
    """Handout → PDF with headless Chromium; needs Playwright, Chromium and a CJK font."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    from casebook.localweb import CHROMIUM_ARGS

    browser_path = pdf_preflight()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=browser_path, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
            page.goto(html_file.as_uri())
            page.pdf(path=str(pdf_file), format="A4", print_background=True, prefer_css_page_size=True)
            browser.close()
    except PlaywrightError as e:
        raise ExportError(f"用 Chromium 生成 PDF 失败：{str(e).splitlines()[0]}") from e


def cjk_font_installed() -> bool:
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return False
    found = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True, check=False)
    return bool(found.stdout.strip())
