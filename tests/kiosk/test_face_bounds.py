"""Exact Clopper–Pearson bounds, checked against published values, and what they let us claim."""
from __future__ import annotations

import pytest

from kiosk.face.bounds import Rate, attempts_needed, binomial_cdf, lower_bound, upper_bound


@pytest.mark.parametrize(("errors", "attempts", "low", "high"), [
    (5, 100, 0.016432, 0.112835),  # the textbook example
    (50, 100, 0.398321, 0.601679),
    (1, 10, 0.002529, 0.445016),
    (0, 53, 0.0, 0.067235),  # what "0 of 53" can show: ≤ 6.7 %, nowhere near 0.3 %
    (53, 53, 0.932765, 1.0),
])
def test_bounds_match_published_clopper_pearson_values(errors, attempts, low, high):
    assert lower_bound(errors, attempts) == pytest.approx(low, abs=2e-6)
    assert upper_bound(errors, attempts) == pytest.approx(high, abs=2e-6)


def test_zero_errors_have_the_closed_form_upper_bound():
    for attempts in (1, 7, 300, 5000):
        assert upper_bound(0, attempts) == pytest.approx(1 - 0.025 ** (1 / attempts), rel=1e-9)


def test_the_bounds_hold_the_tail_probabilities_they_promise():
    upper, lower = upper_bound(3, 400), lower_bound(3, 400)
    assert binomial_cdf(3, 400, upper) == pytest.approx(0.025, abs=1e-9)
    assert 1 - binomial_cdf(2, 400, lower) == pytest.approx(0.025, abs=1e-9)


def test_showing_three_per_mille_takes_1228_clean_attempts():
    assert attempts_needed(0.003) == 1228
    assert upper_bound(0, 1228) <= 0.003 < upper_bound(0, 1227)
    with_one_error = attempts_needed(0.003, errors=1)
    assert upper_bound(1, with_one_error) <= 0.003 < upper_bound(1, with_one_error - 1)


def test_a_rate_is_judged_by_its_interval_not_its_point_estimate():
    assert Rate(0, 53).judge(0.003) == "not_enough"  # 0 % measured, but the bound is 6.7 %
    assert Rate(0, 1228).judge(0.003) == "shown"
    assert Rate(6, 231).judge(0.003) == "missed"  # 2.6 %: even the lower bound is above 0.3 %
    assert Rate(0, 0).judge(0.05) == "not_enough"
    assert Rate(2, 142).as_dict() == {"errors": 2, "attempts": 142, "rate": 0.01408,
                                      "lower95": round(lower_bound(2, 142), 5), "upper95": round(upper_bound(2, 142), 5)}
