"""The built wheel is the whole tool: installed into a fresh venv, with no checkout of this
repository in sight, it starts a library and runs every step a new organization takes
(`casebook init`, `new`, `check`, `build`, `export`, `serve`), and refuses bad input in Chinese.

The venv sees the system's site-packages (so MkDocs, jieba... need no download), but casebook
itself must come from the wheel: the commands run from an empty folder with PYTHONPATH unset, and
the test checks where `casebook` is imported from.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from projects import COURSE, NEW_CASE

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "scripts" / "casebook"
HAN = re.compile(r"[\u4e00-\u9fff]")

pytestmark = pytest.mark.site
# The system's site-packages may hold an editable casebook of the same version: install beside it.
IGNORE = ("--ignore-installed",)


@dataclass
class Installed:
    wheel: Path
    venv: Path
    work: Path  # an empty folder outside the checkout

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
        env["PATH"] = f"{self.venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
        env["NO_MKDOCS_2_WARNING"] = "1"
        return env

    def run(
        self, *args: str, cwd: Path | None = None, prefix: tuple[str, ...] = ()
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*prefix, str(self.venv / "bin" / "casebook"), *args],
            capture_output=True,
            text=True,
            cwd=cwd or self.work,
            env=self.env(),
            timeout=600,
        )


def _build_wheel(dist: Path, tmp: Path) -> Path:
    # From a clean copy of the sources: setuptools reuses a build/ folder it finds, which could
    # carry files that no longer exist in the checkout.
    src = tmp / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    shutil.copytree(
        ROOT / "scripts", src / "scripts", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
    )
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(src)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    (wheel,) = dist.glob("casebook-*.whl")
    return wheel


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    base = tmp_path_factory.mktemp("package")
    wheel = _build_wheel(base / "dist", base)
    venv = base / "venv"
    subprocess.run(
        [sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(venv)], check=True
    )
    work = base / "work"
    work.mkdir()
    inst = Installed(wheel, venv, work)
    pip = subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--no-index",
            *IGNORE,
            str(wheel),
        ],
        capture_output=True,
        text=True,
        cwd=work,
        env=inst.env(),
        timeout=600,
    )
    assert pip.returncode == 0, pip.stdout + pip.stderr
    return inst


def test_wheel_holds_schemas_skeleton_and_data(installed: Installed) -> None:
    names = set(zipfile.ZipFile(installed.wheel).namelist())
    shipped = [
        p.relative_to(PACKAGE.parent).as_posix()
        for p in PACKAGE.rglob("*")
        if p.is_file() and p.suffix not in (".pyc",) and "__pycache__" not in p.parts
    ]
    missing = sorted(set(shipped) - names)
    assert not missing, f"wheel 里缺少：{missing}"
    for needed in (
        "casebook/schemas/case.schema.json",
        "casebook/skeleton/files/.github/workflows/pr.yml",
        "casebook/skeleton/files/.gitignore",
        "casebook/devtools/data/synth.yml",
    ):
        assert needed in names


def test_casebook_comes_from_the_wheel(installed: Installed) -> None:
    where = subprocess.run(
        [str(installed.venv / "bin" / "python"), "-c", "import casebook; print(casebook.__file__)"],
        capture_output=True,
        text=True,
        cwd=installed.work,
        env=installed.env(),
        check=True,
    ).stdout.strip()
    assert Path(where).is_relative_to(installed.venv), where


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _fetch(url: str, deadline: float) -> str:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return str(response.read().decode("utf-8"))
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


@pytest.fixture
def served(installed: Installed, library: Path) -> Iterator[tuple[int, subprocess.Popen[str]]]:
    port = _free_port()
    proc = subprocess.Popen(
        [str(installed.venv / "bin" / "casebook"), "serve", "--port", str(port)],
        cwd=library,
        env=installed.env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield port, proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


@pytest.fixture(scope="module")
def library(installed: Installed) -> Path:
    """`casebook init 案例库 && cd 案例库 && casebook new … && casebook check && casebook build`."""
    init = installed.run("init", "案例库", "--title", "某市社区治理案例库")
    assert init.returncode == 0, init.stdout + init.stderr
    root = installed.work / "案例库"
    new = installed.run("new", *NEW_CASE, cwd=root)
    assert new.returncode == 0, new.stdout + new.stderr
    check = installed.run("check", cwd=root)
    assert check.returncode == 0 and "检查了 1 个案例：0 个错误" in check.stdout, check.stdout + check.stderr
    build = installed.run("build", cwd=root)
    assert build.returncode == 0, build.stdout + build.stderr
    return root


def test_the_library_builds_both_editions(library: Path) -> None:
    page = "cases/nanyang-yungang/index.html"
    assert "云钢社区" in (library / "site" / page).read_text("utf-8")
    assert "鋼社區" in (library / "site" / "zh-hant" / page).read_text("utf-8")
    assert "某市社区治理案例库" in (library / "site" / "index.html").read_text("utf-8")


def test_a_course_exports(installed: Installed, library: Path) -> None:
    (library / "courses" / "basics.yml").write_text(COURSE, "utf-8")
    result = installed.run("export", "basics", "--out", "课程包", cwd=library)
    assert result.returncode == 0, result.stdout + result.stderr
    pack = library / "课程包"
    assert "云钢社区" in (pack / "cases" / "nanyang-yungang.html").read_text("utf-8")
    assert (pack / "handout.html").is_file() and (pack / "search" / "search_index.js").is_file()


def test_serve_shows_both_editions(served: tuple[int, subprocess.Popen[str]]) -> None:
    port, proc = served
    deadline = time.monotonic() + 180
    hans = _fetch(f"http://127.0.0.1:{port}/", deadline)
    hant = _fetch(f"http://127.0.0.1:{port}/zh-hant/", deadline)
    assert "某市社区治理案例库" in hans and "某市社區治理案例庫" in hant
    assert proc.poll() is None  # still serving
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) in (0, 130, -signal.SIGTERM)
    assert proc.stderr is not None and "Traceback" not in proc.stderr.read()


# --- refusals through the installed command ------------------------------------------------------


def _refused(result: subprocess.CompletedProcess[str], *named: str) -> None:
    assert result.returncode in (1, 2), result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert HAN.search(result.stderr), result.stderr
    for text in named:
        assert text in result.stderr, result.stderr


@pytest.mark.parametrize(
    "args",
    [["check"], ["new", *NEW_CASE], ["schema"], ["build"], ["tables"], ["export", "basics", "--out", "p"]],
)
def test_a_folder_that_is_not_a_library(installed: Installed, tmp_path: Path, args: list[str]) -> None:
    _refused(installed.run(*args, cwd=tmp_path), str(tmp_path), "cases/vocabulary.yml")
    assert list(tmp_path.iterdir()) == []


def test_missing_files(installed: Installed, library: Path) -> None:
    _refused(installed.run("import", "没有这个文件.txt", cwd=library), "没有这个文件.txt")
    _refused(installed.run("export", "没有这门课", "--out", "p", cwd=library), "没有这门课")
    _refused(installed.run("init", str(library)), str(library))  # not empty


def test_unwritable_folders(installed: Installed, library: Path) -> None:
    prefix: tuple[str, ...] = ()
    if os.geteuid() == 0:  # root writes anywhere unless it drops CAP_DAC_OVERRIDE
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("以 root 运行且没有 setpriv（util-linux），无法模拟不可写的文件夹")
        prefix = (setpriv, "--bounding-set", "-dac_override,-dac_read_search")
    locked = library / "只读"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        for args in (
            ["build", "--out", "只读/site"],
            ["init", "只读/新库"],
            ["tables", "--out", "只读/x.csv"],
        ):
            _refused(installed.run(*args, cwd=library, prefix=prefix), str(locked), "Permission denied")
    finally:
        locked.chmod(0o755)
