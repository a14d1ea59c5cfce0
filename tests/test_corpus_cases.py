"""Cases written from ../shared/corpus state only what their source states.

Every figure in a corpus case (scale, background figures, outcome figures) must appear in its
source text with the same value, unit and qualifier (余/多/近/超/约/以上): a reader who follows the
citation finds `300余家`, not a rounder or firmer number.  The source is compared after the same
normalization the importer applies (Traditional → Simplified, pinyin annotations removed), so a
Traditional source is matched on its Simplified form.  Statistic, honor and founding years must be
written in the source too, and each case must cite its texts' URLs.

The corpus lives beside the checkout, not in it; without it these tests skip and say where they
looked.  The source-note test at the end needs no corpus: it reads only our case files.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from casebook.text.normalize import normalize
from casebook.text.quantities import format_figure, parse_figures
from corpus_cases import CORPUS_CASES

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
CASES = CORPUS_CASES

needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"../shared/corpus not found at {CORPUS}")


def case_data(case_id: str) -> dict[str, Any]:
    data: dict[str, Any] = YAML(typ="safe").load((ROOT / "cases" / case_id / "case.yml").read_text("utf-8"))
    return data


def case_figures(data: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(where, figure) for every figure of a case, in file order."""
    out = [(f"scale.{key}", fig) for key, fig in (data.get("scale") or {}).items()]
    out += [(f"figures[{i}]", fig) for i, fig in enumerate(data.get("figures") or [])]
    for i, outcome in enumerate(data.get("outcomes") or []):
        out += [(f"outcomes[{i}].figures[{j}]", fig) for j, fig in enumerate(outcome.get("figures") or [])]
    return out


def source_text(case_id: str) -> str:
    return "\n".join(normalize((CORPUS / name).read_text("utf-8")) for name in CASES[case_id])


def stated(fig: dict[str, Any], text: str) -> bool:
    """The source writes this figure: same value and unit, and the qualifier among those it stacks."""
    qualifier = fig.get("qualifier", "")
    for found in parse_figures(text):
        if found.value != float(fig["value"]) or found.unit != fig["unit"]:
            continue
        if qualifier in found.qualifiers if qualifier else not found.qualifiers:
            return True
    return False


def test_the_check_itself_tells_qualified_from_exact() -> None:
    """Guard the comparison: a qualifier dropped, added or changed is a different figure."""
    text = normalize("社区有300余家商铺，近20余家单位，居民1057户，党员占比超过80%。")
    assert stated({"value": 300, "unit": "家", "qualifier": "余"}, text)
    assert not stated({"value": 300, "unit": "家"}, text)
    assert stated({"value": 20, "unit": "家", "qualifier": "近"}, text)
    assert stated({"value": 20, "unit": "家", "qualifier": "余"}, text)
    assert stated({"value": 1057, "unit": "户"}, text)
    assert not stated({"value": 1057, "unit": "户", "qualifier": "约"}, text)
    assert not stated({"value": 1057, "unit": "人"}, text)
    assert stated({"value": 80, "unit": "%", "qualifier": "超"}, text)
    assert not stated({"value": 80, "unit": "%"}, text)
    # Traditional text and a unit with a multiplier: matched on the normalized form.
    text = normalize("这个村的家底有20余亿元，登记的黨員268人。")
    assert stated({"value": 20, "unit": "亿元", "qualifier": "余"}, text)
    assert not stated({"value": 20, "unit": "亿元"}, text)
    assert stated({"value": 268, "unit": "人"}, text)
    assert not stated({"value": 268, "unit": "人", "qualifier": "多"}, text)
    assert not stated({"value": 269, "unit": "人"}, text)


@pytest.mark.corpus
@needs_corpus
@pytest.mark.parametrize("case_id", sorted(CASES))
def test_every_figure_appears_in_the_source(case_id: str) -> None:
    """A case may state no figure when its text gives none, but then it stays a draft."""
    data, text = case_data(case_id), source_text(case_id)
    if not case_figures(data):
        assert data["review"]["status"] == "draft", f"{case_id}: reviewed, yet no figure to compare"
    missing = [f"{where} {format_figure(fig)}" for where, fig in case_figures(data) if not stated(fig, text)]
    assert not missing, f"{case_id}: figures not in {CASES[case_id]}: {missing}"


@pytest.mark.corpus
@needs_corpus
def test_the_figures_compared_are_most_of_the_cases() -> None:
    """The comparison above must have had something to compare: most corpus texts state figures."""
    with_figures = [case_id for case_id in CASES if case_figures(case_data(case_id))]
    assert len(with_figures) >= len(CASES) * 2 // 3, with_figures


@pytest.mark.corpus
@needs_corpus
@pytest.mark.parametrize("case_id", sorted(CASES))
def test_every_year_appears_in_the_source(case_id: str) -> None:
    """as_of, honor and founding years are dates the source must state (a URL's date is not one)."""
    data, text = case_data(case_id), source_text(case_id)
    years = [fig["as_of"] for _, fig in case_figures(data) if "as_of" in fig]
    years += [h["year"] for h in data.get("honors") or [] if "year" in h]
    if data.get("founded"):
        years.append(int(str(data["founded"])[:4]))
    missing = [y for y in years if f"{y}年" not in text]
    assert not missing, f"{case_id}: years not in {CASES[case_id]}: {missing}"


@pytest.mark.corpus
@needs_corpus
def test_every_case_cites_its_texts_url() -> None:
    readme = (CORPUS / "README.md").read_text("utf-8")
    urls = dict(re.findall(r"^\| (\d\d\.txt) \| (\S+) \|", readme, re.M))
    assert len(urls) >= len({name for names in CASES.values() for name in names}), "README table not read"
    for case_id, names in CASES.items():
        cited = [s.get("url") for s in case_data(case_id)["sources"]]
        for name in names:
            assert urls[name] in cited, f"{case_id}: cites {cited}, not {urls[name]}"


# Our own file names: seeds are 000_<hex>.txt, corpus texts NN.txt, plus the folders holding them.
OUR_FILE_NAMES = re.compile(
    r"\d{3}_[0-9a-f]{6,}|(?<![\d.])\d{2}\.txt|种子(?:文本|材料|文件)|shared/(?:seeds|corpus)|语料"
)


def test_no_source_note_names_our_files() -> None:
    """Readers see where a text was published, never how this project filed its copy."""
    ids = sorted(p.parent.name for p in (ROOT / "cases").glob("*/case.yml"))
    assert len(ids) >= 5, "no cases found"
    named = [
        f"{case_id}: {field}={value!r}"
        for case_id in ids
        for source in case_data(case_id)["sources"]
        for field, value in source.items()
        if isinstance(value, str) and OUR_FILE_NAMES.search(value)
    ]
    assert not named, named
    assert OUR_FILE_NAMES.search("原文收录于项目种子文本 000_1e3e9eadd29021c3.txt")
    assert OUR_FILE_NAMES.search("见 01.txt")
    assert not OUR_FILE_NAMES.search("刊于第13版，2023-08-25")
