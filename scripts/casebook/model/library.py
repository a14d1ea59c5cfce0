"""Validated case folders → the library that pages, tables and packs read.

Validation is in casebook.validate; this module gathers what it accepts (cases whose ids do not
collide, and the vocabulary) into one Library object, turning each valid case into the case model
(model/case.py) once, so that nothing downstream reads the raw case.yml data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from casebook.model.case import Case as Case
from casebook.model.vocabulary import Vocabulary
from casebook.paths import find_root, vocabulary_path
from casebook.validate.case import validate_case
from casebook.validate.problems import ERROR, Problem, display_path
from casebook.validate.yamlio import load_yaml, read_text


@dataclass
class Library:
    root: Path
    vocab: Vocabulary
    cases: list[Case] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == ERROR]

    def get(self, case_id: str) -> Case | None:
        return next((c for c in self.cases if c.id == case_id), None)

    def in_reading_order(self) -> list[Case]:
        """The cases as every listing, table and download shows them: by province, then id."""
        return sorted(self.cases, key=lambda c: c.reading_key)


def case_dirs(root: Path, paths: list[Path] | None = None) -> list[Path]:
    """Case folders named by `paths` (folders, case files, or the cases/ folder itself)."""
    cases_dir = root / "cases"
    if not paths:
        paths = [cases_dir]
    found: list[Path] = []
    for p in paths:
        if p.is_file() and p.name in ("case.yml", "case.md"):
            found.append(p.parent)
        elif p.is_dir() and ((p / "case.yml").exists() or (p / "case.md").exists()):
            found.append(p)
        elif p.is_dir():
            found += sorted(d for d in p.iterdir() if d.is_dir() and not d.name.startswith((".", "_")))
        elif not p.exists():
            found.append(p)  # reported as missing
    out: list[Path] = []
    for d in found:
        if d not in out:
            out.append(d)
    return out


def load_vocabulary(root: Path) -> tuple[Vocabulary, list[Problem]]:
    path = vocabulary_path(root)
    shown = display_path(path, root)
    tf = read_text(path, shown, root)
    data = load_yaml(tf) if tf.text is not None else None
    problems = list(tf.problems)
    vocab = Vocabulary.from_data(data)
    problems += [Problem(shown, line, 1, "CB222", msg) for line, msg in vocab.problems()]
    return vocab, problems


def load_library(root: Path | None = None, paths: list[Path] | None = None) -> Library:
    """Load and validate cases; invalid cases are left out of `cases` and explained in `problems`."""
    root = find_root(root)
    vocab, problems = load_vocabulary(root)
    lib = Library(root, vocab, problems=problems)
    declared: dict[str, str] = {}
    for folder in case_dirs(root, paths):
        source, found = validate_case(folder, root, vocab)
        lib.problems += found
        if source is None:
            continue
        case = Case.of(source)  # the model, built once, here
        if case.id in declared:
            line, col = (1, 1)
            lib.problems.append(
                Problem(case.yaml_file, line, col, "CB212", f"编号“{case.id}”已被 {declared[case.id]} 使用")
            )
            continue
        declared[case.id] = case.yaml_file
        if not any(p.level == ERROR for p in found):
            lib.cases.append(case)
    lib.cases.sort(key=lambda c: c.id)
    return lib
