"""Chinese numerals 一 to 九十九, as outlines and report chapters number their parts.

Plain Python: the task outline (supervision.numbering) and the annual report's chapters use them.
"""

from __future__ import annotations

import re

DIGITS = "一二三四五六七八九"
_CHINESE = re.compile(r"[一二三四五六七八九十]+")


def chinese(number: int) -> str:
    """1–99 in Chinese numerals: 一, 十, 十一, 二十, 二十三."""
    if not 1 <= number <= 99:
        raise ValueError(f"{number} is outside 1–99")
    tens, ones = divmod(number, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else DIGITS[tens - 1] + "十")
    return head + ("" if ones == 0 else DIGITS[ones - 1])


def from_chinese(text: str) -> int | None:
    """The value of a Chinese numeral up to 九十九, or None."""
    if not _CHINESE.fullmatch(text) or text.count("十") > 1:
        return None
    if "十" not in text:
        return DIGITS.index(text) + 1 if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1:
        return None
    return (DIGITS.index(tens) + 1 if tens else 1) * 10 + (DIGITS.index(ones) + 1 if ones else 0)
