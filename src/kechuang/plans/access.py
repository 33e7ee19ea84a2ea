"""Who may see and change plans, indicators and observations (on top of kechuang.core.access).

Plans and their verified figures are visible to every signed-in user; the bureau manages them; the
staff of an indicator's responsible unit enter its observations and alone (with the bureau) see
its drafts and pending figures.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from kechuang.core import access
from kechuang.core.choices import Role

from .choices import PlanStatus
from .models import Indicator, Observation, Plan


def get_plan_for_user(user, pk: int, *, write: bool = False) -> Plan:
    try:
        # Every plan page asks for its plan here; none shows the uploaded source document.
        plan = Plan.objects.visible_to(user).defer(*Plan.SOURCE_FIELDS).get(pk=pk)
    except (Plan.DoesNotExist, ValueError, TypeError):
        raise Http404(_("规划不存在。")) from None
    if write:
        access.require_bureau_admin(user)
    return plan


def can_report(user, indicator: Indicator) -> bool:
    """Enter observations: the bureau, or staff of the indicator's responsible unit (on a published plan)."""
    if access.is_bureau_admin(user):
        return True
    if indicator.responsible_unit_id is None or indicator.responsible_unit_id not in access.organization_ids_of(
        user, Role.UNIT_STAFF
    ):
        return False
    return indicator.plan.status != PlanStatus.DRAFT


def get_indicator_for_user(user, pk: int, *, write: bool = False, report: bool = False) -> Indicator:
    """`write`: change the indicator itself (bureau); `report`: enter its observations."""
    try:
        indicator = Indicator.objects.visible_to(user).select_related("plan", "responsible_unit").get(pk=pk)
    except (Indicator.DoesNotExist, ValueError, TypeError):
        raise Http404(_("指标不存在。")) from None
    if write:
        access.require_bureau_admin(user)
    if report and not can_report(user, indicator):
        raise PermissionDenied(_("只有该指标的责任单位或科技局可以填报监测值。"))
    return indicator


def get_observation_for_user(user, pk: int, *, report: bool = False) -> Observation:
    try:
        observation = (
            Observation.objects.visible_to(user).select_related("indicator__plan", "indicator__responsible_unit").get(pk=pk)
        )
    except (Observation.DoesNotExist, ValueError, TypeError):
        raise Http404(_("监测值不存在。")) from None
    if report and not can_report(user, observation.indicator):
        raise PermissionDenied(_("只有该指标的责任单位或科技局可以修改监测值。"))
    return observation
