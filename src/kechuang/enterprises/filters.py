"""One filter definition for the enterprise list page and the API list."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy
from ninja import Field, FilterSchema

from kechuang.core.filters import region_code_prefix
from kechuang.core.models import Industry, Region

from .choices import Tier
from .models import Certification


class EnterpriseFilter(FilterSchema):
    q: str | None = Field(None, description=gettext_lazy("企业名称中的任意连续文字，或完整的统一社会信用代码"), max_length=60)
    region: str | None = Field(None, description=gettext_lazy("6 位区划代码，包含下级区划"), pattern=r"^\d{6}$")
    industry: str | None = Field(None, description=gettext_lazy("行业门类字母或大类两位代码"), pattern=r"^([A-T]|\d{2})$")
    tier: Tier | None = Field(None, description=gettext_lazy("持有该类认定（任一有效期）"))

    def filter_q(self, value: str | None) -> Q:
        value = (value or "").strip()
        if not value:
            return Q()
        return Q(organization__name__contains=value) | Q(organization__uscc=value.upper())

    def filter_region(self, value: str | None) -> Q:
        if not value:
            return Q()
        return Q(organization__region__in=Region.objects.filter(code__startswith=region_code_prefix(value)).values("pk"))

    def filter_industry(self, value: str | None) -> Q:
        if not value:
            return Q()
        lookup = {"parent__code": value} if value.isalpha() else {"code": value}
        return Q(organization__industry__in=Industry.objects.filter(**lookup).values("pk"))

    def filter_tier(self, value: str | None) -> Q:
        if not value:
            return Q()
        return Q(pk__in=Certification.objects.filter(tier=value).values("enterprise_id"))
