from __future__ import annotations

import datetime
import io

import pytest
from docx import Document
from matplotlib.font_manager import findfont

from kechuang.core import fonts
from kechuang.plans import reports, selectors, services
from kechuang.supervision import sections as supervision_sections
from kechuang.supervision import services as supervision

from .conftest import verified


@pytest.fixture
def report_plan(personas, plan, indicator_a, indicator_b):
    for year, value in ((2021, 120), (2022, 140)):
        verified(indicator_a, year, value, admin=personas.admin)
    verified(indicator_b, 2022, 40, admin=personas.admin)
    services.override_status(indicator_b, actor=personas.admin, year=2022, status="at_risk", reason="统计口径调整")
    task = supervision.create_task(
        plan, actor=personas.admin, number="一.1", title="建设创新平台", lead_units=[personas.unit_a],
        deadline=datetime.date(2022, 12, 31),
    )
    supervision.add_milestone(task, actor=personas.admin, title="完成选址", due_date=datetime.date(2022, 3, 1))
    return plan


def test_it_writes_the_indicator_table_with_chinese_statuses(personas, report_plan, cjk_font):
    document = Document(io.BytesIO(reports.annual_report(report_plan, 2022, user=personas.admin)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "2022 年度监测报告" in text
    assert "本规划共监测指标 2 项。截至 2022 年：进展正常 1 项，存在风险 1 项。" in text
    table = document.tables[0]
    assert [cell.text for cell in table.rows[0].cells] == reports.INDICATOR_HEADERS
    body = [[cell.text for cell in row.cells] for row in table.rows[1:]]
    assert body[0] == ["1", "研发经费投入", "亿元", "2025 年 ≥ 200", "140（2022 年）", "40.0%", "进展正常"]
    assert body[1][1] == "高新技术企业数量"
    assert body[1][6] == "存在风险（人工判定；计算结果：明显滞后）"
    assert "高新技术企业数量：人工判定理由：统计口径调整" in text


def test_it_reports_task_completion_by_unit_and_late_items(personas, report_plan, cjk_font):
    document = Document(io.BytesIO(reports.annual_report(report_plan, 2022, user=personas.admin)))
    units = document.tables[1]
    assert [cell.text for cell in units.rows[0].cells] == supervision_sections.UNIT_HEADERS
    assert [cell.text for cell in units.rows[1].cells][:2] == [personas.unit_a.name, "1"]
    assert [cell.text for cell in units.rows[1].cells][5] == "1"
    text = "\n".join(p.text for p in document.paragraphs)
    assert "时间节点“完成选址”应于 2022年03月01日 完成，尚未完成。" in text


def test_it_embeds_charts_drawn_in_the_cjk_font(personas, report_plan, cjk_font):
    document = Document(io.BytesIO(reports.annual_report(report_plan, 2022, user=personas.admin)))
    images = [rel for rel in document.part.rels.values() if "image" in rel.reltype]
    assert len(images) == 2
    assert images[0].target_part.blob.startswith(b"\x89PNG")

    rows = selectors.plan_overview(report_plan, 2022)
    figure = reports.status_chart(selectors.status_counts(rows), 2022)
    axes = figure.axes[0]
    texts = [axes.title, *axes.get_xticklabels()]
    assert axes.title.get_text() == "2022 年指标状态分布"
    assert {findfont(text.get_fontproperties()) for text in texts} == {str(cjk_font)}
    assert fonts.covers_chinese(findfont(axes.title.get_fontproperties()))


def test_it_leaves_supervision_out_of_an_enterprise_users_report(personas, report_plan, cjk_font):
    document = Document(io.BytesIO(reports.annual_report(report_plan, 2022, user=personas.alice)))
    assert len(document.tables) == 1
    assert "任务推进情况" not in "\n".join(p.text for p in document.paragraphs)
