"""Recommendations from the database: the matcher's index over the library, versioned.

The index is a function of the rows: its version is a fingerprint of both tables (row count, last
change, highest id), read from the database on each request. A process keeps the index of the
version it last built and rebuilds when the fingerprint moves, so every process of every worker
answers from the same data, and none holds state the database does not.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Max

from kechuang.transfer.matching import ACHIEVEMENT, Analyzer, MatchIndex, Record
from kechuang.transfer.matching.vocabulary import VOCABULARY

from . import access
from .choices import CooperationMode, ListingStatus, Maturity
from .messages import reason_text
from .models import Achievement, Demand, Match

_LOCK = threading.Lock()
_BUILT: dict[str, tuple[str, MatchIndex]] = {}
MATURITY_ORDER = list(Maturity.values)


def fingerprint() -> str:
    parts = []
    for model in (Achievement, Demand):
        stats = model.objects.aggregate(n=Count("id"), changed=Max("updated_at"), last=Max("id"))
        parts.append(f"{stats['n']}:{stats['changed'].isoformat() if stats['changed'] else '-'}:{stats['last']}")
    return "|".join(parts)


def _domain_name(domain) -> str | None:
    if domain is None:
        return None
    return (domain.parent or domain).name


def _industry(industry) -> str | None:
    if industry is None:
        return None
    return f"{industry.parent.code if industry.parent else ''}{industry.code}"


def _cooperation(modes: list[str]) -> tuple[str, ...]:
    labels = dict(CooperationMode.choices)
    names = list(VOCABULARY.cooperation)
    # The engine's vocabulary lists the modes in the order of CooperationMode.
    return tuple(names[list(labels).index(mode)] for mode in modes if mode in labels)


def record_of(listing) -> Record:
    is_achievement = isinstance(listing, Achievement)
    maturity = listing.maturity if is_achievement else listing.maturity_wanted
    amount = listing.price if is_achievement else listing.budget
    region = listing.owner.region
    return Record(
        id=str(listing.pk),
        title=listing.title,
        text=listing.abstract if is_achievement else listing.description,
        field=_domain_name(listing.domain),
        industry=_industry(listing.industry),
        cooperation=_cooperation(listing.cooperation),
        amount=float(amount) if amount is not None else None,
        maturity=MATURITY_ORDER.index(maturity) if maturity else None,
        region=region.code if region else None,
    )


def _related(model):
    return model.objects.select_related("owner__region", "domain__parent", "industry__parent")


def achievement_index() -> MatchIndex:
    """The index over published achievements, as of the database's current version."""
    version = fingerprint()
    with _LOCK:
        built = _BUILT.get(ACHIEVEMENT)
        if built and built[0] == version:
            return built[1]
    achievements = [record_of(a) for a in _related(Achievement).filter(status=ListingStatus.PUBLISHED)]
    demands = [record_of(d) for d in _related(Demand).exclude(status=ListingStatus.DRAFT)]
    index = MatchIndex(
        achievements, kind=ACHIEVEMENT, library=[*achievements, *demands],
        analyzer=Analyzer(getattr(settings, "TRANSFER_DICTIONARY_FILES", [])),
    )
    with _LOCK:
        _BUILT[ACHIEVEMENT] = (version, index)
    return index


@dataclass
class Recommendation:
    achievement: Achievement
    score: float
    reasons: list[str]


def recommend_for_demand(demand: Demand, *, user, top: int = 10) -> list[Recommendation]:
    """The achievements the matcher ranks first for a demand, with their reasons (bureau only).

    Brokers' feedback counts: an achievement already put to this demand (a match at any stage,
    declined ones included) is not recommended again.
    """
    access.require_bureau(user)
    demand = _related(Demand).get(pk=demand.pk)
    matched = [str(pk) for pk in Match.objects.filter(demand=demand).values_list("achievement_id", flat=True)]
    results = achievement_index().search(record_of(demand), top=top, exclude=matched)
    by_id = _related(Achievement).in_bulk([int(r.id) for r in results])
    return [
        Recommendation(by_id[int(r.id)], r.score, [reason_text(reason) for reason in r.reasons])
        for r in results if int(r.id) in by_id
    ]


@dataclass
class Helper:
    organization: object
    score: float
    achievements: list[Achievement]


def institutions_for_demand(demand: Demand, *, user, top: int = 5) -> list[Helper]:
    """Institutions likely to help with a demand: owners of its best-ranked achievements, by summed score."""
    helpers: dict[int, Helper] = {}
    for recommendation in recommend_for_demand(demand, user=user, top=30):
        if recommendation.score <= 0:
            continue
        owner = recommendation.achievement.owner
        helper = helpers.setdefault(owner.pk, Helper(owner, 0.0, []))
        helper.score += recommendation.score
        helper.achievements.append(recommendation.achievement)
    return sorted(helpers.values(), key=lambda h: -h.score)[:top]
