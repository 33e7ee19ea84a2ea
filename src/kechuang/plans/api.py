"""Plans, indicators, observations and progress API: the same services and scoping as the pages.

Plans and verified figures are readable by every signed-in user; only the bureau changes plans and
indicators and verifies figures; a unit enters figures for its own indicators and alone (with the
bureau) sees their drafts and pending figures — others get 404 for those.
No `from __future__ import annotations` here: django-ninja reads the annotations at import time.
"""

import datetime

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from kechuang.core import access
from kechuang.core.models import Organization, Region
from kechuang.core.pagination import Pagination
from kechuang.core.schemas import ERROR_RESPONSES, Id

from . import access as plan_access
from . import selectors, services
from .choices import ProgressStatus
from .models import Indicator, Observation, Plan, StatusOverride
from .schemas import (
    IndicatorIn,
    IndicatorOut,
    IndicatorPatch,
    ObservationIn,
    ObservationOut,
    ObservationPatch,
    OverrideIn,
    OverrideOut,
    PlanIn,
    PlanOut,
    PlanPatch,
    ProgressExplainOut,
    ProgressOut,
    ReturnIn,
)

router = Router(tags=[gettext_lazy("规划与指标")])


class AsOf(Schema):
    as_of: int | None = Field(None, ge=1900, le=2200, description=gettext_lazy("评价年；默认为当前年份"))


class OverrideYear(Schema):
    year: int = Field(..., ge=1900, le=2200)


def _as_of(query: AsOf) -> int:
    return query.as_of or datetime.date.today().year


def _organization(field: str, pk: int | None) -> Organization | None:
    if pk is None:
        return None
    organization = Organization.objects.filter(pk=pk).first()
    if organization is None:
        raise ValidationError({field: _("单位不存在：%(pk)s") % {"pk": pk}})
    return organization


def _plan_fields(data: dict) -> dict:
    fields = dict(data)
    if "issuer_id" in fields:
        fields["issuer"] = _organization("issuer_id", fields.pop("issuer_id"))
    if "region_code" in fields:
        code = fields.pop("region_code")
        fields["region"] = None if code is None else Region.objects.filter(code=code).first()
        if code is not None and fields["region"] is None:
            raise ValidationError({"region_code": _("未知区划代码：%(code)s") % {"code": code}})
    return fields


def _indicator_fields(data: dict) -> dict:
    fields = dict(data)
    if "responsible_unit_id" in fields:
        fields["responsible_unit"] = _organization("responsible_unit_id", fields.pop("responsible_unit_id"))
    for key in ("attribute", "direction"):
        if key in fields and fields[key] is None:
            fields[key] = ""
    if "position" in fields and fields["position"] is None:  # a new indicator without one goes last
        fields.pop("position")
    return fields


def _indicators():
    return Indicator.objects.select_related("responsible_unit").prefetch_related("targets")


def _observations():
    return Observation.objects.select_related("submitted_by", "verified_by").defer("evidence")


# --- plans -------------------------------------------------------------------------------------


@router.get("/plans", response=list[PlanOut], summary=gettext_lazy("规划列表"))
@paginate(Pagination)
def list_plans(request: HttpRequest):
    return Plan.objects.visible_to(request.user).for_listing()


@router.get("/plans/{plan_id}", response={200: PlanOut, **ERROR_RESPONSES}, summary=gettext_lazy("规划详情"))
def get_plan(request: HttpRequest, plan_id: Id):
    return plan_access.get_plan_for_user(request.user, plan_id)


@router.post("/plans", response={201: PlanOut, **ERROR_RESPONSES}, summary=gettext_lazy("新建规划（科技局）"))
def create_plan(request: HttpRequest, payload: PlanIn):
    access.require_bureau_admin(request.user)
    return Status(201, services.create_plan(actor=request.user, **_plan_fields(payload.dict())))


@router.patch("/plans/{plan_id}", response={200: PlanOut, **ERROR_RESPONSES}, summary=gettext_lazy("修改规划（科技局）"))
def update_plan(request: HttpRequest, plan_id: Id, payload: PlanPatch):
    plan = plan_access.get_plan_for_user(request.user, plan_id, write=True)
    return services.update_plan(plan, actor=request.user, **_plan_fields(payload.dict(exclude_unset=True)))


# --- indicators --------------------------------------------------------------------------------


@router.get("/plans/{plan_id}/indicators", response={200: list[IndicatorOut], **ERROR_RESPONSES}, summary=gettext_lazy("规划的指标"))
@paginate(Pagination)
def list_indicators(request: HttpRequest, plan_id: Id):
    plan = plan_access.get_plan_for_user(request.user, plan_id)
    return _indicators().filter(plan=plan)


@router.post("/plans/{plan_id}/indicators", response={201: IndicatorOut, **ERROR_RESPONSES}, summary=gettext_lazy("新增指标（科技局）"))
def create_indicator(request: HttpRequest, plan_id: Id, payload: IndicatorIn):
    plan = plan_access.get_plan_for_user(request.user, plan_id, write=True)
    fields = _indicator_fields(payload.dict())
    targets = fields.pop("targets")
    indicator = services.create_indicator(plan, actor=request.user, targets=targets, evaluable=True, **fields)
    return Status(201, _indicators().get(pk=indicator.pk))


@router.get("/indicators/{indicator_id}", response={200: IndicatorOut, **ERROR_RESPONSES}, summary=gettext_lazy("指标详情"))
def get_indicator(request: HttpRequest, indicator_id: Id):
    return plan_access.get_indicator_for_user(request.user, indicator_id)


@router.patch("/indicators/{indicator_id}", response={200: IndicatorOut, **ERROR_RESPONSES}, summary=gettext_lazy("修改指标与目标值（科技局）"))
def update_indicator(request: HttpRequest, indicator_id: Id, payload: IndicatorPatch):
    indicator = plan_access.get_indicator_for_user(request.user, indicator_id, write=True)
    fields = _indicator_fields(payload.dict(exclude_unset=True))
    targets, reason = fields.pop("targets", None), fields.pop("reason", "")
    services.update_indicator(indicator, actor=request.user, targets=targets, evaluable=True, reason=reason, **fields)
    return _indicators().get(pk=indicator.pk)


@router.delete(
    "/indicators/{indicator_id}", response={204: None, **ERROR_RESPONSES},
    summary=gettext_lazy("删除指标（科技局；已有审核通过的监测值时不能删除）"),
)
def delete_indicator(request: HttpRequest, indicator_id: Id):
    indicator = plan_access.get_indicator_for_user(request.user, indicator_id, write=True)
    services.delete_indicator(indicator, actor=request.user)
    return Status(204, None)


@router.get("/indicators/{indicator_id}/progress", response={200: ProgressOut, **ERROR_RESPONSES}, summary=gettext_lazy("指标进展"))
def indicator_progress(request: HttpRequest, indicator_id: Id, query: Query[AsOf]):
    """The object `kechuang progress FILE.json` prints, computed from the verified observations."""
    indicator = plan_access.get_indicator_for_user(request.user, indicator_id)
    return selectors.progress_contract(indicator, _as_of(query))


@router.get(
    "/indicators/{indicator_id}/progress/explain",
    response={200: ProgressExplainOut, **ERROR_RESPONSES},
    summary=gettext_lazy("指标进展的计算依据与人工判定"),
)
def explain_progress(request: HttpRequest, indicator_id: Id, query: Query[AsOf]):
    indicator = plan_access.get_indicator_for_user(request.user, indicator_id)
    row = selectors.indicator_row(indicator, _as_of(query))
    return {
        "progress": row.contract,
        "computed_status_label": row.computed_status_label,
        "override": row.override,
        "inputs": {} if row.progress is None else row.progress.inputs,
    }


@router.get(
    "/indicators/{indicator_id}/status-overrides",
    response={200: list[OverrideOut], **ERROR_RESPONSES},
    summary=gettext_lazy("指标的人工判定"),
)
def list_overrides(request: HttpRequest, indicator_id: Id):
    indicator = plan_access.get_indicator_for_user(request.user, indicator_id)
    return StatusOverride.objects.filter(indicator=indicator).select_related("created_by")


@router.post(
    "/indicators/{indicator_id}/status-overrides",
    response={200: OverrideOut, **ERROR_RESPONSES},
    summary=gettext_lazy("人工判定状态（科技局，需写明理由）"),
)
def override_status(request: HttpRequest, indicator_id: Id, payload: OverrideIn):
    indicator = plan_access.get_indicator_for_user(request.user, indicator_id, write=True)
    return services.override_status(
        indicator, actor=request.user, year=payload.year, status=ProgressStatus(payload.status), reason=payload.reason
    )


@router.delete(
    "/indicators/{indicator_id}/status-overrides",
    response={204: None, **ERROR_RESPONSES},
    summary=gettext_lazy("撤销某年的人工判定（科技局）"),
)
def clear_override(request: HttpRequest, indicator_id: Id, query: Query[OverrideYear]):
    indicator = plan_access.get_indicator_for_user(request.user, indicator_id, write=True)
    services.clear_status_override(indicator, actor=request.user, year=query.year)
    return Status(204, None)


# --- observations ------------------------------------------------------------------------------


@router.get(
    "/indicators/{indicator_id}/observations",
    response={200: list[ObservationOut], **ERROR_RESPONSES},
    summary=gettext_lazy("指标的监测值（他人只见已审核数据）"),
)
@paginate(Pagination)
def list_observations(request: HttpRequest, indicator_id: Id):
    indicator = plan_access.get_indicator_for_user(request.user, indicator_id)
    return _observations().visible_to(request.user).filter(indicator=indicator)


@router.post(
    "/indicators/{indicator_id}/observations",
    response={201: ObservationOut, **ERROR_RESPONSES},
    summary=gettext_lazy("填报监测值（责任单位或科技局；同期已有则更新）"),
)
def save_observation(request: HttpRequest, indicator_id: Id, payload: ObservationIn):
    indicator = plan_access.get_indicator_for_user(request.user, indicator_id, report=True)
    observation = services.save_observation(indicator, actor=request.user, **payload.dict())
    return Status(201, _observations().get(pk=observation.pk))


@router.get("/observations/{observation_id}", response={200: ObservationOut, **ERROR_RESPONSES}, summary=gettext_lazy("监测值详情"))
def get_observation(request: HttpRequest, observation_id: Id):
    return plan_access.get_observation_for_user(request.user, observation_id)


@router.patch("/observations/{observation_id}", response={200: ObservationOut, **ERROR_RESPONSES}, summary=gettext_lazy("修改监测值"))
def update_observation(request: HttpRequest, observation_id: Id, payload: ObservationPatch):
    observation = plan_access.get_observation_for_user(request.user, observation_id, report=True)
    services.save_observation(
        observation.indicator, actor=request.user, year=observation.year, period=observation.period, **payload.dict()
    )
    return _observations().get(pk=observation.pk)


@router.post("/observations/{observation_id}/submit", response={200: ObservationOut, **ERROR_RESPONSES}, summary=gettext_lazy("报送审核"))
def submit_observation(request: HttpRequest, observation_id: Id):
    observation = plan_access.get_observation_for_user(request.user, observation_id, report=True)
    services.submit_observation(observation, actor=request.user)
    return _observations().get(pk=observation.pk)


@router.post("/observations/{observation_id}/verify", response={200: ObservationOut, **ERROR_RESPONSES}, summary=gettext_lazy("审核通过（科技局）"))
def verify_observation(request: HttpRequest, observation_id: Id):
    observation = plan_access.get_observation_for_user(request.user, observation_id)
    services.verify_observation(observation, actor=request.user)
    return _observations().get(pk=observation.pk)


@router.post("/observations/{observation_id}/return", response={200: ObservationOut, **ERROR_RESPONSES}, summary=gettext_lazy("退回（科技局，需写明原因）"))
def return_observation(request: HttpRequest, observation_id: Id, payload: ReturnIn):
    observation = plan_access.get_observation_for_user(request.user, observation_id)
    services.return_observation(observation, actor=request.user, reason=payload.reason)
    return _observations().get(pk=observation.pk)
