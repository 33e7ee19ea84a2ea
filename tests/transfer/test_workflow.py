"""The broker's workflow: matches through their stages, contracts, and the contract metrics."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from kechuang.core.models import Notification
from kechuang.plans import metrics
from kechuang.transfer import services
from kechuang.transfer.choices import ContractType, DeclineReason, ListingStatus, MatchStatus
from kechuang.transfer.models import Match
from kechuang.transfer.selectors import pipeline


@pytest.fixture
def pair(personas):
    achievement = services.create_achievement(
        actor=personas.institution_user, title="冲压件表面缺陷机器视觉检测系统", owner=personas.university,
        abstract="深度学习识别划痕。",
    )
    services.set_listing_status(achievement, ListingStatus.PUBLISHED, actor=personas.admin)
    demand = services.create_demand(
        actor=personas.alice, title="冲压件表面缺陷自动检测", owner=personas.enterprise_a, description="急需自动检测。"
    )
    services.set_listing_status(demand, ListingStatus.PUBLISHED, actor=personas.admin)
    return demand, achievement


def _contract(personas, match, **extra):
    data = dict(
        title="冲压件缺陷检测技术许可合同", contract_type=ContractType.LICENSE, seller=personas.university,
        buyer=personas.enterprise_a, amount=120, transaction_amount=100, signed_on=datetime.date(2026, 3, 1),
        registered_on=datetime.date(2026, 3, 10), registering_authority="沙河口区科学技术局",
    )
    data.update(extra)
    return services.register_contract(actor=personas.admin, match=match, **data)


def test_a_match_moves_stage_by_stage_to_a_contract(personas, pair, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        match = services.start_match(*pair, actor=personas.admin, score=1.2, reasons=["共同技术词：缺陷"])
    assert Notification.objects.filter(recipient=personas.alice, topic=f"match:{match.pk}").exists()
    assert Notification.objects.filter(recipient=personas.institution_user, topic=f"match:{match.pk}").exists()
    services.advance_match(match, MatchStatus.CONTACTED, actor=personas.admin)
    services.advance_match(match, MatchStatus.NEGOTIATING, actor=personas.admin)
    contract = _contract(personas, match)
    match.refresh_from_db()
    assert match.status == MatchStatus.AGREED and contract.region == personas.university.region
    assert [h.status for h in match.history.all()][:2] == [MatchStatus.AGREED, MatchStatus.NEGOTIATING]


@pytest.mark.parametrize("path, target", [
    ([], MatchStatus.NEGOTIATING),
    ([], MatchStatus.AGREED),
    ([MatchStatus.CONTACTED], MatchStatus.RECOMMENDED),
    ([MatchStatus.CLOSED], MatchStatus.CONTACTED),
])
def test_illegal_transitions_are_refused(personas, pair, path, target):
    match = services.start_match(*pair, actor=personas.admin)
    for status in path:
        services.advance_match(match, status, actor=personas.admin, reason=DeclineReason.OTHER)
    before = match.status
    with pytest.raises(ValidationError):
        services.advance_match(match, target, actor=personas.admin)
    assert Match.objects.get(pk=match.pk).status == before


def test_closing_needs_a_structured_reason_and_a_party_may_decline(personas, pair):
    match = services.start_match(*pair, actor=personas.admin)
    with pytest.raises(ValidationError):
        services.advance_match(match, MatchStatus.CLOSED, actor=personas.alice, reason="")
    with pytest.raises(PermissionDenied):
        services.advance_match(match, MatchStatus.CONTACTED, actor=personas.alice)
    with pytest.raises(PermissionDenied):
        services.advance_match(match, MatchStatus.CLOSED, actor=personas.bob, reason=DeclineReason.PRICE)
    services.advance_match(match, MatchStatus.CLOSED, actor=personas.alice, reason=DeclineReason.TOO_EARLY)
    summary = pipeline(match.stage_since + datetime.timedelta(days=3))
    assert summary["reasons"] == [("成熟度不够", 1)]
    assert {s.status: s.count for s in summary["stages"]}[MatchStatus.CLOSED] == 1
    assert {s.status: s.median_days for s in summary["stages"]}[MatchStatus.CLOSED] == 3.0


def test_a_contract_needs_a_match_in_negotiation_and_consistent_amounts(personas, pair):
    match = services.start_match(*pair, actor=personas.admin)
    with pytest.raises(ValidationError):
        _contract(personas, match)
    services.advance_match(match, MatchStatus.CONTACTED, actor=personas.admin)
    services.advance_match(match, MatchStatus.NEGOTIATING, actor=personas.admin)
    with pytest.raises(ValidationError):
        _contract(personas, match, transaction_amount=500)
    with pytest.raises(PermissionDenied):
        services.register_contract(actor=personas.alice, match=match, title="x")


def test_the_contract_metrics_sum_by_year_and_region(personas, pair):
    _contract(personas, None)
    _contract(personas, None, amount=30, transaction_amount=30, registered_on=datetime.date(2026, 12, 31))
    _contract(personas, None, amount=99, transaction_amount=1, signed_on=datetime.date(2025, 1, 1),
              registered_on=datetime.date(2025, 2, 1))
    amount, count = metrics.get_metric("tech_contract_amount"), metrics.get_metric("tech_contract_count")
    assert amount.compute(2026, {}) == 150.0 and count.compute(2026, {}) == 2.0
    assert amount.compute(2025, {}) == 99.0
    assert amount.compute(2026, {"region": "210204"}) == 150.0
    assert amount.compute(2026, {"region": "110101"}) == 0.0
    assert amount.compute(2026, {"unit": "亿元"}) == 0.015
    assert str(amount.label) == "技术合同成交额（年度）"


def test_the_match_pages_are_the_bureaus_and_the_parties(client_for, personas, pair):
    match = services.start_match(*pair, actor=personas.admin)
    assert client_for(personas.bob).get(reverse("transfer:match_detail", args=[match.pk])).status_code == 404
    assert client_for(personas.bob).get(reverse("transfer:match_pipeline")).status_code == 403
    alice = client_for(personas.alice)
    assert "已推荐" in alice.get(reverse("transfer:match_detail", args=[match.pk])).content.decode()
    admin = client_for(personas.admin)
    admin.post(reverse("transfer:match_detail", args=[match.pk]), {"status": "contacted"})
    assert Match.objects.get(pk=match.pk).status == MatchStatus.CONTACTED
    refused = admin.post(reverse("transfer:match_detail", args=[match.pk]), {"status": "agreed"})
    assert "对接不能从“已联系”转到“已签约”" in refused.content.decode()
    page = admin.get(reverse("transfer:match_pipeline")).content.decode()
    assert "共 1 项对接" in page


def test_an_achievement_already_put_to_a_demand_is_not_recommended_again(personas, pair):
    from kechuang.transfer.recommendations import institutions_for_demand, recommend_for_demand

    demand, achievement = pair
    assert [r.achievement for r in recommend_for_demand(demand, user=personas.admin)] == [achievement]
    assert [h.organization for h in institutions_for_demand(demand, user=personas.admin)] == [personas.university]
    match = services.start_match(demand, achievement, actor=personas.admin)
    services.advance_match(match, MatchStatus.CLOSED, actor=personas.alice, reason=DeclineReason.WRONG_FIELD)
    assert recommend_for_demand(demand, user=personas.admin) == []
