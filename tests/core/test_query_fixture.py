"""The `assert_flat_queries` fixture itself: it must catch a query per item."""

from __future__ import annotations

import pytest

from kechuang.core.models import Organization

from ..conftest import make_org


def test_it_fails_a_run_whose_queries_grow_with_the_data(reference, assert_flat_queries):
    def regions() -> list[str]:
        return [organization.region.name for organization in Organization.objects.all()]  # one query per row

    with pytest.raises(pytest.fail.Exception, match="query count grows with the data: 2 for 1, 6 for 5"):
        assert_flat_queries(regions, lambda index: make_org(f"单位{index}"))


def test_it_passes_a_run_in_constant_queries_and_returns_its_result(reference, assert_flat_queries):
    def regions() -> list[str]:
        return [organization.region.name for organization in Organization.objects.select_related("region")]

    assert len(assert_flat_queries(regions, lambda index: make_org(f"单位{index}"), sizes=(2, 4))) == 4
