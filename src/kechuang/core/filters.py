"""One filter definition for the organization list page, the API list and the Excel export."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy
from ninja import Field, FilterSchema
from pydantic import PrivateAttr

from .choices import OrganizationKind
from .models import Industry, Region
from .search import in_condition, search_condition


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

    # Set by `filter_dense`: shape each condition for a large list read in (name, id) order.
    _dense: bool = PrivateAttr(False)

    def filter_dense(self, queryset):
        """The same rows as `filter`, in the form a database reads best when they are many (search.py)."""
        dense = self.model_copy()
        dense._dense = True
        return dense.filter(queryset)

    def filter_q(self, value: str | None) -> Q:
        return search_condition(value or "", dense=self._dense)

    # The small code tables are read first, so the planner sees the ids (and their frequencies) and can
    # read a single region or industry along its (region, name, id) / (industry, name, id) index.
    def filter_region(self, value: str | None) -> Q:
        if not value:
            return Q()
        ids = list(Region.objects.filter(code__startswith=region_code_prefix(value)).values_list("pk", flat=True))
        return in_condition("region_id", ids, dense=self._dense)

    def filter_industry(self, value: str | None) -> Q:
        if not value:
            return Q()
        lookup = {"parent__code": value} if value.isalpha() else {"code": value}
        ids = list(Industry.objects.filter(**lookup).values_list("pk", flat=True))
        return in_condition("industry_id", ids, dense=self._dense)
