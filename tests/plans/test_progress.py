from __future__ import annotations

import json

import pytest

from kechuang.plans.progress import (
    Baseline,
    Target,
    Thresholds,
    evaluate,
    evaluate_contract,
    main,
    parse_relative,
)

B2020 = Baseline(2020, 100.0)


def run(targets, observations, as_of, baseline=B2020, **kwargs):
    return evaluate(baseline=baseline, targets=targets, observations=observations, as_of=as_of, **kwargs)


@pytest.mark.parametrize(
    ("relative", "expected"),
    [("x2", 200.0), ("x1.3", 130.0), ("+12pp", 112.0), ("+10%/yr", 100 * 1.1**5)],
)
def test_it_resolves_every_relative_form_against_the_baseline(relative, expected):
    progress = run([Target(2025, None, ">=", relative)], {2021: 101}, 2022)
    assert progress.target_value == pytest.approx(expected)


def test_it_refuses_malformed_relative_targets_in_chinese():
    for text in ("x", "2x", "+5%", "+3 pp", "x-1", "x0"):
        with pytest.raises(ValueError, match="相对目标|倍数"):
            parse_relative(text)


def test_it_uses_the_stated_value_when_both_forms_are_given():
    progress = run([Target(2025, 250, ">=", "x2")], {2021: 120}, 2022)
    assert progress.target_value == 250


def test_it_is_unknown_for_a_relative_target_without_baseline():
    progress = run([Target(2025, None, ">=", "x2")], {2021: 120}, 2022, baseline=None)
    assert progress.status == "unknown"
    assert "基期值" in progress.reason


def test_it_is_unknown_without_observations():
    progress = run([Target(2025, 200)], {}, 2022)
    assert (progress.status, progress.reason) == ("unknown", "尚无监测数据。")
    assert progress.expected == pytest.approx(140.0)


def test_it_follows_a_linear_path_for_absolute_targets():
    progress = run([Target(2025, 200)], {2021: 120, 2022: 140}, 2022)
    assert progress.expected == pytest.approx(140.0)
    assert progress.completion == pytest.approx(0.4)
    assert progress.status == "on_track"


def test_it_follows_a_geometric_path_for_growth_rate_targets():
    progress = run([Target(2025, None, ">=", "+10%/yr")], {2021: 110, 2022: 121}, 2022)
    assert progress.expected == pytest.approx(121.0)
    assert progress.inputs["path"] == "geometric"
    assert progress.status == "on_track"
    assert progress.forecast.value == pytest.approx(100 * 1.1**5, rel=1e-6)
    assert progress.required_annual_growth == pytest.approx(0.1, rel=1e-6)


def test_it_grades_shortfalls_with_the_thresholds():
    targets = [Target(2025, 200)]
    # expected 2022 value is 140; the distance is 100, so 3 short is on track, 10 at risk, 30 off track
    assert run(targets, {2022: 137}, 2022).status == "on_track"
    assert run(targets, {2022: 130}, 2022).status == "at_risk"
    assert run(targets, {2022: 110}, 2022).status == "off_track"
    strict = Thresholds(on_track=0.01, at_risk=0.02)
    assert run(targets, {2022: 137}, 2022, thresholds=strict).status == "off_track"


def test_it_counts_a_forecast_that_meets_the_target_as_on_track():
    # 10 behind the 2023 path value of 160 (at risk by shortfall), but rising 50 a year
    progress = run([Target(2025, 200)], {2022: 100, 2023: 150}, 2023)
    assert progress.forecast.value == pytest.approx(250)
    assert progress.status == "on_track"
    assert run([Target(2025, 200)], {2022: 145, 2023: 150}, 2023).status == "at_risk"


def test_it_treats_a_ceiling_as_lower_is_better():
    ceiling = [Target(2025, 0.5, "<=")]
    progress = run(ceiling, {2022: 0.6}, 2022, baseline=Baseline(2020, 0.7))
    assert progress.inputs["direction"] == "lower"
    assert progress.completion == pytest.approx(0.5)
    assert run(ceiling, {2022: 0.45}, 2022, baseline=Baseline(2020, 0.7)).status == "achieved"
    assert run(ceiling, {2025: 0.55}, 2025, baseline=Baseline(2020, 0.7)).status == "off_track"


def test_it_meets_an_approximate_target_within_tolerance():
    assert run([Target(2025, 100, "=")], {2025: 103}, 2025).status == "achieved"
    assert run([Target(2025, 100, "=")], {2025: 110}, 2025).status == "off_track"


def test_it_handles_a_zero_baseline():
    progress = run([Target(2025, 10)], {2021: 2, 2022: 4}, 2022, baseline=Baseline(2020, 0))
    assert progress.completion == pytest.approx(0.4)
    assert progress.status == "on_track"
    growth = run([Target(2025, None, ">=", "+10%/yr")], {2022: 3}, 2022, baseline=Baseline(2020, 0))
    assert growth.target_value == 0
    assert growth.status == "achieved"


def test_it_judges_without_a_baseline_by_the_trend():
    targets = [Target(2025, 1000)]
    assert run(targets, {2022: 800}, 2022, baseline=None).status == "unknown"
    rising = run(targets, {2021: 600, 2022: 700, 2023: 800}, 2023, baseline=None)
    assert rising.status == "on_track"
    assert rising.completion == pytest.approx(0.8)
    flat = run(targets, {2021: 600, 2022: 610, 2023: 620}, 2023, baseline=None)
    assert flat.status == "off_track"


def test_it_picks_the_nearest_target_at_or_after_as_of():
    targets = [Target(2035, 500), Target(2025, 200)]
    assert run(targets, {2022: 140}, 2022).target_year == 2025
    assert run(targets, {2026: 260}, 2026).target_year == 2035
    assert run(targets, {2036: 400}, 2036).target_year == 2035


def test_it_skips_missing_years_and_ignores_data_after_as_of():
    progress = run([Target(2025, 200)], {2021: 120, 2024: 300}, 2022)
    assert progress.latest.year == 2021
    assert progress.inputs["observations"] == [{"year": 2021, "value": 120.0}]


def test_it_never_reports_on_track_once_the_target_year_has_passed():
    progress = run([Target(2025, 200)], {2023: 190, 2024: 199}, 2026)
    assert progress.status == "off_track"
    assert "2025" in progress.reason
    assert run([Target(2025, 200)], {2025: 205}, 2026).status == "achieved"


def test_it_evaluates_a_plan_whose_data_is_all_in():
    targets = [Target(2025, 1000)]
    data = {2021: 600, 2022: 700, 2023: 800, 2024: 900, 2025: 1010}
    progress = run(targets, data, 2025, baseline=Baseline(2020, 494))
    assert progress.status == "achieved"
    assert progress.forecast is None
    assert progress.required_annual_growth is None


def test_it_treats_a_target_without_year_as_recurring():
    progress = run([Target(None, 50)], {2022: 55}, 2022, baseline=None)
    assert (progress.status, progress.target_year) == ("achieved", 2022)


def test_it_exposes_the_inputs_behind_each_result():
    progress = run([Target(2025, 200)], {2022: 130}, 2022)
    assert progress.inputs["baseline"] == {"year": 2020, "value": 100.0}
    assert progress.inputs["resolved_target"] == 200
    assert progress.inputs["thresholds"]["on_track"] == Thresholds().on_track


CONTRACT = {
    "indicator": {"name": "高新技术企业数量", "unit": "家", "baseline": {"year": 2020, "value": 494},
                  "targets": [{"year": 2025, "value": 1000, "comparator": ">=", "relative": None}]},
    "observations": [{"year": 2021, "value": 560}, {"year": 2022, "value": 640}],
    "as_of": 2023,
}


def test_it_answers_the_contract_with_exactly_the_documented_keys():
    result = evaluate_contract(CONTRACT)
    assert set(result) == {"status", "reason", "target", "expected", "completion", "latest", "forecast", "required_annual_growth"}
    assert result["target"] == {"year": 2025, "value": 1000.0}
    assert result["latest"] == {"year": 2022, "value": 640.0}
    assert result["completion"] == pytest.approx(146 / 506, abs=1e-6)
    assert set(result["forecast"]) == {"year", "value", "meets_target"}
    json.dumps(result)


@pytest.mark.parametrize(
    ("mutate", "where"),
    [
        (lambda p: p["indicator"].pop("targets"), "indicator.targets"),
        (lambda p: p["indicator"]["targets"][0].update(relative="double"), "indicator.targets[0].relative"),
        (lambda p: p["indicator"]["targets"][0].update(comparator=">"), "indicator.targets[0].comparator"),
        (lambda p: p["indicator"]["targets"][0].update(value="1000"), "indicator.targets[0].value"),
        (lambda p: p["observations"].append({"year": "2023", "value": 1}), "observations[2].year"),
        (lambda p: p.pop("as_of"), "as_of"),
        (lambda p: p["indicator"].update(baseline={"year": 2020}), "indicator.baseline.value"),
    ],
)
def test_it_names_the_bad_field_of_a_malformed_contract(mutate, where):
    payload = json.loads(json.dumps(CONTRACT))
    mutate(payload)
    with pytest.raises(ValueError) as error:
        evaluate_contract(payload)
    assert where in str(error.value)


def test_it_runs_from_the_command_line(tmp_path, capsys):
    good = tmp_path / "good.json"
    good.write_text(json.dumps(CONTRACT, ensure_ascii=False), encoding="utf-8")
    assert main([str(good)]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "at_risk"
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    assert main([str(bad)]) == 2
    assert "不是有效的 JSON" in capsys.readouterr().err
