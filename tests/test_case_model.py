"""The case model (model/case.py): every field of the schema has a place in it, it writes a case
back exactly as the file gave it (what cases.json publishes), and the views pages share are right.
"""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest

from casebook.devtools.synth import write_library
from casebook.model import case as model
from casebook.model.library import case_dirs, load_library, load_vocabulary
from casebook.schemas import case_schema
from casebook.validate.case import validate_case
from sitepages import FULL_CASE, GAPS_CASE, SHAANXI_CASE, write_case

ROOT = Path(__file__).resolve().parents[1]

# Where each object of the schema lives in the model.
CLASSES: dict[str, type[model.Record]] = {
    "": model.Case,
    "location": model.Location,
    "scale.*": model.Figure,
    "figures": model.Figure,
    "challenges": model.Challenge,
    "practices": model.Practice,
    "outcomes": model.Outcome,
    "outcomes.figures": model.Figure,
    "honors": model.Honor,
    "lessons": model.Lesson,
    "sources": model.Source,
    "review": model.Review,
}


def objects(schema: dict[str, Any], defs: dict[str, Any], path: str = "") -> dict[str, list[str]]:
    """Schema path → the property names of the object found there, in the schema's order."""
    if "$ref" in schema:
        schema = defs[schema["$ref"].rsplit("/", 1)[1]]
    if schema.get("type") == "array":
        return objects(schema["items"], defs, path)
    if "properties" not in schema:
        return {}
    found = {path: list(schema["properties"])}
    if path == "scale":  # a mapping of figures, not a record of its own
        return {**found, **objects(next(iter(schema["properties"].values())), defs, "scale.*")}
    for key, sub in schema["properties"].items():
        found.update(objects(sub, defs, f"{path}.{key}".lstrip(".")))
    return found


def yaml_fields(cls: type[model.Record]) -> list[str]:
    return [f.name for f in fields(cls) if f.metadata.get("yaml", True)]


def test_every_object_of_the_schema_is_a_model_class_with_its_fields_in_order() -> None:
    schema = case_schema()
    found = objects(schema, schema["$defs"])
    assert found.pop("scale") == list(model.SCALE_LABELS)
    assert set(found) == set(CLASSES)
    for path, names in found.items():
        assert yaml_fields(CLASSES[path]) == names, path


def sources(root: Path) -> list[Any]:
    vocab, _ = load_vocabulary(root)
    out = []
    for folder in case_dirs(root):
        source, problems = validate_case(folder, root, vocab)
        assert source is not None, [p.format() for p in problems]
        out.append(source)
    return out


def same(a: Any, b: Any) -> bool:
    """Equal including the order of keys (what a reader of cases.json sees)."""
    return json.dumps(a, ensure_ascii=False) == json.dumps(b, ensure_ascii=False)


def test_the_repository_cases_are_written_back_as_their_files_give_them() -> None:
    found = sources(ROOT)
    assert len(found) >= 5
    for source in found:
        assert same(model.Case.of(source).to_dict(), source.data), source.id


def test_synthetic_test_and_draft_cases_are_written_back_unchanged(tmp_path: Path) -> None:
    root = tmp_path / "lib"
    write_library(root, 30, 11)
    for data in (GAPS_CASE, SHAANXI_CASE, FULL_CASE):
        write_case(root, data)
    # A draft may leave out required fields and give empty lists: both must survive as they are.
    draft = {k: v for k, v in FULL_CASE.items() if k not in ("summary", "location", "founded")}
    write_case(
        root, {**draft, "id": "test-draft", "aliases": [], "honors": [], "review": {"status": "draft"}}
    )
    found = sources(root)
    assert len(found) == 34
    for source in found:
        assert same(model.Case.of(source).to_dict(), source.data), source.id


@pytest.fixture
def full() -> model.Case:
    return model.Case.from_data(FULL_CASE, "正文")


def test_figures_keep_their_qualifier_and_year(full: model.Case) -> None:
    households, population = full.figure("households"), full.figure("population")
    assert households is not None and population is not None
    assert (households.text, households.dated, households.approx) == ("3200户", "3200户（2022年）", False)
    assert (population.text, population.approx, population.magnitude) == ("约1.2万人", True, 12_000)
    assert full.figure("volunteers") is None  # not given: no figure, never 0
    assert [f.text for f in full.outcome_figures] == ["120余件"]
    assert [(f.label, f.dated) for f in full.figures] == [("60岁以上老人占比", "23%（2023年）")]


def test_place_founding_and_sort_keys(full: model.Case) -> None:
    assert full.place == "浙江省湖州市示例县示例镇"
    assert (full.founded_text, full.founded_sort) == ("2003年4月", pytest.approx(2003.04))
    year_only = model.Case.from_data({**FULL_CASE, "founded": "2005"})
    assert (year_only.founded_text, year_only.founded_sort) == ("2005年", 2005)
    undated = model.Case.from_data({k: v for k, v in FULL_CASE.items() if k != "founded"})
    assert (undated.founded_text, undated.founded_sort) == ("—", None)
    assert full.reading_key == ("浙江省", "test-full")


def test_practices_tags_and_honors(full: model.Case) -> None:
    assert [p.anchor for p in full.practices] == ["practice-1", "practice-2", "practice-3"]
    # The first practice with a tag is where a ✓ for it leads; tags are listed once, first use first.
    assert full.practice_with("党建+养老") is full.practices[0]
    assert full.practice_with("矛盾调解") is full.practices[1]
    assert full.practice_with("积分制") is None
    assert full.tags("practices") == ("共驻共建", "党建+养老", "矛盾调解")
    assert full.tags("challenges") == ("人口老龄化", "矛盾纠纷多")
    assert full.tags("themes") == ("资源整合", "精准服务")
    assert full.top_honor == "国家级"
    assert [h.level for h in full.honors_by_rank] == ["国家级", "市级"]
    assert full.sources[0].link == "https://example.org/report"
    assert model.Source("题", "社", url="ftp://example.org/x").link is None


def test_the_library_holds_models_in_reading_order(tmp_path: Path, scratch_library: Path) -> None:
    for data in (FULL_CASE, GAPS_CASE, SHAANXI_CASE):
        write_case(scratch_library, data)
    lib = load_library(scratch_library)
    assert all(isinstance(c, model.Case) for c in lib.cases)
    assert [c.id for c in lib.cases] == ["test-full", "test-gaps", "test-shaanxi"]  # by id
    # By province (山西省, 浙江省, 陕西省 in code-point order), as every table lists them.
    assert [c.location.province for c in lib.in_reading_order()] == sorted(
        c.location.province for c in lib.cases
    )
    case = lib.get("test-full")
    assert case is not None and case.yaml_file == "cases/test-full/case.yml"
    assert case.narrative == (scratch_library / "cases" / "test-full" / "case.md").read_text("utf-8")


def test_a_municipality_is_written_once_in_the_place() -> None:
    from casebook.model.case import Location

    assert Location(province="北京市", city="北京市", street="大屯街道").place == "北京市大屯街道"
    assert Location(province="湖北省", city="孝感市", county="孝南区").place == "湖北省孝感市孝南区"
