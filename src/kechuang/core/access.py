"""The one place that decides what a user may see and change.

Views, API endpoints, imports and exports ask these functions; nothing else inspects roles.
Outsiders get 404 (they must not learn that a record exists), read-only users get 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from .choices import Role
from .models import Membership, Organization

ORG_EDITOR_ROLES = {Role.ENTERPRISE_USER, Role.INSTITUTION_USER, Role.UNIT_STAFF, Role.FINANCIER}


def memberships_of(user) -> list[tuple[int, str]]:
    """(organization id, role) pairs of the user, cached on the user object for the request."""
    if not (user and user.is_authenticated and user.is_active):
        return []
    cached = getattr(user, "_kechuang_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).values_list("organization_id", "role"))
        user._kechuang_memberships = cached
    return cached


def roles_of(user) -> set[str]:
    roles = {role for _, role in memberships_of(user)}
    if user and user.is_authenticated and user.is_superuser:
        roles.add(Role.BUREAU_ADMIN)
    return roles


def organization_ids_of(user, *roles: str) -> set[int]:
    return {org_id for org_id, role in memberships_of(user) if not roles or role in roles}


def is_bureau_admin(user) -> bool:
    return Role.BUREAU_ADMIN in roles_of(user)


def primary_role(user) -> str | None:
    """The role that chooses the home page and navigation (most powerful first)."""
    roles = roles_of(user)
    for role in Role.values:
        if role in roles:
            return role
    return None


def require_bureau_admin(user) -> None:
    if not is_bureau_admin(user):
        raise PermissionDenied(_("仅科技局管理员可以执行此操作。"))


def can_view_private(user, organization: Organization) -> bool:
    return is_bureau_admin(user) or organization.pk in organization_ids_of(user)


def can_edit_organization(user, organization: Organization) -> bool:
    if is_bureau_admin(user):
        return True
    editable = {org_id for org_id, role in memberships_of(user) if role in ORG_EDITOR_ROLES}
    return organization.pk in editable


def get_organization_for_user(user, pk: int, *, write: bool = False) -> Organization:
    try:
        organization = Organization.objects.visible_to(user).select_related("region", "industry").get(pk=pk)
    except (Organization.DoesNotExist, ValueError, TypeError):
        raise Http404(_("单位不存在。")) from None
    if write and not can_edit_organization(user, organization):
        raise PermissionDenied(_("您无权修改该单位的信息。"))
    return organization
