"""The next number of a task in a plan's outline (一 → (一) → 1 → (1), joined with dots: 三.(二).1).

Plain Python: the task form proposes it, the bureau may overwrite it; a plan never has one number twice.
"""

from __future__ import annotations

import re

from kechuang.core.numerals import chinese, from_chinese

_BRACKETED = re.compile(r"([(（])(.+)([)）])")


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


def free_number(parent_number: str | None, sibling_numbers: list[str], taken: set[str]) -> str:
    """As `next_number`, stepping on past numbers another task of the plan already has (numbers
    are unique within a plan); "" when the outline's form cannot continue."""
    number = next_number(parent_number, sibling_numbers)
    for _attempt in range(100):
        if not number or number not in taken:
            return number
        number = next_number(parent_number, [number])
    return ""


MAX_LENGTH = 40  # Task.number's max_length


def unique_number(number: str, taken: set[str]) -> str:
    """The number as given, or, when the plan already has it (a document that numbers two tasks
    alike), the number with the first free suffix: 一.1, 一.1-2, 一.1-3 … "" stays "" (unnumbered)."""
    number = number[:MAX_LENGTH]
    if not number or number not in taken:
        return number
    suffix = 2
    while True:
        tail = f"-{suffix}"
        candidate = number[: MAX_LENGTH - len(tail)] + tail
        if candidate not in taken:
            return candidate
        suffix += 1
