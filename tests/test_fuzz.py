"""A short run of the mutation fuzzer (bench/fuzz.py), and proof that it would notice a failure.

The long run (`python bench/fuzz.py --inputs 100000`) and its figures are on docs/reliability.md;
here a few hundred mutated case, vocabulary, course and import inputs must give no traceback, no
crash, no hang and no file written by a command that must not write.  The harness itself is
tested by commands made to fail on purpose: a segfault, an exception, an endless loop and a write.
"""

from __future__ import annotations

import importlib.util
import os
import signal
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]


def load_fuzz() -> ModuleType:
    spec = importlib.util.spec_from_file_location("casebook_fuzz", ROOT / "bench" / "fuzz.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["casebook_fuzz"] = module
    spec.loader.exec_module(module)
    return module


fuzz = load_fuzz()


@pytest.fixture(scope="module")
def warm() -> None:
    fuzz.warm_up()


def test_short_fuzz_run_finds_nothing(warm: None) -> None:
    seed = int(os.environ.get("CASEBOOK_FUZZ_SEED", "12"))
    stats = fuzz.fuzz_batch(seed, int(os.environ.get("CASEBOOK_FUZZ_INPUTS", "150")))
    assert stats.inputs >= 150 and set(stats.by_kind) == set(fuzz.KINDS)
    report = "\n".join(f"{f.what} {f.kind} {f.argv}: {f.detail[-600:]}" for f in stats.failures)
    assert stats.found == 0, report


def test_mutations_change_the_seed_and_reach_every_kind() -> None:
    import random

    rng = random.Random(3)
    pool = fuzz.seeds()
    assert all(pool[k] for k in fuzz.KINDS)
    seed = pool["case.yml"][0]
    changed = sum(fuzz.mutate(rng, seed) != seed for _ in range(50))
    assert changed >= 45


@pytest.fixture
def library(tmp_path: Path) -> Path:
    root: Path = fuzz.make_library(tmp_path)
    return root


def _sabotage(monkeypatch: pytest.MonkeyPatch, action: Any) -> None:
    from casebook.commands import check

    monkeypatch.setattr(check, "run", action)


def test_harness_sees_a_segfault(library: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _sabotage(monkeypatch, lambda args: os.kill(os.getpid(), signal.SIGSEGV))
    o = fuzz.run_isolated(["check", "--root", str(library)], library)
    assert o.signal == signal.SIGSEGV and fuzz._judge(o, 5.0)[0] == "crash"


def test_harness_sees_a_traceback(library: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(args: Any) -> int:
        raise KeyError("not a message")

    _sabotage(monkeypatch, boom)
    o = fuzz.run_isolated(["check", "--root", str(library)], library)
    assert "KeyError" in o.traceback and fuzz._judge(o, 5.0)[0] == "traceback"


def test_harness_sees_a_hang(library: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def spin(args: Any) -> int:
        while True:
            time.sleep(0.01)

    _sabotage(monkeypatch, spin)
    o = fuzz.run_isolated(["check", "--root", str(library)], library, timeout=1.0)
    assert o.hung and fuzz._judge(o, 5.0)[0] == "hang"


def test_harness_sees_a_write(library: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def write(args: Any) -> int:
        (library / "cases" / fuzz.CASE_ID / "case.md").write_text("改写了", "utf-8")
        return 0

    _sabotage(monkeypatch, write)
    item = fuzz.Item("case.yml", b"id: x\n", [(["check", "--root", str(library)], False)])
    log = library.parent / "log.jsonl"
    pristine = {"case.yml": fuzz.target_path(library, "case.yml").read_bytes()}
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            fuzz._run_items([item], 0, library, pristine, log)
        finally:
            os._exit(0)
    os.waitpid(pid, 0)
    import json

    results = json.loads(log.read_text("utf-8").splitlines()[0])
    assert results[0]["changed"] == [f"cases/{fuzz.CASE_ID}/case.md"]
    stats = fuzz.Stats()
    fuzz._count(stats, item, results, 5.0)
    assert stats.modified == 1 and stats.found == 1


def test_harness_sees_an_injected_annotation(library: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A check that printed a raw CR and a workflow command of its own, as the unescaped
    annotations of issue 12 did, is counted as an injection in every format."""

    def inject(args: Any) -> int:
        print(
            "::error file=cases/x/case.yml,line=1,col=1,title=CB201 x::标签 社区\r::warning file=README.md::INJECTED"
        )
        return 1

    _sabotage(monkeypatch, inject)
    for fmt in ("github", "text", "json"):
        argv = ["check", "--root", str(library), "--format", fmt]
        o = fuzz.run_isolated(argv, library)
        assert fuzz._judge(o, 5.0) is None  # exit 1, no traceback: only the output gives it away
        assert "workflow command" in fuzz.injection(argv, o.stdout, o.stderr)


def test_injection_judge_passes_escaped_output(library: Path) -> None:
    """The real check's output for a hostile tag (CR, a workflow command, a terminal escape) is
    escaped annotations in the github format and printable text otherwise: the judge passes it,
    and fails the same text printed raw."""
    yml = fuzz.target_path(library, "case.yml")
    hostile = "居民议事协商\\r::warning file=README.md,line=1::INJECTED\\x1b[2J"
    yml.write_text(yml.read_text("utf-8").replace("tags: [居民议事协商]", f'tags: ["{hostile}"]'), "utf-8")
    argv = ["check", "--root", str(library), "--format", "github"]
    o = fuzz.run_isolated(argv, library)
    assert o.code == 1 and "%0D::warning" in o.stdout, o.stdout + o.stderr
    assert fuzz.injection(argv, o.stdout, o.stderr) == ""
    text_argv = ["check", "--root", str(library)]
    o = fuzz.run_isolated(text_argv, library)
    assert o.code == 1 and "INJECTED" in o.stdout
    assert fuzz.injection(text_argv, o.stdout, o.stderr) == ""
    assert fuzz.injection(text_argv, o.stdout.replace("\\x1b", "\x1b"), "") != ""
