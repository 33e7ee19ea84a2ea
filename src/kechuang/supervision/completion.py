"""How complete a task is, and whether it or its milestones are overdue.

Plain Python with no Django imports. The rule (docs/guide/supervision.md):

1. A task marked completed is 100 %.
2. A task with milestones is the share of its milestones completed by the day asked about
   (each milestone counts once), whatever percentage anyone typed.
3. Without milestones, the percentage of the latest progress report, else the percentage the
   bureau typed on the task, is the fallback; with neither, completion is unknown.
4. A parent task is the mean of its children's completions (unknown children left out), with its
   own milestones, if any, counted as one more child; with no known child, rule 1–3 apply to it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

COMPLETED = "completed"


@dataclass(frozen=True)
class MilestoneFacts:
    due_date: datetime.date
    completed_on: datetime.date | None = None


@dataclass(frozen=True)
class TaskFacts:
    id: int
    parent_id: int | None = None
    status: str = "in_progress"
    milestones: tuple[MilestoneFacts, ...] = ()
    report_percent: int | None = None
    manual_percent: int | None = None
    deadline: datetime.date | None = None


@dataclass(frozen=True)
class Completion:
    """A completion between 0 and 1 (None: unknown), where it came from, and the milestone counts."""

    value: float | None
    source: str  # "status", "milestones", "report", "manual", "children" or "none"
    done: int = 0
    total: int = 0
    children: tuple[int, ...] = field(default=())

    @property
    def percent(self) -> int | None:
        return None if self.value is None else round(self.value * 100)


def milestone_state(milestone: MilestoneFacts, today: datetime.date, *, task_completed: bool = False) -> str:
    """"done" (by its due date), "done_late", "overdue" (past due, not done) or "open"; with
    `task_completed`, a milestone left undone is "closed": the task is finished, nothing is owed."""
    if milestone.completed_on is not None and milestone.completed_on <= today:
        return "done" if milestone.completed_on <= milestone.due_date else "done_late"
    if task_completed:
        return "closed"
    return "overdue" if milestone.due_date < today else "open"


def own_completion(task: TaskFacts, as_of: datetime.date) -> Completion:
    """Rules 1–3, for the task alone."""
    total = len(task.milestones)
    done = sum(1 for m in task.milestones if m.completed_on is not None and m.completed_on <= as_of)
    if task.status == COMPLETED:
        return Completion(1.0, "status", done, total)
    if total:
        return Completion(done / total, "milestones", done, total)
    if task.report_percent is not None:
        return Completion(_fraction(task.report_percent), "report")
    if task.manual_percent is not None:
        return Completion(_fraction(task.manual_percent), "manual")
    return Completion(None, "none")


def _fraction(percent: int) -> float:
    return min(max(percent, 0), 100) / 100


def tree_completion(tasks: Iterable[TaskFacts], as_of: datetime.date) -> dict[int, Completion]:
    """Completion of every task of a tree (rule 4 for parents), by task id."""
    by_id = {task.id: task for task in tasks}
    children: dict[int, list[int]] = {}
    for task in by_id.values():
        if task.parent_id in by_id:
            children.setdefault(task.parent_id, []).append(task.id)
    result: dict[int, Completion] = {}

    def visit(task_id: int, path: frozenset[int]) -> Completion:
        if task_id in result:
            return result[task_id]
        task = by_id[task_id]
        own = own_completion(task, as_of)
        kids = [kid for kid in children.get(task_id, []) if kid not in path]  # a cycle must not recurse forever
        known = [c.value for c in (visit(kid, path | {task_id}) for kid in kids) if c.value is not None]
        if own.source == "status" or not known:
            completion = Completion(own.value, own.source, own.done, own.total, tuple(kids))
        else:
            values = [*known, own.value] if own.source == "milestones" else known
            completion = Completion(sum(values) / len(values), "children", own.done, own.total, tuple(kids))
        result[task_id] = completion
        return completion

    for task_id in by_id:
        visit(task_id, frozenset())
    return result


def task_overdue(task: TaskFacts, today: datetime.date) -> bool:
    """A task not completed with a milestone or its own deadline past."""
    if task.status == COMPLETED:
        return False
    if task.deadline is not None and task.deadline < today:
        return True
    return any(milestone_state(m, today) == "overdue" for m in task.milestones)
