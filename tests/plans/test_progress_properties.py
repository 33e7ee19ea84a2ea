from __future__ import annotations

import json
import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from kechuang.plans.progress import (
    STATUSES,
    Baseline,
    Target,
    Thresholds,
    annual_values,
    evaluate,
    evaluate_contract,
)

values = st.floats(min_value=0.1, max_value=1e6, allow_nan=False, allow_infinity=False)
any_values = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
comparators = st.sampled_from([">=", "<=", "="])
relatives = st.sampled_from([None, "x2", "x1.3", "+12pp", "-3pp", "+15%/yr", "-5%/yr"])
history = st.dictionaries(st.integers(2018, 2040), any_values, max_size=8)


def meets(value: float, target: float, comparator: str) -> bool:
    return {">=": value >= target, "<=": value <= target, "=": abs(value - target) <= 0.05 * abs(target)}[
        comparator
    ]


@given(
    base=values,
    target=values,
    latest=values,
    comparator=comparators,
    earlier=history,
    as_of=st.integers(2030, 2040),
)
def test_it_achieves_a_target_whose_year_meets_the_comparator(
    base, target, latest, comparator, earlier, as_of
):
    assume(meets(latest, target, comparator))
    data = {year: value for year, value in earlier.items() if year != 2030} | {2030: latest}
    progress = evaluate(
        baseline=Baseline(2020, base),
        targets=[Target(2030, target, comparator)],
        observations=data,
        as_of=as_of,
    )
    assert progress.status == "achieved"


@given(base=values, target=values, first=values, second=values, year=st.integers(2021, 2035))
def test_it_keeps_completion_monotone_in_the_latest_value_when_higher_is_better(
    base, target, first, second, year
):
    low, high = sorted((first, second))
    shares = [
        evaluate(
            baseline=Baseline(2020, base), targets=[Target(2030, target)], observations={year: v}, as_of=year
        ).completion
        for v in (low, high)
    ]
    assert shares[0] <= shares[1]


@given(
    base=values,
    target=values,
    target_year=st.integers(2021, 2040),
    relative=st.sampled_from([None, "+10%/yr"]),
)
def test_it_starts_the_expected_path_at_the_baseline_and_ends_it_at_the_target(
    base, target, target_year, relative
):
    targets = [Target(target_year, target, ">=", relative)]
    at_start = evaluate(baseline=Baseline(2020, base), targets=targets, observations={}, as_of=2020)
    at_end = evaluate(baseline=Baseline(2020, base), targets=targets, observations={}, as_of=target_year)
    assert at_start.expected == pytest.approx(base)
    assert at_end.expected == pytest.approx(target)


@given(base=values, target=values, year=st.integers(2021, 2029), relative=st.sampled_from([None, "+10%/yr"]))
def test_it_keeps_the_expected_value_between_baseline_and_target(base, target, year, relative):
    progress = evaluate(
        baseline=Baseline(2020, base),
        targets=[Target(2030, target, ">=", relative)],
        observations={},
        as_of=year,
    )
    low, high = sorted((base, target))
    assert low * (1 - 1e-9) <= progress.expected <= high * (1 + 1e-9)


@given(
    base=any_values,
    target=any_values,
    relative=relatives,
    comparator=comparators,
    data=history,
    as_of=st.integers(2031, 2045),
)
def test_it_never_reports_on_track_or_at_risk_for_a_past_target_year(
    base, target, relative, comparator, data, as_of
):
    progress = evaluate(
        baseline=Baseline(2020, base),
        targets=[Target(2030, target, comparator, relative)],
        observations=data,
        as_of=as_of,
    )
    assert progress.status in {"achieved", "off_track", "unknown"}


@given(
    base=any_values,
    baseline_year=st.one_of(st.none(), st.integers(2015, 2025)),
    target=any_values,
    target_year=st.one_of(st.none(), st.integers(2020, 2035)),
    relative=relatives,
    comparator=comparators,
    data=history,
    as_of=st.integers(2018, 2045),
)
def test_it_never_grades_an_indicator_with_an_unknown_baseline_or_target_year(
    base, baseline_year, target, target_year, relative, comparator, data, as_of
):
    """No path without both years: never on track or at risk; behind only once a known target year
    is over or reported (its own value decides); else unknown with a reason, unless achieved."""
    assume(baseline_year is None or target_year is None)
    progress = evaluate(
        baseline=Baseline(baseline_year, base),
        targets=[Target(target_year, target, comparator, relative, year_unknown=target_year is None)],
        observations=data,
        as_of=as_of,
    )
    assert progress.status in {"achieved", "off_track", "unknown"}
    if progress.status == "off_track":
        assert target_year is not None and progress.latest is not None
        assert as_of > target_year or progress.latest.year >= target_year
    elif progress.status == "achieved":
        assert progress.latest is not None
    else:
        assert progress.reasons


@given(latest=values, target=values, latest_year=st.integers(2021, 2029))
def test_it_requires_the_growth_that_lands_exactly_on_the_target(latest, target, latest_year):
    progress = evaluate(
        baseline=None, targets=[Target(2030, target)], observations={latest_year: latest}, as_of=latest_year
    )
    grown = latest * (1 + progress.required_annual_growth) ** (2030 - latest_year)
    assert grown == pytest.approx(target, rel=1e-6)


@given(
    base=values,
    target=values,
    data=st.dictionaries(st.integers(2021, 2029), values, min_size=2, max_size=6),
    comparator=comparators,
    relative=st.sampled_from([None, "+10%/yr"]),
)
def test_it_says_a_forecast_meets_the_target_exactly_when_its_value_does(
    base, target, data, comparator, relative
):
    as_of = max(data)
    progress = evaluate(
        baseline=Baseline(2020, base),
        targets=[Target(2030, target, comparator, relative)],
        observations=data,
        as_of=as_of,
    )
    assume(progress.forecast is not None)
    value = progress.forecast.value
    assume(
        not math.isclose(value, target, rel_tol=1e-6)
        and not math.isclose(abs(value - target), 0.05 * target, rel_tol=1e-6)
    )
    assert progress.forecast.meets_target == meets(value, target, comparator)


@given(
    entries=st.lists(st.tuples(st.sampled_from(["Q1", "Q2", "Q3", "Q4", "H1", 7]), values), max_size=6),
    annual=values,
)
def test_it_lets_the_annual_figure_outrank_every_period(entries, annual):
    for position in range(len(entries) + 1):
        rows = [(2023, period, value) for period, value in entries]
        rows.insert(position, (2023, None, annual))
        assert annual_values(rows) == {2023: annual}


indicators = st.fixed_dictionaries(
    {
        "name": st.just("指标"),
        "baseline": st.one_of(
            st.none(),
            st.fixed_dictionaries(
                {"year": st.one_of(st.none(), st.integers(2015, 2025)), "value": any_values}
            ),
        ),
        "targets": st.lists(
            st.fixed_dictionaries(
                {
                    "year": st.one_of(st.none(), st.integers(2015, 2040)),
                    "value": st.one_of(st.none(), any_values),
                    "comparator": st.one_of(st.none(), comparators),
                    "relative": relatives,
                }
            ),
            min_size=1,
            max_size=3,
        ),
    }
)


@given(indicator=indicators, data=history, as_of=st.integers(2015, 2045), tolerance=st.floats(0, 0.5))
def test_it_answers_any_valid_contract_with_finite_json_and_explains_unknown(
    indicator, data, as_of, tolerance
):
    assume(all(t["value"] is not None or t["relative"] is not None for t in indicator["targets"]))
    payload = {
        "indicator": indicator,
        "observations": [{"year": y, "value": v} for y, v in data.items()],
        "as_of": as_of,
    }
    result = evaluate_contract(payload, Thresholds(on_track=tolerance, at_risk=tolerance))
    json.dumps(result, allow_nan=False)
    assert result["status"] in STATUSES
    if result["status"] == "unknown":
        assert result["reasons"]
    if result["latest"] is not None:
        assert result["latest"]["year"] <= as_of
