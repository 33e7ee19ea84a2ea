"""Excel import of observations: a plan's template, filled by a unit (or the bureau), all or nothing.

Registered with kechuang.core.importing as kind "observations", so an ImportJob runs it in the
background; the job's scope is {"plan_id": …, "submit": true|false}. Without a plan_id (the CLI's
`kechuang import observations FILE`) rows may name indicators of any plan the actor may see.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from typing import Any

import openpyxl
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kechuang.core import access
from kechuang.core.codes import CodedError
from kechuang.core.importing import Column, ImportSpec, RowError, RowInvalid, build_template, register
from kechuang.core.models import ImportJob
from kechuang.core.services import notify
from kechuang.core.uploads import UploadError

from . import access as plan_access
from . import services
from .choices import DataSource, ObservationStatus
from .messages import error_text
from .models import Indicator, Observation, Plan
from .progress import period_rank

KIND = "observations"
OBSERVATION_COLUMNS = [
    Column("indicator_id", gettext_lazy("指标编号"), required=True, help=gettext_lazy("模板中已填好，请勿修改"), example="12"),
    Column(
        "indicator_name", gettext_lazy("指标名称"), help=gettext_lazy("核对用；与编号不符时该行报错"),
        example=gettext_lazy("研发经费投入"),
    ),
    Column("unit", gettext_lazy("计量单位"), help=gettext_lazy("仅供参考，不导入")),
    Column("year", gettext_lazy("年份"), required=True, example="2024"),
    Column(
        "period", gettext_lazy("期间"), help=gettext_lazy("留空为全年；季度 Q1–Q4，半年 H1、H2，月份 1–12"), example=""
    ),
    Column("value", gettext_lazy("数值"), help=gettext_lazy("留空的行不导入"), example="12.5"),
    Column("note", gettext_lazy("说明"), help=gettext_lazy("数据来源、口径等")),
]
HEADER = {column.key: column.header for column in OBSERVATION_COLUMNS}


@dataclass
class Row:
    indicator: Indicator
    year: int
    period: str
    value: float
    note: str


@dataclass
class ObservationImportContext:
    actor: Any
    is_bureau: bool
    submit: bool
    # The plan the import is scoped to; None: any visible plan.
    plan: Plan | None
    indicators: dict[int, Indicator]
    reportable: set[int]
    statuses: dict[tuple[int, int, str], str]
    # Indicators of other plans (id → plan title), so a row naming one is told where it belongs.
    elsewhere: dict[int, str]


def reportable_indicators(user, plan: Plan) -> list[Indicator]:
    """The plan's indicators the user may enter figures for (computed ones are filled by the platform)."""
    return _reportable(user, plan.indicators.select_related("plan", "responsible_unit"))


def _reportable(user, indicators) -> list[Indicator]:
    return [
        indicator for indicator in indicators
        if indicator.data_source != DataSource.COMPUTED and (user is None or plan_access.can_report(user, indicator))
    ]


def observation_template(user, plan: Plan, years: list[int] | None = None) -> bytes:
    """A workbook with one row per reportable indicator and year, prefilled with the figures on record.

    `years` defaults to the plan's start year up to the current year (or its end year, if earlier).
    """
    plan_access.get_plan_for_user(user, plan.pk)
    if years is None:
        last = min(plan.end_year, max(timezone.localdate().year, plan.start_year))
        years = list(range(plan.start_year, last + 1))
    indicators = reportable_indicators(user, plan)
    on_record = {
        (o.indicator_id, o.year): o
        for o in Observation.objects.visible_to(user).filter(indicator__in=indicators, period="").defer("evidence")
    }
    workbook = openpyxl.load_workbook(io.BytesIO(build_template(ObservationImport())))
    sheet = workbook[str(ObservationImport.sheet_title)]
    sheet.delete_rows(2)  # the generic example row: real rows follow
    for indicator in indicators:
        for year in years:
            known = on_record.get((indicator.pk, year))
            sheet.append([
                indicator.pk, indicator.name, indicator.unit, year, "",
                None if known is None else known.value, "" if known is None else known.note,
            ])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _integer(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        try:
            value = float(value.replace(",", "").strip())
        except ValueError:
            return None
    if isinstance(value, (int, float)) and math.isfinite(value):
        return float(value)
    return None


class ObservationImport(ImportSpec):
    kind = KIND
    title = gettext_lazy("指标监测值")
    sheet_title = gettext_lazy("监测值")
    columns = OBSERVATION_COLUMNS
    scope_keys = ("plan_id",)

    def prepare(self, *, actor, scope: dict[str, Any]) -> ObservationImportContext:
        visible = Indicator.objects.all() if actor is None else Indicator.objects.visible_to(actor)
        plan_id = scope.get("plan_id")
        plan, elsewhere = None, {}
        if plan_id is not None:
            plan = (Plan.objects.visible_to(actor) if actor is not None else Plan.objects).filter(pk=plan_id).first()
            if plan is None:
                raise UploadError(_("规划 %(plan)s 不存在或无权访问。") % {"plan": plan_id})
            elsewhere = dict(visible.exclude(plan=plan).values_list("pk", "plan__title"))
            visible = visible.filter(plan=plan)
        indicators = {i.pk: i for i in visible.select_related("plan", "responsible_unit")}
        reportable = {indicator.pk for indicator in _reportable(actor, indicators.values())}
        if actor is not None and not reportable:
            raise PermissionDenied(_("您没有可以填报的指标。"))
        statuses = {
            (indicator_id, year, period): status
            for indicator_id, year, period, status in Observation.objects.filter(indicator__in=visible).values_list(
                "indicator_id", "year", "period", "status"
            )
        }
        is_bureau = actor is None or access.is_bureau_admin(actor)
        return ObservationImportContext(
            actor, is_bureau, bool(scope.get("submit", True)), plan, indicators, reportable, statuses, elsewhere
        )

    def clean_row(self, values: dict[str, Any], context: ObservationImportContext, *, row: int) -> Row | None:
        errors: list[tuple[str, str]] = []
        raw_id = values.get("indicator_id")
        indicator_id = _integer(raw_id)
        indicator = context.indicators.get(indicator_id) if indicator_id is not None else None
        if indicator is None and indicator_id in context.elsewhere:
            errors.append((
                HEADER["indicator_id"],
                _("编号 %(id)s 的指标属于规划“%(other)s”，不属于本次导入的规划“%(plan)s”")
                % {"id": indicator_id, "other": context.elsewhere[indicator_id], "plan": context.plan},
            ))
        elif indicator is None:
            where = _("本规划") if context.plan is not None else _("平台上")
            errors.append((HEADER["indicator_id"], _("%(where)s没有编号为“%(id)s”的指标") % {"where": where, "id": raw_id}))
        elif indicator.data_source == DataSource.COMPUTED:
            errors.append((HEADER["indicator_id"], _("指标“%(name)s”由平台数据自动计算，不需导入") % {"name": indicator.name}))
        elif indicator.pk not in context.reportable:
            unit = indicator.responsible_unit.name if indicator.responsible_unit else _("未指定")
            errors.append((
                HEADER["indicator_id"],
                _("您无权填报指标“%(name)s”（责任单位：%(unit)s）") % {"name": indicator.name, "unit": unit},
            ))
        name = values.get("indicator_name")
        if indicator is not None and name is not None and str(name) != indicator.name:
            errors.append((
                HEADER["indicator_name"],
                _("“%(given)s”与编号 %(id)s 的指标“%(name)s”不符") % {"given": name, "id": indicator.pk, "name": indicator.name},
            ))
        year = _integer(values.get("year"))
        if year is None or not services.MIN_YEAR <= year <= services.MAX_YEAR:
            errors.append((
                HEADER["year"],
                _("年份“%(year)s”无效，应为 %(min)s–%(max)s 的整数")
                % {"year": values.get("year"), "min": services.MIN_YEAR, "max": services.MAX_YEAR},
            ))
        period = "" if values.get("period") is None else str(values["period"]).strip().upper()
        try:
            period_rank(period or None)
        except CodedError as exc:
            errors.append((HEADER["period"], error_text(exc)))
        raw_value = values.get("value")
        if raw_value is None and not errors:
            return None  # a template row left blank
        value = _number(raw_value)
        if value is None:
            errors.append((HEADER["value"], _("“%(value)s”不是数字") % {"value": raw_value} if raw_value is not None else _("请填写数值")))
        if indicator is not None and year is not None and not context.is_bureau:
            status = context.statuses.get((indicator.pk, year, period))
            if status == ObservationStatus.VERIFIED:
                errors.append((HEADER["value"], _("%(year)s%(period)s 的数值已审核，如需更正请联系科技局") % {"year": year, "period": period}))
            elif status == ObservationStatus.SUBMITTED:
                errors.append((
                    HEADER["value"], _("%(year)s%(period)s 的数值已报送待审核，审核前不能修改") % {"year": year, "period": period}
                ))
        if errors:
            raise RowInvalid(errors)
        note = "" if values.get("note") is None else str(values["note"])[:2000]
        return Row(indicator, year, period, value, note)

    def check_batch(self, cleaned: list[tuple[int, Row | None]], context: Any) -> list[RowError]:
        seen: dict[tuple[int, int, str], int] = {}
        errors = []
        for number, row in cleaned:
            if row is None:
                continue
            key = (row.indicator.pk, row.year, row.period)
            if key in seen:
                errors.append(RowError(number, HEADER["year"], _("与第 %(row)s 行是同一指标同一期间") % {"row": seen[key]}))
            else:
                seen[key] = number
        return errors

    def write(self, cleaned: list[Row | None], context: ObservationImportContext, *, actor) -> dict[str, int]:
        """Save every row; one notification for the file replaces the per-figure ones."""
        counts = {"created": 0, "updated": 0, "skipped": 0}
        plans: dict[int, Plan] = {}
        for row in cleaned:
            if row is None:
                counts["skipped"] += 1
                continue
            known = (row.indicator.pk, row.year, row.period) in context.statuses
            observation = services.save_observation(
                row.indicator, actor=actor, year=row.year, value=row.value, period=row.period, note=row.note,
                submit=context.submit, reason=_("Excel 导入"), announce=False,
            )
            # The bureau's own figures need no second check.
            if context.is_bureau and context.submit and observation.status == ObservationStatus.SUBMITTED:
                services.verify_observation(observation, actor=actor, announce=False)
            counts["updated" if known else "created"] += 1
            plans.setdefault(row.indicator.plan_id, row.indicator.plan)
        if context.submit and plans:
            _announce(list(plans.values()), counts, actor=actor, verified=context.is_bureau)
        return counts


def _announce(plans: list[Plan], counts: dict[str, int], *, actor, verified: bool) -> None:
    """Tell the bureau's admins about a whole import at once; drafts stay private, so they are not announced."""
    total = counts["created"] + counts["updated"]
    state = _("已导入并审核") if verified else _("待审核")
    titles = _("、").join(_("“%(title)s”") % {"title": plan.title} for plan in plans)
    who = _("系统（命令行导入）") if actor is None else str(actor)
    notify(
        services.bureau_admins(),
        title=_("监测数据导入：%(total)s 条%(state)s") % {"total": total, "state": state},
        body=_("%(who)s导入了规划%(titles)s的 %(total)s 条监测值（新增 %(created)s 条，更新 %(updated)s 条）。") % {
            "who": who, "titles": titles, "total": total, "created": counts["created"], "updated": counts["updated"]
        },
        link=reverse("plans:plan_dashboard", args=[plans[0].pk]) if len(plans) == 1 else reverse("plans:plan_list"),
    )


register(ObservationImport)


def start_observation_import(user, plan: Plan, *, file_name: str, data: bytes, submit: bool = True) -> ImportJob:
    """Queue an import of a filled template as a background ImportJob (core.tasks.run_import_job).

    Refuses at once a user with nothing to report in this plan; row errors end up on the job.
    """
    from kechuang.core.tasks import run_import_job

    plan = plan_access.get_plan_for_user(user, plan.pk)
    if not reportable_indicators(user, plan):
        raise PermissionDenied(_("您没有可以填报的指标。"))
    if not file_name.lower().endswith(".xlsx"):
        raise ValidationError(_("只支持 .xlsx 格式的 Excel 文件。"))
    job = ImportJob.objects.create(
        kind=KIND, file_name=file_name, content=data, created_by=user, scope={"plan_id": plan.pk, "submit": submit}
    )
    transaction.on_commit(lambda: run_import_job.enqueue(job.pk))
    return job
