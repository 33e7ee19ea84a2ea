from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from kechuang.supervision import services
from kechuang.supervision.models import ProgressReport

from .conftest import OVERDUE_TITLES

D = datetime.date


@pytest.fixture
def records(world, personas):
    services.submit_report(world.parent, actor=personas.staff_a, period="2025-Q1", text="统筹推进", today=D(2025, 4, 2))
    services.submit_report(world.task_b, actor=personas.staff_b, period="2025-Q1", text="资金到位", today=D(2025, 4, 2))
    notice = services.issue_notice(world.task_a, actor=personas.admin, organization=personas.unit_a,
                                   subject="加快认定进度", body="请说明", reply_due=timezone.localdate())
    return notice


def test_it_lists_a_plans_tasks_with_completion_and_units(client_for, world, personas):
    body = client_for(personas.staff_b).get(f"/api/plans/{world.plan.pk}/tasks").json()
    assert [item["number"] for item in body["items"]] == ["一", "一.1", "一.2"]
    task_a = body["items"][1]
    assert task_a["completion"] == 0.0 and task_a["completion_source"] == "milestones" and task_a["overdue"]
    assert [u["name"] for u in task_a["support_units"]] == [personas.unit_b.name]
    filtered = client_for(personas.staff_b).get(f"/api/plans/{world.plan.pk}/tasks", {"unit": personas.unit_a.pk}).json()
    assert [item["number"] for item in filtered["items"]] == ["一", "一.1"]


def test_it_keeps_the_task_list_api_query_count_flat(client_for, world, personas, django_assert_max_num_queries):
    client = client_for(personas.admin)
    for index in range(12):
        services.create_task(world.plan, actor=None, title=f"任务{index}", lead_units=[personas.unit_b])
    with django_assert_max_num_queries(12):
        body = client.get(f"/api/plans/{world.plan.pk}/tasks").json()
    assert body["count"] == 15


def test_it_hides_tasks_from_enterprise_users(client_for, world, personas, records):
    client = client_for(personas.alice)
    assert client.get(f"/api/plans/{world.plan.pk}/tasks").status_code == 404
    assert client.get(f"/api/tasks/{world.task_a.pk}").status_code == 404
    assert client.get(f"/api/plans/{world.plan.pk}/scorecards", {"year": 2025}).status_code == 404
    assert client.get("/api/progress-reports").json()["count"] == 0
    assert client.get("/api/notices").json()["count"] == 0


def test_it_scopes_progress_reports_to_the_units_tasks(client_for, world, personas, records):
    texts = {r["text"] for r in client_for(personas.staff_b).get("/api/progress-reports").json()["items"]}
    assert texts == {"资金到位"}  # 一 is unit_a's alone
    texts = {r["text"] for r in client_for(personas.admin).get("/api/progress-reports").json()["items"]}
    assert texts == {"资金到位", "统筹推进"}


def test_it_takes_a_report_over_the_api_and_refuses_another_units_task(client_for, world, personas):
    client = client_for(personas.staff_b)
    response = client.post(f"/api/tasks/{world.task_b.pk}/reports", {"period": "2025-Q2", "text": "进展", "percent": 50},
                           content_type="application/json")
    assert response.status_code == 201 and response.json()["organization"]["id"] == personas.unit_b.pk
    refused = client.post(f"/api/tasks/{world.parent.pk}/reports", {"period": "2025-Q2", "text": "越权"},
                          content_type="application/json")
    assert refused.status_code == 403 and "牵头单位或配合单位" in refused.json()["detail"]
    bad = client.post(f"/api/tasks/{world.task_b.pk}/reports", {"period": "2099-Q1", "text": "未来"},
                      content_type="application/json")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "period"
    assert ProgressReport.objects.count() == 1


def test_it_keeps_notices_between_the_bureau_and_the_noticed_unit(client_for, world, personas, records):
    notice = records
    assert client_for(personas.staff_b).get("/api/notices").json()["count"] == 0
    assert client_for(personas.staff_b).get(f"/api/notices/{notice.pk}").status_code == 404
    answer = client_for(personas.staff_b).post(f"/api/notices/{notice.pk}/answer", {"reply": "x"}, content_type="application/json")
    assert answer.status_code == 404
    answered = client_for(personas.staff_a).post(f"/api/notices/{notice.pk}/answer", {"reply": "已整改"},
                                                 content_type="application/json")
    assert answered.json()["status"] == "answered" and answered.json()["answered_on_time"]
    assert client_for(personas.staff_a).post(f"/api/notices/{notice.pk}/close", {}, content_type="application/json").status_code == 403
    closed = client_for(personas.admin).post(f"/api/notices/{notice.pk}/close", {"reason": "办结"}, content_type="application/json")
    assert closed.json()["status"] == "closed"


def test_it_lets_only_the_bureau_issue_notices_over_the_api(client_for, world, personas):
    payload = {"organization_id": personas.unit_b.pk, "subject": "督办", "body": "请答复",
               "reply_due": timezone.localdate().isoformat()}
    url = f"/api/tasks/{world.task_b.pk}/notices"
    assert client_for(personas.staff_b).post(url, payload, content_type="application/json").status_code == 403
    response = client_for(personas.admin).post(url, payload, content_type="application/json")
    assert response.status_code == 201 and response.json()["organization"]["id"] == personas.unit_b.pk


def test_it_manages_milestones_over_the_api(client_for, world, personas):
    client = client_for(personas.staff_a)
    created = client.post(f"/api/tasks/{world.task_a.pk}/milestones", {"title": "召开推进会", "due_date": "2025-08-01"},
                          content_type="application/json")
    assert created.status_code == 201
    milestone_id = created.json()["id"]
    moved = client.patch(f"/api/milestones/{milestone_id}", {"due_date": "2025-12-01"}, content_type="application/json")
    assert moved.status_code == 403
    done = client.post(f"/api/milestones/{milestone_id}/complete", {"completed_on": "2025-07-30"}, content_type="application/json")
    assert done.json()["state"] == "done"
    listed = client.get(f"/api/tasks/{world.task_a.pk}/milestones").json()
    assert [m["title"] for m in listed] == ["出台培育办法", "召开推进会", "完成首批认定"]
    staff_b = client_for(personas.staff_b)
    assert staff_b.post(f"/api/tasks/{world.task_a.pk}/milestones", {"title": "x", "due_date": "2025-08-01"},
                        content_type="application/json").status_code == 403


def test_it_changes_task_status_by_the_table(client_for, world, personas):
    client = client_for(personas.admin)
    assert client.post(f"/api/tasks/{world.task_b.pk}/status", {"status": "completed"}, content_type="application/json").json()["completion"] == 1.0
    refused = client.post(f"/api/tasks/{world.task_b.pk}/status", {"status": "not_started"}, content_type="application/json")
    assert refused.status_code == 422 and "不能改为" in refused.json()["errors"][0]["message"]


def test_it_serves_scorecards_with_records_for_ones_own_unit_only(client_for, world, personas, records):
    body = client_for(personas.staff_a).get(f"/api/plans/{world.plan.pk}/scorecards", {"year": 2025}).json()
    rows = {row["organization"]["id"]: row for row in body["rows"]}
    assert rows[personas.unit_b.pk]["records"] is None
    own = rows[personas.unit_a.pk]
    assert own["dimensions"]["milestones"]["lead_total"] == 2  # both 2025 milestones passed undone
    assert {r["verdict"] for r in own["records"] if r["dimension"] == "milestones"} == {"逾期未完成"}
    admin = client_for(personas.admin).get(f"/api/plans/{world.plan.pk}/scorecards", {"year": 2025}).json()
    assert all(row["records"] is not None for row in admin["rows"])
    assert body["weights"]["support"] == 0.5


def test_it_lets_the_bureau_create_edit_and_delete_tasks(client_for, world, personas):
    client = client_for(personas.admin)
    created = client.post(
        f"/api/plans/{world.plan.pk}/tasks",
        {"number": "一.3", "title": "建设概念验证中心", "parent_id": world.parent.pk,
         "lead_unit_ids": [personas.unit_b.pk], "support_unit_ids": [personas.unit_a.pk]},
        content_type="application/json",
    )
    assert created.status_code == 201, created.json()
    task = created.json()
    assert (task["parent_id"], [u["id"] for u in task["lead_units"]]) == (world.parent.pk, [personas.unit_b.pk])

    changed = client.patch(
        f"/api/tasks/{task['id']}", {"title": "建设概念验证中心（一期）", "lead_unit_ids": [personas.unit_a.pk]},
        content_type="application/json",
    ).json()
    assert changed["title"] == "建设概念验证中心（一期）"
    assert [u["id"] for u in changed["lead_units"]] == [personas.unit_a.pk]
    assert changed["support_units"] == []  # unit A moved from supporting to leading

    assert client.delete(f"/api/tasks/{task['id']}").status_code == 204
    assert client.get(f"/api/tasks/{task['id']}").status_code == 404


def test_it_refuses_enterprises_as_units_and_parent_cycles_changing_nothing(client_for, world, personas):
    client = client_for(personas.admin)
    response = client.patch(
        f"/api/tasks/{world.task_b.pk}", {"title": "改名", "lead_unit_ids": [personas.enterprise_a.pk]},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "不能作为责任单位" in response.json()["errors"][0]["message"]
    world.task_b.refresh_from_db()
    assert world.task_b.title == "设立科技金融风险补偿资金"
    response = client.patch(
        f"/api/tasks/{world.parent.pk}", {"parent_id": world.task_a.pk}, content_type="application/json"
    )
    assert response.status_code == 422 and "上级任务不能是任务本身或其下级任务" in str(response.json())


def test_it_refuses_task_changes_to_units_and_deleting_a_reported_task(client_for, world, personas, records):
    payload = {"title": "新任务", "lead_unit_ids": [personas.unit_a.pk]}
    unit = client_for(personas.staff_a)
    assert unit.post(f"/api/plans/{world.plan.pk}/tasks", payload, content_type="application/json").status_code == 403
    assert unit.patch(f"/api/tasks/{world.task_a.pk}", {"title": "x"}, content_type="application/json").status_code == 403
    assert unit.delete(f"/api/tasks/{world.task_a.pk}").status_code == 403
    refused = client_for(personas.admin).delete(f"/api/tasks/{world.task_b.pk}")
    assert refused.status_code == 422 and "已有 1 份进展报告" in refused.json()["errors"][0]["message"]


def test_it_filters_the_task_list_api_to_overdue_tasks_within_the_users_scope(client_for, crowded_plan, personas):
    url = f"/api/plans/{crowded_plan.pk}/tasks"
    body = client_for(personas.staff_a).get(url, {"overdue": "true", "page_size": 100}).json()
    assert body["count"] == 25 and all(item["overdue"] for item in body["items"])
    assert {item["title"] for item in body["items"]} == set(OVERDUE_TITLES)
    assert client_for(personas.alice).get(url, {"overdue": "true"}).status_code == 404


NULL_REFUSED = "不能为 null；不修改请省略该字段。"


@pytest.mark.parametrize(
    "field", ["number", "title", "description", "recurrence", "leaders", "lead_unit_ids", "support_unit_ids", "reason"]
)
def test_it_refuses_null_for_every_task_field_that_cannot_be_empty(client_for, world, personas, field):
    response = client_for(personas.admin).patch(f"/api/tasks/{world.task_a.pk}", {field: None}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": f"payload.{field}", "message": NULL_REFUSED}]
    assert world.task_a.assignments.count() == 2


def test_it_clears_a_tasks_deadline_and_parent_with_null(client_for, world, personas):
    response = client_for(personas.admin).patch(
        f"/api/tasks/{world.task_a.pk}", {"deadline": None, "parent_id": None}, content_type="application/json"
    )
    assert response.status_code == 200 and (response.json()["deadline"], response.json()["parent_id"]) == (None, None)


@pytest.mark.parametrize("field", ["title", "due_date", "evidence"])
def test_it_refuses_null_for_every_milestone_field(client_for, world, personas, field):
    milestone = world.task_a.milestones.order_by("due_date").first()
    response = client_for(personas.admin).patch(f"/api/milestones/{milestone.pk}", {field: None}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": f"payload.{field}", "message": NULL_REFUSED}]
    assert world.task_a.milestones.order_by("due_date").first().title == milestone.title


def test_it_keeps_a_tasks_leaders_and_recurrence(client_for, world, personas):
    client = client_for(personas.admin)
    created = client.post(
        f"/api/plans/{world.plan.pk}/tasks",
        {"title": "走访服务科技企业", "lead_unit_ids": [personas.unit_b.pk], "leaders": "张伟", "recurrence": "quarterly"},
        content_type="application/json",
    ).json()
    assert (created["leaders"], created["recurrence"]) == ("张伟", "quarterly")
    changed = client.patch(f"/api/tasks/{created['id']}", {"leaders": "张伟、李明", "recurrence": ""},
                           content_type="application/json").json()
    assert (changed["leaders"], changed["recurrence"]) == ("张伟、李明", "")
    refused = client.patch(f"/api/tasks/{created['id']}", {"recurrence": "daily"}, content_type="application/json")
    assert refused.status_code == 422
    assert client.get(f"/api/tasks/{created['id']}").json()["leaders"] == "张伟、李明"
