"""Confidence intervals over replications: against hand-computed and table values."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sim.results.stats import mean_ci, t_quantile


def test_mean_ci_three_values_by_hand() -> None:
    mean, lower, upper = mean_ci(np.array([1.0, 2.0, 3.0]))
    half = 4.302653 * 1.0 / math.sqrt(3)  # t_{0.975,2} · s / √n with s = 1
    assert mean == 2.0
    assert half == pytest.approx(2.484138, abs=1e-6)
    assert (lower, upper) == pytest.approx((2.0 - half, 2.0 + half), abs=1e-6)


def test_mean_ci_large_df_is_normal() -> None:
    values = np.random.default_rng(1).normal(10.0, 2.0, size=5001)
    mean, lower, upper = mean_ci(values)
    se = values.std(ddof=1) / math.sqrt(values.size)
    assert mean == pytest.approx(values.mean())
    assert (upper - mean) / se == pytest.approx(1.96, abs=2e-3)
    assert mean - lower == pytest.approx(upper - mean)


@pytest.mark.parametrize(
    ("level", "df", "expected"),
    [
        (0.95, 1, 12.706205),
        (0.95, 2, 4.302653),
        (0.95, 4, 2.776445),
        (0.95, 9, 2.262157),
        (0.95, 30, 2.042272),
        (0.95, 120, 1.979930),
        (0.95, 50_000, 1.960011),
        (0.99, 5, 4.032143),
        (0.90, 10, 1.812461),
    ],
)
def test_t_quantile_matches_tables(level: float, df: int, expected: float) -> None:
    assert t_quantile(level, df) == pytest.approx(expected, abs=1e-6)


def test_mean_ci_single_empty_and_nan() -> None:
    assert mean_ci(np.array([4.2])) == (4.2, 4.2, 4.2)
    assert all(math.isnan(v) for v in mean_ci(np.array([])))
    assert mean_ci(np.array([1.0, np.nan, 3.0]))[0] == 2.0
    with pytest.raises(ValueError):
        t_quantile(1.0, 3)
