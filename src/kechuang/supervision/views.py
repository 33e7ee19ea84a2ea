from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kechuang.core import access as core_access
from kechuang.core.audit import audit_entries
from kechuang.core.models import Organization
from kechuang.core.uploads import UploadError, check_size
from kechuang.core.views import delete_on_post
from kechuang.plans.models import Plan

from . import access, services
from .choices import NoticeStatus, TaskStatus
from .forms import (
    MilestoneCompleteForm,
    MilestoneForm,
    NoticeAnswerForm,
    NoticeCloseForm,
    NoticeForm,
    ReportForm,
    SettingsForm,
    TaskForm,
    TaskStatusForm,
)
from .models import SupervisionNotice, Task
from .scorecards import DIMENSION_LABELS, plan_scorecard
from .selectors import (
    load_plan_records,
    plan_counts,
    plan_settings,
    reportable_period_labels,
    suggested_task_number,
    task_queryset,
    task_rows,
    unit_workload,
)


def _form_errors(form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form's fields where it names one."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _year(request: HttpRequest) -> int:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() and 1900 < int(value) < 2200 else timezone.localdate().year


@login_required
def task_mine(request: HttpRequest) -> HttpResponse:
    """Home of supervision: plans, and for unit staff their units' tasks, reports due and open notices."""
    access.require_supervision_user(request.user)
    plans = Plan.objects.visible_to(request.user).filter(tasks__isnull=False).distinct()
    today = timezone.localdate()
    context = {"plans": plans, "is_bureau": core_access.is_bureau_admin(request.user), "today": today}
    context.update(unit_workload(request.user, today))
    return render(request, "supervision/task_mine.html", context)


@login_required
def task_list(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = access.get_supervised_plan(request.user, plan_pk)
    records = load_plan_records(plan, request.user)
    unit = request.GET.get("unit", "")
    unit_id = int(unit) if unit.isdigit() else None
    overdue = request.GET.get("overdue") == "1"
    rows = task_rows(records, unit_id=unit_id, overdue=overdue)
    units = sorted(
        {a.organization for task in records.tasks for a in task.assignment_list}, key=lambda org: org.name
    )
    context = {
        "plan": plan, "rows": rows, "units": units, "unit_id": unit_id, "overdue": overdue, "counts": plan_counts(records),
        "is_bureau": core_access.is_bureau_admin(request.user), "today": records.today,
    }
    template = "supervision/partials/task_rows.html" if request.htmx else "supervision/task_list.html"
    return render(request, template, context)


@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = access.get_task_for_user(request.user, pk)
    records = load_plan_records(task.plan, request.user, tasks=task_queryset().filter(pk=task.pk))
    task = records.tasks[0]
    roles = access.unit_roles(request.user, task)
    is_bureau = core_access.is_bureau_admin(request.user)
    sees_reports = is_bureau or bool(roles)
    expected = [r for r in records.report_records(task) if is_bureau or r.key[0] in roles] if sees_reports else []
    context = {
        "task": task,
        "plan": task.plan,
        "completion": records.completions[task.pk],
        "overdue": records.overdue(task),
        "today": records.today,
        "reports": task.report_list if sees_reports else [],
        "expected_reports": sorted(expected, key=lambda r: r.period.start, reverse=True),
        "notices": list(SupervisionNotice.objects.visible_to(request.user).filter(task=task).select_related("organization")),
        "history": audit_entries(task) if sees_reports else [],
        "is_bureau": is_bureau,
        "can_report": access.can_report(request.user, task),
        "can_manage_milestones": access.can_manage_milestones(request.user, task),
        "status_choices": [
            (to, TaskStatus(to).label) for (frm, to), who in services.TASK_TRANSITIONS.items()
            if frm == task.status and (is_bureau or (who == "lead" and "lead" in roles.values()))
        ],
    }
    return render(request, "supervision/task_detail.html", context)


def _task_units(task):
    return Organization.objects.filter(task_assignments__task=task).order_by("task_assignments__role", "name")


@login_required
def task_create(request: HttpRequest, plan_pk: int) -> HttpResponse:
    """A new task of the plan, top-level or (with ?parent=) under a task; the bureau's TaskForm."""
    plan = access.get_supervised_plan(request.user, plan_pk, write=True)
    form = TaskForm(request.POST or None, instance=Task(plan=plan))
    if not form.is_bound:
        wanted = request.GET.get("parent", "")
        parent = plan.tasks.filter(pk=int(wanted)).first() if wanted.isdigit() else None
        form.initial.update({"parent": parent.pk if parent else None, "number": suggested_task_number(plan, parent)})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        lead, support = list(data.pop("lead_units")), list(data.pop("support_units"))
        try:
            task = services.create_task(plan, actor=request.user, lead_units=lead, support_units=support, **data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("已新增任务“%(task)s”。") % {"task": task})
            return redirect("supervision:task_detail", pk=task.pk)
    return render(request, "supervision/form.html", {"form": form, "plan": plan, "title": _("新增任务")})


@login_required
def task_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then delete; a task with subtasks, reports or notices is refused with the reason."""
    task = access.get_task_for_user(request.user, pk, write=True)
    deleted = delete_on_post(
        request, lambda reason: services.delete_task(task, actor=request.user, reason=reason),
        refused=reverse("supervision:task_detail", args=[task.pk]),
        done=reverse("supervision:task_list", args=[task.plan_id]),
        success=_("已删除任务“%(task)s”。") % {"task": task},
    )
    if deleted is not None:
        return deleted
    return render(request, "supervision/task_delete.html", {"task": task, "milestones": task.milestones.count()})


@login_required
def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    task = access.get_task_for_user(request.user, pk, write=True)
    form = TaskForm(request.POST or None, instance=task)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        lead, support = list(data.pop("lead_units")), list(data.pop("support_units"))
        try:
            services.edit_task(task, actor=request.user, lead_units=lead, support_units=support, **data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("已保存任务。"))
            return redirect("supervision:task_detail", pk=task.pk)
    return render(request, "supervision/form.html", {"form": form, "task": task, "title": _("编辑任务")})


@login_required
@require_POST
def task_status(request: HttpRequest, pk: int) -> HttpResponse:
    task = access.get_task_for_user(request.user, pk)
    form = TaskStatusForm(request.POST)
    if form.is_valid():
        try:
            services.change_task_status(task, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, _("；").join(exc.messages))
        else:
            messages.success(request, _("任务状态已更新。"))
    else:
        messages.error(request, _("未知的任务状态。"))
    return redirect("supervision:task_detail", pk=task.pk)


@login_required
def milestone_create(request: HttpRequest, pk: int) -> HttpResponse:
    task = access.get_task_for_user(request.user, pk, milestones=True)
    form = MilestoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_milestone(task, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("已新增时间节点。"))
            return redirect("supervision:task_detail", pk=task.pk)
    return render(request, "supervision/form.html", {"form": form, "task": task, "title": _("新增时间节点")})


@login_required
def milestone_edit(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = access.get_milestone_for_user(request.user, pk, write=True)
    can_move = core_access.is_bureau_admin(request.user)
    form = MilestoneForm(request.POST or None, instance=milestone, can_move_dates=can_move)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_milestone(milestone, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("已保存时间节点。"))
            return redirect("supervision:task_detail", pk=milestone.task_id)
    return render(request, "supervision/form.html", {"form": form, "task": milestone.task, "title": _("编辑时间节点")})


@login_required
def milestone_complete(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = access.get_milestone_for_user(request.user, pk, write=True)
    form = MilestoneCompleteForm(request.POST or None, initial={"completed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.complete_milestone(milestone, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("节点已标记为完成。"))
            return redirect("supervision:task_detail", pk=milestone.task_id)
    title = _("完成节点：%(title)s") % {"title": milestone.title}
    return render(request, "supervision/form.html", {"form": form, "task": milestone.task, "title": title})


@login_required
def report_create(request: HttpRequest, pk: int) -> HttpResponse:
    task = access.get_task_for_user(request.user, pk, report=True)
    settings = plan_settings(task.plan)
    periods = reportable_period_labels(task.plan, settings, timezone.localdate())
    units = Organization.objects.filter(pk__in=access.unit_roles(request.user, task)).order_by("name")
    form = ReportForm(request.POST or None, request.FILES or None, periods=periods, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data.get("attachment")
        try:
            attachment = None
            if upload is not None:
                # Refuse an oversized file before reading it into memory.
                check_size(upload.size, max_bytes=services.report_max_bytes(), file_name=upload.name)
                attachment = upload.read()
            services.submit_report(
                task, actor=request.user, period=data["period"], text=data["text"], percent=data["percent"],
                organization=data["organization"], attachment_name=upload.name if upload else "", attachment=attachment,
            )
        except UploadError as exc:
            form.add_error("attachment", str(exc))
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("进展报告已报送。"))
            return redirect("supervision:task_detail", pk=task.pk)
    return render(request, "supervision/form.html", {
        "form": form, "task": task, "title": _("报送进展"), "multipart": True,
        "note": _("报送周期：%(cycle)s；每期结束后 %(days)s 天内报送。") % {
            "cycle": settings.get_report_frequency_display(), "days": settings.report_grace_days,
        },
    })


@login_required
def report_attachment(request: HttpRequest, pk: int) -> HttpResponse:
    report = access.get_report_for_user(request.user, pk)
    if not report.attachment:
        raise Http404(_("该报告没有附件。"))
    response = HttpResponse(bytes(report.attachment), content_type="application/octet-stream")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(report.attachment_name or 'attachment')}"
    return response


@login_required
def notice_create(request: HttpRequest, pk: int) -> HttpResponse:
    task = access.get_task_for_user(request.user, pk, write=True)
    form = NoticeForm(request.POST or None, units=_task_units(task))
    if request.method == "POST" and form.is_valid():
        try:
            notice = services.issue_notice(task, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("督办单已签发。"))
            return redirect("supervision:notice_detail", pk=notice.pk)
    return render(request, "supervision/form.html", {"form": form, "task": task, "title": _("签发督办单")})


@login_required
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    notice = access.get_notice_for_user(request.user, pk)
    is_bureau = core_access.is_bureau_admin(request.user)
    can_answer = access.can_answer(request.user, notice) and notice.status == NoticeStatus.OPEN
    return render(request, "supervision/notice_detail.html", {
        "notice": notice,
        "answer_form": NoticeAnswerForm() if can_answer else None,
        "close_form": NoticeCloseForm() if is_bureau and notice.status != NoticeStatus.CLOSED else None,
        "overdue": notice.status == NoticeStatus.OPEN and notice.reply_due < timezone.localdate(),
        "history": audit_entries(notice),
    })


def _notice_action(request: HttpRequest, notice: SupervisionNotice, form, action) -> HttpResponse:
    if form.is_valid():
        try:
            action(**form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, _("；").join(exc.messages))
        else:
            messages.success(request, _("已保存。"))
    else:
        messages.error(request, _("；").join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("supervision:notice_detail", pk=notice.pk)


@login_required
@require_POST
def notice_answer(request: HttpRequest, pk: int) -> HttpResponse:
    notice = access.get_notice_for_user(request.user, pk, answer=True)
    return _notice_action(
        request, notice, NoticeAnswerForm(request.POST),
        lambda reply: services.answer_notice(notice, actor=request.user, reply=reply),
    )


@login_required
@require_POST
def notice_close(request: HttpRequest, pk: int) -> HttpResponse:
    notice = access.get_notice_for_user(request.user, pk, close=True)
    return _notice_action(
        request, notice, NoticeCloseForm(request.POST),
        lambda reason: services.close_notice(notice, actor=request.user, reason=reason),
    )


@login_required
def scorecard_list(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = access.get_supervised_plan(request.user, plan_pk)
    year = _year(request)
    scorecard = plan_scorecard(plan, year)
    viewable = {row.organization.pk for row in scorecard.rows if access.can_view_unit_scorecard(request.user, row.organization.pk)}
    ranked = [row for row in scorecard.rows if row.score is not None]
    chart = {"units": [r.organization.name for r in ranked], "scores": [round(r.score, 1) for r in ranked]}
    return render(request, "supervision/scorecard_list.html", {
        "plan": plan, "scorecard": scorecard, "year": year, "viewable": viewable, "chart": chart,
        "years": list(range(plan.start_year, max(plan.end_year, timezone.localdate().year) + 1)),
    })


@login_required
def scorecard_detail(request: HttpRequest, plan_pk: int, organization_pk: int) -> HttpResponse:
    plan = access.get_supervised_plan(request.user, plan_pk)
    if not access.can_view_unit_scorecard(request.user, organization_pk):
        raise PermissionDenied(_("只能查看本单位的考核明细。"))
    year = _year(request)
    scorecard = plan_scorecard(plan, year)
    row = scorecard.row_for(organization_pk)
    if row is None:
        raise Http404(_("该单位没有参与这项规划的考核。"))
    sections = [
        (DIMENSION_LABELS[name], row.result.dimensions[name], row.records(name)) for name in DIMENSION_LABELS
    ]
    return render(request, "supervision/scorecard_detail.html", {
        "plan": plan, "scorecard": scorecard, "row": row, "year": year, "sections": sections,
    })


@login_required
def settings_edit(request: HttpRequest, plan_pk: int) -> HttpResponse:
    plan = access.get_supervised_plan(request.user, plan_pk, write=True)
    form = SettingsForm(request.POST or None, instance=plan_settings(plan))
    if request.method == "POST" and form.is_valid():
        try:
            services.save_supervision_settings(plan, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("督办设置已保存。"))
            return redirect("supervision:task_list", plan_pk=plan.pk)
    return render(request, "supervision/form.html", {"form": form, "plan": plan, "title": _("督办设置")})
