"""Trafficking organisations: when they ship, and what they choose for each shipment.

The seam: an :class:`Organisation` plans shipments (origin, European port, concealment method,
load) and is told outcomes when they happen. Behaviours are chosen by name
(``traffickers.behaviour``) through :data:`BEHAVIOURS`; a new behaviour is a new class and a
registry entry, never an edit of the port or the model.

Shared by every behaviour (all parameters in ``configs/traffickers/*.yaml`` with their sources):

* each organisation ships a share (``volume_share``) of ``traffickers.annual_volume_t``, scaled
  by the year's supply factor (:mod:`sim.engine.market`); departures form a Poisson process
  whose rate makes the expected annual kg equal that target, given the expected load under the
  current choice probabilities;
* **load size belongs to the route** (trafficking v2): the typical load on route p is the route's
  rest load (``load_median_kg`` for the 12 ports, ``routes.<r>.load_median_kg`` outside them)
  times 1/(1 + split_sensitivity·π_p), at least ``min_load_factor``, where π_p is the excess of
  the route's perceived risk over ``pressure.tolerance``, rescaled to [0, 1]: where risk is
  high loads are split (Rotterdam's mean find 268 → 137 kg 2023 → 2024, Antwerp's large
  seizures 13 → 2; validation-evidence.md §1a). Loads are lognormal around it, log-sd
  ``load_sigma``, capped at ``load_max_kg``, rounded to whole kg by the model;
* route, concealment and load are chosen together: the option (origin, route, method) is drawn
  from logit probabilities on expected profit with risk aversion (:mod:`sim.engine.choice`),
  each route evaluated at its own typical load, at the market's current price, over the routes
  and methods open now (a method over its yearly capacity, ``traffickers.method_max_share``, is
  closed on every route like a full route: capacity is physical, so static organisations see it
  too).

``static``: probabilities fixed at the organisation's initial state (prior beliefs, initial
network, no pressure). ``adaptive``: every shipment re-evaluates them from what the organisation
has learned (:mod:`sim.engine.beliefs`), and under pressure — when its own discounted loss rate
exceeds ``pressure.tolerance`` — it splits loads (typical load × 1/(1 + split_sensitivity·π),
at least ``min_load_factor``) and cuts switching costs (× max(0, 1 − explore_sensitivity·π)), π
being the excess loss rate rescaled to [0, 1] (in whole percents). A port or origin becomes part
of its network after ``economics.establish_after`` of its shipments got through there. With
``learning.enabled=false`` nothing is updated, and the adaptive organisation behaves exactly as the
static one.

**Delay** (adaptive organisations, ``hold.enabled``): before a shipment leaves, the organisation
compares the inclusive value (logsum) of its options now with that of the same options at its
prior beliefs minus ``hold.cost_share``; it holds the load ``hold.hold_days`` with the logit
probability 1/(1 + exp(λ·(IV_now − IV_hold))). It expects perceived risk to fall back to its prior
while it waits: an organisation facing a spike in losses waits rather than ships (EMCDDA/Europol
"they are testing us": validation-evidence.md §4). The route is chosen when the load is planned;
the held load leaves on it after the hold (a held load is ``delayed`` until then).

**Learning speed** (adaptive organisations that learn). Three mechanisms set how fast an
organisation reacts, each with a parameter the calibration varies or states as a prior
(experiments/validation/PROTOCOL.md):

* *pooled intelligence*: other organisations' outcomes reach it with ``learning.news_weight``
  after ``learning.news_delay_days`` (:mod:`sim.engine.beliefs`);
* *announced policies*: a policy that tightens checks at a port or an origin (the levers'
  :meth:`~sim.engine.levers.base.Lever.announcements`) is known
  ``learning.announcement_lead_days`` before it starts; the organisation then adds evidence
  worth ``announcement_weight`` × the evidence it holds on each announced place, at
  ``announcement_risk_factor`` × the risk it perceives there
  (:meth:`~sim.engine.beliefs.RiskBeliefs.announce_port`). It fades with the memory like any
  outcome. The EU Ports Alliance and Antwerp's step-up of 2024 were public before they acted,
  and Antwerp's fall took about six months (validation-evidence.md §4);
* *loss thresholds*: its own seizures on a route are counted with the same discounting; when
  they reach ``abandon.after_losses`` and its loss rate there reaches ``abandon.loss_share`` it
  drops the route for ``abandon.days`` (the route's own count then starts afresh). A route
  is never dropped if that would leave no option open. Customs: organisations "test" a port
  with small loads and move on (validation-evidence.md §4).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from sim.clock import HOURS_PER_YEAR, days_to_h
from sim.engine.beliefs import DiscountedCounts, RiskBeliefs, beta_mean
from sim.engine.choice import (
    RouteCosts,
    RouteSpace,
    choice_weights,
    closed_to_minus_inf,
    cost_terms,
    inclusive_value,
    route_utilities,
)
from sim.engine.shipments import Outcome, Shipment
from sim.params import Behaviour, OrganisationParams, TraffickerParams


@dataclass(frozen=True)
class ShipmentPlan:
    """What an organisation decided for one shipment (``port``: a port or an outside route)."""

    origin: str
    port: str
    method: str
    load_kg: float
    hold_h: float = 0.0  # the load waits this long at origin before it leaves


class MarketView(Protocol):
    """What an organisation reads from the market (:class:`sim.engine.market.Market`)."""

    price_eur_per_kg: float

    def insider_fees(self) -> np.ndarray:
        """Insiders' share of the value per route."""
        ...

    def open_routes(self, t_h: float) -> np.ndarray:
        """Which routes take new loads."""
        ...

    def open_methods(self, t_h: float) -> np.ndarray:
        """Which concealment methods take new loads (those under their yearly cap)."""
        ...

    def volume_factor_at(self, t_h: float) -> float:
        """The year's flow relative to the reference year."""
        ...

    def commit(self, route: int, load_kg: float, t_h: float, method: int) -> None:
        """A load was committed to a route and a method."""
        ...


class Organisation(Protocol):
    """What the model needs from a trafficking organisation."""

    name: str
    learns: bool
    evidence_per_shipment: float  # full-scale shipments one simulated shipment stands for

    def next_departure_in_h(self) -> float:
        """Hours until the organisation's next shipment leaves."""
        ...

    def plan(self, now_h: float) -> list[ShipmentPlan]:
        """The shipment(s) leaving now."""
        ...

    def observe(self, shipment: Shipment, weight: float, now_h: float) -> None:
        """An outcome (its own: weight 1; another organisation's: the news weight)."""
        ...

    def hear_announcement(self, now_h: float, ports: Sequence[str], origins: Sequence[str]) -> None:
        """A policy that tightens checks at ``ports`` and ``origins`` has been announced."""
        ...


def mean_capped_lognormal_each(medians: np.ndarray, sigma: float, cap: float) -> np.ndarray:
    """:func:`mean_capped_lognormal` of every median in ``medians``."""
    return np.array([mean_capped_lognormal(float(m), sigma, cap) for m in medians])


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
        market: MarketView,
        rng: np.random.Generator,
    ) -> None:
        self.name = name
        self.evidence_per_shipment = 1.0  # set by the model at reduced scale (sim.engine.scaling)
        self._params = params
        self._space = space
        self._costs = costs
        self._market = market
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
        self._port_deliveries = np.zeros(len(space.ports))  # full-scale deliveries counted
        self._origin_deliveries = np.zeros(len(space.origins))
        self._network_version = 0  # bumped when the established network changes
        self._cost_cache: dict[tuple[object, ...], tuple[np.ndarray, np.ndarray]] = {}
        self._port_index = {p: i for i, p in enumerate(space.ports)}
        self._origin_index = {o: i for i, o in enumerate(space.origins)}
        self._method_index = {m: i for i, m in enumerate(space.methods)}
        outside = space.outside
        self._rest_load_kg = np.array(
            [params.load_median_kg] * (len(space.ports) - len(outside))
            + [params.routes[r].load_median_kg for r in outside]
        )
        allowed = costs.allowed
        self._method_weights = allowed / allowed.sum(axis=1, keepdims=True)
        self._closed_key: bytes | None = None
        self._closed = np.zeros(allowed.shape)
        self._mean_load_key: bytes | None = None
        self._mean_load_value = np.empty(0)
        self._expected_load_kg = float(
            mean_capped_lognormal(params.load_median_kg, params.load_sigma, params.load_max_kg)
        )
        self._prior_port_risk = self.beliefs.port_risk(0.0)
        self._prior_origin_risk = self.beliefs.origin_risk(0.0)
        # the fees and price of the start: what an organisation that does not learn reckons with
        self._initial_terms = (market.insider_fees().copy(), market.price_eur_per_kg)

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

    def route_pressure(self, port_risk: np.ndarray) -> np.ndarray:
        """Excess perceived risk per route over the tolerance, in [0, 1] (whole percents).

        A route's perceived risk is the mean over the methods open on it.
        """
        risk = (port_risk * self._method_weights).sum(axis=1)
        tol = self._params.pressure.tolerance
        return np.round(np.maximum(0.0, risk - tol) / (1.0 - tol), 2)

    def typical_load_kg(self, pressure: float | np.ndarray) -> float | np.ndarray:
        """Median load under the given pressure (splitting), per route when given per route.

        A scalar pressure gives the load through a container port at that pressure.
        """
        pp = self._params.pressure
        if np.ndim(pressure) == 0:
            factor = max(pp.min_load_factor, 1.0 / (1.0 + pp.split_sensitivity * float(pressure)))
            return self._params.load_median_kg * factor
        factors = np.maximum(pp.min_load_factor, 1.0 / (1.0 + pp.split_sensitivity * pressure))
        return self._rest_load_kg * factors

    def _mean_loads_kg(self, typical_kg: np.ndarray) -> np.ndarray:
        key = typical_kg.tobytes()
        if key != self._mean_load_key:
            tp = self._params
            self._mean_load_value = mean_capped_lognormal_each(
                typical_kg, tp.load_sigma, tp.load_max_kg
            )
            self._mean_load_key = key
        return self._mean_load_value

    def _mean_gap_h(self, now_h: float) -> float:
        """Mean time between departures that keeps the year's kg with the expected load."""
        annual = self._annual_kg * self._market.volume_factor_at(now_h)
        per_h = annual / self._expected_load_kg / HOURS_PER_YEAR
        return 1.0 / per_h if per_h > 0 else math.inf

    def _options(
        self, now_h: float, pressure: float, port_risk: np.ndarray, origin_risk: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Utilities (O, P, M), closed options at −inf, and the typical load per route."""
        typical = self.typical_load_kg(self.route_pressure(port_risk))
        assert isinstance(typical, np.ndarray)
        keep, penalty = self._cost_terms(pressure, typical)
        utilities = route_utilities(
            port_risk, origin_risk, keep, penalty, self._params.risk_aversion
        )
        open_routes = self._market.open_routes(now_h)
        open_methods = self._market.open_methods(now_h)
        key = open_routes.tobytes() + open_methods.tobytes()
        if key != self._closed_key:
            self._closed = closed_to_minus_inf(open_routes, self._costs.allowed, open_methods)
            self._closed_key = key
        utilities += self._closed[None, :, :]
        abandoned = self.abandoned_routes(now_h)
        if abandoned is not None:  # unless that would leave nothing to choose
            trial = np.where(abandoned[None, :, None], -np.inf, utilities)
            if np.isfinite(trial).any():
                utilities = trial
        return utilities, typical

    def _choose(self, utilities: np.ndarray, typical: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Cumulative choice probabilities; updates the expected load for the departure rate."""
        weights = choice_weights(utilities, self._params.rationality)
        cumulative = np.cumsum(weights)
        total = cumulative[-1]
        by_route = weights.reshape(utilities.shape).sum(axis=(0, 2))
        self._expected_load_kg = float(by_route @ self._mean_loads_kg(typical)) / total
        return cumulative / total, typical

    def _cost_terms(self, pressure: float, typical_kg: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Risk-free part of expected profit, recomputed only when one of its inputs changed."""
        fees, price = self._market_terms()
        key = (pressure, fees.tobytes(), self._network_version, typical_kg.tobytes(), price)
        value = self._cost_cache.get(key)
        if value is None:
            econ = self._params.economics
            explore = max(0.0, 1.0 - self._params.pressure.explore_sensitivity * pressure)
            value = cost_terms(
                self._costs,
                typical_kg,
                fees,
                econ.port_switching_cost_eur * explore * ~self.port_established,
                econ.origin_switching_cost_eur * explore * ~self.origin_established,
                price,
            )
            if len(self._cost_cache) >= 8:  # the current state and the prior one, mostly
                self._cost_cache.clear()
            self._cost_cache[key] = value
        return value

    def _market_terms(self) -> tuple[np.ndarray, float]:
        """Insiders' fees per route and the wholesale price the organisation reckons with."""
        return self._market.insider_fees(), self._market.price_eur_per_kg

    def _draw(
        self, cumulative: np.ndarray, typical_kg: np.ndarray, now_h: float, hold_h: float = 0.0
    ) -> ShipmentPlan:
        rng = self._rng
        o, p, m = self._space.unravel(_pick(cumulative, float(rng.random())))
        tp = self._params
        load = min(float(rng.lognormal(math.log(typical_kg[p]), tp.load_sigma)), tp.load_max_kg)
        self._market.commit(p, load, now_h, m)
        space = self._space
        return ShipmentPlan(space.origins[o], space.ports[p], space.methods[m], load, hold_h)

    def observe(self, shipment: Shipment, weight: float, now_h: float) -> None:
        """Ignored unless the organisation learns."""

    def hear_announcement(self, now_h: float, ports: Sequence[str], origins: Sequence[str]) -> None:
        """Ignored unless the organisation learns."""

    def abandoned_routes(self, now_h: float) -> np.ndarray | None:
        """Routes out of the choice at ``now_h`` (None: none); only adaptive ones abandon."""
        return None


class StaticOrganisation(_OrganisationBase):
    """Fixed beliefs: those of its initial state (prior beliefs, initial network, no pressure).

    It reckons with the insiders' fees and the price of the start for ever; the options are
    re-weighted only when a route or a method closes or opens (capacity is physical, not a
    belief).
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._state_key: bytes | None = None
        self._cumulative = np.empty(0)
        self._typical = np.empty(0)
        self._now = 0.0
        self._state(0.0)  # the expected load of the first departure gap

    def _state(self, now_h: float) -> tuple[np.ndarray, np.ndarray]:
        market = self._market
        key = market.open_routes(now_h).tobytes() + market.open_methods(now_h).tobytes()
        if key != self._state_key:
            options = self._options(now_h, 0.0, self._prior_port_risk, self._prior_origin_risk)
            self._cumulative, self._typical = self._choose(*options)
            self._state_key = key
        return self._cumulative, self._typical

    def _market_terms(self) -> tuple[np.ndarray, float]:
        return self._initial_terms

    def next_departure_in_h(self) -> float:
        """Exponential gap: shipments leave as a Poisson process."""
        return float(self._rng.exponential(self._mean_gap_h(self._now)))

    def plan(self, now_h: float) -> list[ShipmentPlan]:
        """One shipment drawn from the fixed beliefs."""
        self._now = now_h
        cumulative, typical = self._state(now_h)
        return [self._draw(cumulative, typical, now_h)]


class AdaptiveOrganisation(_OrganisationBase):
    """Learns route risk from outcomes; splits loads, explores and holds loads under pressure."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.learns = self._params.learning.enabled
        self._now = 0.0
        self._wait_values: dict[tuple[object, ...], float] = {}
        n_routes = len(self._space.ports)
        self._route_own = DiscountedCounts(
            (n_routes,), days_to_h(self._params.learning.memory_days)
        )
        self._abandoned_until = np.zeros(n_routes)
        self._abandon_h = days_to_h(self._params.abandon.days)
        self._abandons = self.learns and self._params.abandon.enabled
        self.abandon_log: list[tuple[float, str]] = []  # (time, route) of every abandonment
        self._choose(*self._options(0.0, 0.0, self._prior_port_risk, self._prior_origin_risk))

    def _market_terms(self) -> tuple[np.ndarray, float]:
        """Current fees and price; with learning off, those of the start (as a static one)."""
        return super()._market_terms() if self.learns else self._initial_terms

    def next_departure_in_h(self) -> float:
        """Exponential gap at the rate that keeps the year's target with the expected loads."""
        return float(self._rng.exponential(self._mean_gap_h(self._now)))

    def plan(self, now_h: float) -> list[ShipmentPlan]:
        """One shipment chosen on what the organisation believes now (held, or leaving now)."""
        self._now = now_h
        if self.learns:
            pressure = self.pressure(now_h)
            port_risk = self.beliefs.port_risk(now_h)
            origin_risk = self.beliefs.origin_risk(now_h)
        else:
            pressure, port_risk, origin_risk = 0.0, self._prior_port_risk, self._prior_origin_risk
        utilities, typical = self._options(now_h, pressure, port_risk, origin_risk)
        hold_h = self._hold_h(now_h, pressure, utilities)
        cumulative, typical = self._choose(utilities, typical)
        return [self._draw(cumulative, typical, now_h, hold_h)]

    def hold_probability(self, now_h: float, pressure: float, utilities: np.ndarray) -> float:
        """Probability of holding the load (see module docstring); 0 if it cannot learn or hold."""
        hp = self._params.hold
        rationality = self._params.rationality
        if not (self.learns and hp.enabled) or rationality <= 0.0:
            return 0.0
        now_value = inclusive_value(utilities, rationality)
        fees, price = self._market_terms()
        key = (
            pressure,
            fees.tobytes(),
            price,
            self._network_version,
            self._market.open_routes(now_h).tobytes(),
            self._market.open_methods(now_h).tobytes(),
            self._abandon_key(now_h),
        )
        wait_value = self._wait_values.get(key)
        if wait_value is None:  # the prior's options change only with costs, prices, routes
            at_prior, _ = self._options(
                now_h, pressure, self._prior_port_risk, self._prior_origin_risk
            )
            wait_value = inclusive_value(at_prior, rationality) - hp.cost_share
            if len(self._wait_values) >= 64:
                self._wait_values.clear()
            self._wait_values[key] = wait_value
        z = rationality * (now_value - wait_value)
        return 1.0 / (1.0 + math.exp(min(z, 700.0)))

    def _hold_h(self, now_h: float, pressure: float, utilities: np.ndarray) -> float:
        if not (self.learns and self._params.hold.enabled):
            return 0.0
        p_hold = self.hold_probability(now_h, pressure, utilities)
        held = float(self._rng.random()) < p_hold
        return days_to_h(self._params.hold.hold_days) if held else 0.0

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
            seized = shipment.outcome in (Outcome.seized_port, Outcome.seized_route)
            port = self._port_index[shipment.port]
            method = self._method_index[shipment.method]
            self.beliefs.observe_origin(now_h, origin, False, weight)
            self.beliefs.observe_port(now_h, port, method, seized, weight)
        if shipment.organisation != self.name:
            return
        self._own.add(now_h, 0, seized, self.evidence_per_shipment)
        if shipment.outcome is Outcome.seized_origin:
            return
        if self._abandons:
            self._count_route_loss(now_h, port, seized)
        if not seized:
            self._establish(port, origin)

    # ------------------------------------------------------------ announcements, abandoning

    def hear_announcement(self, now_h: float, ports: Sequence[str], origins: Sequence[str]) -> None:
        """Raise perceived risk at the announced places (:meth:`RiskBeliefs.announce_port`)."""
        lp = self._params.learning
        if not self.learns or lp.announcement_weight <= 0.0:
            return
        for key in ports:
            self.beliefs.announce_port(
                now_h, self._port_index[key], lp.announcement_weight, lp.announcement_risk_factor
            )
        for key in origins:
            self.beliefs.announce_origin(
                now_h,
                self._origin_index[key],
                lp.announcement_weight,
                lp.announcement_risk_factor,
            )

    def _count_route_loss(self, now_h: float, route: int, seized: bool) -> None:
        """Own outcome on ``route``; past both loss thresholds the route is dropped."""
        self._route_own.add(now_h, route, seized, self.evidence_per_shipment)
        if not seized:
            return
        ap = self._params.abandon
        lost, passed = self._route_own.at(now_h)
        lost_here, total = float(lost[route]), float(lost[route] + passed[route])
        if lost_here >= ap.after_losses and lost_here >= ap.loss_share * total:
            self._abandoned_until[route] = now_h + self._abandon_h
            self._route_own.reset(route)  # back later with a clean slate of own losses
            self.abandon_log.append((now_h, self._space.ports[route]))

    def abandoned_routes(self, now_h: float) -> np.ndarray | None:
        """Routes dropped after losses whose time out has not run yet."""
        if not self._abandons:
            return None
        out = self._abandoned_until > now_h
        return out if out.any() else None

    def _abandon_key(self, now_h: float) -> bytes:
        out = self.abandoned_routes(now_h)
        return b"" if out is None else out.tobytes()

    def _establish(self, port: int, origin: int) -> None:
        """Count a delivery; a port or origin with enough of them joins the network."""
        need = self._params.economics.establish_after
        self._port_deliveries[port] += self.evidence_per_shipment
        self._origin_deliveries[origin] += self.evidence_per_shipment
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
