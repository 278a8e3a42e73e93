"""Service-time samplers: a mean (h) plus a shape, drawn in bulk with numpy."""

from __future__ import annotations

import numpy as np

from sim.params import ScanTimeDistribution


def draw_service_h(
    rng: np.random.Generator,
    n: int,
    mean_h: float,
    distribution: ScanTimeDistribution,
    cv: float = 1.0,
) -> np.ndarray:
    """Draw ``n`` service times (h) with the given mean.

    ``gamma`` uses shape 1/cv² and scale mean·cv², so its coefficient of variation is ``cv``
    (cv = 1 is the exponential). ``deterministic`` returns the mean for every draw and consumes no
    random numbers.
    """
    if distribution is ScanTimeDistribution.deterministic:
        return np.full(n, mean_h)
    if distribution is ScanTimeDistribution.exponential:
        return rng.exponential(mean_h, n)
    shape = 1.0 / (cv * cv)
    return rng.gamma(shape, mean_h / shape, n)
