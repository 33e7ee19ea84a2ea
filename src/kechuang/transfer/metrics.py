"""Computed plan indicators over registered technology contracts (registered in AppConfig.ready)."""

from __future__ import annotations

from typing import Any

from django.db.models import Sum


def _contracts(year: int, params: dict[str, Any]):
    from .models import TechContract

    queryset = TechContract.objects.filter(registered_on__year=year)
    if params.get("region"):
        code = str(params["region"]).rstrip("0") or str(params["region"])
        queryset = queryset.filter(region__code__startswith=code)
    return queryset


# Contracts are registered in 万元; an indicator may count in 亿元 (params {"unit": "亿元"}).
UNIT_DIVISORS = {"万元": 1, "亿元": 10000}


def contract_amount(year: int, params: dict[str, Any]) -> float:
    """技术合同成交额: the contract amounts registered in `year`, optionally within one region."""
    total = float(_contracts(year, params).aggregate(total=Sum("amount"))["total"] or 0)
    return total / UNIT_DIVISORS.get(params.get("unit", "万元"), 1)


def contract_count(year: int, params: dict[str, Any]) -> float:
    """技术合同数: contracts registered in `year`, optionally within one region."""
    return float(_contracts(year, params).count())
