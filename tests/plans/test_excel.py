from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.urls import reverse

from kechuang.core.importing import get_spec, run_import
from kechuang.core.models import ImportJob, Notification
from kechuang.plans import exporters, importers, services
from kechuang.plans.choices import ObservationStatus
from kechuang.plans.models import Observation
from kechuang.supervision import services as supervision

from .conftest import verified


def rows_of(data: bytes, sheet: str) -> list[tuple]:
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    rows = [tuple(row) for row in workbook[sheet].iter_rows(values_only=True)]
    # Read-only sheets drop trailing empty cells: pad to the header's width.
    return [row + (None,) * (len(rows[0]) - len(row)) for row in rows]


def filled(template: bytes, values: dict[tuple[int, int], object], extra: list[list] | None = None) -> bytes:
    """Fill a template's value column for (indicator id, year) pairs; append extra raw rows."""
    workbook = openpyxl.load_workbook(io.BytesIO(template))
    sheet = workbook["监测值"]
    for row in sheet.iter_rows(min_row=2):
        key = (row[0].value, row[3].value)
        if key in values:
            row[5].value = values[key]
    for values_row in extra or []:
        sheet.append(values_row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_it_gives_a_unit_a_template_of_only_its_own_indicators(personas, plan, indicator_a, indicator_b):
    verified(indicator_a, 2022, 130, admin=personas.admin)
    rows = rows_of(importers.observation_template(personas.staff_a, plan, years=[2021, 2022]), "监测值")
    assert rows[0] == ("指标编号*", "指标名称", "计量单位", "年份*", "期间", "数值", "说明")
    assert [(r[0], r[1], r[3], r[5]) for r in rows[1:]] == [
        (indicator_a.pk, "研发经费投入", 2021, None), (indicator_a.pk, "研发经费投入", 2022, 130),
    ]
    admin_rows = rows_of(importers.observation_template(personas.admin, plan, years=[2021]), "监测值")
    assert {r[0] for r in admin_rows[1:]} == {indicator_a.pk, indicator_b.pk}


def test_it_imports_a_filled_template_as_submitted_figures(personas, plan, indicator_a):
    template = importers.observation_template(personas.staff_a, plan, years=[2021, 2022, 2023])
    data = filled(template, {(indicator_a.pk, 2021): 110, (indicator_a.pk, 2022): "125.5"})
    result = run_import(get_spec("observations"), data, actor=personas.staff_a, file_name="填报.xlsx", scope={"plan_id": plan.pk})
    assert result.ok, [str(e) for e in result.errors]
    assert result.summary == {"created": 2, "updated": 0, "skipped": 1}
    figures = {o.year: (o.value, o.status) for o in Observation.objects.all()}
    assert figures == {2021: (110.0, ObservationStatus.SUBMITTED), 2022: (125.5, ObservationStatus.SUBMITTED)}
    assert Observation.objects.get(year=2021).history.first().history_change_reason == "Excel 导入"


def test_it_verifies_the_bureaus_own_import_at_once(personas, plan, indicator_b):
    template = importers.observation_template(personas.admin, plan, years=[2022])
    data = filled(template, {(indicator_b.pk, 2022): 70})
    result = run_import(get_spec("observations"), data, actor=personas.admin, file_name="年鉴.xlsx", scope={"plan_id": plan.pk})
    assert result.ok
    assert indicator_b.observations.get().status == ObservationStatus.VERIFIED


def test_it_writes_nothing_when_one_row_is_bad_and_names_row_and_column(personas, plan, indicator_a):
    template = importers.observation_template(personas.staff_a, plan, years=[2021, 2022])
    data = filled(template, {(indicator_a.pk, 2021): 110, (indicator_a.pk, 2022): "很多"})
    result = run_import(get_spec("observations"), data, actor=personas.staff_a, file_name="填报.xlsx", scope={"plan_id": plan.pk})
    assert [str(error) for error in result.errors] == ["第 3 行「数值」：“很多”不是数字"]
    assert not Observation.objects.exists()


def test_it_refuses_another_units_indicator_and_unknown_ids(personas, plan, indicator_a, indicator_b):
    template = importers.observation_template(personas.staff_a, plan, years=[2021])
    data = filled(
        template, {(indicator_a.pk, 2021): 110},
        extra=[[indicator_b.pk, "高新技术企业数量", "家", 2021, "", 60, ""], [999999, "", "", 2021, "", 1, ""]],
    )
    result = run_import(get_spec("observations"), data, actor=personas.staff_a, file_name="填报.xlsx", scope={"plan_id": plan.pk})
    assert [str(error) for error in result.errors] == [
        f"第 3 行「指标编号」：您无权填报指标“高新技术企业数量”（责任单位：{personas.unit_b.name}）",
        "第 4 行「指标编号」：本规划没有编号为“999999”的指标",
    ]
    assert not Observation.objects.exists()


def test_it_refuses_duplicates_and_figures_already_verified(personas, plan, indicator_a):
    verified(indicator_a, 2021, 100, admin=personas.admin)
    template = importers.observation_template(personas.staff_a, plan, years=[2021, 2022])
    data = filled(
        template, {(indicator_a.pk, 2021): 111, (indicator_a.pk, 2022): 120},
        extra=[[indicator_a.pk, "研发经费投入", "亿元", 2022, "", 121, ""]],
    )
    result = run_import(get_spec("observations"), data, actor=personas.staff_a, file_name="填报.xlsx", scope={"plan_id": plan.pk})
    assert [str(error) for error in result.errors] == [
        "第 2 行「数值」：2021 的数值已审核，如需更正请联系科技局",
        "第 4 行「年份」：与第 3 行是同一指标同一期间",
    ]
    assert Observation.objects.get().value == 100


def test_it_runs_an_import_as_a_background_job(personas, plan, indicator_a, django_capture_on_commit_callbacks):
    template = importers.observation_template(personas.staff_a, plan, years=[2021])
    with django_capture_on_commit_callbacks(execute=True):
        job = importers.start_observation_import(
            personas.staff_a, plan, file_name="填报.xlsx", data=filled(template, {(indicator_a.pk, 2021): 110})
        )
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED and job.summary["created"] == 1
    with pytest.raises(PermissionDenied):
        importers.start_observation_import(personas.alice, plan, file_name="x.xlsx", data=b"")


def test_it_exports_indicators_progress_and_tasks(personas, plan, indicator_a, indicator_b):
    for year, value in ((2021, 120), (2022, 140)):
        verified(indicator_a, year, value, admin=personas.admin)
    services.override_status(indicator_b, actor=personas.admin, year=2022, status="at_risk", reason="数据口径调整")
    task = supervision.create_task(
        plan, actor=personas.admin, number="一.1", title="建设创新平台", lead_units=[personas.unit_a],
        support_units=[personas.unit_b], deadline=datetime.date(2022, 6, 30),
    )
    supervision.add_milestone(task, actor=personas.admin, title="完成选址", due_date=datetime.date(2022, 3, 1))

    data = exporters.export_plan(personas.staff_a, plan, 2022)

    indicators = rows_of(data, "指标进展")
    header = indicators[0]
    first = dict(zip(header, indicators[1], strict=True))
    second = dict(zip(header, indicators[2], strict=True))
    assert (first["指标名称"], first["目标"], first["最新值"], first["完成度（%）"]) == ("研发经费投入", "2025 年 ≥ 200", 140, 40)
    assert (first["计算状态"], first["期望值"], first["预测年份"]) == ("进展正常", 140, 2025)
    assert (second["目标"], second["计算状态"], second["人工判定"], second["判定理由"]) == (
        "2025 年 ≥ x2", "无法判断", "存在风险", "数据口径调整",
    )
    tasks = rows_of(data, "任务")
    assert tasks[1][:4] == ("一.1", "建设创新平台", personas.unit_a.name, personas.unit_b.name)
    assert dict(zip(tasks[0], tasks[1], strict=True))["是否逾期"] == "是"


def test_it_leaves_tasks_out_of_an_enterprise_users_export(personas, plan, indicator_a):
    supervision.create_task(plan, actor=personas.admin, title="内部任务", lead_units=[personas.unit_a])
    data = exporters.export_plan(personas.alice, plan, 2022)
    assert openpyxl.load_workbook(io.BytesIO(data), read_only=True).sheetnames == ["指标进展"]
    assert len(rows_of(data, "指标进展")) == 2


# --- the CLI's --plan scope and the import's single notification -------------------------------


@pytest.fixture
def other_plan_indicator(personas):
    other = services.create_plan(actor=personas.admin, title="人才发展规划", start_year=2021, end_year=2025)
    return services.create_indicator(
        other, actor=personas.admin, name="高层次人才数量", unit="人", responsible_unit=personas.unit_a,
        targets=[{"year": 2025, "value": 500}],
    )


def _cli_file(tmp_path, plan, admin, values, extra=None):
    path = tmp_path / "监测数据.xlsx"
    path.write_bytes(filled(importers.observation_template(admin, plan, years=[2022]), values, extra=extra))
    return path


def test_it_scopes_a_cli_import_to_one_plan_and_names_the_rows_of_other_plans(
    personas, plan, indicator_a, other_plan_indicator, tmp_path
):
    path = _cli_file(
        tmp_path, plan, personas.admin, {(indicator_a.pk, 2022): 130},
        extra=[[other_plan_indicator.pk, "高层次人才数量", "人", 2022, "", 320, ""]],
    )
    stderr = io.StringIO()
    with pytest.raises(CommandError, match="发现 1 处错误，整份文件未导入"):
        call_command("import", "observations", str(path), "--plan", str(plan.pk), stderr=stderr)
    assert (
        f"第 3 行「指标编号」：编号 {other_plan_indicator.pk} 的指标属于规划“人才发展规划”，"
        f"不属于本次导入的规划“{plan.title}”"
    ) in stderr.getvalue()
    assert not Observation.objects.exists()


def test_it_imports_rows_of_several_plans_from_the_cli_without_a_plan(personas, plan, indicator_a, other_plan_indicator, tmp_path):
    path = _cli_file(
        tmp_path, plan, personas.admin, {(indicator_a.pk, 2022): 130},
        extra=[[other_plan_indicator.pk, "高层次人才数量", "人", 2022, "", 320, ""]],
    )
    stdout = io.StringIO()
    call_command("import", "observations", str(path), stdout=stdout)
    assert "新增 2 条" in stdout.getvalue()
    assert {(o.indicator_id, o.value, o.status) for o in Observation.objects.all()} == {
        (indicator_a.pk, 130.0, ObservationStatus.VERIFIED), (other_plan_indicator.pk, 320.0, ObservationStatus.VERIFIED),
    }


def test_it_refuses_an_unknown_plan_and_plan_scopes_on_other_imports(personas, plan, indicator_a, tmp_path):
    path = _cli_file(tmp_path, plan, personas.admin, {(indicator_a.pk, 2022): 130})
    stderr = io.StringIO()
    with pytest.raises(CommandError, match="发现 1 处错误"):
        call_command("import", "observations", str(path), "--plan", "999999", stderr=stderr)
    assert "规划 999999 不存在或无权访问。" in stderr.getvalue()
    with pytest.raises(CommandError, match="导入类型“organizations”不支持 --plan"):
        call_command("import", "organizations", str(path), "--plan", str(plan.pk))


def test_it_sends_one_notification_for_a_units_whole_import(
    personas, plan, indicator_a, django_capture_on_commit_callbacks
):
    template = importers.observation_template(personas.staff_a, plan, years=[2021, 2022, 2023])
    data = filled(template, {(indicator_a.pk, 2021): 110, (indicator_a.pk, 2022): 120, (indicator_a.pk, 2023): 140})
    with django_capture_on_commit_callbacks(execute=True):
        result = run_import(get_spec("observations"), data, actor=personas.staff_a, file_name="填报.xlsx", scope={"plan_id": plan.pk})
    assert result.ok
    notification = Notification.objects.get()
    assert (notification.recipient, notification.title) == (personas.admin, "监测数据导入：3 条待审核")
    assert notification.body == f"staff_a导入了规划“{plan.title}”的 3 条监测值（新增 3 条，更新 0 条）。"
    assert notification.link == f"/plans/{plan.pk}/"


def test_it_sends_one_notification_for_the_bureaus_verified_import(
    personas, plan, indicator_a, indicator_b, django_capture_on_commit_callbacks
):
    data = filled(
        importers.observation_template(personas.admin, plan, years=[2022]),
        {(indicator_a.pk, 2022): 130, (indicator_b.pk, 2022): 70},
    )
    with django_capture_on_commit_callbacks(execute=True):
        run_import(get_spec("observations"), data, actor=personas.admin, file_name="年鉴.xlsx", scope={"plan_id": plan.pk})
    assert list(Notification.objects.values_list("title", flat=True)) == ["监测数据导入：2 条已导入并审核"]
    assert set(Observation.objects.values_list("status", flat=True)) == {ObservationStatus.VERIFIED}


def test_it_announces_no_draft_import(personas, plan, indicator_a, django_capture_on_commit_callbacks):
    data = filled(importers.observation_template(personas.staff_a, plan, years=[2022]), {(indicator_a.pk, 2022): 120})
    with django_capture_on_commit_callbacks(execute=True):
        run_import(
            get_spec("observations"), data, actor=personas.staff_a, file_name="草稿.xlsx",
            scope={"plan_id": plan.pk, "submit": False},
        )
    assert Observation.objects.get().status == ObservationStatus.DRAFT and not Notification.objects.exists()


def test_it_fails_an_observation_import_whose_write_raises_and_keeps_nothing(
    personas, plan, indicator_a, client_for, django_capture_on_commit_callbacks, monkeypatch
):
    spec = get_spec("observations")
    write = spec.write

    def broken(cleaned, context, *, actor):
        write(cleaned, context, actor=actor)
        raise RuntimeError("write broke off")

    monkeypatch.setattr(spec, "write", broken)
    template = importers.observation_template(personas.staff_a, plan, years=[2021])
    with django_capture_on_commit_callbacks(execute=True):
        job = importers.start_observation_import(
            personas.staff_a, plan, file_name="填报.xlsx", data=filled(template, {(indicator_a.pk, 2021): 110})
        )
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and job.finished_at is not None
    assert [error["message"] for error in job.errors] == ["导入时发生内部错误，整份文件未导入；错误已记录，请联系管理员。"]
    assert not Observation.objects.exists()
    assert not Notification.objects.exists()
    page = client_for(personas.staff_a).get(reverse("core:import_job", args=[job.pk])).content.decode()
    assert "导入时发生内部错误" in page and "hx-trigger" not in page
