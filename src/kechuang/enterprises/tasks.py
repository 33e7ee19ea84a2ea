"""Background work of the enterprise registry: assessments for every enterprise, or for one."""

from __future__ import annotations

import logging

from django.utils import timezone
from django_tasks import task

from .assessments import assess_enterprises
from .choices import RunStatus
from .models import AssessmentRun

logger = logging.getLogger(__name__)


def execute_run(run_id: int) -> AssessmentRun:
    """Assess every enterprise for the run's year, recording progress on the run row as it goes."""
    claimed = AssessmentRun.objects.filter(pk=run_id, status=RunStatus.PENDING).update(status=RunStatus.RUNNING)
    run = AssessmentRun.objects.get(pk=run_id)
    if not claimed:
        return run

    def progress(done: int, total: int) -> None:
        AssessmentRun.objects.filter(pk=run_id).update(processed=done, total=total)
        logger.info("assessment run %s: %s/%s enterprises", run_id, done, total)

    try:
        counts = assess_enterprises(None, run.year, progress=progress)
    except Exception as exc:  # recorded on the run so the page can say it failed
        logger.exception("assessment run %s failed", run_id)
        AssessmentRun.objects.filter(pk=run_id).update(status=RunStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now())
        raise
    AssessmentRun.objects.filter(pk=run_id).update(status=RunStatus.SUCCEEDED, finished_at=timezone.now())
    logger.info("assessment run %s finished: %s", run_id, counts)
    return AssessmentRun.objects.get(pk=run_id)


@task()
def run_assessments(run_id: int) -> str:
    return execute_run(run_id).status


@task()
def assess_enterprise(enterprise_id: int, year: int) -> dict[str, int]:
    """Re-assess one enterprise, e.g. after the bureau verified its figures."""
    return assess_enterprises([enterprise_id], year)
