"""Risk targeting: which discharged containers are selected for a scan. Pure functions, no SimPy.

Two risk groups per port: containers from Latin-American origins (high risk) and the rest.
Customs select a share ``selection_rate`` of all discharged containers; high-risk containers are
selected ``m`` times as often as the rest (``security.high_risk_selection_multiplier``). With a
high-risk share f of the port's containers, the rates are

    s_other = s / (1 + f (m − 1)),   s_latam = m · s_other,

capped at 1 (then s_other absorbs the rest so the overall rate stays s). The default m = 5 follows
Europol (2023): about 10 % of containers from South America against about 2 % of all containers
are inspected at Antwerp, Hamburg/Bremerhaven and Rotterdam (``seeds/scanning.csv``).

``latam_selection_rate`` (e.g. Rotterdam scanning every Latin-American container in 2024) overrides
s_latam only; the other containers keep s_other, so the realised overall rate then exceeds
``selection_rate`` and is reported as ``containers_selected / containers_arrived``.

Targeting quality q: risk profiling (manifest data, intelligence) flags a contaminated container
over and above its group rate: P(selected | contaminated, group g) = s_g + q (1 − s_g). q = 0 is
random selection within the group, q = 1 finds every contaminated container. Because contaminated
containers are a vanishing share of all containers, q changes true positives without changing the
number of containers selected.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SelectionRates:
    """Per-container selection probabilities at one port at one time."""

    latam: float
    other: float
    targeting_quality: float

    def contaminated(self, quality: float | None = None) -> float:
        """Selection probability of a contaminated container (it always travels as 'latam').

        ``quality`` replaces the targeting quality q (e.g. q raised by targeting boosts).
        """
        q = self.targeting_quality if quality is None else quality
        return self.latam + q * (1.0 - self.latam)


def selection_rates(
    selection_rate: float,
    latam_share: float,
    multiplier: float,
    targeting_quality: float,
    latam_selection_rate: float | None = None,
) -> SelectionRates:
    """Split an overall selection rate into the two risk groups (see module docstring)."""
    other = selection_rate / (1.0 + latam_share * (multiplier - 1.0))
    latam = multiplier * other
    if latam > 1.0:
        latam = 1.0
        other = (selection_rate - latam_share) / (1.0 - latam_share) if latam_share < 1 else 0.0
        other = min(max(other, 0.0), 1.0)
    if latam_selection_rate is not None:
        latam = latam_selection_rate
    return SelectionRates(latam=latam, other=other, targeting_quality=targeting_quality)
