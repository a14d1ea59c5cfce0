"""Import evaluation: recall and precision of drafts against our gold facts, per text and in total.

Usage:
    python bench/import_eval.py                      # ../shared/corpus and tests/fixtures/import
    python bench/import_eval.py --details            # also what each draft missed or got wrong
    python bench/import_eval.py --docs docs/contributing/import.md   # put the tables on the page
    python bench/import_eval.py --timing 1,5,20      # import time for inputs of 1, 5 and 20 MB
    python bench/import_eval.py --html               # trafilatura beside readability-lxml

Gold files: bench/import_gold/*.yml (the corpus, our annotation) and
tests/fixtures/import/gold/*.yml (our fixtures); the format is described in
casebook/importer/evaluate.py.  Targets (issue 13): figure recall ≥ 90% with no invented or
mislabeled figure, named practices ≥ 80%, places ≥ 90%, title/date/publisher ≥ 90%.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

from casebook.importer import evaluate
from casebook.importer.pipeline import draft_file
from casebook.model.library import load_vocabulary

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPUS = ROOT.parent / "shared" / "corpus"
FIXTURES = ROOT / "tests" / "fixtures" / "import"
START, END = "<!-- import-eval:start -->", "<!-- import-eval:end -->"


def run_set(gold_dir: Path, text_dir: Path) -> list[evaluate.Result]:
    vocab, _ = load_vocabulary(ROOT)
    results = []
    for _path, gold in evaluate.load_gold(gold_dir):
        draft = draft_file(text_dir / gold["text"], vocab)
        results.append(evaluate.evaluate(draft, gold, gold["text"]))
    return results


def report(details: bool) -> str:
    parts = []
    sets = [
        ("../shared/corpus（20 篇真实原文，调试用）", HERE / "import_gold", CORPUS),
        ("我们的测试样例（调试用）", FIXTURES / "gold", FIXTURES),
        (
            "留作检验的样例（写好标准答案后才第一次运行，没有按它们调整）",
            FIXTURES / "holdout" / "gold",
            FIXTURES / "holdout",
        ),
    ]
    for title, gold_dir, text_dir in sets:
        if not text_dir.is_dir():
            parts.append(f"### {title}\n\n（没有找到 {text_dir}，跳过）\n")
            continue
        results = run_set(gold_dir, text_dir)
        parts.append(f"### {title}\n\n{evaluate.table(results)}\n")
        if details:
            parts.append(evaluate.details(results) + "\n")
    return "\n".join(parts)


def timing(sizes_mb: list[float]) -> str:
    """Import time of texts of the given sizes (the size limit lifted), to show it stays linear."""
    import tempfile

    vocab, _ = load_vocabulary(ROOT)
    unit = "\n\n".join(p.read_text("utf-8") for p in sorted(FIXTURES.glob("*.txt")))
    lines = ["| 输入 | 用时 | 每 MB |", "| --- | --- | --- |"]
    with tempfile.TemporaryDirectory() as tmp:
        for mb in sizes_mb:
            n = int(mb * 1024 * 1024 / len(unit.encode("utf-8"))) + 1
            path = Path(tmp) / f"big{mb:g}.txt"
            path.write_text("\n\n".join([unit] * n), "utf-8")
            size = path.stat().st_size / 1024 / 1024
            t0 = time.perf_counter()
            draft_file(path, vocab, max_mb=mb + 1)
            dt = time.perf_counter() - t0
            lines.append(f"| {size:.1f} MB | {dt:.1f} s | {dt / size:.2f} s |")
            print(lines[-1], file=sys.stderr)
    return "\n".join(lines)


def html_compare() -> str:
    from ruamel.yaml import YAML

    from casebook.importer import html

    lines = [
        "| 网页 | 提取器 | 正文句子 | 混入的页面文字 | 标题 | 用时 |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for gold_path in sorted((FIXTURES / "gold").glob("*.yml")):
        gold = YAML(typ="safe").load(gold_path.read_text("utf-8"))
        if "html" not in gold:
            continue
        page = (FIXTURES / gold["text"]).read_text("utf-8")
        backends = ["trafilatura"]
        try:
            import readability  # type: ignore[import-untyped]  # noqa: F401

            backends.append("readability")
        except ImportError:
            print(
                "readability-lxml 没有安装，只测 trafilatura（pip install readability-lxml==0.9）",
                file=sys.stderr,
            )
        for backend in backends:
            html.extract(page, backend)  # warm up (imports)
            t0 = time.perf_counter()
            out = html.extract(page, backend)
            dt = time.perf_counter() - t0
            must = gold["html"]["must"]
            never = gold["html"]["never"]
            kept = sum(1 for s in must if s in out.text)
            leaked = [s for s in never if s in out.text]
            title = out.facts.titles[0] if out.facts.titles else ""
            lines.append(
                f"| {gold['text']} | {backend} | {kept}/{len(must)} | {len(leaked)}（{'、'.join(leaked) or '无'}） "
                f"| {title} | {dt * 1000:.0f} ms |"
            )
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--details", action="store_true")
    ap.add_argument("--docs", type=Path, help="把评测表写进这个页面（两行标记之间）")
    ap.add_argument("--timing", default="", help="逗号分隔的输入大小（MB），如 1,5,20")
    ap.add_argument("--html", action="store_true")
    args = ap.parse_args()
    text = report(args.details)
    if args.timing:
        text += "\n### 导入用时\n\n" + timing([float(x) for x in args.timing.split(",")]) + "\n"
    if args.html:
        text += "\n### 网页正文提取\n\n" + html_compare() + "\n"
    print(text)
    if args.docs:
        page = args.docs.read_text("utf-8")
        if START not in page or END not in page:
            print(f"{args.docs} 里没有 {START} … {END} 标记", file=sys.stderr)
            return 1
        stamp = time.strftime("%Y-%m-%d")
        new = f"{START}\n\n（{stamp} 由 `python bench/import_eval.py --details --docs {args.docs}` 生成）\n\n{text}\n{END}"
        args.docs.write_text(
            re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _m: new, page, flags=re.S), "utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
