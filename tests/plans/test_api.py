from __future__ import annotations

import json

import pytest

from kechuang.plans import services
from kechuang.plans.choices import ObservationStatus, PlanStatus
from kechuang.plans.messages import with_reason
from kechuang.plans.models import Indicator, Observation, Plan, Target
from kechuang.plans.progress import evaluate_contract

from .conftest import verified


@pytest.fixture
def api(client):
    """`api(user).get(path)` / `.post(path, payload)`: the test client logged in as a persona."""

    class Api:
        def __init__(self, user):
            client.force_login(user)

        def get(self, path, params=None):
            return client.get(f"/api{path}", params or {})

        def post(self, path, payload=None):
            return client.post(f"/api{path}", json.dumps(payload or {}), content_type="application/json")

        def patch(self, path, payload):
            return client.patch(f"/api{path}", json.dumps(payload), content_type="application/json")

        def delete(self, path):
            return client.delete(f"/api{path}")

    return Api


def test_it_lists_plans_hiding_drafts_from_all_but_the_bureau(api, personas, plan):
    services.create_plan(actor=personas.admin, title="草稿", start_year=2021, end_year=2025, status=PlanStatus.DRAFT)
    assert api(personas.admin).get("/plans").json()["count"] == 2
    body = api(personas.alice).get("/plans").json()
    assert [item["title"] for item in body["items"]] == [plan.title]
    assert body["items"][0]["status_label"] == "实施中"


def test_it_creates_and_updates_a_plan_for_the_bureau_only(api, personas, plan):
    response = api(personas.admin).post(
        "/plans", {"title": "新规划", "start_year": 2026, "end_year": 2030, "region_code": "210204"}
    )
    assert response.status_code == 201
    assert response.json()["region_code"] == "210204"
    assert api(personas.admin).patch(f"/plans/{plan.pk}", {"title": "改名"}).json()["title"] == "改名"
    for user in (personas.staff_a, personas.alice):
        assert api(user).post("/plans", {"title": "x", "start_year": 2026, "end_year": 2030}).status_code == 403
        assert api(user).patch(f"/plans/{plan.pk}", {"title": "越权"}).status_code == 403
    assert Plan.objects.get(pk=plan.pk).title == "改名"
    bad = api(personas.admin).post("/plans", {"title": "倒序", "start_year": 2030, "end_year": 2026})
    assert bad.status_code == 422 and bad.json()["errors"][0]["message"] == "目标年不能早于起始年。"
    assert api(personas.admin).post("/plans", {"title": "x", "start_year": 2026, "end_year": 2030, "region_code": "999999"}).json()[
        "errors"
    ] == [{"field": "region_code", "message": "未知区划代码：999999"}]


def test_it_answers_404_for_a_draft_plan_outsiders_may_not_see(api, personas, plan):
    services.update_plan(plan, actor=personas.admin, status=PlanStatus.DRAFT)
    assert api(personas.staff_a).get(f"/plans/{plan.pk}").status_code == 404
    assert api(personas.staff_a).get(f"/plans/{plan.pk}/indicators").status_code == 404


def test_it_creates_and_updates_indicators_with_targets(api, personas, plan):
    created = api(personas.admin).post(
        f"/plans/{plan.pk}/indicators",
        {
            "name": "技术合同成交额", "unit": "亿元", "baseline_year": 2020, "baseline_value": 10,
            "responsible_unit_id": personas.unit_a.pk, "targets": [{"year": 2025, "relative": "x2"}],
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["responsible_unit"] == {"id": personas.unit_a.pk, "name": personas.unit_a.name}
    assert body["targets"] == [{"year": 2025, "year_unknown": False, "value": None, "comparator": ">=", "relative": "x2"}]
    path = f"/indicators/{body['id']}"
    patched = api(personas.admin).patch(path, {"targets": [{"year": 2025, "value": 25}], "reason": "按中期评估调整"})
    assert patched.json()["targets"] == [{"year": 2025, "year_unknown": False, "value": 25.0, "comparator": ">=", "relative": ""}]
    assert api(personas.staff_a).patch(path, {"name": "越权"}).status_code == 403
    bad = api(personas.admin).post(f"/plans/{plan.pk}/indicators", {"name": "x", "targets": [{"relative": "翻番"}]})
    assert bad.status_code == 422 and bad.json()["errors"][0]["message"].startswith("目标 1：")
    # The API follows the pages' rules: a doubling needs a baseline.
    orphan = api(personas.admin).post(f"/plans/{plan.pk}/indicators", {"name": "y", "targets": [{"year": 2025, "relative": "x2"}]})
    assert orphan.status_code == 422
    assert orphan.json()["errors"][0]["message"] == "目标 1：相对目标“x2”需要基期值，请先填写指标的基期年和基期值。"


def test_it_lists_a_plans_indicators_in_constant_queries(api, personas, plan, django_assert_max_num_queries):
    indicators = Indicator.objects.bulk_create(Indicator(plan=plan, name=f"指标{i}", position=i) for i in range(30))
    Target.objects.bulk_create(Target(indicator=ind, year=2025, value=1) for ind in indicators)
    client = api(personas.staff_a)
    with django_assert_max_num_queries(12):
        body = client.get(f"/plans/{plan.pk}/indicators").json()
    assert body["count"] == 30 and all(item["targets"] for item in body["items"])


def test_it_returns_exactly_the_progress_contract(api, personas, indicator_a):
    for year, value in ((2021, 115), (2022, 135)):
        verified(indicator_a, year, value, admin=personas.admin)
    response = api(personas.alice).get(f"/indicators/{indicator_a.pk}/progress", {"as_of": 2022})
    expected = with_reason(evaluate_contract(
        {
            "indicator": {"baseline": {"year": 2020, "value": 100}, "targets": [{"year": 2025, "value": 200}]},
            "observations": [{"year": 2021, "value": 115}, {"year": 2022, "value": 135}],
            "as_of": 2022,
        }
    ))
    assert response.json() == expected
    assert api(personas.alice).get(f"/indicators/{indicator_a.pk}/progress", {"as_of": 1800}).status_code == 422


def test_it_explains_the_progress_and_shows_an_override_beside_it(api, personas, indicator_a):
    verified(indicator_a, 2022, 110, admin=personas.admin)
    path = f"/indicators/{indicator_a.pk}/status-overrides"
    assert api(personas.staff_a).post(path, {"year": 2022, "status": "on_track", "reason": "x"}).status_code == 403
    response = api(personas.admin).post(path, {"year": 2022, "status": "on_track", "reason": "新项目年底投产"})
    assert response.status_code == 200 and response.json()["computed"]["status"] == "off_track"
    explain = api(personas.staff_b).get(f"/indicators/{indicator_a.pk}/progress/explain", {"as_of": 2022}).json()
    assert explain["progress"]["status"] == "off_track"
    assert explain["computed_status_label"] == "明显滞后"
    assert (explain["override"]["status"], explain["override"]["reason"]) == ("on_track", "新项目年底投产")
    assert explain["inputs"]["resolved_target"] == 200.0
    assert api(personas.admin).delete(f"{path}?year=2022").status_code == 204
    assert api(personas.admin).get(path).json() == []


def test_it_lets_the_unit_report_and_the_bureau_verify_or_return(api, personas, indicator_a):
    unit = api(personas.staff_a)
    created = unit.post(f"/indicators/{indicator_a.pk}/observations", {"year": 2023, "value": 150, "note": "快报"})
    assert created.status_code == 201 and created.json()["status"] == "draft"
    pk = created.json()["id"]
    assert unit.patch(f"/observations/{pk}", {"value": 151}).json()["value"] == 151.0
    assert unit.post(f"/observations/{pk}/submit").json()["status"] == "submitted"
    assert unit.post(f"/observations/{pk}/verify").status_code == 403
    bureau = api(personas.admin)
    returned = bureau.post(f"/observations/{pk}/return", {"reason": "缺佐证"}).json()
    assert (returned["status"], returned["return_reason"]) == ("returned", "缺佐证")
    api(personas.staff_a).post(f"/observations/{pk}/submit")
    done = api(personas.admin).post(f"/observations/{pk}/verify").json()
    assert (done["status"], done["verified_by"], done["submitted_by"]) == ("verified", "admin", "staff_a")
    bad = api(personas.admin).post(f"/observations/{pk}/verify")
    assert bad.status_code == 422 and "已审核" in bad.json()["errors"][0]["message"]


def test_it_keeps_other_units_out_of_an_indicators_drafts_and_reporting(api, personas, indicator_a):
    draft = services.save_observation(indicator_a, actor=personas.staff_a, year=2023, value=150)
    verified(indicator_a, 2022, 130, admin=personas.admin)
    other = api(personas.staff_b)
    assert [o["year"] for o in other.get(f"/indicators/{indicator_a.pk}/observations").json()["items"]] == [2022]
    assert other.get(f"/observations/{draft.pk}").status_code == 404
    assert other.patch(f"/observations/{draft.pk}", {"value": 1}).status_code == 404
    assert other.post(f"/observations/{draft.pk}/submit").status_code == 404
    assert other.post(f"/indicators/{indicator_a.pk}/observations", {"year": 2024, "value": 1}).status_code == 403
    own = api(personas.staff_a).get(f"/indicators/{indicator_a.pk}/observations").json()["items"]
    assert [o["year"] for o in own] == [2022, 2023]
    assert Observation.objects.get(pk=draft.pk).value == 150


def test_it_gives_enterprise_users_read_only_access(api, personas, indicator_a):
    verified(indicator_a, 2022, 130, admin=personas.admin)
    alice = api(personas.alice)
    assert alice.get(f"/indicators/{indicator_a.pk}").json()["name"] == "研发经费投入"
    assert alice.get(f"/indicators/{indicator_a.pk}/observations").json()["count"] == 1
    assert alice.post(f"/indicators/{indicator_a.pk}/observations", {"year": 2023, "value": 1}).status_code == 403
    observation = indicator_a.observations.get()
    assert alice.post(f"/observations/{observation.pk}/return", {"reason": "x"}).status_code == 403
    assert Observation.objects.get().status == ObservationStatus.VERIFIED


def test_it_answers_401_without_a_login(client, indicator_a):
    assert client.get(f"/api/indicators/{indicator_a.pk}/progress").status_code == 401


def test_it_deletes_an_indicator_for_the_bureau_unless_it_has_verified_figures(api, personas, indicator_a, indicator_b):
    assert api(personas.staff_a).delete(f"/indicators/{indicator_a.pk}").status_code == 403
    verified(indicator_a, 2022, 130, admin=personas.admin)
    refused = api(personas.admin).delete(f"/indicators/{indicator_a.pk}")
    assert refused.status_code == 422 and "已有 1 条已审核的监测值" in json.dumps(refused.json(), ensure_ascii=False)
    assert api(personas.admin).delete(f"/indicators/{indicator_b.pk}").status_code == 204
    assert set(Indicator.objects.values_list("pk", flat=True)) == {indicator_a.pk}


NULL_REFUSED = "不能为 null；不修改请省略该字段。"


def test_it_refuses_null_horizons_in_chinese_and_keeps_the_plan(api, personas, plan):
    response = api(personas.admin).patch(f"/plans/{plan.pk}", {"horizons": None, "title": "新名称"})
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "payload.horizons", "message": NULL_REFUSED}]
    plan.refresh_from_db()
    assert (plan.horizons, plan.title) == ([2025], "沙河口区科技创新“十四五”规划")


@pytest.mark.parametrize("field", ["title", "start_year", "end_year", "horizons", "status", "summary"])
def test_it_refuses_null_for_every_plan_field_that_cannot_be_empty(api, personas, plan, field):
    response = api(personas.admin).patch(f"/plans/{plan.pk}", {field: None})
    assert response.status_code == 422 and response.json()["errors"] == [{"field": f"payload.{field}", "message": NULL_REFUSED}]


def test_it_clears_a_plans_issuer_with_null_and_leaves_out_what_is_not_given(api, personas, plan):
    services.update_plan(plan, actor=personas.admin, issuer=personas.bureau)
    response = api(personas.admin).patch(f"/plans/{plan.pk}", {"issuer_id": None})
    assert response.status_code == 200 and response.json()["issuer"] is None
    plan.refresh_from_db()
    assert (plan.issuer, plan.horizons) == (None, [2025])


@pytest.mark.parametrize(
    "field", ["name", "unit", "category", "scope", "data_source", "metric", "metric_params", "quote", "position", "targets"]
)
def test_it_refuses_null_for_every_indicator_field_that_cannot_be_empty(api, personas, indicator_a, field):
    response = api(personas.admin).patch(f"/indicators/{indicator_a.pk}", {field: None})
    assert response.status_code == 422 and response.json()["errors"] == [{"field": f"payload.{field}", "message": NULL_REFUSED}]


def test_it_clears_an_indicators_baseline_and_attribute_with_null(api, personas, indicator_a):
    services.update_indicator(indicator_a, actor=personas.admin, attribute="binding")
    response = api(personas.admin).patch(
        f"/indicators/{indicator_a.pk}", {"baseline_year": None, "baseline_value": None, "attribute": None}
    )
    assert response.status_code == 200
    indicator_a.refresh_from_db()
    assert (indicator_a.baseline_year, indicator_a.baseline_value, indicator_a.attribute) == (None, None, "")
