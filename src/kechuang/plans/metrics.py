"""Computed indicators: metrics over the platform's own data, by key.

A module registers a metric in one line, in its AppConfig.ready (so the key exists wherever
Django runs, web, worker or CLI):

    from kechuang.plans import metrics
    metrics.register("high_tech_count", _("高新技术企业数量（年末）"), "家", count_high_tech)

`compute(year, params)` returns the value at the end of `year` as a float, reads only the
database and is deterministic (the refresh relies on it to write nothing when nothing changed);
`params` is the indicator's `metric_params` (e.g. {"kind": "university", "region": "210204"}).

An indicator bound to a metric (data_source "computed", Indicator.metric, Indicator.metric_params)
gets one verified annual observation per year, from its baseline year (else the plan's start) to
the current year, written by the background task `plans.tasks.refresh_computed_indicators`
(`kechuang refresh_indicators` runs it from the terminal).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    unit: str
    # (year, params) → the value at the end of that year.
    compute: Callable[[int, dict[str, Any]], float]


_REGISTRY: dict[str, Metric] = {}


def register(key: str, label: str, unit: str, compute: Callable[[int, dict[str, Any]], float]) -> Metric:
    metric = Metric(key, label, unit, compute)
    _REGISTRY[key] = metric
    return metric


def get_metric(key: str) -> Metric:
    return _REGISTRY[key]


def all_metrics() -> list[Metric]:
    return sorted(_REGISTRY.values(), key=lambda metric: metric.key)


def year_end(year: int) -> datetime.datetime:
    return datetime.datetime(year + 1, 1, 1, tzinfo=timezone.get_current_timezone())


def count_organizations(year: int, params: dict[str, Any]) -> float:
    """Organizations registered by the end of `year`, optionally of one kind and within one region."""
    from kechuang.core.models import Organization

    queryset = Organization.objects.filter(created_at__lt=year_end(year))
    if params.get("kind"):
        queryset = queryset.filter(kind=params["kind"])
    if params.get("region"):
        code = str(params["region"]).rstrip("0") or str(params["region"])
        queryset = queryset.filter(region__code__startswith=code)
    return float(queryset.count())


register("organization_count", _("登记单位数量（年末）"), _("家"), count_organizations)
