"""Daily reminders: overdue milestones, missing reports and notices unanswered past their deadline.

Each overdue item is raised once to its unit's staff and once to the bureau's admins (in one digest
per plan and run): the `Reminder` table keeps the keys already sent, so the check can run as often
as one likes. Pass `today` explicitly; tests do, rather than freezing the clock.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core.services import notify
from kechuang.plans.choices import PlanStatus
from kechuang.plans.models import Plan
from kechuang.plans.services import bureau_admins, unit_staff

from .choices import NoticeStatus, UnitRole
from .selectors import PlanRecords, load_all_plan_records

DIGEST_LINES = 20


def milestone_topic(milestone_id: int) -> str:
    return f"milestone:{milestone_id}"


def report_topic(task_id: int, organization_id: int, period_label: str) -> str:
    return f"report:{task_id}:{organization_id}:{period_label}"


def notice_topic(notice_id: int) -> str:
    return f"notice:{notice_id}"


@dataclass(frozen=True)
class Overdue:
    key: str  # identifies the item and is the topic of its notifications; reminder keys add the recipient
    organization_id: int
    title: str
    body: str
    link: str


def overdue_items(records: PlanRecords) -> list[Overdue]:
    today = records.today
    items = []
    for task in records.tasks:
        link = reverse("supervision:task_detail", args=[task.pk])
        leads = [a for a in task.assignment_list if a.role == UnitRole.LEAD]
        for milestone in task.milestone_list:
            if records.milestone_state(task, milestone) != "overdue":
                continue
            for lead in leads:
                items.append(Overdue(
                    milestone_topic(milestone.pk), lead.organization_id,
                    _("节点逾期：%(title)s") % {"title": milestone.title},
                    _("任务“%(task)s”的节点应于 %(date)s 完成，尚未完成。")
                    % {"task": task, "date": f"{milestone.due_date:%Y-%m-%d}"},
                    link,
                ))
        for expected in records.report_records(task):
            if expected.verdict != "missing":
                continue
            organization_id = expected.key[0]
            items.append(Overdue(
                report_topic(task.pk, organization_id, expected.period.label), organization_id,
                _("进展报告缺报：%(task)s %(period)s") % {"task": task, "period": expected.period.label},
                _("应于 %(date)s 前报送，尚未报送。") % {"date": f"{expected.due_date:%Y-%m-%d}"},
                reverse("supervision:report_create", args=[task.pk]),
            ))
    for notice in records.notices:
        if notice.status == NoticeStatus.OPEN and notice.reply_due < today:
            items.append(Overdue(
                notice_topic(notice.pk), notice.organization_id,
                _("督办单超期未答复：%(subject)s") % {"subject": notice.subject},
                _("答复期限为 %(date)s。") % {"date": f"{notice.reply_due:%Y-%m-%d}"},
                reverse("supervision:notice_detail", args=[notice.pk]),
            ))
    return items


def _claim(key: str) -> bool:
    """Record a reminder key; False when it was already sent (also by a concurrent run)."""
    from .models import Reminder

    try:
        with transaction.atomic():
            Reminder.objects.create(key=key)
    except IntegrityError:
        return False
    return True


def send_reminders(today: datetime.date | None = None) -> dict[str, int]:
    """Raise every overdue item of the active plans not raised before; returns what was sent."""
    from .models import Reminder

    today = today or timezone.localdate()
    sent = {"unit": 0, "bureau": 0}
    admins = list(bureau_admins())
    plans = Plan.objects.filter(status=PlanStatus.ACTIVE, tasks__isnull=False).distinct()
    for plan in plans:
        items = overdue_items(load_all_plan_records(plan, today=today))
        keys = {f"{i.key}:unit:{i.organization_id}" for i in items} | {f"{i.key}:bureau" for i in items}
        already = set(Reminder.objects.filter(key__in=keys).values_list("key", flat=True))
        fresh_for_bureau = []
        with transaction.atomic():
            for item in items:
                unit_key = f"{item.key}:unit:{item.organization_id}"
                if unit_key not in already and _claim(unit_key):
                    notify(
                        unit_staff(item.organization_id), title=item.title, body=item.body, link=item.link,
                        topic=item.key,
                    )
                    sent["unit"] += 1
                bureau_key = f"{item.key}:bureau"
                if bureau_key not in already and _claim(bureau_key):
                    already.add(bureau_key)  # an item owed by two lead units is one line for the bureau
                    fresh_for_bureau.append(item)
            if fresh_for_bureau and admins:
                lines = [f"· {item.title}" for item in fresh_for_bureau[:DIGEST_LINES]]
                if len(fresh_for_bureau) > DIGEST_LINES:
                    lines.append(_("…另有 %(count)s 项") % {"count": len(fresh_for_bureau) - DIGEST_LINES})
                notify(
                    admins,
                    title=_("督办提醒：%(plan)s 新增 %(count)s 项逾期事项") % {"plan": plan, "count": len(fresh_for_bureau)},
                    body="\n".join(lines),
                    link=reverse("supervision:task_list", args=[plan.pk]),
                )
            sent["bureau"] += len(fresh_for_bureau)
    return sent
