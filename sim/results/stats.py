"""Confidence intervals over replications (Student t), shared by summaries, figures and sweeps."""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np

LARGE_DF = 10_000  # t_quantile switches to the Cornish–Fisher expansion above this


def _t_coverage(theta: float, df: int) -> float:
    """Two-sided coverage P(|T| <= t) of Student's t with integer ``df``, at t = √df·tan(θ).

    Closed forms of Abramowitz & Stegun (1964), 26.7.3 (odd df) and 26.7.4 (even df): finite
    trigonometric sums, exact up to rounding.
    """
    s, c2 = math.sin(theta), math.cos(theta) ** 2
    if df == 1:
        return 2.0 * theta / math.pi
    if df % 2 == 0:
        k = np.arange(1, df // 2, dtype=float)
        return s * (1.0 + float(np.cumprod((2 * k - 1) / (2 * k) * c2).sum()))
    k = np.arange(1, (df - 1) // 2, dtype=float)
    c = math.sqrt(c2)
    series = c * (1.0 + float(np.cumprod(2 * k / (2 * k + 1) * c2).sum()))
    return 2.0 / math.pi * (theta + s * series)


def t_quantile(level: float, df: int) -> float:
    """Half-width factor of a two-sided Student t interval: the (1 + level)/2 quantile of t_df.

    Parameters
    ----------
    level : float
        Two-sided coverage, in (0, 1); 0.95 gives t_{0.975, df}.
    df : int
        Degrees of freedom, a positive integer (replications − 1).

    Returns
    -------
    float
        The quantile t with P(|T| <= t) = level.

    Notes
    -----
    Implemented without scipy and without tables: the two-sided t distribution function has a
    closed form for integer df (Abramowitz & Stegun 26.7.3–4); it is increasing in θ = atan(t/√df),
    so θ is found by bisection on [0, π/2) to machine precision and t = √df·tan θ. This is exact
    (not an approximation such as Hill 1970 or a df 1–30 table) for every level and df. Beyond
    ``LARGE_DF`` degrees of freedom (where the O(df) sums get slow) the Cornish–Fisher expansion
    around the normal quantile is used instead; its error there is below 1e-9.
    """
    if not 0.0 < level < 1.0:
        raise ValueError(f"level must be in (0, 1), got {level!r}")
    if df < 1 or int(df) != df:
        raise ValueError(f"df must be a positive integer, got {df!r}")
    if df > LARGE_DF:  # Cornish–Fisher expansion; error O(df⁻³), far below 1e-9 here
        z = NormalDist().inv_cdf(0.5 + level / 2)
        return z + (z**3 + z) / (4 * df) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)
    lo, hi = 0.0, math.pi / 2
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if mid in (lo, hi):
            break
        if _t_coverage(mid, int(df)) < level:
            lo = mid
        else:
            hi = mid
    return math.sqrt(df) * math.tan(0.5 * (lo + hi))


def mean_ci(values: np.ndarray, level: float = 0.95) -> tuple[float, float, float]:
    """Mean and two-sided Student t confidence interval of replication values.

    Parameters
    ----------
    values : numpy.ndarray
        One value per replication. Non-finite values (NaN, e.g. a utilisation with no open
        scanner-hours) are dropped.
    level : float, default 0.95
        Two-sided confidence level.

    Returns
    -------
    tuple of float
        ``(mean, lower, upper)`` with half-width t_{(1+level)/2, n−1}·s/√n (s: sample standard
        deviation, ddof = 1). A single value gives ``(x, x, x)`` (no interval); no value gives
        ``(nan, nan, nan)``.
    """
    x = np.asarray(values, dtype=float).ravel()
    x = x[np.isfinite(x)]
    if x.size == 0:
        return (math.nan, math.nan, math.nan)
    mean = float(x.mean())
    if x.size == 1:
        return (mean, mean, mean)
    half = t_quantile(level, x.size - 1) * float(x.std(ddof=1)) / math.sqrt(x.size)
    return (mean, mean - half, mean + half)
