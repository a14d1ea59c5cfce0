"""Cases written from ../shared/corpus state only figures their source states.

Every number a corpus case puts in case.yml (scale, figures, outcome figures) must appear in its
source text with the same value, unit and qualifier (余/多/近/超/约: `20余亿元` is not `20亿元`),
after the source is normalized the way the importer reads it (pinyin annotations removed,
Traditional converted).  Statistic years (`as_of`) and founding years must be written in the
source too.  The corpus lives beside the checkout; without it the tests skip and say where they
looked.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest
import yaml

from casebook.text.normalize import normalize, read
from casebook.text.quantities import Figure, FoundFigure, format_figure, parse_figures

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
# Case id → the corpus texts it was written from (19 and 20 are one article on two sites).
SOURCES: dict[str, tuple[str, ...]] = {
    "bayannaoer-gangtie": ("11.txt",),
    "changchun-xinmin": ("12.txt",),
    "xiamen-hubian": ("13.txt",),
    "nanchang-jinshuncun": ("14.txt",),
    "hefei-dingxiang": ("15.txt",),
    "zhengzhou-shizheng": ("16.txt",),
    "jingzhou-mianhuadayuan": ("17.txt",),
    "chengdu-wankechenghua": ("18.txt",),
    "tianjin-baocuihuadou": ("19.txt", "20.txt"),
}

pytestmark = pytest.mark.corpus


def case_figures(data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(where, figure) for every number in a case.yml."""
    for key, fig in (data.get("scale") or {}).items():
        yield f"scale.{key}", fig
    for i, fig in enumerate(data.get("figures") or []):
        yield f"figures[{i}]", fig
    for i, outcome in enumerate(data.get("outcomes") or []):
        for j, fig in enumerate(outcome.get("figures") or []):
            yield f"outcomes[{i}].figures[{j}]", fig


def stated(fig: dict[str, Any], found: list[FoundFigure]) -> bool:
    qualifier = fig.get("qualifier", "")
    return any(
        f.value == fig["value"]
        and f.unit == fig["unit"]
        and (qualifier in f.qualifiers if qualifier else not f.qualifiers)
        for f in found
    )


def source_text(case_id: str) -> str:
    if not CORPUS.is_dir():
        pytest.skip(f"../shared/corpus not found at {CORPUS}; corpus case figures not checked")
    return "\n".join(normalize(read(CORPUS / name)) for name in SOURCES[case_id])


def load(case_id: str) -> dict[str, Any]:
    data = yaml.safe_load((ROOT / "cases" / case_id / "case.yml").read_text("utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize("case_id", sorted(SOURCES))
def test_every_figure_is_in_the_source(case_id: str) -> None:
    text = source_text(case_id)
    found = parse_figures(text)
    data = load(case_id)
    figures = list(case_figures(data))
    if not figures:  # only a draft may lack them (its source gives no number, so no scale either)
        assert data["review"]["status"] == "draft", f"{case_id}: reviewed, yet no figure to compare"
        return
    missing = [
        f"{where} {format_figure(cast(Figure, fig))}" for where, fig in figures if not stated(fig, found)
    ]
    assert not missing, f"{case_id}: figures not stated in its source: {missing}"


@pytest.mark.parametrize("case_id", sorted(SOURCES))
def test_years_are_in_the_source(case_id: str) -> None:
    text = source_text(case_id)
    data = load(case_id)
    years = [(w, fig["as_of"]) for w, fig in case_figures(data) if "as_of" in fig]
    if data.get("founded"):
        years.append(("founded", int(str(data["founded"])[:4])))
    years += [(f"honors[{i}].year", h["year"]) for i, h in enumerate(data.get("honors") or []) if "year" in h]
    missing = [f"{where} {year}" for where, year in years if f"{year}年" not in text]
    assert not missing, f"{case_id}: years not stated in its source: {missing}"


def test_the_check_notices_an_invented_figure() -> None:
    """The comparison itself must fail on a figure the source does not state, qualifier included."""
    found = parse_figures(normalize("这个村的家底有20余亿元，登记的黨員268人，來了近20余家單位。"))
    assert stated({"value": 20, "unit": "亿元", "qualifier": "余"}, found)
    assert stated({"value": 268, "unit": "人"}, found)
    assert stated({"value": 20, "unit": "家", "qualifier": "近"}, found)
    assert not stated({"value": 20, "unit": "亿元"}, found)  # qualifier dropped
    assert not stated({"value": 268, "unit": "人", "qualifier": "多"}, found)  # qualifier added
    assert not stated({"value": 269, "unit": "人"}, found)  # a number the text never gives
