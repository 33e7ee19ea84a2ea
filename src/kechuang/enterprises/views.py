from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from pydantic import ValidationError as PydanticValidationError

from kechuang.core import access as core_access
from kechuang.core.audit import audit_entries
from kechuang.core.choices import IndustryLevel
from kechuang.core.importing import write_workbook
from kechuang.core.models import ImportJob, Industry, Organization
from kechuang.core.pagination import page_of
from kechuang.core.tasks import run_import_job
from kechuang.core.uploads import UploadError, check_size
from kechuang.core.views import _region_choices

from . import access, services
from .assessments import default_year
from .choices import AssessmentStatus, FiguresStatus, LogKind, MeasureStatus, RequestStatus, Tier
from .filters import EnterpriseFilter
from .forms import (
    AssignForm,
    CertificationForm,
    FiguresForm,
    LogForm,
    MeasureForm,
    ProfileForm,
    RequestUpdateForm,
    ReturnForm,
)
from .importers import EnterpriseFiguresImport
from .models import (
    FIGURE_FIELDS,
    Assessment,
    AssessmentRun,
    Certification,
    CultivationMeasure,
    EnterpriseAnnual,
    ServiceAssignment,
)
from .pools import funnel, pool, settings_for


def _form_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _save_posted(request: HttpRequest, form, save, done: str) -> None:
    """Validate a posted form and hand its data to a service; the outcome becomes a message, the
    form's errors named by their Chinese labels."""
    if not form.is_valid():
        messages.error(request, " ".join(
            _("%(label)s：%(errors)s") % {"label": form.fields[field].label, "errors": " ".join(errors)}
            if field in form.fields else " ".join(errors)
            for field, errors in form.errors.items()
        ))
        return
    try:
        save(form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)


def _enterprise_filter(request: HttpRequest) -> tuple[EnterpriseFilter, list[str]]:
    params = {key: value for key, value in request.GET.items() if key in EnterpriseFilter.model_fields and value}
    try:
        return EnterpriseFilter(**params), []
    except PydanticValidationError as exc:
        fields = {str(error["loc"][0]) for error in exc.errors()}
        return EnterpriseFilter(**{k: v for k, v in params.items() if k not in fields}), [
            _("筛选条件“%(field)s”格式不正确，已忽略。") % {"field": field} for field in sorted(fields)
        ]


@login_required
def enterprise_list(request: HttpRequest) -> HttpResponse:
    """The registry: every enterprise for the bureau, their own for a service secretary."""
    if not access.sees_registry(request.user):
        if access.is_enterprise_user(request.user):
            return redirect("enterprises:enterprise_mine")
        raise Http404(_("页面不存在。"))
    filters, warnings = _enterprise_filter(request)
    today = timezone.localdate()
    queryset = filters.filter(access.visible_enterprises(request.user)).select_related(
        "organization__region", "organization__industry", "tech_domain"
    ).prefetch_related(
        Prefetch(
            "certifications",
            queryset=Certification.objects.filter(valid_from__lte=today).exclude(valid_to__lt=today),
            to_attr="valid_certifications",
        )
    )
    page, query = page_of(request, queryset)
    context = {
        "page": page, "filters": filters, "warnings": warnings, "query": query, "tiers": Tier.choices,
        "sections": Industry.objects.filter(level=IndustryLevel.SECTION), "regions": _region_choices(request.user),
        "is_bureau": core_access.is_bureau_admin(request.user),
    }
    template = "enterprises/partials/enterprise_results.html" if request.htmx else "enterprises/enterprise_list.html"
    return render(request, template, context)


@login_required
def enterprise_mine(request: HttpRequest) -> HttpResponse:
    """An enterprise user's own enterprise (its profile is created on the first visit)."""
    own = sorted(access.own_organization_ids(request.user))
    if not own:
        raise Http404(_("页面不存在。"))
    organization = Organization.objects.get(pk=own[0])
    try:
        enterprise = services.ensure_profile(organization, actor=request.user)
    except ValidationError:
        raise Http404(_("页面不存在。")) from None
    return redirect("enterprises:enterprise_detail", enterprise.pk)


@login_required
def enterprise_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = access.get_enterprise_for_user(request.user, pk)
    annuals = list(enterprise.annuals.select_related("submitted_by", "verified_by"))
    is_bureau = core_access.is_bureau_admin(request.user)
    today = timezone.localdate()
    context = {
        "enterprise": enterprise,
        "organization": enterprise.organization,
        "annuals": annuals,
        "figure_rows": [
            (EnterpriseAnnual._meta.get_field(name).verbose_name, [getattr(a, name) for a in annuals]) for name in FIGURE_FIELDS
        ],
        "certifications": [(c, c.valid_on(today)) for c in enterprise.certifications.all()],
        "secretaries": list(enterprise.secretary_assignments.select_related("secretary")),
        "is_bureau": is_bureau,
        "can_edit": access.can_edit(request.user, enterprise),
        "return_form": ReturnForm() if is_bureau else None,
        "history": audit_entries(enterprise, limit=20),
        "statuses": FiguresStatus,
        **_service_context(request.user, enterprise, today),
        "assessment_year": default_year(),
        "assessments": list(Assessment.objects.filter(enterprise=enterprise, year=default_year()).order_by("pk")),
        "assessment_statuses": AssessmentStatus,
    }
    return render(request, "enterprises/enterprise_detail.html", context)


@login_required
def profile_edit(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = access.get_enterprise_for_user(request.user, pk, write=True)
    bureau = core_access.is_bureau_admin(request.user)
    form = ProfileForm(request.POST or None, instance=enterprise, bureau=bureau)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_profile(enterprise, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("企业档案已保存。"))
            return redirect("enterprises:enterprise_detail", enterprise.pk)
    return render(request, "enterprises/profile_form.html", {"enterprise": enterprise, "form": form})


@login_required
def figures_edit(request: HttpRequest, pk: int, year: int | None = None) -> HttpResponse:
    """Enter or correct one fiscal year: save a draft, or submit to the bureau."""
    enterprise = access.get_enterprise_for_user(request.user, pk, write=True)
    annual = enterprise.annuals.filter(year=year).first() if year is not None else None
    if year is not None and annual is None:
        raise Http404(_("年度数据不存在。"))
    is_bureau = core_access.is_bureau_admin(request.user)
    initial = {} if annual else {"year": timezone.localdate().year - 1}
    form = FiguresForm(request.POST or None, instance=annual, initial=initial, year_locked=annual is not None)
    locked = annual is not None and not is_bureau and annual.status in {FiguresStatus.SUBMITTED, FiguresStatus.VERIFIED}
    if request.method == "POST" and not locked and form.is_valid():
        figures = {name: form.cleaned_data.get(name) for name in FIGURE_FIELDS}
        try:
            annual = services.save_figures(
                enterprise, actor=request.user, year=annual.year if annual else form.cleaned_data["year"],
                figures=figures, submit="submit" in request.POST, reason=request.POST.get("reason", ""),
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            if annual.status == FiguresStatus.SUBMITTED:
                messages.success(request, _("%(year)s 年度数据已报送，等待科技局审核。") % {"year": annual.year})
            else:
                messages.success(request, _("%(year)s 年度数据已保存。") % {"year": annual.year})
            return redirect("enterprises:enterprise_detail", enterprise.pk)
    context = {
        "enterprise": enterprise, "annual": annual, "form": form, "locked": locked, "is_bureau": is_bureau,
        "needs_reason": annual is not None and annual.status == FiguresStatus.VERIFIED,
    }
    return render(request, "enterprises/figures_form.html", context)


@login_required
@require_POST
def figures_verify(request: HttpRequest, pk: int) -> HttpResponse:
    annual = access.get_annual_for_user(request.user, pk)
    core_access.require_bureau_admin(request.user)
    try:
        services.verify_figures(annual, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(year)s 年度数据已审核通过。") % {"year": annual.year})
    return redirect("enterprises:enterprise_detail", annual.enterprise_id)


@login_required
@require_POST
def figures_return(request: HttpRequest, pk: int) -> HttpResponse:
    annual = access.get_annual_for_user(request.user, pk)
    core_access.require_bureau_admin(request.user)
    form = ReturnForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("退回需要填写原因。"))
        services.return_figures(annual, actor=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(year)s 年度数据已退回企业。") % {"year": annual.year})
    return redirect("enterprises:enterprise_detail", annual.enterprise_id)


@login_required
@require_POST
def figures_submit(request: HttpRequest, pk: int) -> HttpResponse:
    annual = access.get_annual_for_user(request.user, pk, write=True)
    try:
        services.submit_figures(annual, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(year)s 年度数据已报送，等待科技局审核。") % {"year": annual.year})
    return redirect("enterprises:enterprise_detail", annual.enterprise_id)


@login_required
def figures_import(request: HttpRequest) -> HttpResponse:
    """The bureau uploads the 统计局/税务 export; it is validated and imported in the background."""
    core_access.require_bureau_admin(request.user)
    kind = EnterpriseFiguresImport.kind
    error = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = _("请选择要导入的 Excel 文件。")
        elif not upload.name.lower().endswith(".xlsx"):
            error = _("只支持 .xlsx 格式的 Excel 文件。")
        else:
            try:
                check_size(upload.size, max_bytes=settings.KECHUANG_IMPORT_MAX_BYTES, file_name=upload.name)
                data = upload.read()
            except UploadError as exc:
                error = str(exc)
            else:
                job = ImportJob.objects.create(kind=kind, file_name=upload.name, content=data, created_by=request.user)
                transaction.on_commit(lambda: run_import_job.enqueue(job.pk))
                return redirect("core:import_job", pk=job.pk)
    jobs = ImportJob.objects.filter(created_by=request.user, kind=kind).defer("content")[:10]
    return render(request, "enterprises/figures_import.html", {"error": error, "jobs": jobs, "kind": kind})


# --- service secretaries and 一企一策 -------------------------------------------------------------


def _bureau_staff(user):
    """Who may be a secretary: the accounts of the bureau admin's own organizations."""
    return get_user_model().objects.filter(
        is_active=True, memberships__organization_id__in=core_access.organization_ids_of(user)
    ).distinct().order_by("username")


def _service_context(user, enterprise, today) -> dict:
    serves = access.can_serve(user, enterprise)
    context = {
        "can_serve": serves,
        "today": today,
        "measures": list(enterprise.measures.all()) if access.sees_measures(user, enterprise) else None,
        "logs": list(access.visible_logs(user, enterprise.service_logs.select_related("author"))) if serves else None,
    }
    if serves:
        context.update(
            log_form=LogForm(initial={"date": today}), measure_form=MeasureForm(), request_form=RequestUpdateForm(),
            measure_statuses=MeasureStatus.choices, log_kinds=LogKind,
        )
    if core_access.is_bureau_admin(user):
        context["assign_form"] = AssignForm(staff=_bureau_staff(user))
        context["certification_form"] = CertificationForm()
    return context


@login_required
def work_list(request: HttpRequest) -> HttpResponse:
    """A secretary's enterprises with their open requests and measures due; the bureau sees every open request."""
    user = request.user
    if not access.sees_registry(user):
        raise Http404(_("页面不存在。"))
    today = timezone.localdate()
    assignments = list(
        ServiceAssignment.objects.filter(secretary=user).select_related("enterprise__organization").order_by("enterprise__organization__name")
    )
    requests = access.visible_logs(user).filter(kind=LogKind.REQUEST).exclude(request_status=RequestStatus.RESOLVED)
    if not core_access.is_bureau_admin(user):
        requests = requests.filter(enterprise_id__in=[a.enterprise_id for a in assignments])
    requests = list(requests.select_related("enterprise__organization").order_by("deadline", "id")[:200])
    measures = list(
        CultivationMeasure.objects.filter(enterprise_id__in=[a.enterprise_id for a in assignments])
        .exclude(status=MeasureStatus.DONE).select_related("enterprise__organization").order_by("due_date")[:200]
    )
    context = {"assignments": assignments, "requests": requests, "measures": measures, "today": today,
               "is_bureau": core_access.is_bureau_admin(user)}
    return render(request, "enterprises/work_list.html", context)


@login_required
@require_POST
def secretary_assign(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = access.get_enterprise_for_user(request.user, pk)
    core_access.require_bureau_admin(request.user)
    form = AssignForm(request.POST, staff=_bureau_staff(request.user))
    if form.is_valid():
        services.assign_secretary(enterprise, actor=request.user, secretary=form.cleaned_data["secretary"])
        messages.success(request, _("已指派服务秘书。"))
    else:
        messages.error(request, _("请选择服务秘书。"))
    return redirect("enterprises:enterprise_detail", enterprise.pk)


@login_required
@require_POST
def secretary_remove(request: HttpRequest, pk: int) -> HttpResponse:
    core_access.require_bureau_admin(request.user)
    assignment = ServiceAssignment.objects.filter(pk=pk).first()
    if assignment is None:
        raise Http404(_("指派不存在。"))
    services.unassign_secretary(assignment, actor=request.user)
    messages.success(request, _("已取消服务秘书指派。"))
    return redirect("enterprises:enterprise_detail", assignment.enterprise_id)


@login_required
@require_POST
def log_create(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = access.get_enterprise_for_user(request.user, pk, serve=True)
    form = LogForm(request.POST)
    _save_posted(request, form, lambda data: services.add_log(enterprise, actor=request.user, **data), _("服务记录已保存。"))
    return redirect("enterprises:enterprise_detail", enterprise.pk)


@login_required
@require_POST
def request_update(request: HttpRequest, pk: int) -> HttpResponse:
    log = access.get_log_for_user(request.user, pk)
    form = RequestUpdateForm(request.POST)
    _save_posted(request, form, lambda data: services.update_request(log, actor=request.user, **data), _("诉求办理情况已更新。"))
    return redirect("enterprises:enterprise_detail", log.enterprise_id)


@login_required
@require_POST
def measure_create(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = access.get_enterprise_for_user(request.user, pk, serve=True)
    form = MeasureForm(request.POST)
    _save_posted(request, form, lambda data: services.add_measure(enterprise, actor=request.user, **data), _("培育措施已保存。"))
    return redirect("enterprises:enterprise_detail", enterprise.pk)


@login_required
@require_POST
def measure_status(request: HttpRequest, pk: int) -> HttpResponse:
    measure = access.get_measure_for_user(request.user, pk)
    try:
        services.set_measure_status(measure, actor=request.user, status=request.POST.get("status", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("enterprises:enterprise_detail", measure.enterprise_id)


# --- assessments, pools and the funnel (the bureau's) ------------------------------------------


def _page_year(request: HttpRequest) -> int:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else default_year()


def _tier(key: str) -> str:
    if key not in Tier.values:
        raise Http404(_("页面不存在。"))
    return key


@login_required
def assessment_runs(request: HttpRequest) -> HttpResponse:
    core_access.require_bureau_admin(request.user)
    if request.method == "POST":
        value = request.POST.get("year", "")
        try:
            run = services.start_assessment_run(actor=request.user, year=int(value) if value.isdigit() else 0)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            return redirect("enterprises:assessment_run", run.pk)
    runs = AssessmentRun.objects.all()[:10]
    return render(request, "enterprises/assessment_runs.html", {"runs": runs, "year": default_year()})


@login_required
def assessment_run(request: HttpRequest, pk: int) -> HttpResponse:
    core_access.require_bureau_admin(request.user)
    run = AssessmentRun.objects.filter(pk=pk).first()
    if run is None:
        raise Http404(_("批量评价不存在。"))
    template = "enterprises/partials/run_progress.html" if request.htmx else "enterprises/assessment_run.html"
    return render(request, template, {"run": run})


def _pool_rows(tier: str, request: HttpRequest):
    region = request.GET.get("region", "") if request.GET.get("region", "").isdigit() else None
    industry = request.GET.get("industry", "").strip() or None
    return pool(tier, _page_year(request), region=region, industry=industry)


@login_required
def pool_list(request: HttpRequest, tier: str) -> HttpResponse:
    core_access.require_bureau_admin(request.user)
    tier = _tier(tier)
    page, query = page_of(request, _pool_rows(tier, request))
    context = {
        "tier": tier, "tier_label": Tier(tier).label, "tiers": Tier.choices, "page": page, "query": query,
        "year": _page_year(request), "settings": settings_for(tier), "statuses": AssessmentStatus,
    }
    return render(request, "enterprises/pool_list.html", context)


@login_required
@require_POST
def pool_settings(request: HttpRequest, tier: str) -> HttpResponse:
    core_access.require_bureau_admin(request.user)
    tier = _tier(tier)
    try:
        services.save_pool_settings(
            actor=request.user, tier=tier, max_failing=int(request.POST.get("max_failing", "")),
            max_relative_gap=float(request.POST.get("max_relative_gap_percent", "")) / 100,
        )
    except (ValueError, ValidationError) as exc:
        messages.error(request, " ".join(exc.messages) if isinstance(exc, ValidationError) else _("请填写数字。"))
    else:
        messages.success(request, _("培育库设置已保存。"))
    return redirect("enterprises:pool_list", tier)


@login_required
def pool_export(request: HttpRequest, tier: str) -> HttpResponse:
    core_access.require_bureau_admin(request.user)
    tier = _tier(tier)
    groups = {0: _("符合条件"), 1: _("需人工评审"), 2: _("接近条件")}
    headers = [_("排名"), _("企业名称"), _("统一社会信用代码"), _("所在区划"), _("所属行业"), _("类别"), _("得分"),
               _("未达标条件数"), _("差距说明")]

    def rows():
        for rank, row in enumerate(_pool_rows(tier, request).iterator(chunk_size=2000), start=1):
            organization = row.enterprise.organization
            score = row.score if row.score is not None else (
                f"{row.score_min:g}–{row.score_max:g}" if row.score_min is not None else "")
            yield [rank, organization.name, organization.uscc or "", organization.region.name if organization.region_id else "",
                   organization.industry.name if organization.industry_id else "", str(groups[row.group]), score,
                   row.failing_count, "\n".join(g["message"] for g in row.gaps if g.get("passed") is False)]

    content = write_workbook(_("%(tier)s培育库") % {"tier": Tier(tier).label}, headers, rows())
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="pool-{tier}-{_page_year(request)}.xlsx"'
    return response


@login_required
def funnel_view(request: HttpRequest) -> HttpResponse:
    core_access.require_bureau_admin(request.user)
    region = request.GET.get("region", "") if request.GET.get("region", "").isdigit() else None
    industry = request.GET.get("industry", "").strip() or None
    year = _page_year(request)
    steps = funnel(year, region=region, industry=industry)
    chart = {
        "labels": [s.label for s in steps],
        "certified": [s.certified for s in steps], "eligible": [s.eligible for s in steps], "pool": [s.pool for s in steps],
        "names": {"certified": _("持有有效认定"), "eligible": _("评价符合条件"), "pool": _("培育库")},
    }
    context = {
        "steps": steps, "chart": chart, "year": year, "region": region or "", "industry": industry or "",
        "sections": Industry.objects.filter(level=IndustryLevel.SECTION), "regions": _region_choices(request.user),
    }
    return render(request, "enterprises/funnel.html", context)


@login_required
@require_POST
def certification_create(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = access.get_enterprise_for_user(request.user, pk)
    core_access.require_bureau_admin(request.user)
    form = CertificationForm(request.POST)

    def save(data) -> None:
        services.add_certification(enterprise, actor=request.user, **data)
        services.schedule_assessment(enterprise.pk)

    _save_posted(request, form, save, _("认定资质已登记。"))
    return redirect("enterprises:enterprise_detail", enterprise.pk)
