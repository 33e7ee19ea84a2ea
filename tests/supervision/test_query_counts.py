"""Query counts that must not grow with the data: pages and endpoints measured at two sizes."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kechuang.plans.services import create_plan
from kechuang.supervision import services

D = datetime.date
pytestmark = pytest.mark.django_db


def _full_task(plan, personas, index: int):
    """A task of unit A (unit B supporting) with two milestones, a report from each unit and a notice."""
    task = services.create_task(
        plan, actor=None, title=f"任务{index}", number=str(index + 1), lead_units=[personas.unit_a],
        support_units=[personas.unit_b], deadline=D(2025, 12, 31),
    )
    services.add_milestone(task, actor=None, title="节点一", due_date=D(2025, 3, 31))
    services.add_milestone(task, actor=None, title="节点二", due_date=D(2025, 9, 30))
    services.submit_report(task, actor=personas.staff_a, period="2025-Q1", text="推进中", percent=30, today=D(2025, 4, 2))
    services.submit_report(task, actor=personas.staff_b, period="2025-Q1", text="配合中", today=D(2025, 4, 3))
    services.issue_notice(task, actor=personas.admin, organization=personas.unit_a, subject=f"督办{index}",
                          body="请说明", reply_due=timezone.localdate())
    return task


@pytest.fixture
def plan(personas):
    plan = create_plan(actor=None, title="查询计数规划", start_year=2025, end_year=2027)
    services.save_supervision_settings(plan, actor=None, report_frequency="quarterly", report_grace_days=10)
    return plan


def test_it_shows_a_units_home_in_the_same_queries_for_1_and_5_plans(client_for, personas, assert_flat_queries):
    client = client_for(personas.staff_a)

    def add(index: int) -> None:
        plan = create_plan(actor=None, title=f"规划{index}", start_year=2025, end_year=2027)
        _full_task(plan, personas, index)

    response = assert_flat_queries(lambda: client.get(reverse("supervision:task_mine")), add)
    assert len(response.context["my_plans"]) == 5
    assert all(len(rows) == 1 for _plan, rows in response.context["my_plans"])
    assert len(response.context["open_notices"]) == 5
    html = response.content.decode()
    assert all(f"任务{n}" in html for n in range(5))


def test_it_shows_a_units_home_with_only_its_own_tasks(client_for, personas, plan):
    _full_task(plan, personas, 0)
    services.create_task(plan, actor=None, title="乙单位的任务", lead_units=[personas.unit_b])
    response = client_for(personas.staff_a).get(reverse("supervision:task_mine"))
    ((shown, rows),) = response.context["my_plans"]
    assert shown == plan and [row.task.title for row in rows] == ["任务0"]
    assert "乙单位的任务" not in response.content.decode()


@pytest.mark.parametrize("persona", ["admin", "staff_a"])
def test_it_shows_the_plan_dashboard_in_the_same_queries_for_1_and_5_tasks(
    client_for, personas, plan, assert_flat_queries, persona
):
    client = client_for(getattr(personas, persona))
    url = reverse("plans:plan_dashboard", args=[plan.pk])
    response = assert_flat_queries(lambda: client.get(url), lambda index: _full_task(plan, personas, index))
    assert "任务4" in response.content.decode()


@pytest.mark.parametrize("persona", ["admin", "staff_b"])
def test_it_shows_the_task_list_in_the_same_queries_for_1_and_5_tasks(
    client_for, personas, plan, assert_flat_queries, persona
):
    client = client_for(getattr(personas, persona))
    url = reverse("supervision:task_list", args=[plan.pk])
    response = assert_flat_queries(lambda: client.get(url), lambda index: _full_task(plan, personas, index))
    assert [row.task.title for row in response.context["rows"]] == [f"任务{n}" for n in range(5)]


@pytest.mark.parametrize("path", ["/api/plans/{plan}/tasks", "/api/progress-reports", "/api/notices"])
@pytest.mark.parametrize("persona", ["admin", "staff_a"])
def test_it_lists_over_the_api_in_the_same_queries_for_1_and_5_tasks(
    client_for, personas, plan, assert_flat_queries, path, persona
):
    client = client_for(getattr(personas, persona))
    url = path.format(plan=plan.pk)
    response = assert_flat_queries(lambda: client.get(url), lambda index: _full_task(plan, personas, index))
    body = response.json()
    # Unit A leads every task: its staff see the tasks' reports from both units, as the bureau does.
    expected = {"tasks": 5, "progress-reports": 10, "notices": 5}[url.rsplit("/", 1)[1]]
    assert body["count"] == expected and len(body["items"]) == expected


@pytest.mark.parametrize("path", ["/api/progress-reports", "/api/notices"])
def test_it_cuts_the_api_page_in_the_database(client_for, personas, plan, path):
    for index in range(3):
        _full_task(plan, personas, index)
    with CaptureQueriesContext(connection) as queries:
        body = client_for(personas.admin).get(path, {"page_size": 2, "page": 2}).json()
    assert body["count"] == {"/api/progress-reports": 6, "/api/notices": 3}[path]
    assert len(body["items"]) == {"/api/progress-reports": 2, "/api/notices": 1}[path]
    table = {"/api/progress-reports": "supervision_progressreport", "/api/notices": "supervision_supervisionnotice"}[path]
    selects = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT") and f'FROM "{table}"' in q["sql"]]
    assert any("COUNT(" in sql for sql in selects)
    rows = [sql for sql in selects if "COUNT(" not in sql]
    assert len(rows) == 1 and "LIMIT 2" in rows[0] and "OFFSET 2" in rows[0]
