from __future__ import annotations

import io
import json

import pytest

from kechuang.cli import main as kechuang
from kechuang.core.codes import CodedError, Message
from kechuang.plans.messages import error_text, reason_text, with_reason
from kechuang.plans.progress import (
    Baseline,
    Relative,
    Target,
    Thresholds,
    annual_values,
    evaluate,
    evaluate_contract,
    parse_relative,
)

B2020 = Baseline(2020, 100.0)


def run(targets, observations, as_of, baseline=B2020, **kwargs):
    return evaluate(baseline=baseline, targets=targets, observations=observations, as_of=as_of, **kwargs)


def codes(progress):
    return [reason.code for reason in progress.reasons]


def main(args):
    """`kechuang progress ARGS…` as a process would see it: its exit code."""
    try:
        kechuang(["kechuang", "progress", *args])
    except SystemExit as exit_info:
        return exit_info.code
    return 0


# --- relative targets --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        ("x2", 200.0),
        ("x1.3", 130.0),
        ("+12pp", 112.0),
        ("+10%/yr", 100 * 1.1**5),
        ("-2pp", 98.0),
        ("-3%/yr", 100 * 0.97**5),
    ],
)
def test_it_resolves_every_relative_form_against_the_baseline(relative, expected):
    progress = run([Target(2025, None, ">=", relative)], {2021: 101}, 2022)
    assert progress.target.value == pytest.approx(expected)
    assert progress.target.year == 2025


def test_it_parses_relative_forms_into_kind_and_amount():
    assert parse_relative("x2") == Relative("multiple", 2.0)
    assert parse_relative(" ×1.5 ") == Relative("multiple", 1.5)
    assert parse_relative("+1.5pp") == Relative("points", 1.5)
    assert parse_relative("+15%/yr") == Relative("annual_growth", pytest.approx(0.15))
    assert parse_relative("-3%/yr") == Relative("annual_growth", pytest.approx(-0.03))


@pytest.mark.parametrize("text", ["x", "2x", "+5%", "+3 pp", "x-1", "x0", "-100%/yr", "", "double", None, 2])
def test_it_refuses_malformed_relative_targets_in_chinese(text):
    with pytest.raises(CodedError) as error:
        parse_relative(text)
    assert error_text(error.value).startswith(f"相对目标“{text}”")


def test_it_meets_a_resolved_target_despite_float_noise():
    # 100 × 1.3 is 130.00000000000003 in floating point
    assert run([Target(2025, None, ">=", "x1.3")], {2023: 130}, 2023).status == "achieved"


def test_it_uses_the_stated_value_when_both_forms_are_given():
    progress = run([Target(2025, 250, ">=", "x2")], {2021: 120}, 2022)
    assert progress.target.value == 250
    assert progress.inputs["target"]["relative"] == "x2"


def test_it_is_unknown_for_a_relative_target_without_baseline():
    progress = run([Target(2025, None, ">=", "x2")], {2021: 120}, 2022, baseline=None)
    assert progress.status == "unknown"
    assert progress.reasons == (Message("relative_needs_baseline", {"relative": "x2"}),)
    assert reason_text(progress.reasons) == "相对目标“x2”需要基期值，但该指标没有基期值。"
    assert progress.target.value is None


def test_it_is_unknown_for_a_growth_target_without_baseline_year():
    progress = run([Target(2025, None, ">=", "+10%/yr")], {2021: 120}, 2022, baseline=Baseline(None, 100))
    assert progress.status == "unknown"
    assert codes(progress) == ["growth_needs_years"]
    assert "基期年份" in reason_text(progress.reasons)


# --- paths, completion, status -----------------------------------------------------------------


def test_it_is_unknown_without_observations():
    progress = run([Target(2025, 200)], {}, 2022)
    assert (progress.status, reason_text(progress.reasons)) == ("unknown", "尚无监测数据。")
    assert progress.expected == pytest.approx(140.0)
    assert progress.latest is None


def test_it_follows_a_linear_path_for_absolute_targets():
    progress = run([Target(2025, 200)], {2021: 120, 2022: 140}, 2022)
    assert progress.expected == pytest.approx(140.0)
    assert progress.completion == pytest.approx(0.4)
    assert progress.status == "on_track"
    assert progress.inputs["path"] == "linear"


def test_it_follows_a_linear_path_for_multiple_and_point_targets():
    assert run([Target(2025, None, ">=", "x2")], {}, 2023).expected == pytest.approx(160.0)
    assert run([Target(2025, None, ">=", "+10pp")], {}, 2023).expected == pytest.approx(106.0)


def test_it_follows_a_geometric_path_for_growth_rate_targets():
    progress = run([Target(2025, None, ">=", "+10%/yr")], {2021: 110, 2022: 121}, 2022)
    assert progress.expected == pytest.approx(121.0)
    assert progress.inputs["path"] == "geometric"
    assert progress.inputs["forecast_fit"]["method"] == "log_linear"
    assert progress.status == "on_track"
    assert progress.forecast.value == pytest.approx(100 * 1.1**5, rel=1e-6)
    assert progress.required_annual_growth == pytest.approx(0.1, rel=1e-6)


def test_it_grades_shortfalls_with_the_thresholds():
    targets = [Target(2025, 200)]
    # the 2022 path value is 140 and the distance 100: 3 short is on track, 10 at risk, 30 off track
    assert run(targets, {2022: 137}, 2022).status == "on_track"
    assert run(targets, {2022: 130}, 2022).status == "at_risk"
    assert run(targets, {2022: 110}, 2022).status == "off_track"
    strict = Thresholds(on_track=0.01, at_risk=0.02)
    assert run(targets, {2022: 137}, 2022, thresholds=strict).status == "off_track"
    assert run(targets, {2022: 137}, 2022, thresholds=strict).inputs["thresholds"]["on_track"] == 0.01


def test_it_compares_the_latest_value_with_the_path_in_its_own_year():
    # as of 2024 the path expects 180, but the latest data are of 2022, where the path expects 140
    progress = run([Target(2025, 200)], {2022: 139}, 2024)
    assert progress.expected == pytest.approx(180.0)
    assert progress.inputs["judged_by"]["expected_at_latest"] == pytest.approx(140.0)
    assert progress.status == "on_track"


def test_it_refuses_inconsistent_thresholds():
    with pytest.raises(CodedError) as error:
        Thresholds(on_track=0.2, at_risk=0.1)
    assert "阈值" in error_text(error.value)


def test_it_counts_a_forecast_that_meets_the_target_as_on_track():
    # With no tolerance any shortfall behind the path is off track, unless the trend reaches the target.
    exact = Thresholds(on_track=0, at_risk=0)
    reaching = run([Target(2025, 200)], {2021: 130, 2022: 139}, 2022, thresholds=exact)
    assert reaching.inputs["judged_by"]["shortfall"] == pytest.approx(0.01)
    assert reaching.forecast.value == pytest.approx(201.0)
    assert reaching.status == "on_track"
    falling_short = run([Target(2025, 200)], {2021: 120, 2022: 139}, 2022, thresholds=exact)
    assert falling_short.forecast.meets_target is False
    assert falling_short.status == "off_track"


def test_it_fits_the_forecast_through_the_baseline_and_the_observations():
    progress = run([Target(2025, 200)], {2021: 110, 2022: 120}, 2022)
    assert [p["year"] for p in progress.inputs["forecast_fit"]["points"]] == [2020, 2021, 2022]
    assert progress.forecast.value == pytest.approx(150.0)
    assert progress.forecast.meets_target is False


def test_it_prefers_an_observation_of_the_baseline_year_over_the_baseline_in_the_fit():
    progress = run([Target(2025, 200)], {2020: 90, 2022: 110}, 2022)
    assert progress.inputs["forecast_fit"]["points"] == [
        {"year": 2020, "value": 90.0},
        {"year": 2022, "value": 110.0},
    ]


def test_it_makes_no_forecast_from_a_single_point():
    progress = run([Target(2025, 200)], {2022: 110}, 2022, baseline=None)
    assert progress.forecast is None


def test_it_treats_a_ceiling_as_lower_is_better():
    ceiling = [Target(2025, 0.5, "<=")]
    base = Baseline(2020, 0.7)
    progress = run(ceiling, {2022: 0.6}, 2022, baseline=base)
    assert progress.inputs["direction"] == "lower"
    assert progress.completion == pytest.approx(0.5)
    assert run(ceiling, {2022: 0.45}, 2022, baseline=base).status == "achieved"
    assert run(ceiling, {2022: 0.69}, 2022, baseline=base).status == "off_track"
    assert run(ceiling, {2025: 0.55}, 2025, baseline=base).status == "off_track"


def test_it_defines_ceiling_completion_without_baseline_as_target_over_latest():
    ceiling = [Target(2025, 2.0, "<=")]
    assert run(ceiling, {2022: 2.5}, 2022, baseline=None).completion == pytest.approx(0.8)
    assert run(ceiling, {2022: 1.5}, 2022, baseline=None).completion == 1.0


def test_it_meets_an_approximate_target_within_tolerance_on_either_side():
    assert run([Target(2025, 100, "=")], {2025: 103}, 2025).status == "achieved"
    assert run([Target(2025, 100, "=")], {2025: 97}, 2025).status == "achieved"
    assert run([Target(2025, 100, "=")], {2025: 110}, 2025).status == "off_track"
    assert (
        run([Target(2025, 100, "=")], {2025: 101}, 2025, thresholds=Thresholds(equal_tolerance=0)).status
        == "off_track"
    )


def test_it_reads_the_direction_of_an_approximate_target_from_the_baseline():
    # 三次产业比重 3 左右 from 5: the share is meant to fall
    progress = run([Target(2025, 3, "=")], {2022: 4.2}, 2022, baseline=Baseline(2020, 5))
    assert progress.inputs["direction"] == "lower"
    assert progress.completion == pytest.approx(0.4)
    assert progress.status == "on_track"


def test_it_lets_an_explicit_direction_override_the_comparator():
    progress = run([Target(2025, 50, ">=")], {2022: 60}, 2022, baseline=None, direction="lower")
    assert progress.inputs["direction"] == "lower"
    with pytest.raises(CodedError) as error:
        run([Target(2025, 50)], {2022: 60}, 2022, direction="up")
    assert "方向" in error_text(error.value)


def test_it_handles_a_zero_baseline():
    progress = run([Target(2025, 10)], {2021: 2, 2022: 4}, 2022, baseline=Baseline(2020, 0))
    assert progress.completion == pytest.approx(0.4)
    assert progress.status == "on_track"
    assert (
        run([Target(2025, None, ">=", "+5pp")], {2022: 3}, 2022, baseline=Baseline(2020, 0)).target.value == 5
    )


@pytest.mark.parametrize("relative", ["+10%/yr", "x2"])
def test_it_is_unknown_for_growth_or_multiples_of_a_zero_baseline(relative):
    progress = run([Target(2025, None, ">=", relative)], {2022: 3}, 2022, baseline=Baseline(2020, 0))
    assert progress.status == "unknown"
    assert "基期值为 0，" in reason_text(progress.reasons)


def test_it_judges_without_a_baseline_by_the_trend():
    targets = [Target(2025, 1000)]
    single = run(targets, {2022: 800}, 2022, baseline=None)
    assert single.status == "unknown"
    assert codes(single) == ["no_baseline_short_series"]
    rising = run(targets, {2021: 600, 2022: 700, 2023: 800}, 2023, baseline=None)
    assert rising.status == "on_track"
    assert rising.completion == pytest.approx(0.8)
    slowing = run(targets, {2021: 700, 2022: 750, 2023: 800}, 2023, baseline=None)
    assert (slowing.forecast.value, slowing.status) == (pytest.approx(900), "at_risk")
    flat = run(targets, {2021: 600, 2022: 610, 2023: 620}, 2023, baseline=None)
    assert flat.status == "off_track"


def test_it_picks_the_nearest_target_at_or_after_as_of():
    targets = [Target(2035, 500), Target(2025, 200)]
    assert run(targets, {2022: 140}, 2022).target.year == 2025
    assert run(targets, {2025: 200}, 2025).target.year == 2025
    assert run(targets, {2026: 260}, 2026).target.year == 2035
    assert run(targets, {2036: 400}, 2036).target.year == 2035


def test_it_skips_missing_years_and_ignores_data_after_as_of():
    progress = run([Target(2025, 200)], {2021: 120, 2024: 300}, 2022)
    assert progress.latest.year == 2021
    assert progress.inputs["observations"] == [{"year": 2021, "value": 120.0}]
    gappy = run([Target(2025, 200)], {2021: 120, 2024: 180}, 2024)
    assert gappy.latest.year == 2024
    assert [p["year"] for p in gappy.inputs["forecast_fit"]["points"]] == [2020, 2021, 2024]


def test_it_uses_the_latest_period_of_each_year_and_the_annual_figure_above_all():
    data = [
        (2022, "Q4", 30),
        (2022, "Q1", 10),
        (2023, None, 50),
        (2023, "Q2", 20),
        (2024, "2024-06", 5),
        (2024, 3, 4),
    ]
    assert annual_values(data) == {2022: 30.0, 2023: 50.0, 2024: 5.0}
    with pytest.raises(CodedError) as error:
        annual_values([(2022, "Q5", 1)])
    assert error_text(error.value).startswith("期间“Q5”无法识别")


def test_it_refuses_non_finite_observations():
    with pytest.raises(CodedError) as error:
        run([Target(2025, 200)], {2022: float("nan")}, 2022)
    assert error_text(error.value) == "2022 年的监测值不是有限数字。"


def test_it_never_reports_on_track_once_the_target_year_has_passed():
    progress = run([Target(2025, 200)], {2023: 190, 2024: 199}, 2026)
    assert progress.status == "off_track"
    assert progress.reasons == (Message("target_year_without_data", {"target_year": 2025, "year": 2024}),)
    assert progress.required_annual_growth is None
    assert run([Target(2025, 200)], {2025: 205}, 2026).status == "achieved"


def test_it_still_grades_a_target_in_its_own_year_until_that_year_is_reported():
    assert run([Target(2025, 200)], {2024: 185}, 2025).status == "on_track"
    assert run([Target(2025, 200)], {2024: 185, 2025: 195}, 2025).status == "off_track"


def test_it_judges_a_passed_target_on_its_own_year_despite_later_data():
    missed = run([Target(2025, 200)], {2025: 190, 2026: 210}, 2027)
    assert (missed.status, missed.latest.year) == ("off_track", 2026)
    assert reason_text(missed.reasons) == "目标年 2025 年未达成；2026 年为 210，已达到目标。"
    met = run([Target(2025, 200)], {2025: 205, 2026: 195}, 2027)
    assert met.status == "achieved"
    assert met.inputs["deciding"] == {"year": 2025, "value": 205.0}


def test_it_evaluates_a_plan_whose_data_is_all_in():
    targets = [Target(2025, 1000)]
    data = {2021: 600, 2022: 700, 2023: 800, 2024: 900, 2025: 1010}
    progress = run(targets, data, 2025, baseline=Baseline(2020, 494))
    assert progress.status == "achieved"
    assert progress.completion == pytest.approx(516 / 506)
    assert progress.forecast is None
    assert progress.required_annual_growth is None


def test_it_achieves_a_target_early_when_the_latest_value_meets_it():
    progress = run([Target(2025, 200)], {2023: 201}, 2023)
    assert progress.status == "achieved"
    assert progress.required_annual_growth == pytest.approx((200 / 201) ** 0.5 - 1)


def test_it_treats_a_target_without_year_as_recurring():
    progress = run([Target(None, 50)], {2022: 55}, 2022, baseline=None)
    assert (progress.status, progress.target.year, progress.reasons) == ("achieved", None, ())
    assert progress.inputs["path"] == "recurring"
    late = run([Target(None, 50)], {2022: 55}, 2023, baseline=None)
    assert late.status == "achieved"
    assert "按 2022 年" in reason_text(late.reasons)
    assert (late.expected, late.forecast, late.required_annual_growth) == (None, None, None)


def test_it_is_unknown_behind_a_target_whose_year_is_masked():
    progress = run([Target(None, 50, year_unknown=True)], {2021: 30, 2022: 45}, 2023, baseline=Baseline(2020, 20))
    assert progress.status == "unknown"
    assert progress.reasons == (Message("target_year_unknown"),)
    assert "目标年份不详" in reason_text(progress.reasons)
    assert progress.completion == pytest.approx(0.9)


def test_it_is_unknown_behind_the_path_when_the_baseline_year_is_masked():
    # A steady rise whose trend would meet the target: still no path to be behind or ahead of.
    rising = run([Target(2025, 1000)], {2021: 600, 2022: 700, 2023: 800}, 2023, baseline=Baseline(None, 500))
    assert (rising.status, rising.reasons) == ("unknown", (Message("baseline_year_unknown"),))
    assert rising.forecast.meets_target
    assert "基期年份不详" in reason_text(rising.reasons)
    flat = run([Target(2025, 1000)], {2021: 600, 2022: 610, 2023: 620}, 2023, baseline=Baseline(None, 500))
    assert flat.status == "unknown"
    # Once the target year is over its own value decides: no path, so the baseline year does not matter.
    missed = run([Target(2025, 1000)], {2025: 900}, 2026, baseline=Baseline(None, 500))
    assert (missed.status, codes(missed)) == ("off_track", [])


def test_it_names_both_years_when_both_are_masked():
    progress = run([Target(None, 1000, year_unknown=True)], {2023: 800}, 2023, baseline=Baseline(None, 500))
    assert codes(progress) == ["baseline_and_target_year_unknown"]
    assert "基期年份和目标年份均不详" in reason_text(progress.reasons)


def test_it_achieves_a_target_of_a_masked_year_once_a_known_value_meets_it():
    assert run([Target(None, 50, year_unknown=True)], {2022: 55}, 2022, baseline=Baseline(None, 20)).status == "achieved"
    early = run([Target(2025, 1000)], {2023: 1010}, 2023, baseline=Baseline(None, 500))
    assert (early.status, early.reasons) == ("achieved", ())
    passed = run([Target(2025, 1000)], {2025: 1000}, 2026, baseline=Baseline(None, 500))
    assert passed.status == "achieved"


def test_it_finds_a_recurring_target_missed_but_a_masked_years_target_not_yet():
    recurring = run([Target(None, 50)], {2022: 45}, 2022, baseline=None)
    assert (recurring.status, recurring.reasons) == ("off_track", ())
    masked = run([Target(None, 50, year_unknown=True)], {2022: 45}, 2022, baseline=None)
    assert (masked.status, codes(masked)) == ("unknown", ["target_year_unknown"])
    # A recurring target needs no baseline year: a masked baseline leaves it judged.
    assert run([Target(None, 50)], {2022: 45}, 2022, baseline=Baseline(None, 20)).status == "off_track"


def test_it_reads_a_recurring_growth_target_as_growth_over_the_year_before():
    progress = run([Target(None, None, ">=", "+10%/yr")], {2022: 100, 2023: 111}, 2023, baseline=None)
    assert progress.target.value == pytest.approx(110)
    assert progress.status == "achieved"
    assert progress.inputs["target_reference"] == {"year": 2022, "value": 100.0}
    gap = run([Target(None, None, ">=", "+10%/yr")], {2021: 100, 2023: 111}, 2023, baseline=None)
    assert gap.status == "unknown"
    assert gap.reasons == (Message("recurring_growth_needs_previous", {"relative": "+10%/yr", "year": 2022}),)


def test_it_prefers_a_dated_target_to_a_recurring_one():
    targets = [Target(None, 20), Target(2025, 200)]
    assert run(targets, {2022: 150}, 2022).target.year == 2025
    assert run(targets, {2026: 30}, 2026).target.year is None


def test_it_exposes_the_inputs_behind_each_result():
    progress = run([Target(2025, 200)], {2022: 130}, 2022)
    assert progress.inputs["baseline"] == {"year": 2020, "value": 100.0}
    assert progress.inputs["target"] == {"year": 2025, "value": 200, "comparator": ">=", "relative": None, "year_unknown": False}
    assert progress.inputs["resolved_target"] == 200
    assert progress.inputs["observations"] == [{"year": 2022, "value": 130.0}]
    assert progress.inputs["deciding"] == {"year": 2022, "value": 130.0}
    assert progress.inputs["thresholds"] == {"on_track": 0.05, "at_risk": 0.15, "equal_tolerance": 0.05}


def test_it_refuses_an_indicator_without_targets():
    with pytest.raises(CodedError) as error:
        run([], {2022: 1}, 2022)
    assert "没有任何目标" in error_text(error.value)


# --- the JSON contract -------------------------------------------------------------------------


CONTRACT = {
    "indicator": {
        "name": "高新技术企业数量",
        "unit": "家",
        "scope": "全市",
        "baseline": {"year": 2020, "value": 494},
        "targets": [{"year": 2025, "value": 1000, "comparator": ">=", "relative": None}],
        "attribute": "预期性",
        "quote": "高新技术企业数量（家） 494 1000",
    },
    "observations": [{"year": 2021, "value": 560}, {"year": 2022, "value": 640}],
    "as_of": 2023,
}


def copy_contract():
    return json.loads(json.dumps(CONTRACT))


def test_it_answers_the_contract_with_exactly_the_documented_keys():
    result = with_reason(evaluate_contract(CONTRACT))
    assert list(result)[:2] == ["status", "reason"]
    assert set(result) == {
        "status",
        "reason",
        "reasons",
        "target",
        "expected",
        "completion",
        "latest",
        "forecast",
        "required_annual_growth",
    }
    assert result["status"] == "at_risk"
    assert (result["reason"], result["reasons"]) == (None, [])
    assert result["target"] == {"year": 2025, "value": 1000.0}
    assert result["latest"] == {"year": 2022, "value": 640.0}
    assert result["expected"] == pytest.approx(494 + 506 * 3 / 5, abs=1e-6)
    assert result["completion"] == pytest.approx(146 / 506, abs=1e-6)
    assert result["required_annual_growth"] == pytest.approx((1000 / 640) ** (1 / 3) - 1, abs=1e-6)
    assert set(result["forecast"]) == {"year", "value", "meets_target"}
    json.dumps(result, allow_nan=False)


def test_it_resolves_a_relative_target_in_the_contract():
    payload = copy_contract()
    payload["indicator"]["targets"] = [{"year": 2025, "value": None, "comparator": None, "relative": "x2"}]
    result = evaluate_contract(payload)
    assert result["target"] == {"year": 2025, "value": 988.0}


def test_it_accepts_periods_and_unicode_comparators_in_the_contract():
    payload = copy_contract()
    payload["indicator"]["targets"][0]["comparator"] = "≤"
    payload["observations"] = [
        {"year": 2022, "value": 300, "period": "H1"},
        {"year": 2022, "value": 640, "period": "Q4"},
    ]
    result = evaluate_contract(payload)
    assert result["latest"] == {"year": 2022, "value": 640.0}
    assert result["status"] == "achieved"


def test_it_applies_custom_thresholds_to_the_contract():
    assert evaluate_contract(CONTRACT, Thresholds(on_track=0.3, at_risk=0.4))["status"] == "on_track"


def test_it_reports_an_unresolvable_target_as_unknown_in_the_contract():
    payload = copy_contract()
    payload["indicator"]["baseline"] = None
    payload["indicator"]["targets"] = [
        {"year": 2025, "value": None, "comparator": ">=", "relative": "+15%/yr"}
    ]
    result = evaluate_contract(payload)
    assert (result["status"], result["target"]) == ("unknown", {"year": 2025, "value": None})
    assert result["reasons"] == [{"code": "relative_needs_baseline", "params": {"relative": "+15%/yr"}}]


@pytest.mark.parametrize(
    ("mutate", "where"),
    [
        (lambda p: p.pop("indicator"), "indicator"),
        (lambda p: p["indicator"].pop("targets"), "indicator.targets"),
        (lambda p: p["indicator"].update(targets=[]), "indicator.targets"),
        (lambda p: p["indicator"].update(targets=["2025"]), "indicator.targets[0]"),
        (lambda p: p["indicator"]["targets"][0].update(relative="double"), "indicator.targets[0].relative"),
        (lambda p: p["indicator"]["targets"][0].update(relative=2), "indicator.targets[0].relative"),
        (lambda p: p["indicator"]["targets"][0].update(comparator=">"), "indicator.targets[0].comparator"),
        (lambda p: p["indicator"]["targets"][0].update(comparator=[">="]), "indicator.targets[0].comparator"),
        (lambda p: p["indicator"]["targets"][0].update(value="1000"), "indicator.targets[0].value"),
        (lambda p: p["indicator"]["targets"][0].update(value=None), "indicator.targets[0]"),
        (lambda p: p["indicator"]["targets"][0].update(year="2025"), "indicator.targets[0].year"),
        (lambda p: p["indicator"]["targets"][0].update(year=2025.5), "indicator.targets[0].year"),
        (lambda p: p["indicator"].update(baseline={"year": 2020}), "indicator.baseline.value"),
        (lambda p: p["indicator"].update(baseline=494), "indicator.baseline"),
        (lambda p: p["indicator"].update(direction="up"), "indicator.direction"),
        (lambda p: p.update(observations={"2022": 640}), "observations"),
        (lambda p: p["observations"].append({"year": "2023", "value": 1}), "observations[2].year"),
        (lambda p: p["observations"].append({"year": 2023, "value": True}), "observations[2].value"),
        (lambda p: p["observations"].append(640), "observations[2]"),
        (
            lambda p: p["observations"].append({"year": 2023, "value": 1, "period": "Q9"}),
            "observations[2].period",
        ),
        (lambda p: p.pop("as_of"), "as_of"),
        (lambda p: p.update(as_of=20230), "as_of"),
    ],
)
def test_it_names_the_bad_field_of_a_malformed_contract(mutate, where):
    payload = copy_contract()
    mutate(payload)
    with pytest.raises(CodedError) as error:
        evaluate_contract(payload)
    assert error.value.message.params["where"] == where
    assert error_text(error.value).startswith(where)


def test_it_refuses_a_contract_that_is_not_an_object():
    with pytest.raises(CodedError) as error:
        evaluate_contract([CONTRACT])
    assert error_text(error.value).startswith("输入应为 JSON 对象")


def test_it_runs_from_the_command_line(tmp_path, capsys):
    good = tmp_path / "good.json"
    good.write_text(json.dumps(CONTRACT, ensure_ascii=False), encoding="utf-8")
    assert main([str(good)]) == 0
    out = capsys.readouterr().out
    assert json.loads(out)["status"] == "at_risk"
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    assert main([str(bad)]) == 2
    assert "不是有效的 JSON" in capsys.readouterr().err


def test_it_reports_reading_and_contract_errors_on_stderr(tmp_path, capsys):
    assert main([str(tmp_path / "missing.json")]) == 2
    assert "无法读取" in capsys.readouterr().err
    gbk = tmp_path / "gbk.json"
    gbk.write_bytes('{"名": 1}'.encode("gbk"))
    assert main([str(gbk)]) == 2
    assert "UTF-8" in capsys.readouterr().err
    assert main([]) == 2
    assert "用法" in capsys.readouterr().err


def test_it_reads_the_contract_from_standard_input(monkeypatch, capsys):
    payload = copy_contract()
    payload.pop("as_of")
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(payload)))
    assert main(["-"]) == 2
    captured = capsys.readouterr()
    assert "as_of" in captured.err
    assert captured.out == ""
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(CONTRACT)))
    assert main(["-"]) == 0
    assert json.loads(capsys.readouterr().out) == with_reason(evaluate_contract(CONTRACT))


def test_it_draws_the_growth_path_from_a_denormal_baseline_without_overflow():
    # 1 / 2.2e-311 overflows a float; the path is computed in logarithms instead.
    progress = evaluate(
        baseline=Baseline(2015, 2.225073858507e-311),
        targets=[Target(2016, 1.0, ">=", "+15%/yr")],
        observations={},
        as_of=2016,
    )
    assert progress.expected == pytest.approx(1.0)
    json.dumps(progress.as_contract(), allow_nan=False)


def test_it_turns_overflowing_figures_into_null_with_a_reason():
    # latest ÷ target without a baseline: 1e308 ÷ 1e-310 is infinite.
    progress = evaluate(baseline=None, targets=[Target(2030, 1e-310)], observations={2021: 1e308}, as_of=2021)
    contract = progress.as_contract()
    json.dumps(contract, allow_nan=False)
    assert contract["status"] == "achieved"
    assert contract["completion"] is None
    assert contract["reasons"] == [
        {"code": "figures_out_of_range", "params": {"figures": [{"code": "figure_completion", "params": {}}]}}
    ]
    assert with_reason(contract)["reason"] == "完成度超出可计算范围，未给出。"


def test_it_refuses_a_relative_target_that_overflows():
    progress = evaluate(
        baseline=Baseline(2020, 1e300), targets=[Target(2200, None, ">=", "+99999%/yr")], observations={}, as_of=2021
    )
    assert progress.status == "unknown"
    assert codes(progress) == ["target_out_of_range"]
