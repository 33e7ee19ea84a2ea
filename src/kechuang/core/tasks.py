"""Background work of the registry: spreadsheet imports."""

from __future__ import annotations

import logging

from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import TaskResult, TaskResultStatus, task

from .importing import ImportResult, RowError, get_spec, run_import
from .models import ImportJob

logger = logging.getLogger(__name__)

UNFINISHED = (ImportJob.Status.PENDING, ImportJob.Status.RUNNING)


def internal_error() -> RowError:
    """The job-level entry of an import that broke off on an error of ours, not of the file."""
    return RowError(0, "", _("导入时发生内部错误，整份文件未导入；错误已记录，请联系管理员。"))


def execute_import_job(job_id: int) -> ImportJob:
    """Run one import job to the end, recording progress on the job row as it goes.

    Whatever happens, the job ends succeeded or failed: its success is saved in the transaction of
    the write, and an unexpected error (a bug in a spec's write, a lost database connection) rolls
    the write back, is logged, and fails the job with a job-level reason, so its page stops polling.
    """
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.PENDING).update(
        status=ImportJob.Status.RUNNING
    )
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if not claimed:
        return job

    def progress(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job_id).update(processed_rows=done, total_rows=max(total, done))
        logger.info("import job %s (%s): %s/%s rows processed", job_id, job.file_name, done, total)

    def record(result: ImportResult) -> None:
        job.status = ImportJob.Status.SUCCEEDED if result.ok else ImportJob.Status.FAILED
        job.errors = [error.as_dict() for error in result.errors[:1000]]
        job.summary = {**result.summary, "error_count": len(result.errors)}
        job.total_rows = result.total_rows
        job.processed_rows = result.total_rows
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "errors", "summary", "total_rows", "processed_rows", "finished_at"])

    try:
        spec = get_spec(job.kind)
        result = run_import(
            spec, bytes(job.content), actor=job.created_by, file_name=job.file_name, scope=job.scope,
            progress=progress, written=record,
        )
        if not result.ok:
            record(result)
    except Exception:
        logger.exception("import job %s (%s) broke off", job_id, job.file_name)
        fail_import_job(job_id)
        return ImportJob.objects.get(pk=job_id)
    logger.info("import job %s (%s) finished: %s, %s", job_id, job.file_name, job.status, job.summary)
    return job


def fail_import_job(job_id: int) -> bool:
    """Mark a job that broke off as failed with the internal-error reason, unless it has finished.

    The conditional UPDATE leaves a job another worker finished untouched; True if this one failed it.
    """
    return bool(ImportJob.objects.filter(pk=job_id, status__in=UNFINISHED).update(
        status=ImportJob.Status.FAILED,
        errors=[internal_error().as_dict()],
        summary={"error_count": 1, "internal_error": True},
        finished_at=timezone.now(),
    ))


@task()
def run_import_job(job_id: int) -> str:
    return execute_import_job(job_id).status


def on_task_finished(sender, task_result: TaskResult, **kwargs) -> None:
    """The task runner's report that a task ended: an import task that failed outside
    `execute_import_job`'s own handling (the worker stopped by a second Ctrl+C or SIGTERM mid-job,
    its job row unwritable) leaves the job failed instead of running for ever."""
    if task_result.status != TaskResultStatus.FAILED or task_result.task.module_path != run_import_job.module_path:
        return
    job_id = (task_result.args or [None])[0]
    if isinstance(job_id, int) and fail_import_job(job_id):
        logger.error("import job %s failed in the task runner: %s", job_id, task_result.errors)
