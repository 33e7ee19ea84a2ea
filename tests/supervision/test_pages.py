from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from kechuang.plans.choices import PlanStatus
from kechuang.supervision import services
from kechuang.supervision.models import ProgressReport, SupervisionNotice, SupervisionSettings, TaskUnit

from .conftest import OVERDUE_TITLES

D = datetime.date


@pytest.fixture
def notice_a(world, personas):
    return services.issue_notice(world.task_a, actor=personas.admin, organization=personas.unit_a,
                                 subject="加快认定进度", body="请说明滞后原因。", reply_due=timezone.localdate())


def test_it_lists_a_plans_tasks_as_a_numbered_tree_with_overdue_marks(client_for, world, personas):
    response = client_for(personas.admin).get(reverse("supervision:task_list", args=[world.plan.pk]))
    rows = [row.task.number for row in response.context["rows"]]
    assert rows == ["一", "一.1", "一.2"]
    assert [row.depth for row in response.context["rows"]] == [0, 1, 1]
    html = response.content.decode()
    assert 'data-testid="overdue-mark"' in html and "培育高新技术企业" in html


def test_it_filters_the_task_list_by_unit_and_answers_htmx_with_the_rows_only(client_for, world, personas):
    client = client_for(personas.staff_b)
    url = reverse("supervision:task_list", args=[world.plan.pk])
    response = client.get(url, {"unit": personas.unit_b.pk}, HTTP_HX_REQUEST="true")
    assert [row.task.number for row in response.context["rows"]] == ["一.1", "一.2"]
    assert "<html" not in response.content.decode()


def test_it_keeps_the_task_list_query_count_flat(client_for, world, personas, django_assert_max_num_queries):
    client = client_for(personas.admin)
    url = reverse("supervision:task_list", args=[world.plan.pk])
    for index in range(15):
        task = services.create_task(world.plan, actor=None, title=f"任务{index}", parent=world.task_b,
                                    lead_units=[personas.unit_b], support_units=[personas.unit_a])
        services.add_milestone(task, actor=None, title="节点", due_date=D(2025, 6, 30))
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert len(response.context["rows"]) == 18


@pytest.mark.parametrize("persona", ["alice", "institution_user", "expert"])
def test_it_hides_supervision_from_users_outside_government(client_for, world, personas, notice_a, persona):
    client = client_for(getattr(personas, persona))
    for url in (
        reverse("supervision:task_mine"),
        reverse("supervision:task_list", args=[world.plan.pk]),
        reverse("supervision:task_detail", args=[world.task_a.pk]),
        reverse("supervision:notice_detail", args=[notice_a.pk]),
        reverse("supervision:scorecard_list", args=[world.plan.pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_it_shows_reports_only_to_the_units_of_the_task(client_for, world, personas):
    services.submit_report(world.parent, actor=personas.staff_a, period="2025-Q1", text="统筹推进情况", today=D(2025, 4, 2))
    assert "统筹推进情况" in client_for(personas.staff_a).get(reverse("supervision:task_detail", args=[world.parent.pk])).content.decode()
    response = client_for(personas.staff_b).get(reverse("supervision:task_detail", args=[world.parent.pk]))
    assert response.status_code == 200 and "统筹推进情况" not in response.content.decode()
    assert response.context["history"] == []


def test_it_takes_a_report_with_an_attachment_from_unit_staff(client_for, world, personas):
    client = client_for(personas.staff_a)
    url = reverse("supervision:report_create", args=[world.task_a.pk])
    upload = SimpleUploadedFile("进展材料.pdf", b"%PDF-1.4 report")
    response = client.post(url, {"organization": personas.unit_a.pk, "period": "2025-Q2", "text": "完成摸底", "percent": 40,
                                 "attachment": upload})
    assert response.status_code == 302
    report = ProgressReport.objects.get(task=world.task_a)
    assert (report.period, report.percent, report.attachment_name) == ("2025-Q2", 40, "进展材料.pdf")
    download = client.get(reverse("supervision:report_attachment", args=[report.pk]))
    assert download.content == b"%PDF-1.4 report"
    # The bureau reads it; a unit not on the task does not even learn it exists.
    assert client_for(personas.admin).get(reverse("supervision:report_attachment", args=[report.pk])).status_code == 200


def test_it_refuses_an_oversized_attachment_with_a_clear_error(client_for, world, personas, settings):
    settings.KECHUANG_REPORT_MAX_BYTES = 100
    response = client_for(personas.staff_a).post(
        reverse("supervision:report_create", args=[world.task_a.pk]),
        {"organization": personas.unit_a.pk, "period": "2025-Q2", "text": "附件大", "attachment": SimpleUploadedFile("大.pdf", b"x" * 500)},
    )
    assert response.status_code == 200 and "超过上限" in response.content.decode()
    assert not ProgressReport.objects.exists()


def test_it_forbids_reporting_on_another_units_task(client_for, world, personas):
    client = client_for(personas.staff_b)
    url = reverse("supervision:report_create", args=[world.parent.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"organization": personas.unit_b.pk, "period": "2025-Q1", "text": "越权"}).status_code == 403
    assert not ProgressReport.objects.exists()


def test_it_keeps_a_units_notices_from_other_units(client_for, world, personas, notice_a):
    url = reverse("supervision:notice_detail", args=[notice_a.pk])
    assert client_for(personas.staff_b).get(url).status_code == 404
    assert client_for(personas.staff_b).post(reverse("supervision:notice_answer", args=[notice_a.pk]), {"reply": "x"}).status_code == 404
    response = client_for(personas.staff_a).get(url)
    assert response.context["answer_form"] is not None and response.context["close_form"] is None


def test_it_lets_the_noticed_unit_answer_and_the_bureau_close(client_for, world, personas, notice_a):
    staff = client_for(personas.staff_a)
    staff.post(reverse("supervision:notice_answer", args=[notice_a.pk]), {"reply": "已召开专题会"})
    assert SupervisionNotice.objects.get(pk=notice_a.pk).status == "answered"
    assert staff.post(reverse("supervision:notice_close", args=[notice_a.pk]), {}).status_code == 403
    client_for(personas.admin).post(reverse("supervision:notice_close", args=[notice_a.pk]), {"reason": "整改到位"})
    assert SupervisionNotice.objects.get(pk=notice_a.pk).status == "closed"


def test_it_lets_only_the_bureau_issue_notices(client_for, world, personas):
    url = reverse("supervision:notice_create", args=[world.task_a.pk])
    assert client_for(personas.staff_a).get(url).status_code == 403
    response = client_for(personas.admin).post(url, {
        "organization": personas.unit_b.pk, "subject": "配合不到位", "body": "请说明", "reply_due": timezone.localdate().isoformat(),
    })
    assert response.status_code == 302
    assert SupervisionNotice.objects.get().organization == personas.unit_b


def test_it_lets_lead_staff_complete_milestones_and_not_supporting_staff(client_for, world, personas):
    milestone = world.task_a.milestones.first()
    url = reverse("supervision:milestone_complete", args=[milestone.pk])
    assert client_for(personas.staff_b).post(url, {"completed_on": "2025-03-30"}).status_code == 403
    client_for(personas.staff_a).post(url, {"completed_on": "2025-03-30", "evidence": "已印发"})
    milestone.refresh_from_db()
    assert milestone.completed_on == D(2025, 3, 30)


def test_it_lets_the_bureau_edit_a_tasks_units_and_status(client_for, world, personas):
    assert client_for(personas.staff_a).get(reverse("supervision:task_edit", args=[world.task_b.pk])).status_code == 403
    client = client_for(personas.admin)
    client.post(reverse("supervision:task_edit", args=[world.task_b.pk]), {
        "number": "一.2", "title": "设立风险补偿资金池", "parent": world.parent.pk,
        "lead_units": [personas.unit_b.pk], "support_units": [personas.unit_a.pk],
        "leaders": "王明", "recurrence": "quarterly",
    })
    assert TaskUnit.objects.get(task=world.task_b, organization=personas.unit_a).role == "support"
    detail = client.get(reverse("supervision:task_detail", args=[world.task_b.pk])).content.decode()
    assert ">王明</dd>" in detail and "（每季度）" in detail
    client.post(reverse("supervision:task_status", args=[world.task_b.pk]), {"status": "completed"})
    world.task_b.refresh_from_db()
    assert (world.task_b.title, world.task_b.status) == ("设立风险补偿资金池", "completed")


def test_it_shows_unit_staff_their_tasks_due_reports_and_open_notices(client_for, world, personas, notice_a):
    response = client_for(personas.staff_a).get(reverse("supervision:task_mine"))
    [(plan, rows)] = response.context["my_plans"]
    assert plan == world.plan and [row.task.number for row in rows] == ["一", "一.1"]
    assert {(task.number, expected.period.label) for task, expected in response.context["due_reports"]} >= {("一", "2025-Q1")}
    assert response.context["open_notices"] == [notice_a]
    assert client_for(personas.staff_b).get(reverse("supervision:task_mine")).context["open_notices"] == []


def test_it_shows_the_scorecard_and_opens_only_ones_own_drill_down(client_for, world, personas):
    url = reverse("supervision:scorecard_list", args=[world.plan.pk])
    response = client_for(personas.staff_a).get(url, {"year": 2025})
    assert response.context["viewable"] == {personas.unit_a.pk}
    html = response.content.decode()
    assert 'data-ranking-chart="scorecard-chart-data"' in html and "supervision/charts.js" in html
    own = reverse("supervision:scorecard_detail", args=[world.plan.pk, personas.unit_a.pk])
    other = reverse("supervision:scorecard_detail", args=[world.plan.pk, personas.unit_b.pk])
    detail = client_for(personas.staff_a).get(own, {"year": 2025})
    assert "出台培育办法" in detail.content.decode() and "逾期未完成" in detail.content.decode()
    assert client_for(personas.staff_a).get(other, {"year": 2025}).status_code == 403
    assert client_for(personas.admin).get(other, {"year": 2025}).status_code == 200


def test_it_keeps_the_scorecard_query_count_flat(client_for, world, personas, django_assert_max_num_queries):
    for index in range(10):
        task = services.create_task(world.plan, actor=None, title=f"任务{index}", lead_units=[personas.unit_b])
        services.add_milestone(task, actor=None, title="节点", due_date=D(2025, 6, 30))
    client = client_for(personas.admin)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("supervision:scorecard_list", args=[world.plan.pk]), {"year": 2025})
    assert len(response.context["scorecard"].rows) == 2


def test_it_lets_only_the_bureau_change_settings(client_for, world, personas):
    url = reverse("supervision:settings_edit", args=[world.plan.pk])
    assert client_for(personas.staff_a).get(url).status_code == 403
    response = client_for(personas.admin).post(url, {
        "report_frequency": "monthly", "report_grace_days": 5, "weight_milestones": 0.5, "weight_reports": 0.2,
        "weight_indicators": 0.2, "weight_notices": 0.1, "support_role_weight": 0.3,
    })
    assert response.status_code == 302
    settings = SupervisionSettings.objects.get(plan=world.plan)
    assert (settings.report_frequency, settings.report_grace_days, settings.support_role_weight) == ("monthly", 5, 0.3)


def test_it_names_the_wrong_weight_in_the_settings_form(client_for, world, personas):
    response = client_for(personas.admin).post(reverse("supervision:settings_edit", args=[world.plan.pk]), {
        "report_frequency": "monthly", "report_grace_days": 5, "weight_milestones": 0.5, "weight_reports": 0.2,
        "weight_indicators": 0.2, "weight_notices": 0.1, "support_role_weight": 3,
    })
    assert "配合单位系数应在 0 到 1 之间" in response.content.decode()


def test_it_adds_the_supervision_entry_to_the_menu_for_government_users_only(client_for, world, personas):
    assert "任务督办" in client_for(personas.staff_a).get(reverse("core:home")).content.decode()
    assert "任务督办" not in client_for(personas.alice).get(reverse("core:home")).content.decode()


def test_it_filters_the_task_list_to_the_overdue_tasks_alone_or_of_a_unit(client_for, crowded_plan, personas):
    client = client_for(personas.staff_b)
    url = reverse("supervision:task_list", args=[crowded_plan.pk])
    assert len(client.get(url).context["rows"]) == 27
    response = client.get(url, {"overdue": "1"})
    assert [row.task.title for row in response.context["rows"]] == OVERDUE_TITLES
    assert '<option value="1" selected>' in response.content.decode()
    response = client.get(url, {"overdue": "1", "unit": personas.unit_b.pk}, HTTP_HX_REQUEST="true")
    assert [row.task.title for row in response.context["rows"]] == OVERDUE_TITLES[1::2]


def test_it_scopes_the_overdue_task_list_to_the_plan_and_to_who_may_see_it(client_for, crowded_plan, world, personas):
    query = {"overdue": "1"}
    # The world plan's own overdue task only, not the crowded plan's.
    rows = client_for(personas.staff_a).get(reverse("supervision:task_list", args=[world.plan.pk]), query).context["rows"]
    assert [row.task.pk for row in rows] == [world.task_a.pk]
    url = reverse("supervision:task_list", args=[crowded_plan.pk])
    assert client_for(personas.alice).get(url, query).status_code == 404
    crowded_plan.status = PlanStatus.DRAFT
    crowded_plan.save(update_fields=["status"])
    assert client_for(personas.staff_a).get(url, query).status_code == 404
    assert len(client_for(personas.admin).get(url, query).context["rows"]) == 25
