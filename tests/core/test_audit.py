from __future__ import annotations

import pytest

from kechuang.core.audit import audit_entries
from kechuang.core.services import create_organization, update_organization

pytestmark = pytest.mark.django_db


def test_it_records_who_changed_what(personas):
    org = create_organization(actor=personas.admin, name="审计测试有限公司", kind="enterprise")
    update_organization(org, actor=personas.admin, contact_phone="13700000000", reason="更正电话")
    entries = audit_entries(org)
    assert [e.action for e in entries] == ["修改", "创建"]
    assert entries[0].who == personas.admin
    assert entries[0].reason == "更正电话"
    assert [(c.field, c.old, c.new) for c in entries[0].changes] == [("contact_phone", "", "13700000000")]


def test_it_records_changes_made_by_an_organizations_own_staff(personas):
    update_organization(personas.enterprise_a, actor=personas.alice, contact_name="张三")
    latest = personas.enterprise_a.history.latest()
    assert latest.history_user == personas.alice
    assert latest.contact_name == "张三"


def test_it_shows_history_only_to_those_who_see_private_fields(personas, client_for):
    from django.urls import reverse

    update_organization(personas.enterprise_b, actor=personas.bob, contact_name="李四")
    url = reverse("core:organization_detail", args=[personas.enterprise_b.pk])
    assert client_for(personas.alice).get(url).context["history"] == []
    assert client_for(personas.admin).get(url).context["history"][0].who == personas.bob
