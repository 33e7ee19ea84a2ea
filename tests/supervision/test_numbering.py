from __future__ import annotations

import pytest

from kechuang.core.numerals import chinese, from_chinese
from kechuang.supervision.numbering import next_number


@pytest.mark.parametrize("number", range(1, 100))
def test_it_round_trips_chinese_numerals(number):
    assert from_chinese(chinese(number)) == number


@pytest.mark.parametrize(("text", "value"), [("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("九十九", 99), ("十十", None), ("一二", None), ("甲", None)])
def test_it_reads_chinese_numerals(text, value):
    assert from_chinese(text) == value


@pytest.mark.parametrize(
    ("parent", "siblings", "expected"),
    [
        (None, [], "一"),
        (None, ["一", "二"], "三"),
        (None, ["八", "九"], "十"),
        ("二", [], "二.(一)"),
        ("二", ["二.(一)", "", "二.(二)"], "二.(三)"),
        ("二.(一)", [], "二.(一).1"),
        ("二.(一)", ["二.(一).1", "二.(一).9"], "二.(一).10"),
        ("二.(一).1", [], "二.(一).1.(1)"),
        ("三", ["三.（九）"], "三.（十）"),
        ("三", ["三.甲"], ""),
        ("", [], ""),
    ],
)
def test_it_proposes_the_next_number_in_the_outline(parent, siblings, expected):
    assert next_number(parent, siblings) == expected
