"""The supervision section of a plan's dashboard, export and report, for every role.

Supervision is for the bureau and the responsible units: enterprise, institution and expert
users see a plan's indicators, never its tasks, notices or unit ranking; a unit's staff see only
the notices addressed to their unit and only their own unit's drill-down.
"""

from __future__ import annotations

import datetime
import io
import json
import re

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document

from kechuang.plans import sections
from kechuang.supervision import services
from kechuang.supervision.sections import plan_supervision_summary

from .conftest import TODAY

OUTSIDERS = ("alice", "bob", "institution_user", "expert")
INSIDERS = ("admin", "staff_a", "staff_b")
SECRET_TASK = "培育高新技术企业"


@pytest.fixture
def noticed(world, personas):
    """The world, with a notice to unit_a that staff_b must not learn about."""
    services.issue_notice(
        world.task_a, actor=personas.admin, organization=personas.unit_a, subject="请说明认定进度",
        body="请于期限前书面说明。", reply_due=timezone.localdate() + datetime.timedelta(days=30),
    )
    return world


def _dashboard(client, plan):
    response = client.get(reverse("plans:plan_dashboard", args=[plan.pk]), {"as_of": 2025})
    assert response.status_code == 200
    return response.content.decode()


def _ranking(html: str) -> dict:
    match = re.search(r'<script id="supervision-ranking-data" type="application/json">(.*?)</script>', html, re.S)
    assert match, "no ranking data on the page"
    return json.loads(match[1])


@pytest.mark.parametrize("who", OUTSIDERS)
def test_it_shows_outsiders_the_indicators_but_no_supervision_on_the_dashboard(noticed, personas, client_for, who):
    html = _dashboard(client_for(getattr(personas, who)), noticed.plan)
    assert 'id="indicator-table"' in html
    assert 'data-testid="supervision-summary"' not in html
    assert SECRET_TASK not in html and "出台培育办法" not in html and personas.unit_b.name not in html
    assert "supervision/charts.js" not in html and "supervision-ranking-data" not in html


@pytest.mark.parametrize("who", INSIDERS)
def test_it_shows_the_bureau_and_unit_staff_the_supervision_section(noticed, personas, client_for, who):
    html = _dashboard(client_for(getattr(personas, who)), noticed.plan)
    assert 'data-testid="supervision-summary"' in html and "出台培育办法" in html
    assert html.count("supervision/charts.js") == 1


@pytest.mark.parametrize(("who", "notices"), [("admin", 1), ("staff_a", 1), ("staff_b", 0)])
def test_it_counts_only_the_notices_the_user_may_see(noticed, personas, who, notices):
    summary = plan_supervision_summary(noticed.plan, getattr(personas, who), TODAY)
    assert summary["counts"]["notices_open"] == notices


@pytest.mark.parametrize(("who", "notices"), [("admin", 1), ("staff_a", 1), ("staff_b", 0)])
def test_it_counts_only_visible_notices_on_the_task_list(noticed, personas, client_for, who, notices):
    response = client_for(getattr(personas, who)).get(reverse("supervision:task_list", args=[noticed.plan.pk]))
    assert response.context["counts"]["notices_open"] == notices


def test_it_scores_every_unit_whoever_looks(noticed, personas):
    """A unit's staff see the same ranking as the bureau: the scores count every record."""
    by_admin = plan_supervision_summary(noticed.plan, personas.admin, TODAY)["ranking"]
    by_staff = plan_supervision_summary(noticed.plan, personas.staff_b, TODAY)["ranking"]
    assert by_admin["scores"] == by_staff["scores"] and by_admin["units"] == by_staff["units"]


def test_it_links_a_unit_staffs_ranking_to_their_own_units_drill_down_only(noticed, personas, client_for):
    ranking = _ranking(_dashboard(client_for(personas.staff_a), noticed.plan))
    links = dict(zip(ranking["ids"], ranking["urls"], strict=True))
    own = reverse("supervision:scorecard_detail", args=[noticed.plan.pk, personas.unit_a.pk])
    assert links[personas.unit_a.pk].startswith(own) and links[personas.unit_b.pk] is None
    client = client_for(personas.staff_a)
    assert client.get(links[personas.unit_a.pk]).status_code == 200
    refused = reverse("supervision:scorecard_detail", args=[noticed.plan.pk, personas.unit_b.pk])
    assert client.get(refused).status_code in (403, 404)


def test_it_links_every_unit_for_the_bureau(noticed, personas, client_for):
    ranking = _ranking(_dashboard(client_for(personas.admin), noticed.plan))
    assert ranking["urls"] and all(ranking["urls"])


def _sheets(client, plan) -> dict[str, list[tuple]]:
    response = client.get(reverse("plans:plan_export", args=[plan.pk]), {"as_of": 2025})
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    return {name: list(workbook[name].iter_rows(values_only=True)) for name in workbook.sheetnames}


@pytest.mark.parametrize("who", OUTSIDERS)
def test_it_exports_no_task_sheet_to_outsiders(noticed, personas, client_for, who):
    sheets = _sheets(client_for(getattr(personas, who)), noticed.plan)
    assert list(sheets) == ["指标进展"]
    assert SECRET_TASK not in repr(sheets)


@pytest.mark.parametrize("who", INSIDERS)
def test_it_exports_the_tasks_to_the_bureau_and_unit_staff(noticed, personas, client_for, who):
    sheets = _sheets(client_for(getattr(personas, who)), noticed.plan)
    # The enterprises section adds its tier sheet for the bureau only.
    assert list(sheets) == ["指标进展", "任务", *(["创新主体梯度"] if who == "admin" else [])]
    assert [row[1].strip() for row in sheets["任务"][1:]] == ["提升企业创新能力", SECRET_TASK, "设立科技金融风险补偿资金"]


def _report_text(client, plan) -> str:
    response = client.get(reverse("plans:annual_report", args=[plan.pk]), {"as_of": 2025})
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


@pytest.mark.parametrize("who", OUTSIDERS)
def test_it_leaves_the_task_chapters_out_of_an_outsiders_report(noticed, personas, client_for, cjk_font, who):
    text = _report_text(client_for(getattr(personas, who)), noticed.plan)
    assert "年度监测报告" in text and "二、指标完成情况" in text
    assert "任务推进情况" not in text and "逾期事项" not in text and "规划任务" not in text
    assert SECRET_TASK not in text and personas.unit_a.name not in text


@pytest.mark.parametrize("who", INSIDERS)
def test_it_numbers_the_task_chapters_after_the_plans_own(noticed, personas, client_for, cjk_font, who):
    text = _report_text(client_for(getattr(personas, who)), noticed.plan)
    assert "三、任务推进情况（按牵头单位）" in text and "四、逾期事项" in text
    assert "规划任务 3 项" in text and "出台培育办法" in text


@pytest.mark.parametrize("who", OUTSIDERS)
def test_it_refuses_outsiders_every_supervision_page_and_endpoint(noticed, personas, client_for, who):
    client = client_for(getattr(personas, who))
    plan, task = noticed.plan, noticed.task_a
    notice = task.notices.get()
    urls = [
        reverse("supervision:task_mine"),
        reverse("supervision:task_list", args=[plan.pk]),
        reverse("supervision:task_detail", args=[task.pk]),
        reverse("supervision:scorecard_list", args=[plan.pk]),
        reverse("supervision:scorecard_detail", args=[plan.pk, personas.unit_a.pk]),
        reverse("supervision:notice_detail", args=[notice.pk]),
        f"/api/plans/{plan.pk}/tasks",
        f"/api/tasks/{task.pk}",
        f"/api/tasks/{task.pk}/milestones",
        f"/api/notices/{notice.pk}",
        f"/api/plans/{plan.pk}/scorecards?year=2025",
    ]
    assert {url: client.get(url).status_code for url in urls} == dict.fromkeys(urls, 404)
    for url in ("/api/progress-reports", "/api/notices"):
        assert client.get(url).json()["items"] == []


def test_it_neither_counts_nor_lists_the_undone_milestone_of_a_completed_task(world, personas):
    """A completed task owes nothing: its milestone left open is closed, not overdue."""
    services.change_task_status(world.task_a, actor=personas.admin, status="completed")
    summary = plan_supervision_summary(world.plan, personas.admin, TODAY)
    assert summary["counts"]["milestones_overdue"] == 0 and summary["overdue_total"] == 0
    states = {item["title"]: item["state"] for item in summary["timeline"]}
    assert states["出台培育办法"] == "closed"


def test_the_supervision_section_is_registered_with_plans():
    registered = {section.key: section for section in sections.registered()}
    supervision = registered["supervision"]
    assert supervision.dashboard and supervision.export and supervision.report
