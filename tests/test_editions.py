"""The two editions as readers get them from `casebook build`: Simplified at the root, Traditional
under zh-hant/, every page in the right script, a language switch that lands on the same page, and
a Pagefind index per edition.  One build per module."""

from __future__ import annotations

import gzip
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar
from urllib.parse import urljoin, urlsplit

import pytest

from casebook.pipeline import pagefind
from casebook.pipeline import search as searchdict
from casebook.text.chinese import to_simplified, to_traditional
from projects import copy_project

pytestmark = pytest.mark.site

ROOT = Path(__file__).resolve().parents[1]
CASE_IDS = [
    "kunming-shaba",
    "nanyang-yungang",
    "xiaogan-wenhualu",
    "xinyang-minzu",
    "yangzhou-wenchanghuayuan",
]

# A page of our own with the words whose Simplified characters have several Traditional forms.
WORDS_PAGE = """\
# 用字对照

后来，社区干部发现王阿姨的头发该剪了，就请志愿者上门义务理发。

云南省的社区和云阳镇的云钢社区都在这一页出现。

老书记一干就是十几年，社区编发简报，并发挥党员的作用。

群众为这里的考核出主意，社区并为驻区单位签共建协议。
"""


def run_build(
    project: Path, out: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "casebook.cli", "build", "--root", str(project), "--out", str(out)],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("project"))
    (project / "docs" / "words.md").write_text(WORDS_PAGE, "utf-8")
    out = project / "site"
    result = run_build(project, out)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return out


class _Text(HTMLParser):
    """What a reader sees: text and the attributes screen readers and tooltips show.  Skips
    scripts, styles and anything marked as written in Simplified (lang="zh-Hans")."""

    VOID: ClassVar[set[str]] = {
        "meta",
        "link",
        "br",
        "img",
        "input",
        "hr",
        "source",
        "path",
        "wbr",
        "area",
        "col",
        "base",
    }

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.stack: list[bool] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        skip = tag in ("script", "style") or a.get("lang", "").lower() == "zh-hans"
        if not any(self.stack) and not skip:
            self.parts += [a[k] for k in ("title", "aria-label", "placeholder", "alt") if a.get(k)]
        if tag not in self.VOID:
            self.stack.append(skip)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not any(self.stack):
            self.parts.append(data)


def page_text(path: Path) -> str:
    parser = _Text()
    parser.feed(path.read_text("utf-8"))
    return "\n".join(parser.parts)


def hant_pages(site: Path) -> list[Path]:
    return sorted((site / "zh-hant").rglob("*.html"))


def hans_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "zh-hant" not in p.relative_to(site).parts)


def test_both_editions_in_one_folder(site: Path) -> None:
    for case_id in CASE_IDS:
        assert (site / "cases" / case_id / "index.html").is_file()
        assert (site / "zh-hant" / "cases" / case_id / "index.html").is_file()
    # The same pages in both editions.
    assert [p.relative_to(site) for p in hans_pages(site)] == [
        p.relative_to(site / "zh-hant") for p in hant_pages(site)
    ]
    for page in hant_pages(site):
        assert '<html lang="zh-Hant"' in page.read_text("utf-8"), page
    assert '<html lang="zh-Hant"' not in (site / "index.html").read_text("utf-8")


def test_no_simplified_only_character_in_the_traditional_edition(site: Path) -> None:
    # Traditional text survives Traditional → Simplified → Traditional unchanged; a Simplified-only
    # character (区, 党) comes back as its Traditional form and shows up here.
    problems = []
    for page in hant_pages(site):
        text = page_text(page)
        back = to_traditional(to_simplified(text))
        assert len(back) == len(text)
        for i, (a, b) in enumerate(zip(text, back, strict=True)):
            if a != b:
                problems.append(f"{page.relative_to(site)}: {text[max(0, i - 6) : i + 6]!r}（{a} 应为 {b}）")
    assert not problems, "\n".join(problems[:30])


def test_scripts_that_write_text_on_traditional_pages_are_traditional(site: Path) -> None:
    # The compare page and sortable tables put text on the page from scripts.  Material's and
    # Pagefind's own scripts and our search scripts (which hold both scripts on purpose, or name
    # examples in comments) are not page text.
    ours = {"fold-map.js", "fold.js", "search-fold.js", "pagefind-search.js"}
    scripts = [
        p
        for p in (site / "zh-hant").rglob("*.js")
        if not p.relative_to(site / "zh-hant").as_posix().startswith(("assets/javascripts/", "pagefind/"))
        and not (p.parent.name == "casebook" and p.name in ours)
    ]
    assert any(p.name == "cases.js" for p in scripts)
    for script in scripts:
        text = "".join(re.findall(r"[\u3400-\u9fff]+|\n", script.read_text("utf-8")))
        assert to_traditional(to_simplified(text)) == text, script


def test_one_to_many_characters_and_proper_names(site: Path) -> None:
    words = page_text(site / "zh-hant" / "words" / "index.html")
    for expected in (
        "後來",
        "幹部",
        "發現",
        "頭髮",
        "理髮",
        "雲南省",
        "云陽鎮",
        "云鋼社區",
        "一幹就是",
        "編發",
        "並發揮",
        "群眾為這裡的考核",
        "並為",
        "簽共建",
    ):
        assert expected in words, expected
    case = page_text(site / "zh-hant" / "cases" / "nanyang-yungang" / "index.html")
    assert "云鋼社區" in case and "南召縣" in case
    everything = "\n".join(page_text(p) for p in hant_pages(site))
    for wrong in ("社群", "髮現", "乾部"):
        assert wrong not in everything, wrong
    assert "社區" in everything


# OpenCC's standard forms that neither Taiwan nor Hong Kong writes, and phrase errors it makes.
NOT_TRADITIONAL_HERE = ("爲", "衆", "覈", "併爲", "併為", "籤共建")


def test_traditional_edition_uses_the_forms_its_readers_write(site: Path) -> None:
    texts = {p.relative_to(site).as_posix(): page_text(p) for p in hant_pages(site)}
    for name in ("cases.csv", "cases.json"):
        texts[f"zh-hant/data/{name}"] = (site / "zh-hant" / "data" / name).read_text("utf-8")
    found = [(path, bad) for path, text in texts.items() for bad in NOT_TRADITIONAL_HERE if bad in text]
    assert not found, found[:20]
    everything = "\n".join(texts.values())
    for form in ("為", "群", "眾"):
        assert form in everything, form


def test_each_edition_s_downloads_are_in_its_script(site: Path) -> None:
    hans_csv = (site / "data" / "cases.csv").read_text("utf-8")
    hant_csv = (site / "zh-hant" / "data" / "cases.csv").read_text("utf-8")
    assert to_simplified(hans_csv) == hans_csv and "社区" in hans_csv
    assert to_traditional(to_simplified(hant_csv)) == hant_csv and "社區" in hant_csv
    assert hant_csv.splitlines()[0].startswith("\ufeff編號,社區,")  # header converted, BOM kept
    hans = json.loads((site / "data" / "cases.json").read_text("utf-8"))
    hant = json.loads((site / "zh-hant" / "data" / "cases.json").read_text("utf-8"))
    assert [c["id"] for c in hant["cases"]] == [c["id"] for c in hans["cases"]]
    assert set(hant["cases"][0]) == set(hans["cases"][0])  # the same fields
    text = json.dumps(hant, ensure_ascii=False)
    assert to_traditional(to_simplified(text)) == text and "社區" in text


def test_footer_in_chinese_on_both_editions(site: Path) -> None:
    for edition, words in (("", "根据案例数据生成"), ("zh-hant/", "根據案例數據生成")):
        html = (site / f"{edition}cases" / "kunming-shaba" / "index.html").read_text("utf-8")
        footer = html[html.index('<div class="md-copyright">') :]
        assert words in footer and "Made with" not in footer
        about = re.search(r'<a href="([^"]*about/)">', footer)
        assert about and (site / f"{edition}about" / "index.html").is_file()
    about = page_text(site / "zh-hant" / "about" / "index.html")
    assert "s2tw" in about and "群眾為" in about  # which table, and why


def test_titles_navigation_and_site_name_in_traditional(site: Path) -> None:
    html = (site / "zh-hant" / "cases" / "xiaogan-wenhualu" / "index.html").read_text("utf-8")
    assert "<title>文化路社區 - 社區治理案例庫</title>" in html
    nav = page_text(site / "zh-hant" / "index.html")
    assert "首頁" in nav and "首页" not in nav


def _switch_links(page: Path) -> dict[str, str]:
    html = page.read_text("utf-8")
    links = re.findall(r'<a href="([^"]*)" hreflang="(zh-Han[st])"', html)
    return {lang: href for href, lang in links}


def test_language_switch_links_to_the_same_page(site: Path) -> None:
    base = "http://example.org/"
    for page in hans_pages(site) + hant_pages(site):
        rel = page.relative_to(site).as_posix()
        if rel.endswith(("404.html", "handout.html")):  # a course's printable handout is a download
            continue
        url = urljoin(base, rel.removesuffix("index.html"))
        links = _switch_links(page)
        assert set(links) == {"zh-Hans", "zh-Hant"}, rel
        here = rel.removeprefix("zh-hant/")
        for lang, href in links.items():
            target = urlsplit(urljoin(url, href)).path.lstrip("/")
            expected = ("zh-hant/" if lang == "zh-Hant" else "") + here.removesuffix("index.html")
            assert target == expected, (rel, lang, href)
            assert (site / target / "index.html").is_file() or (site / target).is_file()


def _entry(site: Path, edition: str) -> dict:
    return json.loads((site / edition / "pagefind" / "pagefind-entry.json").read_text("utf-8"))


def _article_text(page: Path) -> str:
    body = re.search(r"<article[^>]*>(.*)</article>", page.read_text("utf-8"), re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body.group(1))) if body else ""


@pytest.mark.parametrize("edition", ["", "zh-hant"])
def test_each_edition_has_its_own_pagefind_index_and_no_lunr_index(site: Path, edition: str) -> None:
    entry = _entry(site, edition)
    (language,) = entry["languages"].values()  # one index: the edition's pages only
    pages = [p for p in (hant_pages(site) if edition else hans_pages(site)) if p.name != "404.html"]
    indexed = [p for p in pages if pagefind.page_weight(p.relative_to(site / edition).as_posix()) is not None]
    assert language["page_count"] == len([p for p in indexed if _article_text(p).strip()]) > 50
    assert not (site / edition / "search" / "search_index.json").exists()
    html = (site / edition / "cases" / "kunming-shaba" / "index.html").read_text("utf-8")
    assert "data-casebook-search" in html and "pagefind-search.js" in html
    assert "search-fold.js" not in html and 'data-md-component="search"' not in html


@pytest.mark.parametrize("edition", ["", "zh-hant"])
def test_index_bytes_within_three_times_the_text_it_indexes(site: Path, edition: str) -> None:
    # Every Han character starts one indexed pair, stored with its page and position; Pagefind
    # compresses the chunks and excerpts.  All of it (what a reader could ever download for
    # search) stays within three times the text of the pages it covers (2.2× here); a query
    # downloads only the chunks of its words (the benchmark measures that).
    bundle = site / edition / "pagefind"
    size = sum(
        p.stat().st_size
        for p in bundle.rglob("*")
        if p.is_file() and p.suffix in (".pf_index", ".pf_fragment", ".pf_meta")
    )
    pages = hant_pages(site) if edition else hans_pages(site)
    text = sum(len(_article_text(p).encode("utf-8")) for p in pages)
    assert 0 < size <= 3 * text, (size, text)


def _fold_map(site: Path, edition: str) -> dict:
    script = (site / edition / "assets" / "casebook" / "fold-map.js").read_text("utf-8")
    return json.loads(script[script.index("{") : script.rindex("}") + 1])


def test_queries_fold_into_the_script_of_the_index(site: Path, tmp_path: Path) -> None:
    hans = _fold_map(site, "")
    assert searchdict.fold("社區黨員", hans) == "社区党员"
    assert searchdict.fold("紅色物業", hans) == "红色物业"
    assert searchdict.fold("雲鋼社區", hans) == "云钢社区"
    # The Traditional edition searches the Simplified index (pagefind.derive_bundle): its queries
    # fold into Simplified the same way.
    assert _fold_map(site, "zh-hant") == hans
    # Folding into Traditional, as a Traditional course pack's search does, from the words of the
    # Traditional pages.
    hant = searchdict.fold_map_of(
        pagefind.write_shadows(site / "zh-hant", (), tmp_path / "shadows").words, "hant"
    )
    assert searchdict.fold("社区党员", hant) == "社區黨員"
    assert searchdict.fold("头发", hant) == "頭髮"
    assert searchdict.fold("发现", hant) == "發現"
    assert searchdict.fold("云阳镇", hant) == "云陽鎮"
    assert searchdict.fold("雲陽鎮", hant) == "云陽鎮"
    assert searchdict.fold("云南省", hant) == "雲南省"
    # A query already in the index's script is left alone.
    assert searchdict.fold("社區黨員", hant) == "社區黨員"
    # The edition writes Taiwan's forms (裡, 為); OpenCC's standard forms (裏, 爲), as some
    # keyboards give them, reach the same words as the Simplified query does.
    assert searchdict.fold("這裏", hant) == searchdict.fold("这里", hant) == "這裡"
    assert searchdict.fold("爲", hant) == searchdict.fold("为", hant) == "為"


def test_build_without_pagefind_says_what_to_install(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    env = {**os.environ, "PAGEFIND_BINARY_PATH": str(tmp_path / "no-such-pagefind")}
    out = tmp_path / "site"
    result = run_build(project, out, env)
    assert result.returncode != 0
    assert "Pagefind" in result.stderr and "pip install" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_failed_build_keeps_the_previous_site(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("previous site", "utf-8")
    case_yml = project / "cases" / "kunming-shaba" / "case.yml"
    case_yml.write_text(case_yml.read_text("utf-8").replace("name: 沙坝社区", "name: [沙坝社区"), "utf-8")
    result = run_build(project, out)
    assert result.returncode == 1
    assert "cases/kunming-shaba/case.yml:" in result.stderr and "错误" in result.stderr
    assert "Traceback" not in result.stderr
    assert (out / "index.html").read_text("utf-8") == "previous site"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"]


def test_serve_previews_both_editions_and_rebuilds_after_an_edit(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "casebook.cli", "serve", "--root", str(project), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:

        def fetch(path: str, wanted: str) -> str:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}", timeout=5) as r:
                        html = r.read().decode("utf-8")
                    if wanted in html:
                        return html
                except OSError:
                    pass
                time.sleep(0.5)
            raise AssertionError(f"{path} never showed {wanted!r}")

        assert '<html lang="zh-Hant"' in fetch("zh-hant/", "社區治理案例庫")
        index = project / "docs" / "index.md"
        index.write_text(index.read_text("utf-8") + "\n本段是预览时新加的一句话。\n", "utf-8")
        fetch("zh-hant/", "本段是預覽時新加的一句話")
    finally:
        proc.terminate()
        output = proc.communicate(timeout=30)[0]
    assert "Traceback" not in output, output


def test_term_pages_name_each_alias_once_in_both_editions(site: Path) -> None:
    """Traditional spellings in the vocabulary serve search and import; on the page they would
    repeat a name, and in the Traditional edition two aliases would collapse into one."""
    for base in (site, site / "zh-hant"):
        named = 0
        for page in sorted((base / "practices").glob("*/index.html")):
            line = next((x for x in page_text(page).splitlines() if x.startswith(("又称", "又稱"))), None)
            if line is None:
                continue
            names = line.split("：", 1)[1].split("、")
            assert len(names) == len(set(names)), (page, names)
            named += 1
        assert named >= 10, base  # the vocabulary gives many practices variant names


def test_a_bare_url_ends_at_full_width_punctuation() -> None:
    """A source line written out in a handout ends its URL with 。; the note after it is prose
    and must be converted, while the URL itself (Chinese path included) stays as written."""
    from casebook.pipeline import editions

    text = "原文简体，http://www.example.cn/案例/a.html。刊于第04版（综合新闻），报名据网址"
    out = editions.convert_text(text, editions.HANT)
    assert "http://www.example.cn/案例/a.html。" in out
    assert out.endswith("刊於第04版（綜合新聞），報名據網址")


def _fragments(bundle: Path) -> dict[str, dict]:
    """url → Pagefind's fragment (gzipped JSON after a signature), over every part."""
    out = {}
    for path in bundle.rglob("*.pf_fragment"):
        frag = json.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd") :])
        out[frag["url"]] = frag
    return out


def test_traditional_edition_searches_the_simplified_index_in_its_own_words(site: Path) -> None:
    # One Pagefind index for both editions (the Traditional one used to cost as much again to
    # build): the same chunks and page lists, but the excerpts and titles a reader sees are in
    # the edition's own script, word for word where the index points at them.
    hans, hant = site / "pagefind", site / "zh-hant" / "pagefind"
    for path in hans.rglob("*"):
        if path.suffix in (".pf_index", ".pf_meta"):
            assert (hant / path.relative_to(hans)).read_bytes() == path.read_bytes(), path
    simplified, traditional = _fragments(hans), _fragments(hant)
    assert simplified.keys() == traditional.keys()
    for url, theirs in simplified.items():
        own = traditional[url]
        assert len(own["content"].split(" ")) == len(theirs["content"].split(" ")), url
        assert [(a["id"], a["location"]) for a in own["anchors"]] == [
            (a["id"], a["location"]) for a in theirs["anchors"]
        ], url
    case = traditional["/cases/kunming-shaba/"]
    assert case["meta"]["title"] == "沙壩社區"
    shown = pagefind.display(case["content"])
    assert "社區“大黨委”" in shown and "社区" not in shown
    assert simplified["/cases/kunming-shaba/"]["meta"]["title"] == "沙坝社区"
