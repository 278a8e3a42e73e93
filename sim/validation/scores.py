"""Scores of a validation against published figures: direction, coverage, MAE, CRPS, naive ones.

Pure numpy/pandas functions. Choices (each one can change a verdict, so each is stated here):

* **Direction** of a change from ``prev`` to ``new``: up (+1), down (−1) or flat (0); a relative
  change within ±:data:`FLAT_TOLERANCE` (5 %, boundary included) counts as flat, so that rounding
  and small revisions in published figures are not read as movements. A forecast's direction is
  measured from the last observed value (the previous year's central observation) by default;
  the observed direction runs from that value to this year's central observation.
* **Coverage**: the observation is itself a range
  (:class:`~sim.validation.reporting.ObservedRange`), so an 80 % prediction interval [lo, hi]
  covers it when the two intervals *overlap* — the sources do not say where in their range the
  truth lies, and any point of it is admissible.
* **Errors against a range**: the absolute error of a point is its distance to the nearest
  point of the range (0 inside it); MAE is the mean of such errors.
* **CRPS** of an ensemble of samples X against a point y, in the energy form
  CRPS = E|X − y| − ½ E|X − X'|, computed exactly from the sorted samples in O(n log n)
  (Gneiting & Raftery 2007, kernel form; ½E|X − X'| = Σᵢ (2i − n − 1) x₍ᵢ₎ / n²). Against a range
  [a, b] it is the CRPS at the point of the range nearest to the forecast,
  min_{y∈[a,b]} CRPS(F, y): CRPS(F, y) is convex in y with its minimum at the median of F, so
  that point is the median clipped into [a, b]. It is 0 only for a forecast concentrated inside the
  range, never negative, and reduces to the absolute error (distance to the range) for a point
  forecast. (Replacing |X − y| by the distance of X to the range instead would reward spread and
  can be negative.)
* **Naive forecasts**: persistence ("same as last year") and the least-squares linear trend over
  the three previous years extrapolated one year (2021–2023 → 2024), clipped at 0.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from sim.validation.reporting import ObservedRange

__all__ = [
    "FLAT_TOLERANCE",
    "crps_ensemble",
    "crps_ensemble_range",
    "crps_point",
    "crps_point_range",
    "direction",
    "direction_agrees",
    "distance_to_range",
    "interval_covers",
    "linear_trend_forecast",
    "mae",
    "persistence_forecast",
    "prediction_interval",
    "score_summary",
    "score_table",
    "summary_line",
]

#: A relative change within ± this share counts as "flat" (boundary included).
FLAT_TOLERANCE = 0.05


def direction(prev: float, new: float, tol: float = FLAT_TOLERANCE) -> int:
    """+1 (up), −1 (down) or 0 (flat: relative change within ±``tol``, boundary included).

    From ``prev`` = 0 any positive ``new`` is up. Raises ValueError for non-finite inputs.
    """
    if not (math.isfinite(prev) and math.isfinite(new)):
        raise ValueError(f"direction needs finite values, got {prev!r} -> {new!r}")
    if prev == 0:
        return 0 if new == 0 else (1 if new > 0 else -1)
    change = (new - prev) / abs(prev)
    if change > tol:
        return 1
    if change < -tol:
        return -1
    return 0


def direction_agrees(
    pred_prev: float, pred_new: float, obs_prev: float, obs_new: float, tol: float = FLAT_TOLERANCE
) -> bool:
    """Whether the predicted change has the observed direction (up, down or flat)."""
    return direction(pred_prev, pred_new, tol) == direction(obs_prev, obs_new, tol)


def interval_covers(lo: float, hi: float, obs_lo: float, obs_hi: float | None = None) -> bool:
    """Whether the prediction interval [lo, hi] overlaps the observed range [obs_lo, obs_hi].

    ``obs_hi`` defaults to ``obs_lo`` (a point observation: ordinary coverage).
    """
    obs_hi = obs_lo if obs_hi is None else obs_hi
    if lo > hi or obs_lo > obs_hi:
        raise ValueError(f"empty interval [{lo}, {hi}] or [{obs_lo}, {obs_hi}]")
    return lo <= obs_hi and obs_lo <= hi


def distance_to_range(x: float, lo: float, hi: float) -> float:
    """Distance from ``x`` to the nearest point of [lo, hi] (0 inside)."""
    if lo > hi:
        raise ValueError(f"empty range [{lo}, {hi}]")
    return float(max(lo - x, 0.0, x - hi))


def mae(pred: npt.ArrayLike, obs: npt.ArrayLike) -> float:
    """Mean absolute error between two equally long arrays of points."""
    p = np.asarray(pred, dtype=float)
    o = np.asarray(obs, dtype=float)
    if p.shape != o.shape or p.size == 0:
        raise ValueError(f"mae needs two non-empty arrays of one shape, got {p.shape}, {o.shape}")
    return float(np.mean(np.abs(p - o)))


def _samples(samples: npt.ArrayLike) -> npt.NDArray[np.float64]:
    x = np.sort(np.asarray(samples, dtype=float).ravel())
    if x.size == 0 or not np.all(np.isfinite(x)):
        raise ValueError("CRPS needs at least one sample, all finite")
    return x


def crps_ensemble(samples: npt.ArrayLike, y: float) -> float:
    """CRPS of the empirical distribution of ``samples`` against the point ``y``.

    E|X − y| − ½ E|X − X'| with X, X' independent draws from the samples, exactly, via sorting:
    ½ E|X − X'| = Σᵢ (2i − n − 1) x₍ᵢ₎ / n² for the sorted samples x₍₁₎ ≤ … ≤ x₍ₙ₎.
    """
    x = _samples(samples)
    n = x.size
    i = np.arange(1, n + 1, dtype=float)
    half_spread = float(np.sum((2 * i - n - 1) * x)) / n**2
    return float(np.mean(np.abs(x - y))) - half_spread


def crps_ensemble_range(samples: npt.ArrayLike, lo: float, hi: float) -> float:
    """CRPS against the observed range [lo, hi]: the CRPS at the range's point nearest the forecast.

    That point is the samples' median clipped into [lo, hi] (CRPS is convex in the observation,
    minimal at the median); 0 only when all samples sit at one point inside the range.
    """
    if lo > hi:
        raise ValueError(f"empty range [{lo}, {hi}]")
    x = _samples(samples)
    return crps_ensemble(x, float(np.clip(np.median(x), lo, hi)))


def crps_point(pred: float, y: float) -> float:
    """CRPS of a point forecast = its absolute error."""
    return abs(pred - y)


def crps_point_range(pred: float, lo: float, hi: float) -> float:
    """CRPS of a point forecast against a range = its distance to the range."""
    return distance_to_range(pred, lo, hi)


def prediction_interval(samples: npt.ArrayLike, level: float = 0.8) -> tuple[float, float, float]:
    """(mean, low, high): the samples' mean and central ``level`` interval (linear quantiles)."""
    if not 0 < level < 1:
        raise ValueError(f"level must be in (0, 1), got {level}")
    x = _samples(samples)
    tail = (1 - level) / 2
    low, high = np.quantile(x, [tail, 1 - tail])
    return float(np.mean(x)), float(low), float(high)


def persistence_forecast(history: Mapping[int, float], base_year: int) -> float:
    """Naive forecast "same as ``base_year``"; NaN when that year has no value."""
    return float(history.get(base_year, math.nan))


def linear_trend_forecast(
    history: Mapping[int, float], fit_years: Sequence[int], target_year: int
) -> float:
    """Least-squares line through ``history`` over ``fit_years``, at ``target_year``, clipped at 0.

    Years without a finite value are skipped; NaN when fewer than two remain.
    """
    pts = [(y, float(history[y])) for y in fit_years if y in history]
    pts = [(y, v) for y, v in pts if math.isfinite(v)]
    if len(pts) < 2:
        return math.nan
    t = np.array([y for y, _ in pts], dtype=float)
    v = np.array([v for _, v in pts], dtype=float)
    t_mean, v_mean = t.mean(), v.mean()
    slope = float(np.sum((t - t_mean) * (v - v_mean)) / np.sum((t - t_mean) ** 2))
    return max(0.0, float(v_mean + slope * (target_year - t_mean)))


# --------------------------------------------------------------------------------------------
# The score table
# --------------------------------------------------------------------------------------------

_COUNT_COLUMNS = (
    "direction_right",
    "covered",
    "persistence_direction_right",
    "trend_direction_right",
)
_MEAN_COLUMNS = (
    "abs_error",
    "crps",
    "persistence_abs_error",
    "persistence_crps",
    "trend_abs_error",
    "trend_crps",
)


def _history_of(history: pd.DataFrame, port: str) -> dict[int, float]:
    rows = history[history["port"] == port]
    return {
        int(y): float(v) for y, v in zip(rows["year"], rows["value"], strict=True) if pd.notna(v)
    }


def _maybe_direction(prev: float, new: float, tol: float) -> int | None:
    if not (math.isfinite(prev) and math.isfinite(new)):
        return None
    return direction(prev, new, tol)


def _same(a: int | None, b: int | None) -> bool | None:
    return None if a is None or b is None else a == b


def _skill(score: float, naive: float) -> float:
    """1 − score / naive: > 0 when the model beats the naive forecast (NaN if naive is 0)."""
    if not (math.isfinite(score) and math.isfinite(naive)) or naive == 0:
        return math.nan
    return 1.0 - score / naive


def score_table(
    predictions: pd.DataFrame,
    observed: Sequence[ObservedRange],
    history: pd.DataFrame,
    *,
    level: float = 0.8,
    tol: float = FLAT_TOLERANCE,
    direction_base: Literal["observed", "model"] = "observed",
    trend_years: Sequence[int] | None = None,
) -> pd.DataFrame:
    """Per-port scores of a model's predictions and of the two naive forecasts, plus a summary.

    Parameters
    ----------
    predictions : pandas.DataFrame
        One row per predictive sample (e.g. replication): columns ``port`` and ``value`` (same
        unit as the observations), optionally ``year`` (then only the observations' year is
        scored, and ``direction_base="model"`` uses the previous year's rows).
    observed : sequence of ObservedRange
        The observations, all of one year and quantity; one table row each, in this order.
    history : pandas.DataFrame
        Earlier observed values, columns ``port``, ``year``, ``value`` (e.g.
        :func:`sim.validation.reporting.observed_history` of the years before). It gives the
        previous year's value (the base of every direction) and the naive forecasts.
    level : float, optional
        Central prediction interval level (0.8).
    tol : float, optional
        Flat band of :func:`direction`.
    direction_base : {"observed", "model"}, optional
        Base of the model's direction: the previous year's observation (default; the same base
        as the naive forecasts) or the model's own previous-year mean.
    trend_years : sequence of int, optional
        Years of the linear trend (default: the three years before the observations' year).

    Returns
    -------
    pandas.DataFrame
        One row per observation and a last row ``port == "summary"`` over the ports with
        predictions (:func:`score_summary`): "k of n" counts for the direction and coverage
        columns, means (MAE, mean CRPS) for the error columns, and CRPS skill
        1 − CRPS_model / CRPS_naive from the means (> 0: the model beats the naive forecast).
        Naive forecasts are points: their CRPS equals their absolute error (distance to the
        observed range).
    """
    if not observed:
        raise ValueError("no observations to score")
    years = {r.year for r in observed}
    quantities = {r.quantity for r in observed}
    if len(years) != 1 or len(quantities) != 1:
        raise ValueError(f"observations mix years {sorted(years)} or quantities {quantities}")
    year = years.pop()
    fit_years = list(trend_years) if trend_years is not None else [year - 3, year - 2, year - 1]
    has_year = "year" in predictions.columns
    current = predictions[predictions["year"] == year] if has_year else predictions
    previous = predictions[predictions["year"] == year - 1] if has_year else None
    if direction_base == "model" and previous is None:
        raise ValueError("direction_base='model' needs a 'year' column with the previous year")

    rows: list[dict[str, object]] = []
    for obs in observed:
        past = _history_of(history, obs.port)
        obs_prev = past.get(year - 1, math.nan)
        obs_dir = _maybe_direction(obs_prev, obs.central, tol)
        samples = current.loc[current["port"] == obs.port, "value"].to_numpy(dtype=float)
        row: dict[str, object] = {
            "port": obs.port,
            "year": year,
            "obs_low": obs.low,
            "obs_high": obs.high,
            "obs_central": obs.central,
            "obs_prev": obs_prev,
            "obs_direction": obs_dir,
        }
        crps = math.nan
        if samples.size:
            mean, lo, hi = prediction_interval(samples, level)
            if direction_base == "model" and previous is not None:
                prev = previous.loc[previous["port"] == obs.port, "value"].to_numpy(dtype=float)
                base = float(prev.mean()) if prev.size else math.nan
            else:
                base = obs_prev
            pred_dir = _maybe_direction(base, mean, tol)
            crps = crps_ensemble_range(samples, obs.low, obs.high)
            row |= {
                "n_samples": int(samples.size),
                "pred_mean": mean,
                "pred_low": lo,
                "pred_high": hi,
                "pred_direction": pred_dir,
                "direction_right": _same(pred_dir, obs_dir),
                "covered": interval_covers(lo, hi, obs.low, obs.high),
                "abs_error": distance_to_range(mean, obs.low, obs.high),
                "crps": crps,
            }
        else:
            row |= {"n_samples": 0, "pred_mean": math.nan, "pred_low": math.nan}
            row |= {"pred_high": math.nan, "pred_direction": None, "direction_right": None}
            row |= {"covered": None, "abs_error": math.nan, "crps": math.nan}
        for name, value in (
            ("persistence", persistence_forecast(past, year - 1)),
            ("trend", linear_trend_forecast(past, fit_years, year)),
        ):
            error = distance_to_range(value, obs.low, obs.high) if math.isfinite(value) else value
            row |= {
                name: value,
                f"{name}_direction_right": _same(_maybe_direction(obs_prev, value, tol), obs_dir),
                f"{name}_abs_error": error,
                f"{name}_crps": error,
                f"crps_skill_vs_{name}": _skill(crps, error),
            }
        rows.append(row)

    table = pd.DataFrame(rows)
    summary = score_summary(table)
    last: dict[str, object] = {"port": "summary", "year": year}
    for column in _COUNT_COLUMNS:
        last[column] = f"{summary[column]} of {summary[column + '_n']}"
    for column in _MEAN_COLUMNS:
        last[column] = summary[column]
    last["n_samples"] = summary["ports_scored"]
    last["crps_skill_vs_persistence"] = summary["crps_skill_vs_persistence"]
    last["crps_skill_vs_trend"] = summary["crps_skill_vs_trend"]
    table = table.astype(dict.fromkeys(_COUNT_COLUMNS, object))
    return pd.concat([table, pd.DataFrame([last])], ignore_index=True)


def score_summary(table: pd.DataFrame) -> dict[str, float | int]:
    """Counts and means over the per-port rows of :func:`score_table` that have predictions.

    Model and naive forecasts are summarised over the same ports: those with predictions (a
    port without them is in the table but not in the summary; a summary row is skipped). Keys:
    for each of ``direction_right``, ``covered``, ``persistence_direction_right`` and
    ``trend_direction_right`` the number of ports where it holds and ``<key>_n`` the number where
    it could be judged; the means of the error and CRPS columns; ``ports_scored``; and
    ``crps_skill_vs_persistence`` / ``crps_skill_vs_trend`` = 1 − mean CRPS / mean naive CRPS
    over the ports where both exist (> 0: the model is better).
    """
    ports = table[table["port"] != "summary"]
    scored = ports[pd.to_numeric(ports["n_samples"]) > 0]
    out: dict[str, float | int] = {"ports_scored": len(scored)}
    for column in _COUNT_COLUMNS:
        judged = [bool(v) for v in scored[column] if v is not None and not pd.isna(v)]
        out[column] = sum(judged)
        out[column + "_n"] = len(judged)
    for column in _MEAN_COLUMNS:
        values = pd.to_numeric(scored[column], errors="coerce").dropna()
        out[column] = float(values.mean()) if len(values) else math.nan
    for naive in ("persistence", "trend"):
        both = scored[["crps", f"{naive}_crps"]].apply(pd.to_numeric).dropna()
        out[f"crps_skill_vs_{naive}"] = (
            _skill(float(both["crps"].mean()), float(both[f"{naive}_crps"].mean()))
            if len(both)
            else math.nan
        )
    return out


def summary_line(table: pd.DataFrame) -> str:
    """One sentence an analyst can quote: direction, coverage and CRPS skill vs the naive ones."""
    s = score_summary(table)
    return (
        f"direction right for {s['direction_right']} of {s['direction_right_n']} "
        f"(persistence {s['persistence_direction_right']} of {s['persistence_direction_right_n']}, "
        f"trend {s['trend_direction_right']} of {s['trend_direction_right_n']}); "
        f"prediction interval covers {s['covered']} of {s['covered_n']}; "
        f"MAE {s['abs_error']:,.0f} (persistence {s['persistence_abs_error']:,.0f}, "
        f"trend {s['trend_abs_error']:,.0f}); "
        f"CRPS skill vs persistence {s['crps_skill_vs_persistence']:+.2f}, "
        f"vs trend {s['crps_skill_vs_trend']:+.2f}"
    )
