"""Registry metrics for plan indicators, and the demo that binds the plans' tier indicators to them."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.utils import timezone

from kechuang.core.choices import OrganizationKind
from kechuang.core.models import Organization, Region
from kechuang.core.services import add_membership
from kechuang.core.synthetic import generate_district
from kechuang.enterprises import demo
from kechuang.enterprises.choices import FiguresStatus, Tier
from kechuang.enterprises.metrics import count_above_size, count_certified, sum_rd_expense_above_size
from kechuang.enterprises.models import (
    Certification,
    CultivationMeasure,
    Enterprise,
    EnterpriseAnnual,
    ServiceAssignment,
    ServiceLog,
)
from kechuang.plans import metrics
from kechuang.plans import services as plan_services
from kechuang.plans.choices import DataSource
from kechuang.plans.models import Observation

from .conftest import annual

pytestmark = pytest.mark.django_db


def test_the_metrics_are_registered_when_django_starts():
    keys = {metric.key for metric in metrics.all_metrics()}
    assert {"certified_count", "rd_expense_above_size", "enterprises_above_size"} <= keys


def test_certified_count_counts_certificates_valid_at_year_end_by_tier_and_region(firms, personas):
    a, b = firms
    Certification.objects.create(enterprise=a, tier=Tier.HIGH_TECH, valid_from=datetime.date(2022, 11, 1),
                                 valid_to=datetime.date(2025, 10, 31))
    Certification.objects.create(enterprise=a, tier=Tier.HIGH_TECH, valid_from=datetime.date(2025, 11, 1),
                                 valid_to=datetime.date(2028, 10, 31))  # the renewal: still one enterprise
    Certification.objects.create(enterprise=b, tier=Tier.HIGH_TECH, valid_from=datetime.date(2023, 12, 31),
                                 valid_to=datetime.date(2024, 12, 31))
    Certification.objects.create(enterprise=b, tier=Tier.TECH_SME, valid_from=datetime.date(2024, 5, 1), valid_to=None)
    assert count_certified(2021, {"tier": "high_tech"}) == 0
    assert count_certified(2022, {"tier": "high_tech"}) == 1
    assert count_certified(2023, {"tier": "high_tech"}) == 2  # valid from 31 December counts
    assert count_certified(2024, {"tier": "high_tech"}) == 2  # valid to 31 December counts
    assert count_certified(2025, {"tier": "high_tech"}) == 1
    assert count_certified(2030, {"tier": "tech_sme"}) == 1  # no end date: still valid
    assert count_certified(2024, {"tier": "high_tech", "region": "210200"}) == 2  # the city counts its districts
    assert count_certified(2024, {"tier": "high_tech", "region": "210203"}) == 0


def test_rd_expense_of_enterprises_above_designated_size(firms):
    a, b = firms  # A 2024: revenue 8000, R&D 520 (verified); B 2024: revenue 300
    annual(b, 2023, revenue=Decimal("2500"), rd_expense=Decimal("80"))
    annual(b, 2022, status=FiguresStatus.SUBMITTED, revenue=Decimal("9000"), rd_expense=Decimal("900"))
    assert sum_rd_expense_above_size(2024, {}) == 520
    assert count_above_size(2024, {}) == 1
    assert sum_rd_expense_above_size(2023, {}) == 520 * 0.9 + 80
    assert sum_rd_expense_above_size(2022, {}) == 416  # B's 2022 is not verified
    assert sum_rd_expense_above_size(2024, {"min_revenue": 100}) == 520  # B has no R&D figure for 2024
    assert count_above_size(2024, {"min_revenue": 100}) == 2
    assert sum_rd_expense_above_size(2024, {"region": "210203"}) == 0


def test_the_demo_fills_the_registry_and_binds_the_tier_indicators(personas, reference):
    district = generate_district(seed=3, enterprises=60, with_users=False)
    plan = plan_services.create_plan(actor=None, title="沙河口区科技创新行动方案", start_year=2024, end_year=2026)
    tier_indicator = plan_services.create_indicator(plan, actor=None, name="高新技术企业数量", unit="家",
                                                    baseline_year=2024, baseline_value=10,
                                                    targets=[{"year": 2026, "value": 30}])
    share = plan_services.create_indicator(plan, actor=None, name="高新技术企业营业收入占比", unit="%",
                                           targets=[{"year": 2026, "value": 60}])
    plan_services.save_observation(tier_indicator, actor=None, year=2024, value=12)
    add_membership(user=personas.admin, organization=district.bureau, role="bureau_admin")
    out = io.StringIO()
    demo.load(district, stdout=out)
    enterprises = Organization.objects.filter(kind=OrganizationKind.ENTERPRISE).count()
    assert Enterprise.objects.count() == enterprises
    today = timezone.localdate()
    years = sorted(set(EnterpriseAnnual.objects.values_list("year", flat=True)))
    assert years == [today.year - 3, today.year - 2, today.year - 1]
    assert EnterpriseAnnual.objects.count() == 3 * enterprises
    statuses = set(EnterpriseAnnual.objects.filter(year=today.year - 1).values_list("status", flat=True))
    assert FiguresStatus.VERIFIED in statuses and statuses - {FiguresStatus.VERIFIED}
    soon = Certification.objects.filter(valid_to__gte=today, valid_to__lte=today + datetime.timedelta(days=90))
    assert soon.exists()
    assert ServiceAssignment.objects.values("secretary").distinct().count() == demo.SECRETARIES
    # Each key enterprise has a log with visits, a policy and a request, and a plan of measures.
    assigned = set(ServiceAssignment.objects.values_list("enterprise_id", flat=True))
    assert set(ServiceLog.objects.filter(kind="request").values_list("enterprise_id", flat=True)) == assigned
    assert set(CultivationMeasure.objects.values_list("enterprise_id", flat=True)) == assigned
    assert {"visit", "policy", "request"} == set(ServiceLog.objects.values_list("kind", flat=True))
    # The tier indicator is now computed from the registry; the share indicator is left alone.
    tier_indicator.refresh_from_db()
    share.refresh_from_db()
    assert tier_indicator.data_source == DataSource.COMPUTED and tier_indicator.metric == "certified_count"
    assert tier_indicator.metric_params == {"tier": "high_tech", "region": district.region.code}
    assert share.data_source != DataSource.COMPUTED
    values = dict(Observation.objects.filter(indicator=tier_indicator).values_list("year", "value"))
    assert values[today.year] == count_certified(today.year, {"tier": "high_tech", "region": district.region.code})
    assert values[today.year] > 0
    assert "规划指标 1 个" in out.getvalue()
    # This year's assessments are in place, and some enterprises are in a pool.
    from kechuang.enterprises.models import Assessment
    from kechuang.enterprises.pools import pool

    assert Assessment.objects.filter(year=today.year).order_by().values("enterprise").distinct().count() == enterprises
    assert any(pool(tier, today.year).exists() for tier in ("tech_sme", "high_tech", "innovative_sme"))
    assert Region.objects.filter(code=district.region.code).exists()
