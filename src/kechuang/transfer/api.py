"""Achievement and demand libraries API: the same scoping as the pages (bureau-only listings are
the bureau's; others see published listings within their visibility, owners their own).
No `from __future__ import annotations` here: django-ninja reads the annotations at import time.
"""

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from kechuang.core.pagination import Pagination
from kechuang.core.schemas import ERROR_RESPONSES, Id

from . import access
from .models import Achievement, Demand
from .recommendations import recommend_for_demand
from .schemas import AchievementOut, DemandOut, RecommendationOut
from .selectors import ListingFilter, listings

router = Router(tags=["transfer"])


class ListingQuery(Schema):
    q: str = ""
    domain: str = ""
    status: str = ""
    maturity: str = ""
    cooperation: str = ""


def _filter(query: ListingQuery) -> ListingFilter:
    return ListingFilter(**{name: value.strip()[:100] for name, value in query.dict().items()})


@router.get("/achievements", response=list[AchievementOut], auth=None)
@paginate(Pagination)
def achievement_list(request: HttpRequest, filters: Query[ListingQuery]):
    return listings(Achievement, request.user, _filter(filters))


@router.get("/achievements/{pk}", response={200: AchievementOut, **ERROR_RESPONSES}, auth=None)
def achievement_detail(request: HttpRequest, pk: Id):
    return access.get_listing_for_user(Achievement, request.user, pk)


@router.get("/demands", response=list[DemandOut], auth=None)
@paginate(Pagination)
def demand_list(request: HttpRequest, filters: Query[ListingQuery]):
    return listings(Demand, request.user, _filter(filters))


@router.get("/demands/{pk}", response={200: DemandOut, **ERROR_RESPONSES}, auth=None)
def demand_detail(request: HttpRequest, pk: Id):
    return access.get_listing_for_user(Demand, request.user, pk)


@router.get("/demands/{pk}/recommendations", response={200: list[RecommendationOut], **ERROR_RESPONSES})
def demand_recommendations(request: HttpRequest, pk: Id):
    access.require_bureau(request.user)
    demand = access.get_listing_for_user(Demand, request.user, pk)
    return [
        {"achievement_id": r.achievement.pk, "title": r.achievement.title, "score": r.score, "reasons": r.reasons}
        for r in recommend_for_demand(demand, user=request.user)
    ]
