"""Assessments inside the app: the criteria engine over verified figures, stored per tier and year.

`assess_enterprises` builds each enterprise's input record (selectors.assessment_record), runs the
engine (`kechuang.enterprises.criteria.assess`, the same as `kechuang assess`) and upserts one
`Assessment` row per tier, in chunks, reporting progress. The cultivation pools read these rows.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from .criteria import RecordError, assess
from .models import Assessment, Enterprise
from .selectors import assessment_record, record_queryset

logger = logging.getLogger(__name__)
CHUNK = 500
UPDATE_FIELDS = [
    "status", "certified", "score", "score_min", "score_max", "edition", "failing_count", "reach_gap", "gaps",
    "criteria", "computed_at",
]


def default_year() -> int:
    """The evaluation year the app shows: this year (so last year's figures are the latest)."""
    return timezone.localdate().year


def relative_gap(criterion: dict[str, Any]) -> float | None:
    """A failing criterion's gap as a share of its requirement (None when either is not a number)."""
    gap, required = criterion.get("gap"), criterion.get("required")
    if isinstance(gap, bool) or isinstance(required, bool):
        return None
    if not isinstance(gap, (int, float)) or not isinstance(required, (int, float)) or required == 0:
        return None
    return abs(gap) / abs(required)


def summarize(result: dict[str, Any]) -> dict[str, Any]:
    """The stored fields of one tier's output object."""
    criteria = result.get("criteria", [])
    failing = [c for c in criteria if c.get("passed") is False]
    open_items = [c for c in criteria if c.get("passed") is not True]
    gaps = [relative_gap(c) for c in failing]
    score_range = result.get("score_range") or [None, None]
    return {
        "status": result["status"],
        "certified": bool(result.get("certified")),
        "score": result.get("score"),
        "score_min": score_range[0],
        "score_max": score_range[1],
        "edition": str(result.get("edition") or ""),
        "failing_count": len(failing),
        # Within reach only if every failing gap can be measured against its requirement.
        "reach_gap": max(gaps) if gaps and None not in gaps else (0.0 if not failing else None),
        "gaps": open_items,
        "criteria": criteria,
    }


def assessment_rows(enterprise: Enterprise, year: int, now) -> list[Assessment]:
    output = assess(assessment_record(enterprise, year), year=year)
    return [
        Assessment(enterprise=enterprise, year=year, tier=tier, computed_at=now, **summarize(result))
        for tier, result in output["tiers"].items()
    ]


def _write(rows: list[Assessment]) -> None:
    Assessment.objects.bulk_create(
        rows, batch_size=1000, update_conflicts=True, unique_fields=["enterprise", "year", "tier"],
        update_fields=UPDATE_FIELDS,
    )


def assess_enterprises(
    enterprises: Iterable[int] | None, year: int, *, progress: Callable[[int, int], None] | None = None
) -> dict[str, int]:
    """Assess the given enterprise ids (all when None) for `year`; returns counts."""
    ids = list(Enterprise.objects.order_by("pk").values_list("pk", flat=True)) if enterprises is None else sorted(enterprises)
    total, done, skipped = len(ids), 0, 0
    for start in range(0, total, CHUNK):
        chunk = ids[start : start + CHUNK]
        now = timezone.now()
        rows: list[Assessment] = []
        for enterprise in record_queryset().filter(pk__in=chunk):
            try:
                rows.extend(assessment_rows(enterprise, year, now))
            except RecordError as exc:
                skipped += 1
                logger.warning("enterprise %s not assessed: %s", enterprise.pk, exc)
        with transaction.atomic():
            _write(rows)
        done += len(chunk)
        if progress:
            progress(done, total)
    return {"assessed": total - skipped, "skipped": skipped}
