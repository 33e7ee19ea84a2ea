"""Who may see and change achievements and demands.

Owners (the staff of the institution or enterprise that posted a listing) post and edit their own;
the bureau curates, publishes and sees everything, including bureau-only listings. Everyone else
sees published listings within their visibility; an unseen listing is a 404, not a 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from kechuang.core.access import is_bureau_admin, memberships_of
from kechuang.core.choices import Role

OWNER_ROLES = {Role.ENTERPRISE_USER, Role.INSTITUTION_USER}


def is_bureau(user) -> bool:
    return bool(user and user.is_authenticated) and is_bureau_admin(user)


def owner_ids_of(user) -> set[int]:
    """Organizations whose listings the user may post and edit."""
    return {org_id for org_id, role in memberships_of(user) if role in OWNER_ROLES}


def can_post(user) -> bool:
    return is_bureau(user) or bool(owner_ids_of(user))


def can_edit(user, listing) -> bool:
    return is_bureau(user) or listing.owner_id in owner_ids_of(user)


def require_owner_or_bureau(user, owner_id: int) -> None:
    if not (is_bureau(user) or owner_id in owner_ids_of(user)):
        raise PermissionDenied(_("只能以本单位名义发布或修改。"))


def require_bureau(user) -> None:
    if not is_bureau(user):
        raise PermissionDenied(_("仅科技局管理员可以执行此操作。"))


def get_listing_for_user(model, user, pk, *, write: bool = False):
    try:
        listing = model.objects.visible_to(user).select_related("owner", "domain", "industry").get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError):
        raise Http404(_("该条目不存在或您无权查看。")) from None
    if write and not can_edit(user, listing):
        raise PermissionDenied(_("您无权修改该条目。"))
    return listing
