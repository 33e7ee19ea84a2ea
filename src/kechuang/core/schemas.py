from __future__ import annotations

import types
import typing
from typing import Annotated, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Schema
from pydantic import ValidationInfo, field_validator

from . import access
from .choices import OrganizationKind


class ErrorItem(Schema):
    field: str | None = None
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[ErrorItem] = []


ERROR_RESPONSES = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}

# A primary key: a number outside the database's 64-bit range can name no row and would make the
# database driver fail, so it is refused as invalid input.
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]


def _admits_none(annotation: Any) -> bool:
    return annotation is None or annotation is types.NoneType or types.NoneType in typing.get_args(annotation)


class PatchSchema(Schema):
    """The body of a PATCH: a field left out keeps its value, and null clears only a field that may
    be empty (one typed `X | None`: a deadline, a baseline, a unit). Null for any other field is
    refused with a Chinese 422 naming the field; its default None only marks it as left out."""

    @field_validator("*", mode="before")
    @classmethod
    def _null_only_where_clearable(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None and info.field_name and not _admits_none(cls.model_fields[info.field_name].annotation):
            raise ValueError(_("不能为 null；不修改请省略该字段。"))
        return value


class OrganizationPrivateOut(Schema):
    address: str
    contact_name: str
    contact_phone: str
    contact_email: str


class OrganizationOut(Schema):
    id: int
    name: str
    uscc: str | None
    kind: OrganizationKind
    kind_label: str
    region_code: str | None
    region_name: str | None
    industry_code: str | None
    industry_name: str | None
    description: str
    private: OrganizationPrivateOut | None = Field(None, description=gettext_lazy("联系方式与地址：仅本单位成员与科技局可见"))

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_region_code(obj) -> str | None:
        return obj.region.code if obj.region_id else None

    @staticmethod
    def resolve_region_name(obj) -> str | None:
        return obj.region.name if obj.region_id else None

    @staticmethod
    def resolve_industry_code(obj) -> str | None:
        return obj.industry.code if obj.industry_id else None

    @staticmethod
    def resolve_industry_name(obj) -> str | None:
        return obj.industry.name if obj.industry_id else None

    @staticmethod
    def resolve_private(obj, context) -> dict | None:
        if not access.can_view_private(context["request"].user, obj):
            return None
        return {field: getattr(obj, field) for field in obj.PRIVATE_FIELDS}


class OrganizationIn(Schema):
    name: str = Field(..., min_length=1, max_length=120)
    uscc: str | None = Field(None, max_length=18)
    kind: OrganizationKind
    region_code: str | None = Field(None, pattern=r"^\d{6}$")
    industry_code: str | None = Field(None, pattern=r"^\d{2}$")
    address: str = Field("", max_length=200)
    contact_name: str = Field("", max_length=50)
    contact_phone: str = Field("", max_length=30)
    contact_email: str = Field("", max_length=254)
    description: str = Field("", max_length=5000)


class OrganizationPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=120)
    uscc: str | None = Field(None, max_length=18)
    kind: OrganizationKind | None = None
    region_code: str | None = Field(None, pattern=r"^\d{6}$")
    industry_code: str | None = Field(None, pattern=r"^\d{2}$")
    address: str | None = Field(None, max_length=200)
    contact_name: str | None = Field(None, max_length=50)
    contact_phone: str | None = Field(None, max_length=30)
    contact_email: str | None = Field(None, max_length=254)
    description: str | None = Field(None, max_length=5000)
