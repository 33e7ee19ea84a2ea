"""Supervision in the browser: the bureau issues a notice, the lead unit completes a milestone, reports
and answers, and the unit's scorecard shows the records behind its score."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kechuang.plans.choices import PlanStatus
from kechuang.plans.services import create_plan
from kechuang.supervision import services
from kechuang.supervision.messages import period_text
from kechuang.supervision.models import ProgressReport, SupervisionNotice
from kechuang.supervision.periods import period_of
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def task(personas):
    """Unit A leads (unit B supports) a task of this year with one milestone already past due."""
    today = timezone.localdate()
    plan = create_plan(
        actor=None, title="浏览器督办规划", start_year=today.year, end_year=today.year + 2, status=PlanStatus.ACTIVE
    )
    services.save_supervision_settings(plan, actor=None, report_frequency="quarterly", reports_start=today.replace(day=1))
    task = services.create_task(
        plan, actor=None, title="建设概念验证中心", number="一", lead_units=[personas.unit_a],
        support_units=[personas.unit_b],
    )
    services.add_milestone(task, actor=None, title="完成选址", due_date=today - datetime.timedelta(days=1))
    return task


def test_it_runs_a_task_from_notice_to_answer_and_shows_it_in_the_scorecard(task, personas, login, live_server):
    today = timezone.localdate()
    task_url = f"{live_server.url}/supervision/tasks/{task.pk}/"

    page = login("admin", PASSWORD)
    page.goto(task_url)
    expect(page.get_by_test_id("overdue-mark")).to_be_visible()
    page.get_by_role("link", name="签发督办单").click()
    page.select_option("#id_organization", str(personas.unit_a.pk))
    page.fill("#id_subject", "加快概念验证中心选址")
    page.fill("#id_body", "选址节点已逾期，请说明原因。")
    page.fill("#id_reply_due", (today + datetime.timedelta(days=7)).isoformat())
    page.get_by_role("button", name="提交").click()
    expect(page.locator("h2")).to_contain_text("加快概念验证中心选址")
    expect(page.locator("h2 .badge").first).to_have_text("待答复")

    page = login("staff_a", PASSWORD)
    expect(page.get_by_test_id("unread-count")).to_have_text("1")
    page.get_by_role("link", name="任务督办").first.click()
    page.get_by_role("link", name="浏览器督办规划").click()
    page.get_by_role("link", name="建设概念验证中心").click()
    page.get_by_role("link", name="完成", exact=True).click()
    page.fill("#id_completed_on", today.isoformat())
    page.fill("#id_evidence", "已签订场地协议")
    page.get_by_role("button", name="提交").click()
    milestones = page.get_by_test_id("milestones")
    expect(milestones).to_contain_text("逾期完成")
    expect(page.get_by_test_id("overdue-mark")).to_have_count(0)

    page.get_by_role("link", name="报送进展").click()
    period = period_of("quarterly", today).label
    page.select_option("#id_period", period)
    page.fill("#id_text", "场地协议已签订，设备采购启动。")
    page.fill("#id_percent", "40")
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_test_id("reports")).to_contain_text(period_text(period))
    report = ProgressReport.objects.get(task=task)
    assert (report.organization_id, report.percent) == (personas.unit_a.pk, 40)

    page.get_by_role("link", name="加快概念验证中心选址").click()
    page.fill("#id_reply", "已完成选址，后续节点按期推进。")
    page.get_by_role("button", name="提交答复").click()
    expect(page.locator("h2 .badge").first).to_have_text("已答复")
    assert SupervisionNotice.objects.get(task=task).replied_by.username == "staff_a"
    # The notice and the overdue milestone are dealt with: nothing is left unread for the unit.
    expect(page.get_by_test_id("unread-count")).to_have_count(0)

    page.goto(f"{live_server.url}/supervision/plans/{task.plan_id}/scorecard/{personas.unit_a.pk}/?year={today.year}")
    expect(page.locator("h2")).to_contain_text("第 1 名")
    records = page.locator("table[data-testid^=records] tr")
    expect(records.filter(has_text="完成选址")).to_contain_text("逾期完成")
    expect(records.filter(has_text="加快概念验证中心选址")).to_contain_text("按时答复")

    page = login("staff_b", PASSWORD)
    page.goto(f"{live_server.url}/supervision/plans/{task.plan_id}/scorecard/{personas.unit_a.pk}/?year={today.year}")
    expect(page.locator("body")).to_contain_text("只能查看本单位的考核明细")
