"""Excel export of the listings: the rows of the list page with the same filter."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from .importers import ACHIEVEMENT_COLUMNS, DEMAND_COLUMNS


def _cooperation(listing) -> str:
    return _("、").join(listing.cooperation_labels())


def export_rows(kind: str, queryset: QuerySet) -> tuple[str, list[str], Iterator[list[Any]]]:
    """(sheet title, headers, rows) in the import template's columns, so an export re-imports."""
    queryset = queryset.select_related("owner", "domain", "industry")
    if kind == "achievement":
        headers = [str(c.header) for c in ACHIEVEMENT_COLUMNS]

        def achievement_rows():
            for a in queryset.iterator(chunk_size=2000):
                yield [a.title, a.owner.name, a.abstract, a.team, a.domain.name if a.domain else "",
                       a.industry.code if a.industry else "", a.get_maturity_display() if a.maturity else "",
                       a.trl, _cooperation(a), float(a.price) if a.price is not None else None,
                       a.get_visibility_display(), a.contact]
        return _("科技成果"), headers, achievement_rows()
    headers = [str(c.header) for c in DEMAND_COLUMNS]

    def demand_rows():
        for d in queryset.iterator(chunk_size=2000):
            yield [d.title, d.owner.name, d.description, d.domain.name if d.domain else "",
                   d.industry.code if d.industry else "", float(d.budget) if d.budget is not None else None,
                   d.deadline.isoformat() if d.deadline else "", _cooperation(d),
                   d.get_maturity_wanted_display() if d.maturity_wanted else "", d.get_visibility_display(), d.contact]
    return _("技术需求"), headers, demand_rows()
