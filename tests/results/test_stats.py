"""Confidence intervals over replications: against hand-computed and table values."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sim.results.stats import mean_ci, paired_difference_ci, ratio_of_means_ci, t_quantile


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


# ------------------------------------------------------------------ ratios of means


def test_a_cost_per_kg_is_the_ratio_of_means_not_the_mean_of_ratios():
    """Two replications keep kg off the market, one lets 50 kg more through: the mean of the
    positive ratios (what v1 printed) is 25 EUR/kg; the ratio of means is 1,000 / 25 = 40."""
    cost = np.array([1000.0, 1000.0, 1000.0])
    kept = np.array([100.0, 25.0, -50.0])
    ratio, low, high = ratio_of_means_ci(cost, kept)
    assert ratio == pytest.approx(cost.mean() / kept.mean())
    positive = kept > 0
    assert ratio != pytest.approx(np.mean(cost[positive] / kept[positive]))
    assert low <= ratio <= high
    assert math.isinf(high)  # some resamples keep nothing off the market: unbounded


def test_the_bootstrap_keeps_replications_paired():
    """num = c·den in every replication: every resample's ratio is c, so the CI is [c, c]."""
    den = np.random.default_rng(1).uniform(10.0, 100.0, size=20)
    assert ratio_of_means_ci(3.5 * den, den) == pytest.approx((3.5, 3.5, 3.5))


def test_ratio_ci_covers_the_true_ratio_about_as_often_as_it_says():
    rng = np.random.default_rng(7)
    hits = 0
    trials = 300
    for _ in range(trials):
        den = rng.normal(100.0, 30.0, size=30)
        num = 2.0 * den + rng.normal(0.0, 40.0, size=30)
        _, low, high = ratio_of_means_ci(num, den, resamples=500, seed=int(rng.integers(1e9)))
        hits += low <= 2.0 <= high
    assert 0.90 <= hits / trials <= 0.98


def test_no_positive_denominator_gives_no_ratio_and_a_seeded_interval_is_reproducible():
    assert all(math.isnan(v) for v in ratio_of_means_ci([5.0, 5.0], [10.0, -30.0]))
    assert ratio_of_means_ci([4.0], [2.0]) == (2.0, 2.0, 2.0)
    x, y = np.arange(1.0, 11.0), np.arange(2.0, 12.0)
    assert ratio_of_means_ci(x, y) == ratio_of_means_ci(x, y)
    with pytest.raises(ValueError, match="3 numerators, 2 denominators"):
        ratio_of_means_ci([1.0, 2.0, 3.0], [1.0, 2.0])


def test_paired_difference_ci_is_narrower_than_level_intervals_under_crn() -> None:
    rng = np.random.default_rng(3)
    common = rng.normal(1000.0, 100.0, size=20)  # the shared random streams
    reference = common + rng.normal(0.0, 5.0, size=20)
    treated = common - 30.0 + rng.normal(0.0, 5.0, size=20)
    diff, low, high = paired_difference_ci(treated, reference)
    assert diff == pytest.approx(float((treated - reference).mean()))
    assert low < -30.0 < high  # covers the true effect
    assert high < 0.0  # the effect is resolved ...
    _, t_low, t_high = mean_ci(treated)
    _, r_low, _ = mean_ci(reference)
    assert t_high > r_low  # ... where the two level intervals overlap
    assert high - low < (t_high - t_low) / 5


def test_paired_difference_ci_by_hand_and_refuses_unpaired() -> None:
    diff, low, high = paired_difference_ci(np.array([3.0, 5.0, 7.0]), np.array([1.0, 2.0, 3.0]))
    half = 4.302653 * 1.0 / math.sqrt(3)  # differences 2, 3, 4: s = 1
    assert (diff, low, high) == pytest.approx((3.0, 3.0 - half, 3.0 + half), abs=1e-6)
    with pytest.raises(ValueError, match="not paired"):
        paired_difference_ci(np.ones(3), np.ones(4))


def test_welch_difference_ci_by_hand() -> None:
    from sim.results.stats import welch_difference_ci

    # a: 1, 2, 3 (s² = 1); b: 0, 0, 0, 4 (mean 1, s² = 4)
    diff, low, high = welch_difference_ci(np.array([1.0, 2.0, 3.0]), np.array([0.0, 0.0, 0.0, 4.0]))
    va, vb = 1.0 / 3, 4.0 / 4
    df = (va + vb) ** 2 / (va**2 / 2 + vb**2 / 3)  # 4.41 → 4 degrees of freedom (rounded down)
    assert 4 < df < 5
    half = 2.776445 * math.sqrt(va + vb)
    assert (diff, low, high) == pytest.approx((1.0, 1.0 - half, 1.0 + half), abs=1e-6)
    one = welch_difference_ci(np.ones(3), np.ones(1))  # one value: no variance, no interval
    assert one[0] == 0.0 and math.isnan(one[1]) and math.isnan(one[2])
    assert welch_difference_ci(np.ones(3), np.zeros(2)) == (1.0, 1.0, 1.0)
