"""The sixteen YAML mistakes people make typing case.yml by hand, as `casebook check` explains them.

Each fixture under tests/fixtures/check/ holds one mistake (its expect.txt names the rule, the line
and words the message must contain).  Here the message is held to what a contributor needs: it is
on the line where the mistake is (not the line where the parser gave up), in Chinese with none of
the parser's English, and its fix says what to type, usually the corrected line itself.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from casebook import cli
from casebook.validate.prescan import Finding, scan

FIXTURES = Path(__file__).parent / "fixtures" / "check"

# mistake → fixture folder
MISTAKES = {
    "full-width colon after a field name": "yaml-fullwidth-colon",
    "no space after the colon": "yaml-no-space-after-colon",
    "value starting with @": "yaml-value-at",
    "value starting with *": "yaml-value-star",
    "value starting with &": "yaml-value-ampersand",
    "value starting with !": "yaml-value-bang",
    "value starting with %": "yaml-value-percent",
    "value starting with `": "yaml-value-backtick",
    "value starting with |": "yaml-value-pipe",
    "value starting with >": "yaml-value-greater",
    "text after a closing quote": "yaml-trailing-after-quote",
    "text after a closing bracket": "yaml-trailing-after-bracket",
    "unclosed quote": "yaml-unclosed-quote",
    "unclosed [": "yaml-unclosed-bracket",
    "unclosed {": "yaml-unclosed-brace",
    "tab indentation": "tab-indent",
}
ENGLISH = re.compile(r"\b(mapping|expected|found|scanning|parsing|while|token|alias|anchor|stream)\b", re.I)


def test_there_are_sixteen_usual_mistakes() -> None:
    assert len(MISTAKES) == 16
    assert all((FIXTURES / name / "expect.txt").is_file() for name in MISTAKES.values())


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """Every mistake in one library, checked once: output lines by fixture."""
    root = tmp_path_factory.mktemp("mistakes")
    (root / "cases").mkdir()
    shutil.copy(Path(__file__).resolve().parents[1] / "cases" / "vocabulary.yml", root / "cases")
    for name in MISTAKES.values():
        shutil.copytree(FIXTURES / name, root / "cases" / name)
        (root / "cases" / name / "expect.txt").unlink()
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = cli.main(["check", "--root", str(root)])
    assert code == 1
    lines = out.getvalue().splitlines()
    return {name: [x for x in lines if x.startswith(f"cases/{name}/")] for name in MISTAKES.values()}


@pytest.mark.parametrize("mistake", list(MISTAKES))
def test_mistake_is_named_on_its_line_with_the_fix(mistake: str, checked: dict[str, list[str]]) -> None:
    name = MISTAKES[mistake]
    rule, file, line, *hints = (FIXTURES / name / "expect.txt").read_text("utf-8").split()
    errors = [x for x in checked[name] if ": 错误: " in x]
    assert errors, f"{mistake}: nothing reported"
    first = errors[0]
    assert first.startswith(f"cases/{name}/{file}:{line}:"), (mistake, first)
    assert first.endswith(f"[{rule}]"), first
    _message, _, fix = first.partition("（")
    assert fix, f"{mistake}: no fix in {first}"
    assert not ENGLISH.search(first), f"{mistake}: parser English in {first}"
    for word in hints:
        assert word in first, (mistake, word, first)


def first_finding(name: str) -> tuple[str, Finding]:
    text = (FIXTURES / name / "case.yml").read_text("utf-8")
    return text, next(f for f in scan(text) if f.rule in ("CB111", "CB112"))


TYPED = [m for m in MISTAKES if re.search(r"写成 [A-Za-z_]+: ", first_finding(MISTAKES[m])[1].fix)]


def test_most_fixes_spell_out_the_line_to_type() -> None:
    assert len(TYPED) >= 12, TYPED


@pytest.mark.parametrize("mistake", TYPED)
def test_the_suggested_line_is_valid_yaml(mistake: str) -> None:
    """Where the fix spells out the line to type ("写成 key: value"), typing it removes the finding."""
    text, f = first_finding(MISTAKES[mistake])
    m = re.search(r"写成 ([A-Za-z_]+: .+?)(?:，或|$)", f.fix)
    assert m is not None
    lines = text.split("\n")
    indent = len(lines[f.line - 1]) - len(lines[f.line - 1].lstrip(" -"))
    lines[f.line - 1] = lines[f.line - 1][:indent] + m.group(1)
    fixed = "\n".join(lines)
    assert not [g for g in scan(fixed) if g.line == f.line], (mistake, lines[f.line - 1])
    import yaml

    assert isinstance(yaml.safe_load(fixed), dict)  # and a YAML parser agrees
