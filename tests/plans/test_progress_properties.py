from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from kechuang.plans.progress import Baseline, Target, evaluate, expected_value

values = st.floats(min_value=0.1, max_value=1e6, allow_nan=False, allow_infinity=False)
years = st.integers(min_value=2021, max_value=2030)
comparators = st.sampled_from([">=", "<=", "="])


@given(base=values, target=values, latest=values, comparator=comparators, year=years)
def test_meeting_the_comparator_with_the_latest_value_means_achieved(base, target, latest, comparator, year):
    meets = {">=": latest >= target, "<=": latest <= target, "=": abs(latest - target) <= 0.05 * target}[comparator]
    assume(meets)
    progress = evaluate(
        baseline=Baseline(2020, base), targets=[Target(2030, target, comparator)], observations={year: latest}, as_of=year
    )
    assert progress.status == "achieved"


@given(base=values, target=values, first=values, second=values, year=years)
def test_completion_grows_with_the_latest_value_when_higher_is_better(base, target, first, second, year):
    assume(target != base)
    low, high = sorted((first, second))
    as_completion = [
        evaluate(baseline=Baseline(2020, base), targets=[Target(2030, target)], observations={year: v}, as_of=year).completion
        for v in (low, high)
    ]
    assert as_completion[0] <= as_completion[1]


@given(base=values, target=values, target_year=st.integers(min_value=2021, max_value=2040), geometric=st.booleans())
def test_the_expected_path_joins_baseline_and_target(base, target, target_year, geometric):
    start = expected_value(Baseline(2020, base), target, target_year, 2020, geometric=geometric)
    end = expected_value(Baseline(2020, base), target, target_year, target_year, geometric=geometric)
    assert start == pytest.approx(base)
    assert end == pytest.approx(target)


@given(base=values, target=values, data=st.dictionaries(st.integers(2021, 2030), values, max_size=6),
       as_of=st.integers(2030, 2035), comparator=comparators)
def test_a_passed_target_year_is_never_on_track_or_at_risk(base, target, data, as_of, comparator):
    progress = evaluate(
        baseline=Baseline(2020, base), targets=[Target(2030, target, comparator)], observations=data, as_of=as_of
    )
    assert progress.status in {"achieved", "off_track", "unknown"}


@given(base=values, target=values, data=st.dictionaries(st.integers(2021, 2029), values, max_size=6), as_of=years)
def test_the_status_is_always_one_of_the_five(base, target, data, as_of):
    progress = evaluate(baseline=Baseline(2020, base), targets=[Target(2030, target)], observations=data, as_of=as_of)
    assert progress.status in {"achieved", "on_track", "at_risk", "off_track", "unknown"}
    assert (progress.status == "unknown") == (progress.reason is not None and progress.status == "unknown")
