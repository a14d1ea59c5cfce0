"""`casebook init`: a working empty library from the package alone, never over anything; and this
repository's copies of the files it shares with the skeleton stay the same as the skeleton's.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

import casebook
from casebook import cli, skeleton
from casebook.validate import editorschema
from casebook.validate.problems import RULES
from projects import NEW_CASE

ROOT = Path(__file__).resolve().parents[1]
SKELETON = ROOT / "scripts" / "casebook" / "skeleton" / "files"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


# --- casebook init --------------------------------------------------------------------------------


def test_init_writes_a_library_that_checks_and_takes_new_cases(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "案例库"
    code, out, _ = run(capsys, "init", str(root))
    assert code == 0 and str(root) in out and "casebook new" in out
    for rel in skeleton.files():
        assert (root / rel).is_file(), rel
    assert editorschema.is_current(root)  # schema/ for editors, from the package's schemas
    assert not list(tmp_path.glob(".*.tmp"))  # no staging folder left beside it
    code, out, _ = run(capsys, "check", "--root", str(root))
    assert code == 0 and "检查了 0 个案例：0 个错误" in out
    # From a subfolder, without --root: the library is found upwards and the case lands in cases/.
    monkeypatch.chdir(root / "docs")
    code, out, err = run(capsys, "new", *NEW_CASE)
    assert code == 0, err
    case = root / "cases" / "nanyang-yungang" / "case.yml"
    assert case.read_text("utf-8").startswith(editorschema.MODELINE)
    code, out, _ = run(capsys, "check")
    assert code == 0 and "检查了 1 个案例：0 个错误" in out


def test_title_and_version_are_filled_in(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from mkdocs.config import load_config

    title = "某市: 社区#治理案例库"  # YAML indicators must not break the config
    root = tmp_path / "lib"
    assert run(capsys, "init", str(root), "--title", title)[0] == 0
    assert load_config(str(root / "mkdocs.yml")).site_name == title
    assert (root / "docs" / "index.md").read_text("utf-8").startswith(f"# {title}\n")
    requirements = (root / "requirements.txt").read_text("utf-8")
    assert f"casebook {casebook.__version__}" in requirements
    assert "@TITLE@" not in "".join(skeleton.files(title).values())


def test_requirements_never_name_the_unrelated_pypi_casebook(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """PyPI's `casebook` is another project: CI must install this one from where it came from, or
    stop on a line that says what to write (this checkout is a local folder, so: the latter)."""
    root = tmp_path / "lib"
    code, out, _ = run(capsys, "init", str(root))
    assert code == 0
    lines = [
        line
        for line in (root / "requirements.txt").read_text("utf-8").splitlines()
        if not line.startswith("#")
    ]
    assert lines == [skeleton.UNKNOWN_SOURCE] and "requirements.txt" in out


@pytest.mark.parametrize(
    ("direct_url", "expected"),
    [
        (
            {
                "url": "https://github.com/org/casebook",
                "vcs_info": {"vcs": "git", "requested_revision": "v0.1.0", "commit_id": "abc"},
            },
            "casebook @ git+https://github.com/org/casebook@v0.1.0",
        ),
        (
            {"url": "https://github.com/org/casebook", "vcs_info": {"vcs": "git", "commit_id": "abc123"}},
            "casebook @ git+https://github.com/org/casebook@abc123",
        ),
        (
            {"url": "https://example.org/casebook-0.1.0-py3-none-any.whl", "archive_info": {}},
            "casebook @ https://example.org/casebook-0.1.0-py3-none-any.whl",
        ),
        ({"url": "file:///home/me/casebook-0.1.0-py3-none-any.whl", "archive_info": {}}, None),
        ({"url": "file:///home/me/casebook", "dir_info": {"editable": True}}, None),
        (None, None),
    ],
)
def test_requirement_follows_where_casebook_was_installed_from(
    direct_url: dict[str, Any] | None, expected: str | None
) -> None:
    assert skeleton.requirement(direct_url) == expected


@pytest.mark.parametrize("title", ["", "两行\n标题", "<script>"])
def test_a_bad_title_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str], title: str) -> None:
    code, _, err = run(capsys, "init", str(tmp_path / "lib"), "--title", title)
    assert code == 1 and "网站名称" in err
    assert not (tmp_path / "lib").exists()


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes.txt").write_text("我的笔记", "utf-8")
    before = tree(tmp_path)
    code, _, err = run(capsys, "init", str(tmp_path))
    assert code == 1 and str(tmp_path) in err and "不是空文件夹" in err
    assert tree(tmp_path) == before


@pytest.mark.parametrize("where", ["file", "under-file"])
def test_init_refuses_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str) -> None:
    blocker = tmp_path / "笔记.txt"
    blocker.write_text("x", "utf-8")
    target = blocker if where == "file" else blocker / "lib"
    code, _, err = run(capsys, "init", str(target))
    assert code == 1 and str(blocker) in err and "文件" in err and "Traceback" not in err
    assert blocker.read_text("utf-8") == "x"


def test_init_in_the_current_empty_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "init", ".")
    assert code == 0 and "cd " not in out  # already there
    assert sorted(tree(tmp_path)) == sorted(
        [*skeleton.files(), editorschema.EDITOR_SCHEMA.as_posix(), editorschema.COURSE_SCHEMA.as_posix()]
    )


@pytest.mark.parametrize("existing", [False, True])
def test_a_failed_init_leaves_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, existing: bool
) -> None:
    """Failing at the last step (the editor schemas) writes nothing, into a new or an empty folder."""

    def full(root: Path) -> list[Path]:
        raise OSError(28, "No space left on device", str(root / "schema"))

    monkeypatch.setattr(editorschema, "write", full)
    target = tmp_path / "lib"
    if existing:
        target.mkdir()
    code, _, err = run(capsys, "init", str(target))
    assert code == 1 and "磁盘已满" in err and "Traceback" not in err
    assert (not target.exists()) if not existing else list(target.iterdir()) == []
    assert list(tmp_path.iterdir()) == ([target] if existing else [])


@pytest.mark.site
def test_initialized_library_builds_both_editions(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "lib"
    assert run(capsys, "init", str(root), "--title", "某市社区治理案例库")[0] == 0
    assert run(capsys, "new", "--root", str(root), *NEW_CASE)[0] == 0
    code, out, err = run(capsys, "build", "--root", str(root))
    assert code == 0, out + err
    hans = (root / "site" / "index.html").read_text("utf-8")
    hant = (root / "site" / "zh-hant" / "index.html").read_text("utf-8")
    assert "<title>某市社区治理案例库</title>" in hans and "某市社區治理案例庫" in hant
    page = "cases/nanyang-yungang/index.html"
    assert "云钢社区" in (root / "site" / page).read_text("utf-8")
    assert "鋼社區" in (root / "site" / "zh-hant" / page).read_text("utf-8")


# --- the repository and the skeleton -------------------------------------------------------------
# This repository is a library too.  Where its files are the ones `casebook init` writes, they must
# stay the same: a change goes into scripts/casebook/skeleton/files/ and is copied here (or the
# other way round), so a new library gets every fix this one gets.

INSTALL_HERE = "python3 -m pip install -q -e ."
INSTALL_THERE = "python3 -m pip install -q -r requirements.txt"
IDENTICAL = [
    "mkdocs.zh-hant.yml",
    "cases/vocabulary.yml",
    ".github/pull_request_template.md",
    ".github/ISSUE_TEMPLATE/propose-case.yml",
    ".vscode/settings.json",
    ".vscode/extensions.json",
]


@pytest.mark.parametrize("rel", IDENTICAL)
def test_repository_file_is_the_skeletons(rel: str) -> None:
    assert (ROOT / rel).read_bytes() == (SKELETON / rel).read_bytes(), (
        f"{rel} 与 scripts/casebook/skeleton/files/{rel} 不同：两处要一起改"
    )


def test_theme_files_come_from_the_plugin_not_from_copies() -> None:
    """The language switch and the cross-script search script ship inside the casebook plugin
    (plugin/theme/), so no library holds a copy that goes stale: neither the skeleton nor this
    repository overrides them."""
    from casebook.plugin.theming import THEME_DIR

    ours = {p.relative_to(THEME_DIR).as_posix() for p in THEME_DIR.rglob("*") if p.is_file()}
    assert {"partials/alternate.html", "assets/casebook/search-fold.js"} <= ours
    for base in (ROOT / "overrides", SKELETON / "overrides"):
        copies = {p.relative_to(base).as_posix() for p in base.rglob("*") if p.is_file()}
        assert not copies & ours, f"{base} 里有插件自带主题文件的副本：{sorted(copies & ours)}"


def test_repository_site_config_is_the_skeletons_plus_its_own_pages() -> None:
    text = (ROOT / "mkdocs.yml").read_text("utf-8")
    title = re.search(r"^site_name: (.+)$", text, re.M)
    assert title
    shared = skeleton.files(title.group(1))["mkdocs.yml"]
    assert text.startswith(shared), (
        "mkdocs.yml 与 scripts/casebook/skeleton/files/mkdocs.yml 不同：两处要一起改"
    )
    extra = text[len(shared) :].splitlines()
    assert all(re.match(r"^ +- ", line) for line in extra), extra  # only this site's own nav entries


def _workflow(path: Path, here: bool) -> Any:
    text = path.read_text("utf-8")
    return YAML(typ="safe", pure=True).load(text.replace(INSTALL_THERE, INSTALL_HERE) if here else text)


@pytest.mark.parametrize("name", ["pr.yml", "pages.yml"])
def test_workflows_are_the_skeletons(name: str) -> None:
    """The skeleton's jobs run here unchanged but for the install step (this repository installs
    the package from its own source); the PR workflow adds the test job."""
    ours = _workflow(ROOT / ".github" / "workflows" / name, here=False)
    theirs = _workflow(SKELETON / ".github" / "workflows" / name, here=True)
    assert {k: v for k, v in ours.items() if k != "jobs"} == {k: v for k, v in theirs.items() if k != "jobs"}
    for job, spec in theirs["jobs"].items():
        assert ours["jobs"].get(job) == spec, f".github/workflows/{name} 的作业 {job} 与新案例库的不同"
    assert INSTALL_THERE in (SKELETON / ".github" / "workflows" / name).read_text("utf-8")


def _sections(text: str) -> dict[str, str]:
    parts = re.split(r"^## (.+)$", text, flags=re.M)
    return {"": parts[0], **{parts[i]: parts[i + 1] for i in range(1, len(parts), 2)}}


def test_contributing_is_the_skeletons_apart_from_ci() -> None:
    ours = _sections((ROOT / "CONTRIBUTING.md").read_text("utf-8"))
    theirs = _sections(
        (SKELETON / "CONTRIBUTING.md")
        .read_text("utf-8")
        .replace("python3 -m pip install -r requirements.txt", "python3 -m pip install -e .")
    )
    assert list(ours) == list(theirs)
    differ = [h for h in ours if ours[h] != theirs[h]]
    assert differ == ["六、提交拉取请求"], f"CONTRIBUTING.md 与新案例库的不同之处：{differ}"


def test_skeleton_contributing_documents_every_rule() -> None:
    text = (SKELETON / "CONTRIBUTING.md").read_text("utf-8")
    assert set(RULES) <= set(re.findall(r"^\| (CB\d{3}) \|", text, re.M))
    assert ".ci/run" not in text  # a new library has no test suite of its own
