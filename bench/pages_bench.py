"""The largest generated pages at a given library size, and the case browser's data file.

    python bench/pages_bench.py --cases 10000            # synthesise, generate, report
    python bench/pages_bench.py --cases 1000 --build     # also run mkdocs build and read the HTML

Issue 14 asks for no generated page over 300 KB at 10,000 cases.  Without --build, the pages come
from `casebook.pages.generate.generate()` (the Markdown the plugin hands MkDocs) and the largest
ones are rendered with Python-Markdown and the site's extensions, plus the page chrome measured
from a built page (Material's header, nav and footer, which do not depend on the library size);
--build measures the real HTML of a one-edition `mkdocs build` instead (slow at 10,000 cases).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import markdown

from casebook.devtools.synth import write_library
from casebook.model.library import load_library
from casebook.pages import browser
from casebook.pages.generate import generate

EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc"]
# Material's chrome around the article on a generated page of this site (header, tabs, the nav of
# section indexes, footer, scripts), measured on the 60-case build: the same at every size.
CHROME_BYTES = 24_000


def largest_markdown(pages: dict[str, str], n: int) -> list[tuple[str, int]]:
    sizes = [(p, len(c.encode("utf-8"))) for p, c in pages.items() if p.endswith(".md")]
    return sorted(sizes, key=lambda x: -x[1])[:n]


def rendered(content: str) -> int:
    body = content.split("---\n", 2)[2] if content.startswith("---\n") else content
    return len(markdown.markdown(body, extensions=EXTENSIONS).encode("utf-8")) + CHROME_BYTES


def largest_html(site: Path, n: int) -> list[tuple[str, int]]:
    sizes = []
    for d, _, files in os.walk(site):
        for f in files:
            if f.endswith(".html"):
                p = Path(d) / f
                sizes.append((p.relative_to(site).as_posix(), p.stat().st_size))
    return sorted(sizes, key=lambda x: -x[1])[:n]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cases", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--top", type=int, default=10)
    ap.add_argument("--build", action="store_true", help="run mkdocs build and measure the HTML")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "lib"
        t0 = time.perf_counter()
        write_library(root, args.cases, args.seed)
        t1 = time.perf_counter()
        lib = load_library(root)
        pages = generate(lib)
        t2 = time.perf_counter()
        print(
            f"{args.cases} 个合成案例：写出 {t1 - t0:.1f} 秒，读入并生成 {len(pages)} 个文件 {t2 - t1:.1f} 秒"
        )
        data = pages[browser.DATA_FILE].encode("utf-8")
        import gzip

        print(
            f"案例浏览数据 {browser.DATA_FILE}：{len(data) / 1024:.0f} KB（gzip 后 {len(gzip.compress(data)) / 1024:.0f} KB），"
            f"每个案例 {len(data) / args.cases:.0f} 字节"
        )
        print(
            f"\n最大的 {args.top} 个页面（Markdown 字节 → 渲染后 HTML 字节，含页面框架约 {CHROME_BYTES // 1000} KB）："
        )
        for path, size in largest_markdown(pages, args.top):
            print(f"  {path:<50} {size / 1024:8.1f} KB → {rendered(pages[path]) / 1024:8.1f} KB")
        if args.build:
            t3 = time.perf_counter()
            env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
            subprocess.run(
                [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(root / "site")],
                cwd=root,
                env=env,
                check=True,
            )
            print(
                f"\nmkdocs build（一个版本）{time.perf_counter() - t3:.0f} 秒；最大的 {args.top} 个 HTML 页面："
            )
            for path, size in largest_html(root / "site", args.top):
                print(f"  {path:<50} {size / 1024:8.1f} KB")


if __name__ == "__main__":
    main()
