"""Pagination shared by every list endpoint of the API and every list page."""

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

PAGE_SIZE = 25


class Pagination(PageNumberPagination):
    """Page numbers bounded so the offset stays within what every database accepts."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000, description=gettext_lazy("页码，从 1 开始"))
        page_size: int | None = Field(None, ge=1, le=200, description=gettext_lazy("每页条数，最多 200"))

    def __init__(self, page_size: int = 50, max_page_size: int = 200, **kwargs):
        super().__init__(page_size=page_size, max_page_size=max_page_size, **kwargs)


def page_of(request: HttpRequest, queryset: QuerySet, per_page: int = PAGE_SIZE) -> tuple[Page, str]:
    """The requested page of a list page (a bad or too large number gives the nearest page), and the
    query string without `page` that the links of core/partials/pagination.html carry on."""
    page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()
