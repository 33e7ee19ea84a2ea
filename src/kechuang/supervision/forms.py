from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kechuang.core.choices import OrganizationKind
from kechuang.core.forms import StyledFormMixin
from kechuang.core.models import Organization

from .choices import TaskStatus
from .messages import period_text
from .models import Milestone, SupervisionSettings, Task

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TaskForm(StyledFormMixin, forms.ModelForm):
    """The bureau's task form: the task's own fields and its lead and supporting units."""

    lead_units = forms.ModelMultipleChoiceField(label=_("牵头单位"), queryset=Organization.objects.none())
    support_units = forms.ModelMultipleChoiceField(
        label=_("配合单位"), queryset=Organization.objects.none(), required=False
    )

    class Meta:
        model = Task
        fields = ["number", "title", "parent", "description", "deadline", "recurrence", "leaders", "manual_percent"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "deadline": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        task = self.instance
        self.fields["parent"].queryset = Task.objects.filter(plan_id=task.plan_id).exclude(pk=task.pk)
        units = Organization.objects.exclude(kind=OrganizationKind.ENTERPRISE).order_by("name")
        self.fields["lead_units"].queryset = units
        self.fields["support_units"].queryset = units
        self.fields["manual_percent"].help_text = _("仅在任务没有时间节点、也没有进展报告时作为完成度")
        if task.pk and not self.is_bound:
            assignments = list(task.assignments.all())
            self.initial["lead_units"] = [a.organization_id for a in assignments if a.role == "lead"]
            self.initial["support_units"] = [a.organization_id for a in assignments if a.role == "support"]

    def clean(self) -> dict:
        data = super().clean()
        overlap = set(data.get("lead_units") or []) & set(data.get("support_units") or [])
        if overlap:
            names = _("、").join(sorted(org.name for org in overlap))
            self.add_error("support_units", _("%(names)s 已是牵头单位，不能同时作为配合单位。") % {"names": names})
        return data


class TaskStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("状态"), choices=TaskStatus.choices)
    reason = forms.CharField(label=_("说明"), required=False, max_length=100)


class MilestoneForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_date", "evidence"]
        widgets = {"due_date": DATE, "evidence": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, can_move_dates: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_move_dates:
            self.fields["due_date"].disabled = True
            self.fields["due_date"].help_text = _("计划完成日期只能由科技局调整")


class MilestoneCompleteForm(StyledFormMixin, forms.Form):
    completed_on = forms.DateField(label=_("实际完成日期"), widget=DATE)
    evidence = forms.CharField(label=_("完成情况说明"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ReportForm(StyledFormMixin, forms.Form):
    """A unit's progress report: the period, what was done, an optional percentage and attachment."""

    organization = forms.ModelChoiceField(label=_("报送单位"), queryset=Organization.objects.none())
    period = forms.ChoiceField(label=_("报告期"))
    text = forms.CharField(label=_("进展情况"), widget=forms.Textarea(attrs={"rows": 6}))
    percent = forms.IntegerField(label=_("完成进度（%）"), min_value=0, max_value=100, required=False,
                                 help_text=_("任务有时间节点时，完成度按节点计算，此项仅作参考"))
    attachment = forms.FileField(label=_("附件"), required=False)

    def __init__(self, *args, periods: list[str], units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(label, period_text(label)) for label in periods]
        self.fields["organization"].queryset = units
        if len(units) == 1:
            self.fields["organization"].initial = units.first().pk
            self.fields["organization"].widget = forms.HiddenInput()


class NoticeForm(StyledFormMixin, forms.Form):
    organization = forms.ModelChoiceField(label=_("被督办单位"), queryset=Organization.objects.none())
    subject = forms.CharField(label=_("督办事项"), max_length=200)
    body = forms.CharField(label=_("督办内容"), widget=forms.Textarea(attrs={"rows": 5}))
    reply_due = forms.DateField(label=_("答复期限"), widget=DATE)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = units


class NoticeAnswerForm(StyledFormMixin, forms.Form):
    reply = forms.CharField(label=_("答复内容"), widget=forms.Textarea(attrs={"rows": 5}))


class NoticeCloseForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("办结意见"), required=False, max_length=100)


class SettingsForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = SupervisionSettings
        fields = [
            "report_frequency", "report_grace_days", "reports_start", "support_units_report", "weight_milestones",
            "weight_reports", "weight_indicators", "weight_notices", "support_role_weight",
        ]
        widgets = {"reports_start": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["support_units_report"].widget.attrs["class"] = "form-check-input"
