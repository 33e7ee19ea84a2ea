from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from kechuang.core.models import TechDomain
from kechuang.enterprises.assessments import assess_enterprises, default_year
from kechuang.enterprises.choices import FiguresStatus
from kechuang.enterprises.models import Enterprise, EnterpriseAnnual
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
YEAR = default_year()
BASE = {
    "employees": 120, "st_staff": 30, "rd_staff": 25, "revenue": Decimal("8000"), "main_revenue": Decimal("7600"),
    "high_tech_revenue": Decimal("6200"), "total_assets": Decimal("9000"), "total_liabilities": Decimal("4000"),
    "net_profit": Decimal("700"), "rd_expense": Decimal("200"), "rd_expense_domestic": Decimal("190"),
    "cost_total": Decimal("7000"), "results_commercialized": 5, "invention_patents": 3, "class1_self_developed": 3,
    "utility_models": 6, "standards_led": 1,
}


def test_an_update_verified_by_the_bureau_changes_the_assessment_and_the_pool(personas, login, live_server):
    enterprise = Enterprise.objects.create(
        organization=personas.enterprise_a, founded=datetime.date(2016, 5, 1), tech_domain=TechDomain.objects.get(code="1")
    )
    EnterpriseAnnual.objects.create(enterprise=enterprise, year=YEAR - 3, status=FiguresStatus.VERIFIED, **BASE)
    EnterpriseAnnual.objects.create(enterprise=enterprise, year=YEAR - 2, status=FiguresStatus.VERIFIED,
                                    **{**BASE, "revenue": Decimal("9000")})
    EnterpriseAnnual.objects.create(enterprise=enterprise, year=YEAR - 1, status=FiguresStatus.DRAFT, employees=125)
    assess_enterprises([enterprise.pk], YEAR)
    pool_url = f"{live_server.url}/enterprises/pools/high_tech/"

    # Last year's figures are only a draft: the three-year conditions lack data, out of the pool.
    page = login("alice", PASSWORD)
    page.get_by_role("link", name="本企业").click()
    expect(page.get_by_test_id("status-high_tech")).to_have_text("数据不足")
    page.get_by_test_id("figures").get_by_role("link", name="修改").click()
    for field, value in {**{k: str(v) for k, v in BASE.items()}, "revenue": "10000", "rd_expense": "1200",
                         "rd_expense_domestic": "1150"}.items():
        page.fill(f"#id_{field}", value)
    page.get_by_role("button", name="报送科技局审核").click()
    expect(page.get_by_test_id(f"status-{YEAR - 1}")).to_have_text("待审核")
    expect(page.get_by_test_id("status-high_tech")).to_have_text("数据不足")  # not verified yet: not counted

    page.context.clear_cookies()
    page = login("admin", PASSWORD)
    page.goto(pool_url)
    expect(page.get_by_test_id("pool")).not_to_contain_text("大连甲科技有限公司")
    page.goto(f"{live_server.url}/enterprises/{enterprise.pk}/")
    page.get_by_test_id(f"verify-{YEAR - 1}").click()
    expect(page.get_by_test_id(f"status-{YEAR - 1}")).to_have_text("已审核")
    # Verified figures are re-assessed at once: every computable condition passes, the rest is the experts'.
    expect(page.get_by_test_id("status-high_tech")).to_have_text("需人工评审")
    page.goto(pool_url)
    expect(page.get_by_test_id("pool")).to_contain_text("大连甲科技有限公司")
    expect(page.get_by_test_id("pool")).to_contain_text("需人工评审")
