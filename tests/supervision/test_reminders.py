from __future__ import annotations

import datetime
import io

from django.core.management import call_command
from django.utils import timezone

from kechuang.core.models import Notification
from kechuang.supervision import services
from kechuang.supervision.models import Reminder
from kechuang.supervision.reminders import send_reminders
from kechuang.supervision.tasks import run_reminders

from .conftest import TODAY


def titles(user) -> list[str]:
    return sorted(Notification.objects.filter(recipient=user).values_list("title", flat=True))


def test_it_reminds_units_of_overdue_milestones_and_missing_reports(world, personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sent = send_reminders(today=TODAY)
    assert titles(personas.staff_a) == [
        "节点逾期：出台培育办法", "进展报告缺报：一 提升企业创新能力 2025-Q1", "进展报告缺报：一.1 培育高新技术企业 2025-Q1",
    ]
    # unit_b leads 一.2 only; supporting 一.1 owes no report under the default settings.
    assert titles(personas.staff_b) == ["进展报告缺报：一.2 设立科技金融风险补偿资金 2025-Q1"]
    digest = Notification.objects.get(recipient=personas.admin)
    assert "新增 4 项" in digest.title and "出台培育办法" in digest.body
    assert sent == {"unit": 4, "bureau": 4}
    assert not Notification.objects.filter(recipient=personas.alice).exists()


def test_it_sends_each_reminder_once(world, personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(today=TODAY)
        again = send_reminders(today=TODAY + datetime.timedelta(days=1))
    assert again == {"unit": 0, "bureau": 0}
    assert Notification.objects.filter(recipient=personas.staff_a).count() == 3
    assert Reminder.objects.filter(key__endswith=":bureau").count() == 4


def test_it_stops_reminding_once_the_report_is_in(world, personas, django_capture_on_commit_callbacks):
    services.submit_report(world.task_a, actor=personas.staff_a, period="2025-Q1", text="已推进", today=TODAY)
    services.submit_report(world.parent, actor=personas.staff_a, period="2025-Q1", text="已推进", today=TODAY)
    services.complete_milestone(world.task_a.milestones.first(), actor=personas.staff_a, completed_on=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(today=TODAY)
    assert titles(personas.staff_a) == []


def test_it_marks_a_reminder_read_once_its_matter_is_dealt_with(world, personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(today=TODAY)
    unread = Notification.objects.filter(recipient=personas.staff_a, read_at__isnull=True)
    assert unread.count() == 3
    with django_capture_on_commit_callbacks(execute=True):
        services.complete_milestone(world.task_a.milestones.first(), actor=personas.staff_a, completed_on=TODAY)
        services.submit_report(world.task_a, actor=personas.staff_a, period="2025-Q1", text="已推进", today=TODAY)
    assert list(unread.values_list("title", flat=True)) == ["进展报告缺报：一 提升企业创新能力 2025-Q1"]
    digest = Notification.objects.get(recipient=personas.admin, title__startswith="督办提醒")
    assert digest.read_at is None  # the bureau's digest stays until someone reads it


def test_it_reminds_of_notices_unanswered_past_their_deadline(world, personas, django_capture_on_commit_callbacks):
    due = timezone.localdate() + datetime.timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        notice = services.issue_notice(world.task_b, actor=personas.admin, organization=personas.unit_b,
                                       subject="风险补偿资金进度", body="请答复", reply_due=due)
        send_reminders(today=due)
        assert not Notification.objects.filter(title__contains="超期未答复").exists()
        send_reminders(today=due + datetime.timedelta(days=1))
    assert "督办单超期未答复：风险补偿资金进度" in titles(personas.staff_b)
    assert Reminder.objects.filter(key=f"notice:{notice.pk}:bureau").exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_notice(notice, actor=personas.staff_b, reply="已拨付首批资金")
    about_notice = Notification.objects.filter(recipient=personas.staff_b, title__contains="风险补偿资金进度")
    assert about_notice.count() == 2 and not about_notice.filter(read_at__isnull=True).exists()


def test_it_runs_from_the_command_line_and_as_a_background_task(world, personas):
    out = io.StringIO()
    call_command("remind", "--date", TODAY.isoformat(), stdout=out)
    assert "已提醒责任单位 4 项" in out.getvalue()
    result = run_reminders.enqueue((TODAY + datetime.timedelta(days=200)).isoformat())
    # Half a year later the Q2/Q3 reports and the September milestone are new; the old ones are not repeated.
    assert result.return_value["unit"] > 0
    assert Reminder.objects.filter(key__startswith="report:", key__contains="2025-Q1").count() == 6
