from __future__ import annotations

import pytest
from playwright.sync_api import expect

from kechuang.plans.models import Plan
from tests.conftest import PASSWORD
from tests.ingest.test_commit import PLAN_TEXT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_uploads_reviews_and_commits_a_plan(personas, login, live_server, tmp_path):
    path = tmp_path / "试点方案.txt"
    path.write_text(PLAN_TEXT, encoding="gb18030")
    page = login("admin", PASSWORD)
    page.get_by_role("link", name="规划导入").click()
    # The test settings run background tasks inline, so the upload returns with the extraction done.
    page.set_input_files("input[name=file]", str(path))
    page.get_by_role("button", name="上传并解析").click()
    expect(page.locator("h2")).to_contain_text("审核解析结果")

    name = page.locator("[data-field=name]").get_by_text("高新技术企业数量", exact=True)
    card = page.locator("[id^=indicators-]").filter(has=name)
    card_id = card.get_attribute("id")
    expect(card.locator("mark.source")).to_have_text("1 高新技术企业数量 家 150 300 预期性")
    card.get_by_role("button", name="修改").click()
    form = page.locator(f"#{card_id} form")
    form.locator("input[name=name]").fill("高新技术企业总数")
    form.locator("input[name=target_0_value]").fill("360")
    form.get_by_role("button", name="保存并接受").click()
    expect(page.locator(f"#{card_id} [data-field=name]")).to_have_text("高新技术企业总数")

    task = page.locator("#tasks-1")
    expect(task.locator("[data-field=title]")).to_have_text("建设科技企业孵化载体")
    task.get_by_role("button", name="驳回").click()
    expect(page.locator("#tasks-1")).to_have_attribute("data-decision", "reject")

    page.get_by_test_id("commit").click()
    plan = Plan.objects.get()
    page.wait_for_url(f"{live_server.url}/plans/{plan.pk}/")
    expect(page.get_by_text("高新技术企业总数")).to_be_visible()
    page.get_by_role("link", name="任务清单").click()
    expect(page.get_by_text("实施高新技术企业培育计划")).to_be_visible()
    expect(page.get_by_text("建设科技企业孵化载体")).to_have_count(0)
    assert plan.indicators.get(name="高新技术企业总数").targets.get().value == 360
