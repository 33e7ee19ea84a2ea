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


def decomposition_docx(path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("东桥区2025年重点工作任务分解表")
    rows = [
        ["序号", "重点工作任务", "牵头单位", "配合单位", "完成时限", "责任领导"],
        ["1", "推进科技企业培育，新增省级以上研发机构6家", "区科技局", "区财政局、区发改局", "2025年10月底", "王明"],
        ["2", "扩大技术交易规模，技术合同成交额达到15亿元", "区科技局", "区商务局", "年底前", "王明、赵兵"],
    ]
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.save(path)


def test_it_commits_a_decomposition_table_as_a_plan_with_its_tasks_and_units(personas, login, live_server, tmp_path):
    path = tmp_path / "分解表.docx"
    decomposition_docx(path)
    page = login("admin", PASSWORD)
    page.get_by_role("link", name="规划导入").click()
    page.set_input_files("input[name=file]", str(path))
    page.get_by_role("button", name="上传并解析").click()
    expect(page.locator("h2")).to_contain_text("审核解析结果")
    expect(page.locator("input[name=title]")).to_have_value("东桥区2025年重点工作任务分解表")
    expect(page.locator("input[name=start_year]")).to_have_value("2025")

    first = page.locator("#tasks-0")
    expect(first.locator("[data-field=title]")).to_have_text("推进科技企业培育")
    expect(first).to_contain_text("牵头：区科技局；配合：区财政局、区发改局；时限：2025-10")
    expect(first.locator("[data-field=leaders]")).to_have_text("王明")
    second = page.locator("#tasks-1")
    expect(second.locator("[data-field=leaders]")).to_have_text("王明、赵兵")
    # The targets of the task rows are proposed as indicators of the document's year.
    expect(page.locator("[data-field=name]").get_by_text("技术合同成交额", exact=True)).to_be_visible()

    page.get_by_test_id("commit").click()
    plan = Plan.objects.get()
    page.wait_for_url(f"{live_server.url}/plans/{plan.pk}/")
    page.get_by_role("link", name="任务清单").click()
    expect(page.get_by_text("推进科技企业培育")).to_be_visible()
    expect(page.get_by_text("扩大技术交易规模")).to_be_visible()

    task = plan.tasks.get(number="1")
    units = {role: sorted(a.organization.name for a in task.assignments.filter(role=role)) for role in ("lead", "support")}
    assert units == {"lead": ["区科技局"], "support": sorted(["区发改局", "区财政局"])}
    assert task.deadline.isoformat() == "2025-10-31"
    assert task.leaders == "王明"
    assert plan.indicators.get(name="技术合同成交额").targets.get().value == 15
