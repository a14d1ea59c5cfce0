"""`casebook bench`: what a library of N cases costs to build, weighs, and feels like to a reader.

Each figure is measured in the same run as its baseline, on the same machine, because these
machines are noisy and a figure alone says little.  For each size N (synthetic libraries from
`casebook synth`, deterministic per seed):

- build: `casebook build` (both editions, as a contributor runs it) against plain Material
  building the Simplified pages alone, written out as Markdown (no casebook plugin, Material's own
  lunr search): wall and CPU seconds, and the peak memory of the whole process tree (proportional
  set size, so pages the forked editions share are counted once);
- weight: all output bytes, and the largest generated page;
- search: in Chromium (cold cache, loopback HTTP), from the home page's load event to the first
  result shown, and the bytes the search fetched: Pagefind on our site, lunr on the plain one;
- browse: one facet filter applied on the case index;
- preview: `casebook serve`'s fast path, from saving an edited case.md to that case's page
  rewritten in both editions.

Every build runs in a fresh process, so its memory is its own.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from casebook.localweb import CHROMIUM, CHROMIUM_ARGS, serve_directory

# Issue 14's targets.
TARGET_FIRST_RESULT_MS = 300
TARGET_FIRST_QUERY_KB = 500
TARGET_FACET_MS = 200
TARGET_PAGE_KB = 300
TARGET_PREVIEW_S = 2.0
TARGET_OVERHEAD = 1.6  # both editions against one edition of plain Material
TARGET_PEAK_GB = 3.0
TARGET_GROWTH = 11.0  # 10,000 against 1,000 cases
TARGET_NORMALIZE_MB_S = 5.0

QUERY = "网格"


@dataclass
class Run:
    seconds: float
    cpu_seconds: float
    peak_mb: float  # the process tree's proportional set size, at its highest


@dataclass
class Search:
    ms: float
    kb: float
    requests: int


@dataclass
class SizeResult:
    cases: int
    synth_seconds: float = 0.0
    ours: Run | None = None
    plain: Run | None = None
    output_bytes: int = 0
    plain_output_bytes: int = 0
    largest_page: tuple[str, int] = ("", 0)
    search: Search | None = None
    lunr: Search | None = None
    facet_ms: float | None = None
    preview_s: float | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def overhead(self) -> float:
        return self.ours.seconds / self.plain.seconds if self.ours and self.plain else float("nan")


@contextlib.contextmanager
def _workdir(given: Path | None) -> Iterator[Path]:
    if given:
        given.mkdir(parents=True, exist_ok=True)
        yield given
        return
    with tempfile.TemporaryDirectory(prefix="casebook-bench-") as tmp:
        yield Path(tmp)


# --- one build, timed -----------------------------------------------------------------------------


def tree_pss_kb(root_pid: int) -> int:
    """Proportional set size of `root_pid` and all its descendants, in KB (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(stat.parent.name))
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        stack += children.get(pid, [])
        with contextlib.suppress(OSError, ValueError, IndexError):
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
                    break
    return total


def timed(cmd: list[str], cwd: Path) -> Run:
    """Wall seconds, CPU seconds (the command and its children) and peak memory of one command."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.25):
            peak[0] = max(peak[0], tree_pss_kb(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:4])}… failed:\n{err.decode('utf-8', 'replace')[-2000:]}")
    return Run(seconds, usage.ru_utime + usage.ru_stime, max(peak[0], usage.ru_maxrss) / 1024)


def write_plain_project(project: Path, dest: Path) -> Path:
    """The same pages as Markdown files in a plain Material project: the baseline build.

    The files are the pipeline's own generation (pipeline/source.py, Simplified edition), so the
    baseline builds exactly what the casebook plugin hands MkDocs, without the plugin's page steps.
    """
    import yaml

    from casebook.model.library import load_library
    from casebook.pipeline.editions import HANS
    from casebook.pipeline.source import generated_files
    from casebook.plugin import theming

    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(project / "docs", dest / "docs")
    files = generated_files(load_library(project), HANS)
    for f in files:
        path = dest / "docs" / f.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f.content, "utf-8")
    # The library's own mkdocs.yml names Python objects (!!python/name: the slug function), as
    # MkDocs allows; it is our own file, read with the loader MkDocs itself uses.
    config = yaml.load((project / "mkdocs.yml").read_text("utf-8"), Loader=yaml.UnsafeLoader)
    present = {f.path for f in files}

    def assets(key: str, ours: tuple[str, ...]) -> list[str]:
        # The site's scripts and styles that the plain project has (the generated ones included).
        listed = [str(e) for e in config.get(key) or [] if isinstance(e, str)]
        return list(dict.fromkeys([*listed, *(e for e in ours if e in present)]))

    plain = {
        "site_name": config["site_name"],
        "docs_dir": "docs",
        "theme": {
            "name": "material",
            "language": "zh",
            "font": False,
            "features": config["theme"]["features"],
        },
        "plugins": [{"search": {"lang": "zh"}}],
        "markdown_extensions": config.get("markdown_extensions", []),
        "extra_javascript": assets("extra_javascript", theming.EXTRA_JAVASCRIPT),
        "extra_css": assets("extra_css", theming.EXTRA_CSS),
        "nav": config["nav"],
        # Same reach as ours: pages outside the nav are kept out of it, not listed.
        "not_in_nav": "\n".join(sorted({f"/{f.path.split('/')[0]}/*" for f in files if "/" in f.path})),
    }
    (dest / "mkdocs.yml").write_text(yaml.dump(plain, allow_unicode=True, sort_keys=False), "utf-8")
    return dest


def tree_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def largest_page(site: Path) -> tuple[str, int]:
    pages = [(p.stat().st_size, p.relative_to(site).as_posix()) for p in site.rglob("*.html")]
    size, name = max(pages, default=(0, ""))
    return name, size


# --- in Chromium ----------------------------------------------------------------------------------


# Run in the page before its own scripts: at the load event the query goes into the search box as
# one input event (as an input method or a paste delivers it), and the page's own clock notes when
# the first result is in the document.  Clicking and typing from Playwright instead put its round
# trips into the figure: its click alone came 100-360 ms after the load event on a slow machine.
# keyup is for Material's own search, which listens for it.
TYPE_AT_LOAD = """(query) => { window.__cbFirst = null; window.addEventListener('load', () => {
  new MutationObserver(() => { if (window.__cbFirst === null && document.querySelector('.md-search-result__item'))
    window.__cbFirst = performance.now(); }).observe(document.body, { childList: true, subtree: true });
  const box = document.querySelector('.md-search__input');
  box.focus(); box.value = query;
  box.dispatchEvent(new InputEvent('input', { bubbles: true, data: query, inputType: 'insertText' }));
  box.dispatchEvent(new KeyboardEvent('keyup', { bubbles: true, key: 'End' })); }); }"""
SINCE_LOAD = "() => window.__cbFirst - performance.getEntriesByType('navigation')[0].loadEventEnd"


def first_result(site: Path, query: str, searched: str, path: str = "") -> Search:
    """From the load event of `path` to the first search result in the page, the query entered at
    that moment (best of three cold loads, in the page's own clock), and the bytes of the files
    whose URL contains `searched` that the page fetched by then."""
    from playwright.sync_api import Request, sync_playwright

    best: Search | None = None
    with serve_directory(site) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for _ in range(3):
                context = browser.new_context()  # a cold cache each time
                page = context.new_page()
                fetched: list[str] = []

                def finished(request: Request, fetched: list[str] = fetched) -> None:
                    fetched.append(request.url)

                page.on("requestfinished", finished)
                page.add_init_script(f"({TYPE_AT_LOAD})({json.dumps(query)})")
                page.goto(url + path, wait_until="load")
                # lunr at 10,000 cases took over two minutes on a slow machine
                page.wait_for_selector(".md-search-result__item", timeout=600_000)
                ms = float(page.evaluate(SINCE_LOAD))
                files = [site / u[len(url) :].split("?")[0] for u in fetched if searched in u]
                size = sum(f.stat().st_size for f in files if f.is_file())
                context.close()
                if best is None or ms < best.ms:
                    best = Search(ms, size / 1024, len(files))
        finally:
            browser.close()
    assert best is not None
    return best


FACET_CLICK = """(sel) => { const box = document.querySelector(sel);
    const t = performance.now(); box.click(); return performance.now() - t; }"""


def facet_filter_ms(site: Path) -> float:
    """One facet filter (the first problem) on the case index: the click's handler filters, counts
    and renders synchronously (browse.js), so the click's own time is the filter's (median of 3)."""
    from playwright.sync_api import sync_playwright

    times = []
    with serve_directory(site) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for _ in range(3):
                context = browser.new_context()
                page = context.new_page()
                page.goto(url + "cases/", wait_until="load")
                page.wait_for_selector(".cb-results tbody tr", timeout=120_000)
                times.append(float(page.evaluate(FACET_CLICK, 'details[data-facet="problem"] input')))
                context.close()
        finally:
            browser.close()
    return statistics.median(times)


def preview_seconds(project: Path, site: Path, edits: int = 3) -> float:
    """`casebook serve`'s fast path after saving one case.md (the slowest of `edits` saves)."""
    from casebook.pipeline import preview

    state = preview.Preview.after_build(project, site)
    folders = sorted(p for p in (project / "cases").iterdir() if p.is_dir())
    folder = folders[len(folders) // 2]
    narrative = folder / "case.md"
    worst = 0.0
    for i in range(edits):
        narrative.write_text(narrative.read_text("utf-8") + f"\n基准第 {i + 1} 次修改。\n", "utf-8")
        saved = time.perf_counter()
        done = preview.timed_refresh(state, [folder])
        if done is None or f"基准第 {i + 1} 次修改" not in done[0][0].read_text("utf-8"):
            raise RuntimeError("快速预览没有写出修改后的案例页")
        worst = max(worst, time.perf_counter() - saved)
    return worst


# --- one size -------------------------------------------------------------------------------------


def _one_line(e: Exception) -> str:
    """An error as one line of the report (Playwright's carry a call log on lines of their own,
    which broke the page's list)."""
    return f"{type(e).__name__}: {' '.join(str(e).split())[:200]}"


def measure_size(n: int, work: Path, seed: int, browser: bool = True) -> SizeResult:
    from casebook.devtools.synth import write_library

    result = SizeResult(n)
    project = work / f"lib-{n}"
    if project.exists():
        shutil.rmtree(project)
    start = time.perf_counter()
    write_library(project, n, seed)
    result.synth_seconds = time.perf_counter() - start

    plain = write_plain_project(project, work / f"plain-{n}")
    ours_out, plain_out = work / f"site-{n}", work / f"plain-site-{n}"
    for out in (ours_out, plain_out):
        shutil.rmtree(out, ignore_errors=True)
    ours_cmd = [sys.executable, "-m", "casebook.cli", "build", "--root", str(project), "--out", str(ours_out)]
    plain_cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(plain_out)]
    # Small libraries build in seconds, where one interruption of the machine matters: the better
    # of two runs each, alternated.  Large ones once each.
    runs = 2 if n <= 1000 else 1
    ours_runs, plain_runs = [], []
    for _ in range(runs):
        ours_runs.append(timed(ours_cmd, project))
        plain_runs.append(timed(plain_cmd, plain))
    result.ours = min(ours_runs, key=lambda r: r.seconds)
    result.plain = min(plain_runs, key=lambda r: r.seconds)
    result.output_bytes = tree_bytes(ours_out)
    result.plain_output_bytes = tree_bytes(plain_out)
    result.largest_page = largest_page(ours_out)
    if browser:
        # Each measured on its own: one that fails (lunr timing out on a slow machine) does not
        # take the others with it.
        def search() -> None:
            result.search = first_result(ours_out, QUERY, "/pagefind/")

        def lunr() -> None:
            result.lunr = first_result(plain_out, QUERY, "/search/")

        def facet() -> None:
            result.facet_ms = facet_filter_ms(ours_out)

        for what, measure in (("首次搜索（Pagefind）", search), ("首次搜索（lunr）", lunr), ("筛选", facet)):
            try:
                measure()
            except Exception as e:  # the benchmark reports what it could not measure, and why
                result.notes.append(f"{what}未测：{_one_line(e)}")
    try:
        result.preview_s = preview_seconds(project, ours_out)
    except Exception as e:
        result.notes.append(f"预览未测：{_one_line(e)}")
    return result


# --- text throughput and the machine --------------------------------------------------------------


def measure_text_throughput() -> dict[str, float]:
    """normalize() and raw OpenCC t2s over the same Traditional text, MB/s (best of three)."""
    import opencc

    from casebook.devtools.synth import project_root
    from casebook.model.library import load_library
    from casebook.text.chinese import to_traditional
    from casebook.text.normalize import normalize

    lib = load_library(project_root())
    base = "\n\n".join(to_traditional(c.narrative) for c in lib.cases)
    text = "\n\n".join([base] * max(1, int(4_000_000 / max(len(base.encode("utf-8")), 1))))
    size_mb = len(text.encode("utf-8")) / 1_000_000
    t2s = opencc.OpenCC("t2s")

    def best(fn: object) -> float:
        assert callable(fn)
        fn(text[:1000])
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            fn(text)
            runs.append(time.perf_counter() - start)
        return size_mb / min(runs)

    return {
        "text_mb": round(size_mb, 2),
        "opencc_mb_s": round(best(t2s.convert), 1),
        "normalize_mb_s": round(best(normalize), 1),
    }


def machine_info() -> dict[str, str]:
    cpu = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = "?"
    with contextlib.suppress(OSError, ValueError, IndexError):
        kb = int(Path("/proc/meminfo").read_text().split("\n")[0].split()[1])
        mem = f"{kb / 1024 / 1024:.0f} GiB"
    from importlib.metadata import version

    import mkdocs
    import opencc

    def installed(name: str) -> str:
        try:
            return version(name)
        except Exception:
            return "?"

    return {
        "date": date.today().isoformat(),
        "cpu": f"{cpu} × {os.cpu_count()}",
        "memory": mem,
        "load": " / ".join(f"{x:.1f}" for x in os.getloadavg()),
        "python": platform.python_version(),
        "mkdocs": mkdocs.__version__,
        "material": installed("mkdocs-material"),
        "pagefind": installed("pagefind"),
        "opencc": opencc.__version__,
    }


# --- the report -----------------------------------------------------------------------------------


def _kb(n: float) -> str:
    return f"{n / 1024:,.0f} KB"


def _mb(n: float) -> str:
    return f"{n / 1024 / 1024:,.1f} MB"


def _search(s: Search | None) -> str:
    return "—" if s is None else f"{s.ms:.0f} ms / {s.kb:,.0f} KB"


HEADERS = [
    "案例数",
    "构建：两个版本",
    "CPU 时间",
    "纯 Material（一个版本）",
    "比值",
    "峰值内存",
    "输出总量",
    "最大页面",
    "首次搜索（Pagefind）",
    "首次搜索（lunr）",
    "筛选一次",
    "预览",
]


def rows(results: list[SizeResult]) -> list[list[str]]:
    out = []
    for r in results:
        assert r.ours and r.plain
        out.append(
            [
                f"{r.cases:,}",
                f"{r.ours.seconds:,.1f} s",
                f"{r.ours.cpu_seconds:,.0f} s",
                f"{r.plain.seconds:,.1f} s",
                f"{r.overhead:.2f}×",
                f"{r.ours.peak_mb:,.0f} MB",
                _mb(r.output_bytes),
                f"{_kb(r.largest_page[1])}",
                _search(r.search),
                _search(r.lunr),
                "—" if r.facet_ms is None else f"{r.facet_ms:.0f} ms",
                "—" if r.preview_s is None else f"{r.preview_s:.2f} s",
            ]
        )
    return out


def render_table(results: list[SizeResult], text: dict[str, float]) -> object:
    from rich.table import Table

    table = Table(title="casebook bench", show_lines=False)
    for h in HEADERS:
        table.add_column(h, justify="right")
    for row in rows(results):
        table.add_row(*row)
    table.caption = (
        f"normalize {text['normalize_mb_s']} MB/s，OpenCC t2s {text['opencc_mb_s']} MB/s"
        f"（同一段 {text['text_mb']} MB 繁体文本）"
    )
    return table


def print_row(r: SizeResult) -> None:
    assert r.ours and r.plain
    print(
        f"  synth {r.synth_seconds:.1f} s; ours {r.ours.seconds:.1f} s ({r.ours.cpu_seconds:.0f} s CPU, "
        f"{r.ours.peak_mb:.0f} MB) / plain {r.plain.seconds:.1f} s ({r.overhead:.2f}×); largest page "
        f"{r.largest_page[0]} {_kb(r.largest_page[1])}; search {_search(r.search)}, lunr {_search(r.lunr)}; "
        f"facet {r.facet_ms}; preview {r.preview_s}",
        flush=True,
    )
    for note in r.notes:
        print("  " + note, flush=True)


def growth(results: list[SizeResult], attr: str, small: int = 1000, big: int = 10000) -> float | None:
    by = {r.cases: r for r in results}
    if small not in by or big not in by:
        return None

    def value(r: SizeResult) -> float:
        if attr == "time":
            return r.ours.seconds if r.ours else 0.0
        return float(r.output_bytes)

    return value(by[big]) / value(by[small])


def verdicts(results: list[SizeResult], text: dict[str, float]) -> str:
    """One line per target: met or missed, by how much."""
    lines = []

    def line(ok: bool, what: str) -> None:
        lines.append(("达标 " if ok else "未达标 ") + what)

    for r in results:
        n = f"N={r.cases:,}"
        assert r.ours
        line(
            r.overhead <= TARGET_OVERHEAD,
            f"{n}: 两个版本的构建是纯 Material 一个版本的 {r.overhead:.2f}×（目标 ≤ {TARGET_OVERHEAD}×）",
        )
        line(
            r.ours.peak_mb <= TARGET_PEAK_GB * 1024,
            f"{n}: 构建峰值内存 {r.ours.peak_mb:,.0f} MB（目标 ≤ {TARGET_PEAK_GB:.0f} GB）",
        )
        line(
            r.largest_page[1] <= TARGET_PAGE_KB * 1024,
            f"{n}: 最大页面 {r.largest_page[0]} {_kb(r.largest_page[1])}（目标 ≤ {TARGET_PAGE_KB} KB）",
        )
        if r.search:
            line(
                r.search.ms <= TARGET_FIRST_RESULT_MS,
                f"{n}: 首次搜索结果 {r.search.ms:.0f} ms（目标 ≤ {TARGET_FIRST_RESULT_MS} ms）",
            )
            if r.cases >= 10_000:
                line(
                    r.search.kb <= TARGET_FIRST_QUERY_KB,
                    f"{n}: 首次搜索下载 {r.search.kb:,.0f} KB（目标 ≤ {TARGET_FIRST_QUERY_KB} KB）",
                )
        if r.facet_ms is not None and r.cases >= 10_000:
            line(
                r.facet_ms <= TARGET_FACET_MS,
                f"{n}: 筛选一次 {r.facet_ms:.0f} ms（目标 ≤ {TARGET_FACET_MS} ms）",
            )
        if r.preview_s is not None and r.cases == 1000:
            line(
                r.preview_s <= TARGET_PREVIEW_S,
                f"{n}: 预览 {r.preview_s:.2f} s（目标 ≤ {TARGET_PREVIEW_S:.0f} s）",
            )
    for attr, name in (("time", "构建时间"), ("bytes", "输出总量")):
        g = growth(results, attr)
        if g is not None:
            line(g <= TARGET_GROWTH, f"{name} 10,000/1,000 = {g:.2f}×（目标 ≤ {TARGET_GROWTH:.0f}×）")
    line(
        text["normalize_mb_s"] >= TARGET_NORMALIZE_MB_S,
        f"normalize {text['normalize_mb_s']} MB/s（目标 ≥ {TARGET_NORMALIZE_MB_S} MB/s；OpenCC 单独 {text['opencc_mb_s']} MB/s）",
    )
    return "\n".join(lines)


def performance_page(results: list[SizeResult], text: dict[str, float], machine: dict[str, str]) -> str:
    head = "| " + " | ".join(HEADERS) + " |\n| " + " | ".join("---:" for _ in HEADERS) + " |\n"
    body = "".join("| " + " | ".join(r) + " |\n" for r in rows(results))
    checks = "\n".join(f"- {v}" for v in verdicts(results, text).splitlines())
    sizes = ",".join(str(r.cases) for r in results)
    notes = "".join(f"- N={r.cases:,}：{note}\n" for r in results for note in r.notes)
    return f"""# 性能

本页由 `casebook bench --sizes {sizes} --docs docs/performance.md` 生成，记录最近一次基准测试的结果。

## 最近一次结果

测于 {machine["date"]}，机器：{machine["cpu"]}，内存 {machine["memory"]}（开始时负载 {machine["load"]}）；
Python {machine["python"]}，MkDocs {machine["mkdocs"]}，Material {machine["material"]}，Pagefind {machine["pagefind"]}，OpenCC {machine["opencc"]}。

{head}{body}
- **构建：两个版本**：`casebook build`，和投稿人本机一样构建简体、繁体两个版本（含 Pagefind 索引：为简体版建索引，繁体版共用它、换上自己字形的摘要和标题）；
  两核以上的机器上两个版本在两个子进程里同时构建（`--jobs`，默认按核数）。**CPU 时间**是这次构建所有进程用掉的 CPU 秒数。
- **纯 Material（一个版本）**：把同样的简体页面写成 Markdown 文件，用不带本库插件的 Material（及其 lunr 搜索）构建。
  **比值** = 两个版本的构建 / 纯 Material 一个版本。1,000 个案例以下两者交替各跑两次取较快一次，更大的各跑一次。
- **峰值内存**：构建进程及其子进程的比例驻留内存（PSS）之和的最高值：两个子进程共享的内存只算一次。
- **最大页面**：输出里最大的 HTML 文件（两个版本）。
- **首次搜索**：Chromium（空缓存，本机 HTTP）打开首页，`load` 事件一到，页面里的脚本就把“{QUERY}”作为一次输入放进搜索框
  （和输入法上屏、粘贴一样），到第一条结果进入页面的毫秒数（页面自己的时钟，不含 Playwright 点击、打字和轮询的往返；三次取最快），
  以及到那时为搜索下载的字节（Pagefind：`pagefind/` 下的脚本、wasm、页面表、索引分块和摘要；lunr：`search/` 下的脚本和 `search_index.json`）。
- **筛选一次**：案例索引页上点一个“问题”筛选项，筛选、计数、重画列表的时间（三次中位数）。
- **预览**：`casebook serve` 的快速通道：保存一个案例的 case.md 后，两个版本的案例页重写完成（三次修改中最慢的一次）。
- 文本规范化：normalize {text["normalize_mb_s"]} MB/s，OpenCC t2s 单独 {text["opencc_mb_s"]} MB/s（同一段 {text["text_mb"]} MB 繁体文本）。

## 是否达标

{checks}
{notes}
## 怎样复现

```bash
python3 -m pip install -e '.[test]'
casebook bench --sizes {sizes} --docs docs/performance.md
```

需要 Debian 的 `chromium`（浏览器里的测量）。合成案例由 `casebook synth` 的同一套模板生成，种子固定，结果可比。
这些机器负载波动大，单次数字误差可达 20%；比较时看同一次运行里的比值。
"""


def dump_json(results: list[SizeResult], text: dict[str, float], machine: dict[str, str]) -> str:
    from dataclasses import asdict

    return json.dumps(
        {"machine": machine, "text": text, "sizes": [asdict(r) for r in results]},
        ensure_ascii=False,
        indent=2,
    )
