"""Chinese text of the supervision module's plain-Python messages, and of reporting periods."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kechuang.core.codes import CodedError
from kechuang.core.messages import render

from .periods import LABEL

PERIODS = {
    "frequency_unknown": gettext_lazy("未知的报告周期：%(frequency)s"),
    "period_invalid": gettext_lazy("报告期“%(label)s”格式不正确，应为 2025、2025-H1、2025-Q1 或 2025-07。"),
    "period_month_invalid": gettext_lazy("报告期“%(label)s”的月份应在 01 到 12 之间。"),
}


def error_text(exc: CodedError) -> str:
    return render(exc.message, PERIODS)


def period_text(label: str) -> str:
    """A stored period key as a person reads it: 2025-Q1 → 2025年第1季度; an unknown key as it is."""
    match = LABEL.match(label or "")
    if not match:
        return label
    year = match["year"]
    if match["month"]:
        return _("%(year)s年%(month)s月") % {"year": year, "month": int(match["month"])}
    if match["quarter"]:
        return _("%(year)s年第%(quarter)s季度") % {"year": year, "quarter": match["quarter"]}
    if match["half"]:
        return _("%(year)s年上半年") % {"year": year} if match["half"] == "1" else _("%(year)s年下半年") % {"year": year}
    return _("%(year)s年") % {"year": year}
