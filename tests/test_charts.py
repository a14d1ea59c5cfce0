"""The charts page: inline SVG bar charts drawn from the case data of the small built site
(sitepages.small_site, shared with the table tests)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from sitepages import Site, case_files, tags_of

pytestmark = pytest.mark.site


@pytest.fixture(scope="module")
def cases(built: tuple[Path, Site]) -> dict[str, dict[str, Any]]:
    return case_files(built[0])


class _Svgs(HTMLParser):
    """Each inline SVG of a page: its texts in order and its bars (rect attributes)."""

    def __init__(self) -> None:
        super().__init__()
        self.charts: list[dict[str, list[Any]]] = []
        self.in_text = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "svg" and ("class", "cb-chart__svg") in attrs:
            self.charts.append({"texts": [], "bars": []})
        elif self.charts and tag == "text":
            self.in_text = True
            self.charts[-1]["texts"].append("")
        elif self.charts and tag == "rect":
            self.charts[-1]["bars"].append(dict(attrs))

    def handle_endtag(self, tag: str) -> None:
        if tag == "text":
            self.in_text = False

    def handle_data(self, data: str) -> None:
        if self.in_text:
            self.charts[-1]["texts"][-1] += data


def test_charts_are_inline_svg_drawn_from_the_data(site: Site, cases: dict[str, dict[str, Any]]) -> None:
    parser = _Svgs()
    parser.feed(site.file("charts/").read_text("utf-8"))
    practice_chart = parser.charts[0]
    labels, values = practice_chart["texts"][0::2], practice_chart["texts"][1::2]
    counts = {t: sum(1 for c in cases.values() if t in tags_of(c, "practices")) for t in labels}
    assert set(labels) == {t for c in cases.values() for t in tags_of(c, "practices")}
    assert values == [f"{counts[t]} 个案例" for t in labels]
    widths = [float(b["width"]) for b in practice_chart["bars"]]
    assert widths == sorted(widths, reverse=True)  # longest bar first, proportional to the count
    assert widths[0] / widths[-1] == pytest.approx(counts[labels[0]] / counts[labels[-1]], rel=0.01)
    # Households: every figure as written; approximate ones (余/多/近/超/约) drawn dashed.
    households = next(ch for ch in parser.charts[2:] if "4100余户" in ch["texts"])
    written_figures = households["texts"][1::2]
    for fig_text, bar in zip(written_figures, households["bars"], strict=True):
        approximate = any(q in fig_text for q in "余多近超约")
        assert ("stroke-dasharray" in bar) == approximate, fig_text
    # Text is drawn by the reader's browser: no font files are shipped.
    fonts = [p for p in site.root.rglob("*") if p.suffix in (".woff", ".woff2", ".ttf", ".otf")]
    assert fonts == []
