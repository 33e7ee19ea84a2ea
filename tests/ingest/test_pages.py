from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kechuang.ingest import services
from kechuang.ingest.models import PlanDocument
from kechuang.plans.models import Plan
from tests.ingest.test_commit import PLAN_TEXT, ZONE_TEXT, index_of, uploaded
from tests.ingest.test_readers import draw_text, pdf_bytes


@pytest.fixture
def document(personas) -> PlanDocument:
    return uploaded(personas.admin)


def upload(client, name: str, data: bytes, capture):
    with capture(execute=True):  # the background extraction runs when the upload commits
        return client.post(reverse("ingest:upload"), {"file": SimpleUploadedFile(name, data)})


def test_it_uploads_extracts_and_shows_each_proposal_beside_its_highlighted_passage(
    personas, client_for, django_capture_on_commit_callbacks
):
    client = client_for(personas.admin)
    response = upload(client, "试点方案.txt", PLAN_TEXT.encode("gb18030"), django_capture_on_commit_callbacks)
    document = PlanDocument.objects.get()
    assert response["Location"] == reverse("ingest:document", args=[document.pk])
    page = client.get(response["Location"]).content.decode()
    assert document.status == PlanDocument.Status.READY
    assert '<mark class="source">1 高新技术企业数量 家 150 300 预期性</mark>' in page
    assert '<mark class="source">责任单位：区商务局牵头，区科技局配合</mark>' in page
    assert "新建单位" in page  # units not in the registry are proposed as new organizations


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("坏文件.docx", b"PK\x03\x04 not really a zip", "坏文件.docx"),
        ("扫描件.pdf", pdf_bytes(lambda page: page.rect(50, 50, 400, 600, fill=1)), "没有可提取的文字"),
        ("加密.pdf", pdf_bytes(draw_text, encrypt="secret"), "已加密"),
    ],
)
def test_it_shows_the_readers_refusal_in_chinese(personas, client_for, django_capture_on_commit_callbacks, name, data, message):
    client = client_for(personas.admin)
    response = upload(client, name, data, django_capture_on_commit_callbacks)
    page = client.get(response["Location"]).content.decode()
    assert PlanDocument.objects.get().status == PlanDocument.Status.FAILED
    assert message in page and 'data-testid="document-error"' in page


def test_it_refuses_a_zip_bomb(personas, client_for, django_capture_on_commit_callbacks):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<" * (60 * 1024 * 1024))
    client = client_for(personas.admin)
    response = upload(client, "炸弹.docx", buffer.getvalue(), django_capture_on_commit_callbacks)
    assert "压缩" in client.get(response["Location"]).content.decode()


def test_it_refuses_oversized_and_unsupported_files_at_upload(personas, client_for, settings):
    settings.KECHUANG_INGEST_MAX_BYTES = 1024 * 1024
    client = client_for(personas.admin)
    big = client.post(reverse("ingest:upload"), {"file": SimpleUploadedFile("大.txt", b"x" * (1024 * 1024 + 1))})
    assert "超过大小上限 1 MB" in big.content.decode()
    doc = client.post(reverse("ingest:upload"), {"file": SimpleUploadedFile("旧版.doc", b"x")})
    assert "不支持的文件类型" in doc.content.decode()
    assert PlanDocument.objects.count() == 0


def test_it_polls_while_the_extraction_runs(personas, client_for):
    pending = services.upload_document(actor=personas.admin, file_name="p.txt", data=PLAN_TEXT.encode(), schedule=False)
    client = client_for(personas.admin)
    url = reverse("ingest:document", args=[pending.pk])
    page = client.get(url).content.decode()
    assert f'hx-get="{url}"' in page and 'hx-trigger="every 1s"' in page
    assert "HX-Refresh" not in client.get(url, HTTP_HX_REQUEST="true")
    services.extract_document(pending.pk)
    done = client.get(url, HTTP_HX_REQUEST="true")
    assert done["HX-Refresh"] == "true"
    assert "every 1s" not in done.content.decode()


def test_it_accepts_rejects_and_edits_one_item(personas, client_for, document):
    client = client_for(personas.admin)
    reject = client.post(reverse("ingest:item", args=[document.pk, "tasks", 1]), {"action": "reject"}, HTTP_HX_REQUEST="true")
    assert 'data-decision="reject"' in reject.content.decode()
    index = index_of(document, "indicators", "name", "高新技术企业数量")
    edit = client.post(reverse("ingest:item", args=[document.pk, "indicators", index]), {
        "action": "save", "name": "高新技术企业总数", "unit": "家", "attribute": "预期性", "baseline_year": "2020",
        "baseline_value": "150", "target_0_year": "2025", "target_0_value": "350", "target_0_comparator": ">=",
    }, HTTP_HX_REQUEST="true")
    assert "高新技术企业总数" in edit.content.decode() and "已修改" in edit.content.decode()
    review = PlanDocument.objects.get(pk=document.pk).review
    assert review["tasks"][1]["decision"] == "reject"
    assert review["indicators"][index]["item"]["targets"][0]["value"] == 350


@pytest.mark.parametrize(
    ("post", "message"),
    [
        ({"name": "", "target_0_value": "1"}, "指标名称：不能为空"),
        ({"name": "x", "target_0_value": "很多"}, "第 1 个目标值：“很多”不是数字"),
        ({"name": "x", "target_0_value": "1", "target_0_year": "二五年"}, "第 1 个目标年份"),
        ({"name": "x", "target_0_relative": "翻番"}, "相对目标"),
    ],
)
def test_it_refuses_a_bad_edit_with_a_chinese_error_and_keeps_the_review(personas, client_for, document, post, message):
    before = document.review
    response = client_for(personas.admin).post(
        reverse("ingest:item", args=[document.pk, "indicators", 0]), {"action": "save", **post}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert message in page and 'data-testid="item-error"' in page and "<form" in page
    assert f'name="name" value="{post["name"]}"' in page  # the form keeps what was typed
    assert PlanDocument.objects.get(pk=document.pk).review == before


def test_it_merges_and_matches_units_and_refuses_an_unknown_organization(personas, client_for, document):
    client = client_for(personas.admin)
    url = reverse("ingest:units", args=[document.pk])
    client.post(url, {"action": "merge", "name": "区科技局", "into": "区科工信局"})
    client.post(url, {"action": "match", "name": "区财政局", "organization_id": str(personas.unit_b.pk)})
    bad = client.post(url, {"action": "match", "name": "区商务局", "organization_id": "999999"}, follow=True)
    assert "单位编号 999999 不存在" in bad.content.decode()
    units = PlanDocument.objects.get(pk=document.pk).review["units"]
    assert units["区科技局"]["merged_into"] == "区科工信局"
    assert units["区财政局"]["organization_id"] == personas.unit_b.pk
    assert units["区商务局"]["organization_id"] is None


def test_it_marks_collective_unit_names_as_not_registered(personas, client_for):
    document = uploaded(personas.admin, ZONE_TEXT, name="行动方案.txt")
    page = client_for(personas.admin).get(reverse("ingest:document", args=[document.pk])).content.decode()
    rows = {row.split("</td>")[0]: row for row in page.split('<tr data-unit="')[1:]}
    assert "泛指，不登记" in rows['各街道"><td>各街道'] and "新建单位" not in rows['各街道"><td>各街道']
    assert "新建单位" in rows['科技发展局"><td>科技发展局']


def test_it_edits_the_plan_details_with_validation(personas, client_for, document):
    client = client_for(personas.admin)
    url = reverse("ingest:plan_meta", args=[document.pk])
    bad = client.post(url, {"title": "方案", "start_year": "2026", "end_year": "2025"}, follow=True)
    assert "目标年：不能早于起始年" in bad.content.decode()
    client.post(url, {"title": "沙河口区试点方案", "start_year": "2021", "end_year": "2025", "horizons": "2035"})
    assert PlanDocument.objects.get(pk=document.pk).review["plan"] == {
        "title": "沙河口区试点方案", "start_year": 2021, "end_year": 2025, "horizons": [2025, 2035], "level": "区",
    }


def test_it_commits_and_redirects_to_the_plan(personas, client_for, document):
    client = client_for(personas.admin)
    response = client.post(reverse("ingest:commit", args=[document.pk]))
    plan = Plan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:plan_dashboard", args=[plan.pk])
    again = client.post(reverse("ingest:commit", args=[document.pk]), follow=True)
    assert "不能再次生成" in again.content.decode()
    assert Plan.objects.count() == 1
    page = client.get(reverse("ingest:document", args=[document.pk])).content.decode()
    assert 'data-testid="plan-link"' in page and 'data-testid="commit"' not in page


def test_it_reports_a_failed_commit_on_the_review_page(personas, client_for, document):
    state = dict(document.review)
    state["tasks"] = [dict(entry) for entry in state["tasks"]]
    state["tasks"][1] = {**state["tasks"][1], "item": {**state["tasks"][1]["item"], "lead_units": []}}
    services.save_review(document, state, actor=personas.admin)
    response = client_for(personas.admin).post(reverse("ingest:commit", args=[document.pk]), follow=True)
    assert "第 2 项任务“建设科技企业孵化载体”：牵头单位：至少需要一个" in response.content.decode()
    assert Plan.objects.count() == 0


def test_it_refuses_the_pages_to_everyone_but_bureau_admins(personas, client_for, document):
    urls = [
        ("get", reverse("ingest:upload")),
        ("get", reverse("ingest:document", args=[document.pk])),
        ("post", reverse("ingest:item", args=[document.pk, "tasks", 0])),
        ("post", reverse("ingest:units", args=[document.pk])),
        ("post", reverse("ingest:plan_meta", args=[document.pk])),
        ("post", reverse("ingest:commit", args=[document.pk])),
    ]
    for user in (personas.staff_a, personas.alice, personas.expert):
        client = client_for(user)
        for method, url in urls:
            assert getattr(client, method)(url, {"action": "reject"}).status_code == 403, (user, url)
    assert PlanDocument.objects.get(pk=document.pk).review["tasks"][0]["decision"] == "accept"
    assert Plan.objects.count() == 0
    admin = client_for(personas.admin)
    assert admin.get(reverse("ingest:document", args=[document.pk + 100])).status_code == 404
    assert admin.get(reverse("ingest:item", args=[document.pk, "tasks", 99])).status_code == 404


def test_it_shows_the_menu_entry_only_to_bureau_admins(personas, client_for):
    assert "规划导入" in client_for(personas.admin).get(reverse("core:home")).content.decode()
    assert "规划导入" not in client_for(personas.staff_a).get(reverse("core:home")).content.decode()


def test_it_lists_recent_uploads_in_constant_queries(personas, client_for, django_assert_max_num_queries):
    for index in range(5):
        uploaded(personas.admin, name=f"方案{index}.txt")
    client = client_for(personas.admin)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("ingest:upload")).content.decode()
    assert page.count("方案") >= 5


def test_it_renders_the_review_page_in_constant_queries(personas, client_for, django_assert_max_num_queries, document):
    client = client_for(personas.admin)
    with django_assert_max_num_queries(8):
        client.get(reverse("ingest:document", args=[document.pk]))
