"""The port system: one replication of the network model, from parameters to a run record.

Wires the SimPy environment, the ports, the trafficking organisations, the policy schedule and a
monitor; runs warm-up plus horizon; checks conservation; returns a :class:`RunRecord` of plain
facts (numpy arrays and shipment records). No files, no Hydra, no pandas.

Clock: simulation time 0 is ``run.start_date − run.warmup_days``; the observed window is
``[warmup_h, warmup_h + horizon_h)``. The outputs describe the shipments *in play* during the
window: those that leave their origin inside it, and those that left during the warm-up but were
still at sea or in port when it opened. Seizures and deliveries are therefore counted by the date
they happen inside the window (a one-year run from 1 January compares with calendar-year
statistics), and a shipment without an outcome by the end of the window is ``in_transit``.
Shipments resolved during the warm-up are not reported.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import simpy
from simpy.events import ProcessGenerator

from sim.clock import days_to_h
from sim.engine.choice import RouteCosts, RouteSpace
from sim.engine.levers import install_levers
from sim.engine.market import Market, yearly_value
from sim.engine.network import NetworkInputs
from sim.engine.port import Port, PortCounters
from sim.engine.queueing import ServiceStage
from sim.engine.rng import replication_seed, stream
from sim.engine.scaling import evidence_per_shipment, scaled_traffickers
from sim.engine.shipments import Outcome, Shipment, Stage
from sim.engine.trafficking import BEHAVIOURS, Organisation
from sim.errors import ConservationError
from sim.params import METHOD_KEYS, OUTSIDE_ROUTE_KEYS, Params


@dataclass
class StageRecord:
    """Facts of one service stage over the whole run (warm-up included)."""

    arrival_h: np.ndarray  # customers that started service
    start_h: np.ndarray
    service_h: np.ndarray
    reneged_arrival_h: np.ndarray
    reneged_h: np.ndarray  # when each reneging customer was released
    pending_arrival_h: np.ndarray  # still waiting at the end
    server_changes: list[tuple[float, int]]
    hours_changes: list[tuple[float, float, float]]

    @classmethod
    def of(cls, stage: ServiceStage) -> StageRecord:
        """Copy the facts out of a stage."""
        return cls(
            arrival_h=np.frombuffer(stage.arrival_h, dtype=float).copy(),
            start_h=np.frombuffer(stage.start_h, dtype=float).copy(),
            service_h=np.frombuffer(stage.service_h, dtype=float).copy(),
            reneged_arrival_h=np.frombuffer(stage.reneged_arrival_h, dtype=float).copy(),
            reneged_h=np.frombuffer(stage.reneged_h, dtype=float).copy(),
            pending_arrival_h=stage.pending_arrivals(),
            server_changes=list(stage.server_changes),
            hours_changes=list(stage.hours_changes),
        )


@dataclass
class PortRecord:
    """Facts of one port over the whole run."""

    key: str
    counters: PortCounters
    scan: StageRecord
    inspection: StageRecord
    scan_waiting: np.ndarray  # monitor samples (customers waiting for a scanner)
    fixed_scanner_changes: list[tuple[float, int]]  # (time, the port's own scanners)


@dataclass
class RunRecord:
    """Everything one replication produced, before any table is built."""

    replication: int
    rng_seed: int
    window_h: tuple[float, float]
    start_date: dt.date
    warmup_h: float
    shipments: list[Shipment]  # in play during the window (see module docstring)
    ports: dict[str, PortRecord]
    outside_routes: tuple[str, ...] = OUTSIDE_ROUTE_KEYS
    price_path: list[tuple[float, float]] = field(default_factory=list)  # (t_h, EUR/kg)
    wall_s: float = 0.0  # for metadata.json only, never in a table
    lever_facts: dict[str, float] = field(default_factory=dict)  # replications.csv columns
    port_lever_facts: dict[str, dict[str, float]] = field(default_factory=dict)  # by port


def route_space(params: Params, network: NetworkInputs) -> RouteSpace:
    """All (origin, route, method) options: the modelled ports, then the outside routes."""
    return RouteSpace(
        tuple(network.origins),
        (*params.ports, *OUTSIDE_ROUTE_KEYS),
        METHOD_KEYS,
        len(params.ports),
    )


AT_SEA_METHOD = "cover_load"
"""The one method label of an at-sea load (hidden in a vessel's cargo or a semi-submersible's
hold): no container concealment applies there, so only one option per origin is open."""


def route_costs(params: Params, origins: Sequence[str]) -> RouteCosts:
    """Prices, fixed costs and open methods of the options (``traffickers.economics``, ``routes``).

    Outside routes add their own cost per kg; ``rest_of_europe`` is container ports, so every
    method is open and costs its own fixed cost plus the route's; ``at_sea`` has one option per
    origin (:data:`AT_SEA_METHOD`) at the route's fixed cost. No insiders' fee is paid outside
    the 12 ports (the route's interdiction rate stands for everything that stops a load there).
    A method's cost per kg (``economics.method_cost_eur_per_kg``: chemical incorporation's
    re-extraction in a European lab) applies on every route where the method is open; an
    origin's (``economics.origin_cost_eur_per_kg``: a transit origin's first leg) on every route.
    """
    tp = params.traffickers
    econ = tp.economics
    ports = list(params.ports)
    method_cost = np.array([econ.method_cost_eur[m] for m in METHOD_KEYS])
    insiders = np.array([params.security.methods[m].uses_insiders for m in METHOD_KEYS])
    n_methods = len(METHOD_KEYS)
    port_cost = [econ.port_cost_eur_per_kg[p] for p in ports]
    fixed = [method_cost for _ in ports]
    uses = [insiders for _ in ports]
    allowed = [np.ones(n_methods, dtype=bool) for _ in ports]
    for key in OUTSIDE_ROUTE_KEYS:
        route = tp.routes[key]
        port_cost.append(route.cost_eur_per_kg)
        uses.append(np.zeros(n_methods, dtype=bool))
        if key == "at_sea":
            fixed.append(np.full(n_methods, route.fixed_cost_eur))
            allowed.append(np.array([m == AT_SEA_METHOD for m in METHOD_KEYS]))
        else:
            fixed.append(method_cost + route.fixed_cost_eur)
            allowed.append(np.ones(n_methods, dtype=bool))
    return RouteCosts(
        wholesale_eur_per_kg=econ.wholesale_eur_per_kg,
        per_kg_cost_eur=econ.source_eur_per_kg + econ.logistics_eur_per_kg,
        port_cost_eur_per_kg=np.array(port_cost, dtype=float),
        method_cost_eur=np.array(fixed, dtype=float),
        uses_insiders=np.array(uses),
        allowed=np.array(allowed),
        method_cost_eur_per_kg=np.array(
            [econ.method_cost_eur_per_kg[m] for m in METHOD_KEYS], dtype=float
        ),
        origin_cost_eur_per_kg=np.array(
            [econ.origin_cost_eur_per_kg[o] for o in origins], dtype=float
        ),
        risk_aversion=tp.risk_aversion,
    )


def build_organisations(
    params: Params,
    network: NetworkInputs,
    replication: int,
    market: Market,
) -> list[Organisation]:
    """Instantiate the organisations named by ``traffickers.behaviour`` (registry lookup)."""
    tp = params.traffickers
    factory = BEHAVIOURS[tp.behaviour]
    space = route_space(params, network)
    costs = route_costs(params, space.origins)
    return [
        factory(
            name,
            org,
            tp,
            space,
            costs,
            market,
            stream(params.run.seed, replication, f"organisation.{name}"),
        )
        for name, org in tp.organisations.items()
    ]


class PortSystem:
    """One replication of the network model."""

    def __init__(self, params: Params, network: NetworkInputs, replication: int) -> None:
        # a run at scale s simulates s of the cocaine as well as of the containers
        # (sim.engine.scaling); the model sees the scaled volumes
        params = replace(
            params, traffickers=scaled_traffickers(params.traffickers, params.run.scale)
        )
        self.params = params
        self.network = network
        self.replication = replication
        self.env = simpy.Environment()
        self.calendar = params.calendar
        self.window_h = self.calendar.window_h
        w0 = self.window_h[0]
        self._first_year, self._year_starts_h = self.calendar.year_starts_h()
        self.ports = {
            key: Port(
                self.env,
                network.ports[key],
                levers,
                params.security,
                params.traffic,
                params.run.scale,
                self.window_h,
                self.stream,
                self.resolve,
                self.wake_at,
                self.year_at,
                network.origins,
            )
            for key, levers in params.ports.items()
        }
        self.market = Market(
            params.traffickers,
            (*params.ports, *OUTSIDE_ROUTE_KEYS),
            len(params.ports),
            self.year_at,
            self._insider_fees,
        )
        self.organisations = {
            org.name: org for org in build_organisations(params, network, replication, self.market)
        }
        self._routes = {key: params.traffickers.routes[key] for key in OUTSIDE_ROUTE_KEYS}
        self._origin_rates: dict[tuple[str, int], float] = {}
        self._route_rng = {key: self.stream(f"route.{key}") for key in OUTSIDE_ROUTE_KEYS}
        self._learners = [org for org in self.organisations.values() if org.learns]
        self._news_delay_h = days_to_h(params.traffickers.learning.news_delay_days)
        self._news_weight = params.traffickers.learning.news_weight
        self._evidence = evidence_per_shipment(params.run.scale)
        for org in self.organisations.values():
            org.evidence_per_shipment = self._evidence
        self.shipments: list[Shipment] = []
        self._luck = {name: self.stream(f"luck.{name}") for name in self.organisations}
        self._policy_luck = {
            name: self.stream(f"policy_luck.{name}") for name in self.organisations
        }
        self.outcome_listeners: list[Callable[[Shipment], None]] = []
        self.departure_hooks: list[Callable[[Shipment], None]] = []
        self._monitor_h = np.arange(w0, self.window_h[1], params.run.monitor_interval_h)
        self._waiting = {k: np.zeros(len(self._monitor_h), dtype=np.int64) for k in self.ports}
        for org in self.organisations.values():
            self.env.process(self._shipping(org))
        self.levers = install_levers(self)
        self._schedule_announcements()
        self.env.process(self._monitor())
        self.outcome_listeners.append(self._delivered_to_market)
        self.env.process(self._price_updates())

    # ------------------------------------------------------------------ services to levers

    def stream(self, name: str) -> np.random.Generator:
        """A named random stream of this replication."""
        return stream(self.params.run.seed, self.replication, name)

    def year_at(self, t_h: float) -> int:
        """Calendar year at simulation time ``t_h`` (called at every vessel call: a bisection)."""
        return self._first_year + bisect.bisect_right(self._year_starts_h, t_h) - 1

    def wake_at(self, t_h: float, action: Callable[[float], None]) -> None:
        """Call ``action(now)`` at time ``t_h`` (one SimPy event)."""
        env = self.env
        event = env.timeout(max(0.0, t_h - env.now))
        event.callbacks.append(lambda _event: action(env.now))

    def resolve(self, shipment: Shipment, outcome: Outcome, stage: Stage, at_h: float) -> None:
        """Record a shipment's outcome (at a port or at an origin check) and announce it."""
        shipment.resolve(outcome, stage, at_h)
        self._notify(shipment)

    def _schedule_announcements(self) -> None:
        """Every lever's public announcements reach the learning organisations
        ``announcement_lead_days`` before the policy starts (at the earliest at time 0)."""
        lp = self.params.traffickers.learning
        if not self._learners or lp.announcement_weight <= 0.0:
            return
        lead_h = days_to_h(lp.announcement_lead_days)
        for lever in self.levers.values():
            for note in lever.announcements():
                at_h = max(0.0, note.start_h - lead_h)
                if at_h < self.window_h[1]:
                    self.wake_at(at_h, functools.partial(self._announce, note.ports, note.origins))

    def _announce(self, ports: tuple[str, ...], origins: tuple[str, ...], now: float) -> None:
        for org in self._learners:
            org.hear_announcement(now, ports, origins)

    # ------------------------------------------------------------------ processes

    def _shipping(self, org: Organisation) -> ProcessGenerator:
        """An organisation's shipments leave their origins over time."""
        env = self.env
        luck = self._luck[org.name]
        policy_luck = self._policy_luck[org.name]
        while True:
            gap = org.next_departure_in_h()
            if not math.isfinite(gap):
                return
            yield env.timeout(gap)
            for plan in org.plan(env.now):
                u = luck.random(5)
                v = policy_luck.random(4)
                shipment = Shipment(
                    shipment_id=len(self.shipments),
                    organisation=org.name,
                    origin=plan.origin,
                    port=plan.port,
                    method=plan.method,
                    load_kg=float(max(1, round(plan.load_kg))),
                    departed_h=env.now + plan.hold_h,
                    u_extract=float(u[0]),
                    u_select=float(u[1]),
                    u_image=float(u[2]),
                    u_inspect=float(u[3]),
                    u_offset=float(u[4]),
                    u_carrier=float(v[0]),
                    u_origin_select=float(v[1]),
                    u_origin_detect=float(v[2]),
                    u_origin_national=float(v[3]),
                    planned_h=env.now,
                )
                self.shipments.append(shipment)
                env.process(self._journey(shipment))

    def _journey(self, shipment: Shipment) -> ProcessGenerator:
        """A held load waits; checks at departure (if any), transit, then the port (or the
        outside route) decides."""
        env = self.env
        if shipment.departed_h > env.now:
            yield env.timeout(shipment.departed_h - env.now)
        if shipment.u_origin_national < self._origin_rate(shipment.origin, env.now):
            self.resolve(shipment, Outcome.seized_origin, Stage.origin_interdiction, env.now)
            return
        for hook in self.departure_hooks:
            hook(shipment)
        route = self._routes.get(shipment.port)
        if route is None:
            yield env.timeout(self.network.transit_h(shipment.origin, shipment.port))
            if shipment.outcome is not Outcome.seized_origin:
                self.ports[shipment.port].board(shipment)
            return
        yield env.timeout(days_to_h(route.transit_days))
        if shipment.outcome is Outcome.seized_origin:
            return
        if shipment.u_inspect < route.interdiction_rate:
            self.resolve(shipment, Outcome.seized_route, Stage.route_interdiction, env.now)
        else:
            self.resolve(shipment, Outcome.delivered, Stage.route_clear, env.now)

    def _origin_rate(self, origin: str, t_h: float) -> float:
        """National interdiction before departure in the origin's country in the current year
        (``traffickers.origin_interdiction``): the year's value, else the last earlier one."""
        year = self.year_at(t_h)
        key = (origin, year)
        rate = self._origin_rates.get(key)
        if rate is None:
            country = self.network.origins[origin].country
            by_year = self.params.traffickers.origin_interdiction[country].rate_by_year
            rate = yearly_value(by_year, year)
            self._origin_rates[key] = rate
        return rate

    def _delivered_to_market(self, shipment: Shipment) -> None:
        if shipment.outcome in (Outcome.delivered, Outcome.extracted):
            self.market.record_delivery(shipment.outcome_h, shipment.load_kg)

    def _price_updates(self) -> ProcessGenerator:
        """The wholesale price follows the last year's deliveries (:mod:`sim.engine.market`)."""
        step_h = days_to_h(self.params.traffickers.market.update_days)
        while True:
            yield self.env.timeout(step_h)
            self.market.update_price(self.env.now)

    def _monitor(self) -> ProcessGenerator:
        """Sample scanner queue lengths at regular times inside the window."""
        env = self.env
        for i, t in enumerate(self._monitor_h.tolist()):
            if t > env.now:
                yield env.timeout(t - env.now)
            for key, port in self.ports.items():
                port.advance(t)
                self._waiting[key][i] = port.scan.waiting(t)

    def _insider_fees(self) -> np.ndarray:
        """Current insiders' share of the value at each port (the going rate organisations pay)."""
        return np.array([port.levers.insider_fee_share for port in self.ports.values()])

    def _notify(self, shipment: Shipment) -> None:
        """An outcome is known: its organisation learns it when it happens, others after a delay."""
        for listener in self.outcome_listeners:
            listener(shipment)
        env = self.env
        for org in self._learners:
            own = org.name == shipment.organisation
            at = shipment.outcome_h + (0.0 if own else self._news_delay_h)
            weight = (1.0 if own else self._news_weight) * self._evidence
            if weight <= 0.0:
                continue
            event = env.timeout(max(0.0, at - env.now))
            event.callbacks.append(functools.partial(self._tell, org, shipment, weight))

    def _tell(self, org: Organisation, shipment: Shipment, weight: float, _event: object) -> None:
        """Tell ``org`` of ``shipment``'s outcome now (the callback of a news event)."""
        org.observe(shipment, weight, self.env.now)

    # ------------------------------------------------------------------ run

    def run(self) -> RunRecord:
        """Simulate warm-up plus horizon and return the checked facts."""
        t0 = time.perf_counter()
        end = self.window_h[1]
        self.env.run(until=end)
        for port in self.ports.values():
            port.advance(end)
        for lever in self.levers.values():
            lever.finish(end)
        cohort = [
            s for s in self.shipments if s.planned_h < end and s.outcome_h >= self.window_h[0]
        ]
        record = RunRecord(
            replication=self.replication,
            rng_seed=replication_seed(self.params.run.seed, self.replication),
            window_h=self.window_h,
            start_date=self.params.start,
            warmup_h=self.params.warmup_h,
            shipments=cohort,
            price_path=list(self.market.price_path),
            ports={
                key: PortRecord(
                    key=key,
                    counters=port.counters,
                    scan=StageRecord.of(port.scan),
                    inspection=StageRecord.of(port.inspection),
                    scan_waiting=self._waiting[key],
                    fixed_scanner_changes=list(port.fixed_scanner_changes),
                )
                for key, port in self.ports.items()
            },
        )
        for lever in self.levers.values():
            record.lever_facts.update(lever.replication_facts(self.window_h))
            for key, facts in lever.port_facts(self.window_h).items():
                record.port_lever_facts.setdefault(key, {}).update(facts)
        check_conservation(record, self.ports, self.shipments)
        record.wall_s = time.perf_counter() - t0
        return record


def outcome_at_end(shipment: Shipment, end_h: float) -> Outcome:
    """The shipment's outcome as seen at the end of the horizon (held loads: ``delayed``)."""
    if shipment.outcome_h <= end_h:
        return shipment.outcome
    return Outcome.delayed if shipment.departed_h > end_h else Outcome.in_transit


def check_conservation(
    record: RunRecord, ports: dict[str, Port], all_shipments: list[Shipment]
) -> None:
    """Every container and every kilogram is accounted for; raise ConservationError if not."""
    for key, port in ports.items():
        c = port.counters
        if c.arrived_total != c.not_selected_total + c.selected_total:
            raise ConservationError(f"{key}: arrived != not selected + selected")
        for stage in (port.scan, port.inspection):
            done = len(stage.start_h) + len(stage.reneged_arrival_h) + stage.pending
            if stage.added != done:
                raise ConservationError(f"{stage.name}: added {stage.added} != accounted {done}")
        if c.selected_total != port.scan.added:
            raise ConservationError(f"{key}: selected {c.selected_total} != scan queue entries")
    discharged = sum(p.counters.contaminated_total for p in ports.values())
    at_sea = sum(1 for s in all_shipments if math.isnan(s.arrived_h))
    boarding = sum(p.boarding for p in ports.values())
    if discharged + at_sea != len(all_shipments) or boarding > at_sea:
        raise ConservationError("shipments discharged + at sea != shipments planned")
    end = record.window_h[1]
    totals = dict.fromkeys(Outcome, 0.0)
    for s in record.shipments:
        totals[outcome_at_end(s, end)] += s.load_kg
    attempted = sum(s.load_kg for s in record.shipments)
    if attempted != sum(totals.values()):
        raise ConservationError(f"kg attempted {attempted} != kg over outcomes {totals}")
