"""Plans built through the services, shared by the plans tests."""

from __future__ import annotations

import pytest

from kechuang.plans import services
from kechuang.plans.choices import PlanStatus


@pytest.fixture
def plan(personas):
    return services.create_plan(
        actor=personas.admin, title="沙河口区科技创新“十四五”规划", start_year=2021, end_year=2025,
        horizons=[2025], status=PlanStatus.ACTIVE,
    )


@pytest.fixture
def indicator_a(plan, personas):
    """R&D spending of unit A: baseline 100 in 2020, 200 by 2025."""
    return services.create_indicator(
        plan, actor=personas.admin, name="研发经费投入", unit="亿元", baseline_year=2020, baseline_value=100,
        responsible_unit=personas.unit_a, targets=[{"year": 2025, "value": 200}],
    )


@pytest.fixture
def indicator_b(plan, personas):
    return services.create_indicator(
        plan, actor=personas.admin, name="高新技术企业数量", unit="家", baseline_year=2020, baseline_value=50,
        responsible_unit=personas.unit_b, targets=[{"year": 2025, "relative": "x2"}],
    )


def verified(indicator, year, value, *, admin, period=""):
    """An observation entered and verified by the bureau."""
    observation = services.save_observation(indicator, actor=admin, year=year, value=value, period=period, submit=True)
    return services.verify_observation(observation, actor=admin)
