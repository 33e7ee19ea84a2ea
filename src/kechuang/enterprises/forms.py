from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kechuang.core.forms import StyledFormMixin

from .choices import RequestStatus
from .models import (
    FIGURE_FIELDS,
    MAX_YEAR,
    MIN_YEAR,
    Certification,
    CultivationMeasure,
    Enterprise,
    EnterpriseAnnual,
    ServiceLog,
)
from .services import BUREAU_ONLY_PROFILE_FIELDS, PROFILE_FIELDS


class FiguresForm(StyledFormMixin, forms.ModelForm):
    """One fiscal year's figures; leave a figure empty when it is not known (it is then not assessed)."""

    year = forms.IntegerField(label=_("会计年度"), min_value=MIN_YEAR, max_value=MAX_YEAR)

    class Meta:
        model = EnterpriseAnnual
        fields = FIGURE_FIELDS

    def __init__(self, *args, year_locked: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["year"].initial = self.instance.year
        if year_locked:
            self.fields["year"].disabled = True
        self.order_fields(["year", *FIGURE_FIELDS])

    def _post_clean(self) -> None:
        # The year and the enterprise are set by the service; the model checks run there.
        pass


class ProfileForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Enterprise
        fields = PROFILE_FIELDS
        widgets = {"founded": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, bureau: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not bureau:
            for name in BUREAU_ONLY_PROFILE_FIELDS:
                self.fields[name].disabled = True
                self.fields[name].help_text = _("只能由科技局修改")


class ReturnForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("退回原因"), max_length=300)


class LogForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = ServiceLog
        fields = ("kind", "date", "summary", "policy", "deadline")
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "deadline": forms.DateInput(attrs={"type": "date"}),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"policy": _("政策送达时填写"), "deadline": _("企业诉求时填写")}

    def _post_clean(self) -> None:
        pass  # the service validates the whole record


class RequestUpdateForm(StyledFormMixin, forms.Form):
    request_status = forms.ChoiceField(label=_("办理状态"), choices=RequestStatus.choices)
    handling = forms.CharField(label=_("办理情况"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MeasureForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = CultivationMeasure
        fields = ("title", "target_tier", "owner", "due_date", "note")
        widgets = {"due_date": forms.DateInput(attrs={"type": "date"})}

    def _post_clean(self) -> None:
        pass  # the service validates the whole record


class AssignForm(StyledFormMixin, forms.Form):
    secretary = forms.ModelChoiceField(label=_("服务秘书"), queryset=None)

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["secretary"].queryset = staff


class CertificationForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Certification
        fields = ("tier", "number", "valid_from", "valid_to")
        widgets = {"valid_from": forms.DateInput(attrs={"type": "date"}), "valid_to": forms.DateInput(attrs={"type": "date"})}

    def _post_clean(self) -> None:
        pass  # the service validates the whole record
