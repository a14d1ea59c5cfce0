"""The comparison tables and downloads, checked against the case data they are drawn from.

One small library (synthetic cases plus two written for the tests, one with gaps in its figures,
see sitepages.py) is built once with `mkdocs build --strict`; every test reads the HTML and files
a reader would get.
Expected values are derived from case.yml data by the rules readers are promised (figures as the
source writes them, `—` for a missing figure), not copied from the generator.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from sitepages import GAPS_CASE, Site, case_files, tags_of, write_case

pytestmark = pytest.mark.site

OVERVIEW_COLUMNS = ["households", "population", "party_members", "grids", "volunteers"]


@pytest.fixture(scope="module")
def library(built: tuple[Path, Site]) -> Path:
    return built[0]


@pytest.fixture(scope="module")
def cases(library: Path) -> dict[str, dict[str, Any]]:
    """case id → its case.yml data, as the files say (see sitepages.case_files)."""
    return case_files(library)


def written(fig: dict[str, Any]) -> str:
    """A figure as the source writes it: 近1000人, 4100余户, 2.62万人."""
    value = fig["value"]
    number = str(int(value)) if float(value).is_integer() else str(value)
    q = fig.get("qualifier", "")
    return f"{q}{number}{fig['unit']}" if q in ("近", "超", "约") else f"{number}{q}{fig['unit']}"


def base_units(fig: dict[str, Any]) -> float:
    scale = {"万": 1e4, "亿": 1e8}.get(fig["unit"][0], 1) if len(fig["unit"]) > 1 else 1
    return float(fig["value"]) * scale


def case_id_of(href: str) -> str:
    return href.rstrip("/").split("#")[0].rstrip("/").split("/")[-1]


def rows_by_case(table: list[list[Any]]) -> dict[str, list[Any]]:
    out = {}
    for row in table[1:]:
        if row and row[0].hrefs:
            out[case_id_of(row[0].hrefs[0])] = row
    return out


def test_build_is_strict_clean(site: Site) -> None:
    # The fixture already failed on any warning; here: the section pages exist.
    for url in ["tables/", "tables/practices/", "tables/challenges/", "compare/", "charts/", "data/"]:
        assert site.file(url).is_file(), url


def test_overview_shows_every_figure_as_written(site: Site, cases: dict[str, dict[str, Any]]) -> None:
    table = site.page("tables/").tables[0]
    header = [c.text.strip("↕ ") for c in table[0]]
    assert header[:4] == ["社区", "地点", "类型", "成立"]
    rows = rows_by_case(table)
    assert set(rows) == set(cases)
    for case_id, row in rows.items():
        scale = cases[case_id]["scale"]
        for col, key in enumerate(OVERVIEW_COLUMNS, start=4):
            cell = row[col]
            fig = scale.get(key)
            if fig is None:
                assert cell.text == "—", (case_id, key, cell.text)
                assert cell.sort is None
            else:
                assert cell.text == written(fig), (case_id, key)
                assert float(cell.sort or "nan") == pytest.approx(base_units(fig), rel=1e-6)


def test_missing_figure_is_a_dash_never_zero(site: Site) -> None:
    row = rows_by_case(site.page("tables/").tables[0])["test-gaps"]
    texts = [c.text for c in row]
    assert texts[4] == "4100余户"
    assert texts[5] == "—" and texts[6] == "—" and texts[7] == "—"
    assert texts[8] == "近1000人"
    assert texts[3] == "—"  # no founding date in the data
    assert not any(t.strip() == "0" or t.startswith("0") for t in texts)


def test_matrix_marks_every_practice_tag_and_links_to_it(
    site: Site, cases: dict[str, dict[str, Any]]
) -> None:
    table = site.page("tables/practices/").tables[0]
    header = [c.text for c in table[0]]
    rows = rows_by_case(table)
    assert set(rows) == set(cases)
    for case_id, row in rows.items():
        practices = cases[case_id]["practices"]
        marked = {header[i] for i, c in enumerate(row) if c.text == "✓"}
        assert marked == {t for p in practices for t in p["tags"]}, case_id
        for i, c in enumerate(row):
            if c.text != "✓":
                continue
            target, anchor = site.resolve("tables/practices/", c.hrefs[0]) or ("", "")
            assert case_id_of(target) == case_id
            n = int(anchor.removeprefix("practice-"))
            first = next(k for k, p in enumerate(practices, 1) if header[i] in p["tags"])
            assert n == first, (case_id, header[i])
            assert practices[n - 1]["name"] in c.titles[0]
            assert anchor in site.page(target).ids
    totals = table[-1]
    for i, c in enumerate(totals[1:], start=1):
        assert int(c.text) == sum(1 for x in cases.values() if header[i] in tags_of(x, "practices"))


def test_challenge_map_lists_the_practices_of_cases_facing_each_problem(
    site: Site, cases: dict[str, dict[str, Any]]
) -> None:
    index = site.page("tables/challenges/")
    rows = {row[0].text: row for row in index.tables[0][1:]}
    used = {t for c in cases.values() for t in tags_of(c, "challenges")}
    assert set(rows) == used
    for title, row in rows.items():
        facing = [c for c in cases.values() if title in tags_of(c, "challenges")]
        assert int(row[1].text) == len(facing)
        url, _ = site.resolve("tables/challenges/", row[0].hrefs[0]) or ("", "")
        page = site.page(url)
        expected = {
            t: {c["id"] for c in facing if t in tags_of(c, "practices")}
            for c in facing
            for t in tags_of(c, "practices")
        }
        sections = [text for tag, text in page.headings if tag == "h2"]
        got = {s.rsplit("（", 1)[0]: int(s.rsplit("（", 1)[1].split(" ")[0]) for s in sections}
        assert got == {t: len(ids) for t, ids in expected.items()}, title
        for section, table in zip(sections, page.tables, strict=True):
            practice = section.rsplit("（", 1)[0]
            linked = {case_id_of(r[0].hrefs[0]) for r in table[1:]}
            assert linked <= expected[practice]
            assert len(linked) == min(len(expected[practice]), 8)


def test_problem_page_shows_each_cases_measured_effect_of_the_practice(site: Site) -> None:
    """The researcher's question: facing 矛盾纠纷多, who used 矛盾调解, with what effect."""
    index = site.page("tables/challenges/")
    row = next(r for r in index.tables[0][1:] if r[0].text == "矛盾纠纷多")
    url, _ = site.resolve("tables/challenges/", row[0].hrefs[0]) or ("", "")
    page = site.page(url)
    sections = [text for tag, text in page.headings if tag == "h2"]
    table = page.tables[next(i for i, s in enumerate(sections) if s.startswith("矛盾调解"))]
    full = next(r for r in table[1:] if r[0].text == "全项社区")
    assert full[1].text == "老街说事点"
    assert full[2].text == "调解纠纷 120余件"
    assert table[1] is full  # cases with measured effects come first


def test_every_link_on_generated_pages_leads_somewhere(site: Site) -> None:
    checked = 0
    for url in site.pages():
        if url.startswith(("search", "404")):
            continue
        page = site.page(url)
        for href in page.links:
            resolved = site.resolve(url, href)
            if resolved is None:
                continue
            target, anchor = resolved
            assert site.file(target).exists(), f"{url} → {href}"
            if anchor and site.file(target).suffix == ".html":
                assert anchor in site.page(target).ids, f"{url} → {href}"
            checked += 1
    assert checked > 500


def test_case_pages_are_not_in_the_navigation(site: Site, cases: dict[str, dict[str, Any]]) -> None:
    home = site.page("")
    # The navigation, not the article: the home page's own text links its featured cases.
    outside = [h for h in home.all_links if h not in set(home.links)]
    nav_targets = {site.resolve("", h)[0] for h in outside if site.resolve("", h)}  # type: ignore[index]
    assert not any(t.startswith("cases/") and t != "cases/" for t in nav_targets)
    every = {site.resolve("", h)[0] for h in home.all_links if site.resolve("", h)}  # type: ignore[index]
    for section in ["tables/", "compare/", "practices/", "challenges/", "regions/", "glossary/", "data/"]:
        assert section in every


def test_csv_download_opens_in_excel_and_matches_the_data(
    site: Site, cases: dict[str, dict[str, Any]]
) -> None:
    raw = site.file("data/cases.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel on Chinese Windows reads it as UTF-8
    assert b"\r\n" in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == len(cases) == len({r["编号"] for r in rows})
    labels = {"households": "户数", "population": "人口", "party_members": "党员", "volunteers": "志愿者"}
    for r in rows:
        case = cases[r["编号"]]
        assert r["社区"] == case["name"]
        assert r["省份"] == case["location"]["province"]
        for key, label in labels.items():
            fig = case["scale"].get(key)
            assert r[label] == (written(fig) if fig else ""), (case["id"], key)
            if fig:
                assert float(r[f"{label}（数值）"]) == pytest.approx(base_units(fig))
        assert r["做法标签"].split("、") == tags_of(case, "practices")


def test_json_download_is_the_validated_data(
    site: Site, library: Path, cases: dict[str, dict[str, Any]]
) -> None:
    data = json.loads(site.file("data/cases.json").read_text("utf-8"))
    assert data["count"] == len(cases) == len({e["id"] for e in data["cases"]})
    for entry in data["cases"]:
        narrative = entry.pop("narrative")
        assert entry.pop("page") == f"cases/{entry['id']}/"
        assert site.file(f"cases/{entry['id']}/").exists()
        # The same fields, values and key order as the case.yml, plus the case.md text.
        assert json.dumps(entry, ensure_ascii=False) == json.dumps(cases[entry["id"]], ensure_ascii=False)
        assert narrative == (library / "cases" / entry["id"] / "case.md").read_text("utf-8")


def run_tables(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "casebook.cli", "tables", "--root", str(root), *args],
        capture_output=True,
        cwd=root,
        timeout=120,
    )


def test_cli_writes_the_same_files_as_the_site(library: Path, site: Site, tmp_path: Path) -> None:
    for fmt in ("csv", "json"):
        out = tmp_path / f"cases.{fmt}"
        result = run_tables(library, "--format", fmt, "--out", str(out))
        assert result.returncode == 0, result.stderr.decode()
        assert out.read_bytes() == site.file(f"data/cases.{fmt}").read_bytes()
    md = run_tables(library, "--format", "md")
    assert md.returncode == 0
    text = md.stdout.decode("utf-8")
    assert (
        "| 缺数社区 | 山西省大同市示范区示范街道 | 老旧小区 | — | 4100余户 | — | — | — | 近1000人 |" in text
    )


def test_cli_explains_bad_output_path_in_chinese(library: Path, tmp_path: Path) -> None:
    result = run_tables(library, "--format", "csv", "--out", str(tmp_path))
    err = result.stderr.decode("utf-8")
    assert result.returncode == 2
    assert "是一个目录" in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_cli_refuses_invalid_data_without_writing(library: Path, tmp_path: Path) -> None:
    bad = tmp_path / "lib"
    (bad / "cases").mkdir(parents=True)
    (bad / "cases" / "vocabulary.yml").write_bytes((library / "cases" / "vocabulary.yml").read_bytes())
    broken = {**GAPS_CASE, "scale": {"households": {"value": "很多", "unit": "户"}}}
    write_case(bad, broken)
    out = tmp_path / "out.csv"
    out.write_text("旧内容", "utf-8")
    result = run_tables(bad, "--format", "csv", "--out", str(out))
    err = result.stderr.decode("utf-8")
    assert result.returncode == 1
    assert "cases/test-gaps/case.yml:" in err and "表格未生成" in err
    assert "Traceback" not in err
    assert out.read_text("utf-8") == "旧内容"
