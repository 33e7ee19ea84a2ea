from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from .choices import IndustryLevel, Role
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
        fields = Organization.EDITABLE_FIELDS
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


class AccountForm(StyledFormMixin, forms.Form):
    """A new account for a member of one organization, created by the bureau."""

    username = forms.RegexField(label=_("用户名"), regex=r"^[A-Za-z0-9_.@-]{3,40}$", max_length=40,
                                error_messages={"invalid": _("用户名只能包含 3–40 个字母、数字或 _ . @ -。")})
    display_name = forms.CharField(label=_("姓名"), max_length=50)
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)
    password = forms.CharField(label=_("初始密码"), widget=forms.PasswordInput)

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("用户名“%(name)s”已被使用。") % {"name": username})
        return username

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("password"):
            try:
                validate_password(cleaned["password"])
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return cleaned


class StyledPasswordChangeForm(StyledFormMixin, PasswordChangeForm):
    pass


class ApiTokenForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("用途"), max_length=80, initial="API")
