from __future__ import annotations

import pytest

from kechuang.plans import services
from kechuang.plans.choices import PlanStatus
from kechuang.plans.models import Indicator
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_lets_the_bureau_add_an_indicator_with_a_relative_target_and_see_its_status(personas, login, live_server):
    plan = services.create_plan(
        actor=personas.admin, title="浏览器编辑规划", start_year=2021, end_year=2025, status=PlanStatus.ACTIVE
    )
    page = login("admin", PASSWORD)
    page.goto(f"{live_server.url}/plans/{plan.pk}/?as_of=2023")
    page.get_by_role("link", name="新增指标").click()
    page.fill("#id_name", "高新技术企业数量")
    page.fill("#id_unit", "家")
    page.select_option("#id_responsible_unit", label=personas.unit_a.name)
    page.fill("#id_baseline_year", "2020")
    page.fill("#id_baseline_value", "50")
    page.fill("#id_targets-0-year", "2025")
    page.select_option("#id_targets-0-kind", "multiple")
    page.fill("#id_targets-0-amount", "2")
    page.get_by_role("button", name="保存").click()

    indicator = Indicator.objects.get(plan=plan, name="高新技术企业数量")
    page.wait_for_url(f"{live_server.url}/plans/indicators/{indicator.pk}/")
    assert page.locator("#target-table tbody tr").first.inner_text().split() == ["2025", "不低于", "x2"]

    # A verified 2022 figure of 80 is ahead of the path 50 → 100: on track, with the doubling resolved to 100.
    observation = services.save_observation(indicator, actor=personas.admin, year=2022, value=80, submit=True)
    services.verify_observation(observation, actor=personas.admin)
    page.goto(f"{live_server.url}/plans/{plan.pk}/?as_of=2023")
    row = page.locator(f"tr[data-indicator='{indicator.pk}']")
    assert row.locator("[data-role=status] .kc-status").inner_text() == "进展正常"
    assert row.locator("td").nth(6).inner_text().split() == ["100", "2025"]
    assert personas.unit_a.name in row.inner_text()
