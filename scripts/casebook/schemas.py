"""The JSON Schemas of case.yml and of course manifests: the one definition of each format."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

# casebook runs from a checkout (editable install): the schemas live beside the cases.
_SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schema"


@functools.cache
def case_schema() -> dict[str, Any]:
    return json.loads((_SCHEMA_DIR / "case.schema.json").read_text("utf-8"))


@functools.cache
def course_schema() -> dict[str, Any]:
    return json.loads((_SCHEMA_DIR / "course.schema.json").read_text("utf-8"))
