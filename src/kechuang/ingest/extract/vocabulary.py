"""The words task documents use for their columns and labels, kept as data.

A task-decomposition table (任务分解表) names the same columns in many ways (重点工作任务, 工作任务,
目标任务, 具体内容 …; 主要责任单位, 牵头单位 …), and a task list written as labelled lines uses the
same words as labels (牵头处室（单位）：…, 责任领导：…). Both are read from this vocabulary, so a new
word is added here once, not in a pattern of one layout.
"""

from __future__ import annotations

import re

__all__ = ["COLUMN_WORDS", "column_kind", "label_alternation"]

# Exact column (or label) words by what the column holds. A label may carry a bracketed qualifier
# (牵头处室（单位）), which `column_kind` and `label_alternation` allow for.
COLUMN_WORDS: dict[str, tuple[str, ...]] = {
    "number": ("序号", "编号", "序"),
    # People, not units: the leader who answers for the task.
    "leader": (
        "责任领导", "分管领导", "牵头领导", "联系领导", "包保领导", "责任人", "分管区领导", "分管市领导",
        "分管县领导", "区级责任领导", "市级责任领导", "县级责任领导", "领导",
    ),
    "lead": (
        "主要责任单位", "牵头单位", "牵头部门", "牵头处室", "牵头科室", "主办单位", "主责单位", "主办", "主责部门",
        "责任牵头单位", "牵头责任单位",
    ),
    "support": (
        "协同配合单位", "配合单位", "配合部门", "配合处室", "配合科室", "协办单位", "协办", "协作单位", "参与单位",
        "协同单位", "协同部门", "协助单位", "配合责任单位",
    ),
    # Units without a role: the first leads, unless a lead column or label is there too.
    "plain": ("责任单位", "责任部门", "责任主体", "实施单位", "承办单位", "责任处室", "责任科室"),
    "deadline": (
        "完成时限", "完成期限", "完成时间", "时间节点", "时间要求", "时间安排", "进度安排", "完成时间节点", "时限",
    ),
    "title": (
        "重点工作任务", "工作任务", "目标任务", "具体内容", "重点任务", "任务内容", "工作内容", "主要任务", "具体任务",
        "工作措施", "具体措施", "主要内容", "工作目标", "重点工作", "任务", "内容", "事项",
    ),
    "note": ("备注", "说明"),
}  # fmt: skip
# A header cell not listed above names the task column when it speaks of the work (推进举措).
_TITLE_PART = re.compile(r"(任务|内容|事项|举措|措施|项目|工作|目标)")
_QUALIFIER = re.compile(r"[(（][^()（）]{1,6}[)）]$")
_EXACT = {word: kind for kind, words in COLUMN_WORDS.items() for word in words}


def column_kind(cell: str) -> str | None:
    """What a header cell's column holds (a key of COLUMN_WORDS), or None."""
    word = re.sub(r"\s+", "", cell)
    kind = _EXACT.get(word) or _EXACT.get(_QUALIFIER.sub("", word))
    if kind is not None:
        return kind
    if len(word) <= 12 and _TITLE_PART.search(word):
        return "title"
    return None


def label_alternation(*kinds: str) -> str:
    """A regex alternation of the words of `kinds`, longest first, for labels (X：…)."""
    words = sorted({word for kind in kinds for word in COLUMN_WORDS[kind]}, key=len, reverse=True)
    return "|".join(re.escape(word) for word in words)
