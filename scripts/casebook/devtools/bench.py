"""`casebook bench`: how build time, page weight and search behave as the library grows.

Each figure is measured in the same run as its baseline, on the same machine, because these
machines are noisy and a figure alone says little:

- build: `casebook build --edition hans` on a synthetic library of N cases against plain Material
  building the very same pages written out as Markdown (no casebook plugin): our overhead ratio;
- weight: total output bytes, average case page, search index bytes per case and against the
  text it indexes;
- search: time from page load to the first result in Chromium (at 1,000 cases);
- text: normalize() against raw OpenCC t2s throughput on the same text.

Every build runs in a fresh process so that peak memory (max RSS) is that build's alone.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from casebook.localweb import CHROMIUM, CHROMIUM_ARGS, serve_directory

TARGET_OVERHEAD = 1.3
TARGET_GROWTH = 5.5
TARGET_PAGE_KB = 40
TARGET_INDEX_RATIO = 2.0
TARGET_FIRST_RESULT_S = 1.0
TARGET_NORMALIZE_MB_S = 5.0


@dataclass
class Run:
    seconds: float
    cpu_seconds: float
    peak_mb: float


@dataclass
class SizeResult:
    cases: int
    synth_seconds: float = 0.0
    ours: Run | None = None
    plain: Run | None = None
    output_bytes: int = 0
    plain_output_bytes: int = 0
    case_page_bytes: float = 0.0
    max_other_page_bytes: int = 0
    index_bytes: int = 0
    indexed_text_bytes: int = 0
    first_result_s: float | None = None
    # The same site with a page-level digest index (one entry per page, its first DIGEST_CHARS
    # characters): what a smaller client-side index would buy, measured beside the real one.
    digest_index_bytes: int = 0
    digest_first_result_s: float | None = None
    index_docs: int = 0
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


def timed(cmd: list[str], cwd: Path) -> Run:
    """Wall seconds, CPU seconds and peak memory of one child process."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    assert proc.stderr is not None
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:4])}… failed:\n{err.decode('utf-8', 'replace')[-2000:]}")
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def measure_size(n: int, work: Path, seed: int, search: bool, console: object = None) -> SizeResult:
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
    casebook = [sys.executable, "-m", "casebook.cli", "build", "--root", str(project), "--edition", "hans"]
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "-q"]
    # Alternate the two builds and keep the better of two runs each, so neither is the one that
    # happened to share the machine with something else.
    ours_runs, plain_runs = [], []
    for _ in range(2):
        ours_runs.append(timed([*casebook, "--out", str(ours_out)], project))
        plain_runs.append(timed([*mkdocs, "-d", str(plain_out)], plain))
    result.ours = min(ours_runs, key=lambda r: r.seconds)
    result.plain = min(plain_runs, key=lambda r: r.seconds)

    result.output_bytes = tree_bytes(ours_out)
    result.plain_output_bytes = tree_bytes(plain_out)
    case_pages = [p / "index.html" for p in (ours_out / "cases").iterdir() if (p / "index.html").is_file()]
    result.case_page_bytes = sum(p.stat().st_size for p in case_pages) / max(len(case_pages), 1)
    result.max_other_page_bytes = max(
        (p.stat().st_size for p in ours_out.rglob("*.html") if p.parent.parent.name != "cases"), default=0
    )
    # The online editions search with Pagefind (its index chunks, excerpts and page list); a site
    # built with Material's search (plugin option search: material) has search_index.json.
    index = ours_out / "search" / "search_index.json"
    bundle = ours_out / "pagefind"
    if bundle.is_dir():
        data = [p for p in bundle.rglob("*") if p.suffix in (".pf_index", ".pf_fragment", ".pf_meta")]
        result.index_bytes = sum(p.stat().st_size for p in data)
        result.index_docs = len(list((bundle / "fragment").glob("*")))
    elif index.is_file():
        result.index_bytes = index.stat().st_size
        result.index_docs = len(json.loads(index.read_text("utf-8")).get("docs", []))
    result.indexed_text_bytes = sum(page_text_bytes(p) for p in ours_out.rglob("*.html"))
    if search:
        try:
            result.first_result_s = first_search_result(ours_out, query="网格")
            if index.is_file():
                digest_site = work / f"digest-site-{n}"
                shutil.rmtree(digest_site, ignore_errors=True)
                shutil.copytree(ours_out, digest_site)
                result.digest_index_bytes = write_digest_index(digest_site / "search" / "search_index.json")
                result.digest_first_result_s = first_search_result(digest_site, query="网格")
        except Exception as e:  # the benchmark reports what it could not measure, and why
            result.notes.append(f"浏览器搜索未测：{type(e).__name__}: {str(e)[:200]}")
    return result


DIGEST_CHARS = 300


def write_digest_index(path: Path) -> int:
    """Rewrite a search index to one entry per page with its first DIGEST_CHARS characters."""
    index = json.loads(path.read_text("utf-8"))
    pages: dict[str, dict[str, str]] = {}
    for doc in index["docs"]:
        page = doc["location"].split("#")[0]
        entry = pages.setdefault(page, {"location": page, "title": doc["title"], "text": ""})
        if "#" not in doc["location"]:
            entry["title"] = doc["title"]
        if len(entry["text"]) < DIGEST_CHARS:
            entry["text"] += " " + re.sub(r"<[^>]+>", " ", doc.get("text", ""))
    index["docs"] = [{**e, "text": e["text"][:DIGEST_CHARS]} for e in pages.values()]
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), "utf-8")
    return path.stat().st_size


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
    config = yaml.safe_load((project / "mkdocs.yml").read_text("utf-8"))
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
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(plain, allow_unicode=True, sort_keys=False), "utf-8")
    return dest


def tree_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


_ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">(.*?)</article>', re.S)


def page_text_bytes(page: Path) -> int:
    """UTF-8 bytes of a page's article text: what the search index is there to find."""
    m = _ARTICLE.search(page.read_text("utf-8"))
    if not m:
        return 0
    text = re.sub(r"<script.*?</script>|<style.*?</style>", " ", m.group(1), flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\s+", " ", text)
    return len(text.encode("utf-8"))


def first_search_result(site_dir: Path, query: str) -> float:
    """Seconds from the home page's load event to the first search result shown, typing at once."""
    from playwright.sync_api import sync_playwright

    with serve_directory(site_dir) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            times = []
            for _ in range(3):
                page = browser.new_page()
                page.goto(url, wait_until="load")
                start = time.perf_counter()
                page.click("label.md-search__icon, .md-search__input", timeout=10_000)
                page.keyboard.type(query)
                page.keyboard.press("End")
                page.wait_for_selector(".md-search-result__item", timeout=60_000)
                times.append(time.perf_counter() - start)
                page.close()
            return min(times)
        finally:
            browser.close()


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
    import mkdocs
    import opencc

    try:
        from importlib.metadata import version

        material = version("mkdocs-material")
    except Exception:
        material = "?"
    return {
        "date": date.today().isoformat(),
        "cpu": f"{cpu} × {os.cpu_count()}",
        "memory": mem,
        "python": platform.python_version(),
        "mkdocs": mkdocs.__version__,
        "material": material,
        "opencc": opencc.__version__,
    }


def _kb(n: float) -> str:
    return f"{n / 1024:.1f} KB"


def _mb(n: float) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


def rows(results: list[SizeResult]) -> list[list[str]]:
    out = []
    for r in results:
        assert r.ours and r.plain
        out.append(
            [
                f"{r.cases:,}",
                f"{r.ours.seconds:.1f} s",
                f"{r.plain.seconds:.1f} s",
                f"{r.overhead:.2f}×",
                f"{r.ours.peak_mb:.0f} MB",
                _mb(r.output_bytes),
                _kb(r.case_page_bytes),
                _kb(r.index_bytes / r.cases),
                f"{r.index_bytes / max(r.indexed_text_bytes, 1):.2f}×",
                "—" if r.first_result_s is None else f"{r.first_result_s:.2f} s",
                "—" if r.digest_first_result_s is None else f"{r.digest_first_result_s:.2f} s",
            ]
        )
    return out


HEADERS = [
    "案例数",
    "构建（本库）",
    "构建（纯 Material）",
    "开销比",
    "峰值内存",
    "输出总量",
    "案例页平均",
    "索引/案例",
    "索引/文本",
    "首次搜索结果",
    "摘要索引首次结果",
]


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


def _print_row(console: object, r: SizeResult) -> None:
    assert r.ours and r.plain
    print(
        f"  synth {r.synth_seconds:.1f} s; ours {r.ours.seconds:.1f} s / plain {r.plain.seconds:.1f} s "
        f"({r.overhead:.2f}×); case page {_kb(r.case_page_bytes)}; index {_mb(r.index_bytes)}"
        + (f"; first result {r.first_result_s:.2f} s" if r.first_result_s is not None else "")
    )
    for note in r.notes:
        print("  " + note)


def growth(results: list[SizeResult], attr: str, small: int = 1000, big: int = 5000) -> float | None:
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
        line(
            r.overhead <= TARGET_OVERHEAD,
            f"N={r.cases}: 构建开销 {r.overhead:.2f}× 纯 Material（目标 ≤ {TARGET_OVERHEAD}×）",
        )
        line(
            r.case_page_bytes <= TARGET_PAGE_KB * 1024,
            f"N={r.cases}: 案例页平均 {_kb(r.case_page_bytes)}（目标 ≤ {TARGET_PAGE_KB} KB）",
        )
        ratio = r.index_bytes / max(r.indexed_text_bytes, 1)
        line(
            ratio <= TARGET_INDEX_RATIO,
            f"N={r.cases}: 搜索索引是所索引文本的 {ratio:.2f} 倍（目标 ≤ {TARGET_INDEX_RATIO}）",
        )
        if r.first_result_s is not None:
            line(
                r.first_result_s <= TARGET_FIRST_RESULT_S,
                f"N={r.cases}: 首次搜索结果 {r.first_result_s:.2f} s（目标 ≤ {TARGET_FIRST_RESULT_S} s）",
            )
    for attr, name in (("time", "构建时间"), ("bytes", "输出总量")):
        g = growth(results, attr)
        if g is not None:
            line(g <= TARGET_GROWTH, f"{name} 5000/1000 = {g:.2f}×（目标 ≤ {TARGET_GROWTH}×）")
    line(
        text["normalize_mb_s"] >= TARGET_NORMALIZE_MB_S,
        f"normalize {text['normalize_mb_s']} MB/s（目标 ≥ {TARGET_NORMALIZE_MB_S} MB/s；OpenCC 单独 {text['opencc_mb_s']} MB/s）",
    )
    return "\n".join(lines)


def analysis(results: list[SizeResult]) -> str:
    """Why a missed target is missed and what would fix it, with this run's own figures."""
    parts = ["## 未达标项：原因与对策", ""]
    small = next((r for r in results if r.cases == min(x.cases for x in results)), None)
    if small and small.overhead > TARGET_OVERHEAD and small.ours and small.plain:
        extra = small.ours.seconds - small.plain.seconds
        parts.append(
            f"- **小规模时的构建开销**（N={small.cases}：{small.overhead:.2f}×，超出目标 "
            f"{small.overhead / TARGET_OVERHEAD - 1:.0%}）。多出的约 {extra:.1f} 秒大多是与案例数无关的固定成本："
            "读入并校验全部案例、生成 jieba 用户词典（简繁两套）、载入 OpenCC、生成专题页和相似案例。"
            + (
                "案例越多，固定成本占比越小：本次 "
                + "、".join(f"N={r.cases:,} 时 {r.overhead:.2f}×" for r in results if r is not small)
                + "。"
                if len(results) > 1
                else ""
            )
            + "固定成本若要再降，可把词典缓存到磁盘并按词表的哈希复用。"
        )
    for r in results:
        if r.first_result_s is None or r.first_result_s <= TARGET_FIRST_RESULT_S:
            continue
        line = (
            f"- **首次搜索结果**（N={r.cases}：{r.first_result_s:.2f} 秒，是目标的 "
            f"{r.first_result_s / TARGET_FIRST_RESULT_S:.1f} 倍）。原因：Material 的搜索在浏览器里用 lunr 现场建索引，"
            f"要先下载并解析 {_mb(r.index_bytes)} 的 `search_index.json`，再为其中 {r.index_docs:,} 个条目（每个案例页按小节分成十多条）"
            "逐条分词建倒排表；时间随条目数和文字量增长，与索引是否“紧凑”关系不大（索引/文本已只有 "
            f"{r.index_bytes / max(r.indexed_text_bytes, 1):.2f} 倍）。"
        )
        if r.digest_first_result_s is not None:
            line += (
                f"同一站点换成每页一条、只取前 {DIGEST_CHARS} 字的摘要索引（{_mb(r.digest_index_bytes)}），"
                f"首次结果为 {r.digest_first_result_s:.2f} 秒，但案例叙述里的词就搜不到了。"
            )
        line += (
            "对策：在线版改用分块的静态搜索（如 Pagefind：按查询只下载用到的索引分块，首次结果与案例总数基本无关），"
            "离线课程包保留 lunr（课程包只含几个到十几个案例，file:// 下也不能分块加载）。"
            "这需要替换 Material 的搜索界面并重做简繁互搜，尚未实施。"
        )
        parts.append(line)
    if len(parts) == 2:
        parts.append("本次运行全部达标。")
    return "\n".join(parts)


def performance_page(results: list[SizeResult], text: dict[str, float], machine: dict[str, str]) -> str:
    head = "| " + " | ".join(HEADERS) + " |\n| " + " | ".join("---:" for _ in HEADERS) + " |\n"
    body = "".join("| " + " | ".join(r) + " |\n" for r in rows(results))
    checks = "\n".join(f"- {v}" for v in verdicts(results, text).splitlines())
    sizes = ",".join(str(r.cases) for r in results)
    return f"""# 性能

本页由 `casebook bench --docs docs/performance.md` 生成，记录最近一次基准测试的结果。

## 最近一次结果

测于 {machine["date"]}，机器：{machine["cpu"]}，内存 {machine["memory"]}；Python {machine["python"]}，
MkDocs {machine["mkdocs"]}，Material {machine["material"]}，OpenCC {machine["opencc"]}。

{head}{body}
- **构建**：`casebook build --edition hans`（简体版）对同一批合成案例；**纯 Material** 是把同样的页面写成 Markdown 文件，
  用不带本库插件的 Material 构建，两者交替各跑两次取较快一次。**开销比** = 本库 / 纯 Material。
- **案例页平均**：`cases/*/index.html` 的平均字节数。**索引/文本**：`search_index.json` 的字节数除以全部页面正文文本的字节数。
- **首次搜索结果**：Chromium 打开首页、`load` 事件之后立即输入“网格”，到第一条结果出现的秒数（三次取最快）。
  **摘要索引首次结果**：同一站点把索引改成每页一条、只取前 {DIGEST_CHARS} 字后的同一测量，作为对照。
- 文本规范化：normalize {text["normalize_mb_s"]} MB/s，OpenCC t2s 单独 {text["opencc_mb_s"]} MB/s（同一段 {text["text_mb"]} MB 繁体文本）。

## 是否达标

{checks}

{analysis(results)}

## 怎样复现

```bash
python3 -m pip install -e '.[test]'
casebook bench --sizes {sizes} --docs docs/performance.md
```

需要 Debian 的 `chromium`（测首次搜索结果）。合成案例由 `casebook synth` 的同一套模板生成，种子固定，结果可比。
这些机器负载波动大，单次数字误差可达 20%；比较时看同一次运行里的比值。
"""
