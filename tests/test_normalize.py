"""`casebook normalize`: what a contributor sees when pasting a messy Chinese text."""

from __future__ import annotations

import argparse
import codecs
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casebook.commands.normalize import add_arguments, run
from casebook.text import chinese
from casebook.text.normalize import DecodeError, decode, normalize, strip_annotations
from casebook.text.quantities import parse_figures

FIXTURES = Path(__file__).parent / "fixtures" / "import"
HAN_RE = re.compile(f"[{chinese.HAN}]")
PINYIN_RE = re.compile(r"[（(][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+[）)]")
TONED_PAREN_RE = re.compile(r"[（(][a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*[）)]")


# --- pinyin annotations ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("社區(qū)服務(wù)", "社区服务"),
        ("籌集資金2.62萬(wàn)元", "筹集资金2.62万元"),  # inside a figure
        ("從來沒(", "从来没"),  # truncated at the very end
        ("從來沒(méi", "从来没"),
        ("社區（qū）", "社区"),  # full-width parentheses
        ("的(de)事", "的事"),  # toneless, but a reading of 的
    ],
)
def test_pinyin_annotations_are_removed(raw: str, expected: str) -> None:
    assert normalize(raw) == expected + "\n"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("(一)建設好班子", "（一）建设好班子"),
        ("辦法(试行)第三條", "办法（试行）第三条"),
        ("年報(2021)已發布", "年报(2021)已发布"),
        ("下載(PDF)版", "下载(PDF)版"),
        ("社區(康乐)分站", "社区（康乐）分站"),
        ("社区(community)中心", "社区(community)中心"),
    ],
)
def test_legitimate_parentheses_survive(raw: str, expected: str) -> None:
    assert normalize(raw) == expected + "\n"


def test_a_line_break_ends_a_truncated_annotation_but_keeps_the_next_line() -> None:
    assert normalize("還沒(\n下一段文字") == "还没\n下一段文字\n"


# --- script, punctuation, look-alikes, whitespace -------------------------------------------


def test_traditional_becomes_simplified_and_proper_names_keep_their_yun() -> None:
    out = normalize("云鋼社區位于南召縣云陽鎮")
    assert out == "云钢社区位于南召县云阳镇\n"
    assert chinese.traditional_spans(out) == []


def test_halfwidth_punctuation_inside_chinese_becomes_fullwidth() -> None:
    out = normalize("社區成立時,資源缺乏;如:“七一”慰問!怎麼辦?")
    assert out == "社区成立时，资源缺乏；如：“七一”慰问！怎么办？\n"
    assert chinese.halfwidth_punctuation(out) == []


@pytest.mark.parametrize(
    "kept",
    ["2.5万元", "8:30开门", "见 https://example.org/a,b?c=1 页面", "hello, world", "IE8及以上"],
)
def test_ascii_stays_in_numbers_times_urls_and_latin(kept: str) -> None:
    assert normalize(kept) == kept + "\n"


def test_fullwidth_digits_and_time_become_ascii() -> None:
    assert normalize("８：３０集合，共２．５万人") == "8:30集合，共2.5万人\n"


def test_commas_between_chinese_quotes_become_fullwidth() -> None:
    assert normalize("称为“社区110”,“只要拨打”") == "称为“社区110”，“只要拨打”\n"


def test_kangxi_and_supplement_radicals_become_ordinary_characters() -> None:
    # ⼈ U+2F08 (Kangxi), ⻓ U+2ED3 and ⻔ U+2ED4 (CJK Radicals Supplement), 六 U+F9D1 (compatibility)
    out = normalize("\u2f08民\u2ed3江\u2ed4口\uf9d1个")
    assert out == "人民长江门口六个\n"
    assert not re.search("[\u2e80-\u2fdf\uf900-\ufaff]", out)


def test_whitespace_is_normalized() -> None:
    raw = "\ufeff\u3000\u3000第一段 ，有  空格。  \r\n\r\n\r\n\r\n第二段\u200b文字\t\n\n"
    assert normalize(raw) == "第一段，有 空格。\n\n第二段文字\n"


def test_ascii_quotes_around_chinese_become_curly() -> None:
    assert normalize('推行"五好"工作法') == "推行“五好”工作法\n"


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("*.txt")), ids=lambda p: p.name)
def test_fixtures_come_out_clean_and_stable(fixture: Path) -> None:
    out = normalize(fixture.read_text("utf-8"))
    assert normalize(out) == out
    assert not PINYIN_RE.search(out)
    assert chinese.traditional_spans(out) == []
    assert chinese.halfwidth_punctuation(out) == []


# --- decoding -------------------------------------------------------------------------------

SIMPLIFIED = (FIXTURES / "numbered_sections.txt").read_text("utf-8")
TRADITIONAL = "銀杏社區位于洛陽市澗西區，現有居民兩千六百戶。社區黨委下設網格黨支部。\n"


@pytest.mark.parametrize(
    ("text", "encoding", "prefix"),
    [
        (SIMPLIFIED, "utf-8", b""),
        (SIMPLIFIED, "utf-8", codecs.BOM_UTF8),
        (SIMPLIFIED, "utf-16-le", codecs.BOM_UTF16_LE),
        (SIMPLIFIED, "utf-16-be", codecs.BOM_UTF16_BE),
        (SIMPLIFIED, "utf-16-le", b""),
        (SIMPLIFIED, "utf-16-be", b""),
        (SIMPLIFIED, "gbk", b""),
        (SIMPLIFIED, "gb18030", b""),
        (TRADITIONAL, "big5", b""),
        (TRADITIONAL, "utf-16-le", b""),
        (TRADITIONAL, "gb18030", b""),
    ],
)
def test_decode_recognizes_the_encodings_contributors_use(text: str, encoding: str, prefix: bytes) -> None:
    assert decode(prefix + text.encode(encoding), "x.txt") == text


@pytest.mark.parametrize("data", [bytes(range(256)), b"\x00\x01\x02\x03", b"\xff" * 9])
def test_undecidable_bytes_give_a_chinese_error(data: bytes) -> None:
    with pytest.raises(DecodeError, match=r"无法判断文件编码.*另存为 UTF-8"):
        decode(data, "bad.txt")


def _args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return parser.parse_args(argv)


def test_cli_prints_normalized_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "big5.txt"
    src.write_bytes(TRADITIONAL.encode("big5"))
    assert run(_args(str(src))) == 0
    assert capsys.readouterr().out == normalize(TRADITIONAL)


def test_cli_fails_cleanly_on_undecidable_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "binary.bin"
    src.write_bytes(bytes(range(256)))
    assert run(_args(str(src))) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "错误" in captured.err and "binary.bin" in captured.err and "Traceback" not in captured.err


def test_cli_reports_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(_args(str(tmp_path / "nope.txt"))) == 1
    assert "文件不存在" in capsys.readouterr().err


# --- properties -----------------------------------------------------------------------------

# Traditional and Simplified characters of this domain, including one-to-many ones (后/後, 干/幹).
HAN_POOL = "社區区黨党員员網网格務务個个後后幹干部發发現现云鋼钢陽阳鎮镇戶户萬万元居民服務建設好人多"
ANNOTATED = ["區(qū)", "務(wù)", "個(gè)", "萬(wàn)", "黨(dǎng)", "發(fā)"]
PIECES = st.one_of(
    st.sampled_from(list(HAN_POOL)),
    st.sampled_from(ANNOTATED),
    st.sampled_from(list(',.:;!?()（）“”"、 \n\t\u3000')),
    st.sampled_from(["12", "3.5", "8:30", "abc", "PDF", "(一)", "(2021)", "(试行)", "http://a.cn/x"]),
)
TEXTS = st.lists(PIECES, max_size=40).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=40))
def test_normalize_never_drops_a_han_character_outside_an_annotation(pieces: list[str]) -> None:
    text = "".join(pieces)
    expected = len(HAN_RE.findall(strip_annotations(text)))
    assert len(HAN_RE.findall(normalize(text))) == expected
    # and the annotations themselves are gone (every toned syllable in ANNOTATED follows its Han)
    assert not TONED_PAREN_RE.search(normalize(text))


FIGURES = st.tuples(
    st.sampled_from(["", "近", "约", "超"]),
    st.one_of(st.integers(1, 99999).map(str), st.decimals(0, 999, places=2).map(lambda d: f"{d:.2f}")),
    st.sampled_from(["", "余", "多"]),
    st.sampled_from(["", "萬(wàn)", "万"]),
    st.sampled_from(["户", "戶", "人", "名", "個(gè)", "元", "人次", "平方米", "%"]),
)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["社區(qū)共有", "现有居民", "累計(jì)籌集", "黨員", ""]), FIGURES)
def test_figures_survive_normalization_with_the_same_value(prefix: str, parts: tuple[str, ...]) -> None:
    before, number, after, scale, unit = parts
    if unit == "%" and scale:
        scale = ""
    if before and after:
        after = ""
    text = f"{prefix}{before}{number}{after}{scale}{unit}，其他。"
    found = parse_figures(normalize(text))
    assert found, text
    fig = found[0]
    assert fig.value == float(number)
    assert fig.qualifier == {"近": "近", "约": "约", "超": "超"}.get(before, after)
    expected_unit = ("万" if scale else "") + chinese.to_simplified(strip_annotations(unit))
    assert fig.unit == expected_unit


def test_a_stray_byte_is_replaced_and_reported_with_its_offset() -> None:
    from casebook.text.normalize import decode_with_warnings

    good = "和平里社区位于南通市崇川区，辖区有居民1860户。".encode()
    data = good[:15] + b"\xff" + good[15:]
    text, warnings = decode_with_warnings(data, "x.txt")
    assert "\ufffd" in text and text.replace("\ufffd", "") == good.decode()
    assert (
        len(warnings) == 1 and "x.txt" in warnings[0] and "字节偏移 15" in warnings[0] and "FF" in warnings[0]
    )
    assert decode_with_warnings(good, "x.txt") == (good.decode(), [])


def test_a_gbk_file_is_not_taken_for_utf8_with_stray_bytes() -> None:
    from casebook.text.normalize import decode_with_warnings

    text = "社区党委推行“一征三议两公开”工作法，居民3120户。"
    assert decode_with_warnings(text.encode("gbk"), "g.txt") == (text, [])


def test_refusal_names_the_first_bad_byte() -> None:
    with pytest.raises(DecodeError, match="第一个不是 UTF-8 的字节在第 4 字节"):
        decode(b"abcd" + bytes(range(128, 256)) * 8, "bin.txt")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("基層,,在社區。", "基层，在社区。"),
        ("黨組織,、在廣大黨員", "党组织、在广大党员"),
        ("全面領導,。習近平", "全面领导。习近平"),
        ("業委會形同虛設﹔12345熱線", "业委会形同虚设；12345热线"),
        ('以“五個創建"及“雙擴雙創”為載體', "以“五个创建”及“双扩双创”为载体"),
        ("問題?;诂F(xiàn)狀", "问题？；诂F状"),
    ],
)
def test_broken_conversions_are_repaired(raw: str, expected: str) -> None:
    assert normalize(raw) == expected + "\n"
    assert normalize(normalize(raw)) == normalize(raw)
