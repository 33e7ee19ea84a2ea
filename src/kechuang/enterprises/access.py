"""Who may see and change enterprise data (on top of kechuang.core.access).

The bureau sees every enterprise; an enterprise user sees and edits only their own enterprise; a
service secretary sees the enterprises assigned to them (and keeps their service log and plan);
everyone else sees nothing. Outsiders get 404, so they do not learn that an enterprise is in the
registry; read-only users trying to change something get 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from kechuang.core import access
from kechuang.core.choices import Role

from .models import CultivationMeasure, Enterprise, EnterpriseAnnual, ServiceAssignment, ServiceLog


def own_organization_ids(user) -> set[int]:
    """The enterprises (organization ids) the user works for."""
    return access.organization_ids_of(user, Role.ENTERPRISE_USER)


def assigned_enterprise_ids(user) -> set[int]:
    """The enterprises the user is service secretary of, cached on the user for the request."""
    if not (user and user.is_authenticated and user.is_active):
        return set()
    cached = getattr(user, "_kechuang_secretary_of", None)
    if cached is None:
        cached = set(ServiceAssignment.objects.filter(secretary=user).values_list("enterprise_id", flat=True))
        user._kechuang_secretary_of = cached
    return cached


def forget_assignments(user) -> None:
    """Drop the cached assignments after they changed (the same user object may be asked again)."""
    user.__dict__.pop("_kechuang_secretary_of", None)


def is_secretary(user) -> bool:
    return bool(assigned_enterprise_ids(user))


def is_enterprise_user(user) -> bool:
    return bool(own_organization_ids(user))


def sees_registry(user) -> bool:
    """The enterprise list: the bureau and service secretaries."""
    return access.is_bureau_admin(user) or is_secretary(user)


def visible_enterprises(user, queryset: QuerySet | None = None) -> QuerySet:
    queryset = Enterprise.objects.all() if queryset is None else queryset
    if not (user and user.is_authenticated and user.is_active):
        return queryset.none()
    if access.is_bureau_admin(user):
        return queryset
    own, assigned = own_organization_ids(user), assigned_enterprise_ids(user)
    if not own and not assigned:
        return queryset.none()
    return queryset.filter(Q(organization_id__in=own) | Q(pk__in=assigned))


def is_own(user, enterprise: Enterprise) -> bool:
    return enterprise.organization_id in own_organization_ids(user)


def is_secretary_of(user, enterprise: Enterprise) -> bool:
    return enterprise.pk in assigned_enterprise_ids(user)


def can_edit(user, enterprise: Enterprise) -> bool:
    """Profile and figures: the enterprise's own users and the bureau."""
    return access.is_bureau_admin(user) or is_own(user, enterprise)


def can_serve(user, enterprise: Enterprise) -> bool:
    """Service log and 一企一策 plan: the bureau and the enterprise's secretaries."""
    return access.is_bureau_admin(user) or is_secretary_of(user, enterprise)


def get_enterprise_for_user(user, pk: int, *, write: bool = False, serve: bool = False) -> Enterprise:
    try:
        enterprise = visible_enterprises(user).select_related(
            "organization__region", "organization__industry", "tech_domain__parent"
        ).get(pk=pk)
    except (Enterprise.DoesNotExist, ValueError, TypeError):
        raise Http404(_("企业不存在。")) from None
    if write and not can_edit(user, enterprise):
        raise PermissionDenied(_("只有本企业用户或科技局可以修改企业数据。"))
    if serve and not can_serve(user, enterprise):
        raise PermissionDenied(_("只有该企业的服务秘书或科技局可以维护服务记录。"))
    return enterprise


def get_annual_for_user(user, pk: int, *, write: bool = False) -> EnterpriseAnnual:
    try:
        annual = EnterpriseAnnual.objects.select_related("enterprise__organization").get(
            pk=pk, enterprise__in=visible_enterprises(user)
        )
    except (EnterpriseAnnual.DoesNotExist, ValueError, TypeError):
        raise Http404(_("年度数据不存在。")) from None
    if write and not can_edit(user, annual.enterprise):
        raise PermissionDenied(_("只有本企业用户或科技局可以修改企业数据。"))
    return annual


def visible_logs(user, queryset: QuerySet | None = None) -> QuerySet:
    """Service logs: the bureau's, and a secretary's enterprises' (not the enterprise's own reading)."""
    queryset = ServiceLog.objects.all() if queryset is None else queryset
    if access.is_bureau_admin(user):
        return queryset
    return queryset.filter(enterprise_id__in=assigned_enterprise_ids(user))


def sees_measures(user, enterprise: Enterprise) -> bool:
    """一企一策: the bureau, the secretaries, and the enterprise itself (reading its own plan)."""
    return can_serve(user, enterprise) or is_own(user, enterprise)


def get_log_for_user(user, pk: int) -> ServiceLog:
    try:
        log = visible_logs(user).select_related("enterprise__organization").get(pk=pk)
    except (ServiceLog.DoesNotExist, ValueError, TypeError):
        raise Http404(_("服务记录不存在。")) from None
    return log


def get_measure_for_user(user, pk: int) -> CultivationMeasure:
    try:
        measure = CultivationMeasure.objects.select_related("enterprise__organization").get(
            pk=pk, enterprise__in=visible_enterprises(user)
        )
    except (CultivationMeasure.DoesNotExist, ValueError, TypeError):
        raise Http404(_("培育措施不存在。")) from None
    if not can_serve(user, measure.enterprise):
        raise PermissionDenied(_("只有该企业的服务秘书或科技局可以维护服务记录。"))
    return measure
