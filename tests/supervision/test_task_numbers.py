"""A task number names one task of a plan: services, form, API, the proposed number and the migration."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from kechuang.plans.services import create_plan
from kechuang.supervision import services
from kechuang.supervision.models import Task
from kechuang.supervision.selectors import suggested_task_number

from .test_task_editing import _task_form

pytestmark = pytest.mark.django_db
TAKEN = "编号“一.1”已是本规划任务“培育高新技术企业”的编号，请换一个编号。"


def test_it_refuses_a_second_task_with_a_number_of_the_plan(personas, world):
    with pytest.raises(ValidationError) as refused:
        services.create_task(world.plan, actor=personas.admin, title="重复编号", number="一.1", lead_units=[personas.unit_a])
    assert refused.value.message_dict == {"number": [TAKEN]}
    with pytest.raises(ValidationError) as renumbered:
        services.update_task(world.task_b, actor=personas.admin, number="一.1")
    assert renumbered.value.message_dict == {"number": [TAKEN]}
    assert Task.objects.get(pk=world.task_b.pk).number == "一.2"


def test_it_allows_the_same_number_in_another_plan_and_many_unnumbered_tasks(personas, world):
    other = create_plan(actor=None, title="另一规划", start_year=2025, end_year=2027)
    services.create_task(other, actor=personas.admin, title="同号任务", number="一.1", lead_units=[personas.unit_a])
    for title in ("未编号一", "未编号二"):
        services.create_task(world.plan, actor=personas.admin, title=title, lead_units=[personas.unit_a])
    services.update_task(world.task_a, actor=personas.admin, number="一.1", title="改名不改号")
    assert world.plan.tasks.filter(number="").count() == 2


def test_it_keeps_the_rule_in_the_database(personas, world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Task.objects.create(plan=world.plan, title="绕过校验", number="一.1")


def test_it_shows_a_duplicate_number_on_the_task_form(client_for, personas, world):
    client = client_for(personas.admin)
    created = client.post(reverse("supervision:task_create", args=[world.plan.pk]), _task_form(
        number="一.1", title="重复编号", lead_units=[personas.unit_a.pk]))
    assert created.status_code == 200 and created.context["form"].errors["number"] == [TAKEN]
    assert TAKEN in created.content.decode()
    edited = client.post(reverse("supervision:task_edit", args=[world.task_b.pk]), _task_form(
        number="一.1", title=world.task_b.title, parent=world.parent.pk, lead_units=[personas.unit_b.pk]))
    assert edited.context["form"].errors["number"] == [TAKEN]
    assert Task.objects.get(pk=world.task_b.pk).number == "一.2"


def test_it_answers_a_duplicate_number_over_the_api_in_chinese(client_for, personas, world):
    client = client_for(personas.admin)
    created = client.post(f"/api/plans/{world.plan.pk}/tasks", {
        "number": "一.1", "title": "重复编号", "lead_unit_ids": [personas.unit_a.pk]}, content_type="application/json")
    assert created.status_code == 422 and created.json()["errors"] == [{"field": "number", "message": TAKEN}]
    patched = client.patch(f"/api/tasks/{world.task_b.pk}", {"number": "一.1"}, content_type="application/json")
    assert patched.status_code == 422 and patched.json()["errors"] == [{"field": "number", "message": TAKEN}]


def test_it_proposes_a_number_no_task_of_the_plan_has(personas, world):
    # Numbered by hand out of order: after 一.3 comes 一.2, whose next number 一.3 is taken.
    for number in ("一.3", "一.4"):
        services.create_task(world.plan, actor=None, title=number, number=number, parent=world.parent,
                             lead_units=[personas.unit_a])
    services.update_task(world.task_b, actor=None, position=99)
    assert suggested_task_number(world.plan, world.parent) == "一.5"


@pytest.mark.django_db(transaction=True)
def test_it_renumbers_existing_duplicates_before_numbers_become_unique(personas):
    executor = MigrationExecutor(connection)
    before, after = [("supervision", "0002_historicalsupervisionsettings_reports_start_and_more")], [("supervision", "0004_task_number_unique")]
    executor.migrate(before)
    old = MigrationExecutor(connection).loader.project_state(before).apps
    OldPlan, OldTask = old.get_model("plans", "Plan"), old.get_model("supervision", "Task")
    plan = OldPlan.objects.create(title="旧规划", start_year=2021, end_year=2025)
    other = OldPlan.objects.create(title="另一旧规划", start_year=2021, end_year=2025)
    rows = [(plan, "一", 1), (plan, "一.1", 2), (plan, "一.1", 3), (plan, "一.1-2", 4), (plan, "一.1", 0),
            (plan, "", 5), (plan, "", 6), (other, "一.1", 1)]
    tasks = [OldTask.objects.create(plan=p, number=number, position=position, title=f"任务{i}")
             for i, (p, number, position) in enumerate(rows)]
    MigrationExecutor(connection).migrate(after)
    numbers = dict(Task.objects.filter(pk__in=[t.pk for t in tasks]).values_list("title", "number"))
    # By position: 任务4 (position 0) keeps 一.1; 任务1 and 任务2 take the first free suffixes, 一.1-2 being taken.
    assert numbers == {"任务0": "一", "任务4": "一.1", "任务1": "一.1-3", "任务2": "一.1-4", "任务3": "一.1-2",
                       "任务5": "", "任务6": "", "任务7": "一.1"}
