from __future__ import annotations

import io

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from kechuang.core.choices import OrganizationKind, Role
from kechuang.core.models import Membership, Organization
from kechuang.core.synthetic import DEMO_PASSWORD, generate_district
from kechuang.core.uscc import validate_uscc

pytestmark = pytest.mark.django_db


def snapshot() -> list[tuple]:
    return list(Organization.objects.order_by("id").values_list("name", "uscc", "kind", "region__code", "industry__code"))


def test_it_generates_a_valid_deterministic_district(reference):
    generate_district(seed=42, enterprises=200, with_users=False)
    first = snapshot()
    Organization.objects.all().delete()
    generate_district(seed=42, enterprises=200, with_users=False)
    assert [row[:3] for row in snapshot()] == [row[:3] for row in first]
    assert Organization.objects.filter(kind=OrganizationKind.ENTERPRISE).count() == 200
    for _name, uscc, *_ in first:
        assert validate_uscc(uscc) == uscc
    assert len({row[0] for row in first}) == len(first)
    assert len({row[1] for row in first}) == len(first)


def test_it_differs_with_another_seed(reference):
    generate_district(seed=1, enterprises=50, with_users=False)
    first = {row[0] for row in snapshot()}
    Organization.objects.all().delete()
    generate_district(seed=2, enterprises=50, with_users=False)
    assert {row[0] for row in snapshot()} != first


def test_it_creates_a_login_for_every_role(reference):
    district = generate_district(seed=1, enterprises=20)
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == set(Role.values)
    for _label, username, _org in district.accounts:
        assert authenticate(username=username, password=DEMO_PASSWORD) is not None


def test_it_prepares_the_demo_and_prints_the_logins(reference):
    out = io.StringIO()
    call_command("demo", "--no-serve", "--enterprises", "30", stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8000/" in text
    for username in ("admin", "unit", "enterprise", "institution", "expert", "financier"):
        assert f" {username} " in text
    assert Organization.objects.filter(kind=OrganizationKind.ENTERPRISE).count() == 30


def test_it_prints_a_few_logins_per_role_and_names_the_rest_in_one_line():
    from kechuang.core.management.commands.demo import account_lines

    accounts = [("科技局管理员", "admin", "科技局")] + [("责任单位人员", f"unit{n}", f"单位{n}") for n in range(1, 6)]
    lines = account_lines(accounts)
    assert len(lines) == 5
    assert [line.split()[1] for line in lines[:4]] == ["admin", "unit1", "unit2", "unit3"]
    assert lines[4].strip() == "另有 2 个责任单位人员账号：unit4、unit5"
