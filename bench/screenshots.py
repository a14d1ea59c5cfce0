"""Screenshots (1280 and 390 px wide) and print PDFs of the pages issue 16 is about: a case page,
the compare page with four cases, the overview table and the practice matrix.

    python bench/screenshots.py                 # builds the Simplified edition into a temp folder
    python bench/screenshots.py --site site     # or uses a site already built (casebook build)
    python bench/screenshots.py --out shots     # where the files go (default: shots/, not committed)

Prints, for each page, the page's width at 390 px (wider than 390 means it scrolls sideways), its
height, and the printed PDF's page count and orientation, with the characters of text on each page
(a page with none is blank).  Needs Chromium and Playwright (as the browser tests do) and pypdf.
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from casebook.localweb import CHROMIUM, CHROMIUM_ARGS, serve_directory  # noqa: E402
from casebook.model.library import load_library  # noqa: E402

WIDTHS = (1280, 390)


def targets(root: Path, site: Path) -> dict[str, str]:
    """Name → URL path of each page to capture: the longest case page (as built, the one the print
    test measures), four cases compared, the two wide tables."""
    cases = load_library(root).in_reading_order()
    longest = max(cases, key=lambda c: (site / "cases" / c.id / "index.html").stat().st_size)
    # The four cases with the most figures (as the print and phone tests choose them).
    most = sorted(cases, key=lambda c: (-(len(c.scale) + len(c.outcome_figures)), c.id))[:4]
    ids = ",".join(c.id for c in most)
    return {
        f"case-{longest.id}": f"cases/{longest.id}/",
        "compare-4": f"compare/#c={ids}",
        "overview": "tables/",
        "matrix": "tables/practices/",
    }


def build_site(dest: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "casebook.cli", "build", "--root", str(ROOT), "--out", str(dest)],
        check=True,
        env={**__import__("os").environ, "PYTHONPATH": str(ROOT / "scripts"), "NO_MKDOCS_2_WARNING": "1"},
    )
    return dest


def capture(site: Path, out: Path) -> None:
    from playwright.sync_api import sync_playwright
    from pypdf import PdfReader

    out.mkdir(parents=True, exist_ok=True)
    pages = targets(ROOT, site)
    with serve_directory(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for name, url in pages.items():
                for width in WIDTHS:
                    page = browser.new_page(viewport={"width": width, "height": 844 if width < 800 else 900})
                    page.goto(base + url)
                    page.wait_for_load_state("load")
                    page.wait_for_timeout(300)
                    size = page.evaluate(
                        "() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]"
                    )
                    page.screenshot(path=str(out / f"{name}-{width}.png"), full_page=True)
                    print(f"{name:28} {width:5} px: page {size[0]} × {size[1]} px")
                    if width == WIDTHS[0]:
                        page.emulate_media(media="print")
                        data = page.pdf(format="A4", prefer_css_page_size=True, print_background=True)
                        (out / f"{name}.pdf").write_bytes(data)
                        reader = PdfReader(io.BytesIO(data))
                        box = reader.pages[0].mediabox
                        shape = "landscape" if box.width > box.height else "portrait"
                        chars = [len("".join((pg.extract_text() or "").split())) for pg in reader.pages]
                        print(f"{name:28} print: {len(chars)} A4 pages, {shape}, characters per page {chars}")
                    page.close()
        finally:
            browser.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--site", type=Path, help="a site built with casebook build (default: build one)")
    ap.add_argument("--out", type=Path, default=ROOT / "shots")
    args = ap.parse_args()
    if args.site:
        capture(args.site.resolve(), args.out)
        return
    with tempfile.TemporaryDirectory(prefix="casebook-shots-") as tmp:
        capture(build_site(Path(tmp) / "site"), args.out)


if __name__ == "__main__":
    main()
