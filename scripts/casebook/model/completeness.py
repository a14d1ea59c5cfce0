"""How complete a case is: stub, partial or complete, and what it would take to reach the next level.

Drafts are welcome (a contributor may know a community's name and type and little else), so
validity and completeness are separate questions: `casebook check` can pass a stub, while readers
and CI (`--min-completeness`) need to know how much of a case is there.  The rating uses only what
is filled in, so a contributor can read the missing list and act on it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from casebook.model.case import Case, Location
from casebook.text.chinese import HAN_RE
from casebook.validate.problems import Problem

STUB, PARTIAL, COMPLETE = "stub", "partial", "complete"
LEVELS = (STUB, PARTIAL, COMPLETE)
LABELS = {STUB: "待充实", PARTIAL: "基本完整", COMPLETE: "完整"}

# A stub lacks something a reader needs to follow the case at all.
REQUIRED: dict[str, str] = {
    "summary": "一句话摘要（summary）",
    "location": "所在地（location）",
    "community_types": "社区类型（community_types）",
    "scale": "规模数字（scale）",
    "challenges": "面临的问题（challenges）",
    "practices": "做法（practices）",
    "outcomes": "成效（outcomes）",
    "lessons": "经验与启示（lessons）",
    "questions": "至少 3 道思考题（questions）",
    "sources": "资料来源（sources）",
}
MIN_NARRATIVE = 200  # Han characters: below this the narrative is a placeholder
FULL_NARRATIVE = 800  # the lower end of the 800-2000 characters CONTRIBUTING asks for


@dataclass(frozen=True)
class Rating:
    level: str
    missing: list[str] = field(default_factory=list)  # what the next level needs, in Chinese

    @property
    def label(self) -> str:
        return LABELS[self.level]

    def at_least(self, level: str) -> bool:
        return LEVELS.index(self.level) >= LEVELS.index(level)


def _filled(value: object) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, Location):
        return bool(value.place)
    if isinstance(value, tuple | dict):
        return bool(value)
    return value is not None


def rate(case: Case | Mapping[str, Any], narrative: str = "") -> Rating:
    """Rate a case from what is filled in.

    A mapping (case.yml data, with its case.md text as `narrative`) is accepted for callers that
    rate data which is not in a library (tests/test_scaffold.py); it is read through the model.
    """
    if not isinstance(case, Case):
        case = Case.from_data(case, narrative)
    han = len(HAN_RE.findall(case.narrative))
    gaps = [label for key, label in REQUIRED.items() if not _filled(getattr(case, key))]
    if 0 < len(case.questions) < 3:
        gaps.append(REQUIRED["questions"])
    if han < MIN_NARRATIVE:
        gaps.append(f"案例叙述（case.md，至少 {MIN_NARRATIVE} 字，现有 {han} 字）")
    if gaps:
        return Rating(STUB, gaps)

    wants: list[str] = []
    if han < FULL_NARRATIVE:
        wants.append(f"案例叙述写到 {FULL_NARRATIVE} 字以上（现有 {han} 字）")
    if len(case.scale) < 2:
        wants.append("规模数字至少 2 项（如户数、人口、党员）")
    if len(case.challenges) < 2:
        wants.append("面临的问题至少 2 条")
    if len(case.practices) < 2:
        wants.append("做法至少 2 个")
    if not any(o.figures for o in case.outcomes):
        wants.append("至少一条成效附上数字（figures）")
    if len(case.lessons) < 2:
        wants.append("经验与启示至少 2 条")
    if not case.location.county:
        wants.append("所在地补上县（区）（location.county）")
    return Rating(PARTIAL if wants else COMPLETE, wants)


def library_report(cases: list[Case], minimum: str | None) -> tuple[list[Problem], dict[str, Any], str]:
    """(CB402 problems below `minimum`, per-case ratings for JSON, one summary line in Chinese)."""
    problems: list[Problem] = []
    ratings: dict[str, Any] = {}
    counts = dict.fromkeys(LEVELS, 0)
    for case in cases:
        r = case.rating
        counts[r.level] += 1
        ratings[case.id] = {"level": r.level, "label": r.label, "missing": r.missing}
        if minimum and not r.at_least(minimum):
            problems.append(
                Problem(
                    case.yaml_file,
                    1,
                    1,
                    "CB402",
                    f"完整度为“{r.label}”，低于要求的“{LABELS[minimum]}”",
                    "还需要：" + "；".join(r.missing),
                )
            )
    summary = "完整度：" + "，".join(f"{LABELS[lv]} {counts[lv]} 个" for lv in reversed(LEVELS)) + "。"
    return problems, ratings, summary
