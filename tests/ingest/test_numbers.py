"""Chinese number parsing: numerals, scale words, units, ranges and masked years."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kechuang.ingest.extract.numbers import (
    Quantity,
    convert,
    parse_chinese_integer,
    parse_number,
    parse_quantity,
    parse_year,
    split_unit,
)

DIGITS = "零一二三四五六七八九"


def to_chinese(value: int) -> str:
    """Write `value` (0 ≤ value < 10^12) the way a plan document would: 一千五百, 两万 as 二万, 十二."""
    if value == 0:
        return "零"

    def below_ten_thousand(number: int) -> str:
        text, zero = "", False
        for power, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            digit = number // power % 10
            if digit == 0:
                zero = bool(text)
                continue
            if zero:
                text += "零"
                zero = False
            text += ("" if digit == 1 and unit == "十" and not text else DIGITS[digit]) + unit
        return text

    parts = []
    for factor, unit in ((100_000_000, "亿"), (10_000, "万"), (1, "")):
        section = value // factor % 10_000
        if section:
            parts.append(below_ten_thousand(section) + unit)
    return "".join(parts)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("十二", 12),
        ("三十", 30),
        ("一百零五", 105),
        ("一千五百", 1500),
        ("两万", 20000),
        ("三万五千", 35000),
        ("二〇二五", 2025),
        ("十", 10),
        ("五亿", 500_000_000),
    ],
)
def test_it_parses_chinese_numerals(text, value):
    assert parse_chinese_integer(text) == value


@pytest.mark.parametrize("text", ["", "万", "科技", "万万", "三四"])
def test_it_refuses_what_is_not_a_chinese_numeral(text):
    assert parse_chinese_integer(text) is None


@given(st.integers(min_value=0, max_value=999_999_999_999))
def test_an_integer_written_in_chinese_reads_back(value):
    assert parse_chinese_integer(to_chinese(value)) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("１２３", 123),
        ("1,500", 1500),
        ("1.5万", 15000),
        ("2万亿", 2_000_000_000_000),
        ("0.5", 0.5),
        ("一千五百", 1500),
        ("xx", None),
    ],
)
def test_it_parses_arabic_full_width_and_mixed_numbers(text, value):
    assert parse_number(text) == value


@given(st.integers(min_value=0, max_value=10**9))
def test_full_width_digits_read_as_half_width(value):
    full_width = "".join(chr(ord(char) + 0xFEE0) for char in str(value))
    assert parse_number(full_width) == value


@pytest.mark.parametrize(
    ("text", "quantity"),
    [
        ("80家", Quantity(80, "家")),
        ("1.5万亩", Quantity(1.5, "万亩")),
        ("8000万元", Quantity(8000, "万元")),
        ("42亿元", Quantity(42, "亿元")),
        ("5万平方米以上", Quantity(5, "万平方米")),
        ("12个百分点", Quantity(12, "个百分点")),
        ("3.2%", Quantity(3.2, "%")),
        ("两万人", Quantity(20000, "人")),
        ("２０ 场次", Quantity(20, "场次")),
        ("2.0吨标煤/万元", Quantity(2, "吨标煤/万元")),
    ],
)
def test_it_keeps_the_unit_as_written(text, quantity):
    assert parse_quantity(text) == quantity


@pytest.mark.parametrize(
    ("text", "quantity"),
    [
        ("3-5家", Quantity(3, "家")),
        ("4~5个", Quantity(4, "个")),
        ("3?4个", Quantity(3, "个")),
        ("3？4个", Quantity(3, "个")),
        ("8—10个", Quantity(8, "个")),
        ("30-50万辆", Quantity(30, "万辆")),
    ],
)
def test_a_range_is_its_lower_bound(text, quantity):
    assert parse_quantity(text) == quantity


def test_a_masked_figure_is_no_quantity():
    assert parse_quantity("xx家") is None


@pytest.mark.parametrize(
    ("value", "unit", "to_unit", "expected"),
    [
        (4, "万人", "人", 40000),
        (8000, "万元", "亿元", 0.8),
        (5, "万平方米", "平方米", 50000),
        (3, "家", "家", 3),
    ],
)
def test_it_converts_between_scales_of_one_unit(value, unit, to_unit, expected):
    assert convert(value, unit, to_unit) == expected


def test_it_does_not_convert_across_units():
    assert convert(3, "家", "人") is None


def test_it_splits_a_scaled_unit():
    assert split_unit("万平方米以上") == ("万平方米", "平方米")
    assert split_unit("年") is None


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("到2025年", 2025),
        ("二〇三五年", 2035),
        ("“十二五”末", 2015),
        ("十一五末", 2010),
        ("十四五期间", 2025),
        ("20XX年", None),
        ("201*年", None),
        ("20-年", None),
    ],
)
def test_it_reads_years_and_plan_periods(text, year):
    assert parse_year(text) == year


@given(st.integers(min_value=1900, max_value=2099))
def test_a_written_year_reads_back(year):
    assert parse_year(f"到{year}年") == year


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("0.45吨标准煤/万元以下", 0.45, "吨标准煤/万元"),
        ("2.5万人年", 2.5, "万人年"),
        ("300人年", 300, "人年"),
        ("18万元/人", 18, "万元/人"),
        ("45件/万人", 45, "件/万人"),
        ("15个工作日以内", 15, "个工作日"),
        ("120家次以上", 120, "家次"),
    ],
)
def test_a_compound_unit_is_kept_whole(text, value, unit):
    assert parse_quantity(text) == Quantity(value, unit)


def test_a_compound_unit_converts_on_its_scale():
    assert convert(2.5, "万人年", "人年") == 25000
    assert convert(3, "万元/人", "元/人") == 30000
    assert convert(3, "万元/人", "万人") is None


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [("3个月以内", 3, "个月"), ("2小时", 2, "小时"), ("85分以上", 85, "分"), ("30分钟", 30, "分钟")],
)
def test_durations_and_scores_are_units(text, value, unit):
    assert parse_quantity(text) == Quantity(value, unit)


def test_a_word_going_on_after_fen_is_no_score():
    assert parse_quantity("1080分辨率") == Quantity(1080, None)
