"""Operations that change plans, indicators, targets and observations. Each is atomic and audited.

Pages, the API, Excel import, plan ingestion and the CLI all call these functions.
"""

from __future__ import annotations

import math
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core import access
from kechuang.core.audit import delete_audited, save_audited
from kechuang.core.choices import Role
from kechuang.core.services import notify, resolve_notifications

from . import access as plan_access
from .choices import DataSource, ObservationStatus, ProgressStatus
from .messages import with_reason
from .models import Indicator, Observation, Plan, StatusOverride, Target
from .progress import parse_relative

PLAN_FIELDS = ("title", "issuer", "region", "start_year", "end_year", "horizons", "status", "summary")
INDICATOR_FIELDS = (
    "name", "unit", "category", "attribute", "direction", "scope", "baseline_year", "baseline_value",
    "responsible_unit", "data_source", "metric", "metric_params", "quote", "position",
)
TARGET_FIELDS = ("year", "value", "comparator", "relative", "year_unknown")
# The years the progress contract accepts.
MIN_YEAR, MAX_YEAR = 1900, 2200

# Allowed observation transitions: (from, to) → who may make it.
OBSERVATION_TRANSITIONS: dict[tuple[str, str], str] = {
    (ObservationStatus.DRAFT, ObservationStatus.SUBMITTED): "reporter",
    (ObservationStatus.RETURNED, ObservationStatus.SUBMITTED): "reporter",
    (ObservationStatus.SUBMITTED, ObservationStatus.VERIFIED): "bureau",
    (ObservationStatus.SUBMITTED, ObservationStatus.RETURNED): "bureau",
    (ObservationStatus.VERIFIED, ObservationStatus.RETURNED): "bureau",
}


def _require_admin(actor) -> None:
    # None is the system actor (imports from the CLI, ingestion, the demo).
    if actor is not None:
        access.require_bureau_admin(actor)


def _pick(fields: dict[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValidationError(_("不能设置字段：%(fields)s") % {"fields": _("、").join(sorted(unknown))})
    return fields


def bureau_admins():
    return get_user_model().objects.filter(memberships__role=Role.BUREAU_ADMIN, is_active=True).distinct()


def unit_staff(organization_id: int | None):
    if organization_id is None:
        return get_user_model().objects.none()
    return get_user_model().objects.filter(
        memberships__organization_id=organization_id, memberships__role=Role.UNIT_STAFF, is_active=True
    ).distinct()


# --- plans -------------------------------------------------------------------------------------


def create_plan(*, actor, reason: str = "", **fields: Any) -> Plan:
    """Create a plan. Bureau admins only (or the system actor None)."""
    _require_admin(actor)
    plan = Plan(**_pick(fields, (*PLAN_FIELDS, "source_name", "source_file", "source_text")))
    if actor is not None:
        plan.created_by = actor
    plan.full_clean()
    with transaction.atomic():
        save_audited(plan, actor=actor, reason=reason or _("新建规划"))
    return plan


def update_plan(plan: Plan, *, actor, reason: str = "", **fields: Any) -> Plan:
    _require_admin(actor)
    with transaction.atomic():
        plan = Plan.objects.get(pk=plan.pk)
        for key, value in _pick(fields, PLAN_FIELDS).items():
            setattr(plan, key, value)
        plan.full_clean()
        save_audited(plan, actor=actor, reason=reason or _("修改规划"))
    return plan


# --- indicators and targets --------------------------------------------------------------------


def _build_targets(indicator: Indicator, targets: list[dict[str, Any]]) -> list[Target]:
    """Unsaved targets, each checked on its own; errors name the target's position (目标 2: …)."""
    if not targets:
        raise ValidationError({"targets": _("至少需要一个目标值。")})
    built = []
    for index, raw in enumerate(targets, start=1):
        target = Target(indicator=indicator, **_pick(dict(raw), TARGET_FIELDS))
        target.relative = (target.relative or "").strip()
        try:
            target.full_clean(exclude=["indicator"])
        except ValidationError as exc:
            raise ValidationError({"targets": [
                _("目标 %(index)s：%(message)s") % {"index": index, "message": message} for message in exc.messages
            ]}) from None
        built.append(target)
    return built


def check_evaluable(indicator: Indicator, targets: list[Target]) -> None:
    """Refuse an indicator the progress engine could not judge, with every reason at once.

    The rules for indicators entered by hand (the bureau's pages and the API): target years inside
    the plan's period (its horizons included), one target per year, a target either absolute or
    relative, and relative targets with the baseline they are computed from (progress.resolve_target).
    Plan documents are recorded as written, gaps included: the bureau completes them here later.
    """
    plan = indicator.plan
    last = max([plan.end_year, *plan.horizons])
    errors: dict[str, list[str]] = {}
    if indicator.baseline_year is not None and indicator.baseline_year > plan.end_year:
        errors["baseline_year"] = [
            _("基期年 %(baseline_year)s 晚于规划目标年 %(end_year)s。")
            % {"baseline_year": indicator.baseline_year, "end_year": plan.end_year}
        ]
    messages = []
    seen: dict[tuple[int | None, bool], int] = {}
    for index, target in enumerate(targets, start=1):
        where = _("目标 %(index)s") % {"index": index}
        if target.year is not None and not plan.start_year <= target.year <= last:
            messages.append(
                _("%(where)s：目标年 %(year)s 不在规划期 %(start)s–%(end)s 年内。")
                % {"where": where, "year": target.year, "start": plan.start_year, "end": last}
            )
        key = (target.year, target.year_unknown)
        if key in seen:
            if target.year is not None:
                label = _("%(year)s 年") % {"year": target.year}
            else:
                label = _("“年份不详”") if target.year_unknown else _("“每年”")
            messages.append(
                _("%(where)s：与目标 %(other)s 重复，%(label)s只能有一个目标。")
                % {"where": where, "other": seen[key], "label": label}
            )
        seen.setdefault(key, index)
        if target.value is not None and not math.isfinite(target.value):
            messages.append(_("%(where)s：目标值应为有限数字。") % {"where": where})
        if not target.relative:
            continue
        if target.value is not None:
            messages.append(_("%(where)s：目标值与相对目标只能填写一项。") % {"where": where})
        relative = parse_relative(target.relative)
        if indicator.baseline_value is None:
            messages.append(
                _("%(where)s：相对目标“%(relative)s”需要基期值，请先填写指标的基期年和基期值。")
                % {"where": where, "relative": target.relative}
            )
            continue
        if relative.kind != "points" and indicator.baseline_value <= 0:
            messages.append(
                _("%(where)s：基期值为 %(baseline)s，不能按“%(relative)s”（倍数或增长率）推算目标值。")
                % {"where": where, "baseline": format(indicator.baseline_value, "g"), "relative": target.relative}
            )
        if target.year is None:
            continue
        if indicator.baseline_year is None:
            if relative.kind == "annual_growth":
                messages.append(
                    _("%(where)s：年均增长目标“%(relative)s”需要基期年。") % {"where": where, "relative": target.relative}
                )
        elif target.year <= indicator.baseline_year:
            messages.append(
                _("%(where)s：目标年 %(year)s 不晚于基期年 %(baseline_year)s。")
                % {"where": where, "year": target.year, "baseline_year": indicator.baseline_year}
            )
    if messages:
        errors["targets"] = messages
    if errors:
        raise ValidationError(errors)


def _write_targets(indicator: Indicator, targets: list[Target], *, actor) -> None:
    """Replace an indicator's targets with these (unsaved) ones; the old ones stay in the history."""
    for old in indicator.targets.all():
        delete_audited(old, actor=actor, reason=_("设置目标值"))
    for target in targets:
        save_audited(target, actor=actor, reason=_("设置目标值"))


def create_indicator(
    plan: Plan, *, actor, targets: list[dict[str, Any]], evaluable: bool = False, reason: str = "", **fields: Any
) -> Indicator:
    """Add an indicator with its targets to a plan. Bureau admins only.

    `evaluable`: also apply check_evaluable (hand entry); plan ingestion records a document as written.
    Nothing is written unless the indicator and every target pass.
    """
    _require_admin(actor)
    with transaction.atomic():
        if "position" not in fields:
            fields["position"] = (plan.indicators.aggregate(top=Max("position"))["top"] or 0) + 1
        indicator = Indicator(plan=plan, **_pick(fields, INDICATOR_FIELDS))
        indicator.full_clean()
        built = _build_targets(indicator, targets)
        if evaluable:
            check_evaluable(indicator, built)
        save_audited(indicator, actor=actor, reason=reason or _("新增指标"))
        _write_targets(indicator, built, actor=actor)
    return indicator


def update_indicator(
    indicator: Indicator, *, actor, targets: list[dict[str, Any]] | None = None, evaluable: bool = False,
    reason: str = "", **fields: Any,
) -> Indicator:
    """Change an indicator's definition and, when given, replace its targets. Bureau admins only.

    With `evaluable` the targets kept or given must pass check_evaluable against the new definition
    (so a baseline a relative target needs cannot be removed).
    """
    _require_admin(actor)
    with transaction.atomic():
        indicator = Indicator.objects.select_related("plan").get(pk=indicator.pk)
        was_computed = indicator.data_source == DataSource.COMPUTED
        for key, value in _pick(fields, INDICATOR_FIELDS).items():
            setattr(indicator, key, value)
        indicator.full_clean()
        if indicator.data_source == DataSource.COMPUTED and not was_computed:
            # The refresh would overwrite the units' figures with computed ones.
            entered = indicator.observations.filter(submitted_by__isnull=False).count()
            if entered:
                raise ValidationError({"data_source": _(
                    "指标“%(name)s”已有 %(count)s 条责任单位填报的监测值，不能改为平台数据自动计算；"
                    "如需改为自动计算，请新建指标。"
                ) % {"name": indicator.name, "count": entered}})
        built = None if targets is None else _build_targets(indicator, targets)
        if evaluable:
            check_evaluable(indicator, list(indicator.targets.all()) if built is None else built)
        save_audited(indicator, actor=actor, reason=reason or _("修改指标"))
        if built is not None:
            _write_targets(indicator, built, actor=actor)
    return indicator


def delete_indicator(indicator: Indicator, *, actor, reason: str = "") -> None:
    """Remove an indicator with its targets, unverified figures and status overrides. Bureau admins only.

    Refused once the indicator has a verified figure: verified figures are the plan's record (reports,
    scorecards, what an inspector is shown) and the model has no archived state to keep them in, so
    such an indicator is corrected, not deleted. Every deleted row keeps a deletion entry in its history.
    """
    _require_admin(actor)
    with transaction.atomic():
        try:
            indicator = Indicator.objects.get(pk=indicator.pk)
        except Indicator.DoesNotExist:
            raise ValidationError(_("指标不存在或已删除。")) from None
        verified = indicator.observations.verified().count()
        if verified:
            raise ValidationError(
                _("指标“%(name)s”已有 %(count)s 条已审核的监测值，不能删除；如定义有误，请修改指标。")
                % {"name": indicator.name, "count": verified}
            )
        reason = reason.strip() or _("删除指标")
        related = [
            *indicator.targets.all(), *indicator.observations.defer("evidence"), *indicator.status_overrides.all()
        ]
        for record in related:
            delete_audited(record, actor=actor, reason=reason)
        delete_audited(indicator, actor=actor, reason=reason)


# --- observations ------------------------------------------------------------------------------


def save_observation(
    indicator: Indicator, *, actor, year: int, value: float, period: str = "", note: str = "",
    evidence_name: str = "", evidence: bytes | None = None, submit: bool = False, reason: str = "",
    announce: bool = True,
) -> Observation:
    """Enter (or correct) an indicator's value for a period, as a draft or submitted at once.

    Staff of the responsible unit and the bureau may enter; a verified figure can only be changed by
    the bureau, which must give a reason. Submitting notifies the bureau's admins unless `announce`
    is false (an import sends one notification for the whole file instead).
    """
    if actor is not None:
        if not plan_access.can_report(actor, indicator):
            raise PermissionDenied(_("只有该指标的责任单位或科技局可以填报监测值。"))
        if indicator.data_source == DataSource.COMPUTED:
            raise PermissionDenied(_("该指标由平台数据自动计算，不需要填报。"))
    _check_figure(year, value)
    period = (period or "").strip().upper()
    is_bureau = actor is None or access.is_bureau_admin(actor)
    with transaction.atomic():
        observation = Observation.objects.filter(indicator=indicator, year=year, period=period).first()
        if observation is None:
            observation = Observation(indicator=indicator, year=year, period=period)
        elif observation.status == ObservationStatus.VERIFIED:
            if not is_bureau:
                raise PermissionDenied(_("该监测值已审核，如需更正请联系科技局。"))
            if not reason.strip():
                raise ValidationError({"reason": _("更正已审核的监测值需要填写理由。")})
        elif observation.status == ObservationStatus.SUBMITTED and not is_bureau:
            raise PermissionDenied(_("该监测值已报送待审核，审核前不能修改。"))
        observation.value = value
        observation.note = note
        if evidence is not None:
            observation.evidence_name, observation.evidence = evidence_name[:200], evidence
        if observation.status != ObservationStatus.VERIFIED:
            observation.status = ObservationStatus.SUBMITTED if submit else ObservationStatus.DRAFT
            if submit:
                observation.submitted_by = actor
                observation.submitted_at = timezone.now()
        observation.full_clean()
        save_audited(observation, actor=actor, reason=reason or (_("报送监测值") if submit else _("保存监测值")))
        if announce and submit and observation.status == ObservationStatus.SUBMITTED:
            _notify_submitted(observation)
    return observation


def _check_figure(year: int, value: float) -> None:
    errors = {}
    if not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        errors["year"] = _("年份应在 %(min)s–%(max)s 之间，实际为 %(year)s。") % {"min": MIN_YEAR, "max": MAX_YEAR, "year": year}
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        errors["value"] = _("数值应为有限数字，实际为 %(value)s。") % {"value": value}
    if errors:
        raise ValidationError(errors)


def review_topic(observation: Observation) -> str:
    return f"observation:{observation.pk}:review"


def _notify_submitted(observation: Observation) -> None:
    indicator = observation.indicator
    notify(
        bureau_admins(),
        title=_("待审核：%(name)s %(year)s%(period)s 监测值")
        % {"name": indicator.name, "year": observation.year, "period": observation.period},
        body=_("%(unit)s报送了 %(value)s%(measure)s。") % {
            "unit": indicator.responsible_unit or "", "value": format(observation.value, "g"), "measure": indicator.unit
        },
        link=reverse("plans:indicator_detail", args=[indicator.pk]),
        topic=review_topic(observation),
    )


def _transition(observation: Observation, to: str, *, actor) -> Observation:
    """Move an observation along OBSERVATION_TRANSITIONS, re-read inside the transaction."""
    observation = Observation.objects.select_related("indicator").get(pk=observation.pk)
    who = OBSERVATION_TRANSITIONS.get((observation.status, to))
    if who is None:
        raise ValidationError(
            _("监测值当前为“%(current)s”，不能改为“%(target)s”。")
            % {"current": observation.get_status_display(), "target": ObservationStatus(to).label}
        )
    if actor is not None:
        if who == "bureau":
            access.require_bureau_admin(actor)
        elif not plan_access.can_report(actor, observation.indicator):
            raise PermissionDenied(_("只有该指标的责任单位或科技局可以报送监测值。"))
    observation.status = to
    return observation


def submit_observation(observation: Observation, *, actor) -> Observation:
    """Send a draft (or returned) figure to the bureau for verification."""
    with transaction.atomic():
        observation = _transition(observation, ObservationStatus.SUBMITTED, actor=actor)
        observation.submitted_by, observation.submitted_at = actor, timezone.now()
        observation.return_reason = ""
        save_audited(observation, actor=actor, reason=_("报送监测值"))
        _notify_submitted(observation)
    return observation


def verify_observation(observation: Observation, *, actor, announce: bool = True) -> Observation:
    """The bureau accepts a submitted figure; from now on it counts in progress. Tells its submitter, if `announce`."""
    with transaction.atomic():
        observation = _transition(observation, ObservationStatus.VERIFIED, actor=actor)
        observation.verified_by, observation.verified_at = actor, timezone.now()
        save_audited(observation, actor=actor, reason=_("审核通过"))
        resolve_notifications(review_topic(observation))
        if announce and observation.submitted_by is not None:
            notify(
                [observation.submitted_by],
                title=_("已审核：%(name)s %(year)s%(period)s")
                % {"name": observation.indicator.name, "year": observation.year, "period": observation.period},
                link=reverse("plans:indicator_detail", args=[observation.indicator_id]),
            )
    return observation


def return_observation(observation: Observation, *, actor, reason: str) -> Observation:
    """The bureau sends a figure back to its unit with a reason."""
    if not reason.strip():
        raise ValidationError({"reason": _("退回需要填写原因。")})
    with transaction.atomic():
        observation = _transition(observation, ObservationStatus.RETURNED, actor=actor)
        observation.return_reason = reason.strip()
        observation.verified_by, observation.verified_at = None, None
        save_audited(observation, actor=actor, reason=_("退回：%(reason)s") % {"reason": reason.strip()})
        resolve_notifications(review_topic(observation))
        recipients = [observation.submitted_by] if observation.submitted_by else list(
            unit_staff(observation.indicator.responsible_unit_id)
        )
        notify(
            recipients,
            title=_("已退回：%(name)s %(year)s%(period)s")
            % {"name": observation.indicator.name, "year": observation.year, "period": observation.period},
            body=reason.strip(),
            link=reverse("plans:indicator_detail", args=[observation.indicator_id]),
        )
    return observation


# --- status overrides --------------------------------------------------------------------------


def override_status(indicator: Indicator, *, actor, year: int, status: str, reason: str) -> StatusOverride:
    """The bureau records its own judgement of a year's status, with the computed figures beside it."""
    from .selectors import indicator_progress

    _require_admin(actor)
    if status not in ProgressStatus.values:
        raise ValidationError({"status": _("未知状态：%(status)s") % {"status": status}})
    if not reason.strip():
        raise ValidationError({"reason": _("人工判定需要写明理由。")})
    progress = indicator_progress(indicator, year)
    computed = {} if progress is None else {**with_reason(progress.as_contract()), "inputs": progress.inputs}
    with transaction.atomic():
        override = StatusOverride.objects.filter(indicator=indicator, year=year).first() or StatusOverride(
            indicator=indicator, year=year
        )
        override.status, override.reason, override.computed = status, reason.strip(), computed
        override.created_by = actor
        save_audited(override, actor=actor, reason=reason.strip())
    return override


def clear_status_override(indicator: Indicator, *, actor, year: int, reason: str = "") -> None:
    """Withdraw the bureau's judgement for a year; the computed status shows alone again (history kept)."""
    _require_admin(actor)
    with transaction.atomic():
        for override in StatusOverride.objects.filter(indicator=indicator, year=year):
            delete_audited(override, actor=actor, reason=reason or _("撤销人工判定"))


# --- computed indicators -----------------------------------------------------------------------


def refresh_computed_indicator(indicator: Indicator, *, current_year: int | None = None) -> dict[str, int]:
    """Fill a metric-bound indicator's annual observations from platform data (system actor).

    Years run from the baseline year (else the plan's start) to the current year. Each figure is
    written as verified; an unchanged figure is left alone, so running twice writes nothing new.
    Returns counts of created, updated and unchanged years.
    """
    from .metrics import get_metric

    metric = get_metric(indicator.metric)
    current_year = current_year or timezone.localdate().year
    first = indicator.baseline_year or indicator.plan.start_year
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic():
        existing = {o.year: o for o in indicator.observations.filter(period="")}
        for year in range(first, current_year + 1):
            value = float(metric.compute(year, indicator.metric_params or {}))
            observation = existing.get(year)
            if observation is not None and observation.value == value and observation.status == ObservationStatus.VERIFIED:
                counts["unchanged"] += 1
                continue
            counts["created" if observation is None else "updated"] += 1
            observation = observation or Observation(indicator=indicator, year=year, period="")
            observation.value, observation.status = value, ObservationStatus.VERIFIED
            observation.note = _("平台数据自动计算：%(metric)s") % {"metric": metric.label}
            observation.verified_by, observation.verified_at = None, timezone.now()
            observation.return_reason = ""
            save_audited(observation, actor=None, reason=_("自动计算（%(metric)s）") % {"metric": metric.key})
    return counts


def refresh_computed_indicators(plan_id: int | None = None, *, current_year: int | None = None) -> dict[str, int]:
    """Refresh every computed indicator (of one plan, or of all); the sums of the per-indicator counts."""
    indicators = Indicator.objects.filter(data_source=DataSource.COMPUTED).exclude(metric="").select_related("plan")
    if plan_id is not None:
        indicators = indicators.filter(plan_id=plan_id)
    totals = {"indicators": 0, "created": 0, "updated": 0, "unchanged": 0}
    for indicator in indicators:
        for key, count in refresh_computed_indicator(indicator, current_year=current_year).items():
            totals[key] += count
        totals["indicators"] += 1
    return totals
