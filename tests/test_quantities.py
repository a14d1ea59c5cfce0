"""Figures as the sources write them: value, unit and qualifier must come out exactly."""

from __future__ import annotations

import pytest

from casebook.text.quantities import chinese_number, format_figure, magnitude, parse_figures


@pytest.mark.parametrize(
    ("text", "value", "unit", "qualifier"),
    [
        ("争取总投资4100余万元的项目", 4100, "万元", "余"),
        ("每年接待1.5万人次以上", 1.5, "万人次", "以上"),
        ("服务近1000人次", 1000, "人次", "近"),
        ("二十余名党员", 20, "名", "余"),
        ("60岁以上老人", 60, "岁", "以上"),
        ("占比已达20%", 20, "%", ""),
        ("人均月收入超3000元", 3000, "元", "超"),
        ("超过500户", 500, "户", "超"),
        ("约300户", 300, "户", "约"),
        ("总面积1万余平方", 1, "万平方", "余"),
        ("硬化3.1万余平方米", 3.1, "万平方米", "余"),
        ("累计筹集2.62万元", 2.62, "万元", ""),
        ("设置百余项精品课程", 100, "项", "余"),
        ("组建28支民间服务队", 28, "支", ""),
        ("辖区面积1.28平方公里", 1.28, "平方公里", ""),
    ],
)
def test_one_figure(text: str, value: float, unit: str, qualifier: str) -> None:
    [fig] = parse_figures(text)
    assert (fig.value, fig.unit, fig.qualifier) == (value, unit, qualifier)
    assert text[fig.span[0] : fig.span[1]] == fig.text


def test_several_figures_in_reading_order() -> None:
    found = parse_figures("管辖居民3430户共12250人，流动人口546人")
    assert [(f.value, f.unit) for f in found] == [(3430, "户"), (12250, "人"), (546, "人")]
    assert [f.text for f in found] == ["3430户", "12250人", "546人"]


@pytest.mark.parametrize(
    "text", ["2019年10月", "IE8及以上版本", "“12345”工作法", "千家万户", "一个核心", "第03版"]
)
def test_not_figures(text: str) -> None:
    assert parse_figures(text) == []


def test_qualified_figure_keeps_its_qualifier_for_comparison() -> None:
    [fig] = parse_figures("4100余万元")
    as_dict = fig.figure()
    assert as_dict == {"value": 4100, "unit": "万元", "qualifier": "余"}
    assert magnitude(as_dict) == 41_000_000  # sorting value; the 余 travels with it
    assert format_figure(as_dict) == "4100余万元"


@pytest.mark.parametrize("text", ["近1000人次", "1000多人", "20%", "12250人", "2.62万元"])
def test_format_figure_round_trips_what_was_parsed(text: str) -> None:
    [fig] = parse_figures(text)
    assert format_figure(fig.figure()) == text


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("二十", 20),
        ("十五", 15),
        ("一百二十", 120),
        ("两千五百", 2500),
        ("二〇二一", 2021),
        ("三", 3),
        ("二三", None),
        ("二三十", None),
    ],
)
def test_chinese_numerals(text: str, value: int | None) -> None:
    assert chinese_number(text) == value


@pytest.mark.parametrize(
    ("text", "value", "unit", "qualifier"),
    [
        ("举办文化活动48场次", 48, "场次", ""),
        ("全社区共有3150住户", 3150, "住户", ""),
        ("提出3方面的建议", 3, "方面", ""),
        ("租用办公室40平米", 40, "平米", ""),
        ("历经四轮谈判", 4, "轮", ""),
        ("有39年党龄", 39, "年", ""),
        ("坚持了20多年", 20, "年", "多"),
        ("卫生评比加5分", 5, "分", ""),
        ("化解纠纷140余起", 140, "起", "余"),
        ("实现总产值55.6亿", 55.6, "亿", ""),
        ("固定资产20余亿元", 20, "亿元", "余"),
        ("8对亲子", 8, "对", ""),
    ],
)
def test_units_the_sources_use(text: str, value: float, unit: str, qualifier: str) -> None:
    [fig] = parse_figures(text)
    assert (fig.value, fig.unit, fig.qualifier) == (value, unit, qualifier)


@pytest.mark.parametrize(
    "text",
    [
        "第100场活动",
        "2022年底",
        "两年前",
        "三年后",
        "十分重要",
        "三台县",
        "社区四周",
        "2014年大洪水",
        "2019年以来",
    ],
)
def test_ordinals_time_points_and_words_are_no_figures(text: str) -> None:
    assert parse_figures(text) == []


def test_stacked_qualifiers_are_all_kept() -> None:
    [fig] = parse_figures("向近20余家共建单位发出邀请")
    assert (fig.value, fig.unit, fig.qualifier, fig.qualifiers) == (20, "家", "近", ("近", "余"))
    assert fig.figure() == {"value": 20, "unit": "家", "qualifier": "近"}
