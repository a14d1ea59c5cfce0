"""The controlled vocabulary: one file of tags, each with an ASCII id, a label and aliases.

Cases name tags by their Chinese label; aliases (Traditional forms, variant names) exist so that
the importer can recognise a practice under any of its names and the validator can say which
label was meant.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from casebook.text.chinese import to_simplified

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

    @classmethod
    def from_data(cls, data: Any) -> Vocabulary:
        vocab = cls({c: {} for c in CATEGORIES})
        if not isinstance(data, dict):
            return vocab
        for category in CATEGORIES:
            entries = data.get(category) or []
            for i, entry in enumerate(entries if isinstance(entries, list) else []):
                if not isinstance(entry, dict) or "label" not in entry:
                    continue
                line = entries.lc.item(i)[0] + 1 if hasattr(entries, "lc") else 0
                term = Term(
                    category,
                    str(entry.get("id", "")),
                    str(entry["label"]),
                    str(entry.get("definition", "")),
                    tuple(str(a) for a in entry.get("aliases") or []),
                    line,
                )
                vocab.terms[category].setdefault(term.label, term)
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
        """(line, message) for duplicate ids, labels or aliases within a category."""
        out: list[tuple[int, str]] = []
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
