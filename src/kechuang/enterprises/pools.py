"""Cultivation pools (培育库) and the tier funnel, read from the stored assessments.

A tier's pool holds the enterprises not certified for it that are eligible (or wait only for the
parts a person must judge), and those within reach: at most `max_failing` failing criteria, each
short of its requirement by at most `max_relative_gap` of it (the bureau's PoolSettings). Ranked:
eligible first, then fewer failing criteria, then the smaller largest gap, then the higher score.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When

from kechuang.core.filters import region_code_prefix
from kechuang.core.models import Industry, Region

from .choices import AssessmentStatus, Tier
from .models import Assessment, Certification, PoolSettings

ELIGIBLE, REVIEW, REACH = 0, 1, 2


def settings_for(tier: str) -> PoolSettings:
    return PoolSettings.objects.filter(tier=tier).first() or PoolSettings(tier=tier)


def _scoped(queryset: QuerySet, region: str | None, industry: str | None, prefix: str = "enterprise__") -> QuerySet:
    if region:
        regions = Region.objects.filter(code__startswith=region_code_prefix(region)).values("pk")
        queryset = queryset.filter(**{f"{prefix}organization__region__in": regions})
    if industry:
        lookup = {"parent__code": industry} if industry.isalpha() else {"code": industry}
        queryset = queryset.filter(**{f"{prefix}organization__industry__in": Industry.objects.filter(**lookup).values("pk")})
    return queryset


def pool_condition(settings: PoolSettings) -> Q:
    reach = Q(status=AssessmentStatus.NOT_ELIGIBLE, failing_count__lte=settings.max_failing,
              reach_gap__lte=settings.max_relative_gap)
    return Q(certified=False) & (Q(status__in=[AssessmentStatus.ELIGIBLE, AssessmentStatus.NEEDS_REVIEW]) | reach)


def pool(tier: str, year: int, *, region: str | None = None, industry: str | None = None) -> QuerySet:
    """The ranked pool of a tier for an evaluation year, each row with its `group`."""
    settings = settings_for(tier)
    queryset = Assessment.objects.filter(year=year, tier=tier).filter(pool_condition(settings))
    return _scoped(queryset, region, industry).annotate(
        group=Case(
            When(status=AssessmentStatus.ELIGIBLE, then=Value(ELIGIBLE)),
            When(status=AssessmentStatus.NEEDS_REVIEW, then=Value(REVIEW)),
            default=Value(REACH), output_field=IntegerField(),
        )
    ).select_related("enterprise__organization__region", "enterprise__organization__industry").order_by(
        "group", "failing_count", F("reach_gap").asc(nulls_last=True), F("score").desc(nulls_last=True),
        F("score_max").desc(nulls_last=True), "enterprise_id",
    )


@dataclass(frozen=True)
class FunnelStep:
    tier: str
    label: str
    certified: int
    eligible: int
    pool: int


def funnel(year: int, *, region: str | None = None, industry: str | None = None) -> list[FunnelStep]:
    """Per tier, lowest first: enterprises certified (valid on 30 June), eligible, and in the pool.

    Three queries whatever the number of tiers: the settings, the certificates, and one aggregate
    over the year's assessments with a conditional count per tier.
    """
    day = datetime.date(year, 6, 30)
    certified = dict(
        _scoped(
            Certification.objects.filter(valid_from__lte=day).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day)),
            region, industry,
        ).values_list("tier").annotate(n=Count("enterprise_id", distinct=True))
    )
    stored = {row.tier: row for row in PoolSettings.objects.all()}
    counts: dict[str, Count] = {}
    for tier in Tier.values:
        settings = stored.get(tier) or PoolSettings(tier=tier)
        counts[f"eligible_{tier}"] = Count("pk", filter=Q(tier=tier, status=AssessmentStatus.ELIGIBLE))
        counts[f"pool_{tier}"] = Count("pk", filter=Q(tier=tier) & pool_condition(settings))
    totals = _scoped(Assessment.objects.filter(year=year), region, industry).aggregate(**counts)
    return [
        FunnelStep(tier, str(label), certified.get(tier, 0), totals[f"eligible_{tier}"], totals[f"pool_{tier}"])
        for tier, label in Tier.choices
    ]
