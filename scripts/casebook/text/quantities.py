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


def written(value: float, unit: str, qualifier: str = "") -> str:
    """The figure as the source writes it: 近1000人次, 4100余万元, 20%."""
    number = format_number(value)
    if qualifier in QUALIFIERS_BEFORE:
        return f"{qualifier}{number}{unit}"
    return f"{number}{qualifier}{unit}"


def base_units(value: float, unit: str) -> float:
    """Value in base units for sorting: 4100 万元 → 41,000,000 (元)."""
    scale = 1
    if unit and unit[0] in UNIT_SCALE and len(unit) > 1:
        scale = UNIT_SCALE[unit[0]]
    return float(value) * scale


def format_figure(fig: Figure) -> str:
    """A figure mapping (as in case.yml) as the source writes it."""
    return written(fig["value"], fig["unit"], fig.get("qualifier", ""))


def magnitude(fig: Figure) -> float:
    """A figure mapping's value in base units."""
    return base_units(fig["value"], fig.get("unit", ""))


# ---------------------------------------------------------------------------------------------
# Finding figures in running text (the importer's job; the functions above stay as they were).

import re  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402

# Longest first: the alternation takes the first unit that fits, and 平方米 must win over 平方.
UNITS = tuple(
    "平方公里 平方千米 平方米 个百分点 平方 平米 公里 千米 人次 场次 户次 期次 车次 个月 周岁 周年 分钟 公斤"
    " 小时 方面 住户 户 人 名 个 支 元 岁 套 座 盏 栋 幢 部 家 间 张 类 项 件 场 次 期 条 所 处 辆 棵 株 根"
    " 块 份 册 位 批 吨 亩 床 米 轮 届 对 天 倍 种 本 篇 幅 封 桌 斤 组 层 起 年 分 台 周 节 %".split()
)
# Units that are words of their own after a Chinese numeral (十分重要, 三台县, 社区四周, 三节): only
# an Arabic number makes them units.
_DIGITS_ONLY_UNITS = frozenset({"分", "台", "周", "节"})
# 年 counts years (20多年, 39年党龄) only for small numbers that are not a date or a time point.
_YEAR_NOT_DURATION = re.compile(r"[月日度级代初底末中前后间内]|以[前后]|左右")
_BEFORE = {"近": "近", "超": "超", "超过": "超", "逾": "超", "约": "约"}
_CN_DIGITS = {c: int(d) for c, d in zip("零〇一二两三四五六七八九", "001223456789", strict=True)}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}

_CN_NUM = "(?:[一二两三四五六七八九十][零〇一二两三四五六七八九十百千]*|[百千](?=[余多]))"
_FIGURE_RE = re.compile(
    r"(?P<before>超过|近|超|逾|约)?"
    rf"(?P<number>(?<![A-Za-z0-9.+\-])\d+(?:\.\d+)?(?![.\d])|{_CN_NUM})"
    r"(?P<q1>余|多)?(?P<scale>万|亿)?(?P<q2>余|多)?"
    rf"(?P<unit>{'|'.join(re.escape(u) for u in UNITS)})?"
    r"(?P<after>以上)?"
)


@dataclass(frozen=True)
class FoundFigure:
    """A figure as written in a text: `4100余万元` → value 4100, qualifier 余, unit 万元."""

    value: float
    unit: str
    qualifier: str  # "" when the source states an exact number
    span: tuple[int, int]
    text: str  # the characters of the source, qualifier included
    # Every qualifier the source stacks on the number (近20余家 → 近, 余); `qualifier` is the first.
    qualifiers: tuple[str, ...] = field(default=())

    def figure(self) -> Figure:
        fig: Figure = {
            "value": int(self.value) if float(self.value).is_integer() else self.value,
            "unit": self.unit,
        }
        if self.qualifier:
            fig["qualifier"] = self.qualifier
        return fig


def chinese_number(text: str) -> int | None:
    """二十 → 20, 一百二十 → 120, 两千五百 → 2500, 二〇二一 → 2021; None for ranges (二三, 二三十)."""
    if not text:
        return None
    if all(c in _CN_DIGITS for c in text):
        if len(text) == 1:
            return _CN_DIGITS[text]
        if len(text) < 4 and not any(c in "零〇" for c in text):
            return None  # 二三个, 三五人: "two or three", not 23
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    total, digit = 0, None
    for c in text:
        if c in _CN_DIGITS:
            if digit is not None and _CN_DIGITS[c] != 0:
                return None  # 二三十: a range, not a number
            digit = _CN_DIGITS[c] or None
        elif c in _CN_UNITS:
            total += (1 if digit is None else digit) * _CN_UNITS[c]
            digit = None
        else:
            return None
    return total + (digit or 0)


def parse_figures(text: str) -> list[FoundFigure]:
    """Every number in normalized (Simplified) `text` that carries a unit or a 万/亿 scale, in order.

    Dates are not figures (年/月/日 are not units), nor are numbers glued to Latin letters (IE8).
    A lone Chinese 一 is skipped: 一个、一站式 are words, not counts.  Ordinals (第100场), years
    that are points in time (2022年, 两年前) and units that are words after a Chinese numeral
    (十分) are not figures either.
    """
    found: list[FoundFigure] = []
    for m in _FIGURE_RE.finditer(text):
        unit = (m.group("scale") or "") + (m.group("unit") or "")
        if not unit:
            continue
        number = m.group("number")
        if m.start() and text[m.start() - 1] == "第":
            continue
        bare = m.group("unit") or ""
        if bare in _DIGITS_ONLY_UNITS and not number[0].isdigit():
            continue
        if bare == "年" and (
            (number[0].isdigit() and float(number) >= 200) or _YEAR_NOT_DURATION.match(text, m.end())
        ):
            continue
        if number[0].isdigit():
            value: float = float(number)
        else:
            if number == "一":
                continue
            parsed = chinese_number(number)
            if parsed is None:
                continue
            value = parsed
        qualifiers = [
            _BEFORE.get(m.group("before") or "", ""),
            m.group("q1") or "",
            m.group("q2") or "",
            m.group("after") or "",
        ]
        stacked = tuple(q for q in qualifiers if q)
        qualifier = stacked[0] if stacked else ""
        start, end = m.start(), m.end()
        found.append(FoundFigure(value, unit, qualifier, (start, end), text[start:end], stacked))
    return found
