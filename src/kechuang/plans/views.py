"""Pages of the plans module: plan list and form, plan dashboard, indicator page, observation workflow.

Every view asks plans.access for the object (outsiders 404, read-only 403) and changes state only
through plans.services. HTMX posts are answered with HX-Redirect so the page reloads with its charts.
"""

from __future__ import annotations

import mimetypes
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kechuang.core import access as core_access
from kechuang.core.audit import audit_entries
from kechuang.core.models import ImportJob
from kechuang.core.pagination import page_of
from kechuang.core.uploads import UploadError, check_size
from kechuang.core.views import delete_on_post

from . import access, sections, selectors, services
from .choices import DataSource, ObservationStatus, ProgressStatus
from .dashboard import explain_inputs, page_year
from .exporters import export_plan
from .forms import IndicatorForm, ObservationForm, OverrideForm, PlanForm, ReturnForm, target_formset
from .importers import KIND as OBSERVATION_IMPORT
from .importers import observation_template as build_observation_template
from .importers import reportable_indicators, start_observation_import
from .models import Indicator, Observation, Plan, StatusOverride
from .reports import annual_report as build_annual_report

CHART_LABELS = {
    "expected": gettext_lazy("预期路径"), "actual": gettext_lazy("实际值"), "forecast": gettext_lazy("趋势预测"),
    "target": gettext_lazy("目标值"), "baseline": gettext_lazy("基期值"), "as_of": gettext_lazy("评估年"),
}


def _done(request: HttpRequest, url: str) -> HttpResponse:
    """After a successful post: a full reload for HTMX (charts re-initialise), else a redirect."""
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _download(content: bytes, file_name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(file_name)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _add_service_error(form: Form, exc: ValidationError | PermissionDenied) -> None:
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict") and set(exc.error_dict) <= set(form.fields):
        form.add_error(None, exc)
    else:
        form.add_error(None, exc.messages if isinstance(exc, ValidationError) else str(exc))


def _indicator_url(indicator_id: int, as_of: int | None = None) -> str:
    url = reverse("plans:indicator_detail", args=[indicator_id])
    return f"{url}?as_of={as_of}" if as_of else url


# --- plans -------------------------------------------------------------------------------------


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = Plan.objects.visible_to(request.user).for_listing().annotate(indicator_count=Count("indicators", distinct=True))
    page, query = page_of(request, plans)
    return render(
        request,
        "plans/plan_list.html",
        {"page": page, "query": query, "can_create": core_access.is_bureau_admin(request.user)},
    )


@login_required
def plan_create(request: HttpRequest) -> HttpResponse:
    core_access.require_bureau_admin(request.user)
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.create_plan(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_service_error(form, exc)
        else:
            messages.success(request, _("已新建规划“%(title)s”。") % {"title": plan.title})
            return redirect("plans:plan_dashboard", pk=plan.pk)
    return render(request, "plans/plan_form.html", {"form": form, "creating": True})


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access.get_plan_for_user(request.user, pk, write=True)
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_plan(plan, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_service_error(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("plans:plan_dashboard", pk=plan.pk)
    return render(request, "plans/plan_form.html", {"form": form, "plan": plan})


@login_required
def plan_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access.get_plan_for_user(request.user, pk)
    as_of = page_year(plan, request.GET.get("as_of"))
    rows = selectors.plan_overview(plan, as_of)
    counts = selectors.status_counts(rows)
    reporter = any(
        access.can_report(request.user, row.indicator) and row.indicator.data_source != DataSource.COMPUTED for row in rows
    )
    context = {
        "plan": plan,
        "as_of": as_of,
        "years": range(plan.start_year, plan.end_year + 1),
        "rows": rows,
        "counts": [(status, ProgressStatus(status).label, counts[status]) for status in ProgressStatus.values],
        "sparklines": {row.indicator.pk: row.sparkline for row in rows},
        "is_bureau": core_access.is_bureau_admin(request.user),
        "computed_label": _("计算"),
        "files": _plan_files(plan, as_of, reporter=reporter),
    }
    # What other apps show here, each part already checked against the user by the app itself.
    parts = sections.dashboard_parts(sections.PlanView(plan, request.user, as_of, rows))
    context["sections"] = [render_to_string(part.template, part.context, request=request) for part in parts]
    context["section_scripts"] = list(dict.fromkeys(script for part in parts for script in part.scripts))
    return render(request, "plans/plan_dashboard.html", context)


def _plan_files(plan: Plan, as_of: int, *, reporter: bool) -> list[tuple[str, str]]:
    """The dashboard's file links: everyone exports; those with figures to enter get the template and import."""
    files = [
        (_("导出 Excel"), reverse("plans:plan_export", args=[plan.pk]) + f"?as_of={as_of}"),
        (_("年度监测报告"), reverse("plans:annual_report", args=[plan.pk]) + f"?as_of={as_of}"),
    ]
    if reporter:
        files += [
            (_("下载填报模板"), reverse("plans:observation_template", args=[plan.pk])),
            (_("导入监测数据"), reverse("plans:observation_import", args=[plan.pk])),
        ]
    return files


@login_required
def plan_export(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access.get_plan_for_user(request.user, pk)
    as_of = page_year(plan, request.GET.get("as_of"))
    return _download(export_plan(request.user, plan, as_of), f"{plan.title}-{as_of}.xlsx", XLSX)


@login_required
def annual_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The year's monitoring report (.docx), generated on request."""
    plan = access.get_plan_for_user(request.user, pk)
    as_of = page_year(plan, request.GET.get("as_of"))
    content = build_annual_report(plan, as_of, user=request.user)
    return _download(content, _("%(title)s-%(year)s年度监测报告.docx") % {"title": plan.title, "year": as_of}, DOCX)


@login_required
def observation_template(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan's Excel template with a row per indicator the user may report and year."""
    plan = access.get_plan_for_user(request.user, pk)
    if not reportable_indicators(request.user, plan):
        raise PermissionDenied(_("您在该规划中没有需要填报的指标。"))
    return _download(build_observation_template(request.user, plan), _("%(title)s-监测数据模板.xlsx") % {"title": plan.title}, XLSX)


@login_required
def observation_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a filled template; it is checked and imported (all or nothing) by a background job."""
    plan = access.get_plan_for_user(request.user, pk)
    if not reportable_indicators(request.user, plan):
        raise PermissionDenied(_("您在该规划中没有需要填报的指标。"))
    error = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = _("请选择要导入的 Excel 文件。")
        else:
            try:
                # The size is known before reading: a huge upload is refused without loading it.
                check_size(upload.size, max_bytes=settings.KECHUANG_IMPORT_MAX_BYTES, file_name=upload.name)
                job = start_observation_import(
                    request.user, plan, file_name=upload.name, data=upload.read(), submit="submit" in request.POST
                )
            except (UploadError, ValidationError, PermissionDenied) as exc:
                error = _("；").join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            else:
                return redirect("core:import_job", pk=job.pk)
    jobs = ImportJob.objects.filter(
        created_by=request.user, kind=OBSERVATION_IMPORT, scope__plan_id=plan.pk
    ).defer("content")[:10]
    return render(request, "plans/observation_import.html", {"plan": plan, "error": error, "jobs": jobs})


# --- indicators --------------------------------------------------------------------------------


@login_required
def indicator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    indicator = access.get_indicator_for_user(user, pk)
    as_of = page_year(indicator.plan, request.GET.get("as_of"))
    # One prefetch feeds the status, its inputs and the chart.
    [indicator] = selectors.with_progress_data(Indicator.objects.filter(pk=indicator.pk).select_related("plan"), as_of)
    row = selectors.indicator_row(indicator, as_of)
    is_bureau = core_access.is_bureau_admin(user)
    observations = (
        Observation.objects.visible_to(user)
        .filter(indicator=indicator)
        .defer("evidence")
        .select_related("submitted_by", "verified_by")
        .order_by("-year", "-period")
    )
    context = {
        "indicator": indicator,
        "plan": indicator.plan,
        "as_of": as_of,
        "years": range(indicator.plan.start_year, indicator.plan.end_year + 1),
        "row": row,
        "inputs": explain_inputs(row.progress.inputs, indicator.unit) if row.progress else [],
        "chart": selectors.indicator_chart(indicator, as_of),
        "chart_labels": CHART_LABELS,
        "targets": indicator.targets.all(),
        "observations": observations,
        "overrides": StatusOverride.objects.filter(indicator=indicator).select_related("created_by"),
        "can_report": access.can_report(user, indicator) and indicator.data_source != DataSource.COMPUTED,
        "is_bureau": is_bureau,
        "override_form": OverrideForm(initial={"status": row.status}) if is_bureau else None,
        "editable_statuses": (ObservationStatus.DRAFT, ObservationStatus.RETURNED),
    }
    return render(request, "plans/indicator_detail.html", context)


# --- indicator editing (bureau) -----------------------------------------------------------------


@login_required
def indicator_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access.get_plan_for_user(request.user, pk, write=True)
    return _indicator_editor(request, plan, None)


@login_required
def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = access.get_indicator_for_user(request.user, pk, write=True)
    return _indicator_editor(request, indicator.plan, indicator)


def _indicator_editor(request: HttpRequest, plan: Plan, indicator: Indicator | None) -> HttpResponse:
    """The indicator's definition with its target rows, saved together (or not at all) by the service."""
    form = IndicatorForm(request.POST or None, instance=indicator or Indicator(plan=plan))
    targets = target_formset(request.POST or None, indicator=indicator)
    target_errors: list[str] = []
    if request.method == "POST" and all([form.is_valid(), targets.is_valid()]):
        arguments = {
            "actor": request.user, "targets": targets.targets(), "evaluable": True,
            "reason": form.cleaned_data["reason"], **form.service_fields(),
        }
        try:
            if indicator is None:
                saved = services.create_indicator(plan, **arguments)
            else:
                saved = services.update_indicator(indicator, **arguments)
        except ValidationError as exc:
            target_errors = _editor_errors(form, exc)
        else:
            messages.success(request, _("已保存指标“%(name)s”。") % {"name": saved.name})
            return redirect("plans:indicator_detail", pk=saved.pk)
    context = {"plan": plan, "indicator": indicator, "form": form, "targets": targets, "target_errors": target_errors}
    return render(request, "plans/indicator_form.html", context)


def _editor_errors(form: Form, exc: ValidationError) -> list[str]:
    """A service's errors onto the indicator form's fields; the targets' errors are returned for their table."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return []
    target_errors = []
    for field, errors in exc.error_dict.items():
        texts = [text for error in errors for text in error.messages]
        if field == "targets":
            target_errors += texts
        else:
            form.add_error(field if field in form.fields else None, texts)
    return target_errors


@login_required
def indicator_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then delete; an indicator with verified figures is refused with the reason."""
    indicator = access.get_indicator_for_user(request.user, pk, write=True)
    deleted = delete_on_post(
        request, lambda reason: services.delete_indicator(indicator, actor=request.user, reason=reason),
        refused=reverse("plans:indicator_detail", args=[indicator.pk]),
        done=reverse("plans:plan_dashboard", args=[indicator.plan_id]),
        success=_("已删除指标“%(name)s”。") % {"name": indicator.name},
    )
    if deleted is not None:
        return deleted
    context = {"indicator": indicator, "plan": indicator.plan, "summary": selectors.deletion_summary(indicator)}
    return render(request, "plans/indicator_delete.html", context)


@login_required
def status_override(request: HttpRequest, pk: int) -> HttpResponse:
    """The bureau records (or, with `clear`, withdraws) its judgement of the year's status."""
    indicator = access.get_indicator_for_user(request.user, pk, write=True)
    as_of = page_year(indicator.plan, request.POST.get("as_of") or request.GET.get("as_of"))
    form = OverrideForm(request.POST or None)
    if request.method == "POST" and "clear" in request.POST:
        services.clear_status_override(indicator, actor=request.user, year=as_of)
        messages.success(request, _("已撤销 %(year)s 年的人工判定。") % {"year": as_of})
        return _done(request, _indicator_url(indicator.pk, as_of))
    if request.method == "POST" and form.is_valid():
        try:
            services.override_status(indicator, actor=request.user, year=as_of, **form.cleaned_data)
        except ValidationError as exc:
            _add_service_error(form, exc)
        else:
            messages.success(request, _("已记录 %(year)s 年的人工判定。") % {"year": as_of})
            return _done(request, _indicator_url(indicator.pk, as_of))
    context = {"indicator": indicator, "as_of": as_of, "form": form}
    template = "plans/partials/override_form.html" if request.htmx else "plans/override_form.html"
    return render(request, template, context)


# --- observations ------------------------------------------------------------------------------


@login_required
def observation_form(request: HttpRequest, pk: int) -> HttpResponse:
    """Enter or correct a figure of an indicator (staff of its unit, or the bureau); draft or submit."""
    indicator = access.get_indicator_for_user(request.user, pk, report=True)
    if indicator.data_source == DataSource.COMPUTED:
        raise PermissionDenied(_("该指标由平台数据自动计算，不需要填报。"))
    bureau = core_access.is_bureau_admin(request.user)
    initial = {}
    if request.method == "GET" and request.GET.get("year", "").isdigit():
        existing = (
            Observation.objects.filter(
                indicator=indicator, year=int(request.GET["year"]), period=request.GET.get("period", "")
            )
            .defer("evidence")
            .first()
        )
        initial = ObservationForm.initial_for(existing) if existing else {"year": int(request.GET["year"])}
    form = ObservationForm(request.POST or None, request.FILES or None, indicator=indicator, bureau=bureau, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["evidence"]
        try:
            observation = services.save_observation(
                indicator, actor=request.user, year=data["year"], period=data["period"], value=data["value"],
                note=data["note"], evidence_name=upload.name if upload else "",
                evidence=upload.read() if upload else None, submit="submit" in request.POST,
                reason=data.get("reason", ""),
            )
        except (ValidationError, PermissionDenied) as exc:
            _add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("已保存 %(year)s%(period)s 年数据（%(status)s）。")
                % {"year": observation.year, "period": observation.period, "status": observation.get_status_display()},
            )
            return _done(request, _indicator_url(indicator.pk, observation.year))
    context = {"indicator": indicator, "form": form}
    template = "plans/partials/observation_form.html" if request.htmx else "plans/observation_form.html"
    return render(request, template, context)


def _act(request: HttpRequest, observation: Observation, action, success: str) -> HttpResponse:
    """Run a one-click workflow step; a refused step is reported on the indicator page."""
    try:
        action()
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _("；").join(exc.messages) if isinstance(exc, ValidationError) else str(exc))
    else:
        messages.success(request, success)
    return _done(request, _indicator_url(observation.indicator_id, observation.year))


@login_required
@require_POST
def observation_submit(request: HttpRequest, pk: int) -> HttpResponse:
    observation = access.get_observation_for_user(request.user, pk, report=True)
    return _act(
        request, observation, lambda: services.submit_observation(observation, actor=request.user),
        _("已报送，等待科技局审核。"),
    )


@login_required
@require_POST
def observation_verify(request: HttpRequest, pk: int) -> HttpResponse:
    observation = access.get_observation_for_user(request.user, pk)
    core_access.require_bureau_admin(request.user)
    return _act(
        request, observation, lambda: services.verify_observation(observation, actor=request.user),
        _("已审核通过，该数值计入进展。"),
    )


@login_required
def observation_return(request: HttpRequest, pk: int) -> HttpResponse:
    """The bureau sends a figure back with a reason: the form (fragment or page), then the post."""
    observation = access.get_observation_for_user(request.user, pk)
    core_access.require_bureau_admin(request.user)
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.return_observation(observation, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            _add_service_error(form, exc)
        else:
            messages.success(request, _("已退回责任单位。"))
            return _done(request, _indicator_url(observation.indicator_id, observation.year))
    context = {"observation": observation, "indicator": observation.indicator, "form": form}
    template = "plans/partials/return_form.html" if request.htmx else "plans/return_form.html"
    return render(request, template, context)


@login_required
def observation_history(request: HttpRequest, pk: int) -> HttpResponse:
    observation = access.get_observation_for_user(request.user, pk)
    context = {"observation": observation, "indicator": observation.indicator, "history": audit_entries(observation)}
    template = "plans/partials/observation_history.html" if request.htmx else "plans/observation_history.html"
    return render(request, template, context)


@login_required
def observation_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    """Download the evidence of a figure the user may see (drafts only to their unit and the bureau)."""
    observation = access.get_observation_for_user(request.user, pk)
    if not observation.evidence_name or observation.evidence is None:
        raise Http404(_("该监测值没有佐证材料。"))
    content_type = mimetypes.guess_type(observation.evidence_name)[0] or "application/octet-stream"
    # Always a download (never inline): an uploaded HTML or SVG must not render in our origin.
    return _download(bytes(observation.evidence), observation.evidence_name, content_type)
