from __future__ import annotations

from django import forms
from django.contrib.auth.forms import PasswordChangeForm
from django.utils.translation import gettext_lazy as _

from .choices import IndustryLevel
from .models import Industry, Organization, Region


class StyledFormMixin:
    """Bootstrap classes on every widget, so templates render fields without per-field markup."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)


class OrganizationForm(StyledFormMixin, forms.ModelForm):
    """The organization form of the UI; the Excel import validates rows with it too."""

    class Meta:
        model = Organization
        fields = [
            "name",
            "uscc",
            "kind",
            "region",
            "industry",
            "address",
            "contact_name",
            "contact_phone",
            "contact_email",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, locked_fields: tuple[str, ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["industry"].queryset = Industry.objects.filter(level=IndustryLevel.DIVISION)
        self.fields["region"].queryset = Region.objects.select_related("parent")
        self.fields["region"].label_from_instance = lambda region: region.full_name
        for name in locked_fields:
            self.fields[name].disabled = True
            self.fields[name].help_text = _("只能由科技局修改")

    def clean_uscc(self) -> str | None:
        value = (self.cleaned_data.get("uscc") or "").strip().upper()
        return value or None


class StyledPasswordChangeForm(StyledFormMixin, PasswordChangeForm):
    pass


class ApiTokenForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("用途"), max_length=80, initial="API")
