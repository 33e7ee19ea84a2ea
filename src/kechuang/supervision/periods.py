"""Reporting cycles: periods, their labels and due dates, and which reports are late or missing.

Plain Python with no Django imports. Labels: `2025-07` (monthly), `2025-Q1` (quarterly), `2025-H2`
(half-yearly), `2025` (yearly). A label is the key a ProgressReport stores, never translated; its
Chinese display text (2025年第1季度) comes from kechuang.supervision.messages.period_text. A report
for a period is due `grace_days` after the period ends.
"""

from __future__ import annotations

import calendar
import datetime
import functools
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from kechuang.core.codes import CodedError

FREQUENCIES = ("monthly", "quarterly", "half_yearly", "yearly")
MONTHS_PER_PERIOD = {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}
LABEL = re.compile(r"^(?P<year>\d{4})(?:-(?:(?P<month>\d{2})|Q(?P<quarter>[1-4])|H(?P<half>[12])))?$")


@dataclass(frozen=True, order=True)
class Period:
    """One reporting period: its first and last day and its label."""

    start: datetime.date
    end: datetime.date
    label: str

    def due_date(self, grace_days: int) -> datetime.date:
        return self.end + datetime.timedelta(days=grace_days)


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _label(frequency: str, year: int, index: int) -> str:
    if frequency == "monthly":
        return f"{year}-{index:02d}"
    if frequency == "quarterly":
        return f"{year}-Q{index}"
    if frequency == "half_yearly":
        return f"{year}-H{index}"
    return f"{year}"


def period_of(frequency: str, day: datetime.date) -> Period:
    """The period of a frequency that contains a day."""
    if frequency not in MONTHS_PER_PERIOD:
        raise CodedError("frequency_unknown", frequency=frequency)
    months = MONTHS_PER_PERIOD[frequency]
    index = (day.month - 1) // months + 1
    first_month = (index - 1) * months + 1
    return Period(
        datetime.date(day.year, first_month, 1), _month_end(day.year, first_month + months - 1),
        _label(frequency, day.year, index),
    )


def parse_period(label: str) -> tuple[str, Period]:
    """The frequency and period a label names; a CodedError (a ValueError) otherwise."""
    match = LABEL.match((label or "").strip())
    if not match:
        raise CodedError("period_invalid", label=label)
    year = int(match["year"])
    if match["month"]:
        month = int(match["month"])
        if not 1 <= month <= 12:
            raise CodedError("period_month_invalid", label=label)
        return "monthly", period_of("monthly", datetime.date(year, month, 1))
    if match["quarter"]:
        return "quarterly", period_of("quarterly", datetime.date(year, (int(match["quarter"]) - 1) * 3 + 1, 1))
    if match["half"]:
        return "half_yearly", period_of("half_yearly", datetime.date(year, (int(match["half"]) - 1) * 6 + 1, 1))
    return "yearly", period_of("yearly", datetime.date(year, 1, 1))


def next_period(frequency: str, period: Period) -> Period:
    return period_of(frequency, period.end + datetime.timedelta(days=1))


def periods_between(frequency: str, start: datetime.date, end: datetime.date) -> Iterator[Period]:
    """Every period that overlaps [start, end], in order."""
    if end < start:
        return
    period = period_of(frequency, start)
    while period.start <= end:
        yield period
        period = next_period(frequency, period)


def reportable_periods(frequency: str, start: datetime.date, today: datetime.date) -> list[Period]:
    """Periods a unit may report on today: the current one and every past one since `start`."""
    return list(periods_between(frequency, start, today))


@functools.lru_cache(maxsize=64)
def owed_periods(
    frequency: str, start: datetime.date, today: datetime.date, until: datetime.date | None = None
) -> tuple[Period, ...]:
    """The periods from `start` that have ended by today (and by `until`, when given).

    Cached: every task of a plan owes reports for the same periods, and a page asks for hundreds.
    """
    return tuple(
        period for period in periods_between(frequency, start, until or today)
        if period.end < today and (until is None or period.end <= until)
    )


@functools.lru_cache(maxsize=64)
def _owed_due_dates(
    frequency: str, grace_days: int, start: datetime.date, today: datetime.date
) -> tuple[Mapping[str, datetime.date], int]:
    """The due day of each owed period by label (read-only), and how many of them are past."""
    dues = {period.label: period.due_date(grace_days) for period in owed_periods(frequency, start, today)}
    return MappingProxyType(dues), sum(1 for due in dues.values() if due < today)


@dataclass(frozen=True)
class ExpectedReport:
    """A report a unit owes for a period, and what became of it as of a day."""

    key: tuple  # (task id, organization id) — whatever identifies who owes it
    period: Period
    due_date: datetime.date
    submitted_on: datetime.date | None
    # "on_time", "late" (submitted after the due date), "missing" (past due, not submitted),
    # "pending" (not yet due, not submitted)
    verdict: str


def report_verdict(due_date: datetime.date, submitted_on: datetime.date | None, today: datetime.date) -> str:
    if submitted_on is not None:
        return "on_time" if submitted_on <= due_date else "late"
    return "missing" if today > due_date else "pending"


def expected_reports(
    *, frequency: str, grace_days: int, start: datetime.date, today: datetime.date,
    owers: Iterable[tuple], submitted: Mapping[tuple, datetime.date], until: datetime.date | None = None,
    since: datetime.date | None = None,
) -> list[ExpectedReport]:
    """Every report owed by each of `owers` for the periods from `start` that have ended by today
    (and by `until`, when given; `since` keeps the periods ending on or after that day).

    `submitted` maps (*ower, period label) to the day the report was submitted; the current,
    unfinished period is not owed yet.
    """
    periods = [
        (period, period.due_date(grace_days)) for period in owed_periods(frequency, start, today, until)
        if since is None or period.end >= since
    ]
    result = []
    for ower in owers:
        for period, due in periods:
            submitted_on = submitted.get((*ower, period.label))
            result.append(ExpectedReport(ower, period, due, submitted_on, report_verdict(due, submitted_on, today)))
    return result


def report_verdict_counts(
    *, frequency: str, grace_days: int, start: datetime.date, today: datetime.date,
    owers: Iterable[tuple], submitted: Mapping[tuple, datetime.date],
) -> Counter[str]:
    """How many of `expected_reports(...)` have each verdict, without listing them: a pass over the
    submitted reports, whatever the number of periods owed."""
    dues, past_due = _owed_due_dates(frequency, grace_days, start, today)
    owing = Counter(owers)  # an ower listed twice owes twice, as it does in expected_reports
    counts: Counter[str] = Counter()
    for times in owing.values():
        counts["missing"] += times * past_due
        counts["pending"] += times * (len(dues) - past_due)
    for (*ower, label), submitted_on in submitted.items():
        times, due = owing.get(tuple(ower), 0), dues.get(label)
        if times and due is not None:
            counts["missing" if due < today else "pending"] -= times
            counts[report_verdict(due, submitted_on, today)] += times
    return +counts  # without the verdicts nobody has
