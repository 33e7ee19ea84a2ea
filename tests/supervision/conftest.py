"""A plan with tasks for unit_a and unit_b, built with the services, and a fixed `today`."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest

from kechuang.plans.services import create_plan
from kechuang.supervision import services

TODAY = datetime.date(2025, 5, 20)


@dataclass
class World:
    plan: object
    parent: object  # 一 (lead unit_a)
    task_a: object  # 一.1: lead unit_a, support unit_b, two milestones
    task_b: object  # 一.2: lead unit_b


@pytest.fixture
def world(personas) -> World:
    plan = create_plan(actor=None, title="沙河口区科技创新三年行动方案", start_year=2025, end_year=2027)
    services.save_supervision_settings(plan, actor=None, report_frequency="quarterly", report_grace_days=10)
    parent = services.create_task(plan, actor=None, title="提升企业创新能力", number="一", lead_units=[personas.unit_a])
    task_a = services.create_task(
        plan, actor=None, title="培育高新技术企业", number="一.1", parent=parent,
        lead_units=[personas.unit_a], support_units=[personas.unit_b], deadline=datetime.date(2025, 12, 31),
    )
    services.add_milestone(task_a, actor=None, title="出台培育办法", due_date=datetime.date(2025, 3, 31))
    services.add_milestone(task_a, actor=None, title="完成首批认定", due_date=datetime.date(2025, 9, 30))
    task_b = services.create_task(
        plan, actor=None, title="设立科技金融风险补偿资金", number="一.2", parent=parent, lead_units=[personas.unit_b],
    )
    return World(plan, parent, task_a, task_b)


OVERDUE_TITLES = [f"逾期任务{n:02d}" for n in range(25)]


@pytest.fixture
def crowded_plan(personas):
    """25 tasks past their deadline (the oldest first in OVERDUE_TITLES), one due in 2099, one completed late."""
    plan = create_plan(actor=None, title="逾期任务较多的规划", start_year=2021, end_year=2025)
    for n, title in enumerate(OVERDUE_TITLES):
        services.create_task(
            plan, actor=None, title=title, number=str(n + 1), lead_units=[personas.unit_b if n % 2 else personas.unit_a],
            deadline=datetime.date(2022, 1, 1) + datetime.timedelta(days=n),
        )
    services.create_task(plan, actor=None, title="远期任务", number="26", lead_units=[personas.unit_a],
                         deadline=datetime.date(2099, 12, 31))
    done = services.create_task(plan, actor=None, title="已完成任务", number="27", lead_units=[personas.unit_a],
                                deadline=datetime.date(2021, 6, 30))
    services.change_task_status(done, actor=personas.admin, status="completed")
    return plan
