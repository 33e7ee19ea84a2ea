from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kechuang.core.choices import IndustryLevel
from kechuang.core.forms import StyledFormMixin
from kechuang.core.models import Industry, Organization

from . import access
from .choices import CooperationMode
from .models import Achievement, Demand, TechContract


class ListingForm(StyledFormMixin, forms.ModelForm):
    """The posting form; an owner posts only for its own organizations, the bureau for any."""

    cooperation = forms.MultipleChoiceField(
        label=gettext_lazy("合作方式"), choices=CooperationMode.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        owners = Organization.objects.all()
        if not access.is_bureau(user):
            owners = owners.filter(pk__in=access.owner_ids_of(user))
        self.fields["owner"].queryset = owners
        self.fields["industry"].queryset = Industry.objects.filter(level=IndustryLevel.DIVISION)
        self.fields["cooperation"].widget.attrs["class"] = "form-check-inline"


def _ip_lines(value: list[dict]) -> str:
    return "\n".join(f"{item.get('kind', '')} {item.get('number', '')}".strip() for item in value or [])


class AchievementForm(ListingForm):
    ip = forms.CharField(
        label=gettext_lazy("知识产权"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("每行一项：类型 号码，如 发明专利 ZL202110000000.1"),
    )

    class Meta:
        model = Achievement
        fields = ("title", "owner", "abstract", "team", "domain", "industry", "maturity", "trl", "ip",
                  "cooperation", "price", "visibility", "contact")
        widgets = {"abstract": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["ip"] = _ip_lines(self.instance.ip)

    def clean_ip(self) -> list[dict]:
        items = []
        for line in (self.cleaned_data.get("ip") or "").splitlines():
            parts = line.split(None, 1)
            if not parts:
                continue
            if len(parts) != 2:
                raise forms.ValidationError(_("“%(line)s”应写成“类型 号码”。") % {"line": line.strip()})
            items.append({"kind": parts[0], "number": parts[1].strip()})
        return items


class DemandForm(ListingForm):
    class Meta:
        model = Demand
        fields = ("title", "owner", "description", "domain", "industry", "budget", "deadline", "cooperation",
                  "maturity_wanted", "visibility", "contact")
        widgets = {"description": forms.Textarea(attrs={"rows": 6}), "deadline": forms.DateInput(attrs={"type": "date"})}


class TechContractForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = TechContract
        fields = ("title", "contract_type", "seller", "buyer", "amount", "transaction_amount", "signed_on",
                  "registered_on", "registering_authority", "region")
        widgets = {"signed_on": forms.DateInput(attrs={"type": "date"}),
                   "registered_on": forms.DateInput(attrs={"type": "date"})}
