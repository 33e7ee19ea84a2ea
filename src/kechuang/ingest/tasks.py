"""Background extraction of uploaded plan documents."""

from __future__ import annotations

from django_tasks import task

from .services import extract_document


@task()
def run_extraction(document_id: int) -> str:
    return extract_document(document_id).status
