from __future__ import annotations

import pytest
from playwright.sync_api import expect

from kechuang.core.models import ImportJob
from kechuang.core.tasks import fail_import_job
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_stops_polling_an_import_job_once_it_has_failed(personas, login, live_server):
    job = ImportJob.objects.create(
        kind="organizations", file_name="单位.xlsx", content=b"", created_by=personas.admin, status=ImportJob.Status.RUNNING,
    )
    page = login("admin", PASSWORD)
    polls: list[str] = []
    page.on("request", lambda request: polls.append(request.url) if f"/imports/jobs/{job.pk}/" in request.url else None)
    page.goto(f"{live_server.url}/imports/jobs/{job.pk}/")
    expect(page.get_by_test_id("job-status")).to_have_text("处理中")
    page.wait_for_timeout(2500)
    assert len(polls) >= 3  # the page itself and at least two polls a second apart

    fail_import_job(job.pk)
    expect(page.get_by_test_id("job-status")).to_have_text("未导入")
    expect(page.get_by_test_id("job-reason")).to_have_text("导入时发生内部错误，整份文件未导入；错误已记录，请联系管理员。")
    settled = len(polls)
    page.wait_for_timeout(2500)
    assert len(polls) == settled
