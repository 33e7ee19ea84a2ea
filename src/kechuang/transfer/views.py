"""Pages of the achievement and demand libraries and the bureau's recommendations."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kechuang.core.importing import write_workbook
from kechuang.core.models import ImportJob, TechDomain
from kechuang.core.pagination import page_of
from kechuang.core.tasks import run_import_job
from kechuang.core.uploads import UploadError, check_size

from . import access, services
from .choices import CooperationMode, DeclineReason, ListingStatus, MatchStatus, Maturity
from .exporters import export_rows
from .forms import AchievementForm, DemandForm, TechContractForm
from .models import Achievement, Demand, Match
from .recommendations import institutions_for_demand, recommend_for_demand
from .selectors import ListingFilter, listings, pipeline

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
        "helpers": institutions_for_demand(demand, user=request.user),
        "matches": Match.objects.filter(demand=demand).select_related("achievement"),
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


# --- brokering ---------------------------------------------------------------------------------

def _match_for(user, pk: int) -> Match:
    """A match is seen by the bureau and by the two parties; anyone else gets 404."""
    try:
        match = Match.objects.select_related("demand__owner", "achievement__owner").get(pk=pk)
    except Match.DoesNotExist:
        raise Http404(_("该对接不存在或您无权查看。")) from None
    parties = {match.demand.owner_id, match.achievement.owner_id}
    if not (access.is_bureau(user) or parties & access.owner_ids_of(user)):
        raise Http404(_("该对接不存在或您无权查看。"))
    return match


@login_required
def match_pipeline(request: HttpRequest) -> HttpResponse:
    access.require_bureau(request.user)
    matches = Match.objects.select_related("demand", "achievement").order_by("status", "stage_since")[:200]
    return render(request, "transfer/match_pipeline.html", {
        "pipeline": pipeline(timezone.now()), "matches": matches,
    })


@login_required
@require_POST
def match_start(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_bureau(request.user)
    demand = access.get_listing_for_user(Demand, request.user, pk)
    achievement = access.get_listing_for_user(Achievement, request.user, request.POST.get("achievement"))
    existing = Match.objects.filter(demand=demand, achievement=achievement).first()
    if existing:
        return redirect("transfer:match_detail", pk=existing.pk)
    recommended = {r.achievement.pk: r for r in recommend_for_demand(demand, user=request.user, top=50)}
    found = recommended.get(achievement.pk)
    match = services.start_match(
        demand, achievement, actor=request.user,
        score=found.score if found else None, reasons=found.reasons if found else [],
    )
    return redirect("transfer:match_detail", pk=match.pk)


@login_required
def match_detail(request: HttpRequest, pk: int) -> HttpResponse:
    match = _match_for(request.user, pk)
    error = None
    if request.method == "POST":
        try:
            services.advance_match(
                match, request.POST.get("status", ""), actor=request.user,
                reason=request.POST.get("close_reason", ""), note=request.POST.get("note", "").strip()[:2000],
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            return redirect("transfer:match_detail", pk=pk)
    is_bureau = access.is_bureau(request.user)
    following = services.TRANSITIONS[match.status] if is_bureau else (
        {MatchStatus.CLOSED} & services.TRANSITIONS[match.status]
    )
    return render(request, "transfer/match_detail.html", {
        "match": match, "error": error, "is_bureau": is_bureau,
        "next_stages": [(s, label) for s, label in MatchStatus.choices if s in following and s != MatchStatus.AGREED],
        "decline_reasons": DeclineReason.choices,
        "can_contract": is_bureau and match.status in (MatchStatus.NEGOTIATING, MatchStatus.AGREED),
        "contracts": match.contracts.all(),
    })


@login_required
def contract_create(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_bureau(request.user)
    match = _match_for(request.user, pk)
    form = TechContractForm(request.POST or None, initial={
        "title": match.achievement.title, "seller": match.achievement.owner, "buyer": match.demand.owner,
    })
    if request.method == "POST" and form.is_valid():
        try:
            services.register_contract(actor=request.user, match=match, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("transfer:match_detail", pk=match.pk)
    return render(request, "transfer/contract_form.html", {"form": form, "match": match})
