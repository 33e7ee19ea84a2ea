"""The bureau edits a plan's indicators and targets: service rules, transactions, audit, pages, access."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from kechuang.core.audit import audit_entries
from kechuang.plans import services
from kechuang.plans.choices import DataSource, PlanStatus
from kechuang.plans.forms import TargetForm
from kechuang.plans.models import Indicator, Observation, StatusOverride, Target

from .conftest import verified

pytestmark = pytest.mark.django_db


def _create(plan, admin, targets, **fields):
    fields = {"name": "技术合同成交额", "unit": "亿元", "baseline_year": 2020, "baseline_value": 10, **fields}
    return services.create_indicator(plan, actor=admin, targets=targets, evaluable=True, **fields)


def _messages(error: pytest.ExceptionInfo) -> list[str]:
    return error.value.message_dict["targets"]


# --- service rules -----------------------------------------------------------------------------


def test_it_accepts_every_target_form_the_model_supports(personas, plan):
    indicator = _create(plan, personas.admin, [
        {"year": 2023, "value": 15, "comparator": ">="},
        {"year": 2024, "value": 3, "comparator": "<="},
        {"year": 2025, "relative": "x2"},
        {"year": None, "relative": "+10%/yr"},
    ])
    other = _create(plan, personas.admin, [{"year": 2025, "relative": "+2pp", "comparator": "="}], name="研发投入强度")
    assert [(t.year, t.value, t.comparator, t.relative) for t in indicator.targets.order_by("id")] == [
        (2023, 15.0, ">=", ""), (2024, 3.0, "<=", ""), (2025, None, ">=", "x2"), (None, None, ">=", "+10%/yr"),
    ]
    assert other.targets.get().relative == "+2pp"


def test_it_refuses_a_relative_target_without_a_baseline_and_writes_nothing(personas, plan):
    with pytest.raises(ValidationError) as error:
        _create(plan, personas.admin, [{"year": 2025, "relative": "x2"}], baseline_year=None, baseline_value=None)
    assert _messages(error) == ["目标 1：相对目标“x2”需要基期值，请先填写指标的基期年和基期值。"]
    assert not Indicator.objects.exists() and not Target.objects.exists()
    assert not Indicator.history.exists() and not Target.history.exists()


def test_it_refuses_target_years_outside_the_plan_period_but_accepts_its_horizons(personas, plan):
    with pytest.raises(ValidationError) as error:
        _create(plan, personas.admin, [{"year": 2020, "value": 1}, {"year": 2030, "value": 2}])
    assert _messages(error) == [
        "目标 1：目标年 2020 不在规划期 2021–2025 年内。", "目标 2：目标年 2030 不在规划期 2021–2025 年内。",
    ]
    services.update_plan(plan, actor=personas.admin, horizons=[2025, 2035])
    plan.refresh_from_db()
    assert _create(plan, personas.admin, [{"year": 2035, "value": 2}]).targets.get().year == 2035


def test_it_refuses_two_targets_for_one_year(personas, plan):
    with pytest.raises(ValidationError) as error:
        _create(plan, personas.admin, [
            {"year": 2025, "value": 1}, {"year": 2025, "relative": "x2"}, {"year": None, "value": 3}, {"year": None, "value": 4},
        ])
    assert _messages(error) == ["目标 2：与目标 1 重复，2025 年只能有一个目标。", "目标 4：与目标 3 重复，“每年”只能有一个目标。"]


def test_it_needs_the_baseline_year_and_a_later_target_year_for_growth_targets(personas, plan):
    with pytest.raises(ValidationError) as error:
        _create(plan, personas.admin, [{"year": 2025, "relative": "+15%/yr"}], baseline_year=None)
    assert _messages(error) == ["目标 1：年均增长目标“+15%/yr”需要基期年。"]
    with pytest.raises(ValidationError) as error:
        _create(plan, personas.admin, [{"year": 2021, "relative": "x1.1"}], baseline_year=2021)
    assert _messages(error) == ["目标 1：目标年 2021 不晚于基期年 2021。"]
    with pytest.raises(ValidationError) as error:
        _create(plan, personas.admin, [{"year": 2025, "relative": "x2"}], baseline_value=0)
    assert _messages(error) == ["目标 1：基期值为 0，不能按“x2”（倍数或增长率）推算目标值。"]


def test_it_refuses_a_target_that_is_both_absolute_and_relative(personas, plan):
    with pytest.raises(ValidationError) as error:
        _create(plan, personas.admin, [{"year": 2025, "value": 20, "relative": "x2"}])
    assert _messages(error) == ["目标 1：目标值与相对目标只能填写一项。"]


def test_it_keeps_plan_documents_as_written_without_the_editing_rules(personas, plan):
    indicator = services.create_indicator(
        plan, actor=personas.admin, name="专利授权量", targets=[{"year": 2025, "relative": "x2"}]
    )
    assert indicator.targets.get().relative == "x2"


def test_it_refuses_removing_a_baseline_that_a_relative_target_needs(personas, plan, indicator_b):
    with pytest.raises(ValidationError) as error:
        services.update_indicator(indicator_b, actor=personas.admin, evaluable=True, baseline_year=None, baseline_value=None)
    assert "需要基期值" in _messages(error)[0]
    indicator_b.refresh_from_db()
    assert indicator_b.baseline_value == 50


def test_it_replaces_targets_in_one_transaction_and_a_bad_one_changes_nothing(personas, plan, indicator_a):
    with pytest.raises(ValidationError):
        services.update_indicator(
            indicator_a, actor=personas.admin, evaluable=True, name="改名",
            targets=[{"year": 2024, "value": 150}, {"year": 2040, "value": 300}],
        )
    indicator_a.refresh_from_db()
    assert indicator_a.name == "研发经费投入"
    assert [(t.year, t.value) for t in indicator_a.targets.all()] == [(2025, 200.0)]
    assert indicator_a.history.count() == 1


def test_it_audits_an_edit_with_who_and_why(personas, plan, indicator_a):
    services.update_indicator(
        indicator_a, actor=personas.admin, evaluable=True, reason="按中期评估调整", unit="万元",
        targets=[{"year": 2025, "relative": "+15%/yr"}],
    )
    newest = audit_entries(indicator_a)[0]
    assert (newest.who, newest.reason, [c.field for c in newest.changes]) == (personas.admin, "按中期评估调整", ["unit"])
    deleted = Target.history.filter(indicator_id=indicator_a.pk, history_type="-").get()
    assert (deleted.value, deleted.history_user) == (200.0, personas.admin)


def test_it_refuses_to_make_an_indicator_with_unit_figures_computed(personas, plan, indicator_a):
    services.save_observation(indicator_a, actor=personas.staff_a, year=2023, value=150, submit=True)
    with pytest.raises(ValidationError, match="已有 1 条责任单位填报的监测值"):
        services.update_indicator(
            indicator_a, actor=personas.admin, data_source=DataSource.COMPUTED, metric="organization_count"
        )
    indicator_a.refresh_from_db()
    assert indicator_a.data_source != DataSource.COMPUTED


def test_it_lets_only_the_bureau_edit_or_delete_indicators(personas, plan, indicator_a):
    for user in (personas.staff_a, personas.staff_b, personas.alice):
        with pytest.raises(PermissionDenied):
            services.update_indicator(indicator_a, actor=user, evaluable=True, name="越权")
        with pytest.raises(PermissionDenied):
            services.delete_indicator(indicator_a, actor=user)
        with pytest.raises(PermissionDenied):
            _create(plan, user, [{"year": 2025, "value": 1}])
    assert Indicator.objects.get().name == "研发经费投入"


def test_it_deletes_an_indicator_with_its_unverified_figures_and_keeps_the_history(personas, plan, indicator_a):
    services.save_observation(indicator_a, actor=personas.staff_a, year=2022, value=120, submit=True)
    services.override_status(indicator_a, actor=personas.admin, year=2022, status="at_risk", reason="口径调整")
    services.delete_indicator(indicator_a, actor=personas.admin, reason="与第 3 项重复")
    assert not Indicator.objects.exists() and not Observation.objects.exists() and not StatusOverride.objects.exists()
    gone = Indicator.history.filter(id=indicator_a.pk, history_type="-").get()
    assert (gone.history_user, gone.history_change_reason) == (personas.admin, "与第 3 项重复")
    assert Observation.history.filter(indicator_id=indicator_a.pk, history_type="-").get().value == 120


def test_it_refuses_to_delete_an_indicator_with_verified_figures(personas, plan, indicator_a):
    verified(indicator_a, 2022, 130, admin=personas.admin)
    with pytest.raises(ValidationError, match="已有 1 条已审核的监测值，不能删除"):
        services.delete_indicator(indicator_a, actor=personas.admin)
    assert Indicator.objects.filter(pk=indicator_a.pk).exists() and indicator_a.targets.count() == 1


# --- pages -------------------------------------------------------------------------------------


def _post(plan_or_indicator_url, client, rows, **fields):
    data = {
        "name": "技术合同成交额", "unit": "亿元", "category": "创新成果", "attribute": "expected", "direction": "",
        "scope": "", "baseline_year": "2020", "baseline_value": "10", "responsible_unit": "",
        "data_source": DataSource.MANUAL, "metric": "", "metric_params": "", "reason": "",
        "targets-TOTAL_FORMS": str(len(rows)), "targets-INITIAL_FORMS": "0",
        "targets-MIN_NUM_FORMS": "0", "targets-MAX_NUM_FORMS": "1000",
    }
    data.update(fields)
    for index, row in enumerate(rows):
        data.update({f"targets-{index}-{key}": value for key, value in row.items()})
    return client.post(plan_or_indicator_url, data)


def test_it_lets_the_bureau_add_an_indicator_with_relative_targets_from_the_dashboard(personas, plan, client_for):
    client = client_for(personas.admin)
    dashboard = client.get(reverse("plans:plan_dashboard", args=[plan.pk])).content.decode()
    url = reverse("plans:indicator_create", args=[plan.pk])
    assert f'href="{url}"' in dashboard
    response = _post(url, client, [
        {"year": "2025", "kind": "multiple", "comparator": ">=", "amount": "2"},
        {"year": "", "kind": "growth", "comparator": ">=", "amount": "12.5"},
        {"year": "", "kind": "value", "comparator": ">=", "amount": ""},  # a blank row is not saved
    ], responsible_unit=str(personas.unit_a.pk))
    indicator = Indicator.objects.get(name="技术合同成交额")
    assert response.status_code == 302 and response.url == reverse("plans:indicator_detail", args=[indicator.pk])
    assert indicator.responsible_unit == personas.unit_a and indicator.category == "创新成果"
    assert [(t.year, t.relative) for t in indicator.targets.order_by("id")] == [(2025, "x2"), (None, "+12.5%/yr")]
    assert indicator.history.get().history_user == personas.admin


def test_it_shows_the_service_errors_beside_the_targets_and_writes_nothing(personas, plan, client_for):
    response = _post(
        reverse("plans:indicator_create", args=[plan.pk]), client_for(personas.admin),
        [{"year": "2030", "kind": "points", "comparator": ">=", "amount": "2"}], baseline_year="", baseline_value="",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "目标 1：目标年 2030 不在规划期 2021–2025 年内。" in html
    assert "目标 1：相对目标“+2pp”需要基期值" in html
    assert not Indicator.objects.exists()


def test_it_edits_and_removes_targets_on_the_indicator_page(personas, plan, indicator_a, client_for):
    client = client_for(personas.admin)
    detail = client.get(reverse("plans:indicator_detail", args=[indicator_a.pk])).content.decode()
    url = reverse("plans:indicator_edit", args=[indicator_a.pk])
    assert f'href="{url}"' in detail
    form = client.get(url)
    assert form.context["targets"].forms[0].initial == {
        "year": 2025, "year_unknown": False, "kind": "value", "comparator": ">=", "amount": 200
    }
    rows = [
        {"year": "2025", "kind": "value", "comparator": ">=", "amount": "200", "DELETE": "on"},
        {"year": "2024", "kind": "points", "comparator": "<=", "amount": "-1.5"},
    ]
    response = _post(url, client, rows, **{
        "targets-INITIAL_FORMS": "1", "name": "研发经费投入", "baseline_value": "100", "reason": "目标改为下降",
    })
    assert response.status_code == 302
    assert [(t.year, t.comparator, t.relative) for t in indicator_a.targets.all()] == [(2024, "<=", "-1.5pp")]
    assert indicator_a.history.first().history_change_reason == "目标改为下降"


def test_it_reads_each_relative_form_back_into_the_target_row(personas, plan):
    forms = {
        "x1.3": ("multiple", 1.3), "+2pp": ("points", 2.0), "-0.5pp": ("points", -0.5), "+15%/yr": ("growth", 15.0),
    }
    for relative, (kind, amount) in forms.items():
        initial = TargetForm.initial_for(Target(year=2025, relative=relative, comparator=">="))
        assert (initial["kind"], initial["amount"]) == (kind, amount)
        form = TargetForm({"year": "2025", "kind": kind, "comparator": ">=", "amount": str(amount)})
        assert form.is_valid() and form.target()["relative"] == relative


def test_it_binds_a_computed_indicator_to_a_registered_metric(personas, plan, client_for):
    client = client_for(personas.admin)
    assert ("organization_count", "登记单位数量（年末）（家）") in client.get(
        reverse("plans:indicator_create", args=[plan.pk])
    ).context["form"].fields["metric"].choices
    rows = [{"year": "2025", "kind": "value", "comparator": ">=", "amount": "900"}]
    url = reverse("plans:indicator_create", args=[plan.pk])
    missing = _post(url, client, rows, name="单位数", data_source=DataSource.COMPUTED)
    assert "自动计算的指标需要选择计算口径。" in missing.content.decode()
    _post(url, client, rows, name="单位数", data_source=DataSource.COMPUTED, metric="organization_count",
          metric_params='{"kind": "university"}')
    indicator = Indicator.objects.get(name="单位数")
    assert (indicator.metric, indicator.metric_params) == ("organization_count", {"kind": "university"})
    _post(url, client, rows, name="手填", data_source=DataSource.MANUAL, metric="organization_count")
    assert Indicator.objects.get(name="手填").metric == ""


def test_it_deletes_from_the_confirmation_page_or_explains_the_refusal(personas, plan, indicator_a, indicator_b, client_for):
    client = client_for(personas.admin)
    verified(indicator_a, 2022, 130, admin=personas.admin)
    refused = client.get(reverse("plans:indicator_delete", args=[indicator_a.pk])).content.decode()
    assert "该指标已有 1 条已审核的监测值，不能删除" in refused and "确认删除" not in refused
    response = client.post(reverse("plans:indicator_delete", args=[indicator_a.pk]), follow=True)
    assert "不能删除" in response.content.decode() and Indicator.objects.filter(pk=indicator_a.pk).exists()
    response = client.post(reverse("plans:indicator_delete", args=[indicator_b.pk]), {"reason": "不再考核"})
    assert response.status_code == 302 and response.url == reverse("plans:plan_dashboard", args=[plan.pk])
    assert not Indicator.objects.filter(pk=indicator_b.pk).exists()


def test_it_refuses_every_editing_page_to_units_and_enterprises(personas, plan, indicator_a, indicator_b, client_for):
    urls = [
        reverse("plans:indicator_create", args=[plan.pk]),
        reverse("plans:indicator_edit", args=[indicator_a.pk]),  # unit A's own indicator
        reverse("plans:indicator_edit", args=[indicator_b.pk]),  # unit B's
        reverse("plans:indicator_delete", args=[indicator_a.pk]),
        reverse("plans:indicator_delete", args=[indicator_b.pk]),
    ]
    for user in (personas.staff_a, personas.alice):
        client = client_for(user)
        for url in urls:
            assert client.get(url).status_code == 403, url
            assert client.post(url, {"name": "越权", "reason": "x"}).status_code == 403, url
        detail = client.get(reverse("plans:indicator_detail", args=[indicator_a.pk])).content.decode()
        assert reverse("plans:indicator_edit", args=[indicator_a.pk]) not in detail
    assert set(Indicator.objects.values_list("name", flat=True)) == {"研发经费投入", "高新技术企业数量"}


def test_it_hides_a_draft_plans_indicators_from_units_with_404(personas, client_for):
    draft = services.create_plan(actor=personas.admin, title="草稿规划", start_year=2026, end_year=2030, status=PlanStatus.DRAFT)
    indicator = services.create_indicator(draft, actor=personas.admin, name="草稿指标", targets=[{"year": 2030, "value": 1}])
    client = client_for(personas.staff_a)
    assert client.get(reverse("plans:indicator_create", args=[draft.pk])).status_code == 404
    assert client.get(reverse("plans:indicator_edit", args=[indicator.pk])).status_code == 404
    assert client.post(reverse("plans:indicator_delete", args=[indicator.pk])).status_code == 404
    assert Indicator.objects.filter(pk=indicator.pk).exists()

