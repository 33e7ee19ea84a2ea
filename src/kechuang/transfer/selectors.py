"""Reads: the one filter definition of the listing pages, the API and the Excel export."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from .choices import ListingStatus, Maturity


@dataclass(frozen=True)
class ListingFilter:
    q: str = ""
    domain: str = ""  # TechDomain code; a domain includes its subdomains
    status: str = ""
    maturity: str = ""
    cooperation: str = ""

    @classmethod
    def from_query(cls, params) -> ListingFilter:
        return cls(**{name: (params.get(name) or "").strip()[:100] for name in cls.__dataclass_fields__})

    def apply(self, queryset: QuerySet) -> QuerySet:
        if self.q:
            queryset = queryset.search(self.q)
        if self.domain:
            queryset = queryset.filter(Q(domain__code=self.domain) | Q(domain__parent__code=self.domain))
        if self.status in ListingStatus.values:
            queryset = queryset.filter(status=self.status)
        if self.maturity in Maturity.values:
            field = "maturity" if hasattr(queryset.model, "maturity") else "maturity_wanted"
            queryset = queryset.filter(**{field: self.maturity})
        if self.cooperation:
            # JSON containment is not on SQLite: match the quoted value inside the stored list.
            queryset = queryset.filter(cooperation__icontains=f'"{self.cooperation}"')
        return queryset


def listings(model, user, filters: ListingFilter) -> QuerySet:
    return filters.apply(model.objects.visible_to(user)).select_related("owner", "domain")


@dataclass(frozen=True)
class Stage:
    status: str
    label: str
    count: int
    median_days: float | None  # how long the matches now at this stage have waited there


def pipeline(now) -> dict:
    """The broker's pipeline: matches by stage with their ageing, conversion and decline reasons."""
    from statistics import median

    from .choices import DeclineReason, MatchStatus
    from .models import Match

    waiting: dict[str, list[float]] = {status: [] for status in MatchStatus.values}
    reasons: dict[str, int] = {}
    for status, since, reason in Match.objects.values_list("status", "stage_since", "close_reason"):
        waiting[status].append((now - since).total_seconds() / 86400)
        if status == MatchStatus.CLOSED and reason:
            reasons[reason] = reasons.get(reason, 0) + 1
    stages = [
        Stage(status, str(label), len(waiting[status]), round(median(waiting[status]), 1) if waiting[status] else None)
        for status, label in MatchStatus.choices
    ]
    total = sum(stage.count for stage in stages)
    agreed = len(waiting[MatchStatus.AGREED])
    labels = dict(DeclineReason.choices)
    return {
        "stages": stages,
        "total": total,
        "conversion": round(100 * agreed / total, 1) if total else None,
        "reasons": sorted(((str(labels[r]), n) for r, n in reasons.items()), key=lambda item: -item[1]),
    }
