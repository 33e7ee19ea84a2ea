from __future__ import annotations

import datetime

from hypothesis import given
from hypothesis import strategies as st

from kechuang.supervision.completion import (
    MilestoneFacts,
    TaskFacts,
    milestone_state,
    own_completion,
    task_overdue,
    tree_completion,
)

D = datetime.date
TODAY = D(2025, 6, 30)


def test_it_counts_completed_milestones_as_a_share():
    task = TaskFacts(1, milestones=(MilestoneFacts(D(2025, 3, 1), D(2025, 2, 1)), MilestoneFacts(D(2025, 9, 1))))
    completion = own_completion(task, TODAY)
    assert (completion.value, completion.source, completion.done, completion.total) == (0.5, "milestones", 1, 2)


def test_it_ignores_typed_percentages_when_the_task_has_milestones():
    task = TaskFacts(1, milestones=(MilestoneFacts(D(2025, 3, 1)),), report_percent=90, manual_percent=80)
    assert own_completion(task, TODAY).value == 0.0


def test_it_does_not_count_a_milestone_completed_after_the_day_asked_about():
    task = TaskFacts(1, milestones=(MilestoneFacts(D(2025, 3, 1), D(2025, 7, 15)),))
    assert own_completion(task, TODAY).value == 0.0
    assert own_completion(task, D(2025, 7, 15)).value == 1.0


def test_it_falls_back_to_the_latest_report_then_the_typed_percentage():
    assert own_completion(TaskFacts(1, report_percent=40, manual_percent=70), TODAY).value == 0.4
    manual = own_completion(TaskFacts(1, manual_percent=70), TODAY)
    assert (manual.value, manual.source) == (0.7, "manual")


def test_it_says_unknown_without_milestones_or_percentages():
    completion = own_completion(TaskFacts(1), TODAY)
    assert completion.value is None and completion.percent is None and completion.source == "none"


def test_it_counts_a_completed_task_as_whole():
    task = TaskFacts(1, status="completed", milestones=(MilestoneFacts(D(2025, 3, 1)),))
    assert own_completion(task, TODAY).value == 1.0


def test_it_averages_children_for_a_parent_and_leaves_unknown_children_out():
    tasks = [
        TaskFacts(1),
        TaskFacts(2, parent_id=1, manual_percent=20),
        TaskFacts(3, parent_id=1, milestones=(MilestoneFacts(D(2025, 1, 1), D(2025, 1, 1)),)),
        TaskFacts(4, parent_id=1),
    ]
    result = tree_completion(tasks, TODAY)
    assert result[1].value == 0.6 and result[1].source == "children" and set(result[1].children) == {2, 3, 4}


def test_it_counts_a_parents_own_milestones_as_one_more_child():
    tasks = [
        TaskFacts(1, milestones=(MilestoneFacts(D(2025, 1, 1), D(2025, 1, 1)),)),
        TaskFacts(2, parent_id=1, manual_percent=0),
    ]
    assert tree_completion(tasks, TODAY)[1].value == 0.5


def test_it_aggregates_grandchildren_through_their_parent():
    tasks = [TaskFacts(1), TaskFacts(2, parent_id=1), TaskFacts(3, parent_id=2, manual_percent=30)]
    assert tree_completion(tasks, TODAY)[1].value == 0.3


def test_it_keeps_a_parents_own_fallback_when_no_child_is_known():
    tasks = [TaskFacts(1, manual_percent=10), TaskFacts(2, parent_id=1)]
    assert tree_completion(tasks, TODAY)[1].value == 0.1


def test_it_survives_a_cycle_in_the_tree():
    tasks = [TaskFacts(1, parent_id=2, manual_percent=10), TaskFacts(2, parent_id=1, manual_percent=50)]
    assert set(tree_completion(tasks, TODAY)) == {1, 2}


def test_it_grades_milestones_by_their_due_date():
    assert milestone_state(MilestoneFacts(D(2025, 6, 1), D(2025, 6, 1)), TODAY) == "done"
    assert milestone_state(MilestoneFacts(D(2025, 6, 1), D(2025, 6, 2)), TODAY) == "done_late"
    assert milestone_state(MilestoneFacts(D(2025, 6, 29)), TODAY) == "overdue"
    assert milestone_state(MilestoneFacts(D(2025, 6, 30)), TODAY) == "open"


def test_it_marks_a_task_overdue_by_its_milestones_or_deadline_unless_completed():
    assert task_overdue(TaskFacts(1, milestones=(MilestoneFacts(D(2025, 1, 1)),)), TODAY)
    assert task_overdue(TaskFacts(1, deadline=D(2025, 6, 1)), TODAY)
    assert not task_overdue(TaskFacts(1, deadline=D(2025, 6, 1), status="completed"), TODAY)
    assert not task_overdue(TaskFacts(1, deadline=D(2025, 7, 1)), TODAY)


dates = st.dates(min_value=D(2020, 1, 1), max_value=D(2030, 12, 31))
milestones = st.lists(st.builds(MilestoneFacts, dates, st.none() | dates), max_size=8)


@given(milestones, dates, dates)
def test_it_never_loses_completion_as_time_passes(ms, first, second):
    early, late = sorted((first, second))
    task = TaskFacts(1, milestones=tuple(ms))
    assert (own_completion(task, early).value or 0) <= (own_completion(task, late).value or 0)


@given(st.lists(st.tuples(milestones, st.none() | st.integers(0, 100)), min_size=1, max_size=6), dates)
def test_it_keeps_every_parent_between_its_childrens_extremes(children, day):
    tasks = [TaskFacts(0)] + [
        TaskFacts(i, parent_id=0, milestones=tuple(ms), manual_percent=p) for i, (ms, p) in enumerate(children, 1)
    ]
    result = tree_completion(tasks, day)
    known = [result[i].value for i in range(1, len(tasks)) if result[i].value is not None]
    if known:
        assert min(known) - 1e-12 <= result[0].value <= max(known) + 1e-12
    else:
        assert result[0].value is None
    assert all(c.value is None or 0 <= c.value <= 1 for c in result.values())
