"""Organizations API: the same scoping and services as the pages.

No `from __future__ import annotations` here: django-ninja reads the annotations at import time.
"""

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Query, Router, Status
from ninja.pagination import paginate

from . import access, services
from .choices import IndustryLevel
from .filters import OrganizationFilter
from .models import Industry, Organization, Region
from .pagination import Pagination
from .schemas import ERROR_RESPONSES, Id, OrganizationIn, OrganizationOut, OrganizationPatch

router = Router(tags=[gettext_lazy("单位")])


def _resolve_references(data: dict) -> dict:
    """Turn region/industry codes of the payload into model instances, with field-named errors."""
    fields = dict(data)
    if "region_code" in fields:
        code = fields.pop("region_code")
        if code is None:
            fields["region"] = None
        else:
            fields["region"] = Region.objects.filter(code=code).first()
            if fields["region"] is None:
                raise ValidationError({"region_code": _("未知区划代码：%(code)s") % {"code": code}})
    if "industry_code" in fields:
        code = fields.pop("industry_code")
        if code is None:
            fields["industry"] = None
        else:
            fields["industry"] = Industry.objects.filter(code=code, level=IndustryLevel.DIVISION).first()
            if fields["industry"] is None:
                raise ValidationError({"industry_code": _("未知行业大类代码：%(code)s") % {"code": code}})
    if fields.get("uscc") == "":
        fields["uscc"] = None
    return fields


@router.get("/", response=list[OrganizationOut], summary=gettext_lazy("单位列表（筛选、分页）"))
@paginate(Pagination)
def list_organizations(request: HttpRequest, filters: Query[OrganizationFilter]):
    return filters.filter(Organization.objects.visible_to(request.user)).select_related("region", "industry")


@router.get("/{organization_id}", response={200: OrganizationOut, **ERROR_RESPONSES}, summary=gettext_lazy("单位详情"))
def get_organization(request: HttpRequest, organization_id: Id):
    return access.get_organization_for_user(request.user, organization_id)


@router.post("/", response={201: OrganizationOut, **ERROR_RESPONSES}, summary=gettext_lazy("登记单位（科技局）"))
def create_organization(request: HttpRequest, payload: OrganizationIn):
    access.require_bureau_admin(request.user)
    organization = services.create_organization(actor=request.user, **_resolve_references(payload.dict()))
    return Status(201, organization)


@router.patch("/{organization_id}", response={200: OrganizationOut, **ERROR_RESPONSES}, summary=gettext_lazy("修改单位"))
def update_organization(request: HttpRequest, organization_id: Id, payload: OrganizationPatch):
    organization = access.get_organization_for_user(request.user, organization_id, write=True)
    fields = _resolve_references(payload.dict(exclude_unset=True))
    return services.update_organization(organization, actor=request.user, **fields)
