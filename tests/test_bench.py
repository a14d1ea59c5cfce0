"""`casebook bench` is how the performance page is made: it must run end to end on a small library
and say plainly which targets a run met and which it missed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from casebook.devtools import bench


def test_process_tree_memory_counts_this_process() -> None:
    assert bench.tree_pss_kb(os.getpid()) > 10_000  # a Python process with casebook loaded: > 10 MB


def test_verdicts_name_each_missed_target_with_its_figure() -> None:
    r = bench.SizeResult(10_000)
    r.ours = bench.Run(seconds=900.0, cpu_seconds=1700.0, peak_mb=5_000.0)
    r.plain = bench.Run(seconds=400.0, cpu_seconds=400.0, peak_mb=1_000.0)
    r.largest_page = ("glossary/index.html", 400 * 1024)
    r.search = bench.Search(ms=250.0, kb=700.0, requests=20)
    r.facet_ms = 50.0
    lines = bench.verdicts([r], {"normalize_mb_s": 10.0, "opencc_mb_s": 50.0, "text_mb": 4.0}).splitlines()
    missed = [x for x in lines if x.startswith("未达标")]
    met = [x for x in lines if x.startswith("达标")]
    assert any("2.25×" in x for x in missed)  # 900 / 400 against ≤ 1.6×
    assert any("5,000 MB" in x for x in missed)
    assert any("glossary/index.html 400 KB" in x for x in missed)
    assert any("700 KB" in x for x in missed)  # first query's bytes at 10,000 cases
    assert any("250 ms" in x for x in met) and any("筛选一次 50 ms" in x for x in met)


@pytest.mark.site
def test_bench_runs_end_to_end_and_writes_the_performance_page(tmp_path: Path) -> None:
    out_json, page = tmp_path / "bench.json", tmp_path / "performance.md"
    command = [sys.executable, "-m", "casebook.cli", "bench", "--sizes", "6", "--no-browser"]
    command += ["--work", str(tmp_path / "work"), "--json", str(out_json), "--docs", str(page)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    size = json.loads(out_json.read_text("utf-8"))["sizes"][0]
    assert size["cases"] == 6
    assert size["ours"]["seconds"] > 0 and size["plain"]["seconds"] > 0 and size["ours"]["peak_mb"] > 50
    name, largest = size["largest_page"]
    assert name.endswith(".html") and largest > 1000
    assert size["preview_s"] is not None and size["preview_s"] < 10
    text = page.read_text("utf-8")
    assert "| 6 |" in text and "## 是否达标" in text and "构建峰值内存" in text
    # Both editions were built: the Traditional one is part of the measured site.
    assert (tmp_path / "work" / "site-6" / "zh-hant" / "index.html").is_file()
