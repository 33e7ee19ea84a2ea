"""Background work of the registry: spreadsheet imports."""

from __future__ import annotations

import logging

from django.utils import timezone
from django_tasks import task

from .importing import get_spec, run_import
from .models import ImportJob

logger = logging.getLogger(__name__)


def execute_import_job(job_id: int) -> ImportJob:
    """Run one import job to the end, recording progress on the job row as it goes."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.PENDING).update(
        status=ImportJob.Status.RUNNING
    )
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if not claimed:
        return job

    def progress(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job_id).update(processed_rows=done, total_rows=max(total, done))
        logger.info("import job %s (%s): %s/%s rows processed", job_id, job.file_name, done, total)

    spec = get_spec(job.kind)
    result = run_import(
        spec, bytes(job.content), actor=job.created_by, file_name=job.file_name, scope=job.scope, progress=progress
    )
    job.status = ImportJob.Status.SUCCEEDED if result.ok else ImportJob.Status.FAILED
    job.errors = [error.as_dict() for error in result.errors[:1000]]
    job.summary = {**result.summary, "error_count": len(result.errors)}
    job.total_rows = result.total_rows
    job.processed_rows = result.total_rows
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "errors", "summary", "total_rows", "processed_rows", "finished_at"])
    logger.info("import job %s (%s) finished: %s, %s", job_id, job.file_name, job.status, job.summary)
    return job


@task()
def run_import_job(job_id: int) -> str:
    return execute_import_job(job_id).status
