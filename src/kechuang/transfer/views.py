"""Pages of the achievement and demand libraries and the bureau's recommendations."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kechuang.core.importing import write_workbook
from kechuang.core.models import ImportJob, TechDomain
from kechuang.core.pagination import page_of
from kechuang.core.tasks import run_import_job
from kechuang.core.uploads import UploadError, check_size

from . import access, services
from .choices import CooperationMode, ListingStatus, Maturity
from .exporters import export_rows
from .forms import AchievementForm, DemandForm
from .models import Achievement, Demand
from .recommendations import recommend_for_demand
from .selectors import ListingFilter, listings

KINDS = {
    "achievement": (Achievement, AchievementForm, services.create_achievement, services.update_achievement),
    "demand": (Demand, DemandForm, services.create_demand, services.update_demand),
}


def _list(request: HttpRequest, kind: str) -> HttpResponse:
    model = KINDS[kind][0]
    filters = ListingFilter.from_query(request.GET)
    page, query = page_of(request, listings(model, request.user, filters))
    context = {
        "kind": kind, "page": page, "query": query, "filters": filters,
        "domains": TechDomain.objects.filter(parent__isnull=True),
        "statuses": ListingStatus.choices, "maturities": Maturity.choices, "modes": CooperationMode.choices,
        "can_post": access.can_post(request.user), "is_bureau": access.is_bureau(request.user),
    }
    template = "transfer/partials/listing_results.html" if request.htmx else "transfer/listing_list.html"
    return render(request, template, context)


def achievement_list(request: HttpRequest) -> HttpResponse:
    return _list(request, "achievement")


def demand_list(request: HttpRequest) -> HttpResponse:
    return _list(request, "demand")


def _detail(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    listing = access.get_listing_for_user(KINDS[kind][0], request.user, pk)
    return render(request, "transfer/listing_detail.html", {
        "kind": kind, "listing": listing, "can_edit": access.can_edit(request.user, listing),
        "is_bureau": access.is_bureau(request.user), "statuses": ListingStatus.choices,
    })


def achievement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, "achievement", pk)


def demand_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, "demand", pk)


def _edit(request: HttpRequest, kind: str, pk: int | None) -> HttpResponse:
    model, form_class, create, update = KINDS[kind]
    listing = access.get_listing_for_user(model, request.user, pk, write=True) if pk else None
    if listing is None and not access.can_post(request.user):
        raise PermissionDenied(_("只有高校院所、企业用户和科技局可以发布。"))
    form = form_class(request.POST or None, instance=listing, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            saved = update(listing, actor=request.user, **data) if listing else create(actor=request.user, **data)
        except PermissionDenied as exc:
            form.add_error("owner", str(exc))
        else:
            return redirect(f"transfer:{kind}_detail", pk=saved.pk)
    return render(request, "transfer/listing_form.html", {"kind": kind, "form": form, "listing": listing})


@login_required
def achievement_create(request: HttpRequest) -> HttpResponse:
    return _edit(request, "achievement", None)


@login_required
def achievement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, "achievement", pk)


@login_required
def demand_create(request: HttpRequest) -> HttpResponse:
    return _edit(request, "demand", None)


@login_required
def demand_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, "demand", pk)


@login_required
@require_POST
def listing_status(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    if kind not in KINDS:
        raise PermissionDenied
    listing = access.get_listing_for_user(KINDS[kind][0], request.user, pk, write=True)
    services.set_listing_status(listing, request.POST.get("status", ""), actor=request.user)
    return redirect(f"transfer:{kind}_detail", pk=pk)


@login_required
def demand_recommendations(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_bureau(request.user)
    demand = access.get_listing_for_user(Demand, request.user, pk)
    return render(request, "transfer/recommendations.html", {
        "demand": demand, "recommendations": recommend_for_demand(demand, user=request.user),
    })


def _export(request: HttpRequest, kind: str) -> HttpResponse:
    model = KINDS[kind][0]
    title, headers, rows = export_rows(kind, listings(model, request.user, ListingFilter.from_query(request.GET)))
    response = HttpResponse(
        write_workbook(title, headers, rows),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{kind}s.xlsx"'
    return response


def achievement_export(request: HttpRequest) -> HttpResponse:
    return _export(request, "achievement")


def demand_export(request: HttpRequest) -> HttpResponse:
    return _export(request, "demand")


@login_required
def listing_import(request: HttpRequest, kind: str) -> HttpResponse:
    access.require_bureau(request.user)
    if kind not in KINDS:
        raise PermissionDenied
    import_kind = f"{kind}s"
    error = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None or not upload.name.lower().endswith(".xlsx"):
            error = _("请选择 .xlsx 格式的 Excel 文件。")
        else:
            try:
                check_size(upload.size, max_bytes=settings.KECHUANG_IMPORT_MAX_BYTES, file_name=upload.name)
            except UploadError as exc:
                error = str(exc)
            else:
                job = ImportJob.objects.create(
                    kind=import_kind, file_name=upload.name, content=upload.read(), created_by=request.user
                )
                transaction.on_commit(lambda: run_import_job.enqueue(job.pk))
                return redirect("core:import_job", pk=job.pk)
    return render(request, "transfer/listing_import.html", {"kind": kind, "import_kind": import_kind, "error": error})
