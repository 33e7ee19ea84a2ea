"""Policy documents (管理办法, 实施细则, 若干措施): most of their numbers are the rules of a scheme —
awards, subsidy rates, caps, entry conditions, time limits — and not targets. Only the policy's own
goals count: a section headed as goals (工作目标, 发展目标) or a sentence naming a target year
(到2027年, 力争…)."""

from __future__ import annotations

import re

from .text import Line, SectionTracker

__all__ = ["goal_lines", "is_policy"]

# The title of a policy, or of the notice issuing one (关于印发《…管理办法（试行）》的通知).
_POLICY_TITLE = re.compile(
    r"(办法|细则|若干措施|若干政策|政策措施|支持措施|扶持措施|扶持政策|支持政策|暂行规定|实施规定)"
    r"\s*(?:[(（][^()（）]{1,6}[)）])?\s*》?\s*(?:的通知)?\s*$"
)
_TITLE_MAX_LENGTH = 60
_TITLE_LINES = 15
_GOAL_HEADING = re.compile(r"(目标|指标)")
_TARGET_YEAR_PHRASE = re.compile(r"(?:到|至|力争|争取)\s*(?:(?:19|20)\d{2}|20[xX*]{2})\s*年")


def is_policy(lines: list[Line]) -> bool:
    """Whether the document's title (one of its first lines) names a policy."""
    for line in lines[:_TITLE_LINES]:
        text = line.text.strip()
        if text and len(text) <= _TITLE_MAX_LENGTH and _POLICY_TITLE.search(text):
            return True
    return False


def goal_lines(lines: list[Line]) -> list[bool]:
    """For each line of a policy, whether it may state a goal: it lies in a section headed as goals,
    up to the next heading of the same or a higher level, or names a target year itself."""
    goals = SectionTracker()
    result: list[bool] = []
    for line in lines:
        text = line.text.strip()
        level = goals.level(text)
        if level is not None:
            goals.close_at(level)
            if not goals.inside and _GOAL_HEADING.search(re.split(r"[。;；]", text, maxsplit=1)[0][:30]):
                goals.open(level)
        result.append(goals.inside or bool(_TARGET_YEAR_PHRASE.search(text)))
    return result
