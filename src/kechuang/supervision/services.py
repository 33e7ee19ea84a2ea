"""Operations that change tasks and their supervision. Each is atomic and audited."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from kechuang.core import access
from kechuang.core.audit import save_audited
from kechuang.core.models import Organization
from kechuang.plans.models import Plan

from .choices import UnitRole
from .models import Task, TaskUnit


def _require_admin(actor) -> None:
    # None is the system actor (plan ingestion, imports from the CLI, the demo).
    if actor is not None:
        access.require_bureau_admin(actor)


def _assign_units(task: Task, lead_units: Sequence[Organization], support_units: Sequence[Organization], *, actor) -> None:
    seen: set[int] = set()
    for role, units in ((UnitRole.LEAD, lead_units), (UnitRole.SUPPORT, support_units)):
        for position, organization in enumerate(units):
            if organization.pk in seen:
                continue
            seen.add(organization.pk)
            save_audited(
                TaskUnit(task=task, organization=organization, role=role, position=position),
                actor=actor, reason="指定责任单位",
            )


def create_task(
    plan: Plan, *, actor, title: str, number: str = "", parent: Task | None = None,
    lead_units: Sequence[Organization] = (), support_units: Sequence[Organization] = (),
    deadline: datetime.date | None = None, description: str = "", quote: str = "", reason: str = "",
    **fields: Any,
) -> Task:
    """Add a task to a plan with its lead and supporting units. Bureau admins only."""
    _require_admin(actor)
    if not lead_units:
        raise ValidationError({"lead_units": "任务至少需要一个牵头单位。"})
    with transaction.atomic():
        position = fields.pop("position", None)
        if position is None:
            position = (plan.tasks.aggregate(top=Max("position"))["top"] or 0) + 1
        task = Task(
            plan=plan, parent=parent, number=number, title=title, deadline=deadline,
            description=description, quote=quote, position=position, **fields,
        )
        task.full_clean()
        save_audited(task, actor=actor, reason=reason or "新增任务")
        _assign_units(task, lead_units, support_units, actor=actor)
    return task
