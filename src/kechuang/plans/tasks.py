"""Background work of plans: computed indicators, annual reports."""

from __future__ import annotations

import logging

from django_tasks import task

from . import services

logger = logging.getLogger(__name__)


@task()
def refresh_computed_indicators(plan_id: int | None = None) -> dict[str, int]:
    """Fill the observations of metric-bound indicators (see plans.metrics) up to the current year."""
    totals = services.refresh_computed_indicators(plan_id)
    logger.info("computed indicators refreshed: %s", totals)
    return totals
