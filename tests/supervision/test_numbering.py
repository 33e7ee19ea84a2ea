from __future__ import annotations

import pytest

from kechuang.core.numerals import chinese, from_chinese
from kechuang.supervision.numbering import free_number, next_number, unique_number


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


@pytest.mark.parametrize(
    ("parent", "siblings", "taken", "expected"),
    [
        (None, ["一", "二"], {"一", "二"}, "三"),
        (None, ["一", "三", "二"], {"一", "二", "三"}, "四"),  # the last sibling's next one is taken
        ("二", [], {"二", "二.(一)"}, "二.(二)"),  # a task numbered 二.(一) hangs elsewhere
        ("二", ["x"], {"二", "x"}, ""),
    ],
)
def test_it_proposes_a_number_no_task_of_the_plan_has(parent, siblings, taken, expected):
    assert free_number(parent, siblings, taken) == expected


@pytest.mark.parametrize(
    ("number", "taken", "expected"),
    [
        ("一.1", set(), "一.1"),
        ("一.1", {"一.1"}, "一.1-2"),
        ("一.1", {"一.1", "一.1-2", "一.1-3"}, "一.1-4"),
        ("", {""}, ""),
        ("1" * 45, set(), "1" * 40),
        ("1" * 45, {"1" * 40}, "1" * 38 + "-2"),
    ],
)
def test_it_suffixes_a_number_the_plan_already_has(number, taken, expected):
    assert unique_number(number, taken) == expected
