"""Trafficking organisations: when they ship, and what they choose for each shipment.

The seam: an :class:`Organisation` plans shipments (origin, European port, concealment method,
load) and is told the outcome of each of its shipments when it happens. Behaviours are chosen by
name (``traffickers.behaviour``) through :data:`BEHAVIOURS`; a new behaviour (e.g. adaptive route
choice that learns from outcomes) is a new class and a registry entry, never an edit of the port
or the model.

``static`` behaviour: shipments leave as a Poisson process whose rate makes the expected annual
volume equal ``traffickers.annual_volume_t``; port, origin and method are drawn independently from
fixed shares; the load is lognormal (median ``load_median_kg``, log-sd ``load_sigma``) capped at
``load_max_kg``. Defaults and their sources are in ``configs/traffickers/static.yaml``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from sim.engine.shipments import Shipment
from sim.params import Behaviour, TraffickerParams

HOURS_PER_YEAR = 8760.0


@dataclass(frozen=True)
class ShipmentPlan:
    """What an organisation decided for one shipment."""

    origin: str
    port: str
    method: str
    load_kg: float


class Organisation(Protocol):
    """What the model needs from a trafficking organisation."""

    name: str

    def next_departure_in_h(self) -> float:
        """Hours until the organisation's next shipment leaves."""
        ...

    def plan(self, now_h: float) -> list[ShipmentPlan]:
        """The shipment(s) leaving now (a load may be split over several containers)."""
        ...

    def observe(self, shipment: Shipment) -> None:
        """The outcome of one of its own shipments, at the time it happens."""
        ...


def mean_capped_lognormal(median: float, sigma: float, cap: float) -> float:
    """E[min(X, cap)] for X lognormal with the given median and log-sd (closed form)."""
    mu = math.log(median)

    def phi(z: float) -> float:
        return 0.5 * (1.0 + math.erf(z / math.sqrt(2.0)))

    log_cap = math.log(cap)
    below = math.exp(mu + sigma * sigma / 2.0) * phi((log_cap - mu - sigma * sigma) / sigma)
    return below + cap * (1.0 - phi((log_cap - mu) / sigma))


def _cumulative(shares: dict[str, float]) -> tuple[list[str], np.ndarray]:
    """Names and normalised cumulative shares, for inverse-CDF draws."""
    names = list(shares)
    cum = np.cumsum([shares[n] for n in names], dtype=float)
    return names, cum / cum[-1]


def _pick(cumulative: np.ndarray, u: float) -> int:
    """Index drawn by inverse CDF from a uniform ``u`` in [0, 1)."""
    return min(int(np.searchsorted(cumulative, u, side="right")), len(cumulative) - 1)


class StaticOrganisation:
    """Fixed choice probabilities; ignores what happens to its shipments."""

    def __init__(
        self,
        name: str,
        params: TraffickerParams,
        origin_shares: dict[str, float],
        annual_volume_t: float,
        rng: np.random.Generator,
    ) -> None:
        self.name = name
        self._rng = rng
        self._ports, self._port_cum = _cumulative(params.port_shares)
        self._origins, self._origin_cum = _cumulative(origin_shares)
        self._methods, self._method_cum = _cumulative(params.method_shares)
        self._log_median = math.log(params.load_median_kg)
        self._sigma = params.load_sigma
        self._cap = params.load_max_kg
        mean_kg = mean_capped_lognormal(
            params.load_median_kg, params.load_sigma, params.load_max_kg
        )
        per_h = annual_volume_t * 1000.0 / mean_kg / HOURS_PER_YEAR
        self._mean_gap_h = 1.0 / per_h if per_h > 0 else math.inf

    def next_departure_in_h(self) -> float:
        """Exponential gap: shipments leave as a Poisson process."""
        return float(self._rng.exponential(self._mean_gap_h))

    def plan(self, now_h: float) -> list[ShipmentPlan]:
        """Draw one shipment from the fixed shares."""
        rng = self._rng
        u_port, u_origin, u_method = rng.random(3).tolist()
        port = self._ports[_pick(self._port_cum, u_port)]
        origin = self._origins[_pick(self._origin_cum, u_origin)]
        method = self._methods[_pick(self._method_cum, u_method)]
        load = min(float(rng.lognormal(self._log_median, self._sigma)), self._cap)
        return [ShipmentPlan(origin=origin, port=port, method=method, load_kg=load)]

    def observe(self, shipment: Shipment) -> None:
        """Static organisations do not learn."""


OrganisationFactory = Callable[..., Organisation]
BEHAVIOURS: dict[Behaviour, OrganisationFactory] = {Behaviour.static: StaticOrganisation}
"""Registry: behaviour named in the config → organisation class."""
