"""Audit trail helpers over django-simple-history.

A model joins the trail with one line, `history = HistoricalRecords()`; services save through
`save_audited` so every entry carries who made the change and why, also outside a request
(imports, the CLI, background tasks).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy


def save_audited(instance: models.Model, *, actor, reason: str = "", **save_kwargs) -> None:
    instance._history_user = actor if (actor is not None and actor.is_authenticated) else None
    instance._change_reason = reason
    instance.save(**save_kwargs)


def delete_audited(instance: models.Model, *, actor, reason: str = "") -> None:
    """Delete a record, leaving a deletion entry with who and why in its history."""
    instance._history_user = actor if (actor is not None and actor.is_authenticated) else None
    instance._change_reason = reason
    instance.delete()


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: object
    new: object


@dataclass(frozen=True)
class AuditEntry:
    when: object
    who: object
    action: str
    reason: str
    changes: list[FieldChange]


ACTION_LABELS = {"+": gettext_lazy("创建"), "~": gettext_lazy("修改"), "-": gettext_lazy("删除")}


def audit_entries(instance: models.Model, limit: int = 50) -> list[AuditEntry]:
    """The change history of one record, newest first, with field-level differences."""
    records = list(instance.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes: list[FieldChange] = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            for change in delta.changes:
                field = instance._meta.get_field(change.field)
                changes.append(FieldChange(change.field, str(field.verbose_name), change.old, change.new))
        entries.append(
            AuditEntry(
                when=record.history_date,
                who=record.history_user,
                action=str(ACTION_LABELS.get(record.history_type, record.history_type)),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    return entries
