from __future__ import annotations

import datetime
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kechuang.core.codes import CodedError
from kechuang.supervision.messages import error_text, period_text
from kechuang.supervision.periods import (
    FREQUENCIES,
    expected_reports,
    next_period,
    parse_period,
    period_of,
    periods_between,
    report_verdict,
    report_verdict_counts,
)

D = datetime.date


@pytest.mark.parametrize(("frequency", "label", "start", "end"), [
    ("monthly", "2025-02", D(2025, 2, 1), D(2025, 2, 28)),
    ("quarterly", "2025-Q1", D(2025, 1, 1), D(2025, 3, 31)),
    ("half_yearly", "2025-H1", D(2025, 1, 1), D(2025, 6, 30)),
    ("yearly", "2025", D(2025, 1, 1), D(2025, 12, 31)),
])
def test_it_labels_periods_and_bounds_them(frequency, label, start, end):
    period = period_of(frequency, D(2025, 2, 14))
    assert (period.label, period.start, period.end) == (label, start, end)
    assert parse_period(label) == (frequency, period)


def test_it_knows_leap_februaries_and_the_fourth_quarter():
    assert period_of("monthly", D(2024, 2, 3)).end == D(2024, 2, 29)
    assert period_of("quarterly", D(2025, 11, 3)).label == "2025-Q4"


def test_it_puts_the_due_date_grace_days_after_the_period_end():
    assert period_of("quarterly", D(2025, 3, 3)).due_date(10) == D(2025, 4, 10)
    assert period_of("yearly", D(2025, 3, 3)).due_date(15) == D(2026, 1, 15)


@pytest.mark.parametrize("label", ["2025-Q5", "2025-13", "2025-H3", "25-Q1", "2025Q1", ""])
def test_it_refuses_malformed_labels_in_chinese(label):
    with pytest.raises(CodedError) as error:
        parse_period(label)
    assert error.value.message.params == {"label": label}
    assert error_text(error.value).startswith(f"报告期“{label}”")


def test_it_refuses_an_unknown_frequency():
    with pytest.raises(CodedError) as error:
        period_of("weekly", D(2025, 1, 1))
    assert error_text(error.value) == "未知的报告周期：weekly"


@pytest.mark.parametrize(
    ("label", "text"),
    [("2025-07", "2025年7月"), ("2025-Q1", "2025年第1季度"), ("2025-H1", "2025年上半年"),
     ("2025-H2", "2025年下半年"), ("2025", "2025年"), ("旧数据", "旧数据")],
)
def test_it_shows_a_stored_period_key_as_chinese_text(label, text):
    assert period_text(label) == text


def test_it_lists_the_periods_overlapping_a_span():
    labels = [p.label for p in periods_between("quarterly", D(2024, 11, 5), D(2025, 4, 1))]
    assert labels == ["2024-Q4", "2025-Q1", "2025-Q2"]


def test_it_judges_reports_on_time_late_missing_or_pending():
    due = D(2025, 4, 10)
    assert report_verdict(due, D(2025, 4, 10), D(2025, 5, 1)) == "on_time"
    assert report_verdict(due, D(2025, 4, 11), D(2025, 5, 1)) == "late"
    assert report_verdict(due, None, D(2025, 4, 11)) == "missing"
    assert report_verdict(due, None, D(2025, 4, 10)) == "pending"


def test_it_detects_late_and_missing_reports_per_task_and_unit():
    records = expected_reports(
        frequency="quarterly", grace_days=10, start=D(2025, 1, 1), today=D(2025, 7, 20),
        owers=[(1, 10), (1, 20)],
        submitted={(1, 10, "2025-Q1"): D(2025, 4, 2), (1, 10, "2025-Q2"): D(2025, 7, 15), (1, 20, "2025-Q1"): D(2025, 5, 1)},
    )
    verdicts = {(r.key, r.period.label): r.verdict for r in records}
    assert verdicts == {
        ((1, 10), "2025-Q1"): "on_time", ((1, 10), "2025-Q2"): "late",
        ((1, 20), "2025-Q1"): "late", ((1, 20), "2025-Q2"): "missing",
    }


def test_it_does_not_owe_the_current_period_nor_periods_before_the_start():
    records = expected_reports(
        frequency="quarterly", grace_days=10, start=D(2025, 4, 1), today=D(2025, 7, 5), owers=[(1,)], submitted={},
    )
    assert [(r.period.label, r.verdict) for r in records] == [("2025-Q2", "pending")]


def test_it_cuts_owed_periods_at_until():
    records = expected_reports(
        frequency="monthly", grace_days=5, start=D(2025, 1, 1), today=D(2025, 12, 20), owers=[(1,)], submitted={},
        until=D(2025, 3, 31),
    )
    assert [r.period.label for r in records] == ["2025-01", "2025-02", "2025-03"]


days = st.dates(min_value=D(1990, 1, 1), max_value=D(2090, 12, 31))


@given(st.sampled_from(FREQUENCIES), days)
def test_it_tiles_time_with_periods_that_round_trip_through_their_labels(frequency, day):
    period = period_of(frequency, day)
    assert period.start <= day <= period.end
    assert parse_period(period.label) == (frequency, period)
    following = next_period(frequency, period)
    assert following.start == period.end + datetime.timedelta(days=1)


@given(st.sampled_from(FREQUENCIES), days, st.integers(0, 60), st.integers(0, 400))
def test_it_owes_only_ended_periods(frequency, start, grace, span):
    today = start + datetime.timedelta(days=span)
    records = expected_reports(
        frequency=frequency, grace_days=grace, start=start, today=today, owers=[(1,)], submitted={},
    )
    assert all(r.period.end < today and r.verdict in ("missing", "pending") for r in records)
    assert all((r.verdict == "missing") == (r.due_date < today) for r in records)


def test_it_keeps_the_periods_ending_since_a_day():
    records = expected_reports(
        frequency="quarterly", grace_days=10, start=D(2024, 1, 1), today=D(2025, 12, 20), owers=[(1,)], submitted={},
        since=D(2025, 1, 1), until=D(2025, 12, 31),
    )
    assert [r.period.label for r in records] == ["2025-Q1", "2025-Q2", "2025-Q3"]


@given(
    st.sampled_from(FREQUENCIES), days, st.integers(0, 30), st.integers(0, 12), st.integers(-1, 1),
    st.lists(st.sampled_from([(1,), (2,), (3,)]), max_size=4),
    st.dictionaries(st.tuples(st.sampled_from([1, 2, 4]), st.integers(0, 14)), st.integers(-2, 2), max_size=12),
)
def test_it_counts_the_verdicts_it_would_list(frequency, start, grace, nth, shift, owers, sent):
    # Judged on a day next to a due date, with reports sent next to theirs: where the verdicts turn.
    periods = [period_of(frequency, start + datetime.timedelta(days=31 * n)) for n in range(15)]
    today = periods[nth].due_date(grace) + datetime.timedelta(days=shift)
    submitted = {
        (unit, periods[n].label): periods[n].due_date(grace) + datetime.timedelta(days=offset)
        for (unit, n), offset in sent.items()
    }
    cycle = {"frequency": frequency, "grace_days": grace, "start": start, "today": today}
    listed = expected_reports(**cycle, owers=owers, submitted=submitted)
    counted = report_verdict_counts(**cycle, owers=owers, submitted=submitted)
    assert counted == Counter(r.verdict for r in listed)
