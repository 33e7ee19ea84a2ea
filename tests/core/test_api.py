from __future__ import annotations

import pytest

from kechuang.core.models import ApiToken, Organization
from kechuang.core.services import create_api_token, revoke_api_token
from kechuang.core.uscc import make_uscc

pytestmark = pytest.mark.django_db


def bearer(user) -> dict:
    _token, key = create_api_token(user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_it_requires_authentication(client, personas):
    response = client.get("/api/organizations/")
    assert response.status_code == 401
    assert response.json()["detail"] == "未登录或令牌无效。"


def test_it_accepts_a_personal_token_and_stores_only_its_hash(client, personas):
    token, key = create_api_token(personas.alice, name="脚本")
    assert not ApiToken.objects.filter(key_hash=key).exists()
    assert ApiToken.objects.get(pk=token.pk).key_hash == ApiToken.hash_key(key)
    response = client.get("/api/organizations/", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200
    revoke_api_token(personas.alice, token.pk)
    assert client.get("/api/organizations/", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401


def test_it_filters_and_paginates(client, personas):
    response = client.get("/api/organizations/", {"q": "科技有限公司", "kind": "enterprise"}, **bearer(personas.admin))
    body = response.json()
    assert body["count"] == 2
    assert {item["name"] for item in body["items"]} == {"大连甲科技有限公司", "大连乙科技有限公司"}


def test_it_hides_private_fields_of_other_organizations(client, personas):
    response = client.get("/api/organizations/", {"q": "科技有限公司"}, **bearer(personas.alice))
    items = {item["name"]: item for item in response.json()["items"]}
    assert items["大连甲科技有限公司"]["private"]["contact_phone"] == "13800000001"
    assert items["大连乙科技有限公司"]["private"] is None
    detail = client.get(f"/api/organizations/{personas.enterprise_b.pk}", **bearer(personas.alice)).json()
    assert detail["private"] is None


def test_it_refuses_to_change_another_organization(client, personas):
    response = client.patch(
        f"/api/organizations/{personas.enterprise_b.pk}", {"name": "篡改"}, content_type="application/json", **bearer(personas.alice)
    )
    assert response.status_code == 403
    assert response.json()["detail"]
    personas.enterprise_b.refresh_from_db()
    assert personas.enterprise_b.name == "大连乙科技有限公司"


def test_it_refuses_creation_to_non_admins(client, personas):
    payload = {"name": "新企业", "kind": "enterprise"}
    response = client.post("/api/organizations/", payload, content_type="application/json", **bearer(personas.alice))
    assert response.status_code == 403
    assert not Organization.objects.filter(name="新企业").exists()


def test_it_creates_and_reports_field_errors_in_one_format(client, personas):
    import random

    headers = bearer(personas.admin)
    good = make_uscc(random.Random(3), region_code="210204")
    created = client.post(
        "/api/organizations/",
        {"name": "接口新建企业", "kind": "enterprise", "uscc": good, "region_code": "210204", "industry_code": "39"},
        content_type="application/json",
        **headers,
    )
    assert created.status_code == 201
    assert created.json()["region_name"] == "沙河口区"
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    response = client.post(
        "/api/organizations/", {"name": "坏代码", "kind": "enterprise", "uscc": bad}, content_type="application/json", **headers
    )
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "数据校验未通过。"
    assert body["errors"][0]["field"] == "uscc"
    unknown = client.post(
        "/api/organizations/", {"name": "x", "kind": "enterprise", "region_code": "999999"}, content_type="application/json", **headers
    )
    assert unknown.json()["errors"] == [{"field": "region_code", "message": "未知区划代码：999999"}]


def test_it_returns_404_in_the_error_format(client, personas):
    response = client.get("/api/organizations/999999", **bearer(personas.alice))
    assert response.status_code == 404
    assert response.json() == {"detail": "对象不存在。", "errors": []}


def test_it_publishes_an_openapi_document(client, personas):
    schema = client.get("/api/openapi.json").json()
    assert "/api/organizations/" in schema["paths"]


@pytest.mark.parametrize("url", [
    "/api/notices?plan_id=-17927327039276427264",
    "/api/progress-reports?organization_id=99999999999999999999",
    "/api/tasks/9223372036854775808",
    "/api/organizations/0",
])
def test_it_refuses_ids_no_row_can_have_as_invalid_input(client, personas, url):
    response = client.get(url, **bearer(personas.admin))
    assert response.status_code == 422
    assert response.json()["errors"], response.json()


def test_it_refuses_an_out_of_range_id_in_a_request_body(client, personas):
    response = client.post(
        "/api/plans", {"title": "规划", "start_year": 2025, "end_year": 2027, "issuer_id": 2**64},
        content_type="application/json", **bearer(personas.admin),
    )
    assert response.status_code == 422
    assert any(error["field"] and "issuer_id" in error["field"] for error in response.json()["errors"])
