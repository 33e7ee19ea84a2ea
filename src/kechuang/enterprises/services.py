"""Operations that change the enterprise registry. Each is atomic and audited.

Yearly figures follow the life of an observation: the enterprise keeps a draft, submits it, and
the bureau verifies it (from then on it counts in assessments and metrics) or returns it with a
reason. A submitted year is locked for the enterprise; a verified one only the bureau may correct,
with a reason. Every step is a history entry of the figures (who, when, why).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core import access as core_access
from kechuang.core.audit import delete_audited, save_audited
from kechuang.core.choices import OrganizationKind
from kechuang.core.models import Organization
from kechuang.core.services import notify, resolve_notifications
from kechuang.plans.services import bureau_admins

from . import access
from .assessments import default_year
from .choices import FiguresStatus, LogKind, MeasureStatus, RequestStatus
from .models import (
    FIGURE_FIELDS,
    MAX_YEAR,
    MIN_YEAR,
    AssessmentRun,
    Certification,
    CultivationMeasure,
    Enterprise,
    EnterpriseAnnual,
    PoolSettings,
    ServiceAssignment,
    ServiceLog,
)
from .tasks import assess_enterprise, run_assessments

PROFILE_FIELDS = (
    "founded", "tech_domain", "listing_status", "strategic_emerging", "rd_institution_level",
    "major_incident_last_year", "dishonest", "restricted_industry", "resident",
)
# Compliance flags come from the bureau's checks (credit, safety, environment), not from the enterprise.
BUREAU_ONLY_PROFILE_FIELDS = ("major_incident_last_year", "dishonest", "restricted_industry")


def ensure_profile(organization: Organization, *, actor=None) -> Enterprise:
    """The enterprise profile of an organization of kind enterprise, created empty when first needed."""
    if organization.kind != OrganizationKind.ENTERPRISE:
        raise ValidationError({"organization": _("只有类型为“企业”的单位可以建立企业档案。")})
    existing = Enterprise.objects.filter(organization=organization).first()
    if existing is not None:
        return existing
    if actor is not None and not (core_access.is_bureau_admin(actor) or organization.pk in access.own_organization_ids(actor)):
        raise PermissionDenied(_("只有本企业用户或科技局可以建立企业档案。"))
    with transaction.atomic():
        enterprise = Enterprise(organization=organization)
        save_audited(enterprise, actor=actor, reason=_("建立企业档案"))
    return enterprise


def update_profile(enterprise: Enterprise, *, actor, reason: str = "", **fields: Any) -> Enterprise:
    if actor is not None and not access.can_edit(actor, enterprise):
        raise PermissionDenied(_("只有本企业用户或科技局可以修改企业数据。"))
    changed = {k: v for k, v in fields.items() if k in PROFILE_FIELDS}
    if actor is not None and not core_access.is_bureau_admin(actor):
        locked = [k for k in BUREAU_ONLY_PROFILE_FIELDS if k in changed and changed[k] != getattr(enterprise, k)]
        if locked:
            labels = _("、").join(str(Enterprise._meta.get_field(k).verbose_name) for k in locked)
            raise PermissionDenied(_("%(fields)s只能由科技局修改。") % {"fields": labels})
    with transaction.atomic():
        enterprise = Enterprise.objects.select_related("organization").get(pk=enterprise.pk)
        for key, value in changed.items():
            setattr(enterprise, key, value)
        enterprise.full_clean()
        save_audited(enterprise, actor=actor, reason=reason or _("修改企业档案"))
    return enterprise


# --- yearly figures ----------------------------------------------------------------------------


def review_topic(annual: EnterpriseAnnual) -> str:
    return f"enterprise_annual:{annual.pk}:review"


def save_figures(
    enterprise: Enterprise, *, actor, year: int, figures: dict[str, Any], submit: bool = False, reason: str = ""
) -> EnterpriseAnnual:
    """Enter (or correct) one fiscal year's figures, as a draft or submitted at once."""
    if actor is not None and not access.can_edit(actor, enterprise):
        raise PermissionDenied(_("只有本企业用户或科技局可以修改企业数据。"))
    if not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError({"year": _("年度应在 %(min)s–%(max)s 之间。") % {"min": MIN_YEAR, "max": MAX_YEAR}})
    is_bureau = actor is None or core_access.is_bureau_admin(actor)
    with transaction.atomic():
        annual = EnterpriseAnnual.objects.select_for_update().filter(enterprise=enterprise, year=year).first()
        if annual is None:
            annual = EnterpriseAnnual(enterprise=enterprise, year=year)
        elif annual.status == FiguresStatus.VERIFIED:
            if not is_bureau:
                raise PermissionDenied(_("该年度数据已审核，如需更正请联系科技局。"))
            if not reason.strip():
                raise ValidationError({"reason": _("更正已审核的数据需要填写理由。")})
        elif annual.status == FiguresStatus.SUBMITTED and not is_bureau:
            raise PermissionDenied(_("该年度数据已报送待审核，审核前不能修改。"))
        for key, value in figures.items():
            if key in FIGURE_FIELDS:
                setattr(annual, key, value)
        if annual.status != FiguresStatus.VERIFIED:
            annual.status = FiguresStatus.SUBMITTED if submit else FiguresStatus.DRAFT
            if submit:
                annual.submitted_by, annual.submitted_at = actor, timezone.now()
                annual.return_reason = ""
        annual.full_clean()
        save_audited(annual, actor=actor, reason=reason or (_("报送年度数据") if submit else _("保存年度数据")))
        if submit and annual.status == FiguresStatus.SUBMITTED:
            _notify_submitted(annual)
    return annual


def _notify_submitted(annual: EnterpriseAnnual) -> None:
    notify(
        bureau_admins(),
        title=_("待审核：%(name)s %(year)s 年度数据") % {"name": annual.enterprise.organization.name, "year": annual.year},
        link=reverse("enterprises:enterprise_detail", args=[annual.enterprise_id]),
        topic=review_topic(annual),
    )


def _transition(annual: EnterpriseAnnual, allowed_from: set[str], to: str) -> EnterpriseAnnual:
    annual = EnterpriseAnnual.objects.select_for_update().select_related("enterprise__organization").get(pk=annual.pk)
    if annual.status not in allowed_from:
        raise ValidationError(
            _("年度数据当前为“%(current)s”，不能改为“%(target)s”。")
            % {"current": annual.get_status_display(), "target": FiguresStatus(to).label}
        )
    annual.status = to
    return annual


def submit_figures(annual: EnterpriseAnnual, *, actor) -> EnterpriseAnnual:
    if actor is not None and not access.can_edit(actor, annual.enterprise):
        raise PermissionDenied(_("只有本企业用户或科技局可以修改企业数据。"))
    with transaction.atomic():
        annual = _transition(annual, {FiguresStatus.DRAFT, FiguresStatus.RETURNED}, FiguresStatus.SUBMITTED)
        annual.submitted_by, annual.submitted_at, annual.return_reason = actor, timezone.now(), ""
        save_audited(annual, actor=actor, reason=_("报送年度数据"))
        _notify_submitted(annual)
    return annual


def verify_figures(annual: EnterpriseAnnual, *, actor, announce: bool = True) -> EnterpriseAnnual:
    """The bureau accepts a submitted year: from now on it counts in assessments and metrics."""
    if actor is not None:
        core_access.require_bureau_admin(actor)
    with transaction.atomic():
        annual = _transition(annual, {FiguresStatus.SUBMITTED}, FiguresStatus.VERIFIED)
        annual.verified_by, annual.verified_at = actor, timezone.now()
        save_audited(annual, actor=actor, reason=_("审核通过"))
        resolve_notifications(review_topic(annual))
        schedule_assessment(annual.enterprise_id)
        if announce and annual.submitted_by is not None:
            notify(
                [annual.submitted_by],
                title=_("已审核：%(year)s 年度数据") % {"year": annual.year},
                link=reverse("enterprises:enterprise_detail", args=[annual.enterprise_id]),
            )
    return annual


def return_figures(annual: EnterpriseAnnual, *, actor, reason: str) -> EnterpriseAnnual:
    """The bureau sends a submitted year back to the enterprise with a reason."""
    if actor is not None:
        core_access.require_bureau_admin(actor)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("退回需要填写原因。")})
    with transaction.atomic():
        annual = _transition(annual, {FiguresStatus.SUBMITTED}, FiguresStatus.RETURNED)
        annual.return_reason = reason.strip()[:300]
        annual.verified_by, annual.verified_at = None, None
        save_audited(annual, actor=actor, reason=_("退回：%(reason)s") % {"reason": reason.strip()})
        resolve_notifications(review_topic(annual))
        if annual.submitted_by is not None:
            notify(
                [annual.submitted_by],
                title=_("已退回：%(year)s 年度数据") % {"year": annual.year},
                body=reason.strip(),
                link=reverse("enterprises:enterprise_detail", args=[annual.enterprise_id]),
            )
    return annual


# --- certifications and secretaries (the bureau's) ---------------------------------------------


def add_certification(enterprise: Enterprise, *, actor, tier: str, number: str, valid_from, valid_to=None) -> Certification:
    if actor is not None:
        core_access.require_bureau_admin(actor)
    certification = Certification(enterprise=enterprise, tier=tier, number=number, valid_from=valid_from, valid_to=valid_to)
    certification.full_clean()
    with transaction.atomic():
        save_audited(certification, actor=actor, reason=_("登记认定资质"))
    return certification


def assign_secretary(enterprise: Enterprise, *, actor, secretary) -> ServiceAssignment:
    if actor is not None:
        core_access.require_bureau_admin(actor)
    with transaction.atomic():
        existing = ServiceAssignment.objects.filter(enterprise=enterprise, secretary=secretary).first()
        if existing is not None:
            return existing
        assignment = ServiceAssignment(enterprise=enterprise, secretary=secretary, assigned_by=actor)
        save_audited(assignment, actor=actor, reason=_("指派服务秘书"))
    access.forget_assignments(secretary)
    return assignment


def unassign_secretary(assignment: ServiceAssignment, *, actor) -> None:
    if actor is not None:
        core_access.require_bureau_admin(actor)
    with transaction.atomic():
        delete_audited(assignment, actor=actor, reason=_("取消服务秘书指派"))
    access.forget_assignments(assignment.secretary)


# --- service logs and 一企一策 (the bureau's and the enterprise's secretaries') -------------------


def _require_serve(actor, enterprise: Enterprise) -> None:
    if actor is not None and not access.can_serve(actor, enterprise):
        raise PermissionDenied(_("只有该企业的服务秘书或科技局可以维护服务记录。"))


def add_log(
    enterprise: Enterprise, *, actor, kind: str, date, summary: str, policy: str = "",
    request_status: str = "", deadline=None, handling: str = "",
) -> ServiceLog:
    """Record a visit, a policy delivered or a request raised; a new request starts 待办理."""
    _require_serve(actor, enterprise)
    if kind == LogKind.REQUEST and not request_status:
        request_status = RequestStatus.OPEN
    log = ServiceLog(
        enterprise=enterprise, kind=kind, date=date, summary=summary.strip(), policy=policy.strip(),
        request_status=request_status, deadline=deadline, handling=handling.strip(), author=actor,
    )
    log.full_clean()
    with transaction.atomic():
        save_audited(log, actor=actor, reason=_("新增服务记录"))
    return log


def update_request(log: ServiceLog, *, actor, request_status: str, handling: str = "", deadline=None) -> ServiceLog:
    """Move a request along (待办理 → 办理中 → 已办结), saying what was done."""
    _require_serve(actor, log.enterprise)
    if log.kind != LogKind.REQUEST:
        raise ValidationError({"request_status": _("只有企业诉求有办理状态。")})
    if request_status == RequestStatus.RESOLVED and not (handling or log.handling).strip():
        raise ValidationError({"handling": _("办结需要填写办理情况。")})
    with transaction.atomic():
        log = ServiceLog.objects.select_for_update().select_related("enterprise").get(pk=log.pk)
        log.request_status = request_status
        if handling.strip():
            log.handling = handling.strip()
        if deadline is not None:
            log.deadline = deadline
        log.full_clean()
        save_audited(log, actor=actor, reason=_("更新诉求办理：%(status)s") % {"status": RequestStatus(request_status).label})
    return log


def add_measure(
    enterprise: Enterprise, *, actor, title: str, owner: str, due_date, target_tier: str = "", note: str = ""
) -> CultivationMeasure:
    _require_serve(actor, enterprise)
    measure = CultivationMeasure(
        enterprise=enterprise, title=title.strip(), owner=owner.strip(), due_date=due_date, target_tier=target_tier,
        note=note.strip(), created_by=actor,
    )
    measure.full_clean()
    with transaction.atomic():
        save_audited(measure, actor=actor, reason=_("制定培育措施"))
    return measure


def set_measure_status(measure: CultivationMeasure, *, actor, status: str) -> CultivationMeasure:
    _require_serve(actor, measure.enterprise)
    if status not in MeasureStatus.values:
        raise ValidationError({"status": _("未知的进展状态。")})
    with transaction.atomic():
        measure = CultivationMeasure.objects.select_for_update().get(pk=measure.pk)
        measure.status = status
        save_audited(measure, actor=actor, reason=_("更新培育措施进展：%(status)s") % {"status": MeasureStatus(status).label})
    return measure


# --- assessments -------------------------------------------------------------------------------


def schedule_assessment(enterprise_id: int, year: int | None = None) -> None:
    """Re-assess one enterprise in the background once the current transaction commits."""
    chosen = year or default_year()
    transaction.on_commit(lambda: assess_enterprise.enqueue(enterprise_id, chosen))


def start_assessment_run(*, actor, year: int) -> AssessmentRun:
    """The bureau re-assesses every enterprise for `year` in the background."""
    if actor is not None:
        core_access.require_bureau_admin(actor)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError({"year": _("年度应在 %(min)s–%(max)s 之间。") % {"min": MIN_YEAR, "max": MAX_YEAR}})
    run = AssessmentRun.objects.create(year=year, created_by=actor if actor is not None and actor.is_authenticated else None)
    transaction.on_commit(lambda: run_assessments.enqueue(run.pk))
    return run


def save_pool_settings(*, actor, tier: str, max_failing: int, max_relative_gap: float) -> PoolSettings:
    if actor is not None:
        core_access.require_bureau_admin(actor)
    with transaction.atomic():
        settings_row = PoolSettings.objects.filter(tier=tier).first() or PoolSettings(tier=tier)
        settings_row.max_failing, settings_row.max_relative_gap = max_failing, max_relative_gap
        settings_row.full_clean()
        save_audited(settings_row, actor=actor, reason=_("修改培育库设置"))
    return settings_row
