"""Reading a built site the way a reader's browser would: tables, links and ids of a page's article.

Shared by the table, topic and scale tests.  Only the standard library's HTML parser is used, so the
tests read the HTML MkDocs wrote, not an intermediate form of ours.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from casebook.devtools.synth import write_library
from casebook.model.library import case_dirs, load_vocabulary
from casebook.validate.case import validate_case

ROOT = Path(__file__).resolve().parents[1]
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Cell:
    text: str = ""
    hrefs: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    sort: str | None = None
    header: bool = False


@dataclass
class Page:
    """The article of one built page: its tables (rows of cells), links, ids and text."""

    tables: list[list[list[Cell]]] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # hrefs inside the article
    all_links: list[str] = field(default_factory=list)  # hrefs anywhere, navigation included
    ids: set[str] = field(default_factory=set)
    text: str = ""
    headings: list[tuple[str, str]] = field(default_factory=list)  # (tag, text)
    scripts: int = 0


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.article_depth = 0
        self.stack: list[str] = []
        self.cell: Cell | None = None
        self.heading: list[str] | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "script":
            self.page.scripts += 1
        if a.get("id"):
            self.page.ids.add(a["id"] or "")
        if tag == "a" and a.get("href") is not None:
            self.page.all_links.append(a["href"] or "")
        if tag == "article":
            self.article_depth += 1
        if tag in VOID:
            return
        self.stack.append(tag)
        if not self.article_depth:
            return
        if tag == "a" and a.get("href") is not None:
            self.page.links.append(a["href"] or "")
            if self.cell is not None:
                self.cell.hrefs.append(a["href"] or "")
                if a.get("title"):
                    self.cell.titles.append(a["title"] or "")
        if tag == "table":
            self.page.tables.append([])
        elif tag == "tr" and self.page.tables:
            self.page.tables[-1].append([])
        elif tag in ("td", "th") and self.page.tables and self.page.tables[-1]:
            self.cell = Cell(header=tag == "th")
            self.page.tables[-1][-1].append(self.cell)
        elif tag in ("h1", "h2", "h3"):
            self.heading = [tag]
        if self.cell is not None and a.get("data-sort") is not None:
            self.cell.sort = a["data-sort"]

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        while self.stack:
            top = self.stack.pop()
            if top == tag:
                break
        if tag == "article":
            self.article_depth -= 1
        if tag in ("td", "th"):
            self.cell = None
        if tag in ("h1", "h2", "h3") and self.heading:
            self.page.headings.append((self.heading[0], "".join(self.heading[1:]).strip()))
            self.heading = None

    def handle_data(self, data: str) -> None:
        if not self.article_depth or "script" in self.stack or "style" in self.stack:
            return
        self.text.append(data)
        if self.cell is not None:
            self.cell.text += data
        if self.heading is not None:
            self.heading.append(data)


def parse(html: str) -> Page:
    p = _Parser()
    p.feed(html)
    p.page.text = "".join(p.text)
    for table in p.page.tables:
        for row in table:
            for c in row:
                c.text = " ".join(c.text.split())
    return p.page


class Site:
    """A built site folder; pages addressed by their URL path (directory URLs, as MkDocs writes)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._cache: dict[str, Page] = {}

    def file(self, url: str) -> Path:
        path = self.root / unquote(url.lstrip("/"))
        return path / "index.html" if url.endswith("/") or url == "" or path.is_dir() else path

    def page(self, url: str) -> Page:
        if url not in self._cache:
            self._cache[url] = parse(self.file(url).read_text("utf-8"))
        return self._cache[url]

    def resolve(self, from_url: str, href: str) -> tuple[str, str] | None:
        """(target URL, fragment) of a link on page `from_url`; None for links off the site."""
        joined = urlsplit(urljoin("http://site/" + from_url, href))
        if joined.scheme != "http" or joined.netloc != "site":
            return None
        return joined.path.lstrip("/"), joined.fragment

    def pages(self) -> list[str]:
        """URL of every HTML page: folders with index.html end in "/", the home page is ""."""
        out = []
        for p in self.root.rglob("*.html"):
            rel = p.relative_to(self.root).as_posix()
            out.append(rel.removesuffix("index.html") if p.name == "index.html" else rel)
        return sorted(out)


def linked_cases(site: Site, url: str) -> set[str]:
    """Ids of the cases whose pages the article of `url` links to."""
    out = set()
    for href in site.page(url).links:
        resolved = site.resolve(url, href)
        if resolved and resolved[0].startswith("cases/") and resolved[0] != "cases/":
            out.add(resolved[0].split("/")[1])
    return out


def case_files(root: Path) -> dict[str, dict[str, Any]]:
    """Each case's validated case.yml data as plain dicts, read without the case model: tests
    compare the pages with what the files say, not with the model that drew the pages."""
    vocab, _ = load_vocabulary(root)
    out: dict[str, dict[str, Any]] = {}
    for folder in case_dirs(root):
        source, _ = validate_case(folder, root, vocab)
        assert source is not None, folder
        out[source.id] = source.data
    return out


def tags_of(data: dict[str, Any], category: str) -> list[str]:
    """A case's vocabulary labels in one category, first use first, from its case.yml data."""
    if category == "community_types":
        found = list(data.get("community_types") or [])
    elif category == "challenges":
        found = [c["tag"] for c in data.get("challenges") or []]
    elif category == "practices":
        found = [t for p in data.get("practices") or [] for t in p["tags"]]
    else:
        found = [x["theme"] for x in data.get("lessons") or []]
    return list(dict.fromkeys(found))


GAPS_CASE: dict[str, Any] = {
    "id": "test-gaps",
    "name": "缺数社区",
    "summary": "为测试编写的虚构社区：只有户数和志愿者两个数字，其余规模数字资料里没有。",
    "location": {"province": "山西省", "city": "大同市", "county": "示范区", "street": "示范街道"},
    "community_types": ["老旧小区"],
    "scale": {
        "households": {"value": 4100, "qualifier": "余", "unit": "户"},
        "volunteers": {"value": 1000, "qualifier": "近", "unit": "人"},
    },
    "challenges": [{"tag": "物业管理缺失", "text": "小区没有物业，楼道无人打扫。"}],
    "practices": [
        {
            "name": "“三问”工作法",
            "summary": "问需、问计、问效，逐户听取意见。",
            "tags": ["居民议事协商"],
            "components": ["问需于民", "问计于民", "问效于民"],
        },
        {"name": "红色管家队", "summary": "党员轮流担任楼栋管家。", "tags": ["红色物业", "志愿服务"]},
    ],
    "outcomes": [{"text": "楼道卫生有人管了。"}],
    "honors": [{"name": "大同市文明社区", "level": "市级", "year": 2021}],
    "lessons": [{"theme": "居民参与", "text": "让居民自己商量小区的事。"}],
    "questions": ["没有物业的小区先做什么？", "党员管家怎样排班？", "居民议事如何避免议而不决？"],
    "sources": [{"title": "测试用虚构材料", "publisher": "本库测试", "script": "简体"}],
    "review": {"status": "reviewed"},
}
# Same tags as GAPS_CASE, in the province whose plain pinyin collides with 山西 (both "shanxi").
SHAANXI_CASE: dict[str, Any] = {
    **GAPS_CASE,
    "id": "test-shaanxi",
    "name": "秦川社区",
    "aliases": ["秦川新村", "老秦川居委会"],
    "summary": "为测试编写的虚构社区，位于陕西省。",
    "location": {"province": "陕西省", "city": "铜川市"},
    "scale": {"population": {"value": 2.62, "unit": "万人"}},
}


# Every optional field filled in: the case page, the downloads and the model's round trip are
# checked on it.  Its tags differ from the two cases above, so it does not outrank them as similar.
FULL_CASE: dict[str, Any] = {
    "id": "test-full",
    "name": "全项社区",
    "aliases": ["全项新村"],
    "summary": "为测试编写的虚构社区：每个可以填写的字段都填了。",
    "location": {"province": "浙江省", "city": "湖州市", "county": "示例县", "street": "示例镇"},
    "community_types": ["县城镇区社区"],
    "founded": "2003-04",
    "scale": {
        "households": {"value": 3200, "unit": "户", "as_of": 2022},
        "population": {"value": 1.2, "qualifier": "约", "unit": "万人"},
        "area": {"value": 0.8, "unit": "平方公里"},
    },
    "figures": [{"label": "60岁以上老人占比", "value": 23, "unit": "%", "as_of": 2023}],
    "challenges": [
        {"tag": "人口老龄化", "text": "独居老人多，白天家中无人照看。"},
        {"tag": "矛盾纠纷多", "text": "老街改造后，商户和住户常为占道争执。"},
    ],
    "practices": [
        {
            "name": "“两张清单”工作法",
            "summary": "列出居民的需求和驻区单位能给的资源，逐项对接。",
            "components": ["需求清单", "资源清单"],
            "tags": ["共驻共建", "党建+养老"],
        },
        {"name": "老街说事点", "summary": "每周在街口摆桌，当场调解商户和住户的争执。", "tags": ["矛盾调解"]},
        {"name": "银龄食堂", "summary": "老人在社区食堂用餐，党员志愿者送餐上门。", "tags": ["党建+养老"]},
    ],
    "outcomes": [
        {
            "text": "纠纷大多在街口说开了。",
            "figures": [{"label": "调解纠纷", "value": 120, "qualifier": "余", "unit": "件"}],
            "practices": ["老街说事点"],
        },
        {"text": "老人吃饭有了着落。"},
    ],
    "honors": [
        {"name": "湖州市和谐社区", "level": "市级", "year": 2019},
        {"name": "全国优秀党务工作者", "level": "国家级", "year": 2021, "recipient": "社区党委书记"},
    ],
    "lessons": [
        {"theme": "资源整合", "text": "驻区单位的资源要有清单，才对得上居民的需要。"},
        {"theme": "精准服务", "text": "先问老人缺什么，再定食堂怎么办。"},
    ],
    "questions": ["需求清单由谁来列？", "说事点如何保证公正？", "食堂怎样长期运营下去？"],
    "sources": [
        {
            "title": "测试用虚构报道",
            "publisher": "本库测试",
            "author": "测试者",
            "date": "2022-05",
            "url": "https://example.org/report",
            "script": "繁体",
            "note": "内容为虚构，仅供测试。",
        }
    ],
    "review": {"status": "reviewed", "contributors": ["测试者甲", "测试者乙"]},
}


def write_case(root: Path, data: dict[str, Any]) -> None:
    folder = root / "cases" / data["id"]
    folder.mkdir(parents=True)
    # JSON is YAML: the file needs no YAML writer of ours.
    (folder / "case.yml").write_text(json.dumps(data, ensure_ascii=False, indent=2), "utf-8")
    (folder / "case.md").write_text("### 概况\n\n为测试编写的虚构案例正文。\n", "utf-8")


_SHARED: dict[str, tuple[Path, Site]] = {}


def small_site(factory: Any) -> tuple[Path, Site]:
    """14 synthetic cases plus the three above, built once per test run (the page tests share it)."""
    if "small" not in _SHARED:
        root = make_library(factory.mktemp("small") / "lib", 14)
        for data in (GAPS_CASE, SHAANXI_CASE, FULL_CASE):
            write_case(root, data)
        build(root, root / "site")
        _SHARED["small"] = (root, Site(root / "site"))
    return _SHARED["small"]


def make_library(dest: Path, n: int, seed: int = 7) -> Path:
    """A synthetic library of n cases beside the repository's vocabulary and site configuration."""
    write_library(dest, n, seed)
    return dest


def build(library: Path, site_dir: Path) -> str:
    """`mkdocs build --strict` in the library; returns its log (the test fails on any warning)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site_dir)],
        cwd=library,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    log = result.stdout + result.stderr
    assert result.returncode == 0, log
    assert "WARNING" not in log, log
    return log
