"""`casebook import` on our own fixtures: what lands in the draft, what the report says, and
that a contributor's existing work is never overwritten."""

from __future__ import annotations

import argparse
import codecs
import json
import re
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from ruamel.yaml import YAML

from casebook.commands import check
from casebook.commands import import_ as import_cmd
from casebook.importer import draft as importer
from casebook.importer.draft import (
    DRAFT_NOTE,
    SCHEMA_COMMENT,
    build,
    remove_boilerplate,
    render_markdown,
    render_yaml,
)
from casebook.schemas import case_schema
from casebook.text import chinese

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "import"
LENIENT = {"required", "minItems", "minLength", "minProperties"}  # gaps a person fills in a draft


def draft_of(name: str) -> importer.Draft:
    path = FIXTURES / name
    return build(path, path.read_text("utf-8"))


def schema_errors(case: dict[str, Any]) -> list[str]:
    schema = case_schema()
    return [
        f"{list(e.absolute_path)}: {e.message}"
        for e in Draft202012Validator(schema).iter_errors(case)
        if e.validator not in LENIENT
    ]


def vocabulary_labels(category: str) -> set[str]:
    data = YAML(typ="safe").load((ROOT / "cases" / "vocabulary.yml").read_text("utf-8"))
    return {item["label"] for item in data[category]}


def args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    import_cmd.add_arguments(parser)
    return parser.parse_args(argv)


# --- boilerplate ----------------------------------------------------------------------------


def test_newspaper_chrome_is_removed_and_reported_line_by_line() -> None:
    d = draft_of("newspaper_banners.txt")
    rules = {r.rule for r in d.removed}
    assert {
        "newspaper-page",
        "app-banner",
        "html-tag",
        "reporter-byline",
        "image-credit",
        "editor-line",
        "page-chrome",
        "browser-notice",
        "repost-disclaimer",
    } <= rules
    for gone in ("客户端", "<img", "责任编辑", "点此复制", "浏览器", "侵权", "温馨提示", "本报记者", "PDF版"):
        assert gone not in d.text, gone
    # the article itself is all there
    assert "楼道里堆满杂物" in d.text and "注册志愿者近500人" in d.text
    assert "大家心里都舒坦" in d.text  # the source has the Kangxi radical ⼤ (U+2F24) here


def test_platform_disclaimer_and_credits_are_removed_from_traditional_text() -> None:
    d = draft_of("traditional_annotated.txt")
    assert [r.rule for r in d.removed] == [
        "author-line",
        "editor-line",
        "editor-line",
        "platform-statement",
        "platform-statement",
    ]
    assert "Notice" not in d.text and "特别声明" not in d.text and "审核" not in d.text


def test_image_caption_removed_but_headings_kept() -> None:
    d = draft_of("numbered_sections.txt")
    assert [(r.rule, r.text) for r in d.removed] == [("image-caption", "枫林社区全貌")]
    assert [s.heading for s in d.sections] == ["背景与起因", "做法与经过", "成效与反响", "经验与启示"]


def test_every_boilerplate_rule_has_an_id_a_comment_and_is_unique() -> None:
    rules = importer.boilerplate_rules()
    assert len({r.id for r in rules}) == len(rules)
    assert all(re.fullmatch("[a-z]+(-[a-z]+)*", r.id) and r.comment for r in rules)


@pytest.mark.parametrize(
    "line",
    [
        "社区党委书记介绍了“三联四帮”机制的做法。",
        "编辑社区简报42期，宣传先进典型。",
        "2021年获河南省先进基层党组织称号",
        "发挥“联”的优势，基层治理更有力度",
        "作者在社区走访时看到，楼道干净了。",
    ],
)
def test_ordinary_sentences_are_not_boilerplate(line: str) -> None:
    kept, removed, _facts = remove_boilerplate(line)
    assert removed == [] and kept == [line]


# --- sections -------------------------------------------------------------------------------


def test_numbered_sections_map_to_background_practices_outcomes_lessons() -> None:
    d = draft_of("numbered_sections.txt")
    assert [s.kind for s in d.sections] == ["background", "practices", "outcomes", "lessons"]
    assert [h for _i, h in d.sections[1].subheadings] == [
        "（一）建强班子，凝聚人心",
        "（二）盘活资源，共驻共建",
    ]


def test_two_digit_markers_make_sections_and_unmapped_ones_need_review() -> None:
    d = draft_of("traditional_annotated.txt")
    assert [s.heading for s in d.sections] == ["党建聚力“强根基”", "服务暖心“有温度”"]
    assert all(s.kind is None for s in d.sections)
    assert sum(key == "sections" for key, _v in d.review) == 2


def test_unnumbered_short_lines_are_headings_and_the_title_goes_to_sources() -> None:
    d = draft_of("newspaper_banners.txt")
    assert [s.heading for s in d.sections] == ["楼栋议事解难题", "志愿服务暖人心"]
    assert d.case["sources"][0]["title"] == "“和平里”邻里更和睦——某区和平里社区推进楼栋自治纪实"


# --- extracted facts ------------------------------------------------------------------------


def test_place_is_completed_from_the_city() -> None:
    assert draft_of("newspaper_banners.txt").case["location"] == {
        "province": "江苏省",
        "city": "南通市",
        "county": "崇川区",
        "street": "和平桥街道",
    }
    assert draft_of("numbered_sections.txt").case["location"]["province"] == "湖南省"
    d = draft_of("traditional_annotated.txt")  # the text never says 河南省
    assert d.case["location"]["province"] == "河南省"
    assert any("由城市“洛阳市”推断" in note for key, note in d.review if key == "location")


def test_id_comes_from_city_and_community_pinyin() -> None:
    assert draft_of("traditional_annotated.txt").id == "luoyang-yinxing"
    assert draft_of("newspaper_banners.txt").id == "nantong-hepingli"
    assert draft_of("numbered_sections.txt").id == "zhuzhou-fenglin"


def test_scale_figures_with_qualifiers() -> None:
    scale = draft_of("traditional_annotated.txt").case["scale"]
    assert scale["households"] == {"value": 2650, "unit": "户"}
    assert scale["population"] == {"value": 7480, "unit": "人"}
    assert scale["party_members"] == {"value": 238, "unit": "名"}
    assert scale["party_organizations"] == {"value": 6, "unit": "个", "label": "网格党支部"}
    assert scale["volunteers"] == {"value": 300, "unit": "人", "qualifier": "多"}
    assert scale["area"] == {"value": 0.85, "unit": "平方公里"}
    news = draft_of("newspaper_banners.txt").case["scale"]
    assert news["floating_population"] == {"value": 640, "unit": "人"}
    assert news["volunteers"] == {"value": 500, "unit": "人", "qualifier": "近"}


def test_figure_inside_annotated_number_survives() -> None:
    d = draft_of("traditional_annotated.txt")
    assert any((f.value, f.unit) == (2.62, "万元") for f in d.figures)


def test_outcome_figures_are_labelled() -> None:
    outcomes = draft_of("numbered_sections.txt").case["outcomes"]
    assert outcomes[0]["text"] == "居住环境明显改善"
    assert {"value": 210, "unit": "个", "label": "新增停车位"} in outcomes[0]["figures"]
    assert {"value": 350, "unit": "人", "qualifier": "余", "label": "实现再就业"} in outcomes[1]["figures"]


def test_founded_named_practices_honors_and_lessons() -> None:
    case = draft_of("numbered_sections.txt").case
    assert case["founded"] == "2006-05"
    names = [p["name"] for p in case["practices"]]
    assert "“一征三议两公开”工作法" in names
    assert case["practices"][0]["tags"] == ["一征三议两公开"]
    assert {"name": "全国民主法治示范社区", "level": "国家级"} in case["honors"]
    assert {"name": "湖南省文明社区", "level": "省级"} in case["honors"]
    assert [lesson.get("theme") for lesson in case["lessons"]] == ["党建引领", "居民参与"]
    assert case["community_types"] == ["单位型社区"]


def test_honor_year_and_level_from_the_words_before_the_quote() -> None:
    honors = draft_of("newspaper_banners.txt").case["honors"]
    assert honors == [{"name": "和谐社区建设示范社区", "level": "省级", "year": 2022}]


def test_sources_carry_author_publisher_and_script() -> None:
    news = draft_of("newspaper_banners.txt").case["sources"][0]
    assert (news["publisher"], news["author"], news["script"]) == ("晨光日报", "宋清远", "简体")
    trad = draft_of("traditional_annotated.txt").case["sources"][0]
    assert (trad["author"], trad["script"]) == ("林小木 周青禾", "繁体")


def test_tags_are_vocabulary_labels() -> None:
    for name in ("numbered_sections.txt", "newspaper_banners.txt", "traditional_annotated.txt"):
        case = draft_of(name).case
        assert set(case.get("community_types", [])) <= vocabulary_labels("community_types")
        assert {c["tag"] for c in case.get("challenges", [])} <= vocabulary_labels("challenges")
        assert {t for p in case.get("practices", []) for t in p.get("tags", [])} <= vocabulary_labels(
            "practices"
        )
        assert {le["theme"] for le in case.get("lessons", []) if "theme" in le} <= vocabulary_labels("themes")


def test_what_is_missing_is_reported_and_left_out() -> None:
    d = draft_of("traditional_annotated.txt")
    missing = {key for key, _why in d.missing}
    assert {"summary", "questions", "outcomes", "lessons", "sources.title", "sources.publisher"} <= missing
    for key in ("summary", "questions", "outcomes", "lessons"):
        assert key not in d.case
    assert d.case["review"] == {"status": "draft"}


# --- the files written ----------------------------------------------------------------------


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("*.txt")), ids=lambda p: p.name)
def test_case_yml_is_schema_valid_apart_from_gaps(fixture: Path) -> None:
    d = build(fixture, fixture.read_text("utf-8"))
    text = render_yaml(d)
    assert text.splitlines()[0] == SCHEMA_COMMENT
    loaded = YAML(typ="safe").load(text)
    assert loaded == json.loads(json.dumps(d.case, ensure_ascii=False))
    assert schema_errors(loaded) == []
    assert not any(v == "" for v in _leaves(loaded))


def _leaves(node: Any) -> list[Any]:
    if isinstance(node, dict):
        return [x for v in node.values() for x in _leaves(v)]
    if isinstance(node, list):
        return [x for v in node for x in _leaves(v)]
    return [node]


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("*.txt")), ids=lambda p: p.name)
def test_case_md_is_clean_draft_text_with_h3_sections(fixture: Path) -> None:
    d = build(fixture, fixture.read_text("utf-8"))
    md = render_markdown(d)
    assert md.splitlines()[0] == DRAFT_NOTE
    assert "<!--" not in md and "<img" not in md
    assert not re.search(r"^#{1,2} ", md, re.M)
    assert [ln[4:] for ln in md.splitlines() if ln.startswith("### ")] == [s.heading for s in d.sections]
    assert chinese.traditional_spans(md) == [] and chinese.halfwidth_punctuation(md) == []
    _kept, removed, _facts = remove_boilerplate(md)
    assert removed == []


def test_import_writes_case_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert import_cmd.run(args(str(FIXTURES / "numbered_sections.txt"), "--out", str(tmp_path))) == 0
    folder = tmp_path / "zhuzhou-fenglin"
    assert sorted(p.name for p in folder.iterdir()) == ["case.md", "case.yml"]
    assert (folder / "case.md").read_text("utf-8").startswith(DRAFT_NOTE)
    err = capsys.readouterr().err
    assert "找到" in err and "没找到" in err and "需复核" in err and "image-caption" in err


def test_import_never_overwrites(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "zhuzhou-fenglin"
    folder.mkdir()
    (folder / "case.yml").write_text("mine\n", "utf-8")
    assert import_cmd.run(args(str(FIXTURES / "numbered_sections.txt"), "--out", str(tmp_path))) == 1
    assert "已存在" in capsys.readouterr().err
    assert [p.name for p in folder.iterdir()] == ["case.yml"]
    assert (folder / "case.yml").read_text("utf-8") == "mine\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["zhuzhou-fenglin"]


def test_dry_run_prints_both_files_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "cases"
    assert import_cmd.run(args(str(FIXTURES / "newspaper_banners.txt"), "--out", str(out), "--dry-run")) == 0
    printed = capsys.readouterr().out
    assert SCHEMA_COMMENT in printed and DRAFT_NOTE in printed and "id: nantong-hepingli" in printed
    assert not out.exists()


def test_crash_midway_leaves_no_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_write = Path.write_text

    def failing_write(self: Path, data: str, *a: Any, **k: Any) -> int:
        if self.name == "case.md":
            raise OSError("disk full")
        return real_write(self, data, *a, **k)

    monkeypatch.setattr(Path, "write_text", failing_write)
    with pytest.raises(OSError, match="disk full"):
        import_cmd.run(args(str(FIXTURES / "numbered_sections.txt"), "--out", str(tmp_path)))
    assert list(tmp_path.iterdir()) == []


def test_explicit_id_and_its_checks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        import_cmd.run(
            args(str(FIXTURES / "numbered_sections.txt"), "--out", str(tmp_path), "--id", "my-case")
        )
        == 0
    )
    assert YAML(typ="safe").load((tmp_path / "my-case" / "case.yml").read_text("utf-8"))["id"] == "my-case"
    assert (
        import_cmd.run(
            args(str(FIXTURES / "numbered_sections.txt"), "--out", str(tmp_path), "--id", "Bad_ID")
        )
        == 2
    )
    two = [str(FIXTURES / "numbered_sections.txt"), str(FIXTURES / "newspaper_banners.txt")]
    assert import_cmd.run(args(*two, "--out", str(tmp_path), "--id", "x")) == 2
    assert "只能用于单个文件" in capsys.readouterr().err


def test_several_files_with_progress(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = [str(p) for p in sorted(FIXTURES.glob("*.txt"))]
    assert import_cmd.run(args(*files, "--out", str(tmp_path))) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "luoyang-yinxing",
        "nantong-hepingli",
        "zhuzhou-fenglin",
    ]
    assert "导入" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("gbk", b""), ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", b""), ("utf-8", codecs.BOM_UTF8)],
)
def test_encoded_files_import_like_utf8(tmp_path: Path, encoding: str, bom: bytes) -> None:
    src = tmp_path / "in.txt"
    src.write_bytes(bom + (FIXTURES / "numbered_sections.txt").read_text("utf-8").encode(encoding))
    assert (
        build(src, importer.read(src)).case
        == build(src, importer.read(FIXTURES / "numbered_sections.txt")).case
    )


def test_big5_file_imports(tmp_path: Path) -> None:
    src = tmp_path / "big5.txt"
    text = (
        "銀杏社區位于洛陽市澗西區，現有居民2650戶、7480人。\n"
        "一、背景\n銀杏社區成立于2012年。\n二、做法\n推行“銀杏議事”工作法。\n"
    )
    src.write_bytes(text.encode("big5"))
    d = build(src, importer.read(src))
    assert d.case["name"] == "银杏社区" and d.case["scale"]["households"] == {"value": 2650, "unit": "户"}
    assert d.case["sources"][0]["script"] == "繁体"


def test_undecodable_file_is_an_error_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "binary.txt"
    src.write_bytes(bytes(range(256)) * 4)
    assert import_cmd.run(args(str(src), "--out", str(tmp_path / "out"))) == 1
    err = capsys.readouterr().err
    assert "无法判断文件编码" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_drafts_pass_casebook_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = [str(p) for p in sorted(FIXTURES.glob("*.txt"))]
    assert import_cmd.run(args(*files, "--out", str(tmp_path))) == 0
    capsys.readouterr()
    parser = argparse.ArgumentParser()
    check.add_arguments(parser)
    code = check.run(parser.parse_args([*(str(p) for p in sorted(tmp_path.iterdir())), "--root", str(ROOT)]))
    out = capsys.readouterr().out
    assert code == 0, out
    assert "错误:" not in out and "3 个案例：0 个错误" in out
