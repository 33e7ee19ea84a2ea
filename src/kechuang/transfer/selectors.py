"""Reads: the one filter definition of the listing pages, the API and the Excel export."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from .choices import ListingStatus, Maturity


@dataclass(frozen=True)
class ListingFilter:
    q: str = ""
    domain: str = ""  # TechDomain code; a domain includes its subdomains
    status: str = ""
    maturity: str = ""
    cooperation: str = ""

    @classmethod
    def from_query(cls, params) -> ListingFilter:
        return cls(**{name: (params.get(name) or "").strip()[:100] for name in cls.__dataclass_fields__})

    def apply(self, queryset: QuerySet) -> QuerySet:
        if self.q:
            queryset = queryset.search(self.q)
        if self.domain:
            queryset = queryset.filter(Q(domain__code=self.domain) | Q(domain__parent__code=self.domain))
        if self.status in ListingStatus.values:
            queryset = queryset.filter(status=self.status)
        if self.maturity in Maturity.values:
            field = "maturity" if hasattr(queryset.model, "maturity") else "maturity_wanted"
            queryset = queryset.filter(**{field: self.maturity})
        if self.cooperation:
            # JSON containment is not on SQLite: match the quoted value inside the stored list.
            queryset = queryset.filter(cooperation__icontains=f'"{self.cooperation}"')
        return queryset


def listings(model, user, filters: ListingFilter) -> QuerySet:
    return filters.apply(model.objects.visible_to(user)).select_related("owner", "domain")
