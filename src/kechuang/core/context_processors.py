from __future__ import annotations

from django.utils.translation import gettext as _

from . import access
from .choices import Role
from .navigation import menu_for
from .selectors import unread_notification_count


def navigation(request) -> dict:
    """Menu entries for the signed-in user's roles."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {}
    role = access.primary_role(user)
    return {
        "nav_items": menu_for(user),
        "nav_role": role,
        "nav_role_label": Role(role).label if role else _("未分配角色"),
        "unread_notifications": unread_notification_count(user),
    }
