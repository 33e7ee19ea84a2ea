"""Posting, editing and publishing achievements and demands: every change goes through here."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core.audit import save_audited
from kechuang.core.services import notify

from . import access
from .choices import DeclineReason, ListingStatus, MatchStatus
from .models import Achievement, Demand, Match, TechContract

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


# --- brokering: matches and contracts ----------------------------------------------------------

# The broker's state machine: which stage may follow which. Agreed and closed are final.
TRANSITIONS: dict[str, set[str]] = {
    MatchStatus.RECOMMENDED: {MatchStatus.CONTACTED, MatchStatus.CLOSED},
    MatchStatus.CONTACTED: {MatchStatus.NEGOTIATING, MatchStatus.CLOSED},
    MatchStatus.NEGOTIATING: {MatchStatus.AGREED, MatchStatus.CLOSED},
    MatchStatus.AGREED: set(),
    MatchStatus.CLOSED: set(),
}


def _party_users(match: Match):
    owners = [match.demand.owner_id, match.achievement.owner_id]
    return get_user_model().objects.filter(
        memberships__organization_id__in=owners, memberships__role__in=access.OWNER_ROLES, is_active=True
    ).distinct()


def _notify_parties(match: Match, title: str) -> None:
    notify(_party_users(match), title=title, body=str(match), link=reverse("transfer:match_detail", args=[match.pk]),
           topic=f"match:{match.pk}")


def start_match(demand: Demand, achievement: Achievement, *, actor, score: float | None = None,
                reasons: list[str] | None = None) -> Match:
    """The bureau puts an achievement to a demand's enterprise; both parties are notified."""
    access.require_bureau(actor)
    match = Match(demand=demand, achievement=achievement, score=score, reasons=list(reasons or []), created_by=actor)
    match.full_clean()
    with transaction.atomic():
        save_audited(match, actor=actor, reason=_("推荐对接"))
        _notify_parties(match, _("科技局为您推荐了一项对接：%(match)s") % {"match": match})
    return match


def advance_match(match: Match, status: str, *, actor, reason: str = "", note: str = "") -> Match:
    """Move a match to its next stage along TRANSITIONS.

    The bureau moves matches; either party may decline (close) one that concerns it, giving a
    structured reason. An illegal transition or a close without a reason is refused.
    """
    is_party = bool({match.demand.owner_id, match.achievement.owner_id} & access.owner_ids_of(actor))
    if not access.is_bureau(actor) and not (is_party and status == MatchStatus.CLOSED):
        raise PermissionDenied(_("只有科技局可以推进对接；对接双方可以拒绝。"))
    if status not in TRANSITIONS.get(match.status, set()):
        raise ValidationError(_("对接不能从“%(current)s”转到“%(next)s”。") % {
            "current": match.get_status_display(),
            "next": dict(MatchStatus.choices).get(status, status),
        })
    if status == MatchStatus.CLOSED:
        if reason not in DeclineReason.values:
            raise ValidationError({"close_reason": _("关闭对接需要选择原因。")})
        match.close_reason = reason
    match.status = status
    match.stage_since = timezone.now()
    if note:
        match.note = note
    with transaction.atomic():
        save_audited(match, actor=actor, reason=_("对接阶段改为%(status)s") % {"status": match.get_status_display()})
        _notify_parties(match, _("对接“%(match)s”进入新阶段：%(status)s") % {
            "match": match, "status": match.get_status_display()})
    return match


def register_contract(*, actor, match: Match | None = None, **data) -> TechContract:
    """Register a technology contract (bureau only); a contract from a match makes the match agreed."""
    access.require_bureau(actor)
    contract = TechContract(match=match, **data)
    if match is not None and match.status not in (MatchStatus.NEGOTIATING, MatchStatus.AGREED):
        raise ValidationError(_("只有洽谈中的对接可以登记合同。"))
    if contract.region_id is None and contract.seller_id:
        contract.region = contract.seller.region
    contract.full_clean()
    with transaction.atomic():
        save_audited(contract, actor=actor, reason=_("登记技术合同"))
        if match is not None and match.status != MatchStatus.AGREED:
            advance_match(match, MatchStatus.AGREED, actor=actor)
    return contract
