"""Case ids: one derivation for `casebook new`, `casebook import` and the synthetic library.

An id is the pinyin of the city's short name and of the community's name without its
administrative suffix (南阳市 + 云钢社区居委会 → nanyang-yungang), so the same community gets the
same id whichever tool starts its case.
"""

from __future__ import annotations

import re

from casebook.text.pinyin import slug

ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MAX_LEN = 64

# Longest first: the first suffix that fits is removed.
NAME_SUFFIXES = (
    "社区居民委员会",
    "社区居委会",
    "社区党委",
    "社区党总支",
    "居民委员会",
    "村民委员会",
    "居委会",
    "村委会",
    "社区",
)
# Ethnic names inside an autonomous prefecture's name (恩施土家族苗族自治州 → 恩施): the short name
# ends where the first of them starts, after a place name of at least two characters.
_ETHNIC_START = "土苗彝哈壮傣白景傈藏羌布侗回蒙柯朝黎瑶维仡水畲拉纳怒独佤撒达锡鄂俄门珞阿基"
_CITY_SUFFIXES = ("特别行政区", "地区", "林区", "市", "盟", "州")


def is_valid(case_id: str) -> bool:
    return bool(ID_RE.fullmatch(case_id)) and len(case_id) <= MAX_LEN


def short_city(city: str) -> str:
    """The name people use for a city: 南阳市 → 南阳, 恩施土家族苗族自治州 → 恩施, 大兴安岭地区 → 大兴安岭."""
    city = city.strip()
    if city.endswith("自治州"):
        m = re.search(f"[{_ETHNIC_START}]", city[2:])
        return city[: 2 + m.start()] if m else city.removesuffix("自治州")
    for suffix in _CITY_SUFFIXES:
        if city.endswith(suffix) and len(city) - len(suffix) >= 2:
            return city[: -len(suffix)]
    return city


def short_name(name: str) -> str:
    """A community's name without its administrative suffix: 云钢社区居委会 → 云钢; 十八洞村 stays."""
    name = name.strip()
    for suffix in NAME_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def derive_id(city: str, name: str) -> str:
    """city + community → id; "" when neither gives any letters (the caller asks for --id)."""
    parts = [slug(short_city(city)) if city else "", slug(short_name(name)) if name else ""]
    return "-".join(p for p in parts if p)[:MAX_LEN].strip("-")
