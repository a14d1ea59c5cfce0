"""Mutation fuzzer for everything a contributor can hand the tools: case.yml, case.md, the
vocabulary, course manifests and texts to import.

    python bench/fuzz.py --inputs 100000 [--jobs 2] [--seed 1] [--save /tmp/fuzz-failures]

Each input is a seed file from this repository (the check fixtures, the cases, the vocabulary, the
course, the import fixtures) changed by a few random mutations: bytes flipped, cut or repeated,
YAML indicators and Chinese punctuation inserted, values replaced by values of another type,
nesting thousands deep, anchors and aliases, other encodings, control characters, megabyte lines.
It is put into a scratch library and the command that reads it runs in a forked child
(`casebook check` in its three formats, `check --fix`, `tables`, `import --dry-run`), so that a
segfault or a hang ends only that child.  Printed at the end: inputs tried, tracebacks, hangs
(over --slow seconds), crashes (killed by a signal), and files modified by a command that must not
write (anything but --fix).  Failing inputs are saved with --save, one folder each, with the
command line that reproduces them.  Exit status 1 when anything was found.

The test suite runs a few hundred inputs (tests/test_fuzz.py); the figures of a long run are on
docs/reliability.md.
"""

from __future__ import annotations

import argparse
import contextlib
import faulthandler
import hashlib
import io
import json
import os
import random
import re
import select
import shutil
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

KINDS = ("case.yml", "case.md", "vocabulary", "course", "import")
CASE_ID = "fuzz-case"
COURSE_ID = "fuzz-course"


# --- running one command in a child ---------------------------------------------------------------


@dataclass
class Outcome:
    code: int | None  # exit code, None when killed
    signal: int | None  # the signal that ended the child (a crash, or our kill after a hang)
    traceback: str
    seconds: float  # wall clock
    stdout: str
    stderr: str
    hung: bool = False  # killed after the wall-clock timeout
    cpu: float = 0.0  # user + system seconds of the child: what a loaded machine does not inflate


def run_isolated(argv: list[str], cwd: Path, timeout: float = 10.0, uid: int | None = None) -> Outcome:
    """`casebook <argv>` in a forked child: its exit code, signal, traceback and output (`uid`:
    run as that user, so that a file made unreadable is unreadable even when the tests run as root).

    stdout is strict UTF-8, as in CI (a lone surrogate from an odd file name would be an error
    there too); stderr replaces what it cannot write, as Python's own stderr does.
    """
    with tempfile.TemporaryDirectory(prefix="fuzz-run-") as tmp:
        if uid is not None:
            os.chmod(tmp, 0o777)  # the child, once another user, writes its output here
        out_path, err_path, tb_path = (Path(tmp) / n for n in ("out", "err", "tb"))
        start = time.perf_counter()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            code = 70
            try:
                if uid is not None:  # as an unprivileged user, for whom permissions apply
                    os.setgroups([])
                    os.setgid(uid)
                    os.setuid(uid)
                os.chdir(cwd)
                sys.stdin = open(os.devnull, encoding="utf-8")
                sys.stdout = open(out_path, "w", encoding="utf-8", errors="strict")
                sys.stderr = open(err_path, "w", encoding="utf-8", errors="backslashreplace")
                signal.signal(signal.SIGALRM, signal.SIG_DFL)
                faulthandler.disable()  # a crash is reported by its signal, not a dump on stderr
                from casebook import cli

                try:
                    code = int(cli.main(argv) or 0)
                except SystemExit as e:  # argparse's own refusals are messages, not tracebacks
                    code = e.code if isinstance(e.code, int) else 2
                sys.stdout.flush()
                sys.stderr.flush()
            except BaseException:
                with open(tb_path, "w", encoding="utf-8", errors="backslashreplace") as f:
                    f.write(traceback.format_exc())
                code = 70
            finally:
                os._exit(code)
        status, hung, cpu = _wait(pid, timeout)
        seconds = time.perf_counter() - start

        def read(p: Path) -> str:
            return p.read_text("utf-8", errors="replace") if p.exists() else ""

        tb = read(tb_path)
        sig = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
        code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else None
        return Outcome(code, sig, tb, seconds, read(out_path)[:20_000], read(err_path)[:20_000], hung, cpu)


def _wait(pid: int, timeout: float) -> tuple[int, bool, float]:
    """(wait status, killed for taking too long, CPU seconds used)."""
    deadline = time.monotonic() + timeout
    fd = os.pidfd_open(pid) if hasattr(os, "pidfd_open") else None
    try:
        while True:
            done, status, usage = os.wait4(pid, os.WNOHANG)
            if done:
                return status, False, usage.ru_utime + usage.ru_stime
            left = deadline - time.monotonic()
            if left <= 0:
                os.kill(pid, signal.SIGKILL)
                _, status, usage = os.wait4(pid, 0)
                return status, True, usage.ru_utime + usage.ru_stime
            if fd is not None:
                select.select([fd], [], [], left)
            else:
                time.sleep(min(left, 0.005))
    finally:
        if fd is not None:
            os.close(fd)


# --- seeds ----------------------------------------------------------------------------------------


def seeds() -> dict[str, list[bytes]]:
    """Seed files by kind, all written by this project."""
    fixtures = ROOT / "tests" / "fixtures"
    by_kind: dict[str, list[bytes]] = {k: [] for k in KINDS}
    for f in sorted((fixtures / "check").glob("*/case.yml")) + sorted((ROOT / "cases").glob("*/case.yml")):
        by_kind["case.yml"].append(f.read_bytes())
    for f in sorted((fixtures / "check").glob("*/case.md")) + sorted((ROOT / "cases").glob("*/case.md")):
        by_kind["case.md"].append(f.read_bytes())
    by_kind["vocabulary"].append((ROOT / "cases" / "vocabulary.yml").read_bytes())
    by_kind["course"] += [f.read_bytes() for f in sorted((ROOT / "courses").glob("*.yml"))]
    by_kind["import"] += [f.read_bytes() for f in sorted((fixtures / "import").glob("*.txt"))]
    return by_kind


# --- mutations ------------------------------------------------------------------------------------

PIECES = [
    ":", ": ", "：", " #", "#", "- ", "-", "? ", "[", "]", "{", "}", ",", "&a ", "*a", "&", "*", "!", "!!str ",
    "!!python/object:os.system ", "|", ">", "|-\n", "%", "@", "`", "'", '"', "\\", "\t", "\n", "\r", "\r\n",
    "---\n", "...\n", "~", "null", "yes", "0x1F", "1e400", "-_", "010", "8:30", "2022-13-45", "<<: ", "=",
    "\x00", "\x1b[31m", "\u202e", "\u200b", "\ufeff", "\u2028", "\ud7ff", "社区", "黨員", "“", "”", "（", "）",
    "<script>alert(1)</script>", "<img src=https://t.example/p.png>", "![x](https://t.example/p.png)",
    "[x](javascript:alert(1))", "{: onclick=x}", "](", "![", "&#104;ttps://", "javascript:", "data:,",
    "\r::warning file=README.md,line=1::INJECTED", "%0A", "\udcff",
]  # fmt: skip
WRONG_VALUES: list[Any] = [
    1.5, -1, 0, 10**30, True, None, "", "文字", [], [1, [2, [3]]], {}, {"a": {"b": None}}, ["社区", 2], "1e3",
    float("inf"),
]  # fmt: skip


def _mutate_bytes(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
    i = rng.randrange(len(data) + 1)
    j = min(len(data), i + rng.choice([1, 1, 2, 8, 64, 512]))
    op = rng.randrange(7)
    if op == 0:  # flip a byte
        k = rng.randrange(len(data))
        return data[:k] + bytes([data[k] ^ (1 << rng.randrange(8))]) + data[k + 1 :]
    if op == 1:  # delete a span
        return data[:i] + data[j:]
    if op == 2:  # duplicate a span
        return data[:j] + data[i:j] + data[j:]
    if op == 3:  # insert a piece
        return data[:i] + rng.choice(PIECES).encode("utf-8", "surrogatepass") + data[i:]
    if op == 4:  # truncate
        return data[:i]
    if op == 5:  # random bytes
        return data[:i] + bytes(rng.randrange(256) for _ in range(rng.randint(1, 16))) + data[j:]
    # splice lines from elsewhere in the file
    lines = data.split(b"\n")
    a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines.insert(a, lines[b])
    return b"\n".join(lines)


def _mutate_text(rng: random.Random, text: str) -> str:
    lines = text.split("\n")
    op = rng.randrange(9)
    n = rng.randrange(len(lines))
    if op == 0:  # change indentation
        lines[n] = " " * rng.randrange(8) + lines[n].lstrip() if rng.random() < 0.7 else "\t" + lines[n]
    elif op == 1:  # nesting: many openers (up to well past the parsers' stack)
        depth = rng.choice([10, 33, 300, 1000, 5000, 50_000])
        opener = rng.choice(["[", "{a: ", "- ", "{", "[{", "? "])
        # ... sometimes behind what a line-by-line reading could miss: a tag, a lone CR ending a
        # comment, YAML 1.1's NEL and LS, a tab after "---".
        lead = rng.choice([" ", " ", " !!seq ", " #\r", "\x85", "\u2028", "\n---\t", " [!!seq "])
        lines[n] += lead + opener * depth
    elif op == 2:  # block nesting by indentation
        depth = rng.choice([40, 400, 2000])
        lines[n:n] = [" " * k + f"k{k}:" for k in range(depth)]
    elif op == 3:  # alias bomb
        lines[n:n] = ['b0: &b0 ["哈"]'] + [
            f"b{k}: &b{k} [{', '.join([f'*b{k - 1}'] * 9)}]" for k in range(1, 9)
        ]
    elif op == 4:  # one huge line
        lines[n] += rng.choice(
            ["a", "社", "](", "{:", "`", "(中", "<a", "&#", "![", "](#", ": ", "\\"]
        ) * rng.choice([1000, 20_000, 120_000])
    elif op == 5:  # the usual mistakes
        lines[n] = (
            lines[n]
            .replace(
                ": ",
                rng.choice(["：", ":", ": @", ": *", ": &", ": !", ": %", ": `", ": |x", ": >x", ': "']),
                1,
            )
            .replace("]", rng.choice(["", "] 等", "}"]), 1)
        )
    elif op == 6:  # line endings
        return text.replace("\n", rng.choice(["\r\n", "\r", "\n\n", "\u2028"]))
    elif op == 7:  # a hostile name or value where a value was
        lines[n] += rng.choice(PIECES) * rng.randint(1, 4)
    else:  # swap two lines
        m = rng.randrange(len(lines))
        lines[n], lines[m] = lines[m], lines[n]
    return "\n".join(lines)


def _retype(rng: random.Random, text: str) -> str | None:
    """The YAML with one value anywhere replaced by a value of another type, or None."""
    import yaml

    from casebook.validate.yamlio import parseable

    # The fuzzer's own parse must survive its inputs too: no aliases (a bomb expands when walked),
    # nothing the pre-scan refuses, libyaml only.
    if len(text) > 300_000 or "*" in text or "&" in text or not parseable(text):
        return None
    try:
        data = yaml.load(text, Loader=yaml.CSafeLoader)
    except Exception:
        return None
    if not isinstance(data, dict | list):
        return None
    paths: list[tuple[Any, Any]] = []
    stack: list[Any] = [data]
    while stack:
        cur = stack.pop()
        items = cur.items() if isinstance(cur, dict) else enumerate(cur)
        for k, v in items:
            paths.append((cur, k))
            if isinstance(v, dict | list):
                stack.append(v)
    if not paths:
        return None
    for _ in range(rng.randint(1, 3)):
        parent, key = rng.choice(paths)
        parent[key] = rng.choice(WRONG_VALUES)
    style = rng.choice([False, True, None])
    try:
        return yaml.safe_dump(
            data, allow_unicode=True, default_flow_style=style, width=rng.choice([40, 80, 4096])
        )
    except Exception:
        return None


def _encode(rng: random.Random, text: str) -> bytes:
    choice = rng.randrange(12)
    if choice == 0:
        return text.encode("gb18030", "replace")
    if choice == 1:
        return text.encode("utf-16", "surrogatepass")
    if choice == 2:
        return b"\xef\xbb\xbf" + text.encode("utf-8", "surrogatepass")
    if choice == 3:
        return text.encode("big5", "replace")
    return text.encode("utf-8", "surrogatepass")


def mutate(rng: random.Random, seed: bytes) -> bytes:
    """A seed changed by one to four mutations, text-level or byte-level, capped at 1.5 MB."""
    data = seed
    for _ in range(rng.choice([1, 1, 2, 3, 4])):
        r = rng.random()
        if r < 0.35:
            data = _mutate_bytes(rng, data)
        else:
            text = data.decode("utf-8", "surrogateescape")
            if r < 0.5:
                retyped = _retype(rng, text)
                text = retyped if retyped is not None else _mutate_text(rng, text)
            else:
                text = _mutate_text(rng, text)
            data = _encode(rng, text) if rng.random() < 0.1 else text.encode("utf-8", "surrogateescape")
        data = data[:1_500_000]
    return data


# --- the scratch library --------------------------------------------------------------------------

VALID_CASE = ROOT / "tests" / "fixtures" / "check" / "valid-case"


def make_library(where: Path) -> Path:
    """A small valid library: the vocabulary, one case, one course naming it, one docs page."""
    root = where / "lib"
    (root / "cases" / CASE_ID).mkdir(parents=True)
    shutil.copy(ROOT / "cases" / "vocabulary.yml", root / "cases" / "vocabulary.yml")
    text = (VALID_CASE / "case.yml").read_text("utf-8").replace("id: valid-case", f"id: {CASE_ID}")
    (root / "cases" / CASE_ID / "case.yml").write_text(text, "utf-8")
    shutil.copy(VALID_CASE / "case.md", root / "cases" / CASE_ID / "case.md")
    (root / "courses").mkdir()
    (root / "courses" / f"{COURSE_ID}.yml").write_text(
        f"id: {COURSE_ID}\ntitle: 测试课程\naudience: 社区工作者\nhours: 3\n"
        "objectives:\n  - 能说出这个社区的做法。\n"
        "description: >-\n  用一个虚构的社区练习读案例。\n  每一讲先读后议。\n"
        f"sessions:\n  - title: 第一讲\n    hours: 3\n    cases: [{CASE_ID}]\n"
        f"    reading_order:\n      - case: {CASE_ID}\n        focus: 看会议怎样分工。\n"
        "    questions:\n      - 这个做法为什么有效？\n",
        "utf-8",
    )
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# 首页\n\n测试用的首页。\n", "utf-8")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root


def target_path(root: Path, kind: str) -> Path:
    return {
        "case.yml": root / "cases" / CASE_ID / "case.yml",
        "case.md": root / "cases" / CASE_ID / "case.md",
        "vocabulary": root / "cases" / "vocabulary.yml",
        "course": root / "courses" / f"{COURSE_ID}.yml",
        "import": root / "source.txt",
    }[kind]


def snapshot(root: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for f in files:
            p = Path(folder) / f
            try:
                out[str(p.relative_to(root))] = hashlib.sha1(p.read_bytes()).hexdigest()
            except OSError:
                out[str(p.relative_to(root))] = "?"
    return out


def commands(rng: random.Random, kind: str, root: Path) -> list[tuple[list[str], bool]]:
    """(argv, may write) for one input."""
    if kind == "import":
        return [(["import", str(target_path(root, kind)), "--dry-run"], False)]
    fmt = rng.choice(["text", "json", "github"])
    out: list[tuple[list[str], bool]] = [(["check", "--root", str(root), "--format", fmt], False)]
    r = rng.random()
    if r < 0.1:
        out.append((["check", "--root", str(root), "--fix"], True))
    elif r < 0.2:
        out.append((["tables", "--root", str(root), "--format", rng.choice(["md", "csv", "json"])], False))
    return out


# --- the run --------------------------------------------------------------------------------------


@dataclass
class Failure:
    kind: str
    what: str  # traceback, hang, crash, modified, injection
    argv: list[str]
    detail: str
    data: bytes


@dataclass
class Stats:
    inputs: int = 0
    runs: int = 0
    tracebacks: int = 0
    hangs: int = 0
    crashes: int = 0
    modified: int = 0
    injections: int = 0  # a check whose output would start a workflow command of its own
    slowest: float = 0.0  # CPU seconds
    slowest_wall: float = 0.0
    by_kind: dict[str, int] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)
    cpu_times: list[float] = field(default_factory=list)  # every command run's CPU seconds

    def add(self, other: Stats) -> None:
        self.cpu_times += other.cpu_times
        for name in ("inputs", "runs", "tracebacks", "hangs", "crashes", "modified", "injections"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.slowest = max(self.slowest, other.slowest)
        self.slowest_wall = max(self.slowest_wall, other.slowest_wall)
        for k, v in other.by_kind.items():
            self.by_kind[k] = self.by_kind.get(k, 0) + v
        self.failures += other.failures[: max(0, 50 - len(self.failures))]

    @property
    def found(self) -> int:
        return self.tracebacks + self.hangs + self.crashes + self.modified + self.injections

    def percentile(self, q: float) -> float:
        if not self.cpu_times:
            return 0.0
        ordered = sorted(self.cpu_times)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


@dataclass
class Item:
    kind: str
    data: bytes
    runs: list[tuple[list[str], bool]]  # (argv, may write)


def _call(argv: list[str]) -> tuple[int | None, str, str, str]:
    """`casebook <argv>` in this process: (exit code, traceback, stdout, stderr).

    stdout is strict UTF-8, as in CI (a lone surrogate from an odd file name is an error there
    too); stderr replaces what it cannot write, as Python's own stderr does.
    """
    from casebook import cli

    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="backslashreplace")
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    tb = ""
    code: int | None = 70
    try:
        code = int(cli.main(argv) or 0)
    except SystemExit as e:  # argparse's own refusals are messages, not tracebacks
        code = e.code if isinstance(e.code, int) else 2
    except BaseException:
        tb = traceback.format_exc()
    finally:
        sys.stdout, sys.stderr = saved
    texts = []
    for stream in (out, err):
        try:
            stream.flush()
        except UnicodeError:
            tb = tb or traceback.format_exc()
        raw = stream.buffer.getvalue()  # type: ignore[attr-defined]
        texts.append(raw.decode("utf-8", "replace"))
    return code, tb, texts[0], texts[1]


def _run_items(items: list[Item], first: int, root: Path, pristine: dict[str, bytes], log: Path) -> None:
    """In a forked child: each item from `first` on, one JSON line of results per item in `log`."""
    import resource

    os.chdir(root)
    sys.stdin = open(os.devnull, encoding="utf-8")
    with open(log, "a", encoding="utf-8") as f:
        for item in items[first:]:
            path = target_path(root, item.kind)
            path.write_bytes(item.data)
            results = []
            for argv, may_write in item.runs:
                before = snapshot(root)
                u0 = resource.getrusage(resource.RUSAGE_SELF)
                w0 = time.perf_counter()
                code, tb, out, err = _call(argv)
                u1 = resource.getrusage(resource.RUSAGE_SELF)
                cpu = (u1.ru_utime - u0.ru_utime) + (u1.ru_stime - u0.ru_stime)
                after = snapshot(root)
                changed = [] if may_write else _changed(before, after)
                results.append(
                    {"code": code, "tb": tb[-3000:], "err": err[-3000:], "out": out[-2000:], "cpu": cpu,
                     "wall": time.perf_counter() - w0, "changed": changed, "injected": injection(argv, out, err)}
                )  # fmt: skip
                if may_write:
                    path.write_bytes(item.data)
            # Back to the valid file, so that the next input changes one thing at a time.
            if item.kind == "import":
                path.unlink(missing_ok=True)
            else:
                path.write_bytes(pristine[item.kind])
            f.write(json.dumps(results, ensure_ascii=False) + "\n")
            f.flush()


def fuzz_batch(
    seed: int, count: int, slow: float = 5.0, kinds: tuple[str, ...] = KINDS, timeout: float = 30.0
) -> Stats:
    """`count` inputs from the random seed `seed`, in a scratch library of their own.

    The inputs run one after another in a forked child (fifty milliseconds a run instead of a
    process start each); when the child dies (a signal) or stops making progress (a hang), the
    input it was on is recorded and a new child carries on from the next one.  `timeout` bounds the
    wall-clock time of one input (all its commands); an input over it is run again alone, each
    command in a child of its own, and counts as a hang only if it is slow there too.
    """
    rng = random.Random(seed)
    pool = seeds()
    stats = Stats()
    with tempfile.TemporaryDirectory(prefix="casebook-fuzz-") as tmp:
        root = make_library(Path(tmp))
        pristine = {k: target_path(root, k).read_bytes() for k in kinds if k != "import"}
        items = []
        for _ in range(count):
            kind = rng.choice(kinds)
            items.append(Item(kind, mutate(rng, rng.choice(pool[kind])), commands(rng, kind, root)))
        log = Path(tmp) / "results.jsonl"
        done = 0
        while done < len(items):
            log.write_text("", "utf-8")
            pid = os.fork()
            if pid == 0:  # pragma: no cover - the child
                try:
                    _run_items(items, done, root, pristine, log)
                finally:
                    os._exit(0)
            status, stalled = _watch(pid, log, stall=timeout)
            # One JSON line per input (split on "\n" only: a value may hold U+2028 and other line
            # breaks that splitlines() would cut at); a line cut short by a dying child is dropped.
            lines = []
            for x in log.read_text("utf-8", errors="replace").split("\n"):
                with contextlib.suppress(ValueError):
                    lines.append(json.loads(x))
            for results in lines:
                _count(stats, items[done], results, slow)
                done += 1
            if done < len(items) and (stalled or not os.WIFEXITED(status) or os.WEXITSTATUS(status)):
                item = items[done]
                sig = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
                _restore(root, pristine)  # the child may have died with an input in place
                if stalled and _confirm(stats, item, root, pristine, slow, timeout):
                    done += 1  # only the machine was slow: the input alone ran in time
                    continue
                if stalled:
                    what, detail = "hang", f"no result after {timeout:g} s wall clock, nor alone"
                    stats.hangs += 1
                else:
                    what = "crash"
                    detail = f"signal {sig} ({signal.Signals(sig).name})" if sig else f"exit {status}"
                    stats.crashes += 1
                stats.inputs += 1
                stats.runs += 1
                stats.by_kind[item.kind] = stats.by_kind.get(item.kind, 0) + 1
                if len(stats.failures) < 50:
                    stats.failures.append(Failure(item.kind, what, item.runs[0][0], detail, item.data))
                done += 1
    return stats


def _confirm(
    stats: Stats, item: Item, root: Path, pristine: dict[str, bytes], slow: float, timeout: float
) -> bool:
    """Run a stalled input alone, each command in its own child, judged by CPU time: True (and
    counted) when it finishes in time, as it does when other processes had the machine."""
    path = target_path(root, item.kind)
    results = []
    for argv, may_write in item.runs:
        path.write_bytes(item.data)
        before = snapshot(root)
        o = run_isolated(argv, root, timeout=2 * timeout)
        if o.hung or o.signal is not None:
            _restore(root, pristine)
            return False
        changed = [] if may_write else _changed(before, snapshot(root))
        results.append(
            {"code": o.code, "tb": o.traceback, "err": o.stderr, "out": o.stdout, "cpu": o.cpu, "wall": o.seconds,
             "changed": changed, "injected": injection(argv, o.stdout, o.stderr)}
        )  # fmt: skip
    _restore(root, pristine)
    _count(stats, item, results, slow)
    return True


def _restore(root: Path, pristine: dict[str, bytes]) -> None:
    """Every input file back to its valid original."""
    for kind, data in pristine.items():
        target_path(root, kind).write_bytes(data)
    target_path(root, "import").unlink(missing_ok=True)


def _watch(pid: int, log: Path, stall: float) -> tuple[int, bool]:
    """Wait for the child; kill it when its log has not grown for `stall` seconds."""
    size, since = -1, time.monotonic()
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return status, False
        now_size = log.stat().st_size if log.exists() else 0
        if now_size != size:
            size, since = now_size, time.monotonic()
        elif time.monotonic() - since > stall:
            os.kill(pid, signal.SIGKILL)
            return os.waitpid(pid, 0)[1], True
        time.sleep(0.05)


def _count(stats: Stats, item: Item, results: list[dict[str, Any]], slow: float) -> None:
    stats.inputs += 1
    stats.by_kind[item.kind] = stats.by_kind.get(item.kind, 0) + 1
    for (argv, _may_write), r in zip(item.runs, results, strict=True):
        stats.runs += 1
        stats.slowest = max(stats.slowest, r["cpu"])
        stats.slowest_wall = max(stats.slowest_wall, r["wall"])
        stats.cpu_times.append(round(r["cpu"], 4))
        outcome = Outcome(r["code"], None, r["tb"], r["wall"], r["out"], r["err"], False, r["cpu"])
        problem = _judge(outcome, slow)
        if problem is None and r["changed"]:
            problem = ("modified", "files changed: " + ", ".join(r["changed"]))
        if problem is None and r.get("injected"):
            problem = ("injection", r["injected"])
        if problem is None:
            continue
        what = problem[0]
        stats.tracebacks += what == "traceback"
        stats.hangs += what == "hang"
        stats.crashes += what == "crash"
        stats.modified += what == "modified"
        stats.injections += what == "injection"
        if len(stats.failures) < 50:
            stats.failures.append(Failure(item.kind, what, argv, problem[1], item.data))


def _judge(o: Outcome, slow: float) -> tuple[str, str] | None:
    if o.traceback or "Traceback (most recent call last)" in o.stderr + o.stdout:
        return "traceback", (o.traceback or o.stderr)[-3000:]
    if o.hung or o.cpu > slow:
        return "hang", f"{o.cpu:.1f} s of CPU, {o.seconds:.1f} s wall clock"
    if o.signal is not None:
        return "crash", f"signal {o.signal} ({signal.Signals(o.signal).name})"
    if o.code not in (0, 1, 2):
        return "crash", f"exit code {o.code}"
    return None


# What `casebook check --format github` may print: one annotation a line, properties escaped (no
# raw ':' or ',' in a value), nothing that ends a line but LF.
_ANNOTATION_RE = re.compile(
    r"::(?:error|warning|notice) file=[^,:\r\n]*,line=\d+,col=\d+,title=[^,:\r\n]*::[^\r\n]*"
)
# Control characters a terminal acts on (escape sequences, carriage return, backspace...).
_RAW_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def injection(argv: list[str], out: str, err: str) -> str:
    """Why the output of a check could act as something other than text, or "".

    The runner of a GitHub workflow reads every line of a step's output (stdout and stderr) that
    starts with "::" as a command, and a terminal acts on control characters.  So the check's
    output in the github format is annotations and nothing else, in the other formats no line
    starts a workflow command and no control character is printed raw, and JSON parses.  Only the
    check is judged: it is what CI runs on a contributor's files; `import --dry-run` prints the
    contributor's own text back to them.
    """
    if not argv or argv[0] != "check":
        return ""
    fmt = argv[argv.index("--format") + 1] if "--format" in argv else "text"
    for name, text in (("stderr", err), ("stdout", out)):
        for line in re.split(r"[\r\n]", text):
            if line.startswith("::") and not (
                name == "stdout" and fmt == "github" and _ANNOTATION_RE.fullmatch(line)
            ):
                return f"{name} line starts a workflow command: {line[:300]!r}"
    if fmt == "github":
        for line in out.split("\n"):
            if line and not _ANNOTATION_RE.fullmatch(line):
                return f"stdout line is not one escaped annotation: {line[:300]!r}"
    else:
        m = _RAW_CONTROL_RE.search(out)
        if m:
            return f"raw control character {m.group(0)!r} in stdout: {out[max(0, m.start() - 100) : m.end() + 100]!r}"
    if fmt == "json" and "--fix" not in argv:
        try:
            json.loads(out)
        except ValueError as e:
            return f"--format json output does not parse: {e}; {out[:300]!r}"
    return ""


def _changed(a: dict[str, str], b: dict[str, str]) -> list[str]:
    return sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))[:10]


def save(failures: list[Failure], where: Path) -> None:
    for n, f in enumerate(failures):
        d = where / f"{n:03d}-{f.what}-{f.kind.replace('.', '-')}"
        d.mkdir(parents=True, exist_ok=True)
        (d / "input").write_bytes(f.data)
        (d / "README.txt").write_text(
            f"kind: {f.kind}\nwhat: {f.what}\ncommand: casebook {' '.join(f.argv)}\n\n{f.detail}\n", "utf-8"
        )


def batches(total: int, size: int, seed: int) -> Iterator[tuple[int, int]]:
    start = 0
    while start < total:
        yield seed * 1_000_003 + start, min(size, total - start)
        start += size


def run(
    total: int,
    jobs: int,
    seed: int,
    slow: float,
    progress: Callable[[Stats], None] | None = None,
    timeout: float = 30.0,
    minutes: float | None = None,
) -> Stats:
    """`total` inputs in batches of 250; with `minutes`, no batch starts after that long (on a
    shared machine the inputs that fit in the time are the run, and the figures say how many)."""
    stats = Stats()
    size = 250
    deadline = time.monotonic() + minutes * 60 if minutes else None
    if jobs <= 1:
        for s, n in batches(total, size, seed):
            if deadline is not None and time.monotonic() > deadline:
                break
            stats.add(fuzz_batch(s, n, slow, KINDS, timeout))
            if progress:
                progress(stats)
        return stats
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as ex:
        futures = [ex.submit(fuzz_batch, s, n, slow, KINDS, timeout) for s, n in batches(total, size, seed)]
        for fut in futures:
            if deadline is not None and time.monotonic() > deadline:
                for later in futures:
                    later.cancel()  # batches not started yet; the running ones finish
            if fut.cancelled():
                continue
            stats.add(fut.result())
            if progress:
                progress(stats)
    return stats


def warm_up() -> None:
    """Run each command once in this process, so that every forked child starts with the modules
    imported and the schema, converters and dictionaries built (50 ms a run instead of 500)."""
    from casebook import cli

    # argparse asks gettext for a translation of every help text, and gettext looks for catalogue
    # files on disk each time unless the language is C: a third of a check's CPU time, not ours.
    os.environ["LANGUAGE"] = "C"
    with tempfile.TemporaryDirectory(prefix="casebook-fuzz-warm-") as tmp:
        root = make_library(Path(tmp))
        shutil.copy(sorted((ROOT / "tests" / "fixtures" / "import").glob("*.txt"))[0], root / "source.txt")
        sink = io.StringIO()
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            for argv in (
                ["check", "--root", str(root)],
                ["tables", "--root", str(root), "--format", "json"],
                ["import", str(root / "source.txt"), "--dry-run"],
            ):
                cwd = os.getcwd()
                try:
                    os.chdir(root)
                    cli.main(argv)
                finally:
                    os.chdir(cwd)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=1000, help="how many mutated inputs to try")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (the machine has two cores)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (a run is reproducible)")
    parser.add_argument(
        "--slow", type=float, default=5.0, help="seconds after which an input counts as a hang"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=30.0,
        help="wall-clock seconds one input may take before it is killed and run again alone",
    )
    parser.add_argument(
        "--minutes", type=float, default=None, help="start no batch of inputs after this many minutes"
    )
    parser.add_argument("--save", type=Path, default=None, help="folder for failing inputs")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures as JSON")
    args = parser.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    warm_up()
    start = time.perf_counter()
    last = [0.0]

    def progress(s: Stats) -> None:
        now = time.perf_counter()
        if now - last[0] > 30:
            last[0] = now
            print(f"  {s.inputs} inputs, {s.found} found, {now - start:.0f} s", file=sys.stderr, flush=True)

    stats = run(args.inputs, args.jobs, args.seed, args.slow, progress, args.timeout, args.minutes)
    seconds = time.perf_counter() - start
    figures = {
        "inputs": stats.inputs,
        "runs": stats.runs,
        "by_kind": stats.by_kind,
        "tracebacks": stats.tracebacks,
        "hangs": stats.hangs,
        "crashes": stats.crashes,
        "modified_without_fix": stats.modified,
        "injections": stats.injections,
        "median_cpu_seconds": round(stats.percentile(0.5), 3),
        "p99_cpu_seconds": round(stats.percentile(0.99), 3),
        "slowest_cpu_seconds": round(stats.slowest, 2),
        "slowest_wall_seconds": round(stats.slowest_wall, 2),
        "requested": args.inputs,
        "seconds": round(seconds, 1),
        "jobs": args.jobs,
        "seed": args.seed,
    }
    print(f"inputs tried: {stats.inputs} ({', '.join(f'{k} {v}' for k, v in sorted(stats.by_kind.items()))})")
    if stats.inputs < args.inputs:
        print(f"  (of {args.inputs} asked for: no batch started after {args.minutes:g} minutes)")
    print(f"command runs: {stats.runs}")
    print(f"tracebacks: {stats.tracebacks}")
    print(f"hangs (over {args.slow:g} s of CPU, or killed after the wall-clock timeout): {stats.hangs}")
    print(f"crashes (signals): {stats.crashes}")
    print(f"files modified without --fix: {stats.modified}")
    print(
        f"output injections (workflow commands, raw control characters, JSON that does not parse): {stats.injections}"
    )
    print(
        f"CPU time per run: median {stats.percentile(0.5):.3f} s, 99th percentile {stats.percentile(0.99):.3f} s, "
        f"max {stats.slowest:.2f} s ({stats.slowest_wall:.2f} s wall clock at most)"
    )
    print(f"total {seconds:.0f} s with {args.jobs} job(s)")
    for f in stats.failures[:10]:
        first = f.detail.strip().splitlines()[-1] if f.detail.strip() else ""
        print(f"  {f.what} ({f.kind}): casebook {' '.join(f.argv[:1])} … {first[:200]}")
    if args.save and stats.failures:
        save(stats.failures, args.save)
        print(f"failing inputs saved under {args.save}")
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=2), "utf-8")
    with contextlib.suppress(BrokenPipeError):
        sys.stdout.flush()
    return 1 if stats.found else 0


if __name__ == "__main__":
    sys.exit(main())
