"""The JSON Schemas of case.yml and of course manifests: the one definition of each format.

They ship inside the package (beside this file), so an installed casebook validates any library,
not only this repository's.  Editors cannot read package data, so `casebook schema` writes what
they need into a library's schema/ folder (casebook.validate.editorschema); edit the files here.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

CASE = "case.schema.json"
COURSE = "course.schema.json"


def source_text(name: str) -> str:
    """The text of one of the package's schema files (CASE or COURSE)."""
    return resources.files(__package__).joinpath(name).read_text("utf-8")


@functools.cache
def case_schema() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(source_text(CASE))
    return data


@functools.cache
def course_schema() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(source_text(COURSE))
    return data
