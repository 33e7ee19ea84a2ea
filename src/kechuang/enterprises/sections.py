"""The enterprises section of a plan: certified enterprises per tier on its dashboard, export and
annual report.

Registered with plans.sections in EnterprisesConfig.ready. Bureau users only: the counts come from
the whole registry, which enterprises and units do not see.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kechuang.core import access as core_access
from kechuang.plans.sections import DashboardPart, ExportSheet, PlanView, ReportChapter, ReportWriter

from .pools import funnel

HEADERS = [gettext_lazy("梯度"), gettext_lazy("持有有效认定（家）"), gettext_lazy("评价符合条件（家）"), gettext_lazy("培育库（家）")]


def dashboard(view: PlanView) -> DashboardPart | None:
    if not core_access.is_bureau_admin(view.user):
        return None
    return DashboardPart("enterprises/partials/plan_section.html", {"tier_steps": funnel(view.year), "tier_year": view.year})


def export(view: PlanView) -> list[ExportSheet]:
    if not core_access.is_bureau_admin(view.user):
        return []
    rows = [[step.label, step.certified, step.eligible, step.pool] for step in funnel(view.year)]
    return [ExportSheet(_("创新主体梯度"), [str(h) for h in HEADERS], rows)]


def report(view: PlanView) -> ReportChapter | None:
    """Chapter 创新主体梯度培育: the tier table, and the certified counts in the summary."""
    if not core_access.is_bureau_admin(view.user):
        return None
    steps = funnel(view.year)
    if not any(step.certified or step.eligible or step.pool for step in steps):
        return None
    summary = _("持有有效认定的创新主体：%(counts)s。") % {
        "counts": _("，").join(_("%(tier)s %(n)s 家") % {"tier": step.label, "n": step.certified} for step in steps)
    }

    def write(writer: ReportWriter) -> None:
        writer.heading(_("创新主体梯度培育"))
        writer.paragraph(_("截至 %(year)s 年 6 月 30 日，按企业名录中的有效认定与当年梯度评价结果统计。") % {"year": view.year})
        writer.table([str(h) for h in HEADERS], [
            [step.label, str(step.certified), str(step.eligible), str(step.pool)] for step in steps
        ])

    return ReportChapter(summary, write)
