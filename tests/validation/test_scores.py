"""Scores (sim.validation.scores) against hand-computed values and brute-force definitions."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

from sim.validation.reporting import ObservedRange
from sim.validation.scores import (
    FLAT_TOLERANCE,
    crps_ensemble,
    crps_ensemble_range,
    crps_point,
    crps_point_range,
    direction,
    direction_agrees,
    distance_to_range,
    interval_covers,
    linear_trend_forecast,
    mae,
    persistence_forecast,
    prediction_interval,
    score_summary,
    score_table,
    summary_line,
)

# ------------------------------------------------------------------ definitions to compare with


def crps_pairs(samples: np.ndarray, y: float) -> float:
    """E|X - y| - 1/2 E|X - X'| by the O(n^2) double sum."""
    x = np.asarray(samples, dtype=float)
    return float(np.mean(np.abs(x - y)) - 0.5 * np.mean(np.abs(x[:, None] - x[None, :])))


def crps_integral(samples: np.ndarray, y: float) -> float:
    """The CRPS definition: integral of (F(z) - 1{z >= y})^2 dz, exactly for a step function F."""
    x = np.sort(np.asarray(samples, dtype=float))
    knots = np.sort(np.append(x, y))
    total = 0.0
    for a, b in itertools.pairwise(knots):
        z = (a + b) / 2  # F and the step are constant on (a, b)
        f = np.searchsorted(x, z, side="right") / x.size
        total += (f - (1.0 if z >= y else 0.0)) ** 2 * (b - a)
    return total


# ------------------------------------------------------------------ direction


@pytest.mark.parametrize(
    ("prev", "new", "expected"),
    [
        (100, 105, 0),  # +5 % exactly: flat (boundary included)
        (100, 95, 0),  # -5 % exactly: flat
        (100, 105.01, 1),
        (100, 94.99, -1),
        (116, 44, -1),
        (4.8, 9.4, 1),
        (0, 0, 0),
        (0, 3, 1),
        (-10, -5, 1),  # relative to |prev|
    ],
)
def test_direction_with_flat_band(prev, new, expected):
    assert FLAT_TOLERANCE == 0.05
    assert direction(prev, new) == expected


def test_direction_tolerance_and_bad_input():
    assert direction(100, 108, tol=0.1) == 0
    assert direction(100, 108, tol=0.0) == 1
    with pytest.raises(ValueError, match="finite"):
        direction(math.nan, 1)


def test_direction_agreement():
    assert direction_agrees(10, 20, 100, 150)  # both up
    assert not direction_agrees(10, 10.4, 100, 150)  # flat vs up
    assert direction_agrees(10, 10.4, 100, 103)  # both flat


# ------------------------------------------------------------------ coverage and errors


def test_interval_coverage_is_overlap_with_the_observed_range():
    assert interval_covers(24, 56, 40, 50)  # range inside
    assert interval_covers(24, 56, 50, 80)  # partial overlap
    assert interval_covers(24, 56, 56, 60)  # touching counts
    assert not interval_covers(24, 56, 57, 60)
    assert not interval_covers(12.2, 13.8, 10, 10)
    assert interval_covers(1, 2, 1.5)  # a point observation
    assert interval_covers(1, 2, 5, math.inf) is False
    assert interval_covers(1, 6, 5, math.inf)
    with pytest.raises(ValueError):
        interval_covers(2, 1, 0, 3)


def test_distance_and_mae():
    assert distance_to_range(40, 40, 50) == 0
    assert distance_to_range(30, 40, 50) == 10
    assert distance_to_range(56, 40, 50) == 6
    assert distance_to_range(1e6, 5, math.inf) == 0
    assert mae([1, 2, 3], [2, 2, 5]) == pytest.approx(1.0)
    with pytest.raises(ValueError):
        mae([1, 2], [1])


# ------------------------------------------------------------------ CRPS


def test_crps_of_three_samples_by_hand():
    # E|X - 2| = (1 + 0 + 1) / 3 = 2/3; E|X - X'| = 2 (1 + 2 + 1) / 9 = 8/9; CRPS = 2/3 - 4/9
    expected = float(Fraction(2, 3) - Fraction(4, 9))
    assert expected == pytest.approx(2 / 9)
    assert crps_ensemble([1, 2, 3], 2) == pytest.approx(expected, abs=1e-15)
    assert crps_ensemble([3, 1, 2], 2) == pytest.approx(expected, abs=1e-15)  # order-free
    # y outside: E|X - 5| = (4 + 3 + 2) / 3 = 3
    assert crps_ensemble([1, 2, 3], 5) == pytest.approx(3 - 4 / 9)


def test_crps_of_one_sample_is_the_absolute_error():
    assert crps_ensemble([7.5], 5) == pytest.approx(2.5)
    assert crps_point(7.5, 5) == 2.5


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_crps_sorted_form_equals_the_definitions(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 60))
    samples = rng.lognormal(3.0, 0.8, size=n)
    samples[: n // 4] = samples[0]  # ties
    for y in (0.0, float(np.median(samples)), float(samples.max() * 1.3), float(samples[0])):
        fast = crps_ensemble(samples, y)
        assert fast == pytest.approx(crps_pairs(samples, y), rel=1e-12, abs=1e-9)
        assert fast == pytest.approx(crps_integral(samples, y), rel=1e-9, abs=1e-9)


def test_crps_is_zero_only_for_a_perfect_point_forecast():
    assert crps_ensemble([4, 4, 4], 4) == pytest.approx(0)
    assert crps_ensemble([3, 4, 5], 4) > 0


def test_crps_against_a_range_is_the_crps_at_the_nearest_point():
    # inside: the median 2 lies in [0, 10] -> CRPS at y = 2
    assert crps_ensemble_range([1, 2, 3], 0, 10) == pytest.approx(2 / 9)
    # above the forecast: nearest point 5 -> 3 - 4/9
    assert crps_ensemble_range([1, 2, 3], 5, 8) == pytest.approx(3 - 4 / 9)
    assert crps_ensemble_range([4], 3, 5) == 0  # a point inside: 0 distance
    assert crps_ensemble_range([20, 30, 40, 50, 60], 40, math.inf) == pytest.approx(4.0)


@pytest.mark.parametrize("seed", [5, 6, 7])
def test_crps_range_is_the_minimum_over_the_range(seed):
    rng = np.random.default_rng(seed)
    samples = rng.normal(50, 15, size=int(rng.integers(2, 40)))
    for lo, hi in ((0, 10), (40, 45), (45, 70), (80, 120), (-5, 200)):
        grid = np.linspace(lo, hi, 2001)
        brute = min(crps_pairs(samples, y) for y in grid)
        got = crps_ensemble_range(samples, lo, hi)
        assert got >= 0
        assert got == pytest.approx(brute, abs=1e-3 * (1 + brute))
        assert got <= brute + 1e-9  # exact minimum, not above the grid's


def test_point_forecast_crps_against_a_range_is_its_distance():
    assert crps_point_range(13, 10, 10) == 3
    assert crps_point_range(45, 40, 50) == 0
    assert crps_point_range(13, 10, 10) == pytest.approx(crps_ensemble_range([13], 10, 10))


def test_crps_rejects_empty_or_nonfinite_samples():
    with pytest.raises(ValueError):
        crps_ensemble([], 1)
    with pytest.raises(ValueError):
        crps_ensemble([1, math.nan], 1)
    with pytest.raises(ValueError):
        crps_ensemble_range([1], 2, 1)


# ------------------------------------------------------------------ intervals and naive forecasts


def test_prediction_interval_uses_linear_quantiles():
    mean, lo, hi = prediction_interval([20, 30, 40, 50, 60])
    assert (mean, lo, hi) == pytest.approx((40, 24, 56))
    mean, lo, hi = prediction_interval(np.arange(101), level=0.8)
    assert (mean, lo, hi) == pytest.approx((50, 10, 90))
    with pytest.raises(ValueError):
        prediction_interval([1, 2], level=1.0)


def test_persistence_forecast():
    assert persistence_forecast({2022: 8, 2023: 10}, 2023) == 10
    assert math.isnan(persistence_forecast({2022: 8}, 2023))


def test_linear_trend_forecast_by_hand():
    # t = 2021..2023, v = 10, 20, 40: slope = 30 / 2 = 15, mean 70/3 at 2022 -> 70/3 + 2*15
    assert linear_trend_forecast({2021: 10, 2022: 20, 2023: 40}, [2021, 2022, 2023], 2024) == (
        pytest.approx(70 / 3 + 30)
    )
    # 80, 100, 110: slope 15, mean 290/3 -> 290/3 + 30
    assert linear_trend_forecast({2021: 80, 2022: 100, 2023: 110}, [2021, 2022, 2023], 2024) == (
        pytest.approx(290 / 3 + 30)
    )
    # falling: 30, 15, 5 -> 50/3 - 2 * 12.5 < 0 -> clipped at 0
    assert linear_trend_forecast({2021: 30, 2022: 15, 2023: 5}, [2021, 2022, 2023], 2024) == 0
    # a missing year: line through (2021, 10) and (2023, 30) -> 40 at 2024
    assert linear_trend_forecast({2021: 10, 2023: 30}, [2021, 2022, 2023], 2024) == (
        pytest.approx(40)
    )
    assert math.isnan(linear_trend_forecast({2023: 30}, [2021, 2022, 2023], 2024))
    # years outside the window are ignored
    assert linear_trend_forecast(
        {2020: 1e6, 2021: 10, 2022: 20, 2023: 40}, [2021, 2022, 2023], 2024
    ) == pytest.approx(70 / 3 + 30)


# ------------------------------------------------------------------ the score table


def _obs(port: str, low: float, high: float, central: float) -> ObservedRange:
    return ObservedRange(port, 2024, "kg_seized", low, high, central, ("src",), "")


@pytest.fixture
def table() -> pd.DataFrame:
    predictions = pd.DataFrame(
        {
            "port": ["a"] * 5 + ["b"] * 2 + ["a"] * 2,
            "year": [2024] * 7 + [2023] * 2,
            "value": [20, 30, 40, 50, 60, 12, 14, 25, 35],
        }
    )
    history = pd.DataFrame(
        {
            "port": ["a"] * 3 + ["b"] * 3 + ["c"],
            "year": [2021, 2022, 2023] * 2 + [2023],
            "value": [80, 100, 110, 6, 8, 10, 5],
        }
    )
    observed = [_obs("a", 40, 50, 44), _obs("b", 10, 10, 10), _obs("c", 4, 6, 5)]
    return score_table(predictions, observed, history)


def test_score_table_per_port_by_hand(table):
    a = table.set_index("port").loc["a"]
    assert (a["pred_mean"], a["pred_low"], a["pred_high"]) == pytest.approx((40, 24, 56))
    assert a["obs_prev"] == 110 and a["obs_direction"] == -1
    assert a["pred_direction"] == -1 and a["direction_right"] is True
    assert a["covered"] is True
    assert a["abs_error"] == 0  # the mean 40 is inside [40, 50]
    # median 40 in the range: E|X - 40| = 12, 1/2 E|X - X'| = 200/25 = 8
    assert a["crps"] == pytest.approx(4.0)
    assert a["persistence"] == 110 and a["persistence_abs_error"] == 60
    assert a["persistence_direction_right"] is False  # flat vs down
    assert a["trend"] == pytest.approx(290 / 3 + 30)
    assert a["trend_abs_error"] == pytest.approx(290 / 3 + 30 - 50)
    assert a["trend_direction_right"] is False  # up vs down
    assert a["crps_skill_vs_persistence"] == pytest.approx(1 - 4 / 60)

    b = table.set_index("port").loc["b"]
    assert (b["pred_mean"], b["pred_low"], b["pred_high"]) == pytest.approx((13, 12.2, 13.8))
    assert b["obs_direction"] == 0 and b["pred_direction"] == 1
    assert b["direction_right"] is False and b["covered"] is False
    assert b["abs_error"] == pytest.approx(3)
    # nearest point 10: E|X - 10| = 3, 1/2 E|X - X'| = 2/4
    assert b["crps"] == pytest.approx(2.5)
    assert b["persistence_abs_error"] == 0 and b["persistence_direction_right"] is True
    assert b["trend"] == pytest.approx(12) and b["trend_abs_error"] == pytest.approx(2)

    c = table.set_index("port").loc["c"]  # no predictions: not judged
    assert c["n_samples"] == 0 and c["direction_right"] is None and c["covered"] is None
    assert math.isnan(c["trend"])  # one year of history


def test_score_table_summary_row(table):
    last = table.iloc[-1]
    assert last["port"] == "summary"
    assert last["direction_right"] == "1 of 2"
    assert last["covered"] == "1 of 2"
    # naive forecasts are summarised over the same ports as the model (not c)
    assert last["persistence_direction_right"] == "1 of 2"
    assert last["trend_direction_right"] == "0 of 2"
    assert last["abs_error"] == pytest.approx(1.5)
    assert last["crps"] == pytest.approx(3.25)
    assert last["persistence_abs_error"] == pytest.approx(30)  # (60 + 0) / 2, c left out
    s = score_summary(table)
    assert s["ports_scored"] == 2
    # skills from the means over the ports where both exist (a and b)
    assert s["crps_skill_vs_persistence"] == pytest.approx(1 - 3.25 / 30)
    assert s["crps_skill_vs_trend"] == pytest.approx(1 - 3.25 / ((290 / 3 + 30 - 50 + 2) / 2))
    line = summary_line(table)
    assert "direction right for 1 of 2 (persistence 1 of 2, trend 0 of 2)" in line
    assert "covers 1 of 2" in line and "MAE 2 (persistence 30" in line


def test_score_table_model_direction_base():
    predictions = pd.DataFrame(
        {"port": ["a"] * 4, "year": [2023, 2023, 2024, 2024], "value": [25, 35, 35, 45]}
    )
    history = pd.DataFrame({"port": ["a"], "year": [2023], "value": [110]})
    observed = [_obs("a", 40, 50, 44)]
    by_obs = score_table(predictions, observed, history).iloc[0]
    by_model = score_table(predictions, observed, history, direction_base="model").iloc[0]
    assert by_obs["pred_direction"] == -1 and by_obs["direction_right"] is True  # 110 -> 40
    assert by_model["pred_direction"] == 1 and by_model["direction_right"] is False  # 30 -> 40


def test_score_table_rejects_mixed_years():
    obs = [_obs("a", 1, 2, 1), ObservedRange("b", 2023, "kg_seized", 1, 2, 1, (), "")]
    with pytest.raises(ValueError, match="mix"):
        score_table(pd.DataFrame({"port": [], "value": []}), obs, pd.DataFrame())
