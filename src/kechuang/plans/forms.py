"""Forms of the plans pages; they only validate input, the services in plans.services make the changes."""

from __future__ import annotations

import re
from pathlib import Path

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from kechuang.core.choices import OrganizationKind
from kechuang.core.forms import StyledFormMixin
from kechuang.core.models import Organization, Region
from kechuang.core.uploads import UploadError, check_size

from .choices import Comparator, DataSource, ProgressStatus
from .metrics import all_metrics
from .models import Indicator, Observation, Plan, Target
from .services import MAX_YEAR, MIN_YEAR, PLAN_FIELDS

# Evidence is stored and served back as a download, never opened by the server.
EVIDENCE_EXTENSIONS = (".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".xls", ".xlsx", ".ofd", ".zip", ".txt")
PERIOD_CHOICES = [
    ("", _("全年")),
    *[(f"Q{n}", _("第%(n)s季度（累计）") % {"n": n}) for n in range(1, 5)],
    ("H1", _("上半年（累计）")),
    *[(f"M{n}", _("%(n)s月（累计）") % {"n": n}) for n in range(1, 13)],
]
_YEAR_SPLIT = re.compile(r"[、,，;；\s]+")


class PlanForm(StyledFormMixin, forms.ModelForm):
    """A plan's own fields, for the bureau; the indicators come from ingestion or import."""

    horizons = forms.CharField(
        label=_("目标年份"), required=False, help_text=_("多个目标年份用顿号或逗号分隔，如 2025、2035；留空即目标年")
    )

    class Meta:
        model = Plan
        fields = PLAN_FIELDS
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = Organization.objects.filter(
            kind__in=[OrganizationKind.GOVERNMENT, OrganizationKind.STREET_OFFICE]
        )
        self.fields["region"].queryset = Region.objects.select_related("parent")
        self.fields["region"].label_from_instance = lambda region: region.full_name
        if self.instance.pk:
            self.initial["horizons"] = _("、").join(str(year) for year in self.instance.horizons)

    def clean_horizons(self) -> list[int]:
        text = (self.cleaned_data.get("horizons") or "").strip()
        years = []
        for part in filter(None, _YEAR_SPLIT.split(text)):
            if not re.fullmatch(r"\d{4}", part):
                raise forms.ValidationError(_("目标年份“%(part)s”不是四位年份。") % {"part": part})
            years.append(int(part))
        return sorted(set(years))

    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("start_year"), cleaned.get("end_year")
        if start and end and not cleaned.get("horizons"):
            cleaned["horizons"] = [end]
        for year in cleaned.get("horizons") or []:
            if start and year < start:
                self.add_error("horizons", _("目标年份 %(year)s 早于起始年 %(start)s。") % {"year": year, "start": start})
        return cleaned


class ObservationForm(StyledFormMixin, forms.Form):
    """One figure of an indicator for a year or a year-to-date period, with its evidence."""

    period = forms.ChoiceField(label=_("期间"), choices=PERIOD_CHOICES, required=False)
    value = forms.FloatField(label=_("数值"))
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    evidence = forms.FileField(
        label=_("佐证材料"), required=False,
        help_text=_("PDF、图片、Word、Excel、OFD 或 ZIP，不超过 %(mb)s MB")
        % {"mb": settings.KECHUANG_EVIDENCE_MAX_BYTES // 1024 // 1024},
    )
    reason = forms.CharField(
        label=_("更正理由"), required=False, help_text=_("更正已审核的数值时必须填写"),
    )

    def __init__(self, *args, indicator: Indicator, bureau: bool, **kwargs):
        super().__init__(*args, **kwargs)
        plan = indicator.plan
        first = min(plan.start_year, indicator.baseline_year or plan.start_year)
        # Built here: the bounds depend on the plan's period and the baseline year.
        self.fields["year"] = forms.IntegerField(label=_("年份"), min_value=first, max_value=plan.end_year)
        self.fields["year"].widget.attrs["class"] = "form-control"
        self.order_fields(["year", "period", "value", "note", "evidence", "reason"])
        if not bureau:  # only the bureau corrects verified figures
            del self.fields["reason"]
        if indicator.unit:
            self.fields["value"].label = _("数值（%(unit)s）") % {"unit": indicator.unit}

    @staticmethod
    def initial_for(observation: Observation) -> dict:
        return {"year": observation.year, "period": observation.period, "value": observation.value, "note": observation.note}

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        if upload is None:
            return None
        if Path(upload.name).suffix.lower() not in EVIDENCE_EXTENSIONS:
            raise forms.ValidationError(
                _("佐证材料“%(name)s”的格式不支持，只接受 %(types)s。")
                % {"name": upload.name, "types": _("、").join(EVIDENCE_EXTENSIONS)}
            )
        try:
            check_size(upload.size, max_bytes=settings.KECHUANG_EVIDENCE_MAX_BYTES, file_name=upload.name)
        except UploadError as exc:
            raise forms.ValidationError(str(exc)) from None
        return upload


class ReturnForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("退回原因"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        # Own ids: the indicator page shows this beside the observation and override forms.
        kwargs.setdefault("auto_id", "return_%s")
        super().__init__(*args, **kwargs)


class OverrideForm(StyledFormMixin, forms.Form):
    """The bureau's own judgement of an indicator's status for the year shown."""

    status = forms.ChoiceField(label=_("人工判定"), choices=ProgressStatus.choices)
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "override_%s")
        super().__init__(*args, **kwargs)


INDICATOR_FORM_FIELDS = (
    "name", "unit", "category", "attribute", "direction", "scope", "baseline_year", "baseline_value",
    "responsible_unit", "data_source", "metric", "metric_params",
)


class IndicatorForm(StyledFormMixin, forms.ModelForm):
    """An indicator's definition, for the bureau; its targets are the TargetFormSet beside it."""

    metric = forms.ChoiceField(label=_("计算口径"), required=False)
    reason = forms.CharField(label=_("修改理由"), required=False, max_length=200, help_text=_("记入变更历史，可不填"))

    class Meta:
        model = Indicator
        fields = INDICATOR_FORM_FIELDS
        widgets = {"metric_params": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Responsible units are departments, streets and public institutions, never enterprises.
        self.fields["responsible_unit"].queryset = Organization.objects.exclude(
            kind=OrganizationKind.ENTERPRISE
        ).order_by("name")
        self.fields["metric"].choices = [("", _("（不自动计算）"))] + [
            (metric.key, _("%(label)s（%(unit)s）") % {"label": metric.label, "unit": metric.unit}) for metric in all_metrics()
        ]
        self.fields["metric"].help_text = _("数据来源为“平台数据自动计算”时必选")
        self.fields["metric_params"].required = False
        self.fields["metric_params"].help_text = _('JSON，如 {"kind": "university"}；可留空')

    def clean(self) -> dict:
        cleaned = super().clean()
        # A metric only drives computed indicators; kept on another source it would mislead.
        if cleaned.get("data_source") != DataSource.COMPUTED:
            cleaned["metric"], cleaned["metric_params"] = "", {}
        cleaned["metric_params"] = cleaned.get("metric_params") or {}
        return cleaned

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in INDICATOR_FORM_FIELDS}


# The target forms of the form's 形式 column: how the amount becomes Target.value or Target.relative.
TARGET_KINDS = [
    ("value", _("绝对值")),
    ("multiple", _("基期倍数 xK")),
    ("points", _("增加百分点 +Npp")),
    ("growth", _("年均增长 +N%")),
]
_RELATIVE_FORMAT = {"multiple": "x{:g}", "points": "{:+g}pp", "growth": "{:+g}%/yr"}


def split_relative(relative: str) -> tuple[str, float]:
    """x1.5 → ("multiple", 1.5); +2pp → ("points", 2); -3%/yr → ("growth", -3). Input already validated."""
    if relative[0] in "x×":
        return "multiple", float(relative[1:])
    if relative.endswith("pp"):
        return "points", float(relative[:-2])
    return "growth", float(relative[: -len("%/yr")])


class TargetForm(StyledFormMixin, forms.Form):
    """One target row: its year (blank: every year), its form, comparator and amount."""

    year = forms.IntegerField(label=_("目标年"), required=False, min_value=MIN_YEAR, max_value=MAX_YEAR,
                              help_text=_("留空表示每年"))
    year_unknown = forms.BooleanField(label=_("年份不详"), required=False,
                                      help_text=_("原文的目标年份被遮盖（如 20XX）：不是每年目标"))
    kind = forms.ChoiceField(label=_("形式"), choices=TARGET_KINDS, initial="value")
    comparator = forms.ChoiceField(label=_("比较方式"), choices=Comparator.choices, initial=Comparator.AT_LEAST)
    amount = forms.FloatField(label=_("数值"))

    @staticmethod
    def initial_for(target: Target) -> dict:
        if target.relative:
            kind, amount = split_relative(target.relative)
        else:
            kind, amount = "value", target.value
        return {
            "year": target.year, "year_unknown": target.year_unknown, "kind": kind, "comparator": target.comparator,
            "amount": amount,
        }

    def target(self) -> dict:
        """The row as the fields plans.services expects for a target."""
        data = self.cleaned_data
        kind, amount = data["kind"], data["amount"]
        year = {"year": data["year"], "year_unknown": data["year_unknown"]}
        if kind == "value":
            return {**year, "value": amount, "comparator": data["comparator"], "relative": ""}
        return {**year, "value": None, "comparator": data["comparator"], "relative": _RELATIVE_FORMAT[kind].format(amount)}


class BaseTargetFormSet(forms.BaseFormSet):
    def targets(self) -> list[dict]:
        """The rows kept, in order: blank extra rows have no cleaned data, removed ones are ticked."""
        return [form.target() for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]


TargetFormSet = forms.formset_factory(TargetForm, formset=BaseTargetFormSet, extra=2, can_delete=True)


def target_formset(data=None, *, indicator: Indicator | None = None) -> BaseTargetFormSet:
    initial = [TargetForm.initial_for(target) for target in indicator.targets.all()] if indicator else []
    formset = TargetFormSet(data, initial=initial, prefix="targets")
    for form in formset.forms:
        form.fields["DELETE"].label = _("删除")
        form.fields["DELETE"].widget.attrs["class"] = "form-check-input"
    return formset
