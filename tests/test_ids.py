"""`casebook new` and `casebook import` give a community the same id (model/ids.py)."""

from __future__ import annotations

import pytest

from casebook.importer.draft import make_id
from casebook.importer.scaffold import new_id
from casebook.model.ids import derive_id, short_city, short_name


@pytest.mark.parametrize(
    ("city", "name", "expected"),
    [
        ("恩施土家族苗族自治州", "文化路社区", "enshi-wenhualu"),
        ("南阳市", "云钢社区居委会", "nanyang-yungang"),
        ("南阳市", "云钢社区", "nanyang-yungang"),
        ("湘西土家族苗族自治州", "十八洞村", "xiangxi-shibadongcun"),
        ("大兴安岭地区", "向阳社区居民委员会", "daxinganling-xiangyang"),
    ],
)
def test_new_and_import_agree(city: str, name: str, expected: str) -> None:
    assert new_id(city, name) == expected
    assert make_id(city, name, "原文") == expected
    assert derive_id(city, name) == expected


def test_short_names() -> None:
    assert short_city("孝感市") == "孝感"
    assert short_city("市") == "市"  # nothing left to call it by
    assert short_name("社区") == "社区"
    assert short_name("文昌花园社区党委") == "文昌花园"


def test_import_without_a_name_falls_back_to_the_file_name() -> None:
    assert make_id("南阳市", "", "Seed_001") == "seed-001"
