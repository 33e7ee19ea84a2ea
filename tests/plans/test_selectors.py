from __future__ import annotations

import pytest

from kechuang.plans import selectors, services
from kechuang.plans.messages import with_reason
from kechuang.plans.progress import evaluate_contract

from .conftest import verified


def test_it_gives_each_indicator_row_its_contract_override_and_sparkline(plan, indicator_a, indicator_b, personas):
    for year, value in ((2021, 120), (2022, 140), (2023, 160)):
        verified(indicator_a, year, value, admin=personas.admin)
    services.save_observation(indicator_b, actor=personas.staff_b, year=2023, value=999)  # a draft: not counted
    services.override_status(indicator_b, actor=personas.admin, year=2023, status="at_risk", reason="口径调整")

    rows = selectors.plan_overview(plan, 2023)

    assert [row.indicator.name for row in rows] == ["研发经费投入", "高新技术企业数量"]
    first, second = rows
    assert first.sparkline == [(2021, 120.0), (2022, 140.0), (2023, 160.0)]
    assert first.contract == with_reason(evaluate_contract(
        {
            "indicator": {"baseline": {"year": 2020, "value": 100}, "targets": [{"year": 2025, "value": 200}]},
            "observations": [{"year": 2021, "value": 120}, {"year": 2022, "value": 140}, {"year": 2023, "value": 160}],
            "as_of": 2023,
        },
        selectors.thresholds(),
    ))
    assert first.override is None and first.status == first.computed_status
    assert second.sparkline == []
    assert second.computed_status == "unknown"
    assert (second.status, second.status_label, second.override.reason) == ("at_risk", "存在风险", "口径调整")
    assert first.status == "on_track"
    assert selectors.status_counts(rows)["at_risk"] == 1


def test_it_answers_unknown_with_a_reason_for_an_indicator_without_targets(plan, indicator_a):
    indicator_a.targets.all().delete()
    (row,) = selectors.plan_overview(plan, 2023)
    assert row.progress is None
    assert row.contract["status"] == "unknown" and row.contract["reason"] == "该指标尚未设置目标值。"


def test_it_draws_the_path_actuals_forecast_and_targets_of_an_indicator(indicator_a, personas):
    verified(indicator_a, 2021, 110, admin=personas.admin)
    verified(indicator_a, 2022, 130, admin=personas.admin)

    chart = selectors.indicator_chart(indicator_a, 2022)

    assert chart["expected"] == [[2020, 100.0], [2021, 120.0], [2022, 140.0], [2023, 160.0], [2024, 180.0], [2025, 200.0]]
    assert chart["actual"] == [[2021, 110.0], [2022, 130.0]]
    assert chart["targets"] == [{"year": 2025, "value": 200.0, "comparator": ">="}]
    assert chart["forecast"]["year"] == 2025
    assert chart["forecast"]["value"] == pytest.approx(340 / 3 + 15 * 4)  # least squares through 100, 110, 130
    assert chart["forecast_line"][0] == [2022, 130.0]
    assert chart["years"] == [2020, 2021, 2022, 2023, 2024, 2025]


def test_it_builds_the_overview_of_200_indicators_in_constant_queries(
    plan, personas, django_assert_max_num_queries
):
    from kechuang.plans.choices import ObservationStatus
    from kechuang.plans.models import Indicator, Observation, Target

    # Bulk rows: the query bound is what is tested here, not the services.
    indicators = Indicator.objects.bulk_create(
        Indicator(plan=plan, name=f"指标{i}", position=i, baseline_year=2015, baseline_value=10 + i,
                  responsible_unit=personas.unit_a)
        for i in range(200)
    )
    Target.objects.bulk_create(Target(indicator=ind, year=2030, value=100 + ind.position) for ind in indicators)
    Observation.objects.bulk_create(
        Observation(indicator=ind, year=year, value=20 + year - 2015, status=ObservationStatus.VERIFIED)
        for ind in indicators for year in range(2016, 2026)
    )
    with django_assert_max_num_queries(4):
        rows = selectors.plan_overview(plan, 2025)
    assert len(rows) == 200
    assert all(len(row.sparkline) == 10 for row in rows)


def test_it_loads_neither_evidence_files_nor_a_plan_copy_per_indicator(
    plan, indicator_a, indicator_b, personas, django_assert_num_queries
):
    observation = services.save_observation(
        indicator_a, actor=personas.admin, year=2022, value=130, evidence_name="快报.pdf", evidence=b"%PDF-1.4", submit=True,
    )
    services.verify_observation(observation, actor=personas.admin)
    rows = selectors.plan_overview(plan, 2023)
    # Progress reads bare figures: neither the evidence file nor even an Observation is loaded.
    assert rows[0].indicator.verified_observations == [selectors.Figure(2022, "", 130.0)]
    with django_assert_num_queries(0):
        assert all(row.indicator.plan is plan for row in rows)
