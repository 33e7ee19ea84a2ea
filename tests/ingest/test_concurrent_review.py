"""Two reviewers on one proposal: saves carry the version they were made from, a save over someone
else's change to the same place is refused and says what changed, and every saved decision is in
the document's history. A document a killed worker left in "extracting" is reclaimed."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kechuang.core.audit import audit_entries
from kechuang.core.choices import Role
from kechuang.core.services import create_user
from kechuang.ingest import review as review_rules
from kechuang.ingest import services
from kechuang.ingest.messages import review_error_text
from kechuang.ingest.models import PlanDocument
from tests.ingest.test_commit import uploaded

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(personas) -> PlanDocument:
    return uploaded(personas.admin)


@pytest.fixture
def second_admin(personas):
    return create_user(
        username="admin2", password="x-pass-2026", display_name="李审核", organization=personas.bureau,
        role=Role.BUREAU_ADMIN,
    )


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def item_url(document: PlanDocument, kind: str, index: int) -> str:
    return reverse("ingest:item", args=[document.pk, kind, index])


def test_the_second_reviewer_of_the_same_item_is_told_what_changed_and_nothing_is_saved(personas, second_admin, document):
    version = document.version  # both reviewers opened the page at this version
    first, second = client_of(second_admin), client_of(personas.admin)
    first.post(item_url(document, "indicators", 0), {"action": "reject", "version": version})
    response = second.post(
        item_url(document, "indicators", 0),
        {"action": "save", "version": version, "name": "改过的名称", "unit": "家", "target_0_year": "2025",
         "target_0_value": "50", "target_0_comparator": ">="},
    )
    page = response.content.decode()
    assert "未保存：在你打开之后，李审核 已修改了这里（审核决定改为驳回）" in page
    saved = PlanDocument.objects.get(pk=document.pk)
    assert saved.review["indicators"][0]["decision"] == "reject"
    assert saved.review["indicators"][0]["item"]["name"] != "改过的名称"
    assert saved.version == version + 1
    # The item is shown as it is now, with the version to decide again from.
    assert f'"version": "{saved.version}"' in page and 'data-decision="reject"' in page


def test_a_save_from_an_older_version_of_another_item_still_applies(personas, document):
    version = document.version
    client = client_of(personas.admin)
    client.post(item_url(document, "indicators", 0), {"action": "reject", "version": version})
    # The same tab: its other items were rendered at the older version.
    client.post(item_url(document, "indicators", 1), {"action": "reject", "version": version})
    saved = PlanDocument.objects.get(pk=document.pk)
    assert [entry["decision"] for entry in saved.review["indicators"][:2]] == ["reject", "reject"]
    assert saved.version == version + 2


def test_plan_details_saved_over_a_change_say_which_fields_changed(personas, second_admin, document):
    version = document.version
    data = {"title": "甲方案", "start_year": "2021", "end_year": "2025", "horizons": "", "version": version}
    client_of(second_admin).post(reverse("ingest:plan_meta", args=[document.pk]), data)
    response = client_of(personas.admin).post(
        reverse("ingest:plan_meta", args=[document.pk]), {**data, "title": "乙方案"}, follow=True
    )
    assert "规划名称改为“甲方案”" in response.content.decode()
    assert PlanDocument.objects.get(pk=document.pk).review["plan"]["title"] == "甲方案"


def test_the_service_refuses_a_conflicting_change_with_a_coded_error(personas, second_admin, document):
    version = document.version
    reject = lambda review: review_rules.decide(review, "tasks", 0, "reject")  # noqa: E731
    services.change_review(document, actor=second_admin, part=("tasks", 0), change=reject, version=version, reason="r")
    with pytest.raises(review_rules.ReviewConflict) as error:
        accept = lambda review: review_rules.decide(review, "tasks", 0, "accept")  # noqa: E731
        services.change_review(document, actor=personas.admin, part=("tasks", 0), change=accept, version=version, reason="r")
    assert error.value.message.code == "review_conflict"
    assert "审核决定改为驳回" in review_error_text(error.value)


def test_every_saved_decision_is_in_the_documents_history(personas, document):
    client_of(personas.admin).post(item_url(document, "tasks", 0), {"action": "reject", "version": document.version})
    entries = audit_entries(PlanDocument.objects.get(pk=document.pk))
    latest = entries[0]
    assert latest.who == personas.admin and latest.reason == "审核：驳回第 1 个任务"
    assert {change.field for change in latest.changes} >= {"review", "version"}


def stall(document: PlanDocument, *, attempts: int, minutes_ago: int) -> None:
    PlanDocument.objects.filter(pk=document.pk).update(
        status=PlanDocument.Status.EXTRACTING, attempts=attempts,
        extracting_since=timezone.now() - datetime.timedelta(minutes=minutes_ago),
    )


def test_a_document_left_extracting_by_a_dead_worker_is_retried_once_then_failed(personas, document, django_capture_on_commit_callbacks):
    stall(document, attempts=1, minutes_ago=60)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reclaim_stalled() == 1
    retried = PlanDocument.objects.get(pk=document.pk)
    assert (retried.status, retried.attempts) == (PlanDocument.Status.READY, 2)  # extracted again

    stall(document, attempts=2, minutes_ago=60)
    page = client_of(personas.admin).get(reverse("ingest:document", args=[document.pk])).content.decode()
    failed = PlanDocument.objects.get(pk=document.pk)
    assert failed.status == PlanDocument.Status.FAILED
    assert "处理进程在解析过程中中断（已尝试 2 次）" in failed.error and failed.error in page


def test_an_extraction_still_within_its_time_is_left_alone(document):
    stall(document, attempts=1, minutes_ago=1)
    assert services.reclaim_stalled() == 0
    assert PlanDocument.objects.get(pk=document.pk).status == PlanDocument.Status.EXTRACTING
