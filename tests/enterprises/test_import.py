"""Bulk import of 统计局/税务 figures: row-level errors, all or nothing, idempotent by USCC and year."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from kechuang.core.importing import build_template, run_import
from kechuang.core.models import ImportJob
from kechuang.enterprises.assessments import default_year
from kechuang.enterprises.choices import FiguresStatus
from kechuang.enterprises.criteria import TIERS
from kechuang.enterprises.importers import FIGURE_COLUMNS, EnterpriseFiguresImport
from kechuang.enterprises.models import FIGURE_FIELDS, Assessment, AssessmentRun, Enterprise, EnterpriseAnnual

pytestmark = pytest.mark.django_db
SPEC = EnterpriseFiguresImport()
HEADERS = ["统一社会信用代码", "单位详细名称", "年度", "从业人员期末人数", "营业收入", "研究开发费用合计",
           "其中：境内研究开发费用", "有效发明专利数", "细分市场占有率", "净利润"]


def workbook(rows: list[list], headers: list[str] = HEADERS) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "企业年度数据"
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def load(data: bytes, actor):
    return run_import(SPEC, data, actor=actor, file_name="统计局2024.xlsx")


def test_every_figure_has_a_column_and_the_template_round_trips():
    assert [field for field, _header, _kind in FIGURE_COLUMNS] == list(FIGURE_FIELDS)
    template = openpyxl.load_workbook(io.BytesIO(build_template(SPEC)))
    headers = [cell.value.rstrip("*") for cell in template["企业年度数据"][1]]
    assert headers[:3] == ["统一社会信用代码", "单位详细名称", "年度"] and "营业收入" in headers


def test_it_imports_verified_figures_and_creates_missing_profiles(personas):
    a, b = personas.enterprise_a, personas.enterprise_b
    result = load(workbook([
        [a.uscc, a.name, 2024, 120, "8,000.5", 520, 500, 3, "12%", -35],
        [b.uscc.lower(), b.name, "2023年", 15, 300, None, None, None, 0.05, None],
    ]), personas.admin)
    assert result.ok, [str(e) for e in result.errors]
    assert result.summary == {"created": 2, "updated": 0, "unchanged": 0, "assessment_run": AssessmentRun.objects.get().pk}
    first = EnterpriseAnnual.objects.get(enterprise__organization=a, year=2024)
    assert first.status == FiguresStatus.VERIFIED and first.verified_by == personas.admin
    assert (first.employees, first.revenue, first.rd_expense_domestic, first.invention_patents) == (120, Decimal("8000.5"), 500, 3)
    assert first.market_share == Decimal("0.12") and first.net_profit == -35
    assert first.history.get().history_change_reason == "Excel 导入（统计、税务数据）"
    assert Enterprise.objects.filter(organization=b).exists()
    second = EnterpriseAnnual.objects.get(enterprise__organization=b, year=2023)
    assert second.rd_expense is None  # an empty cell is "not known", not 0


def test_one_bad_row_rejects_the_file_with_row_and_column_errors(personas):
    a, b = personas.enterprise_a, personas.enterprise_b
    result = load(workbook([
        [a.uscc, a.name, 2024, 120, 8000, 520, 500, 3, 0.1, 10],
        [b.uscc, b.name, 2024, "一百", 300, 100, 120, -1, 1.5, None],
        ["91210204MA0UNKNOWN", "未登记公司", 1800, 1, 1, 1, 1, 1, 0, 0],
        [personas.unit_a.uscc, "发改局", 2024, 1, 1, None, None, None, None, None],
        [a.uscc, a.name, 2024, 1, 1, None, None, None, None, None],
    ]), personas.admin)
    assert not result.ok
    messages = [str(e) for e in result.errors]
    assert "第 3 行「从业人员期末人数」：应为非负整数，实际为“一百”" in messages
    assert "第 3 行「有效发明专利数」：应为非负整数，实际为“-1”" in messages
    assert "第 3 行「细分市场占有率」：应在 0–1 之间（或 0%–100%），实际为“1.5”" in messages
    assert any(m.startswith("第 4 行「统一社会信用代码」：“91210204MA0UNKNOWN”未在单位名录中登记") for m in messages)
    assert any(m.startswith("第 4 行「年度」") for m in messages)
    assert any(m.startswith("第 5 行「统一社会信用代码」") and "不是企业" in m for m in messages)
    assert f"第 6 行「统一社会信用代码」：与第 2 行重复：{a.uscc} 2024 年" in messages
    # All or nothing: the good first row was not written either.
    assert not EnterpriseAnnual.objects.exists() and not Enterprise.objects.exists()


def test_cross_field_checks_name_the_column(personas):
    a = personas.enterprise_a
    result = load(workbook([[a.uscc, a.name, 2024, 10, 100, 50, 60, 0, 0, 0]]), personas.admin)
    assert [str(e) for e in result.errors] == ["第 2 行「其中：境内研究开发费用」：境内研发费用不能大于研发费用总额。"]


def test_reimport_changes_nothing_and_a_changed_figure_updates_only_that_row(personas):
    a, b = personas.enterprise_a, personas.enterprise_b
    rows = [[a.uscc, a.name, 2024, 120, 8000, 520, 500, 3, 0.1, 10], [b.uscc, b.name, 2024, 15, 300, 20, 20, 0, 0, 1]]
    assert load(workbook(rows), personas.admin).ok
    before = list(EnterpriseAnnual.history.values_list("history_id", flat=True))
    snapshot = list(EnterpriseAnnual.objects.order_by("pk").values())
    again = load(workbook(rows), personas.admin)
    assert again.ok and again.summary == {"created": 0, "updated": 0, "unchanged": 2}
    assert AssessmentRun.objects.count() == 1  # nothing changed: nothing to re-assess
    assert list(EnterpriseAnnual.objects.order_by("pk").values()) == snapshot
    assert list(EnterpriseAnnual.history.values_list("history_id", flat=True)) == before
    rows[1][4] = 320
    changed = load(workbook(rows), personas.admin)
    assert changed.summary == {"created": 0, "updated": 1, "unchanged": 1, "assessment_run": AssessmentRun.objects.latest("pk").pk}
    assert AssessmentRun.objects.count() == 2
    assert EnterpriseAnnual.objects.get(enterprise__organization=b).revenue == 320


def test_an_import_verifies_a_submitted_year_and_keeps_figures_its_file_leaves_empty(personas):
    a = personas.enterprise_a
    enterprise = Enterprise.objects.create(organization=a)
    EnterpriseAnnual.objects.create(enterprise=enterprise, year=2024, status=FiguresStatus.SUBMITTED, employees=99,
                                    high_tech_revenue=900)
    assert load(workbook([[a.uscc, a.name, 2024, 120, 8000, None, None, None, None, None]]), personas.admin).ok
    annual = EnterpriseAnnual.objects.get()
    assert (annual.employees, annual.high_tech_revenue, annual.status) == (120, 900, FiguresStatus.VERIFIED)


def test_only_the_bureau_imports(personas, client_for, django_capture_on_commit_callbacks):
    denied = load(workbook([[personas.enterprise_a.uscc, "", 2024, 1, 1, 1, 1, 1, 0, 0]]), personas.alice)
    assert not denied.ok and "仅科技局管理员" in str(denied.errors[0])
    assert client_for(personas.alice).get(reverse("enterprises:figures_import")).status_code == 403
    upload = io.BytesIO(workbook([[personas.enterprise_a.uscc, "", 2024, 1, 1, 1, 1, 1, 0, 0]]))
    upload.name = "税务2024.xlsx"
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(personas.admin).post(reverse("enterprises:figures_import"), {"file": upload})
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("core:import_job", args=[job.pk])
    assert job.kind == "enterprise_figures" and job.status == ImportJob.Status.SUCCEEDED and job.summary["created"] == 1


def test_an_import_reassesses_the_registry_once_it_commits(personas, django_capture_on_commit_callbacks):
    a = personas.enterprise_a
    with django_capture_on_commit_callbacks(execute=True):
        result = load(workbook([[a.uscc, a.name, 2024, 120, 8000, 520, 500, 3, 0.1, 10]]), personas.admin)
    run = AssessmentRun.objects.get(pk=result.summary["assessment_run"])
    assert run.status == "succeeded" and run.year == default_year()
    assert Assessment.objects.filter(enterprise__organization=a, year=run.year).count() == len(TIERS)


def test_a_rejected_import_starts_no_assessment(personas):
    a = personas.enterprise_a
    assert not load(workbook([[a.uscc, a.name, "明年", 120, 8000, 520, 500, 3, 0.1, 10]]), personas.admin).ok
    assert not AssessmentRun.objects.exists()
