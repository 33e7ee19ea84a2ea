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
