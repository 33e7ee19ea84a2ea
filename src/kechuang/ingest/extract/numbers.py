"""Numbers as plan documents write them: Arabic or Chinese numerals, scale words, units, ranges
and (sometimes masked) years.

Values keep the unit the document shows (12.5万名 is 23.6 in 万名); `convert` moves a value between
units of the same dimension when one quantity appears in two units (4万人 → 40000 人).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import normalise

__all__ = [
    "CN_NUMERAL",
    "MASKED_YEAR",
    "NUMBER",
    "UNIT",
    "Quantity",
    "convert",
    "parse_chinese_integer",
    "parse_number",
    "parse_quantity",
    "parse_year",
    "split_unit",
]

_CN_DIGIT = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_SMALL_UNIT = {"十": 10, "百": 100, "千": 1000}
_CN_BIG_UNIT = {"万": 10_000, "亿": 100_000_000}
CN_NUMERAL = "[零〇一二两三四五六七八九十百千万亿]+"

# An Arabic number: 1,234.5 / 1.5 / 3 (commas as thousands separators only).
_ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
NUMBER = rf"(?:{_ARABIC})(?:万亿|[万亿])?|{CN_NUMERAL}"

# Base units a target is counted or measured in, longest first so 平方米 wins over 米 and 人年 over 人.
_BASE_UNITS = (
    "吨标准煤", "个工作日", "吨标煤", "个百分点", "平方公里", "平方米", "工作日", "个月", "小时", "分钟",
    "场次", "人次", "户次", "家次", "项次",
    "人年", "千瓦时", "千瓦", "兆瓦", "公里", "公顷", "%", "‰", "家", "个", "件", "项", "人", "名", "所",
    "处", "场", "期", "次", "亩", "元", "吨", "辆", "台", "套", "座", "条", "部", "支", "户", "位", "倍",
    "届", "门", "款", "种", "篇", "册", "床", "例", "株", "头", "只", "天", "分", "kg", "km",
)  # fmt: skip
_SCALE = "(?:万亿|亿|万|千|百)"
# 分 is a score (85分以上) only where no word goes on with it (分辨率, 分别, 分类).
_BASE = (
    "(?:"
    + "|".join(
        r"分(?![\u4e00-\u9fff])|分(?=以上|左右|以内|以下)" if unit == "分" else re.escape(unit)
        for unit in _BASE_UNITS
    )
    + ")"
)
# A unit is a base unit or a ratio of two (吨标准煤/万元, 万元/人, 件/万人), kept whole.
UNIT = rf"(?:{_BASE}(?:/{_SCALE}?{_BASE})?)"
_SCALED_UNIT = re.compile(rf"^({_SCALE})?({UNIT})")
_SCALE_FACTOR = {"": 1, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000, "万亿": 1_000_000_000_000}


@dataclass(frozen=True)
class Quantity:
    value: float | int
    unit: str | None


def parse_chinese_integer(text: str) -> int | None:
    """一千五百 → 1500, 两万 → 20000, 十二 → 12, 三十 → 30, 二〇二五 → 2025; None if not a numeral."""
    text = text.strip()
    if not text or any(
        char not in _CN_DIGIT and char not in _CN_SMALL_UNIT and char not in _CN_BIG_UNIT for char in text
    ):
        return None
    if all(char in _CN_DIGIT for char in text) and len(text) == 4:
        # Digit by digit, as years are written (二〇二五).
        return int("".join(str(_CN_DIGIT[char]) for char in text))
    total, section, digit = 0, 0, None
    previous_big = None
    for char in text:
        if char in "零〇" and total + section > 0:
            continue  # 一百零五: the zero only marks a skipped place
        if char in _CN_DIGIT:
            if digit is not None:
                return None  # two digits in a row inside a positional numeral
            digit = _CN_DIGIT[char]
        elif char in _CN_SMALL_UNIT:
            section += (1 if digit is None else digit) * _CN_SMALL_UNIT[char]
            digit = None
        else:
            factor = _CN_BIG_UNIT[char]
            if previous_big is not None and factor >= previous_big:
                return None  # 万万 / 亿万 are not written
            section += digit or 0
            if section == 0:
                return None
            total += section * factor
            section, digit, previous_big = 0, None, factor
    return total + section + (digit or 0)


def parse_number(text: str) -> float | int | None:
    """The value of a number as written: 1,500 / 1.5万 → 15000 / 2万亿 / 一千五百 / 12 (full-width too)."""
    text = normalise(text).strip().replace(",", "")
    match = re.fullmatch(r"(\d+(?:\.\d+)?)(万亿|亿|万|千|百)?", text)
    if match:
        number = float(match.group(1)) * _SCALE_FACTOR[match.group(2) or ""]
        return _tidy(number)
    return parse_chinese_integer(text)


def _tidy(number: float) -> float | int:
    rounded = round(number, 6)
    return int(rounded) if rounded == int(rounded) else rounded


def split_unit(text: str) -> tuple[str, str] | None:
    """The unit at the start of `text` as written (万平方米) and its base (平方米)."""
    match = _SCALED_UNIT.match(text)
    if match is None:
        return None
    return match.group(0), match.group(2)


def parse_quantity(text: str) -> Quantity | None:
    """'1.5万亩' → 1.5 万亩; '80家' → 80 家; '3-5家' / '4~5个' → the lower bound; 'xx家' → None."""
    text = normalise(text).strip()
    match = re.match(rf"({NUMBER})(?:\s*(?:[-~～—–至到?？])\s*({NUMBER}))?\s*(.*)$", text)
    if match is None:
        return None
    number_text, upper, rest = match.group(1), match.group(2), match.group(3)
    upper_scale = re.search(r"(万亿|亿|万)$", upper or "")
    if upper_scale and not re.search(r"(万亿|亿|万)$", number_text):
        # 30-50万辆: the scale written once, after the upper bound, applies to both.
        number_text += upper_scale.group(1)
    unit = split_unit(rest)
    scale = re.search(r"(万亿|亿|万)$", number_text)
    if scale and unit and number_text[0].isdigit():
        # 1.5万亩: the scale word belongs to the unit as written.
        value = parse_number(number_text[: scale.start()])
        unit_text = scale.group(1) + unit[0]
    else:
        value = parse_number(number_text)
        unit_text = unit[0] if unit else None
    if value is None:
        return None
    return Quantity(value=value, unit=unit_text)


def _scale_of(unit: str) -> tuple[int, str]:
    match = _SCALED_UNIT.fullmatch(unit)
    if match is None:
        return 1, unit
    return _SCALE_FACTOR[match.group(1) or ""], match.group(2)


def convert(value: float | int, unit: str, to_unit: str) -> float | int | None:
    """`value` in `unit` expressed in `to_unit` (4 万人 → 40000 人); None across dimensions."""
    factor, base = _scale_of(unit)
    to_factor, to_base = _scale_of(to_unit)
    if base != to_base:
        return None
    return _tidy(value * factor / to_factor)


_PLAN_PERIOD_END = {
    "十五": 2005,
    "十一五": 2010,
    "十二五": 2015,
    "十三五": 2020,
    "十四五": 2025,
    "十五五": 2030,
}
# 20XX, 201*, 20-, 20__, 20?? : a year the copy masked.
MASKED_YEAR = r"(?:19|20)(?:[xX*＊_\-－?？]{1,2}|\d[xX*＊_?？])"


def parse_year(text: str) -> int | None:
    """2025年 / 二〇二五年 → 2025; “十二五”末 → 2015; a masked year (20XX, 201*, 20-) → None."""
    text = normalise(text).strip()
    period = re.search(r"(十[一二三四五]?五)", text)
    if period and period.group(1) in _PLAN_PERIOD_END:
        return _PLAN_PERIOD_END[period.group(1)]
    digits = re.search(r"(?<!\d)((?:19|20)\d{2})(?!\d)", text)
    if digits:
        return int(digits.group(1))
    numeral = re.search(r"[零〇一二三四五六七八九]{4}", text)
    if numeral:
        year = parse_chinese_integer(numeral.group(0))
        return year if year and 1900 <= year <= 2100 else None
    return None
