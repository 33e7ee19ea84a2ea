"""The bureau adds and deletes tasks: services (refusals, audit) and pages (who may, where the links are)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from kechuang.supervision import services
from kechuang.supervision.models import Milestone, Task, TaskUnit

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def _task_form(**fields) -> dict:
    return {"number": "", "title": "", "parent": "", "description": "", "deadline": "", "manual_percent": "",
            "lead_units": [], "support_units": [], **fields}


# --- services ----------------------------------------------------------------------------------


def test_it_deletes_a_task_with_its_milestones_and_units_and_keeps_the_history(personas, world):
    task = services.create_task(
        world.plan, actor=personas.admin, title="建设中试基地", number="一.3", parent=world.parent,
        lead_units=[personas.unit_a], support_units=[personas.unit_b],
    )
    services.add_milestone(task, actor=personas.admin, title="选址", due_date=datetime.date(2025, 8, 1))
    services.delete_task(task, actor=personas.admin, reason="并入一.1")
    assert not Task.objects.filter(pk=task.pk).exists()
    assert not Milestone.objects.filter(task_id=task.pk).exists() and not TaskUnit.objects.filter(task_id=task.pk).exists()
    gone = Task.history.filter(id=task.pk, history_type="-").get()
    assert (gone.history_user, gone.history_change_reason) == (personas.admin, "并入一.1")
    assert TaskUnit.history.filter(task_id=task.pk, history_type="-").count() == 2


def test_it_refuses_to_delete_a_task_with_reports_notices_or_subtasks(personas, world):
    services.submit_report(world.task_b, actor=personas.staff_b, period="2025-Q1", text="已设立", today=TODAY)
    with pytest.raises(ValidationError, match="不能删除：已有 1 份进展报告"):
        services.delete_task(world.task_b, actor=personas.admin)
    services.issue_notice(
        world.task_a, actor=personas.admin, organization=personas.unit_a, subject="请加快进度", body="……",
        reply_due=datetime.date.today() + datetime.timedelta(days=7),
    )
    with pytest.raises(ValidationError, match="已签发 1 份督办单"):
        services.delete_task(world.task_a, actor=personas.admin)
    with pytest.raises(ValidationError, match="有 2 项下级任务，请先删除下级任务"):
        services.delete_task(world.parent, actor=personas.admin)
    assert Task.objects.count() == 3 and Milestone.objects.count() == 2


def test_it_lets_only_the_bureau_delete_a_task(personas, world):
    for user in (personas.staff_a, personas.staff_b, personas.alice):
        with pytest.raises(PermissionDenied):
            services.delete_task(world.task_b, actor=user)
    assert Task.objects.filter(pk=world.task_b.pk).exists()


# --- pages -------------------------------------------------------------------------------------


def test_it_lets_the_bureau_add_a_subtask_from_the_task_page(personas, world, client_for):
    client = client_for(personas.admin)
    url = reverse("supervision:task_create", args=[world.plan.pk])
    detail = client.get(reverse("supervision:task_detail", args=[world.parent.pk])).content.decode()
    assert f'href="{url}?parent={world.parent.pk}"' in detail
    initial = client.get(url, {"parent": world.parent.pk}).context["form"].initial
    assert (initial["parent"], initial["number"]) == (world.parent.pk, "一.3")
    assert client.get(url).context["form"].initial["number"] == "二"
    response = client.post(url, _task_form(
        number="一.3", title="建设中试基地", parent=world.parent.pk, deadline="2026-06-30",
        lead_units=[personas.unit_b.pk], support_units=[personas.unit_a.pk],
    ))
    task = Task.objects.get(title="建设中试基地")
    assert response.status_code == 302 and response.url == reverse("supervision:task_detail", args=[task.pk])
    assert (task.parent, task.number, task.deadline) == (world.parent, "一.3", datetime.date(2026, 6, 30))
    assert {(a.organization, a.role) for a in task.assignments.all()} == {(personas.unit_b, "lead"), (personas.unit_a, "support")}
    assert task.history.get().history_user == personas.admin


def test_it_adds_a_top_level_task_from_the_task_list_and_needs_a_lead_unit(personas, world, client_for):
    client = client_for(personas.admin)
    url = reverse("supervision:task_create", args=[world.plan.pk])
    assert f'href="{url}"' in client.get(reverse("supervision:task_list", args=[world.plan.pk])).content.decode()
    missing = client.post(url, _task_form(number="二", title="优化创新生态"))
    assert missing.status_code == 200 and "这个字段是必填项" in missing.content.decode()
    client.post(url, _task_form(number="二", title="优化创新生态", lead_units=[personas.unit_a.pk]))
    assert Task.objects.get(title="优化创新生态").parent is None


def test_it_refuses_a_parent_from_another_plan(personas, world, client_for):
    from kechuang.plans.services import create_plan

    other_plan = create_plan(actor=None, title="另一规划", start_year=2025, end_year=2027)
    foreign = services.create_task(other_plan, actor=None, title="外部任务", lead_units=[personas.unit_a])
    response = client_for(personas.admin).post(
        reverse("supervision:task_create", args=[world.plan.pk]),
        _task_form(title="挂错", parent=foreign.pk, lead_units=[personas.unit_a.pk]),
    )
    assert response.status_code == 200 and not Task.objects.filter(title="挂错").exists()


def test_it_deletes_from_the_confirmation_page_or_explains_the_refusal(personas, world, client_for):
    client = client_for(personas.admin)
    refused = client.post(reverse("supervision:task_delete", args=[world.parent.pk]), follow=True)
    assert "有 2 项下级任务，请先删除下级任务" in refused.content.decode()
    assert client.get(reverse("supervision:task_delete", args=[world.task_b.pk])).status_code == 200
    response = client.post(reverse("supervision:task_delete", args=[world.task_b.pk]), {"reason": "重复"})
    assert response.status_code == 302 and response.url == reverse("supervision:task_list", args=[world.plan.pk])
    assert not Task.objects.filter(pk=world.task_b.pk).exists()


def test_it_refuses_task_creation_and_deletion_to_units_and_hides_them_from_enterprises(personas, world, client_for):
    create = reverse("supervision:task_create", args=[world.plan.pk])
    # task_a is unit A's own task (lead), task_b unit B's: neither unit may delete either.
    deletes = [reverse("supervision:task_delete", args=[world.task_a.pk]), reverse("supervision:task_delete", args=[world.task_b.pk])]
    for user in (personas.staff_a, personas.staff_b):
        client = client_for(user)
        assert client.get(create).status_code == 403
        assert client.post(create, _task_form(title="越权", lead_units=[personas.unit_a.pk])).status_code == 403
        for url in deletes:
            assert client.post(url).status_code == 403
        assert create not in client.get(reverse("supervision:task_list", args=[world.plan.pk])).content.decode()
    client = client_for(personas.alice)
    assert client.get(create).status_code == 404
    assert all(client.post(url).status_code == 404 for url in deletes)
    assert Task.objects.count() == 3 and not Task.objects.filter(title="越权").exists()
