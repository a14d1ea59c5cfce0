"""`casebook build` builds the two editions at once on a machine with two cores (forked children):
the site must be the same as one built edition after edition, and a failure in either child must
reach the reader as the one-process build reports it, with the previous site untouched."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from casebook.devtools.synth import write_library

pytestmark = pytest.mark.site


def build(project: Path, out: Path, jobs: int) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "casebook.cli", "build", "--root", str(project), "--out", str(out)]
    return subprocess.run([*command, "--jobs", str(jobs)], capture_output=True, text=True, timeout=600)


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_both_editions_built_at_once_give_the_same_site_as_one_after_the_other(tmp_path: Path) -> None:
    project = tmp_path / "library"
    write_library(project, 6, 3)
    one, two = tmp_path / "one", tmp_path / "two"
    first = build(project, one, 1)
    assert first.returncode == 0, first.stderr
    second = build(project, two, 2)
    assert second.returncode == 0, second.stderr
    # Both editions are reported, each with its own time.
    assert "简体中文：" in second.stdout and "繁體中文：" in second.stdout
    a, b = tree(one), tree(two)
    assert sorted(a) == sorted(b)
    differ = [name for name in a if a[name] != b[name]]
    assert differ == []
    assert "zh-hant/index.html" in b and "pagefind/pagefind.js" in b and "zh-hant/pagefind/pagefind.js" in b
    # Nothing is left beside the site: the Traditional edition's own staging folder was moved in.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["library", "one", "two"]


def test_a_failing_edition_of_a_forked_build_is_reported_in_chinese_and_the_old_site_stays(
    tmp_path: Path,
) -> None:
    project = tmp_path / "library"
    write_library(project, 4, 5)
    out = tmp_path / "site"
    assert build(project, out, 2).returncode == 0
    before = tree(out)
    # A nav entry that names no page: MkDocs warns, and strict mode stops the Traditional edition.
    config = project / "mkdocs.zh-hant.yml"
    config.write_text(
        config.read_text("utf-8") + "nav:\n  - 首頁: index.md\n  - 不存在: no-such-page.md\n", "utf-8"
    )
    result = build(project, out, 2)
    assert result.returncode == 1
    assert "繁體中文版构建中止：严格模式下有" in result.stderr, result.stderr
    # The child's own log reaches the terminal: MkDocs's warning names the missing page.
    assert "no-such-page.md" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["library", "site"]
