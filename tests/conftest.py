"""Shared fixtures: reference data and the personas every permission test uses."""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kechuang.core import fonts
from kechuang.core.choices import OrganizationKind, Role
from kechuang.core.models import Industry, Organization, Region
from kechuang.core.reference import load_reference_data
from kechuang.core.services import create_user
from kechuang.core.uscc import make_uscc

PASSWORD = "persona-pass-2026"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database with the reference data committed once, under every test's rollback."""
    with django_db_blocker.unblock():
        load_reference_data()


@pytest.fixture
def reference(db):
    """Regions, industries and tech domains: there from the session's set-up; reloaded (inside the
    test) only after a transactional test has flushed them, which pytest-django runs last."""
    if not Region.objects.filter(code="210204").exists():
        load_reference_data()


@dataclass
class Personas:
    bureau: Organization
    admin: object
    unit_a: Organization
    unit_b: Organization
    staff_a: object
    staff_b: object
    enterprise_a: Organization
    enterprise_b: Organization
    alice: object  # enterprise A's user
    bob: object  # enterprise B's user
    university: Organization
    institution_user: object
    expert: object


_rng = random.Random(7)


def make_org(name: str, kind: str = OrganizationKind.ENTERPRISE, **fields) -> Organization:
    region = Region.objects.get(code="210204")
    return Organization.objects.create(
        name=name, kind=kind, uscc=make_uscc(_rng, region_code=region.code), region=region, **fields
    )


@pytest.fixture
def personas(reference) -> Personas:
    bureau = make_org("沙河口区科技局", OrganizationKind.GOVERNMENT)
    unit_a = make_org("沙河口区发展和改革局", OrganizationKind.GOVERNMENT)
    unit_b = make_org("沙河口区财政局", OrganizationKind.GOVERNMENT)
    industry = Industry.objects.get(code="39")
    enterprise_a = make_org("大连甲科技有限公司", contact_phone="13800000001", address="甲路1号", industry=industry)
    enterprise_b = make_org("大连乙科技有限公司", contact_phone="13800000002", address="乙路2号", industry=industry)
    university = make_org("大连理工示范大学", OrganizationKind.UNIVERSITY)
    expert_home = make_org("大连示范研究院", OrganizationKind.RESEARCH_INSTITUTE)

    def user(username: str, organization: Organization, role: str):
        return create_user(username=username, password=PASSWORD, display_name=username, organization=organization, role=role)

    return Personas(
        bureau=bureau,
        admin=user("admin", bureau, Role.BUREAU_ADMIN),
        unit_a=unit_a,
        unit_b=unit_b,
        staff_a=user("staff_a", unit_a, Role.UNIT_STAFF),
        staff_b=user("staff_b", unit_b, Role.UNIT_STAFF),
        enterprise_a=enterprise_a,
        enterprise_b=enterprise_b,
        alice=user("alice", enterprise_a, Role.ENTERPRISE_USER),
        bob=user("bob", enterprise_b, Role.ENTERPRISE_USER),
        university=university,
        institution_user=user("tto", university, Role.INSTITUTION_USER),
        expert=user("expert", expert_home, Role.EXPERT),
    )


@pytest.fixture
def client_for(client):
    """Log the test client in as a persona: `client_for(personas.alice)`."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def cjk_font():
    """The CJK font server-drawn charts use; skipped without one, except in CI."""
    try:
        return fonts.cjk_font_path()
    except ImproperlyConfigured:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip("no CJK font installed")


@pytest.fixture
def assert_flat_queries(db):
    """Check that a page or endpoint costs the same number of queries whatever the data size.

    `assert_flat_queries(run, add, sizes=(1, 5))` calls `add(i)` for i = 0, 1, … to grow the data
    one item (a plan, a task …) at a time; at each size it runs `run()` once to warm caches, then
    counts the queries of a second run. It fails, listing both runs' SQL, when the larger size needs
    more queries, and returns what the last `run()` returned so the test can check the page too.
    """

    def check(run: Callable[[], Any], add: Callable[[int], Any], *, sizes: tuple[int, int] = (1, 5)) -> Any:
        small, large = sizes
        assert 0 < small < large
        counted: list[CaptureQueriesContext] = []
        result = None
        for index in range(large):
            add(index)
            if index + 1 in sizes:
                run()
                with CaptureQueriesContext(connection) as queries:
                    result = run()
                counted.append(queries)
        few, many = counted
        if len(many) > len(few):
            listing = "\n".join(
                f"--- {label}: {len(queries)} queries\n" + "\n".join(q["sql"] for q in queries.captured_queries)
                for label, queries in ((f"{small} items", few), (f"{large} items", many))
            )
            pytest.fail(f"query count grows with the data: {len(few)} for {small}, {len(many)} for {large}\n{listing}")
        return result

    return check
