from __future__ import annotations

import io

from kechuang.core.synthetic import generate_district
from kechuang.plans import services as plans
from kechuang.plans.choices import DataSource, PlanStatus
from kechuang.plans.models import Indicator
from kechuang.transfer import demo
from kechuang.transfer.choices import MatchStatus
from kechuang.transfer.models import Achievement, Demand, Match, TechContract


def test_the_demo_has_listings_matches_at_every_stage_and_a_bound_contract_indicator(reference):
    district = generate_district(seed=1, enterprises=40)
    admin = district.bureau.memberships.first().user
    plan = plans.create_plan(actor=admin, title="演示规划", start_year=2021, end_year=2025, status=PlanStatus.ACTIVE)
    plans.create_indicator(plan, actor=admin, name="技术合同成交额", unit="亿元", targets=[{"year": 2025, "value": 60}])
    out = io.StringIO()
    demo.load(district, stdout=out)
    assert Achievement.objects.count() == 10 * len(demo.TOPICS) and Demand.objects.count() == 5 * len(demo.TOPICS)
    assert set(Match.objects.values_list("status", flat=True)) == set(MatchStatus.values)
    assert TechContract.objects.exists()
    bound = Indicator.objects.get(name="技术合同成交额")
    assert (bound.data_source, bound.metric, bound.metric_params) == (DataSource.COMPUTED, "tech_contract_amount", {"unit": "亿元"})
    assert "技术合同" in out.getvalue()
