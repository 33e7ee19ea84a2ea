"""Posting, editing and publishing achievements and demands: every change goes through here."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from kechuang.core.audit import save_audited

from . import access
from .choices import ListingStatus
from .models import Achievement, Demand

ACHIEVEMENT_FIELDS = (
    "title", "abstract", "owner", "team", "domain", "industry", "maturity", "trl", "ip", "cooperation", "price",
    "visibility", "contact",
)
DEMAND_FIELDS = (
    "title", "description", "owner", "domain", "industry", "budget", "deadline", "cooperation", "maturity_wanted",
    "visibility", "contact",
)
# Owners may move their own listing between these; publishing is the bureau's.
OWNER_STATUSES = {ListingStatus.DRAFT, ListingStatus.SUBMITTED, ListingStatus.WITHDRAWN}


def _save(listing, fields: tuple[str, ...], data: dict[str, Any], *, actor, reason: str):
    for name, value in data.items():
        if name not in fields:
            raise ValueError(name)
        setattr(listing, name, value)
    access.require_owner_or_bureau(actor, listing.owner_id)
    listing.full_clean()
    with transaction.atomic():
        save_audited(listing, actor=actor, reason=reason)
    return listing


def create_achievement(*, actor, **data) -> Achievement:
    """Post an achievement for the actor's own organization (any organization for the bureau)."""
    return _save(Achievement(), ACHIEVEMENT_FIELDS, data, actor=actor, reason=_("登记科技成果"))


def update_achievement(achievement: Achievement, *, actor, **data) -> Achievement:
    access.require_owner_or_bureau(actor, achievement.owner_id)
    return _save(achievement, ACHIEVEMENT_FIELDS, data, actor=actor, reason=_("修改科技成果"))


def create_demand(*, actor, **data) -> Demand:
    return _save(Demand(), DEMAND_FIELDS, data, actor=actor, reason=_("登记技术需求"))


def update_demand(demand: Demand, *, actor, **data) -> Demand:
    access.require_owner_or_bureau(actor, demand.owner_id)
    return _save(demand, DEMAND_FIELDS, data, actor=actor, reason=_("修改技术需求"))


def set_listing_status(listing, status: str, *, actor):
    """Change a listing's status. Publishing is the bureau's curation; owners submit or withdraw."""
    if status not in ListingStatus.values:
        raise ValueError(status)
    if access.is_bureau(actor):
        pass
    elif listing.owner_id in access.owner_ids_of(actor) and status in OWNER_STATUSES:
        pass
    else:
        raise PermissionDenied(_("仅科技局管理员可以发布。"))
    listing.status = status
    with transaction.atomic():
        save_audited(listing, actor=actor, reason=_("状态改为%(status)s") % {"status": listing.get_status_display()})
    return listing
