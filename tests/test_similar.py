"""The 相似案例 section of each case page: three similar cases, each with reasons that are true of
both cases, checked on the small built site (sitepages.small_site, shared with the table tests)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from sitepages import Site, case_files, linked_cases, tags_of

pytestmark = pytest.mark.site

Cases = dict[str, dict[str, Any]]  # case id → its case.yml data (sitepages.case_files)


@pytest.fixture(scope="module")
def cases(built: tuple[Path, Site]) -> Cases:
    return case_files(built[0])


def test_every_case_page_shows_three_similar_cases_with_true_reasons(site: Site, cases: Cases) -> None:
    for case_id, case in cases.items():
        page = site.page(f"cases/{case_id}/")
        assert ("h2", "相似案例") in page.headings
        section = page.text.split("相似案例", 1)[1].split("资料来源", 1)[0]
        others = [x for x in linked_cases(site, f"cases/{case_id}/") if x != case_id]
        assert len(others) >= 3
        for line in filter(None, section.split("\n")):
            m = re.search(r"共同做法：([^；]+)", line)
            if not m:
                continue
            name = line.split("（")[0].strip()
            other = next(c for c in cases.values() if c["name"] == name)
            for tag in m.group(1).strip().split("、"):
                assert tag in tags_of(case, "practices") and tag in tags_of(other, "practices"), (
                    case_id,
                    tag,
                )


def test_a_case_with_the_same_tags_ranks_first(site: Site) -> None:
    page = site.page("cases/test-shaanxi/")
    section = page.text.split("相似案例", 1)[1]
    first = section.strip().split("\n")[0]
    assert first.startswith("缺数社区"), first
    assert "共同做法：居民议事协商、红色物业、志愿服务" in first
