"""Excel export of organizations: the same filter as the list page, private columns only where allowed."""

from __future__ import annotations

from django.utils.translation import gettext as _

from . import access
from .filters import OrganizationFilter
from .importers import ORGANIZATION_COLUMNS
from .importing import write_workbook
from .models import Organization


def export_organizations(user, filters: OrganizationFilter) -> bytes:
    """Rows the user may see; contacts and address are filled only for organizations whose private data they may read."""
    queryset = filters.filter(Organization.objects.visible_to(user)).select_related("region", "industry")
    private_ids = None if access.is_bureau_admin(user) else access.organization_ids_of(user)
    headers = [column.header for column in ORGANIZATION_COLUMNS]

    def rows():
        for org in queryset.iterator(chunk_size=2000):
            private = private_ids is None or org.pk in private_ids
            yield [
                org.name,
                org.uscc or "",
                org.get_kind_display(),
                org.region.code if org.region else "",
                org.industry.code if org.industry else "",
                org.address if private else "",
                org.contact_name if private else "",
                org.contact_phone if private else "",
                org.contact_email if private else "",
                org.description,
            ]

    return write_workbook(_("单位"), headers, rows())
