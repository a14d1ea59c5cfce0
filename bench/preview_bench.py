"""Search and preview at scale, on a synthetic library (`casebook synth`): figures, not a test.

    python bench/preview_bench.py --cases 1000

Prints: the full build of both editions; each edition's Pagefind index (pages, bytes); in
Chromium (cold cache, loopback HTTP), the time from the page's load event to the first result
for a few queries and the bytes fetched for them; and `casebook serve`'s fast path: seconds from
saving an edited case.md to that case's page rewritten in both editions.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from casebook.devtools.synth import write_library
from casebook.localweb import CHROMIUM, CHROMIUM_ARGS, serve_directory
from casebook.pipeline import preview
from casebook.pipeline.build import build_site, quiet_logs

QUERIES = ("网格", "12345", "紅色物業")


def bundle_bytes(site: Path) -> tuple[int, int]:
    """(all files of the Pagefind bundle, its index chunks, excerpts and page list only)."""
    files = [p for p in (site / "pagefind").rglob("*") if p.is_file()]
    data = [p for p in files if p.suffix in (".pf_index", ".pf_fragment", ".pf_meta")]
    return sum(p.stat().st_size for p in files), sum(p.stat().st_size for p in data)


def first_results(site: Path, edition: str) -> list[tuple[str, float, int, int]]:
    """(query, seconds to the first result after load, bytes fetched for search, requests)."""
    from playwright.sync_api import sync_playwright

    out = []
    with serve_directory(site) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for query in QUERIES:
                best: tuple[float, int, int] | None = None
                for _ in range(2):
                    context = browser.new_context()  # cold cache
                    page = context.new_page()
                    fetched: list[str] = []
                    page.on("requestfinished", lambda r, f=fetched: f.append(r.url))
                    page.goto(url + edition, wait_until="load")
                    before = len(fetched)
                    start = time.perf_counter()
                    page.click(".md-search__input")
                    page.keyboard.type(query)
                    page.wait_for_selector(".md-search-result__item", timeout=60_000)
                    seconds = time.perf_counter() - start
                    search = [u for u in fetched[before:] if "/pagefind/" in u]
                    size = sum(
                        (site / u[len(url) :]).stat().st_size
                        for u in search
                        if (site / u[len(url) :]).is_file()
                    )
                    context.close()
                    if best is None or seconds < best[0]:
                        best = (seconds, size, len(search))
                assert best is not None
                out.append((query, *best))
        finally:
            browser.close()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-browser", action="store_true")
    args = ap.parse_args()
    quiet_logs()
    with tempfile.TemporaryDirectory(prefix="casebook-preview-bench-") as tmp:
        root = Path(tmp) / "lib"
        write_library(root, args.cases, args.seed)
        out = Path(tmp) / "site"
        start = time.perf_counter()
        timings = build_site(root, out)
        print(
            f"{args.cases} 个案例：两个版本全量构建 {time.perf_counter() - start:.1f} 秒（{', '.join(f'{k} {v:.1f} 秒' for k, v in timings.items())}）"
        )
        for edition, site in (("简体", out), ("繁体", out / "zh-hant")):
            total, data = bundle_bytes(site)
            pages = len(list((site / "pagefind" / "fragment").glob("*")))
            print(
                f"{edition} Pagefind：{pages} 页，索引数据 {data / 1e6:.1f} MB（含脚本共 {total / 1e6:.1f} MB）"
            )
        if not args.no_browser:
            for edition in ("", "zh-hant/"):
                for query, seconds, size, count in first_results(out, edition):
                    print(
                        f"{'繁体' if edition else '简体'}版首次搜索“{query}”：{seconds * 1000:.0f} ms 出第一条结果，下载 {size / 1024:.0f} KB（{count} 个文件）"
                    )
        start = time.perf_counter()
        state = preview.Preview.after_build(root, out)
        print(
            f"快速预览的准备（载入案例库、相似案例）：{time.perf_counter() - start:.1f} 秒（全量构建后一次）"
        )
        folder = sorted(p for p in (root / "cases").iterdir() if p.is_dir())[args.cases // 2]
        narrative = folder / "case.md"
        for i in range(3):
            narrative.write_text(narrative.read_text("utf-8") + f"\n预览基准第 {i + 1} 次修改。\n", "utf-8")
            saved = time.perf_counter()
            done = preview.timed_refresh(state, [folder])
            if done is None:
                print("快速预览未能处理这次修改", file=sys.stderr)
                return 1
            elapsed = time.perf_counter() - saved
            assert f"预览基准第 {i + 1} 次修改" in done[0][0].read_text("utf-8")
            print(f"修改 {folder.name}/case.md 后，两个版本的案例页更新：{elapsed:.2f} 秒")
    return 0


if __name__ == "__main__":
    sys.exit(main())
