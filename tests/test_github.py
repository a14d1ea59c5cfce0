"""The GitHub side of contributing: workflows run what .ci/run runs, forms and docs match the code.

CI is where a contributor's pull request is judged, so the PR workflow must run the very commands
of `.ci/run` (it runs the script itself), annotate `casebook check` problems on the changed lines
and build strictly; the Pages workflow must publish both editions.  The documents contributors
read (CONTRIBUTING.md, scripts/README.md, the issue form) must name the rules, commands and
choices the code actually has.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from casebook import cli
from casebook.schemas import case_schema
from casebook.validate.problems import RULES

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = ROOT / ".github" / "workflows"


def load(path: Path) -> Any:
    return YAML(typ="safe", pure=True).load(path.read_text("utf-8"))


def steps(job: dict[str, Any]) -> list[str]:
    return [str(s.get("run", "")) for s in job["steps"]]


def test_pr_workflow_runs_ci_script_check_and_strict_build() -> None:
    wf = load(WORKFLOWS / "pr.yml")
    assert "pull_request" in wf["on"]
    runs = {name: steps(job) for name, job in wf["jobs"].items()}
    every = [line for lines in runs.values() for run in lines for line in run.splitlines()]
    # The tests are exactly .ci/run, not a copy of its commands that could drift.
    assert any(line.strip() == "bash .ci/run" for line in every)
    assert not any("pytest" in line for line in every)
    check = [line for line in every if line.strip().startswith("casebook check")]
    assert check and all("--format github" in line for line in check)
    # Both editions, strictly (mkdocs.yml sets strict), as the Pages workflow publishes them.
    built = [line.strip() for line in every if line.strip().startswith("casebook build")]
    assert built and all("--edition" not in line for line in built)
    assert _strict(ROOT / "mkdocs.yml")
    assert any(line.strip() == "casebook schema --check" for line in every)


def _strict(config: Path) -> bool:
    from mkdocs.config import load_config

    return bool(load_config(str(config)).strict)


def test_pr_workflow_runs_where_ci_script_can() -> None:
    """.ci/run installs chromium with apt-get: the job must be a Debian container (root)."""
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert "apt-get" in ci and "pytest" in ci
    wf = load(WORKFLOWS / "pr.yml")
    for name, job in wf["jobs"].items():
        image = str(job.get("container", ""))
        assert re.match(r"python:3\.1[1-9]-(bookworm|trixie)", image), name
    # --changed needs the base branch's history.
    check_job = next(j for j in wf["jobs"].values() if any("--changed" in r for r in steps(j)))
    checkout = next(s for s in check_job["steps"] if str(s.get("uses", "")).startswith("actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0


def test_pages_workflow_publishes_both_editions_from_main() -> None:
    wf = load(WORKFLOWS / "pages.yml")
    assert wf["on"]["push"]["branches"] == ["main"]
    assert wf["permissions"]["pages"] == "write" and wf["permissions"]["id-token"] == "write"
    build = wf["jobs"]["build"]
    runs = steps(build)
    built = next(r for r in runs if r.strip().startswith("casebook build"))
    assert "--edition" not in built  # both editions
    out = re.search(r"--out\s+(\S+)", built)
    assert out
    upload = next(
        s for s in build["steps"] if str(s.get("uses", "")).startswith("actions/upload-pages-artifact")
    )
    assert upload["with"]["path"] == out.group(1)
    assert any(r.strip().startswith("casebook check") for r in runs[: runs.index(built)])
    deploy = wf["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert any(str(s.get("uses", "")).startswith("actions/deploy-pages") for s in deploy["steps"])


def test_issue_form_is_valid_and_offers_the_schema_provinces() -> None:
    form = load(ROOT / ".github" / "ISSUE_TEMPLATE" / "propose-case.yml")
    assert form["name"] and form["description"]
    ids = [item["id"] for item in form["body"] if "id" in item]
    assert len(ids) == len(set(ids))
    allowed = {"markdown", "input", "textarea", "dropdown", "checkboxes"}
    assert {item["type"] for item in form["body"]} <= allowed
    for item in form["body"]:
        if item["type"] != "markdown":
            assert re.search(r"[\u4e00-\u9fff]", item["attributes"]["label"]), item["id"]
    provinces = case_schema()["properties"]["location"]["properties"]["province"]["enum"]
    province = next(i for i in form["body"] if i.get("id") == "province")
    assert province["attributes"]["options"] == provinces
    required = {i["id"] for i in form["body"] if i.get("validations", {}).get("required")}
    assert {"name", "province", "city", "sources"} <= required


@pytest.mark.parametrize("doc", ["CONTRIBUTING.md", ".github/pull_request_template.md"])
def test_documents_cite_only_rules_that_exist(doc: str) -> None:
    text = (ROOT / doc).read_text("utf-8")
    cited = set(re.findall(r"\bCB\d{3}\b", text))
    assert cited <= set(RULES), cited - set(RULES)
    writing = set(re.findall(r"\bW\d{2}\b", text))
    defined = set(re.findall(r"^\| (W\d{2}) \|", (ROOT / "CONTRIBUTING.md").read_text("utf-8"), re.M))
    assert writing <= defined, writing - defined


def test_contributing_documents_every_rule() -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text("utf-8")
    table = set(re.findall(r"^\| (CB\d{3}) \|", text, re.M))
    missing = set(RULES) - table
    assert not missing, f"CONTRIBUTING.md 的规则一览缺少：{sorted(missing)}"


def test_contributing_explains_three_ways_preview_and_review() -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text("utf-8")
    for needle in ("casebook new", "casebook import", "cp -r cases/", "mkdocs serve", "## 七、审核清单"):
        assert needle in text
    assert len(re.findall(r"^- \[ \] ", text, re.M)) >= 8  # the review checklist


def test_scripts_readme_lists_every_command_and_script() -> None:
    text = (ROOT / "scripts" / "README.md").read_text("utf-8")
    for name in cli.COMMANDS:
        assert f"`casebook {name}`" in text, name
    for script in sorted((ROOT / "bench").glob("*.py")):
        assert f"`bench/{script.name}`" in text, script.name
    assert "`.ci/run`" in text
    for wf in sorted(WORKFLOWS.glob("*.yml")):
        assert f"`.github/workflows/{wf.name}`" in text, wf.name


def test_scripts_readme_maps_every_module() -> None:
    """One table maps every subpackage and module of scripts/casebook/, so a newcomer finds each."""
    text = (ROOT / "scripts" / "README.md").read_text("utf-8")
    table = text.split("## Python 模块", 1)[1]
    named = set(re.findall(r"`([^`]+)`", table))
    package = ROOT / "scripts" / "casebook"
    for path in sorted(package.rglob("*.py")):
        rel = path.relative_to(package).as_posix()
        if "skeleton/files/" in rel or path.name == "__init__.py":
            continue
        folder = rel.rsplit("/", 1)[0] if "/" in rel else ""
        assert rel in named or f"{folder}/*.py" in named, f"scripts/README.md 的模块表缺少 {rel}"
    for sub in sorted(p for p in package.iterdir() if (p / "__init__.py").is_file()):
        assert any(n.startswith(f"{sub.name}/") for n in named), f"scripts/README.md 的模块表缺少 {sub.name}/"
