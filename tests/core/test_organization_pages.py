from __future__ import annotations

import pytest
from django.urls import reverse

from kechuang.core.models import Organization

pytestmark = pytest.mark.django_db


def test_it_lists_and_finds_organizations_by_chinese_substring(personas, client_for):
    client = client_for(personas.admin)
    response = client.get(reverse("core:organization_list"), {"q": "乙科技"})
    names = [org.name for org in response.context["page"]]
    assert names == ["大连乙科技有限公司"]


def test_it_filters_by_kind_and_region_prefix(personas, client_for):
    client = client_for(personas.admin)
    response = client.get(reverse("core:organization_list"), {"kind": "university", "region": "210200"})
    assert [org.name for org in response.context["page"]] == ["大连理工示范大学"]
    response = client.get(reverse("core:organization_list"), {"kind": "university", "region": "110000"})
    assert list(response.context["page"]) == []


def test_it_ignores_a_malformed_filter_with_a_warning(personas, client_for):
    response = client_for(personas.admin).get(reverse("core:organization_list"), {"region": "abc"})
    assert response.status_code == 200
    assert response.context["warnings"]
    assert response.context["page"].paginator.count == Organization.objects.count()


def test_it_renders_only_the_result_fragment_for_htmx(personas, client_for):
    response = client_for(personas.admin).get(reverse("core:organization_list"), {"q": "甲"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert "大连甲科技有限公司" in html


def test_it_lists_without_n_plus_one_queries(personas, client_for, django_assert_max_num_queries):
    client = client_for(personas.admin)
    with django_assert_max_num_queries(12):
        client.get(reverse("core:organization_list"))


def test_it_hides_another_enterprises_private_fields(personas, client_for):
    client = client_for(personas.alice)
    other = client.get(reverse("core:organization_detail", args=[personas.enterprise_b.pk]))
    assert other.status_code == 200
    assert "13800000002" not in other.content.decode()
    assert "乙路2号" not in other.content.decode()
    own = client.get(reverse("core:organization_detail", args=[personas.enterprise_a.pk]))
    assert "13800000001" in own.content.decode()


def test_it_refuses_an_enterprise_user_editing_another_organization(personas, client_for):
    client = client_for(personas.alice)
    url = reverse("core:organization_edit", args=[personas.enterprise_b.pk])
    assert client.get(url).status_code == 403
    response = client.post(url, {"name": "被篡改", "kind": "enterprise"})
    assert response.status_code == 403
    personas.enterprise_b.refresh_from_db()
    assert personas.enterprise_b.name == "大连乙科技有限公司"


def test_it_lets_an_enterprise_edit_its_own_contacts_but_not_its_uscc(personas, client_for):
    client = client_for(personas.alice)
    org = personas.enterprise_a
    response = client.post(
        reverse("core:organization_edit", args=[org.pk]),
        {"name": org.name, "uscc": "91110000100003962T", "kind": "investor", "region": org.region_id,
         "industry": org.industry_id, "contact_phone": "13900000000"},
    )
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.contact_phone == "13900000000"
    assert org.kind == "enterprise"  # disabled fields keep their value
    assert org.uscc != "91110000100003962T"


def test_it_refuses_the_admin_pages_to_an_enterprise_user(personas, client_for):
    client = client_for(personas.alice)
    assert client.get(reverse("core:organization_create")).status_code == 403
    assert client.get(reverse("core:organization_import")).status_code == 403
    assert client.get(reverse("core:import_template", args=["organizations"])).status_code == 403


def test_it_returns_404_for_an_unknown_organization(personas, client_for):
    assert client_for(personas.alice).get(reverse("core:organization_detail", args=[999999])).status_code == 404


def test_it_redirects_anonymous_users_to_login(client, personas):
    response = client.get(reverse("core:organization_detail", args=[personas.enterprise_a.pk]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_it_creates_an_organization_with_chinese_validation_messages(personas, client_for):
    client = client_for(personas.admin)
    response = client.post(reverse("core:organization_create"), {"name": "新单位", "uscc": "91210204MA0000000X", "kind": "enterprise"})
    assert response.status_code == 200
    [message] = response.context["form"].errors["uscc"]
    assert message in response.content.decode()
    assert not Organization.objects.filter(name="新单位").exists()


def test_it_exports_the_filtered_list_without_other_organizations_private_fields(personas, client_for):
    import io

    import openpyxl

    response = client_for(personas.alice).get(reverse("core:organization_export"), {"q": "科技有限公司"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert set(rows) == {"大连甲科技有限公司", "大连乙科技有限公司"}
    assert rows["大连甲科技有限公司"][7] == "13800000001"
    assert not rows["大连乙科技有限公司"][7]


def test_it_shows_each_role_its_home_page(personas, client_for):
    admin_home = client_for(personas.admin).get(reverse("core:home"))
    assert admin_home.context["total_organizations"] == Organization.objects.count()
    assert admin_home.context["newest_organizations"][0] == Organization.objects.latest("created_at", "id")
    alice_home = client_for(personas.alice).get(reverse("core:home"))
    assert "total_organizations" not in alice_home.context
    assert [o.pk for o in alice_home.context["my_organizations"]] == [personas.enterprise_a.pk]


def test_it_lets_the_bureau_open_an_account_for_an_organization(personas, client_for):
    from django.contrib.auth import authenticate

    url = reverse("core:organization_account_create", args=[personas.enterprise_b.pk])
    response = client_for(personas.admin).post(
        url, {"username": "bob2", "display_name": "乙二", "role": "enterprise_user", "password": "Strong-pass-2026"}
    )
    assert response.status_code == 302
    user = authenticate(username="bob2", password="Strong-pass-2026")
    assert [(m.organization_id, m.role) for m in user.memberships.all()] == [(personas.enterprise_b.pk, "enterprise_user")]


def test_it_refuses_weak_passwords_and_taken_usernames(personas, client_for):
    url = reverse("core:organization_account_create", args=[personas.enterprise_b.pk])
    response = client_for(personas.admin).post(url, {"username": "alice", "display_name": "x", "role": "enterprise_user", "password": "123"})
    errors = response.context["form"].errors
    assert "已被使用" in errors["username"][0]
    assert errors["password"]


def test_it_refuses_account_creation_to_non_admins(personas, client_for):
    url = reverse("core:organization_account_create", args=[personas.enterprise_a.pk])
    response = client_for(personas.alice).post(url, {"username": "mallory", "display_name": "x", "role": "bureau_admin", "password": "Strong-pass-2026"})
    assert response.status_code == 403


def test_it_offers_the_districts_of_the_users_own_city_as_region_filters(personas, client_for):
    codes = {r.code for r in client_for(personas.admin).get(reverse("core:organization_list")).context["regions"]}
    assert {"210000", "210200", "210204", "210202"} <= codes
    assert "370281" not in codes  # a county of another city
