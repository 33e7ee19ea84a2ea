"""Operations that change the registry. Each is atomic and audited; views, API, import and CLI call them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import access
from .audit import save_audited
from .choices import Role
from .models import ApiToken, Membership, Notification, Organization

# Fields an organization's own staff may not change: identity and classification stay with the bureau.
BUREAU_ONLY_FIELDS = ("uscc", "kind")


OPTIONAL_TEXT_FIELDS = ("address", "contact_name", "contact_phone", "contact_email", "description")


def _editable(fields: dict[str, Any]) -> dict[str, Any]:
    """Keep editable fields; an explicit null in an optional text field means empty."""
    cleaned = {k: v for k, v in fields.items() if k in Organization.EDITABLE_FIELDS}
    for name in OPTIONAL_TEXT_FIELDS:
        if name in cleaned and cleaned[name] is None:
            cleaned[name] = ""
    for name in ("name", "kind"):
        if name in cleaned and cleaned[name] is None:
            raise ValidationError({name: _("%(field)s不能为空。") % {"field": Organization._meta.get_field(name).verbose_name}})
    return cleaned


def create_organization(*, actor, reason: str = "", **fields: Any) -> Organization:
    """Register an organization. Bureau admins only (or a system actor of None for imports/CLI)."""
    if actor is not None:
        access.require_bureau_admin(actor)
    organization = Organization(**_editable(fields))
    organization.full_clean()
    with transaction.atomic():
        save_audited(organization, actor=actor, reason=reason or _("新建单位"))
    return organization


def update_organization(organization: Organization, *, actor, reason: str = "", **fields: Any) -> Organization:
    """Change an organization's fields. Its own staff may edit all but the bureau-only fields."""
    if actor is not None and not access.can_edit_organization(actor, organization):
        raise PermissionDenied(_("您无权修改该单位的信息。"))
    changed = _editable(fields)
    if actor is not None and not access.is_bureau_admin(actor):
        locked = [k for k in BUREAU_ONLY_FIELDS if k in changed and changed[k] != getattr(organization, k)]
        if locked:
            labels = _("、").join(str(Organization._meta.get_field(k).verbose_name) for k in locked)
            raise PermissionDenied(_("%(fields)s只能由科技局修改。") % {"fields": labels})
    with transaction.atomic():
        organization = Organization.objects.get(pk=organization.pk)
        for key, value in changed.items():
            setattr(organization, key, value)
        organization.full_clean()
        save_audited(organization, actor=actor, reason=reason or _("修改单位信息"))
    return organization


def add_membership(*, user, organization: Organization, role: str, actor=None) -> Membership:
    if actor is not None:
        access.require_bureau_admin(actor)
    if role not in Role.values:
        raise ValidationError({"role": _("未知角色：%(role)s") % {"role": role}})
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(user=user, organization=organization, role=role)
    user.__dict__.pop("_kechuang_memberships", None)
    return membership


def create_user(
    *, username: str, password: str, display_name: str = "", organization: Organization | None = None,
    role: str | None = None, actor=None, email: str = "",
):
    """Create an account, optionally with its role in an organization."""
    if actor is not None:
        access.require_bureau_admin(actor)
    User = get_user_model()
    with transaction.atomic():
        user = User(username=username, display_name=display_name, email=email)
        user.set_password(password)
        user.full_clean()
        user.save()
        if organization is not None and role:
            Membership.objects.create(user=user, organization=organization, role=role)
    return user


def notify(recipients: Iterable, *, title: str, body: str = "", link: str = "", topic: str = "") -> list[Notification]:
    """Send an in-app notification; inside a transaction it is written only if that commits."""
    notifications = [
        Notification(recipient=user, title=title, body=body, link=link, topic=topic) for user in recipients
    ]

    def write() -> None:
        Notification.objects.bulk_create(notifications)

    transaction.on_commit(write)
    return notifications


def resolve_notifications(topic: str) -> None:
    """The matter a topic names has been dealt with: its unread notifications are marked read.

    Runs on commit, after any notification of the same transaction has been written."""

    def resolve() -> None:
        Notification.objects.filter(topic=topic, read_at__isnull=True).update(read_at=timezone.now())

    transaction.on_commit(resolve)


def mark_notifications_read(user, ids: Iterable[int] | None = None) -> int:
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())


def create_api_token(user, *, name: str, expires_at=None) -> tuple[ApiToken, str]:
    """Issue a personal token; the plain value is returned once and never stored."""
    key = ApiToken.new_key()
    token = ApiToken.objects.create(
        user=user, name=name.strip() or "API", key_hash=ApiToken.hash_key(key), hint=key[:8], expires_at=expires_at
    )
    return token, key


def revoke_api_token(user, token_id: int) -> None:
    updated = ApiToken.objects.filter(user=user, pk=token_id, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if not updated:
        raise ValidationError(_("令牌不存在或已撤销。"))


def authenticate_api_token(key: str):
    """The user a token belongs to, or None. Updates last use at most once a minute."""
    if not key or not key.startswith(ApiToken.PREFIX):
        return None
    token = ApiToken.objects.active().select_related("user").filter(key_hash=ApiToken.hash_key(key)).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
