"""Real published texts import into clean drafts: the five founding texts (../shared/seeds) and the
twenty of ../shared/corpus, scored against our gold facts (bench/import_gold).

Optional: both folders live beside the checkout, not in it.  When they are absent the tests skip
and say where they looked.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import Any

import pytest

from casebook.commands import check
from casebook.commands import import_ as import_cmd
from casebook.importer import boilerplate, evaluate
from casebook.importer.draft import Draft
from casebook.importer.pipeline import draft_file
from casebook.importer.render import render_markdown, render_yaml
from casebook.model.library import load_vocabulary
from casebook.text import chinese

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "seeds"
CORPUS = SHARED / "corpus"
GOLD = ROOT / "bench" / "import_gold"
PINYIN_RE = re.compile(r"[（(][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+[）)]|[（(]$")
# Chrome that the seeds and the corpus contain somewhere; none may survive in a draft.
CHROME = (
    "转载于互联网",
    "特别声明",
    "Notice:",
    "作者：",
    "编辑、制作",
    "审核：",
    "PDF版",
    "本报记者",
    "全貌",
    "来源：",
    "责任编辑",
    "分享到",
    "打印本页",
    "ICP备",
    "刊号",
    "关键词：",
    "中图分类号",
    "Abstract",
    "推荐阅读",
    "微信图片",
    "文章图片",
    "资料图",
    "供图",
    "浏览器版本",
    "下载客户端",
)
VOCAB = load_vocabulary(ROOT)[0]

pytestmark = pytest.mark.corpus
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"../shared/seeds not found at {SEEDS}")
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"../shared/corpus not found at {CORPUS}")


def seed(prefix: str) -> Path:
    [path] = SEEDS.glob(f"{prefix}_*.txt")
    return path


@pytest.fixture(scope="module")
def seeds() -> dict[str, Draft]:
    return {prefix: draft_file(seed(prefix), VOCAB) for prefix in ("000", "001", "002", "003", "004")}


@pytest.fixture(scope="module")
def corpus() -> dict[str, Draft]:
    return {p.name: draft_file(p, VOCAB) for p in sorted(CORPUS.glob("*.txt"))}


def figure_texts(d: Draft) -> set[str]:
    return {p.fig.text for p in d.figures if p.target != "skipped"}


def labelled(d: Draft) -> list[dict[str, Any]]:
    items = list(d.case.get("figures", []))
    for outcome in d.case.get("outcomes", []):
        items += outcome.get("figures", [])
    return items


def assert_clean(d: Draft) -> None:
    md, yml = render_markdown(d), render_yaml(d)
    for text in (md, yml):
        assert not PINYIN_RE.search(text), PINYIN_RE.search(text)
        assert chinese.traditional_spans(text) == []
    assert chinese.halfwidth_punctuation(md) == []
    assert boilerplate.clean(md.split("\n", 1)[1]).removed == []
    for chrome in CHROME:
        assert chrome not in md, chrome
    assert not re.search(r"<\s*/?\s*[a-zA-Z]", md)


# --- the founding texts ---------------------------------------------------------------------


@needs_seeds
@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_imports_clean(seeds: dict[str, Draft], prefix: str) -> None:
    assert_clean(seeds[prefix])
    assert len(seeds[prefix].sections) >= 3


@needs_seeds
def test_003_traditional_with_annotations(seeds: dict[str, Draft]) -> None:
    d = seeds["003"]
    assert seed("003").read_text("utf-8").count("(qū)") > 0  # the source really is annotated
    assert {"4219户", "12618人", "417名", "11个", "72个"} <= figure_texts(d)
    scale = d.case["scale"]
    assert scale["households"] == {"value": 4219, "unit": "户"}
    assert scale["population"] == {"value": 12618, "unit": "人"}
    assert scale["party_members"] == {"value": 417, "unit": "名"}
    assert scale["party_organizations"] == {"value": 11, "unit": "个", "label": "网格党支部"}
    assert scale["social_organizations"] == {"value": 72, "unit": "个"}
    assert d.case["location"] == {
        "province": "江苏省",
        "city": "扬州市",
        "county": "广陵区",
        "street": "曲江街道",
    }
    assert d.id == "yangzhou-wenchanghuayuan"
    assert len(d.sections) == 5
    assert {"editor-line", "platform-statement"} <= {r.rule for r in d.removed}


@needs_seeds
def test_001_figures_and_named_methods(seeds: dict[str, Draft]) -> None:
    d = seeds["001"]
    scale = d.case["scale"]
    assert scale["households"] == {"value": 3430, "unit": "户"}
    assert scale["population"] == {"value": 12250, "unit": "人"}
    names = [p["name"] for p in d.case["practices"]]
    assert {"红色驿站", "“12345”工作法", "“五民”工程", "“三单”服务模式"} <= set(names)
    assert [s.kind for s in d.sections] == ["background", "practices", "lessons"]
    assert [r.rule for r in d.removed] == ["repost-disclaimer"]


@needs_seeds
def test_000_traditional_with_proper_names(seeds: dict[str, Draft]) -> None:
    d = seeds["000"]
    assert d.case["name"] == "云钢社区"
    assert d.case["location"] == {
        "province": "河南省",
        "city": "南阳市",
        "county": "南召县",
        "street": "云阳镇",
    }
    assert d.case["founded"] == "2004-06"
    assert d.case["scale"]["grid_workers"] == {"value": 61, "unit": "名", "label": "微网格员"}
    assert {"4100余万元", "1.5万人次以上"} <= figure_texts(d)
    assert "“一征三议两公开”工作法" in [p["name"] for p in d.case["practices"]]
    assert [s.kind for s in d.sections] == ["practices", "outcomes", "lessons"]
    assert d.case["sources"][0]["script"] == "繁体"


@needs_seeds
def test_002_resource_town(seeds: dict[str, Draft]) -> None:
    d = seeds["002"]
    assert d.id == "kunming-shaba"
    assert d.case["location"]["street"] == "铜都街道"
    assert d.case["scale"]["staff"] == {"value": 16, "unit": "名"}
    assert {"40.2%", "20%", "14%", "3879人"} <= figure_texts(d)
    assert {"name": "云南省敬老先进社区", "level": "省级"} in d.case["honors"]
    assert [s.kind for s in d.sections] == ["background", "practices", "outcomes", "lessons"]


@needs_seeds
def test_004_newspaper_feature(seeds: dict[str, Draft]) -> None:
    d = seeds["004"]
    assert d.id == "xinyang-minzu"
    assert d.case["location"]["street"] == "五里墩街道"
    src = d.case["sources"][0]
    assert (src["publisher"], src["author"]) == ("信阳日报", "王凌云")
    assert src["title"].startswith("“民族”家庭更幸福")
    assert {"68名", "200余件", "8000余元", "2000余人次"} <= figure_texts(d)
    assert len(d.sections) == 5


# --- the corpus of twenty -------------------------------------------------------------------


@needs_corpus
def test_every_corpus_text_imports_clean(corpus: dict[str, Draft]) -> None:
    assert len(corpus) == 20
    for name, d in corpus.items():
        try:
            assert_clean(d)
        except AssertionError as e:
            raise AssertionError(f"{name}: {e}") from e


@needs_corpus
def test_corpus_drafts_pass_casebook_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser()
    import_cmd.add_arguments(parser)
    files = sorted(CORPUS.glob("*.txt"))
    # 19 and 20 are one article on two sites: the second draft gets the same id and is refused.
    code = import_cmd.run(parser.parse_args([*map(str, files), "--out", str(tmp_path), "--root", str(ROOT)]))
    assert code == 1 and "已存在" in capsys.readouterr().err
    folders = sorted(tmp_path.iterdir())
    assert len(folders) == 19
    parser = argparse.ArgumentParser()
    check.add_arguments(parser)
    code = check.run(parser.parse_args([*map(str, folders), "--root", str(ROOT)]))
    out = capsys.readouterr().out
    assert code == 0, out
    assert "19 个案例：0 个错误" in out


@needs_corpus
def test_corpus_evaluation_meets_the_targets(corpus: dict[str, Draft]) -> None:
    results = [
        evaluate.evaluate(corpus[gold["text"]], gold, gold["text"]) for _p, gold in evaluate.load_gold(GOLD)
    ]
    assert len(results) == 20
    total = evaluate.total(results)
    assert (total.figure_recall.rate or 0) >= 0.9
    assert total.invented == [] and total.mislabeled == []
    assert (total.practices.rate or 0) >= 0.8
    assert (total.place.rate or 0) >= 0.9 and (total.meta.rate or 0) >= 0.9
