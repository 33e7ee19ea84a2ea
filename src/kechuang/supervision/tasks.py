"""Background work of supervision: the daily reminder check."""

from __future__ import annotations

import datetime

from django_tasks import task

from .reminders import send_reminders


@task()
def run_reminders(today: str | None = None) -> dict[str, int]:
    """`today` as YYYY-MM-DD (task arguments must be JSON); None: the current day."""
    return send_reminders(datetime.date.fromisoformat(today) if today else None)
