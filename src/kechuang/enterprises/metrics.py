"""Computed indicators over the enterprise registry (registered in plans.metrics by AppConfig.ready).

Each returns the value at the end of a year from the database alone, deterministically:

- `certified_count`: enterprises holding a certification of `tier` valid on 31 December of the year;
- `rd_expense_above_size`: total verified R&D expense (万元) of the fiscal year of enterprises above
  designated size (规模以上: that year's operating revenue at least `min_revenue`, 2000 万元 by
  default, the statistical threshold for industrial enterprises);
- `enterprises_above_size`: how many such enterprises.

Params: `region` (a 6-digit code; a city or province counts its districts) and, per metric, `tier`
or `min_revenue`.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from kechuang.core.filters import region_code_prefix
from kechuang.core.models import Region
from kechuang.plans import metrics as plan_metrics

from .choices import FiguresStatus, Tier
from .models import Certification, EnterpriseAnnual

ABOVE_SIZE_REVENUE = Decimal("2000")  # 万元: 规模以上工业企业 (主营业务收入 2000 万元及以上)


def _in_region(params: dict[str, Any], prefix: str) -> Q:
    if not params.get("region"):
        return Q()
    regions = Region.objects.filter(code__startswith=region_code_prefix(str(params["region"]))).values("pk")
    return Q(**{f"{prefix}organization__region__in": regions})


def count_certified(year: int, params: dict[str, Any]) -> float:
    tier = params.get("tier") or Tier.HIGH_TECH
    day = datetime.date(year, 12, 31)
    queryset = Certification.objects.filter(tier=tier, valid_from__lte=day).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    ).filter(_in_region(params, "enterprise__"))
    return float(queryset.values("enterprise_id").distinct().count())


def _above_size(year: int, params: dict[str, Any]):
    threshold = Decimal(str(params.get("min_revenue", ABOVE_SIZE_REVENUE)))
    return EnterpriseAnnual.objects.filter(
        year=year, status=FiguresStatus.VERIFIED, revenue__gte=threshold
    ).filter(_in_region(params, "enterprise__"))


def sum_rd_expense_above_size(year: int, params: dict[str, Any]) -> float:
    total = _above_size(year, params).aggregate(total=Sum("rd_expense"))["total"]
    return float(total or 0)


def count_above_size(year: int, params: dict[str, Any]) -> float:
    return float(_above_size(year, params).count())


def register() -> None:
    plan_metrics.register("certified_count", _("有效认定企业数量（年末，按认定类别）"), _("家"), count_certified)
    plan_metrics.register("rd_expense_above_size", _("规模以上企业研发费用总额"), _("万元"), sum_rd_expense_above_size)
    plan_metrics.register("enterprises_above_size", _("规模以上企业数量"), _("家"), count_above_size)
