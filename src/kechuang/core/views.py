from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from pydantic import ValidationError as PydanticValidationError

from . import access, services
from .audit import audit_entries
from .choices import IndustryLevel, OrganizationKind, RegionLevel
from .exporters import export_organizations
from .filters import OrganizationFilter
from .forms import AccountForm, ApiTokenForm, OrganizationForm
from .importing import build_template, get_spec
from .models import ApiToken, ImportJob, Industry, Notification, Organization, Region
from .selectors import (
    newest_organizations,
    organization_counts_by_kind,
    organization_directory,
    recent_organization_changes,
)
from .tasks import run_import_job
from .uploads import UploadError, check_size

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def delete_on_post(request: HttpRequest, delete, *, refused: str, done: str, success: str) -> HttpResponse | None:
    """The POST half of a confirm-then-delete page: run `delete(reason)`, then redirect to `done` with
    `success`, or back to `refused` with the service's reasons. None on GET (show the confirmation)."""
    if request.method != "POST":
        return None
    try:
        delete(request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, _("；").join(exc.messages))
        return redirect(refused)
    messages.success(request, success)
    return redirect(done)


def _xlsx_response(content: bytes, file_name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{file_name}"
    return response


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    context: dict = {"role": access.primary_role(user)}
    if access.is_bureau_admin(user):
        context["counts"] = organization_counts_by_kind()
        context["total_organizations"] = sum(item["count"] for item in context["counts"])
        context["recent_changes"] = recent_organization_changes()
        context["newest_organizations"] = newest_organizations()
    context["my_organizations"] = Organization.objects.filter(pk__in=access.organization_ids_of(user)).select_related(
        "region", "industry"
    )
    context["notifications"] = Notification.objects.filter(recipient=user)[:8]
    return render(request, "core/home.html", context)


def _organization_filter(request: HttpRequest) -> tuple[OrganizationFilter, list[str]]:
    params = {key: value for key, value in request.GET.items() if key in OrganizationFilter.model_fields and value}
    try:
        return OrganizationFilter(**params), []
    except PydanticValidationError as exc:
        fields = {str(error["loc"][0]) for error in exc.errors()}
        return OrganizationFilter(**{k: v for k, v in params.items() if k not in fields}), [
            _("筛选条件“%(field)s”格式不正确，已忽略。") % {"field": field} for field in sorted(fields)
        ]


def _region_choices(user):
    """Provinces and cities, plus the districts of the user's own city (where a bureau works)."""
    home_cities = Region.objects.filter(
        pk__in=Organization.objects.filter(pk__in=access.organization_ids_of(user)).values("region__parent")
    )
    return (
        Region.objects.filter(Q(level__in=[RegionLevel.PROVINCE, RegionLevel.PREFECTURE]) | Q(parent__in=home_cities))
        .select_related("parent")
        .order_by("code")
    )


@login_required
def organization_list(request: HttpRequest) -> HttpResponse:
    filters, warnings = _organization_filter(request)
    page = organization_directory(request.user, filters).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "filters": filters,
        "warnings": warnings,
        "query": query.urlencode(),
        "kinds": OrganizationKind.choices,
        "sections": Industry.objects.filter(level=IndustryLevel.SECTION),
        "regions": _region_choices(request.user),
        "can_create": access.is_bureau_admin(request.user),
    }
    template = "core/partials/organization_results.html" if request.htmx else "core/organization_list.html"
    return render(request, template, context)


@login_required
def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organization = access.get_organization_for_user(request.user, pk)
    show_private = access.can_view_private(request.user, organization)
    is_admin = access.is_bureau_admin(request.user)
    return render(
        request,
        "core/organization_detail.html",
        {
            "organization": organization,
            "show_private": show_private,
            "can_edit": access.can_edit_organization(request.user, organization),
            "history": audit_entries(organization) if show_private else [],
            "members": organization.memberships.select_related("user") if is_admin else [],
            "account_form": AccountForm() if is_admin else None,
        },
    )


@login_required
def organization_account_create(request: HttpRequest, pk: int) -> HttpResponse:
    """The bureau opens an account for a member of an organization."""
    access.require_bureau_admin(request.user)
    organization = access.get_organization_for_user(request.user, pk)
    form = AccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.create_user(
            username=data["username"], password=data["password"], display_name=data["display_name"],
            organization=organization, role=data["role"], actor=request.user,
        )
        messages.success(request, _("已为“%(org)s”创建账号 %(user)s。") % {"org": organization.name, "user": data["username"]})
        return redirect("core:organization_detail", pk=organization.pk)
    return render(request, "core/account_form.html", {"form": form, "organization": organization})


@login_required
def organization_create(request: HttpRequest) -> HttpResponse:
    access.require_bureau_admin(request.user)
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organization = services.create_organization(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已登记单位“%(name)s”。") % {"name": organization.name})
            return redirect("core:organization_detail", pk=organization.pk)
    return render(request, "core/organization_form.html", {"form": form, "creating": True})


@login_required
def organization_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organization = access.get_organization_for_user(request.user, pk, write=True)
    locked = () if access.is_bureau_admin(request.user) else services.BUREAU_ONLY_FIELDS
    form = OrganizationForm(request.POST or None, instance=organization, locked_fields=locked)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_organization(organization, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("core:organization_detail", pk=organization.pk)
    return render(request, "core/organization_form.html", {"form": form, "organization": organization})


@login_required
def organization_export(request: HttpRequest) -> HttpResponse:
    filters, _warnings = _organization_filter(request)
    content = export_organizations(request.user, filters)
    return _xlsx_response(content, "organizations.xlsx")


@login_required
def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    access.require_bureau_admin(request.user)
    try:
        spec = get_spec(kind)
    except UploadError:
        raise PermissionDenied(_("未知的导入类型。")) from None
    return _xlsx_response(build_template(spec), f"{kind}-template.xlsx")


@login_required
def organization_import(request: HttpRequest) -> HttpResponse:
    access.require_bureau_admin(request.user)
    error = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = _("请选择要导入的 Excel 文件。")
        elif not upload.name.lower().endswith(".xlsx"):
            error = _("只支持 .xlsx 格式的 Excel 文件。")
        else:
            try:
                # The size is known before reading: a huge upload is refused without loading it.
                check_size(upload.size, max_bytes=settings.KECHUANG_IMPORT_MAX_BYTES, file_name=upload.name)
                data = upload.read()
            except UploadError as exc:
                error = str(exc)
            else:
                job = ImportJob.objects.create(
                    kind="organizations", file_name=upload.name, content=data, created_by=request.user
                )
                transaction.on_commit(lambda: run_import_job.enqueue(job.pk))
                return redirect("core:import_job", pk=job.pk)
    jobs = ImportJob.objects.filter(created_by=request.user, kind="organizations").defer("content")[:10]
    return render(request, "core/organization_import.html", {"error": error, "jobs": jobs})


@login_required
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(ImportJob.objects.defer("content"), pk=pk, created_by=request.user)
    template = "core/partials/import_job.html" if request.htmx else "core/import_job.html"
    return render(request, template, {"job": job})


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(Notification.objects.filter(recipient=request.user), 30).get_page(request.GET.get("page"))
    return render(request, "core/notification_list.html", {"page": page})


@login_required
@require_POST
def notification_read(request: HttpRequest) -> HttpResponse:
    ids = [int(value) for value in request.POST.getlist("id") if value.isdigit()] or None
    services.mark_notifications_read(request.user, ids)
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return redirect("core:notification_list")


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        _token, new_key = services.create_api_token(request.user, name=form.cleaned_data["name"])
        form = ApiTokenForm()
    tokens = ApiToken.objects.filter(user=request.user)
    return render(request, "core/token_list.html", {"form": form, "tokens": tokens, "new_key": new_key})


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        services.revoke_api_token(request.user, pk)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("令牌已撤销。"))
    return redirect(reverse("core:token_list"))

