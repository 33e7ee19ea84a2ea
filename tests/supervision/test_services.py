from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kechuang.core.models import Notification
from kechuang.supervision import services
from kechuang.supervision.models import ProgressReport, TaskUnit

from .conftest import TODAY

D = datetime.date


def test_it_records_who_changed_a_task_and_why(world, personas):
    services.update_task(world.task_a, actor=personas.admin, title="培育高新技术企业和科技型中小企业", reason="按会议纪要调整")
    entry = world.task_a.history.latest()
    assert entry.title == "培育高新技术企业和科技型中小企业"
    assert entry.history_user == personas.admin and entry.history_change_reason == "按会议纪要调整"


def test_it_lets_only_the_bureau_edit_a_task(world, personas):
    with pytest.raises(PermissionDenied):
        services.update_task(world.task_a, actor=personas.staff_a, title="改名")
    with pytest.raises(ValidationError, match="不能设置字段"):
        services.update_task(world.task_a, actor=personas.admin, status="completed")


def test_it_refuses_a_parent_that_would_make_a_cycle(world, personas):
    with pytest.raises(ValidationError, match="上级任务"):
        services.update_task(world.parent, actor=personas.admin, parent=world.task_a)


def test_it_replaces_a_tasks_units_with_an_audit_trail(world, personas):
    services.set_task_units(world.task_a, actor=personas.admin, lead_units=[personas.unit_b], support_units=[personas.unit_a])
    roles = dict(TaskUnit.objects.filter(task=world.task_a).values_list("organization_id", "role"))
    assert roles == {personas.unit_b.pk: "lead", personas.unit_a.pk: "support"}
    assert TaskUnit.history.filter(task_id=world.task_a.pk, history_user=personas.admin).count() == 2
    with pytest.raises(ValidationError, match="牵头单位"):
        services.set_task_units(world.task_a, actor=personas.admin, lead_units=[])


def test_it_moves_a_task_only_along_the_transition_table(world, personas):
    services.change_task_status(world.task_b, actor=personas.admin, status="completed")
    with pytest.raises(ValidationError, match="不能改为"):
        services.change_task_status(world.task_b, actor=personas.admin, status="not_started")
    assert world.task_b.history.latest().status == "completed"


def test_it_lets_a_lead_unit_start_its_task_but_not_complete_it(world, personas):
    task = services.create_task(world.plan, actor=None, title="新任务", lead_units=[personas.unit_a], status="not_started")
    with pytest.raises(PermissionDenied):
        services.change_task_status(task, actor=personas.staff_b, status="in_progress")
    services.change_task_status(task, actor=personas.staff_a, status="in_progress")
    with pytest.raises(PermissionDenied, match="只有科技局"):
        services.change_task_status(task, actor=personas.staff_a, status="completed")


def test_it_lets_lead_staff_add_milestones_but_not_supporting_staff(world, personas):
    milestone = services.add_milestone(world.task_a, actor=personas.staff_a, title="召开推进会", due_date=D(2025, 8, 1))
    assert milestone.history.latest().history_user == personas.staff_a
    with pytest.raises(PermissionDenied, match="牵头单位"):
        services.add_milestone(world.task_a, actor=personas.staff_b, title="配合单位加的", due_date=D(2025, 8, 1))


def test_it_keeps_due_dates_with_the_bureau(world, personas):
    milestone = world.task_a.milestones.first()
    with pytest.raises(PermissionDenied, match="只能由科技局"):
        services.update_milestone(milestone, actor=personas.staff_a, due_date=D(2025, 12, 31))
    services.update_milestone(milestone, actor=personas.staff_a, title="出台高企培育办法")
    services.update_milestone(milestone, actor=personas.admin, due_date=D(2025, 12, 31), reason="延期")
    milestone.refresh_from_db()
    assert (milestone.title, milestone.due_date) == ("出台高企培育办法", D(2025, 12, 31))


def test_it_completes_a_milestone_once_and_not_in_the_future(world, personas):
    milestone = world.task_a.milestones.first()
    with pytest.raises(ValidationError, match="不能晚于今天"):
        services.complete_milestone(milestone, actor=personas.staff_a, completed_on=timezone.localdate() + datetime.timedelta(days=1))
    services.complete_milestone(milestone, actor=personas.staff_a, completed_on=D(2025, 3, 30), evidence="区政府办公室印发")
    with pytest.raises(ValidationError, match="已于 2025-03-30 完成"):
        services.complete_milestone(milestone, actor=personas.admin)


def test_it_takes_a_report_from_a_unit_of_the_task_and_tells_the_bureau(world, personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = services.submit_report(world.task_a, actor=personas.staff_b, period="2025-Q1", text="配合完成摸底", today=TODAY)
    # Submitted on 2025-05-20 for a quarter due 2025-04-10: late.
    assert (report.organization, report.due_date, report.is_late) == (personas.unit_b, D(2025, 4, 10), True)
    assert report.submitted_at.date() == TODAY
    assert Notification.objects.filter(recipient=personas.admin, title__contains="2025-Q1").exists()


def test_it_refuses_a_report_from_a_unit_not_on_the_task(world, personas):
    with pytest.raises(PermissionDenied, match="牵头单位或配合单位"):
        services.submit_report(world.parent, actor=personas.staff_b, period="2025-Q1", text="越权", today=TODAY)
    with pytest.raises(PermissionDenied):
        services.submit_report(world.task_a, actor=personas.admin, period="2025-Q1", text="局里代报", today=TODAY)
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize(("period", "message"), [
    ("2025-Q3", "不可报送"), ("2024-Q4", "不可报送"), ("2025-07", "不可报送"), ("2025-Q9", "格式不正确"),
])
def test_it_takes_reports_only_for_the_current_or_past_periods_of_the_cycle(world, personas, period, message):
    with pytest.raises(ValidationError, match=message):
        services.submit_report(world.task_a, actor=personas.staff_a, period=period, text="进展", today=TODAY)


def test_it_keeps_the_first_submission_time_when_a_report_is_revised(world, personas):
    first = services.submit_report(world.task_a, actor=personas.staff_a, period="2025-Q1", text="初稿", percent=20, today=TODAY)
    second = services.submit_report(world.task_a, actor=personas.staff_a, period="2025-Q2", text="本期", today=TODAY)
    revised = services.submit_report(world.task_a, actor=personas.staff_a, period="2025-Q1", text="修改", percent=30, today=TODAY)
    assert revised.pk == first.pk and revised.submitted_at == first.submitted_at and second.pk != first.pk
    assert [h.text for h in revised.history.order_by("history_id")] == ["初稿", "修改"]


def test_it_limits_the_attachment_size(world, personas, settings):
    settings.KECHUANG_REPORT_MAX_BYTES = 1024
    with pytest.raises(ValidationError, match="超过上限"):
        services.submit_report(
            world.task_a, actor=personas.staff_a, period="2025-Q1", text="附件过大", today=TODAY,
            attachment_name="材料.pdf", attachment=b"x" * 2048,
        )
    report = services.submit_report(
        world.task_a, actor=personas.staff_a, period="2025-Q1", text="附件", today=TODAY,
        attachment_name="材料.pdf", attachment=b"%PDF-1.4",
    )
    assert bytes(ProgressReport.objects.get(pk=report.pk).attachment) == b"%PDF-1.4"


def test_it_validates_supervision_settings(world, personas):
    with pytest.raises(PermissionDenied):
        services.save_supervision_settings(world.plan, actor=personas.staff_a, report_grace_days=30)
    with pytest.raises(ValidationError, match="权重"):
        services.save_supervision_settings(world.plan, actor=personas.admin, weight_reports=-1)
    settings = services.save_supervision_settings(world.plan, actor=personas.admin, report_frequency="monthly")
    assert settings.history.latest().history_user == personas.admin


def test_it_runs_a_notice_from_issue_to_answer_to_close(world, personas, django_capture_on_commit_callbacks):
    due = timezone.localdate() + datetime.timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        notice = services.issue_notice(world.task_a, actor=personas.admin, organization=personas.unit_a,
                                       subject="加快认定进度", body="请说明滞后原因。", reply_due=due)
    assert Notification.objects.filter(recipient=personas.staff_a, title__contains="加快认定进度").exists()
    assert not Notification.objects.filter(recipient=personas.staff_b).exists()
    with pytest.raises(PermissionDenied):
        services.answer_notice(notice, actor=personas.staff_b, reply="不是我们")
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_notice(notice, actor=personas.staff_a, reply="已召开专题会。")
    notice.refresh_from_db()
    assert notice.status == "answered" and notice.answered_on_time and notice.replied_by == personas.staff_a
    assert Notification.objects.filter(recipient=personas.admin, title__contains="已答复").exists()
    with pytest.raises(PermissionDenied):
        services.close_notice(notice, actor=personas.staff_a)
    services.close_notice(notice, actor=personas.admin, reason="整改到位")
    with pytest.raises(ValidationError, match="已办结"):
        services.answer_notice(notice, actor=personas.staff_a, reply="补充")
    assert [h.status for h in notice.history.order_by("history_id")] == ["open", "answered", "closed"]


def test_it_refuses_notices_to_units_off_the_task_or_with_a_past_deadline(world, personas):
    future = timezone.localdate() + datetime.timedelta(days=7)
    with pytest.raises(ValidationError, match="不是该任务的责任单位"):
        services.issue_notice(world.task_b, actor=personas.admin, organization=personas.unit_a,
                              subject="督办", body="内容", reply_due=future)
    with pytest.raises(ValidationError, match="答复期限"):
        services.issue_notice(world.task_a, actor=personas.admin, organization=personas.unit_a,
                              subject="督办", body="内容", reply_due=timezone.localdate() - datetime.timedelta(days=1))
    with pytest.raises(PermissionDenied):
        services.issue_notice(world.task_a, actor=personas.staff_a, organization=personas.unit_a,
                              subject="督办", body="内容", reply_due=future)


def test_it_edits_a_task_and_its_units_all_or_nothing(world, personas):
    with pytest.raises(ValidationError, match="至少需要一个牵头单位"):
        services.edit_task(world.task_b, actor=personas.admin, title="改名后的任务", lead_units=[])
    world.task_b.refresh_from_db()
    assert world.task_b.title == "设立科技金融风险补偿资金"
    services.edit_task(world.task_b, actor=personas.admin, title="改名后的任务", support_units=[personas.unit_a])
    roles = {(a.organization_id, a.role) for a in world.task_b.assignments.all()}
    assert roles == {(personas.unit_b.pk, "lead"), (personas.unit_a.pk, "support")}
