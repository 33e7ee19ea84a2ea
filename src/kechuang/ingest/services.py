"""From an uploaded document to a committed plan: upload, extract, review, commit."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction

from kechuang.core import access
from kechuang.core.models import Organization

from . import review as review_rules
from .extract import extract
from .extract.readers import DocumentError, read_document
from .extract.units import normalise_unit_name
from .models import PlanDocument

logger = logging.getLogger(__name__)


def max_upload_bytes() -> int:
    return getattr(settings, "KECHUANG_INGEST_MAX_BYTES", 20 * 1024 * 1024)


def upload_document(*, actor, file_name: str, data: bytes) -> PlanDocument:
    """Store an upload and schedule its extraction. Bureau admins only; refuses oversized files at once."""
    access.require_bureau_admin(actor)
    if len(data) > max_upload_bytes():
        raise DocumentError(f"文件“{file_name}”大小为 {len(data) / 1024 / 1024:.1f} MB，超过上限 {max_upload_bytes() // 1024 // 1024} MB。")
    from .tasks import run_extraction

    with transaction.atomic():
        document = PlanDocument.objects.create(file_name=file_name[:200], content=data, uploaded_by=actor)
        transaction.on_commit(lambda: run_extraction.enqueue(document.pk))
    return document


def known_units() -> dict[str, int]:
    """Registry organizations by name and alias, for matching the units a plan names."""
    names: dict[str, int] = {}
    for pk, name, aliases in Organization.objects.values_list("pk", "name", "aliases"):
        names.setdefault(name, pk)
        for alias in aliases or []:
            names.setdefault(alias, pk)
    return names


def _match_units(review: dict[str, Any], registry: dict[str, int]) -> dict[str, Any]:
    """Match each unit name to the registry, also through its normalised form (科工信局 → 区科工信局)."""
    level_prefix = review_rules.plan_level(review["plan"]["title"])
    for name, decision in review["units"].items():
        if decision["organization_id"] is None:
            normalised = normalise_unit_name(name, level_prefix=level_prefix)
            decision["organization_id"] = registry.get(name) or registry.get(normalised)
    return review


def extract_document(document_id: int) -> PlanDocument:
    """Read and extract one document; the proposal waits for review. Claims the row so it runs once."""
    claimed = PlanDocument.objects.filter(pk=document_id, status=PlanDocument.Status.PENDING).update(
        status=PlanDocument.Status.EXTRACTING
    )
    document = PlanDocument.objects.get(pk=document_id)
    if not claimed:
        return document
    try:
        text = read_document(bytes(document.content), document.file_name, max_bytes=max_upload_bytes())
        extraction = extract(text, document=document.file_name)
    except DocumentError as exc:
        document.status, document.error = PlanDocument.Status.FAILED, str(exc)
    except Exception:  # an extractor bug must not leave the document stuck in "extracting"
        logger.exception("extraction failed for document %s", document_id)
        document.status, document.error = PlanDocument.Status.FAILED, "解析时发生内部错误，已记录，请联系管理员。"
    else:
        registry = known_units()
        review = review_rules.initial_review(text, extraction, document.file_name, registry)
        document.text, document.extraction = text, extraction
        document.review = _match_units(review, registry)
        document.status = PlanDocument.Status.READY
    document.save(update_fields=["text", "extraction", "review", "status", "error"])
    logger.info("规划文件 %s 解析结束：%s", document.file_name, document.get_status_display())
    return document


def _require_reviewable(document: PlanDocument, actor) -> None:
    access.require_bureau_admin(actor)
    if document.status != PlanDocument.Status.READY:
        raise PermissionDenied(f"该文件当前状态为“{document.get_status_display()}”，不能修改审核结果。")


def save_review(document: PlanDocument, review: dict[str, Any], *, actor) -> PlanDocument:
    """Store a new review state, only while the document still awaits review (checked in the UPDATE)."""
    _require_reviewable(document, actor)
    updated = PlanDocument.objects.filter(pk=document.pk, status=PlanDocument.Status.READY).update(review=review)
    if not updated:
        raise PermissionDenied("该文件已生成规划或不在审核中。")
    document.review = review
    return document
