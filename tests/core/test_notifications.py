from __future__ import annotations

import pytest
from django.urls import reverse

from kechuang.core.models import Notification
from kechuang.core.services import mark_notifications_read, notify, resolve_notifications

pytestmark = pytest.mark.django_db


def test_it_writes_notifications_only_when_the_transaction_commits(personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify([personas.alice, personas.bob], title="数据被退回", body="请补充佐证材料", link="/x/")
    assert len(callbacks) == 1
    assert Notification.objects.filter(title="数据被退回").count() == 2


def test_it_shows_each_user_only_their_notifications_and_unread_count(personas, client_for, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify([personas.alice], title="给甲的提醒")
        notify([personas.bob], title="给乙的提醒")
    page = client_for(personas.alice).get(reverse("core:notification_list"))
    titles = [n.title for n in page.context["page"]]
    assert titles == ["给甲的提醒"]
    assert page.context["unread_notifications"] == 1


def test_it_marks_only_the_users_own_notifications_read(personas, client_for, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify([personas.alice], title="甲")
        notify([personas.bob], title="乙")
    bobs = Notification.objects.get(recipient=personas.bob)
    client_for(personas.alice).post(reverse("core:notification_read"), {"id": [bobs.pk]})
    bobs.refresh_from_db()
    assert bobs.read_at is None
    assert mark_notifications_read(personas.alice) == 1
    assert Notification.objects.get(recipient=personas.alice).read_at is not None


def test_it_marks_read_only_the_notifications_of_a_resolved_topic(personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify([personas.alice, personas.bob], title="待审核：甲", topic="observation:1:review")
        notify([personas.alice], title="待审核：乙", topic="observation:2:review")
        notify([personas.alice], title="无待办")
        resolve_notifications("observation:1:review")
    unread = Notification.objects.filter(read_at__isnull=True).order_by("title")
    assert list(unread.values_list("title", flat=True)) == ["待审核：乙", "无待办"]
