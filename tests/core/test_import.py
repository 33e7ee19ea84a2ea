from __future__ import annotations

import io
import logging
import os
import random
import subprocess
import sys
import zipfile

import openpyxl
import pytest
from django.db import DatabaseError, transaction
from django.urls import reverse

from kechuang.core.importers import OrganizationImport
from kechuang.core.importing import REGISTRY, build_template, run_import
from kechuang.core.models import ImportJob, Organization
from kechuang.core.tasks import fail_import_job, run_import_job
from kechuang.core.uscc import make_uscc

pytestmark = pytest.mark.django_db
HEADERS = ["单位名称", "统一社会信用代码", "单位类型", "所在区划", "所属行业", "地址", "联系人", "联系电话", "电子邮箱", "简介"]


def workbook(rows: list[list], headers: list[str] = HEADERS) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "单位"
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def codes(n: int, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    return [make_uscc(rng, region_code="210204") for _ in range(n)]


def test_it_imports_a_valid_file_and_upserts_by_uscc(personas):
    a, b = codes(2)
    data = workbook([["导入甲有限公司", a, "企业", "210204", "39"], ["导入乙研究院", b, "科研院所", "沙河口区", ""]])
    result = run_import(OrganizationImport(), data, actor=personas.admin, file_name="a.xlsx")
    assert result.ok, result.errors
    assert result.summary == {"created": 2, "updated": 0}
    org = Organization.objects.get(uscc=a)
    assert (org.kind, org.region.code, org.industry.code) == ("enterprise", "210204", "39")
    again = workbook([["导入甲有限公司（更名）", a, "企业", "210204", "39"]])
    result = run_import(OrganizationImport(), again, actor=personas.admin, file_name="b.xlsx")
    assert result.summary == {"created": 0, "updated": 1}
    org.refresh_from_db()
    assert org.name == "导入甲有限公司（更名）"
    assert org.history.latest().history_user == personas.admin


def test_it_rejects_the_whole_file_when_one_row_is_bad(personas):
    a, b, c = codes(3)
    corrupted = c[:-1] + ("0" if c[-1] != "0" else "1")
    data = workbook(
        [["好一有限公司", a, "企业", "210204", ""], ["好二有限公司", b, "企业", "210204", ""], ["坏有限公司", corrupted, "企业", "210204", ""]]
    )
    before = Organization.objects.count()
    result = run_import(OrganizationImport(), data, actor=personas.admin, file_name="bad.xlsx")
    assert not result.ok
    assert Organization.objects.count() == before
    [error] = result.errors
    assert (error.row, error.column) == (4, "统一社会信用代码")
    assert "第 4 行「统一社会信用代码」" in str(error)


def test_it_reports_unknown_regions_industries_kinds_and_duplicates(personas):
    a, b = codes(2)
    data = workbook(
        [["甲", a, "外星机构", "999999", "00"], ["乙", b, "企业", "", ""], ["丙", b, "企业", "", ""]]
    )
    result = run_import(OrganizationImport(), data, actor=personas.admin, file_name="x.xlsx")
    found = {(e.row, e.column) for e in result.errors}
    assert (2, "单位类型") in found
    assert (2, "所在区划") in found
    assert (2, "所属行业") in found
    assert (4, "统一社会信用代码") in found
    assert any("与第 3 行重复" in e.message for e in result.errors)


def test_it_refuses_a_file_without_the_required_columns(personas):
    result = run_import(OrganizationImport(), workbook([["x"]], headers=["名称"]), actor=personas.admin, file_name="c.xlsx")
    assert "缺少必填列" in result.errors[0].message


def test_it_refuses_non_excel_and_zip_bombs(personas):
    result = run_import(OrganizationImport(), b"not a zip", actor=personas.admin, file_name="d.xlsx")
    assert "已损坏" in result.errors[0].message
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (50 * 1024 * 1024))
    result = run_import(OrganizationImport(), buffer.getvalue(), actor=personas.admin, file_name="bomb.xlsx")
    assert "压缩炸弹" in result.errors[0].message


def test_it_round_trips_the_template(personas):
    template = openpyxl.load_workbook(io.BytesIO(build_template(OrganizationImport())))
    headers = [cell.value.rstrip("*") for cell in template["单位"][1]]
    assert headers == HEADERS
    assert "填写说明" in template.sheetnames


def test_it_runs_an_uploaded_file_as_a_job_with_its_report(personas, client_for, django_capture_on_commit_callbacks):
    client = client_for(personas.admin)
    (a,) = codes(1, seed=5)
    upload = io.BytesIO(workbook([["页面导入有限公司", a, "企业", "210204", "65"]]))
    upload.name = "orgs.xlsx"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("core:organization_import"), {"file": upload})
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("core:import_job", args=[job.pk])
    assert job.status == ImportJob.Status.SUCCEEDED
    assert job.summary["created"] == 1
    page = client.get(response["Location"], HTTP_HX_REQUEST="true")
    assert "新增 1 条" in page.content.decode()
    assert client_for(personas.alice).get(response["Location"]).status_code == 404


def test_it_refuses_an_oversized_upload_before_reading_it(personas, client_for, settings):
    settings.KECHUANG_IMPORT_MAX_BYTES = 100
    upload = io.BytesIO(workbook([]))
    upload.name = "big.xlsx"
    response = client_for(personas.admin).post(reverse("core:organization_import"), {"file": upload})
    assert "超过上限" in response.context["error"]
    assert not ImportJob.objects.exists()


def test_it_registers_every_import_when_django_starts_without_loading_the_urls():
    """A bare task worker loads the apps, not the URLs: the specs must come from AppConfig.ready."""
    script = (
        "import django; django.setup(); "
        "from kechuang.core.importing import REGISTRY; print(','.join(sorted(REGISTRY)))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "PYTHONPATH": os.pathsep.join(sys.path)}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True)
    assert result.stdout.strip() == "achievements,demands,enterprise_figures,observations,organizations"


def _write_then_break(monkeypatch, kind: str) -> None:
    """Make the spec's write store its rows and then fail, as a bug half-way through a batch would."""
    spec = REGISTRY[kind]
    write = spec.write

    def broken(cleaned, context, *, actor):
        write(cleaned, context, actor=actor)
        raise RuntimeError("write broke off")

    monkeypatch.setattr(spec, "write", broken)


def test_it_fails_a_job_whose_write_raises_with_the_reason_and_keeps_nothing(
    personas, client_for, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    _write_then_break(monkeypatch, "organizations")
    client = client_for(personas.admin)
    (a,) = codes(1, seed=8)
    upload = io.BytesIO(workbook([["写入失败有限公司", a, "企业", "210204", "65"]]))
    upload.name = "orgs.xlsx"
    with django_capture_on_commit_callbacks(execute=True), caplog.at_level(logging.ERROR, logger="kechuang.core.tasks"):
        response = client.post(reverse("core:organization_import"), {"file": upload})
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED and job.finished_at is not None
    assert job.errors == [{"row": 0, "column": "", "message": "导入时发生内部错误，整份文件未导入；错误已记录，请联系管理员。"}]
    assert not Organization.objects.filter(name="写入失败有限公司").exists()
    assert any("write broke off" in (record.exc_text or "") for record in caplog.records)
    partial = client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert "导入时发生内部错误" in partial and "未导入" in partial
    assert "hx-trigger" not in partial and "hx-get" not in partial


def _job(personas, name: str, seed: int) -> ImportJob:
    (a,) = codes(1, seed=seed)
    return ImportJob.objects.create(
        kind="organizations", file_name="orgs.xlsx", content=workbook([[name, a, "企业", "210204", "65"]]),
        created_by=personas.admin,
    )


def _run(job: ImportJob, django_capture_on_commit_callbacks) -> ImportJob:
    with django_capture_on_commit_callbacks(execute=True):
        transaction.on_commit(lambda: run_import_job.enqueue(job.pk))
    job.refresh_from_db()
    return job


def test_it_keeps_no_rows_when_the_jobs_success_cannot_be_saved(personas, django_capture_on_commit_callbacks, monkeypatch):
    job = _job(personas, "结果未保存有限公司", seed=9)

    def unsavable(self, *args, **kwargs):
        raise DatabaseError("connection lost")

    monkeypatch.setattr(ImportJob, "save", unsavable)
    job = _run(job, django_capture_on_commit_callbacks)
    assert job.status == ImportJob.Status.FAILED and job.finished_at is not None
    assert job.summary == {"error_count": 1, "internal_error": True}
    assert not Organization.objects.filter(name="结果未保存有限公司").exists()


def test_it_fails_a_job_the_task_runner_saw_fail(personas, client_for, django_capture_on_commit_callbacks, monkeypatch):
    """A worker stopped mid-write (db_worker raises SystemExit on a second Ctrl+C or SIGTERM) gets
    past the job's own error handling; the runner's task_finished report still ends the job."""
    spec = REGISTRY["organizations"]
    write = spec.write

    def stopped(cleaned, context, *, actor):
        write(cleaned, context, actor=actor)
        raise SystemExit(1)

    monkeypatch.setattr(spec, "write", stopped)
    job = _run(_job(personas, "任务中断有限公司", seed=10), django_capture_on_commit_callbacks)
    assert job.status == ImportJob.Status.FAILED and job.finished_at is not None
    assert job.errors[0]["message"].startswith("导入时发生内部错误")
    assert not Organization.objects.filter(name="任务中断有限公司").exists()
    page = client_for(personas.admin).get(reverse("core:import_job", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert "hx-trigger" not in page.content.decode()


def test_it_leaves_a_finished_job_as_it_was_when_failing_it_late(personas):
    job = ImportJob.objects.create(
        kind="organizations", file_name="x.xlsx", content=b"", created_by=personas.admin,
        status=ImportJob.Status.SUCCEEDED, summary={"created": 3},
    )
    assert not fail_import_job(job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED and job.summary == {"created": 3}


def test_it_polls_a_running_job_until_it_ends(personas, client_for):
    job = ImportJob.objects.create(
        kind="organizations", file_name="x.xlsx", content=b"", created_by=personas.admin, status=ImportJob.Status.RUNNING,
    )
    url = reverse("core:import_job", args=[job.pk])
    assert 'hx-trigger="every 1s"' in client_for(personas.admin).get(url, HTTP_HX_REQUEST="true").content.decode()
    fail_import_job(job.pk)
    assert "hx-trigger" not in client_for(personas.admin).get(url, HTTP_HX_REQUEST="true").content.decode()
