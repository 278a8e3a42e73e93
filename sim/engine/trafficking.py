"""Trafficking organisations: when they ship, and what they choose for each shipment.

The seam: an :class:`Organisation` plans shipments (origin, European port, concealment method,
load) and is told outcomes when they happen. Behaviours are chosen by name
(``traffickers.behaviour``) through :data:`BEHAVIOURS`; a new behaviour is a new class and a
registry entry, never an edit of the port or the model.

Shared by every behaviour (all parameters in ``configs/traffickers/*.yaml`` with their sources):

* each organisation ships a share (``volume_share``) of ``traffickers.annual_volume_t``;
  departures form a Poisson process whose rate makes the expected annual kg equal that target,
  given the current typical load;
* loads are lognormal around the organisation's typical load (``load_median_kg`` at rest),
  log-sd ``load_sigma``, capped at ``load_max_kg``, rounded to whole kg by the model;
* the route (origin, port, method) is drawn from logit probabilities on expected profit
  (:mod:`sim.engine.choice`) evaluated at the typical load.

``static``: probabilities fixed at the organisation's initial state (prior beliefs, initial
network, no pressure). ``adaptive``: every shipment re-evaluates them from what the organisation
has learned (:mod:`sim.engine.beliefs`), and under pressure — when its own discounted loss rate
exceeds ``pressure.tolerance`` — it splits loads (typical load × 1/(1 + split_sensitivity·π),
at least ``min_load_factor``) and cuts switching costs (× max(0, 1 − explore_sensitivity·π)), π
being the excess loss rate rescaled to [0, 1] (in whole percents). A port or origin becomes part
of its network after ``economics.establish_after`` of its shipments got through there. With
``learning.enabled=false`` nothing is updated, and the adaptive organisation behaves exactly as the
static one.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from sim.clock import HOURS_PER_YEAR, days_to_h
from sim.engine.beliefs import DiscountedCounts, RiskBeliefs, beta_mean
from sim.engine.choice import (
    RouteCosts,
    RouteSpace,
    choice_weights,
    cost_terms,
    route_utilities,
)
from sim.engine.shipments import Outcome, Shipment
from sim.params import Behaviour, OrganisationParams, TraffickerParams


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
    learns: bool

    def next_departure_in_h(self) -> float:
        """Hours until the organisation's next shipment leaves."""
        ...

    def plan(self, now_h: float) -> list[ShipmentPlan]:
        """The shipment(s) leaving now."""
        ...

    def observe(self, shipment: Shipment, weight: float, now_h: float) -> None:
        """An outcome (its own: weight 1; another organisation's: the news weight)."""
        ...


def mean_capped_lognormal(median: float, sigma: float, cap: float) -> float:
    """E[min(X, cap)] for X lognormal with the given median and log-sd (closed form)."""
    mu = math.log(median)

    def phi(z: float) -> float:
        return 0.5 * (1.0 + math.erf(z / math.sqrt(2.0)))

    log_cap = math.log(cap)
    below = math.exp(mu + sigma * sigma / 2.0) * phi((log_cap - mu - sigma * sigma) / sigma)
    return below + cap * (1.0 - phi((log_cap - mu) / sigma))


def _pick(cumulative: np.ndarray, u: float) -> int:
    """Index drawn by inverse CDF from a uniform ``u`` in [0, 1)."""
    return min(int(np.searchsorted(cumulative, u, side="right")), len(cumulative) - 1)


class _OrganisationBase:
    """State and rules common to every behaviour (see module docstring)."""

    learns = False

    def __init__(
        self,
        name: str,
        org: OrganisationParams,
        params: TraffickerParams,
        space: RouteSpace,
        costs: RouteCosts,
        insider_fees: Callable[[], np.ndarray],
        rng: np.random.Generator,
    ) -> None:
        self.name = name
        self._params = params
        self._space = space
        self._costs = costs
        self._insider_fees = insider_fees
        self._rng = rng
        self._annual_kg = params.annual_volume_t * 1000.0 * org.volume_share
        lp = params.learning
        memory_h = days_to_h(lp.memory_days)
        self.beliefs = RiskBeliefs(
            len(space.ports),
            len(space.methods),
            len(space.origins),
            lp.prior_risk,
            lp.prior_strength,
            lp.origin_prior_risk,
            memory_h,
        )
        self._own = DiscountedCounts((1,), memory_h)
        self._prior_loss = (lp.prior_risk * lp.prior_strength, lp.prior_strength)
        self.port_established = np.array([p in org.ports for p in space.ports])
        self.origin_established = np.array([o in org.origins for o in space.origins])
        self._port_deliveries = np.zeros(len(space.ports), dtype=int)
        self._origin_deliveries = np.zeros(len(space.origins), dtype=int)
        self._network_version = 0  # bumped when the established network changes
        self._cost_key: tuple[float, bytes, int] | None = None
        self._cost_value: tuple[np.ndarray, np.ndarray] = (np.empty(0), np.empty(0))
        self._port_index = {p: i for i, p in enumerate(space.ports)}
        self._origin_index = {o: i for i, o in enumerate(space.origins)}
        self._method_index = {m: i for i, m in enumerate(space.methods)}

    # -------------------------------------------------------------- pressure and loads

    def pressure(self, now_h: float) -> float:
        """Excess of the own discounted loss rate over the tolerance, rescaled to [0, 1].

        Rounded to whole percents: a resolution far finer than the rule claims, which lets the
        cost part of the route utilities be reused between shipments.
        """
        seized, passed = self._own.at(now_h)
        a, n = self._prior_loss
        loss = beta_mean(a, n, seized[0], passed[0])
        tol = self._params.pressure.tolerance
        return round(max(0.0, loss - tol) / (1.0 - tol), 2)

    def typical_load_kg(self, pressure: float) -> float:
        """Median load under the given pressure (splitting)."""
        pp = self._params.pressure
        factor = max(pp.min_load_factor, 1.0 / (1.0 + pp.split_sensitivity * pressure))
        return self._params.load_median_kg * factor

    def _mean_gap_h(self, typical_load_kg: float) -> float:
        tp = self._params
        mean_kg = mean_capped_lognormal(typical_load_kg, tp.load_sigma, tp.load_max_kg)
        per_h = self._annual_kg / mean_kg / HOURS_PER_YEAR
        return 1.0 / per_h if per_h > 0 else math.inf

    def _probabilities(self, now_h: float, pressure: float) -> np.ndarray:
        """Cumulative choice probabilities over the flattened options at the current state."""
        keep, penalty = self._cost_terms(pressure)
        utilities = route_utilities(
            self.beliefs.port_risk(now_h), self.beliefs.origin_risk(now_h), keep, penalty
        )
        cumulative = np.cumsum(choice_weights(utilities, self._params.rationality))
        return cumulative / cumulative[-1]

    def _cost_terms(self, pressure: float) -> tuple[np.ndarray, np.ndarray]:
        """Risk-free part of expected profit, recomputed only when one of its inputs changed."""
        fees = self._insider_fees()
        key = (pressure, fees.tobytes(), self._network_version)
        if key != self._cost_key:
            econ = self._params.economics
            explore = max(0.0, 1.0 - self._params.pressure.explore_sensitivity * pressure)
            self._cost_value = cost_terms(
                self._costs,
                self.typical_load_kg(pressure),
                fees,
                econ.port_switching_cost_eur * explore * ~self.port_established,
                econ.origin_switching_cost_eur * explore * ~self.origin_established,
            )
            self._cost_key = key
        return self._cost_value

    def _draw(self, cumulative: np.ndarray, typical_load_kg: float) -> ShipmentPlan:
        rng = self._rng
        o, p, m = self._space.unravel(_pick(cumulative, float(rng.random())))
        tp = self._params
        load = min(float(rng.lognormal(math.log(typical_load_kg), tp.load_sigma)), tp.load_max_kg)
        space = self._space
        return ShipmentPlan(space.origins[o], space.ports[p], space.methods[m], load)

    def observe(self, shipment: Shipment, weight: float, now_h: float) -> None:
        """Ignored unless the organisation learns."""


class StaticOrganisation(_OrganisationBase):
    """Fixed choice probabilities: those of its initial state, never updated."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._typical = self.typical_load_kg(0.0)
        self._cumulative = self._probabilities(0.0, 0.0)
        self._gap_h = self._mean_gap_h(self._typical)

    def next_departure_in_h(self) -> float:
        """Exponential gap: shipments leave as a Poisson process."""
        return float(self._rng.exponential(self._gap_h))

    def plan(self, now_h: float) -> list[ShipmentPlan]:
        """One shipment drawn from the fixed probabilities."""
        return [self._draw(self._cumulative, self._typical)]


class AdaptiveOrganisation(_OrganisationBase):
    """Learns route risk from outcomes; splits loads and explores under pressure."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.learns = self._params.learning.enabled
        self._now = 0.0

    def next_departure_in_h(self) -> float:
        """Exponential gap at the rate that keeps the annual target with the current loads."""
        typical = self.typical_load_kg(self.pressure(self._now) if self.learns else 0.0)
        return float(self._rng.exponential(self._mean_gap_h(typical)))

    def plan(self, now_h: float) -> list[ShipmentPlan]:
        """One shipment chosen on what the organisation believes now."""
        self._now = now_h
        pressure = self.pressure(now_h) if self.learns else 0.0
        return [self._draw(self._probabilities(now_h, pressure), self.typical_load_kg(pressure))]

    def observe(self, shipment: Shipment, weight: float, now_h: float) -> None:
        """Update beliefs (and, for its own shipments, losses and network) from an outcome."""
        if not self.learns:
            return
        self._now = max(self._now, now_h)
        origin = self._origin_index[shipment.origin]
        if shipment.outcome is Outcome.seized_origin:
            self.beliefs.observe_origin(now_h, origin, True, weight)
            seized = True
        else:
            seized = shipment.outcome is Outcome.seized_port
            port = self._port_index[shipment.port]
            method = self._method_index[shipment.method]
            self.beliefs.observe_origin(now_h, origin, False, weight)
            self.beliefs.observe_port(now_h, port, method, seized, weight)
        if shipment.organisation != self.name:
            return
        self._own.add(now_h, 0, seized, 1.0)
        if not seized:  # not seized at origin: ``port`` was looked up above
            self._establish(port, origin)

    def _establish(self, port: int, origin: int) -> None:
        """Count a delivery; a port or origin with enough of them joins the network."""
        need = self._params.economics.establish_after
        self._port_deliveries[port] += 1
        self._origin_deliveries[origin] += 1
        if self._port_deliveries[port] >= need and not self.port_established[port]:
            self.port_established[port] = True
            self._network_version += 1
        if self._origin_deliveries[origin] >= need and not self.origin_established[origin]:
            self.origin_established[origin] = True
            self._network_version += 1


OrganisationFactory = Callable[..., Organisation]
BEHAVIOURS: dict[Behaviour, OrganisationFactory] = {
    Behaviour.static: StaticOrganisation,
    Behaviour.adaptive: AdaptiveOrganisation,
}
"""Registry: behaviour named in the config → organisation class."""
