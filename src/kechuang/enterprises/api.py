"""Enterprise registry API under /api/enterprises: the same scoping and services as the pages.

No `from __future__ import annotations` here: django-ninja reads the annotations at import time.
"""

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Path, Query, Router
from ninja.pagination import paginate

from kechuang.core import access as core_access
from kechuang.core.pagination import Pagination
from kechuang.core.schemas import ERROR_RESPONSES, Id

from . import access, services
from .filters import EnterpriseFilter
from .models import FIGURE_FIELDS, MAX_YEAR, MIN_YEAR
from .schemas import EnterpriseDetailOut, EnterpriseOut, FiguresOut, FiguresSave, ReturnIn

router = Router(tags=[gettext_lazy("企业")])


@router.get("/", response=list[EnterpriseOut], summary=gettext_lazy("企业列表（科技局全部；企业用户本企业；服务秘书所服务的企业）"))
@paginate(Pagination)
def list_enterprises(request: HttpRequest, filters: Query[EnterpriseFilter]):
    return filters.filter(access.visible_enterprises(request.user)).select_related(
        "organization__region", "organization__industry", "tech_domain"
    )


@router.get("/{enterprise_id}", response={200: EnterpriseDetailOut, **ERROR_RESPONSES}, summary=gettext_lazy("企业详情"))
def get_enterprise(request: HttpRequest, enterprise_id: Id):
    return access.get_enterprise_for_user(request.user, enterprise_id)


@router.get("/{enterprise_id}/figures", response={200: list[FiguresOut], **ERROR_RESPONSES}, summary=gettext_lazy("年度数据"))
def list_figures(request: HttpRequest, enterprise_id: Id):
    enterprise = access.get_enterprise_for_user(request.user, enterprise_id)
    return list(enterprise.annuals.order_by("year"))


@router.put(
    "/{enterprise_id}/figures/{year}", response={200: FiguresOut, **ERROR_RESPONSES},
    summary=gettext_lazy("保存某年度数据（可同时报送）"),
)
def save_figures(request: HttpRequest, enterprise_id: Id, year: Path[int], payload: FiguresSave):
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404(_("年度数据不存在。"))
    enterprise = access.get_enterprise_for_user(request.user, enterprise_id, write=True)
    data = payload.dict()
    figures = {name: data[name] for name in FIGURE_FIELDS}
    return services.save_figures(
        enterprise, actor=request.user, year=year, figures=figures, submit=data["submit"], reason=data["reason"]
    )


def _annual(request: HttpRequest, enterprise_id: int, year: int, *, write: bool = False):
    enterprise = access.get_enterprise_for_user(request.user, enterprise_id, write=write)
    annual = enterprise.annuals.filter(year=year).first()
    if annual is None:
        raise Http404(_("年度数据不存在。"))
    return annual


@router.post("/{enterprise_id}/figures/{year}/submit", response={200: FiguresOut, **ERROR_RESPONSES},
             summary=gettext_lazy("报送年度数据"))
def submit_figures(request: HttpRequest, enterprise_id: Id, year: Path[int]):
    return services.submit_figures(_annual(request, enterprise_id, year, write=True), actor=request.user)


@router.post("/{enterprise_id}/figures/{year}/verify", response={200: FiguresOut, **ERROR_RESPONSES},
             summary=gettext_lazy("审核通过（科技局）"))
def verify_figures(request: HttpRequest, enterprise_id: Id, year: Path[int]):
    annual = _annual(request, enterprise_id, year)
    core_access.require_bureau_admin(request.user)
    return services.verify_figures(annual, actor=request.user)


@router.post("/{enterprise_id}/figures/{year}/return", response={200: FiguresOut, **ERROR_RESPONSES},
             summary=gettext_lazy("退回年度数据（科技局）"))
def return_figures(request: HttpRequest, enterprise_id: Id, year: Path[int], payload: ReturnIn):
    annual = _annual(request, enterprise_id, year)
    core_access.require_bureau_admin(request.user)
    return services.return_figures(annual, actor=request.user, reason=payload.reason)
