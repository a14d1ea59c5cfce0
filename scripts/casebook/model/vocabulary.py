"""The controlled vocabulary: one file of tags, each with an ASCII id, a label and aliases.

Cases name tags by their Chinese label; aliases (Traditional forms, variant names) exist so that
the importer can recognise a practice under any of its names and the validator can say which
label was meant.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casebook.text.chinese import to_simplified
from casebook.validate.problems import Problem

CATEGORIES = {
    "community_types": "社区类型",
    "challenges": "问题",
    "practices": "做法",
    "themes": "经验主题",
}


@dataclass(frozen=True)
class Term:
    category: str
    id: str
    label: str
    definition: str
    aliases: tuple[str, ...] = ()
    line: int = 0


@dataclass
class Vocabulary:
    terms: dict[str, dict[str, Term]] = field(default_factory=dict)  # category → label → term
    # (line, message) for entries that could not be read as terms (wrong types, duplicate labels):
    # kept for CB222, since a term that was dropped cannot be reported later.
    issues: list[tuple[int, str]] = field(default_factory=list)

    @classmethod
    def from_data(cls, data: Any) -> Vocabulary:
        """Terms from the read vocabulary file; every entry that is not a term is an issue."""
        from casebook.validate.yamlio import position

        vocab = cls({c: {} for c in CATEGORIES})
        if data is None:
            return vocab
        if not isinstance(data, dict):
            vocab.issues.append((1, "词表的顶层应是“类别: 词条列表”，类别为 " + "、".join(CATEGORIES)))
            return vocab
        for category, name in CATEGORIES.items():
            entries = data.get(category)
            if entries is None:
                continue
            if not isinstance(entries, list):
                line = position(data, (category,))[0]
                vocab.issues.append((line, f"{name}（{category}）应是词条列表，每项以“- id: …”开头"))
                continue
            for i, entry in enumerate(entries):
                term, problem = _term(
                    category, entry, lambda *sub, i=i, c=category: position(data, (c, i, *sub))[0]
                )
                if term is None:
                    vocab.issues.append(problem)
                    continue
                first = vocab.terms[category].get(term.label)
                if first is not None:
                    vocab.issues.append(
                        (term.line, f"{name}词条“{term.label}”重复（第一次出现在第 {first.line} 行）")
                    )
                    continue
                vocab.terms[category][term.label] = term
        return vocab

    def get(self, category: str, label: str) -> Term | None:
        return self.terms.get(category, {}).get(label)

    def by_id(self, category: str, term_id: str) -> Term | None:
        return next((t for t in self.terms.get(category, {}).values() if t.id == term_id), None)

    def all(self, category: str) -> list[Term]:
        return list(self.terms.get(category, {}).values())

    def resolve(self, category: str, name: str) -> Term | None:
        """Label for a name given as label, alias or Traditional form."""
        name = name.strip()
        for candidate in (name, to_simplified(name)):
            if candidate in self.terms.get(category, {}):
                return self.terms[category][candidate]
            for term in self.terms.get(category, {}).values():
                if candidate in term.aliases:
                    return term
        return None

    def suggest(self, category: str, name: str) -> list[str]:
        """Did-you-mean labels: alias hits first, then close labels/aliases by string similarity."""
        hit = self.resolve(category, name)
        if hit:
            return [hit.label]
        names: dict[str, str] = {}
        for term in self.terms.get(category, {}).values():
            names[term.label] = term.label
            for alias in term.aliases:
                names.setdefault(alias, term.label)
        close = difflib.get_close_matches(to_simplified(name), list(names), n=5, cutoff=0.4)
        contains = [n for n in names if name and (name in n or n in name)]
        out: list[str] = []
        for n in contains + close:
            if names[n] not in out:
                out.append(names[n])
        return out[:3]

    def problems(self) -> list[tuple[int, str]]:
        """(line, message) for entries that are not terms and duplicate ids, labels or aliases."""
        out: list[tuple[int, str]] = list(self.issues)
        for category in CATEGORIES:
            seen: dict[str, str] = {}
            ids: set[str] = set()
            for term in self.terms.get(category, {}).values():
                if term.id in ids or not term.id:
                    out.append((term.line, f"{CATEGORIES[category]}词条“{term.label}”的 id 为空或重复"))
                ids.add(term.id)
                for name in (term.label, *term.aliases):
                    if name in seen and seen[name] != term.label:
                        out.append((term.line, f"“{name}”同时是“{seen[name]}”和“{term.label}”的名称或别名"))
                    seen[name] = term.label
        return out


def _term(category: str, entry: Any, at: Callable[..., int]) -> tuple[Term | None, tuple[int, str]]:
    """A Term, or None and the (line, message) saying which field is wrong and what it should be."""
    name = CATEGORIES[category]
    line = at()
    if not isinstance(entry, dict):
        return None, (line, f"{name}词条应是“字段: 值”映射（id、label、definition、aliases）")
    label = entry.get("label")
    if not isinstance(label, str) or not label.strip():
        return None, (at("label"), f"{name}词条缺少 label，或 label 不是文字")
    term_id = entry.get("id", "")
    if not isinstance(term_id, str):
        return None, (at("id"), f"{name}词条“{label}”的 id 应是文字（小写字母、数字和连字符）")
    definition = entry.get("definition", "")
    if not isinstance(definition, str | None):
        return None, (at("definition"), f"{name}词条“{label}”的 definition 应是一句话")
    aliases = entry.get("aliases") or []
    if isinstance(aliases, str):
        aliases = [aliases]
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        return None, (
            at("aliases"),
            f"{name}词条“{label}”的 aliases 应是文字列表，如 aliases: [别名一, 别名二]",
        )
    return Term(category, term_id, label, definition or "", tuple(aliases), line), (line, "")


def read_vocabulary(path: Path, shown: str, root: Path) -> tuple[Vocabulary, list[Problem]]:
    """The vocabulary file through the one safe reader, every finding as a CB222 (or reading) problem."""
    from casebook.validate.reader import TimeLimit, read_text, time_limit, timeout_problem
    from casebook.validate.yamlio import load_yaml

    try:
        with time_limit():
            tf = read_text(path, shown, root)
            data = load_yaml(tf) if tf.text is not None else None
            vocab = Vocabulary.from_data(data)
    except TimeLimit:
        return Vocabulary.from_data(None), [timeout_problem(shown)]
    problems = list(tf.problems)
    shapes = set(vocab.issues)
    for line, msg in sorted(vocab.problems()):
        fix = _SHAPE_FIX if (line, msg) in shapes and "重复" not in msg else ""
        problems.append(Problem(shown, line, 1, "CB222", msg, fix))
    return vocab, problems


_SHAPE_FIX = "每个词条写 id（小写字母、数字、连字符）、label 和 definition（文字），aliases 写成文字列表，格式见词表开头的说明"
