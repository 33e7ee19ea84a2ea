"""API pagination shared by every list endpoint."""

from django.utils.translation import gettext_lazy
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """Page numbers bounded so the offset stays within what every database accepts."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000, description=gettext_lazy("页码，从 1 开始"))
        page_size: int | None = Field(None, ge=1, le=200, description=gettext_lazy("每页条数，最多 200"))

    def __init__(self, page_size: int = 50, max_page_size: int = 200, **kwargs):
        super().__init__(page_size=page_size, max_page_size=max_page_size, **kwargs)
