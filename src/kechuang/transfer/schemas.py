"""API schemas of the achievement and demand libraries (no private bookkeeping fields)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from ninja import Schema


class ListingOut(Schema):
    id: int
    title: str
    owner: str
    domain: str | None
    cooperation: list[str]
    status: str
    visibility: str

    @staticmethod
    def resolve_owner(obj) -> str:
        return obj.owner.name

    @staticmethod
    def resolve_domain(obj) -> str | None:
        return obj.domain.name if obj.domain else None


class AchievementOut(ListingOut):
    abstract: str
    maturity: str
    trl: int | None
    price: Decimal | None


class DemandOut(ListingOut):
    description: str
    budget: Decimal | None
    deadline: datetime.date | None
    maturity_wanted: str


class RecommendationOut(Schema):
    achievement_id: int
    title: str
    score: float
    reasons: list[str]
