"""The next number of a task in a plan's outline (一 → (一) → 1 → (1), joined with dots: 三.(二).1).

Plain Python: the task form proposes it, the bureau may overwrite it.
"""

from __future__ import annotations

import re

DIGITS = "一二三四五六七八九"
_CHINESE = re.compile(r"[一二三四五六七八九十]+")
_BRACKETED = re.compile(r"([(（])(.+)([)）])")


def chinese(number: int) -> str:
    """1–99 in Chinese numerals: 一, 十, 十一, 二十, 二十三."""
    if not 1 <= number <= 99:
        raise ValueError(f"only 1–99 have a numeral here, not {number}")
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


def _next_label(label: str) -> str | None:
    if label.isdigit():
        return str(int(label) + 1)
    bracketed = _BRACKETED.fullmatch(label)
    inner = bracketed[2] if bracketed else label
    if inner.isdigit():
        following = str(int(inner) + 1)
    else:
        value = from_chinese(inner)
        if value is None or value >= 99:
            return None
        following = chinese(value + 1)
    return f"{bracketed[1]}{following}{bracketed[3]}" if bracketed else following


def _first_child_label(parent_label: str) -> str:
    """The outline's next level: 一 → (一) → 1 → (1)."""
    if from_chinese(parent_label) is not None:
        return "(一)"
    bracketed = _BRACKETED.fullmatch(parent_label)
    if bracketed and from_chinese(bracketed[2]) is not None:
        return "1"
    if parent_label.isdigit():
        return "(1)"
    return "1"


def next_number(parent_number: str | None, sibling_numbers: list[str]) -> str:
    """The number after the last numbered sibling; for a first child, the parent's next outline level.

    "" when the last sibling's numbering is not one of the outline's forms.
    """
    numbered = [number for number in sibling_numbers if number]
    if numbered:
        prefix, _, label = numbered[-1].rpartition(".")
        following = _next_label(label)
        if following is None:
            return ""
        return f"{prefix}.{following}" if prefix else following
    if parent_number is None:
        return "一"
    if not parent_number:
        return ""
    return f"{parent_number}.{_first_child_label(parent_number.rpartition('.')[2])}"
