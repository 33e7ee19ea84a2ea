"""Pagination shared by every list endpoint of the API and every list page."""

import json

from django.conf import settings
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connections
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.functional import cached_property
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


class LargeListPaginator(Paginator):
    """A paginator for lists of up to millions of rows that does not count them all.

    Up to `KECHUANG_EXACT_COUNT_LIMIT` results the count is exact. Beyond it PostgreSQL gives the
    planner's estimate (`pg_class.reltuples` for the whole table, EXPLAIN for a filtered list) and
    SQLite, which keeps no such figures, a capped count (limit + 1 rows read: "10000+"). Either way a
    page reads per_page + 1 ids, so "next page" does not depend on the count, and a page number past
    the estimate is allowed until a page comes back empty.
    """

    def __init__(self, object_list, per_page, *, dense_list: QuerySet | None = None, rows: QuerySet | None = None, **kwargs):
        """`dense_list`: the same rows as `object_list`, in the form to read when SQLite has counted past
        the limit (see OrganizationFilter.filter_dense); `rows`: the queryset a page's rows are read
        from by id, with its joins (by default the model's, without the list's conditions, which the
        ids have met already)."""
        super().__init__(object_list, per_page, **kwargs)
        self.dense_list = dense_list
        self.rows = rows if rows is not None else object_list.model._default_manager.all()
        self.estimated = False  # count is the planner's estimate
        self.capped = False  # count is a lower bound: there are more

    @property
    def exact(self) -> bool:
        self.count  # noqa: B018 - counting decides whether the count is exact
        return not (self.estimated or self.capped)

    @cached_property
    def count(self) -> int:
        limit = settings.KECHUANG_EXACT_COUNT_LIMIT
        queryset = self.object_list.order_by()
        if connections[queryset.db].vendor == "postgresql":
            estimate = _planner_estimate(queryset)
            if estimate > limit:
                self.estimated = True
                return estimate
            return queryset.count()
        capped = queryset[: limit + 1].count()
        if capped > limit:
            self.capped = True
            return limit
        return capped

    def validate_number(self, number):
        if self.exact:
            return super().validate_number(number)
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from None
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return number

    def page(self, number) -> Page:
        number = self.validate_number(number)
        # The page's ids first, along the ordering index alone, then its rows with their joins: a deep
        # page does not join (region, industry …) for every row it skips.
        ids = list(self.page_ids(number))
        if not ids and number > 1 and not self.exact:
            # Past the real end of an estimated list: count it after all, and give the last page.
            self.estimated = self.capped = False
            self.count = self.object_list.count()
            self.__dict__.pop("num_pages", None)
            return self.page(self.num_pages)
        more = len(ids) > self.per_page
        ids = ids[: self.per_page]
        if not more and not self.exact:
            # The last page: the count is known exactly now (and an estimate far off is not shown).
            self.estimated = self.capped = False
            self.count = (number - 1) * self.per_page + len(ids)
            self.__dict__.pop("num_pages", None)
        found = self.rows.in_bulk(ids)
        page = LargeListPage([found[pk] for pk in ids if pk in found], number, self)
        page.more = more
        return page

    def page_ids(self, number: int) -> QuerySet:
        """The query for page `number`'s ids and one more (is there a next page?)."""
        bottom = (number - 1) * self.per_page
        source = self.dense_list if self.capped and self.dense_list is not None else self.object_list
        return source.values_list("pk", flat=True)[bottom : bottom + self.per_page + 1]


class LargeListPage(Page):
    more = False

    def has_next(self) -> bool:
        return self.more


def _planner_estimate(queryset: QuerySet) -> int:
    if not queryset.query.where:
        with connections[queryset.db].cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [queryset.model._meta.db_table])
            row = cursor.fetchone()
        if row and row[0] >= 0:  # -1: never analysed
            return int(row[0])
    plan = json.loads(queryset.values("pk").explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])
