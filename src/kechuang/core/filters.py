"""One filter definition for the organization list page, the API list and the Excel export."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy
from ninja import Field, FilterSchema

from .choices import OrganizationKind
from .models import Industry, Region
from .search import search_condition


def region_code_prefix(code: str) -> str:
    """210200 → 2102: every region under a prefecture shares its code prefix."""
    code = code.strip()
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


class OrganizationFilter(FilterSchema):
    q: str | None = Field(None, description=gettext_lazy("名称或统一社会信用代码中的任意连续文字"), max_length=60)
    kind: OrganizationKind | None = Field(None, description=gettext_lazy("单位类型"))
    region: str | None = Field(None, description=gettext_lazy("6 位区划代码，包含下级区划"), pattern=r"^\d{6}$")
    industry: str | None = Field(None, description=gettext_lazy("行业门类字母或大类两位代码"), pattern=r"^([A-T]|\d{2})$")

    def filter_q(self, value: str | None) -> Q:
        return search_condition(value or "")

    # The small code tables are read first, so the planner sees the ids (and their frequencies) and can
    # read a single region or industry along its (region, name, id) / (industry, name, id) index.
    def filter_region(self, value: str | None) -> Q:
        if not value:
            return Q()
        ids = list(Region.objects.filter(code__startswith=region_code_prefix(value)).values_list("pk", flat=True))
        return Q(region_id=ids[0]) if len(ids) == 1 else Q(region_id__in=ids)

    def filter_industry(self, value: str | None) -> Q:
        if not value:
            return Q()
        lookup = {"parent__code": value} if value.isalpha() else {"code": value}
        ids = list(Industry.objects.filter(**lookup).values_list("pk", flat=True))
        return Q(industry_id=ids[0]) if len(ids) == 1 else Q(industry_id__in=ids)
