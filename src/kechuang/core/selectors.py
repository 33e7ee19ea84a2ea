"""Reads for the registry pages: the organization list, figures for home pages and recent activity."""

from __future__ import annotations

from django.db.models import Count

from .choices import OrganizationKind
from .filters import OrganizationFilter
from .models import Notification, Organization
from .pagination import PAGE_SIZE, LargeListPaginator


def organization_directory(user, filters: OrganizationFilter, per_page: int = PAGE_SIZE) -> LargeListPaginator:
    """The organization list a user may see, filtered, as pages that never count millions of rows."""
    visible = Organization.objects.visible_to(user)
    return LargeListPaginator(
        filters.filter(visible), per_page, dense_list=filters.filter_dense(visible),
        rows=visible.select_related("region", "industry"),
    )


def organization_counts_by_kind() -> list[dict]:
    counts = dict(Organization.objects.values_list("kind").annotate(n=Count("id")).values_list("kind", "n"))
    return [{"kind": value, "label": str(label), "count": counts.get(value, 0)} for value, label in OrganizationKind.choices]


def recent_organization_changes(limit: int = 10) -> list:
    return list(Organization.history.select_related("history_user").order_by("-history_date")[:limit])


def newest_organizations(limit: int = 8) -> list[Organization]:
    return list(Organization.objects.select_related("region").order_by("-created_at", "-id")[:limit])


def unread_notification_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
