from __future__ import annotations

import dataclasses
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kechuang.core import access
from kechuang.core.models import Organization

from . import review as review_rules
from . import selectors, services
from .extract.readers import SUPPORTED_EXTENSIONS, DocumentError
from .messages import document_error_text, review_error_text
from .models import PlanDocument

_UNIT_SPLIT = re.compile(r"[、,，;；\s]+")


_DECISION_LABELS = {"accept": gettext_lazy("接受"), "reject": gettext_lazy("驳回")}
_KIND_LABELS = {"indicators": gettext_lazy("指标"), "tasks": gettext_lazy("任务")}


def _version(request: HttpRequest) -> int | None:
    """The review version the form was rendered from (None when a form sends none)."""
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() else None


def get_document_for_user(user, pk: int) -> PlanDocument:
    access.require_bureau_admin(user)
    try:
        return PlanDocument.objects.visible_to(user).defer("content").get(pk=pk)
    except PlanDocument.DoesNotExist:
        raise Http404(_("文件不存在。")) from None


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    access.require_bureau_admin(request.user)
    error = None
    if request.method == "POST":
        file = request.FILES.get("file")
        if file is None:
            error = _("请选择规划文件。")
        elif not file.name.lower().endswith(SUPPORTED_EXTENSIONS):
            error = _("不支持的文件类型：只接受 %(types)s。") % {"types": _("、").join(SUPPORTED_EXTENSIONS)}
        elif file.size > services.max_upload_bytes():
            error = _("文件“%(name)s”超过大小上限 %(mb)s MB。") % {"name": file.name, "mb": services.max_upload_bytes() // 1024 // 1024}
        else:
            try:
                document = services.upload_document(actor=request.user, file_name=file.name, data=file.read())
            except DocumentError as exc:
                error = document_error_text(exc)
            else:
                return redirect("ingest:document", pk=document.pk)
    services.reclaim_stalled()
    documents = PlanDocument.objects.visible_to(request.user).defer("content", "text")[:20]
    return render(request, "ingest/upload.html", {"error": error, "documents": documents})


@login_required
def document(request: HttpRequest, pk: int) -> HttpResponse:
    doc = get_document_for_user(request.user, pk)
    if doc.status == PlanDocument.Status.EXTRACTING and services.reclaim_stalled(pk=doc.pk):
        doc = get_document_for_user(request.user, pk)  # a dead worker's document: requeued or failed
    in_progress = doc.status in (PlanDocument.Status.PENDING, PlanDocument.Status.EXTRACTING)
    if request.htmx:  # the status poll while extraction runs
        response = render(request, "ingest/partials/status.html", {"document": doc})
        if not in_progress:
            response["HX-Refresh"] = "true"
        return response
    if in_progress or doc.status == PlanDocument.Status.FAILED:
        return render(request, "ingest/status.html", {"document": doc})
    return render(
        request,
        "ingest/review.html",
        {
            "document": doc,
            "plan": doc.review.get("plan", {}),
            "indicators": selectors.review_entries(doc, "indicators"),
            "tasks": selectors.review_entries(doc, "tasks"),
            "units": selectors.unit_rows(doc),
            "committed": doc.status == PlanDocument.Status.COMMITTED,
        },
    )


def _edited_indicator(post) -> dict:
    targets = []
    for i in range(3):
        year, value, relative = (post.get(f"target_{i}_{f}", "").strip() for f in ("year", "value", "relative"))
        if year or value or relative:
            target = {"year": year, "value": value, "relative": relative, "comparator": post.get(f"target_{i}_comparator", ">=")}
            if year == _("每年"):  # a recurring target; a blank year is one the document does not give
                target.update(year="", recurring=True)
            targets.append(target)
    baseline_value = post.get("baseline_value", "").strip()
    return {
        "name": post.get("name", ""),
        "unit": post.get("unit", ""),
        "scope": post.get("scope", "").strip() or None,
        "attribute": post.get("attribute") or None,
        "baseline": {"year": post.get("baseline_year", ""), "value": baseline_value} if baseline_value else None,
        "targets": targets,
        "quote": post.get("quote", ""),
    }


def _edited_task(post) -> dict:
    return {
        "number": post.get("number", ""),
        "title": post.get("title", ""),
        "lead_units": [u for u in _UNIT_SPLIT.split(post.get("lead_units", "")) if u],
        "support_units": [u for u in _UNIT_SPLIT.split(post.get("support_units", "")) if u],
        "deadline": post.get("deadline", ""),
        "leaders": [u for u in _UNIT_SPLIT.split(post.get("leaders", "")) if u],
        "recurrence": post.get("recurrence") or None,
        "quote": post.get("quote", ""),
    }


@login_required
def item(request: HttpRequest, pk: int, kind: str, index: int) -> HttpResponse:
    """One proposal: GET shows it (or its edit form with ?edit=1); POST accepts, rejects or saves an edit."""
    doc = get_document_for_user(request.user, pk)
    if kind not in ("indicators", "tasks") or not 0 <= index < len(doc.review.get(kind, [])):
        raise Http404(_("条目不存在。"))
    error, edited = None, None
    editing = request.GET.get("edit") == "1"
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "save":
                edited = _edited_indicator(request.POST) if kind == "indicators" else _edited_task(request.POST)
                decision = "accept"
            elif action in review_rules.DECISIONS:
                decision = action
            else:
                raise review_rules.ReviewError("action_unknown")
            services.change_review(
                doc, actor=request.user, part=(kind, index), version=_version(request),
                change=lambda review: review_rules.decide(review, kind, index, decision, edited),
                reason=_("审核：%(decision)s第 %(index)s 个%(kind)s") % {
                    "decision": _("修改并接受") if edited is not None else _DECISION_LABELS[decision],
                    "index": index + 1, "kind": _KIND_LABELS[kind],
                },
            )
        except review_rules.ReviewConflict as exc:
            # Show the item as it is now, beside what happened; the reviewer decides again.
            doc, error, edited, editing = get_document_for_user(request.user, pk), review_error_text(exc), None, False
        except review_rules.ReviewError as exc:
            error, editing = review_error_text(exc), action == "save"
    entry = selectors.review_entry(doc, kind, index)
    if error and edited is not None:  # show the form again with what the reviewer typed
        entry = dataclasses.replace(entry, item={**entry.item, **edited})
    context = {"document": doc, "entry": entry, "error": error, "editing": editing}
    return render(request, "ingest/partials/item.html", context)


@login_required
@require_POST
def units(request: HttpRequest, pk: int) -> HttpResponse:
    doc = get_document_for_user(request.user, pk)
    name = request.POST.get("name", "")
    try:
        if request.POST.get("action") == "merge":
            into = request.POST.get("into", "")
            change = lambda review: review_rules.merge_unit(review, name, into)  # noqa: E731
        else:
            raw = request.POST.get("organization_id", "").strip()
            if raw and not raw.isdigit():
                raise review_rules.ReviewError("organization_id_invalid", value=raw)
            organization_id = int(raw) if raw else None
            if organization_id is not None and not Organization.objects.filter(pk=organization_id).exists():
                raise review_rules.ReviewError("organization_missing", id=organization_id)
            change = lambda review: review_rules.match_unit(review, name, organization_id)  # noqa: E731
        services.change_review(
            doc, actor=request.user, part=("units", name), version=_version(request), change=change,
            reason=_("审核：单位“%(name)s”的对应") % {"name": name},
        )
    except review_rules.ReviewError as exc:
        messages.error(request, review_error_text(exc))
    return redirect(reverse("ingest:document", args=[doc.pk]) + "#units")


@login_required
@require_POST
def plan_meta(request: HttpRequest, pk: int) -> HttpResponse:
    doc = get_document_for_user(request.user, pk)
    data = {
        "title": request.POST.get("title", ""),
        "start_year": request.POST.get("start_year", ""),
        "end_year": request.POST.get("end_year", ""),
        "horizons": request.POST.get("horizons", ""),
    }
    try:
        plan = review_rules.clean_plan(data)
        services.change_review(
            doc, actor=request.user, part=("plan",), version=_version(request),
            change=lambda review: {**review, "plan": {**plan, "level": review.get("plan", {}).get("level")}},
            reason=_("审核：规划信息"),
        )
    except review_rules.ReviewError as exc:
        messages.error(request, review_error_text(exc))
    else:
        messages.success(request, _("规划信息已保存。"))
    return redirect("ingest:document", pk=doc.pk)


@login_required
@require_POST
def commit(request: HttpRequest, pk: int) -> HttpResponse:
    doc = get_document_for_user(request.user, pk)
    try:
        plan = services.commit_document(doc, actor=request.user)
    except review_rules.ReviewError as exc:
        messages.error(request, review_error_text(exc))
        return redirect("ingest:document", pk=doc.pk)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return redirect("ingest:document", pk=doc.pk)
    messages.success(request, _("已生成规划“%(title)s”。") % {"title": plan.title})
    return redirect("plans:plan_dashboard", pk=plan.pk)
