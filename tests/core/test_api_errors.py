"""Validation errors of the API in Chinese, with the path of the field at fault."""

from __future__ import annotations

import json

import pytest

from kechuang.api import pydantic_message
from kechuang.plans.services import create_plan
from kechuang.supervision.services import create_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(client, personas):
    """`post(path, body)` as the bureau admin: {field: message} of the 422 answer."""
    client.force_login(personas.admin)

    def post(path, body):
        data = body if isinstance(body, str) else json.dumps(body)
        response = client.post(f"/api{path}", data, content_type="application/json")
        assert response.status_code == 422, response.content
        assert response.json()["detail"] == "请求参数不正确。"
        return {error["field"]: error["message"] for error in response.json()["errors"]}

    return post


@pytest.fixture
def plan():
    return create_plan(actor=None, title="沙河口区科技创新三年行动方案", start_year=2025, end_year=2027)


def test_it_names_missing_too_long_and_out_of_range_plan_fields_in_chinese(post):
    errors = post("/plans", {"title": "x" * 201, "start_year": 1800, "end_year": 2300})
    assert errors == {
        "payload.title": "最多 200 个字符。",
        "payload.start_year": "应不小于 1900。",
        "payload.end_year": "应不大于 2200。",
    }
    assert post("/plans", {"start_year": 2026, "end_year": 2030}) == {"payload.title": "必填。"}


def test_it_explains_bad_numbers_choices_and_nested_fields(post, plan):
    errors = post(
        f"/plans/{plan.pk}/indicators",
        {"name": "研发投入", "attribute": "随便", "targets": [{"year": "二〇二五", "value": 1, "comparator": ">"}]},
    )
    assert errors == {
        "payload.attribute": "应为以下取值之一：'expected'、'binding'。",
        "payload.targets.0.year": "应为整数。",
        "payload.targets.0.comparator": "应为以下取值之一：'>='、'<='、'='。",
    }
    assert post(f"/plans/{plan.pk}/indicators", {"name": "研发投入", "targets": []}) == {
        "payload.targets": "至少要有 1 项。"
    }


def test_it_explains_a_bad_date(post, plan, personas):
    task = create_task(plan, actor=None, title="提升企业创新能力", number="一", lead_units=[personas.unit_a])
    assert post(f"/tasks/{task.pk}/milestones", {"title": "启动", "due_date": "明年三月"}) == {
        "payload.due_date": "应为日期（YYYY-MM-DD）。"
    }



def test_it_refuses_a_body_that_is_not_json_in_chinese(client, personas):
    client.force_login(personas.admin)
    response = client.post("/api/plans", '{"title": ', content_type="application/json")
    assert (response.status_code, response.json()) == (
        400, {"detail": "请求体不是有效的 JSON：第 1 行第 11 列。", "errors": []}
    )
    response = client.post("/api/plans", '{"title": "规划"}'.encode("gbk"), content_type="application/json")
    assert (response.status_code, response.json()["detail"]) == (400, "请求体不是 UTF-8 编码的 JSON。")


def test_it_falls_back_to_a_general_message_for_an_unknown_error_type():
    assert pydantic_message({"type": "something_new", "loc": ("body", "x"), "msg": "Something new"}) == "取值不正确。"
    assert pydantic_message({"type": "value_error", "ctx": {"error": "相对目标格式不正确"}}) == "相对目标格式不正确"
