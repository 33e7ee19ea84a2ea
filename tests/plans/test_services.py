from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kechuang.core.audit import audit_entries
from kechuang.core.models import Notification
from kechuang.plans import selectors, services
from kechuang.plans.choices import DataSource, ObservationStatus, PlanStatus
from kechuang.plans.models import Plan, StatusOverride

from .conftest import verified


def test_it_creates_and_updates_a_plan_with_audit_entries(personas):
    plan = services.create_plan(actor=personas.admin, title="科技创新规划", start_year=2021, end_year=2025)
    services.update_plan(plan, actor=personas.admin, title="科技创新“十四五”规划", reason="按正式文件更名")
    plan.refresh_from_db()
    assert plan.title == "科技创新“十四五”规划" and plan.created_by == personas.admin
    newest, first = audit_entries(plan)
    assert (newest.action, newest.who, newest.reason) == ("修改", personas.admin, "按正式文件更名")
    assert [change.field for change in newest.changes] == ["title"]
    assert first.action == "创建"


def test_it_refuses_plan_changes_by_anyone_but_the_bureau(personas, plan):
    for user in (personas.staff_a, personas.alice):
        with pytest.raises(PermissionDenied):
            services.create_plan(actor=user, title="越权", start_year=2021, end_year=2025)
        with pytest.raises(PermissionDenied):
            services.update_plan(plan, actor=user, title="越权")
    assert Plan.objects.get().title == plan.title


def test_it_rejects_a_plan_ending_before_it_starts_and_unknown_fields(personas):
    with pytest.raises(ValidationError, match="目标年不能早于起始年"):
        services.create_plan(actor=personas.admin, title="倒序", start_year=2025, end_year=2021)
    with pytest.raises(ValidationError, match="不能设置字段：created_at"):
        services.create_plan(actor=personas.admin, title="多字段", start_year=2021, end_year=2025, created_at=None)
    assert not Plan.objects.exists()


def test_it_adds_indicators_in_order_and_replaces_their_targets(personas, plan, indicator_a, indicator_b):
    assert (indicator_a.position, indicator_b.position) == (1, 2)
    services.update_indicator(
        indicator_a, actor=personas.admin, unit="万元",
        targets=[{"year": 2025, "relative": "+15%/yr"}, {"year": 2035, "value": 500, "comparator": ">="}],
    )
    indicator_a.refresh_from_db()
    assert indicator_a.unit == "万元"
    assert [(t.year, t.value, t.relative) for t in indicator_a.targets.all()] == [
        (2025, None, "+15%/yr"), (2035, 500.0, ""),
    ]
    assert indicator_a.targets.model.history.filter(indicator_id=indicator_a.pk, history_type="-").count() == 1


def test_it_names_the_bad_target_by_its_position(personas, plan):
    with pytest.raises(ValidationError) as error:
        services.create_indicator(
            plan, actor=personas.admin, name="R&D", targets=[{"year": 2025, "value": 1}, {"year": 2030, "relative": "翻番"}]
        )
    assert any(message.startswith("目标 2：") for message in error.value.messages)
    assert not plan.indicators.exists()
    with pytest.raises(ValidationError, match="至少需要一个目标值"):
        services.create_indicator(plan, actor=personas.admin, name="无目标", targets=[])


def test_it_needs_a_known_metric_for_a_computed_indicator(personas, plan):
    with pytest.raises(ValidationError, match="计算口径"):
        services.create_indicator(
            plan, actor=personas.admin, name="单位数", data_source=DataSource.COMPUTED, targets=[{"year": 2025, "value": 9}]
        )
    with pytest.raises(ValidationError, match="未知的计算口径：nope"):
        services.create_indicator(plan, actor=personas.admin, name="单位数", metric="nope", targets=[{"value": 9}])


def test_it_walks_an_observation_from_draft_to_verified_with_notifications(
    personas, indicator_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        draft = services.save_observation(indicator_a, actor=personas.staff_a, year=2023, value=150, note="统计快报")
    assert draft.status == ObservationStatus.DRAFT
    assert not Notification.objects.exists()
    assert selectors.plan_overview(indicator_a.plan, 2023)[0].contract["latest"] is None

    with django_capture_on_commit_callbacks(execute=True):
        submitted = services.submit_observation(draft, actor=personas.staff_a)
    assert (submitted.status, submitted.submitted_by) == (ObservationStatus.SUBMITTED, personas.staff_a)
    notice = Notification.objects.get(recipient=personas.admin)
    assert "待审核：研发经费投入 2023" in notice.title
    assert notice.link == f"/plans/indicators/{indicator_a.pk}/"

    with pytest.raises(PermissionDenied):
        services.verify_observation(submitted, actor=personas.staff_a)
    with pytest.raises(PermissionDenied, match="审核前不能修改"):
        services.save_observation(indicator_a, actor=personas.staff_a, year=2023, value=999)

    with django_capture_on_commit_callbacks(execute=True):
        done = services.verify_observation(submitted, actor=personas.admin)
    assert (done.status, done.verified_by) == (ObservationStatus.VERIFIED, personas.admin)
    assert Notification.objects.filter(recipient=personas.staff_a, title__startswith="已审核").count() == 1
    notice.refresh_from_db()
    assert notice.read_at is not None, "the review request is moot once the figure is verified"
    assert selectors.plan_overview(indicator_a.plan, 2023)[0].contract["latest"] == {"year": 2023, "value": 150.0}
    reasons = [entry.reason for entry in audit_entries(done)]
    assert reasons == ["审核通过", "报送监测值", "保存监测值"]


def test_it_returns_a_figure_with_a_reason_and_lets_the_unit_resubmit(
    personas, indicator_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        observation = services.save_observation(indicator_a, actor=personas.staff_a, year=2023, value=150, submit=True)
    with pytest.raises(ValidationError, match="退回需要填写原因"):
        services.return_observation(observation, actor=personas.admin, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        returned = services.return_observation(observation, actor=personas.admin, reason="缺少统计局佐证")
    assert (returned.status, returned.return_reason) == (ObservationStatus.RETURNED, "缺少统计局佐证")
    notice = Notification.objects.get(recipient=personas.staff_a)
    assert notice.body == "缺少统计局佐证" and notice.title.startswith("已退回")
    assert not Notification.objects.filter(recipient=personas.admin, read_at__isnull=True).exists()

    services.save_observation(indicator_a, actor=personas.staff_a, year=2023, value=152)
    again = services.submit_observation(returned, actor=personas.staff_a)
    assert (again.status, again.value, again.return_reason) == (ObservationStatus.SUBMITTED, 152.0, "")


def test_it_refuses_illegal_transitions_with_the_statuses_named(personas, indicator_a):
    draft = services.save_observation(indicator_a, actor=personas.staff_a, year=2023, value=150)
    with pytest.raises(ValidationError, match="当前为“草稿”，不能改为“已审核”"):
        services.verify_observation(draft, actor=personas.admin)


def test_it_keeps_other_units_and_enterprises_out_of_an_indicator(personas, indicator_a):
    for user in (personas.staff_b, personas.alice, personas.expert):
        with pytest.raises(PermissionDenied):
            services.save_observation(indicator_a, actor=user, year=2023, value=1)
    draft = services.save_observation(indicator_a, actor=personas.staff_a, year=2023, value=150)
    with pytest.raises(PermissionDenied):
        services.submit_observation(draft, actor=personas.staff_b)
    assert indicator_a.observations.get().status == ObservationStatus.DRAFT


def test_it_lets_only_the_bureau_correct_a_verified_figure_and_with_a_reason(personas, indicator_a):
    verified(indicator_a, 2023, 150, admin=personas.admin)
    with pytest.raises(PermissionDenied, match="已审核"):
        services.save_observation(indicator_a, actor=personas.staff_a, year=2023, value=160)
    with pytest.raises(ValidationError, match="需要填写理由"):
        services.save_observation(indicator_a, actor=personas.admin, year=2023, value=160)
    corrected = services.save_observation(indicator_a, actor=personas.admin, year=2023, value=160, reason="统计年鉴修订")
    assert (corrected.value, corrected.status) == (160.0, ObservationStatus.VERIFIED)
    assert audit_entries(corrected)[0].reason == "统计年鉴修订"


def test_it_rejects_unusable_figures_and_periods(personas, indicator_a):
    with pytest.raises(ValidationError, match="年份应在"):
        services.save_observation(indicator_a, actor=personas.staff_a, year=30000, value=1)
    with pytest.raises(ValidationError, match="有限数字"):
        services.save_observation(indicator_a, actor=personas.staff_a, year=2023, value=float("nan"))
    with pytest.raises(ValidationError, match="期间“Q5”无法识别"):
        services.save_observation(indicator_a, actor=personas.staff_a, year=2023, value=1, period="q5")
    assert not indicator_a.observations.exists()


def test_it_keeps_a_unit_from_reporting_a_computed_indicator(personas, plan):
    computed = services.create_indicator(
        plan, actor=personas.admin, name="登记单位数", data_source=DataSource.COMPUTED, metric="organization_count",
        responsible_unit=personas.unit_a, targets=[{"year": 2025, "value": 10}],
    )
    with pytest.raises(PermissionDenied, match="自动计算"):
        services.save_observation(computed, actor=personas.staff_a, year=2023, value=1)


def test_it_keeps_status_overrides_in_history_beside_the_computed_status(personas, indicator_a):
    verified(indicator_a, 2023, 150, admin=personas.admin)
    with pytest.raises(PermissionDenied):
        services.override_status(indicator_a, actor=personas.staff_a, year=2023, status="on_track", reason="x")
    with pytest.raises(ValidationError, match="写明理由"):
        services.override_status(indicator_a, actor=personas.admin, year=2023, status="on_track", reason="")
    with pytest.raises(ValidationError, match="未知状态"):
        services.override_status(indicator_a, actor=personas.admin, year=2023, status="great", reason="x")

    override = services.override_status(
        indicator_a, actor=personas.admin, year=2023, status="on_track", reason="重大项目年底投产"
    )
    assert override.computed["status"] == "at_risk"
    assert override.computed["inputs"]["resolved_target"] == 200.0
    services.override_status(indicator_a, actor=personas.admin, year=2023, status="achieved", reason="提前完成")
    (row,) = selectors.plan_overview(indicator_a.plan, 2023)
    assert (row.status, row.computed_status) == ("achieved", "at_risk")

    services.clear_status_override(indicator_a, actor=personas.admin, year=2023, reason="判定有误")
    assert not StatusOverride.objects.exists()
    history = StatusOverride.history.filter(indicator_id=indicator_a.pk).order_by("history_id")
    assert [(h.history_type, h.status, h.history_change_reason) for h in history] == [
        ("+", "on_track", "重大项目年底投产"), ("~", "achieved", "提前完成"), ("-", "achieved", "判定有误"),
    ]
    assert selectors.plan_overview(indicator_a.plan, 2023)[0].status == "at_risk"


def test_it_hides_draft_plans_from_everyone_but_the_bureau(personas):
    draft = services.create_plan(actor=personas.admin, title="草稿规划", start_year=2021, end_year=2025, status=PlanStatus.DRAFT)
    assert list(Plan.objects.visible_to(personas.admin)) == [draft]
    assert not Plan.objects.visible_to(personas.staff_a).exists()


def test_it_keeps_units_from_reporting_on_a_draft_plan(personas, plan, indicator_a):
    services.update_plan(plan, actor=personas.admin, status=PlanStatus.DRAFT)
    indicator_a.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.save_observation(indicator_a, actor=personas.staff_a, year=2023, value=1)


def test_it_keeps_a_masked_years_target_beside_a_recurring_one_but_not_with_a_year(personas, plan):
    indicator = services.create_indicator(
        plan, actor=personas.admin, name="新增科技型中小企业", unit="家",
        targets=[{"year": None, "value": 200}, {"year": None, "year_unknown": True, "value": 1000}],
    )
    assert sorted(indicator.targets.values_list("year_unknown", flat=True)) == [False, True]
    with pytest.raises(ValidationError, match="目标年份不详时不能同时填写目标年"):
        services.create_indicator(
            plan, actor=personas.admin, name="技术合同成交额", targets=[{"year": 2025, "year_unknown": True, "value": 50}],
        )
