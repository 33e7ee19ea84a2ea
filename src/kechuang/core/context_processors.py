from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from . import access
from .choices import Role
from .selectors import unread_notification_count


def navigation(request) -> dict:
    """Menu entries for the signed-in user's roles."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {}
    roles = access.roles_of(user)
    items = [(_("首页"), reverse("core:home"))]
    items.append((_("单位名录"), reverse("core:organization_list")))
    items.append((_("规划监测"), reverse("plans:plan_list")))
    items += [(_("任务督办"), reverse("supervision:task_mine"))] if roles & {Role.BUREAU_ADMIN, Role.UNIT_STAFF} else []
    if Role.BUREAU_ADMIN in roles:
        items.append((_("数据导入"), reverse("core:organization_import")))
        items.append((_("规划导入"), reverse("ingest:upload")))
    role = access.primary_role(user)
    return {
        "nav_items": items,
        "nav_role": role,
        "nav_role_label": Role(role).label if role else _("未分配角色"),
        "unread_notifications": unread_notification_count(user),
    }
