from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kechuang.supervision.scoring import DIMENSIONS, Item, Weights, rank, unit_score

W = Weights(milestones=0.4, reports=0.2, indicators=0.3, notices=0.1, support=0.5)


def items(dimension, role, hits, misses):
    return [Item(dimension, role, True)] * hits + [Item(dimension, role, False)] * misses


def test_it_weights_dimensions_by_the_plans_weights():
    result = unit_score(
        items("milestones", "lead", 1, 1) + items("reports", "lead", 2, 0)
        + items("indicators", "lead", 0, 1) + items("notices", "lead", 1, 0),
        W,
    )
    # 100 × (0.4×0.5 + 0.2×1 + 0.3×0 + 0.1×1) / 1.0
    assert result.score == pytest.approx(50.0)
    assert result.dimensions["milestones"].rate == 0.5


def test_it_counts_supporting_roles_at_their_weight():
    result = unit_score(items("milestones", "lead", 1, 0) + items("milestones", "support", 0, 2), W)
    # (1 + 0.5×0) / (1 + 0.5×2) = 0.5
    assert result.dimensions["milestones"].rate == pytest.approx(0.5)
    assert (result.dimensions["milestones"].support_hits, result.dimensions["milestones"].support_total) == (0, 2)


def test_it_leaves_out_dimensions_without_records_and_renormalises():
    result = unit_score(items("reports", "lead", 1, 1), W)
    assert result.dimensions["milestones"].rate is None
    assert result.score == pytest.approx(50.0)


def test_it_gives_no_score_to_a_unit_without_records():
    result = unit_score([], W)
    assert result.score is None and result.counted == 0


def test_it_ignores_support_items_when_their_weight_is_zero():
    result = unit_score(items("notices", "support", 0, 3), Weights(support=0.0))
    assert result.dimensions["notices"].rate is None and result.score is None


def test_it_ignores_a_dimension_weighted_zero():
    weights = Weights(milestones=0, reports=1, indicators=0, notices=0)
    assert unit_score(items("milestones", "lead", 0, 5) + items("reports", "lead", 1, 0), weights).score == 100.0


def test_it_ranks_ties_together_and_unscored_units_last():
    assert rank({"a": 80.0, "b": 90.0, "c": 80.0, "d": None, "e": 10.0}) == {"b": 1, "a": 2, "c": 2, "e": 4, "d": None}


def test_it_treats_float_noise_as_a_tie():
    assert rank({"a": 0.1 + 0.2, "b": 0.3}) == {"a": 1, "b": 1}


record = st.builds(Item, st.sampled_from(DIMENSIONS), st.sampled_from(["lead", "support"]), st.booleans())
weights = st.builds(Weights, *[st.floats(0, 1)] * 4, support=st.floats(0, 1))


@given(st.lists(record, max_size=40), weights)
def test_it_keeps_scores_between_0_and_100(records, w):
    score = unit_score(records, w).score
    assert score is None or -1e-9 <= score <= 100 + 1e-9


@given(st.lists(record, min_size=1, max_size=40), weights)
def test_it_never_lowers_a_score_when_a_miss_becomes_a_hit(records, w):
    before = unit_score(records, w).score
    misses = [i for i, r in enumerate(records) if not r.on_time]
    if before is None or not misses:
        return
    improved = list(records)
    improved[misses[0]] = Item(records[misses[0]].dimension, records[misses[0]].role, True)
    assert unit_score(improved, w).score >= before - 1e-9


@given(st.dictionaries(st.integers(), st.none() | st.floats(0, 100), max_size=20))
def test_it_ranks_higher_scores_first(scores):
    ranks = rank(scores)
    for a, sa in scores.items():
        for b, sb in scores.items():
            if sa is not None and sb is not None and sa > sb + 1e-6:
                assert ranks[a] < ranks[b]
