"""Figures as the sources state them: value + unit + qualifier (余/多/近/超/约).

A figure is never reduced to a bare number for display: `4100余万元` stays `4100余万元`.  For
sorting and charts, `magnitude()` gives the value in base units (万元 → 元 × 10⁴) while the
qualifier travels with it, so a comparison can say "about" rather than pretend precision.
"""

from __future__ import annotations

from typing import TypedDict

QUALIFIERS_BEFORE = ("近", "超", "约")  # 近1000人次, 超2000人, 约300户
QUALIFIERS_AFTER = ("余", "多")  # 4100余万元, 1000多人

UNIT_SCALE = {"万": 10_000, "亿": 100_000_000}


class Figure(TypedDict, total=False):
    value: float
    unit: str
    qualifier: str
    as_of: int
    label: str


def format_number(value: float) -> str:
    """12250 → '12250'; 2.62 → '2.62' (sources write no thousands separators)."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")


def format_figure(fig: Figure) -> str:
    """The figure as the source writes it: 近1000人次, 4100余万元, 20%."""
    q = fig.get("qualifier", "")
    number = format_number(fig["value"])
    unit = fig["unit"]
    if q in QUALIFIERS_BEFORE:
        return f"{q}{number}{unit}"
    return f"{number}{q}{unit}"


def magnitude(fig: Figure) -> float:
    """Value in base units for sorting: 4100 万元 → 41,000,000 (元)."""
    scale = 1
    unit = fig.get("unit", "")
    if unit and unit[0] in UNIT_SCALE and len(unit) > 1:
        scale = UNIT_SCALE[unit[0]]
    return float(fig["value"]) * scale
