"""The case browser at scale, in Chromium: its data file's size, the time until the list shows,
and the time one facet filter takes to apply (issue 14: ≤ 200 ms at 10,000 cases).

    python bench/browse_bench.py --cases 10000 --runs 5

The cases are synthetic (`casebook synth`'s generator, turned into the case model directly, with
no files written); the page is the case index's browser markup with the site's browse.js and the
generated cases/browse-data.js, served over loopback HTTP with a cold cache each run.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import tempfile
from pathlib import Path

from casebook.devtools.synth import make_case
from casebook.localweb import CHROMIUM, CHROMIUM_ARGS, serve_directory
from casebook.model.case import Case
from casebook.model.library import load_vocabulary
from casebook.pages import browser

ASSETS = Path(browser.__file__).parent / "assets"
PAGE = """<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>案例索引</title>
<link rel="stylesheet" href="browse.css"></head><body>
<div id="cb-browser" class="cb-browser">
<a class="cb-browse-data" hidden href="browse-data.js">数据</a>
<a class="cb-browse-compare" hidden href="compare/">比较</a>
<a class="cb-browse-case" data-case="{first}" hidden href="{first}/">案例</a>
</div><div class="cb-static"><p>静态列表</p></div>
<script src="browse.js"></script></body></html>
"""


def cases(n: int, seed: int) -> list[Case]:
    vocab, _ = load_vocabulary(Path(__file__).resolve().parents[1])
    taken: set[str] = set()
    out = []
    for i in range(n):
        data, text = make_case(i, seed, vocab, taken)
        out.append(Case.from_data(data, text))
    return sorted(out, key=lambda c: c.reading_key)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    vocab, _ = load_vocabulary(Path(__file__).resolve().parents[1])
    lib_cases = cases(args.cases, args.seed)
    data = browser.data_script(lib_cases, vocab).encode("utf-8")
    print(
        f"{args.cases} 个案例：cases/browse-data.js {len(data) / 1024:.0f} KB，gzip 后 "
        f"{len(gzip.compress(data)) / 1024:.0f} KB（每个案例 {len(data) / args.cases:.0f} 字节）"
    )
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "browse-data.js").write_bytes(data)
        for name in ("browse.js", "browse.css"):
            (root / name).write_bytes((ASSETS / name).read_bytes())
        (root / "index.html").write_text(PAGE.replace("{first}", lib_cases[0].id), "utf-8")
        loads, filters, second = [], [], []
        with serve_directory(root) as url, sync_playwright() as p:
            chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for _ in range(args.runs):
                context = chromium.new_context()
                page = context.new_page()
                page.goto(url + "index.html")
                page.wait_for_selector(".cb-results tbody tr")
                loads.append(page.evaluate("performance.now()"))
                # The change handler filters, counts and renders synchronously: time one click.
                timing = """(sel) => { const box = document.querySelector(sel);
                    const t = performance.now(); box.click(); return performance.now() - t; }"""
                filters.append(page.evaluate(timing, 'details[data-facet="problem"] input'))
                second.append(page.evaluate(timing, 'details[data-facet="practice"] input'))
                shown = page.inner_text(".cb-summary")
                context.close()
            chromium.close()
    print(
        f"列表出现（页面加载后，含下载和解析数据）：中位 {statistics.median(loads):.0f} ms（{args.runs} 次）"
    )
    print(f"选一个问题：中位 {statistics.median(filters):.0f} ms，最长 {max(filters):.0f} ms")
    print(f"再选一个做法：中位 {statistics.median(second):.0f} ms，最长 {max(second):.0f} ms；{shown}")


if __name__ == "__main__":
    main()
