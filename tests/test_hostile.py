"""Hostile and broken input: every command ends in a Chinese message, never a traceback, a crash
or a hang.

Part one replays the reproducers of issue 12 (made here, not committed: a segfaulting nesting, a
megabyte of brackets, a 90 MB case.md, a symlink loop, a vocabulary alias of the wrong type, an
annotation injection, a tracking pixel): each must exit 1 with a positioned Chinese message in
well under five seconds of CPU.  Part two puts a corpus of hostile libraries and files in front
of every command (check, new, import, build, export, tables, schema, normalize), each run in a
forked child (bench/fuzz.py's runner) so that a segfault or a hang is seen as what it is.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
HAN = re.compile(r"[\u4e00-\u9fff]")
POSITIONED = re.compile(r"^(?:(?:cases|docs|courses)/.+|mkdocs.yml):\d+:\d+: (?:错误|提示): ")


def _load_fuzz() -> ModuleType:
    spec = importlib.util.spec_from_file_location("casebook_fuzz", ROOT / "bench" / "fuzz.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("casebook_fuzz", module)
    spec.loader.exec_module(module)
    return module


fuzz = _load_fuzz()
VALID_YML = (fuzz.VALID_CASE / "case.yml").read_text("utf-8").replace("id: valid-case", f"id: {fuzz.CASE_ID}")


@pytest.fixture
def library(tmp_path: Path) -> Path:
    root: Path = fuzz.make_library(tmp_path)
    return root


def check(root: Path, *args: str) -> tuple[int, str, float, float]:
    """`casebook check` in a new process: (exit code, stdout + stderr, CPU seconds, wall seconds)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts"), "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "casebook.cli", "check", "--root", str(root), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        cwd=root,
        env=env,
    )
    assert proc.stdout is not None
    out = proc.stdout.read().decode("utf-8")
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, out, usage.ru_utime + usage.ru_stime, time.perf_counter() - start


def assert_refused(root: Path, where: str, *args: str) -> str:
    code, out, cpu, wall = check(root, *args)
    assert "Traceback" not in out, out[-3000:]
    assert code == 1, out[-3000:]
    hits = [x for x in out.splitlines() if x.startswith(where) and ": 错误: " in x]
    assert hits, (where, out[-3000:])
    assert all(POSITIONED.match(x) and HAN.search(x.split(": 错误: ", 1)[1]) for x in hits), hits
    assert cpu < 5.0, f"{cpu:.1f} s of CPU"
    assert wall < 60, f"{wall:.0f} s"
    print(f"{where}: {cpu:.2f} s CPU, {wall:.2f} s wall")
    return out


# --- part one: the reproducers of issue 12 ---------------------------------------------------------


def test_fifty_thousand_open_braces_do_not_crash(library: Path) -> None:
    text = VALID_YML + "x: " + "{a: " * 50_000
    assert 200_000 < len(text.encode()) < 1_000_000
    (library / "cases" / fuzz.CASE_ID / "case.yml").write_text(text, "utf-8")
    out = assert_refused(library, f"cases/{fuzz.CASE_ID}/case.yml:44:")
    assert "[CB117]" in out and "嵌套" in out


@pytest.mark.parametrize("depth", [1_000, 4_000, 10_000])
def test_nested_brackets_are_refused_quickly(library: Path, depth: int) -> None:
    (library / "cases" / fuzz.CASE_ID / "case.yml").write_text(
        VALID_YML + "x: " + "[" * depth + "\n", "utf-8"
    )
    assert "[CB117]" in assert_refused(library, f"cases/{fuzz.CASE_ID}/case.yml:44:")


# Nesting the parser would see but a line-by-line reading could miss: a lone CR (or YAML 1.1's NEL
# and LS) ends a comment for libyaml; a tab after "---"; a tag in front of the collections.
HIDDEN = {
    "after a comment ended by a lone CR": "# 注释\r" + "? " * 50_000,
    "after NEL": "note: 文字\x85" + "- " * 50_000,
    "after LS": "note: 文字\u2028" + "- " * 50_000,
    "after --- and a tab": "---\t" + "[" * 50_000,
    "after a byte-order mark": "x:\n\ufeff" + "- " * 50_000,
    "behind a tag": "x: !!seq " + "[" * 50_000,
    "behind a tag inside brackets": "x: [!!seq " + "[" * 50_000,
}


@pytest.mark.parametrize("how", list(HIDDEN))
def test_hidden_nesting_is_found_before_libyaml_sees_it(library: Path, how: str) -> None:
    (library / "cases" / fuzz.CASE_ID / "case.yml").write_text(VALID_YML + HIDDEN[how], "utf-8")
    out = assert_refused(library, f"cases/{fuzz.CASE_ID}/case.yml:")
    assert "[CB117]" in out or "[CB111]" in out, out


def test_megabyte_of_brackets_is_refused_by_size(library: Path) -> None:
    (library / "cases" / fuzz.CASE_ID / "case.yml").write_text("x: " + "[" * 1_100_000, "utf-8")
    assert "[CB103]" in assert_refused(library, f"cases/{fuzz.CASE_ID}/case.yml:1:")


def test_ninety_megabyte_case_md_is_refused_without_reading_it(library: Path) -> None:
    with (library / "cases" / fuzz.CASE_ID / "case.md").open("w", encoding="utf-8") as f:
        chunk = "社区居民在这里议事。\n" * 10_000
        while f.tell() < 90_000_000:
            f.write(chunk)
    out = assert_refused(library, f"cases/{fuzz.CASE_ID}/case.md:1:")
    assert "[CB103]" in out and "90" in out


def test_symlink_loop_is_refused(library: Path) -> None:
    md = library / "cases" / fuzz.CASE_ID / "case.md"
    md.unlink()
    md.symlink_to("case.md")
    out = assert_refused(library, f"cases/{fuzz.CASE_ID}/case.md:1:")
    assert "[CB106]" in out and "循环" in out


def test_vocabulary_alias_of_the_wrong_type(library: Path) -> None:
    vocab = library / "cases" / "vocabulary.yml"
    text = vocab.read_text("utf-8")
    line = next(n for n, x in enumerate(text.splitlines(), 1) if x.strip().startswith("aliases:"))
    vocab.write_text(re.sub(r"aliases: \[[^\]]*\]", "aliases: 1.5", text, count=1), "utf-8")
    out = assert_refused(library, f"cases/vocabulary.yml:{line}:")
    assert "aliases" in out and "[CB222]" in out


def test_annotation_injection_is_escaped(library: Path) -> None:
    payload = "\r::warning file=README.md,line=1,title=INJECTED::点这里"
    yml = library / "cases" / fuzz.CASE_ID / "case.yml"
    yml.write_text(
        VALID_YML.replace("tags: [居民议事协商]", f"tags: [{json.dumps(payload, ensure_ascii=False)}]"),
        "utf-8",
    )
    code, out, _cpu, _wall = check(library, "--format", "github")
    assert code == 1 and "\r" not in out, repr(out)
    lines = out.splitlines()
    assert not [x for x in lines if x.startswith("::warning")], lines
    hit = next(x for x in lines if "INJECTED" in x)
    assert hit.startswith(f"::error file=cases/{fuzz.CASE_ID}/case.yml,line=23,") and "%0D::warning" in hit


def test_json_output_writes_del_and_c1_controls_as_escapes(library: Path) -> None:
    """Found by the 100,000-input fuzz run: a DEL character in a course file reached `check
    --format json` raw (JSON allows it); a terminal or log viewer may act on DEL and on C1
    controls such as U+009B (CSI).  They are written as \\uXXXX; Chinese stays readable."""
    payload = "议事\x7f\x9b[31m红色\u2028驿站"
    yml = library / "cases" / fuzz.CASE_ID / "case.yml"
    # YAML's own escapes, so the file is printable and the value holds the characters.
    yml.write_text(
        VALID_YML.replace("tags: [居民议事协商]", 'tags: ["议事\\x7f\\x9b[31m红色\\u2028驿站"]'), "utf-8"
    )
    code, out, _cpu, _wall = check(library, "--format", "json")
    assert code == 1
    assert not re.search(r"[\x7f-\x9f\u2028\u2029]", out), repr(out)
    assert "\\u007f\\u009b" in out and "红色" in out
    problems = json.loads(out)["problems"]
    assert any(payload in p["message"] for p in problems), problems


def test_tracking_pixel_in_case_and_docs_page(library: Path) -> None:
    md = library / "cases" / fuzz.CASE_ID / "case.md"
    md.write_text(md.read_text("utf-8") + "\n![](https://tracker.example.net/pixel.png)\n", "utf-8")
    line = md.read_text("utf-8").count("\n")
    (library / "docs" / "about.md").write_text('# 关于\n\n<img src="//tracker.example.net/p.gif">\n', "utf-8")
    out = assert_refused(library, f"cases/{fuzz.CASE_ID}/case.md:{line}:")
    assert "docs/about.md:3:" in out and out.count("[CB308]") == 2


# --- part two: every command against a corpus of hostile inputs ------------------------------------

Scenario = Callable[[Path], None]


def _case(root: Path) -> Path:
    return root / "cases" / fuzz.CASE_ID


def _fifo(path: Path) -> None:
    path.unlink(missing_ok=True)
    os.mkfifo(path)


def _loop(path: Path) -> None:
    path.unlink(missing_ok=True)
    path.symlink_to(path.name)


def _write(rel: str, data: bytes | str) -> Scenario:
    def apply(root: Path) -> None:
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))

    return apply


def _odd_folder(name: str | bytes) -> Scenario:
    def apply(root: Path) -> None:
        base = os.fsencode(root / "cases")
        folder = os.path.join(base, name if isinstance(name, bytes) else name.encode())
        shutil.copytree(os.fsencode(_case(root)), folder)

    return apply


CASE = f"cases/{fuzz.CASE_ID}"
SCENARIOS: dict[str, Scenario] = {
    "case.yml is a FIFO": lambda r: _fifo(_case(r) / "case.yml"),
    "case.md is a FIFO": lambda r: _fifo(_case(r) / "case.md"),
    "course is a FIFO": lambda r: _fifo(r / "courses" / f"{fuzz.COURSE_ID}.yml"),
    "docs page is a FIFO": lambda r: _fifo(r / "docs" / "index.md"),
    "case.yml loops": lambda r: _loop(_case(r) / "case.yml"),
    "course loops": lambda r: _loop(r / "courses" / f"{fuzz.COURSE_ID}.yml"),
    "case folder loops": lambda r: (r / "cases" / "loop").symlink_to("loop"),
    "docs folder link loops": lambda r: (r / "docs" / "again").symlink_to("."),
    "case.yml is a folder": lambda r: ((_case(r) / "case.yml").unlink(), (_case(r) / "case.yml").mkdir()),
    "case.md links outside": lambda r: (
        (_case(r) / "case.md").unlink(),
        (_case(r) / "case.md").symlink_to("/etc/passwd"),
    ),
    "vocabulary is a list": _write("cases/vocabulary.yml", "- 1\n- 2\n"),
    "vocabulary category is a mapping": _write(
        "cases/vocabulary.yml", "community_types: {a: 1}\nthemes: 3\n"
    ),
    "vocabulary entries of every wrong type": _write(
        "cases/vocabulary.yml",
        "community_types:\n  - 1\n  - [a]\n  - {label: [x]}\n  - {label: 老旧小区, id: 3, aliases: {a: 1}}\n"
        "  - {label: 单位型社区, definition: [1], aliases: [1, 2]}\n  - {label: 单位型社区}\n",
    ),
    "vocabulary nested 50,000 deep": _write("cases/vocabulary.yml", "themes: " + "[" * 50_000),
    "vocabulary with an alias bomb": _write(
        "cases/vocabulary.yml", "a: &a [x, x]\n" + "".join(f"a{i}: &a{i} [*a, *a]\n" for i in range(30))
    ),
    "course of every wrong type": _write(
        f"courses/{fuzz.COURSE_ID}.yml",
        f"id: [1]\ntitle: {{a: 1}}\naudience: 3\nhours: 几个\nobjectives: 1\nsessions:\n  - 1\n  - title: [x]\n"
        f"    cases: {{a: b}}\n    reading_order: [3, {{case: [1]}}, {{case: {fuzz.CASE_ID}, focus: [1]}}]\n"
        "    questions: 5\n",
    ),
    "course is not a mapping": _write(f"courses/{fuzz.COURSE_ID}.yml", "- a\n"),
    "course with tags and anchors": _write(
        f"courses/{fuzz.COURSE_ID}.yml", "id: !!python/object:os.system &x a\n"
    ),
    "case.yml is UTF-16": _write(f"{CASE}/case.yml", VALID_YML.encode("utf-16")),
    "case.yml is GBK": _write(f"{CASE}/case.yml", VALID_YML.encode("gbk")),
    "case.yml has a BOM": _write(f"{CASE}/case.yml", b"\xef\xbb\xbf" + VALID_YML.encode()),
    "case.yml is binary": _write(f"{CASE}/case.yml", bytes(range(256)) * 40),
    "case.yml is empty": _write(f"{CASE}/case.yml", b""),
    "case.md is 2 MB": _write(f"{CASE}/case.md", "社区" * 400_000),
    "case.md of brackets": _write(f"{CASE}/case.md", "](" * 300_000),
    "case.md of attribute lists": _write(f"{CASE}/case.md", "{:" * 300_000),
    "case.md of one unclosed parenthesis": _write(f"{CASE}/case.md", "(" + "中文" * 300_000),
    "case.md of image openers": _write(f"{CASE}/case.md", "![" * 300_000),
    "case.md of fences": _write(f"{CASE}/case.md", "```\n" * 200_000),
    "case.md of 20,000 headings": _write(f"{CASE}/case.md", "### 小节\n\n" * 20_000),
    "case.md of 20,000 links": _write(f"{CASE}/case.md", "[甲](https://example.org/a) " * 20_000),
    "case.md of list markers": _write(f"{CASE}/case.md", "### 背景\n\n" + "- " * 5_000 + "项\n"),
    "case.md of lists 300 deep": _write(
        f"{CASE}/case.md", "".join("    " * i + "- 项\n" for i in range(300))
    ),
    "case.yml summary of brackets": _write(
        f"{CASE}/case.yml", VALID_YML.replace("summary: 一个", "summary: " + "[" * 3_000 + "一个")
    ),
    "docs page is 2 MB": _write("docs/big.md", "文字" * 400_000),
    "docs page of remote media": _write(
        "docs/media.md",
        '<video poster="https://x.example/p.jpg"><source src="//x.example/v.mp4"></video>\n'
        '<div style="background:url(https://x.example/b.png)"></div>\n![a][p]\n\n[p]: https://x.example/r.png\n',
    ),
    "mkdocs.yml nested deep": _write("mkdocs.yml", "plugins: " + "[" * 60_000),
    "mkdocs.yml allows media wrongly": _write(
        "mkdocs.yml", "plugins:\n  - casebook:\n      allowed_media: 1.5\n"
    ),
    "folder name with a newline": _odd_folder("new\nline"),
    "folder name with a CR and colon": _odd_folder("a\r::warning file=x,line=1::y"),
    "folder name not UTF-8": _odd_folder(b"bad-\xff\xfe"),
    "folder name of 255 bytes": _odd_folder("社" * 85),
    "folder name starting with a dash": _odd_folder("--root"),
}


def _every_value_retyped(root: Path) -> None:
    """One case per field of the case schema, the field's value replaced by a value of another
    type (a number where text belongs, a list where a number belongs...)."""
    from casebook.schemas import case_schema

    schema = case_schema()
    import yaml

    base = yaml.safe_load(VALID_YML)
    paths: list[tuple[str, ...]] = []
    todo: list[tuple[tuple[str, ...], dict[str, object]]] = [((), schema)]
    while todo:
        path, node = todo.pop()
        props = node.get("properties")
        if isinstance(props, dict):
            for k, sub in props.items():
                paths.append((*path, k))
                if isinstance(sub, dict):
                    todo.append(((*path, k), sub))
                    items = sub.get("items")
                    if isinstance(items, dict):
                        todo.append(((*path, k, "0"), items))
    n = 0
    for path in paths:
        for wrong in (1.5, ["x"], {"a": 1}, None, True, "文字"):
            data = json.loads(json.dumps(base))
            cur: object = data
            for key in path[:-1]:
                if isinstance(cur, list):
                    cur = cur[0] if cur else {}
                elif isinstance(cur, dict):
                    cur = cur.setdefault(key, {})
            if isinstance(cur, list):
                cur = cur[0] if cur else {}
            if isinstance(cur, dict):
                cur[path[-1]] = wrong
            n += 1
            folder = root / "cases" / f"retyped-{n}"
            folder.mkdir()
            data["id"] = folder.name
            (folder / "case.yml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
            shutil.copy(fuzz.VALID_CASE / "case.md", folder / "case.md")
    assert n > 200


SCENARIOS["a case for every field retyped"] = _every_value_retyped

LIBRARY_COMMANDS: list[list[str]] = [
    ["check"],
    ["check", "--format", "json"],
    ["check", "--format", "github"],
    ["check", "--fix"],
    ["tables", "--format", "json"],
    ["tables", "--format", "csv"],
    ["schema", "--check"],
    ["schema"],
    ["new", "--name", "示范社区", "--province", "河南", "--city", "南阳市", "--type", "老旧小区"],
    ["new", "--name", "a\nb/../..", "--province", "\r", "--city", "%0A", "--type", "::x"],
    ["export", fuzz.COURSE_ID, "--out", "pack"],
    ["build", "--out", "site-out", "--edition", "hans"],
]


# CPU seconds a command may take on one hostile input: a check is meant to finish in a few seconds
# whatever it reads; a build or an export of a valid library takes five to ten on these machines.
BUDGET = {"build": 60.0, "export": 60.0}


def _run_all(
    root: Path, commands: list[list[str]], uid: int | None = None, scale: float = 1.0
) -> Iterator[tuple[list[str], str]]:
    """(argv, what went wrong) for every command that did not end in a message in its budget."""
    for argv in commands:
        full = [*argv[:1], "--root", str(root), *argv[1:]] if argv[0] not in ("import", "normalize") else argv
        budget = BUDGET.get(argv[0], 5.0) * scale
        # Judged by CPU time; the wall-clock bound (room for a loaded machine) ends a real hang.
        o = fuzz.run_isolated(full, root, timeout=max(60.0, 6 * budget), uid=uid)
        judged = fuzz._judge(o, budget)
        if judged is not None:
            yield argv, f"{judged[0]}: {judged[1][-1500:]}"
        elif o.code not in (0, 1, 2):
            yield argv, f"exit {o.code}"


@pytest.fixture(scope="module")
def warm() -> None:
    fuzz.warm_up()


@pytest.mark.site
@pytest.mark.parametrize("name", list(SCENARIOS))
def test_every_command_survives(name: str, tmp_path: Path, warm: None) -> None:
    root = fuzz.make_library(tmp_path)
    SCENARIOS[name](root)
    many = sum(1 for _ in (root / "cases").iterdir())  # the retyped scenario is 300 cases at once
    failures = list(_run_all(root, LIBRARY_COMMANDS, scale=max(1.0, many / 50)))
    assert not failures, failures


def test_check_names_every_hostile_scenario(tmp_path: Path, warm: None) -> None:
    """The fast part of the above (no site built): check reports each scenario with a position."""
    # Valid, or not a case folder at all (a looping link in cases/ is skipped like any other file),
    # or only odd text ("{:{:" never closed is no attribute list): these must only be quick.
    quiet = {
        "folder name of 255 bytes",
        "folder name starting with a dash",
        "docs folder link loops",
        "case folder loops",
        "case.md of attribute lists",
    }
    for name, scenario in SCENARIOS.items():
        root = fuzz.make_library(tmp_path / re.sub(r"\W", "_", name))
        scenario(root)
        o = fuzz.run_isolated(["check", "--root", str(root)], root, timeout=300)
        assert fuzz._judge(o, 5.0) is None, (name, o.traceback or o.stderr)
        if name in quiet:
            continue  # valid (or ignored) as far as the check is concerned
        assert o.code == 1, (name, o.stdout[-2000:], o.stderr[-2000:])
        problems = [x for x in o.stdout.splitlines() if ": 错误: " in x]
        assert problems and all(POSITIONED.match(x) for x in problems), (name, problems[:5])
        assert all("\r" not in x and "\n" not in x for x in problems)


SOURCES: dict[str, Scenario] = {
    "FIFO": lambda d: _fifo(d / "source.txt"),
    "folder": lambda d: (d / "source.txt").mkdir(),
    "loop": lambda d: _loop(d / "source.txt"),
    "missing": lambda d: None,
    "empty": _write("source.txt", b""),
    "binary": _write("source.txt", bytes(range(256)) * 100),
    "11 MB": _write("source.txt", "社区" * 1_900_000),
    "GBK": _write("source.txt", "云钢社区党委书记介绍：社区有居民3000户。\n".encode("gbk")),
    "UTF-16": _write("source.txt", "云钢社区有居民3000户。\n".encode("utf-16")),
    "brackets": _write("source.txt", "（" * 200_000 + "[" * 200_000),
    "pinyin annotations": _write("source.txt", "社區(qū)" * 50_000),
    "only boilerplate": _write("source.txt", "本文由转载于互联网\n" * 20_000),
    # A line of Latin letters with no Han: the foreign-text rule once backtracked exponentially on
    # it (a thousand letters ran for minutes; found by bench/fuzz.py).
    "a line of letters": _write(
        "source.txt", "金桥社区：党员中心户\n\n" + "a" * 1_000 + "\n\n社区有居民3000户。\n"
    ),
    "a line of words": _write("source.txt", "金桥社区有居民3000户。\n" + "word, " * 5_000 + "\n"),
}


@pytest.mark.parametrize("name", list(SOURCES))
def test_import_and_normalize_survive_hostile_sources(name: str, tmp_path: Path, warm: None) -> None:
    root = fuzz.make_library(tmp_path)
    SOURCES[name](root)
    src = str(root / "source.txt")
    failures = list(
        _run_all(root, [["import", src, "--dry-run"], ["import", src, "--out", "drafts"], ["normalize", src]])
    )
    assert not failures, failures


def test_unreadable_files_as_an_unprivileged_user(tmp_path: Path, warm: None) -> None:
    """As root every file is readable; the commands run as nobody, for whom permissions apply."""
    base = Path(tempfile.mkdtemp(prefix="casebook-unreadable-", dir="/tmp"))
    try:
        root = fuzz.make_library(base)
        for folder, _dirs, files in os.walk(base):
            os.chmod(folder, 0o777)
            for f in files:
                os.chmod(Path(folder) / f, 0o666)
        (_case(root) / "case.md").chmod(0)
        (root / "courses" / f"{fuzz.COURSE_ID}.yml").chmod(0)
        (root / "docs" / "index.md").chmod(0)
        uid = 65534 if os.geteuid() == 0 else None
        o = fuzz.run_isolated(["check", "--root", str(root)], root, timeout=120, uid=uid)
        assert fuzz._judge(o, 5.0) is None, o.traceback
        assert o.code == 1
        for where in (f"{CASE}/case.md:1:1:", f"courses/{fuzz.COURSE_ID}.yml:1:1:", "docs/index.md:1:1:"):
            line = next((x for x in o.stdout.splitlines() if x.startswith(where)), "")
            assert "[CB108]" in line and "权限" in line, (where, o.stdout)
        failures = list(
            _run_all(
                root, [*LIBRARY_COMMANDS[:8], ["import", str(_case(root) / "case.md"), "--dry-run"]], uid
            )
        )
        assert not failures, failures
    finally:
        for folder, _dirs, files in os.walk(base):
            os.chmod(folder, 0o755)
            for f in files:
                p = Path(folder) / f
                if not p.is_symlink():
                    p.chmod(stat.S_IRUSR | stat.S_IWUSR)
        shutil.rmtree(base, ignore_errors=True)


WRONG = [1.5, -1, True, None, "文字", [], ["x", 1], {}, {"a": [1]}]


def _paths(data: object) -> list[tuple[object, ...]]:
    """Every key and index path in a plain YAML document."""
    out: list[tuple[object, ...]] = []
    todo: list[tuple[tuple[object, ...], object]] = [((), data)]
    while todo:
        path, node = todo.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
        for k, v in items:
            out.append((*path, k))
            todo.append(((*path, k), v))
    return out


def _retyped(data: object, path: tuple[object, ...], value: object) -> object:
    copy = json.loads(json.dumps(data))
    cur = copy
    for k in path[:-1]:
        cur = cur[k]
    cur[path[-1]] = value
    return copy


def test_every_course_and_vocabulary_field_retyped(tmp_path: Path) -> None:
    """Each field of the course manifest and of a vocabulary entry, in turn, of every wrong type:
    read as the check reads them, each ends in positioned problems, never an exception."""
    import yaml

    from casebook.model.course import load_course
    from casebook.model.library import load_library, load_vocabulary

    root = fuzz.make_library(tmp_path)
    lib = load_library(root)
    course_file = root / "courses" / f"{fuzz.COURSE_ID}.yml"
    course = yaml.safe_load(course_file.read_text("utf-8"))
    vocab_file = root / "cases" / "vocabulary.yml"
    vocab = yaml.safe_load(vocab_file.read_text("utf-8"))
    vocab = {k: v[:2] for k, v in vocab.items()}  # two entries per category: every field, quickly
    tried = 0
    for target, data in ((course_file, course), (vocab_file, vocab)):
        for path in _paths(data):
            for value in WRONG:
                target.write_text(yaml.safe_dump(_retyped(data, path, value), allow_unicode=True), "utf-8")
                if target == course_file:
                    _course, problems = load_course(course_file, root, lib)
                else:
                    _vocab, problems = load_vocabulary(root)
                assert all(p.line >= 1 and p.col >= 1 and HAN.search(p.message) for p in problems), (
                    path,
                    value,
                )
                tried += 1
    assert tried > 400


def test_every_boilerplate_rule_runs_in_time_on_long_lines() -> None:
    """The importer's removal rules are regular expressions from a data file; one that backtracks
    (as foreign-text did on a thousand letters) hangs `casebook import` on an ordinary-looking
    line.  Every rule meets long lines of each kind of character in well under a second."""
    from casebook.importer import boilerplate
    from casebook.validate.reader import TimeLimit, time_limit

    pieces = [
        "a",
        "A1 ",
        "社",
        "社区",
        "：",
        "记者 ",
        "2024年",
        "第05版",
        "<a ",
        "http://",
        "，",
        " ",
        "·",
        "图为",
    ]
    lines = [p * (3_000 // len(p)) for p in pieces] + ["".join(pieces) * 100, "｜" + " " * 3_000 + "编"]
    lines += [" " * 20_000 + "x", "*" * 20_000 + "x", "<" + " " * 20_000]
    patterns = [(r.id, r.pattern) for r in boilerplate.rules()] + list(boilerplate._INLINE)
    slow = []
    for rule_id, pattern in patterns:
        for line in lines:
            try:
                with time_limit(2.0):
                    pattern.search(line)
            except TimeLimit:
                slow.append((rule_id, line[:20]))
    assert not slow, slow


def test_an_import_that_never_finishes_is_stopped_with_a_message_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last guard of `casebook import`: a drafting step that does not end (a rule that turns
    out quadratic on some text) is stopped after the time limit, the file is named, and no
    half-made case folder is left."""
    from casebook.importer import pipeline
    from casebook.importer.source import ImportFailed
    from casebook.model.library import load_vocabulary

    def endless(*args: object, **kwargs: object) -> None:
        while True:
            time.sleep(0.01)

    source = tmp_path / "来稿.txt"
    source.write_text("某某社区党委创新“三单服务”工作法。\n", "utf-8")
    out = tmp_path / "cases"
    out.mkdir()
    vocab, _ = load_vocabulary(ROOT)
    monkeypatch.setattr(pipeline, "IMPORT_SECONDS", 0.5)
    monkeypatch.setattr(pipeline, "build", endless)
    start = time.perf_counter()
    with pytest.raises(ImportFailed) as stopped:
        pipeline.import_file(source, out, vocab)
    assert time.perf_counter() - start < 5
    assert str(source) in str(stopped.value) and "超过 0.5 秒" in str(stopped.value)
    assert "没有写出任何文件" in str(stopped.value)
    assert list(out.iterdir()) == []
