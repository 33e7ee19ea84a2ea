from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kechuang.plans import services as plan_services
from kechuang.supervision import services
from kechuang.supervision.scorecards import plan_scorecard

D = datetime.date


@pytest.fixture
def year_2025(world, personas):
    """A year of records: see the expected figures in each test."""
    first, second = world.task_a.milestones.all()
    services.complete_milestone(first, actor=None, completed_on=D(2025, 3, 30))
    services.complete_milestone(second, actor=None, completed_on=D(2025, 10, 15))
    services.submit_report(world.task_a, actor=personas.staff_a, organization=personas.unit_a, period="2025-Q1",
                           text="按时", today=D(2025, 4, 5))
    services.submit_report(world.task_a, actor=personas.staff_a, organization=personas.unit_a, period="2025-Q2",
                           text="晚了", today=D(2025, 7, 20))
    services.submit_report(world.task_a, actor=personas.staff_b, period="2025-Q1", text="配合", today=D(2025, 4, 1))
    for period, day in (("2025-Q1", D(2025, 4, 1)), ("2025-Q2", D(2025, 7, 1)), ("2025-Q3", D(2025, 10, 1))):
        services.submit_report(world.task_b, actor=personas.staff_b, period=period, text="按时", today=day)
    good = plan_services.create_indicator(
        world.plan, actor=None, name="高新技术企业数量", unit="家", baseline_year=2024, baseline_value=100,
        responsible_unit=personas.unit_a, targets=[{"year": 2027, "value": 200}],
    )
    weak = plan_services.create_indicator(
        world.plan, actor=None, name="科技贷款余额", unit="亿元", baseline_year=2024, baseline_value=10,
        responsible_unit=personas.unit_b, targets=[{"year": 2025, "value": 20}],
    )
    for indicator, value in ((good, 180), (weak, 11)):
        observation = plan_services.save_observation(indicator, actor=None, year=2025, value=value, submit=True)
        plan_services.verify_observation(observation, actor=None)
    return good, weak


def test_it_scores_units_from_their_records_with_the_plans_weights(world, personas, year_2025):
    card = plan_scorecard(world.plan, 2025)
    a, b = card.row_for(personas.unit_a.pk), card.row_for(personas.unit_b.pk)
    # unit_a leads: milestones 1/2, reports 1/6 (一 and 一.1, Q1–Q3), indicator on track 1/1, no notices.
    assert a.result.dimensions["milestones"].rate == 0.5
    assert a.result.dimensions["reports"].rate == pytest.approx(1 / 6)
    assert a.score == pytest.approx(100 * (0.4 * 0.5 + 0.2 / 6 + 0.3 * 1) / 0.9)
    # unit_b: supports 一.1's milestones (1/2 at weight 0.5), reports 3/3 lead + 1/1 support, indicator off track.
    assert b.result.dimensions["milestones"].rate == 0.5
    assert b.result.dimensions["reports"].rate == 1.0
    assert b.result.dimensions["indicators"].rate == 0.0
    assert b.score == pytest.approx(100 * (0.4 * 0.5 + 0.2 * 1) / 0.9)
    assert [row.organization for row in card.rows] == [personas.unit_a, personas.unit_b]
    assert (a.rank, b.rank) == (1, 2)


def test_it_opens_each_score_down_to_its_records(world, personas, year_2025):
    row = plan_scorecard(world.plan, 2025).row_for(personas.unit_a.pk)
    milestones = {record.title: (item.on_time, record.verdict) for item, record in row.records("milestones")}
    assert milestones == {"出台培育办法": (True, "按期完成"), "完成首批认定": (False, "逾期完成")}
    reports = sorted((record.task, record.title, record.verdict) for _item, record in row.records("reports"))
    assert reports[:3] == [
        ("一 提升企业创新能力", "2025-Q1", "逾期未报"), ("一 提升企业创新能力", "2025-Q2", "逾期未报"),
        ("一 提升企业创新能力", "2025-Q3", "逾期未报"),
    ]
    assert ("一.1 培育高新技术企业", "2025-Q2", "逾期报送") in reports
    assert [(record.title, item.on_time) for item, record in row.records("indicators")] == [("高新技术企业数量", True)]


def test_it_follows_the_bureaus_status_override(world, personas, year_2025):
    _good, weak = year_2025
    plan_services.override_status(weak, actor=None, year=2025, status="on_track", reason="统计口径调整，按新口径已达进度")
    row = plan_scorecard(world.plan, 2025).row_for(personas.unit_b.pk)
    [(item, record)] = row.records("indicators")
    assert item.on_time and "人工判定" in record.verdict


def test_it_weights_supporting_roles_as_the_bureau_sets(world, personas, year_2025):
    services.save_supervision_settings(world.plan, actor=personas.admin, support_role_weight=0.0)
    row = plan_scorecard(world.plan, 2025).row_for(personas.unit_b.pk)
    assert row.result.dimensions["milestones"].rate is None  # only supporting items, weighted 0
    assert row.result.dimensions["reports"].rate == 1.0


def test_it_counts_notices_answered_on_time(world, personas):
    today = timezone.localdate()
    notice = services.issue_notice(world.task_b, actor=personas.admin, organization=personas.unit_b,
                                   subject="进度滞后", body="请说明", reply_due=today)
    services.answer_notice(notice, actor=personas.staff_b, reply="已整改")
    row = plan_scorecard(world.plan, today.year).row_for(personas.unit_b.pk)
    [(item, record)] = row.records("notices")
    assert item.on_time and record.verdict == "按时答复" and item.role == "lead"


def test_it_leaves_a_unit_without_records_unscored_and_last(world, personas):
    card = plan_scorecard(world.plan, 2024)
    assert all(row.score is None and row.rank is None for row in card.rows)


def test_it_computes_a_scorecard_in_a_bounded_number_of_queries(world, personas, year_2025):
    with CaptureQueriesContext(connection) as small:
        plan_scorecard(world.plan, 2025)
    for index in range(8):
        task = services.create_task(world.plan, actor=None, title=f"任务{index}", lead_units=[personas.unit_b],
                                    support_units=[personas.unit_a])
        services.add_milestone(task, actor=None, title="节点", due_date=D(2025, 6, 30))
        services.submit_report(task, actor=personas.staff_b, period="2025-Q1", text="进展", today=D(2025, 4, 1))
    with CaptureQueriesContext(connection) as large:
        plan_scorecard(world.plan, 2025)
    assert len(large.captured_queries) == len(small.captured_queries) <= 12
