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


BOOTSTRAP_RESAMPLES = 2000
BOOTSTRAP_SEED = 20240101  # fixed: a summary of the same runs is the same, bit for bit


def ratio_of_means_ci(
    numerator: np.ndarray,
    denominator: np.ndarray,
    level: float = 0.95,
    resamples: int = BOOTSTRAP_RESAMPLES,
    seed: int = BOOTSTRAP_SEED,
) -> tuple[float, float, float]:
    """Ratio of means Σnum / Σden over paired replications, with a paired bootstrap CI.

    A cost per kg is a ratio: averaging the replications' own ratios is biased (it keeps only
    replications with a positive denominator and weighs a small denominator as much as a large
    one). This estimates mean(num) / mean(den) instead, the ratio an analyst means, and its
    percentile-bootstrap interval resampling replications *jointly* (numerator and denominator
    of a replication stay together: common random numbers).

    Returns ``(ratio, lower, upper)``. The ratio is nan when mean(den) <= 0 (nothing to divide
    by: e.g. no kg kept off the market); a resample with mean(den) <= 0 counts as an unbounded
    ratio, so the upper bound is ``inf`` when more than (1 − level)/2 of them are. One
    replication gives ``(r, r, r)``; a non-finite pair is dropped.
    """
    num = np.asarray(numerator, dtype=float).ravel()
    den = np.asarray(denominator, dtype=float).ravel()
    if num.shape != den.shape:
        raise ValueError(f"ratio_of_means_ci: {num.size} numerators, {den.size} denominators")
    keep = np.isfinite(num) & np.isfinite(den)
    num, den = num[keep], den[keep]
    if num.size == 0 or den.mean() <= 0:
        return (math.nan, math.nan, math.nan)
    ratio = float(num.mean() / den.mean())
    if num.size == 1:
        return (ratio, ratio, ratio)
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, num.size, size=(resamples, num.size))
    n_mean, d_mean = num[pick].mean(axis=1), den[pick].mean(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratios = np.where(d_mean > 0, n_mean / d_mean, np.inf)
    tail = (1.0 - level) / 2.0
    low, high = np.quantile(ratios, [tail, 1.0 - tail], method="inverted_cdf")
    return (ratio, float(low), float(high))


def paired_difference_ci(
    treated: np.ndarray, reference: np.ndarray, level: float = 0.95
) -> tuple[float, float, float]:
    """Mean difference ``treated − reference`` over paired replications, with a paired t CI.

    Two runs with the same seed share their random streams replication by replication (common
    random numbers), so replication i of one is paired with replication i of the other. The
    interval is the Student t interval of the n differences d_i = treated_i − reference_i
    (:func:`mean_ci`), which is narrower than two overlapping level intervals whenever the runs
    are positively correlated, as CRN makes them. A pair with a non-finite member is dropped.

    Raises
    ------
    ValueError
        When the two arrays do not have one value per replication each (unpaired runs).
    """
    a = np.asarray(treated, dtype=float).ravel()
    b = np.asarray(reference, dtype=float).ravel()
    if a.shape != b.shape:
        raise ValueError(
            f"paired_difference_ci: {a.size} against {b.size} replications (runs not paired)"
        )
    keep = np.isfinite(a) & np.isfinite(b)
    return mean_ci(a[keep] - b[keep], level)


def welch_difference_ci(
    treated: np.ndarray, reference: np.ndarray, level: float = 0.95
) -> tuple[float, float, float]:
    """Difference of the means ``treated − reference`` of two independent runs, Welch t CI.

    For runs that do not share their random streams (different seeds or replications), so that
    replication i of one says nothing about replication i of the other. The half-width is
    t_{(1+level)/2, ν}·√(s_a²/n_a + s_b²/n_b) with the Welch–Satterthwaite degrees of freedom ν
    (Welch 1947), rounded *down* to an integer so that :func:`t_quantile` stays exact; the
    interval is then slightly conservative (wider), never narrower than Welch's. Non-finite
    values are dropped.

    Returns ``(difference, lower, upper)``; the bounds are nan when either run has fewer than two
    values (no variance to estimate), and equal the difference when both runs are constant.
    """
    a = np.asarray(treated, dtype=float).ravel()
    b = np.asarray(reference, dtype=float).ravel()
    a, b = a[np.isfinite(a)], b[np.isfinite(b)]
    if a.size == 0 or b.size == 0:
        return (math.nan, math.nan, math.nan)
    diff = float(a.mean() - b.mean())
    if a.size < 2 or b.size < 2:
        return (diff, math.nan, math.nan)
    va, vb = float(a.var(ddof=1)) / a.size, float(b.var(ddof=1)) / b.size
    se2 = va + vb
    if se2 == 0.0:
        return (diff, diff, diff)
    df = se2**2 / (va**2 / (a.size - 1) + vb**2 / (b.size - 1))
    half = t_quantile(level, max(1, math.floor(df + 1e-9))) * math.sqrt(se2)
    return (diff, diff - half, diff + half)
