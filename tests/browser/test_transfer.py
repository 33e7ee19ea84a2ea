from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kechuang.core.models import TechDomain
from kechuang.plans import services as plans
from kechuang.plans.choices import DataSource, PlanStatus
from kechuang.transfer import services
from kechuang.transfer.choices import ListingStatus
from kechuang.transfer.models import Demand, Match, TechContract
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def library(personas):
    domain = TechDomain.objects.get(name="电子信息")
    for title, abstract in (
        ("冲压件表面缺陷机器视觉在线检测系统", "成果简介：深度学习识别冲压件表面划痕、凹坑，检测速度每分钟120件。合作方式：技术许可。"),
        ("印染废水膜生物反应器处理工艺", "MBR工艺处理印染废水，出水COD低于50mg/L。"),
    ):
        achievement = services.create_achievement(
            actor=personas.institution_user, title=title, abstract=abstract, owner=personas.university, domain=domain,
        )
        services.set_listing_status(achievement, ListingStatus.PUBLISHED, actor=personas.admin)
    year = timezone.localdate().year
    plan = plans.create_plan(actor=personas.admin, title="技术市场规划", start_year=year - 1, end_year=year + 1,
                             status=PlanStatus.ACTIVE)
    return plans.create_indicator(
        plan, actor=personas.admin, name="技术合同成交额", unit="万元", data_source=DataSource.COMPUTED,
        metric="tech_contract_amount", baseline_year=year - 1, baseline_value=0, targets=[{"year": year + 1, "value": 500}],
    )


def test_a_demand_goes_from_posting_to_a_contract_counted_in_the_plan(personas, library, login, live_server):
    page = login("alice", PASSWORD)
    page.get_by_role("link", name="技术需求").click()
    page.get_by_role("link", name="发布需求").click()
    page.fill("#id_title", "冲压件表面缺陷自动检测")
    page.select_option("#id_owner", str(personas.enterprise_a.pk))
    page.fill("#id_description", "公司成立于2008年，注册资本5000万元，主营汽车冲压件。现急需解决冲压件表面缺陷人工目检效率低的难题。")
    page.fill("#id_budget", "150")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("h2")).to_have_text("冲压件表面缺陷自动检测")
    page.get_by_role("button", name="设为待审核").click()
    demand = Demand.objects.get(title="冲压件表面缺陷自动检测")
    assert demand.status == ListingStatus.SUBMITTED and demand.owner == personas.enterprise_a

    page = login("admin", PASSWORD)
    page.goto(f"{live_server.url}/transfer/demands/{demand.pk}/")
    page.get_by_role("button", name="设为已发布").click()
    page.get_by_role("link", name="查看推荐成果").click()
    first = page.locator("#recommendations tbody tr").first
    expect(first).to_contain_text("冲压件表面缺陷机器视觉在线检测系统")
    expect(first).to_contain_text("共同技术词")
    first.get_by_role("button", name="发起对接").click()
    expect(page.locator("#match-status")).to_have_text("已推荐")
    page.get_by_role("button", name="转为已联系").click()
    expect(page.locator("#match-status")).to_have_text("已联系")
    page.get_by_role("button", name="转为洽谈中").click()
    page.get_by_role("link", name="登记技术合同").click()
    today = timezone.localdate().isoformat()
    page.select_option("#id_contract_type", "license")
    page.fill("#id_amount", "120")
    page.fill("#id_transaction_amount", "100")
    page.fill("#id_signed_on", today)
    page.fill("#id_registered_on", today)
    page.fill("#id_registering_authority", "沙河口区科学技术局")
    page.get_by_role("button", name="登记").click()
    expect(page.locator("#match-status")).to_have_text("已签约")
    contract = TechContract.objects.get()
    assert contract.match == Match.objects.get(demand=demand) and contract.buyer == personas.enterprise_a

    plans.refresh_computed_indicators()
    page.goto(f"{live_server.url}/plans/indicators/{library.pk}/")
    year = timezone.localdate().year
    expect(page.locator("#observation-table").get_by_role("row", name=re.compile(rf"^{year} 120\b"))).to_have_count(1)
