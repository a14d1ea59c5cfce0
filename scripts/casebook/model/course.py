"""Course manifests (courses/<id>.yml) → validated Course records, with positioned Chinese problems.

A trainer writes the manifest by hand, so it gets the same treatment as a case: a JSON Schema
(schema/course.schema.json) for the shape, the case validator's message style for every finding,
and checks a schema cannot make (the case ids must exist, the reading order must name the
session's own cases).  `casebook check` and `casebook export` both go through `load_course`, so a
course that checks clean is a course that exports.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from casebook.model.ids import ID_RE
from casebook.model.library import Library, case_dirs
from casebook.schemas import course_schema
from casebook.text.chinese import CJK
from casebook.validate.case import _dedupe, _leaves, _schema_problem, text_problems_yaml
from casebook.validate.problems import ERROR, NOTE, Problem, display_path
from casebook.validate.yamlio import load_yaml, plain, position, read_text

COURSES_DIR = "courses"
# Rule ids for course findings (the case rules keep their numbers; these sit beside them).
UNKNOWN_CASE = "CB241"
BAD_READING_ORDER = "CB242"
NO_COURSE = "CB243"


@dataclass
class Session:
    number: int  # 1-based, as trainers count 第一讲, 第二讲
    title: str
    cases: list[str]
    questions: list[str]
    hours: float | None = None
    summary: str = ""
    # (case id, focus) in the order to read; cases the manifest left out follow in listed order.
    reading: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Course:
    id: str
    path: Path
    shown: str
    data: dict[str, Any]
    sessions: list[Session]

    @property
    def title(self) -> str:
        return str(self.data["title"])

    @property
    def case_ids(self) -> list[str]:
        """Every case of the course once, in the order a trainee first meets it."""
        seen: list[str] = []
        for s in self.sessions:
            seen += [c for c, _ in s.reading if c not in seen]
        return seen


def course_files(root: Path) -> list[Path]:
    folder = root / COURSES_DIR
    return sorted(p for p in folder.glob("*.yml") if p.is_file()) if folder.is_dir() else []


def resolve_course(root: Path, ref: str) -> tuple[Path | None, list[Problem]]:
    """A course named by id (courses/<id>.yml) or by path; a Problem listing the choices if neither."""
    as_path = Path(ref)
    if as_path.suffix in (".yml", ".yaml") and as_path.is_file():
        return as_path.resolve(), []
    by_id = root / COURSES_DIR / f"{ref}.yml"
    if ID_RE.fullmatch(ref) and by_id.is_file():
        return by_id, []
    known = [p.stem for p in course_files(root)]
    close = difflib.get_close_matches(ref, known, n=1, cutoff=0.5)
    if close:
        fix = f"是不是想写“{close[0]}”？"
    elif known:
        fix = "已有的课程：" + "、".join(known)
    else:
        fix = f"在 {COURSES_DIR}/ 下新建 <课程编号>.yml（格式见 schema/course.schema.json）"
    shown = ref if as_path.suffix in (".yml", ".yaml") else f"{COURSES_DIR}/{ref}.yml"
    return None, [Problem(shown, 1, 1, NO_COURSE, f"找不到课程“{ref}”", fix)]


def known_case_ids(root: Path) -> set[str]:
    """Ids of every case folder, valid or not: a course naming a broken case is the case's problem."""
    return {d.name for d in case_dirs(root) if d.is_dir()}


def load_course(path: Path, root: Path, lib: Library) -> tuple[Course | None, list[Problem]]:
    """Validate one manifest; the Course is None whenever an error was found."""
    shown = display_path(path, root)
    tf = read_text(path, shown, root)
    if tf.text is None:
        return None, tf.problems
    node = load_yaml(tf)
    problems = list(tf.problems)
    if node is None:
        return None, problems
    if not isinstance(node, dict):
        problems.append(
            Problem(
                shown,
                1,
                1,
                "CB115",
                "课程文件的顶层不是“字段: 值”映射",
                "按 schema/course.schema.json 写 id、title、audience 等字段",
            )
        )
        return None, problems
    data = _join_folded(plain(node))
    problems += _case_reference_problems(node, data, shown, root, lib)
    taken = {(p.line, p.col) for p in problems}
    for err in sorted(
        Draft202012Validator(course_schema()).iter_errors(data), key=lambda e: list(map(str, e.absolute_path))
    ):
        for leaf in _leaves(err):
            found = _schema_problem(node, leaf, shown, draft=False)
            # A case reference already explained above (e.g. a name instead of an id) is not
            # explained twice by the schema's bare "format" message.
            if not (found.rule == "CB205" and (found.line, found.col) in taken):
                problems.append(replace(found, message=_course_words(found.message)))
    course_id = data.get("id")
    if isinstance(course_id, str) and ID_RE.fullmatch(course_id) and course_id != path.stem:
        line, col = position(node, ("id",))
        problems.append(
            Problem(
                shown,
                line,
                col,
                "CB211",
                f"id 是“{course_id}”，文件名是“{path.name}”",
                f"把 id 改成“{path.stem}”，或把文件改名为 {course_id}.yml",
            )
        )
    problems += text_problems_yaml(node, shown)
    problems = sorted(_dedupe(problems), key=lambda p: (p.line, p.col))
    if any(p.level == ERROR for p in problems):
        return None, problems
    return Course(path.stem, path, shown, data, _sessions(data)), problems


_FOLD_RE = re.compile(f"(?<=[{CJK}])\\s+(?=[{CJK}])")


def _join_folded(value: Any) -> Any:
    """A folded YAML block (`>-`) joins lines with a space, which Chinese text must not have."""
    if isinstance(value, dict):
        return {k: _join_folded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_join_folded(v) for v in value]
    return _FOLD_RE.sub("", value) if isinstance(value, str) else value


def _course_words(message: str) -> str:
    # The case validator names the whole document "案例"; here it is a course.
    return message.replace("案例 缺少字段", "课程 缺少字段").replace("案例 里有未知字段", "课程 里有未知字段")


def _sessions(data: dict[str, Any]) -> list[Session]:
    out: list[Session] = []
    for i, s in enumerate(data["sessions"], 1):
        reading: list[tuple[str, str]] = []
        for item in s.get("reading_order") or []:
            case, focus = (item, "") if isinstance(item, str) else (item["case"], item.get("focus", ""))
            reading.append((case, focus))
        reading += [(c, "") for c in s["cases"] if c not in {r for r, _ in reading}]
        out.append(
            Session(
                i,
                s["title"],
                list(s["cases"]),
                list(s["questions"]),
                s.get("hours"),
                s.get("summary", ""),
                reading,
            )
        )
    return out


def _case_reference_problems(
    node: Any, data: dict[str, Any], shown: str, root: Path, lib: Library
) -> list[Problem]:
    known = known_case_ids(root)
    by_name = {c.name: c.id for c in lib.cases}
    out: list[Problem] = []

    def unknown(value: Any, path: tuple[Any, ...], where: str) -> bool:
        if not isinstance(value, str) or value in known:
            return False
        line, col = position(node, path)
        if value in by_name:
            fix = f"这里写案例编号，不写社区名称：改为“{by_name[value]}”"
        else:
            close = difflib.get_close_matches(value, sorted(known), n=3, cutoff=0.5)
            fix = (
                ("是不是想写“" + "”或“".join(close) + "”？")
                if close
                else "案例编号是 cases/ 下的目录名，运行 casebook check 可列出全部案例"
            )
        out.append(Problem(shown, line, col, UNKNOWN_CASE, f"{where}的案例“{value}”不存在", fix))
        return True

    sessions = data.get("sessions")
    for i, s in enumerate(sessions if isinstance(sessions, list) else []):
        if not isinstance(s, dict):
            continue
        where = f"第 {i + 1} 讲"
        listed = s.get("cases")
        cases = listed if isinstance(listed, list) else []
        for j, c in enumerate(cases):
            if not unknown(c, ("sessions", i, "cases", j), where) and isinstance(c, str):
                case = lib.get(c)
                if case is not None and case.is_draft:
                    line, col = position(node, ("sessions", i, "cases", j))
                    out.append(
                        Problem(
                            shown,
                            line,
                            col,
                            "CB401",
                            f"{where}用了未审核的草稿案例“{c}”",
                            "课程包里这个案例会标为草稿；审核后再用于正式培训",
                            NOTE,
                        )
                    )
        given = s.get("reading_order")
        order = given if isinstance(given, list) else []
        for j, item in enumerate(order):
            ref, path = (
                (item, ("sessions", i, "reading_order", j))
                if isinstance(item, str)
                else (
                    item.get("case") if isinstance(item, dict) else None,
                    ("sessions", i, "reading_order", j, "case"),
                )
            )
            if not isinstance(ref, str) or unknown(ref, path, f"{where}阅读顺序里"):
                continue
            if ref not in cases:
                line, col = position(node, path)
                out.append(
                    Problem(
                        shown,
                        line,
                        col,
                        BAD_READING_ORDER,
                        f"{where}的阅读顺序里有“{ref}”，但它不在这一讲的 cases 里",
                        "先在 cases 里列出这个案例，或从阅读顺序中删去",
                    )
                )
    return out


def check_courses(root: Path, lib: Library) -> tuple[int, list[Problem]]:
    """(number of course files, problems) for `casebook check`."""
    files = course_files(root)
    problems: list[Problem] = []
    for path in files:
        problems += load_course(path, root, lib)[1]
    return len(files), problems
