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

Lane targeting (``security.lane_selection_factor``): inside the Latin-American group, customs'
risk profiles weight some origin countries more. A container from country c is selected at
s_latam · f_c / f̄, f̄ the mean factor over the group's lanes weighted by their cover-cargo share
(``export_weight`` in ``seeds/origin_ports.csv``, the only per-origin container mix the evidence
gives), so the group's mean rate, and so the scanners' load, is unchanged; the rate is capped at 1.
A transit origin (Freetown) ships on non-Latin-American services: its containers are selected at
s_other · f_c, not re-weighted (they are a vanishing share of that group).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sim.engine.network import OriginInputs


@dataclass(frozen=True)
class SelectionRates:
    """Per-container selection probabilities at one port at one time."""

    latam: float
    other: float
    targeting_quality: float

    def contaminated(
        self, quality: float | None = None, kind: str = "latam", lane: float = 1.0
    ) -> float:
        """Selection probability of a contaminated container arriving on a ``kind`` call.

        ``quality`` replaces the targeting quality q (e.g. q raised by targeting boosts);
        ``lane`` multiplies the group's rate (:func:`lane_multipliers`).
        """
        q = self.targeting_quality if quality is None else quality
        base = min((self.latam if kind == "latam" else self.other) * lane, 1.0)
        return base + q * (1.0 - base)


def lane_multipliers(
    origins: Mapping[str, OriginInputs], factor_by_country: Mapping[str, float]
) -> dict[str, float]:
    """Multiplier of the group's selection rate for each origin's containers (module docstring)."""
    latam = [o for o in origins.values() if o.call_kind == "latam"]
    weight = sum(o.export_weight for o in latam)
    mean = (
        sum(o.export_weight * factor_by_country[o.country] for o in latam) / weight
        if weight > 0
        else 1.0
    )
    return {
        key: factor_by_country[o.country] / (mean if o.call_kind == "latam" else 1.0)
        for key, o in origins.items()
    }


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
