"""One European port: vessel calls, risk targeting, scanners, inspection teams and insiders.

Legitimate containers cost no SimPy event each. A vessel call is one SimPy timeout; at the call
the port draws, with numpy, how many containers it discharges, how many of them are selected for a
scan, when each selected container becomes available (uniform over the discharge window), its scan
time and whether its image raises a false alarm. Only the selected containers enter the scanner
queue (:class:`~sim.engine.queueing.ServiceStage`), which is exact FCFS without per-container
events. Contaminated containers travel on the Latin-American vessel calls (those of a transit
origin such as Freetown on the other calls: ``OriginInputs.call_kind``) and go through the very
same queue; they alone get SimPy events (a few per shipment) so that outcomes are known on time.

Modelling assumptions (values and sources in ``configs/``):

* vessel calls at a port form a Poisson process per service type (``latam``: calls from Latin
  American origins; ``other``: the rest of the world), with a Poisson number of discharged
  containers per call; the annual number matches the port's import containers of the current
  calendar year from ``seeds/`` (the rate is taken when each gap is drawn);
* a call discharges at ``traffic.discharge_moves_per_h``; each container becomes available for a
  scan at a uniform time in that window;
* insiders act first: a contaminated container whose method uses insiders (rip-on/rip-off) is
  extracted from the terminal with probability ``insider_rate`` before any check;
* a scanned contaminated container raises an alarm with the image-detection probability of its
  concealment method; legitimate containers raise a false alarm with ``false_alarm_rate``; every
  alarm is devanned by an inspection team (FCFS, no hold cap: a flagged container is held);
* inspection teams work the same daily window as the scanners.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

import numpy as np
import simpy
from simpy.events import ProcessGenerator

from sim.clock import HOURS_PER_YEAR
from sim.engine.distributions import draw_service_h
from sim.engine.levers.port_levers import PORT_LEVERS
from sim.engine.network import OriginInputs, PortInputs
from sim.engine.queueing import ServiceStage
from sim.engine.scaling import set_capacity
from sim.engine.shipments import Outcome, Shipment, Stage
from sim.engine.targeting import SelectionRates, lane_multipliers, selection_rates
from sim.params import PortParams, ScanTimeDistribution, SecurityParams, TrafficParams

CALL_KINDS = ("latam", "other")


@dataclass
class PortCounters:
    """Whole-run and in-window container counts kept at discharge time."""

    arrived_total: int = 0
    arrived_window: int = 0
    arrived_window_by_year: dict[int, int] = field(default_factory=dict)  # calendar year: boxes
    not_selected_total: int = 0
    selected_total: int = 0
    contaminated_total: int = 0


class Port:
    """A European port inside a :class:`~sim.engine.model.PortSystem`.

    ``resolve`` records a shipment's outcome (and tells whoever listens); ``wake_at(t, action)``
    calls ``action(now)`` at time ``t`` with one SimPy event (the system's services).
    """

    def __init__(
        self,
        env: simpy.Environment,
        inputs: PortInputs,
        levers: PortParams,
        security: SecurityParams,
        traffic: TrafficParams,
        scale: float,
        window_h: tuple[float, float],
        streams: Callable[[str], np.random.Generator],
        resolve: Callable[[Shipment, Outcome, Stage, float], None],
        wake_at: Callable[[float, Callable[[float], None]], None],
        year_at: Callable[[float], int],
        origins: Mapping[str, OriginInputs],
    ) -> None:
        self.env = env
        self.key = inputs.key
        self.inputs = inputs
        self.levers = replace(levers)  # the port's own, mutable copy (policy schedule)
        self.security = security
        self.traffic = traffic
        self.scale = scale
        self.window_h = window_h
        self._resolve = resolve
        self._wake_at = wake_at
        self._year_at = year_at
        self._selection_rng = {kind: streams(f"selection.{self.key}.{kind}") for kind in CALL_KINDS}
        # a shipment's own scan and inspection times come from a generator keyed by its id, so a
        # lever that removes one shipment elsewhere changes no other shipment's draws (CRN)
        self._service_key = streams(f"contaminated.{self.key}").integers(
            0, 2**63, size=2, dtype=np.uint64
        )
        self._service_bits = np.random.Philox(key=self._service_key)
        self._service_generator = np.random.Generator(self._service_bits)
        self._service_buffer = np.zeros(4, dtype=np.uint64)
        self.counters = PortCounters()
        self.scan = ServiceStage(
            f"{self.key}.scan",
            0,
            levers.hold_cap_h,
            levers.scanner_hours_per_day,
            levers.shift_start_h,
        )
        self.inspection = ServiceStage(
            f"{self.key}.inspection",
            0,
            math.inf,
            levers.scanner_hours_per_day,
            levers.shift_start_h,
        )
        set_capacity(self.scan, levers.scanners, scale, 0.0)
        set_capacity(self.inspection, levers.inspection_teams, scale, 0.0)
        self.scan.server_changes = self.scan.server_changes[-1:]
        self.inspection.server_changes = self.inspection.server_changes[-1:]
        self.scan.downstream = self.inspection
        self.scan.on_start = self._scan_started
        self.scan.on_renege = self._released_unscanned
        self.inspection.on_start = self._inspection_started
        self.rates = self._rates()
        self.mobile_scanners = 0  # scanners of a shared pool currently at this port
        self.fixed_scanner_changes: list[tuple[float, int]] = [(0.0, levers.scanners)]
        self.targeting_boosts: list[Callable[[Shipment, float], float]] = []
        # a shipment waits for the next call of its origin's kind (a transit origin's box comes
        # on a non-Latin-American service) and is selected at that group's rate × its lane's
        self._call_kind = {key: origin.call_kind for key, origin in origins.items()}
        self._lane = lane_multipliers(origins, security.lane_selection_factor)
        self._boarding: dict[str, list[Shipment]] = {kind: [] for kind in CALL_KINDS}
        for kind in CALL_KINDS:
            env.process(self._vessel_calls(kind, streams(f"calls.{self.key}.{kind}")))

    # ------------------------------------------------------------------ levers

    def _rates(self) -> SelectionRates:
        lv = self.levers
        return selection_rates(
            lv.selection_rate,
            self.inputs.latam_share,
            self.security.high_risk_selection_multiplier,
            lv.targeting_quality,
            lv.latam_selection_rate,
        )

    def apply(self, lever: str, value: float) -> None:
        """Set ``ports.<port>.<lever>`` from now on (a policy change); the lever's registry
        entry (:data:`~sim.engine.levers.port_levers.PORT_LEVERS`) says how it takes effect."""
        now = self.env.now
        self.advance(now)
        setattr(self.levers, lever, value)
        PORT_LEVERS[lever].act(self, now)
        self.rates = self._rates()

    def _resize_scan(self, now: float) -> list[float]:
        """Scanners: the port's own plus the pool's, at the run's scale (sim.engine.scaling)."""
        return set_capacity(self.scan, self.levers.scanners + self.mobile_scanners, self.scale, now)

    def set_fixed_scanners(self, scanners: int, now: float) -> None:
        """The port's own scanners become ``scanners`` at ``now`` (pool scanners stay)."""
        self.fixed_scanner_changes.append((now, scanners))
        set_capacity(self.scan, scanners + self.mobile_scanners, self.scale, now)

    def set_inspection_teams(self, teams: int, now: float) -> None:
        """The port has ``teams`` inspection teams (at full scale) from ``now`` on."""
        set_capacity(self.inspection, teams, self.scale, now)

    def add_mobile_scanner(self) -> None:
        """A scanner of a shared pool arrives and joins the port's scanners now."""
        self.mobile_scanners += 1
        self._resize_scan(self.env.now)

    def remove_mobile_scanner(self) -> float:
        """A pool scanner is withdrawn now; returns when it actually leaves (after its scan).

        At reduced scale a pool scanner may be a fraction of a simulated one: when the rounded
        number of scanners does not change, nothing leaves and the scanner is gone at once.
        """
        if self.mobile_scanners < 1:
            raise RuntimeError(f"{self.key}: no mobile scanner to withdraw")
        self.mobile_scanners -= 1
        return max(self._resize_scan(self.env.now), default=self.env.now)

    def contaminated_selection(self, shp: Shipment, at_h: float) -> float:
        """Selection probability of a contaminated container, with every targeting boost.

        Each active boost g (shared intelligence, manifest data, joint targeting) is an
        independent extra chance to flag the container: the targeting quality becomes
        1 − (1 − q)·Π(1 − g).
        """
        rates = self.rates
        missed = 1.0 - rates.targeting_quality
        for boost in self.targeting_boosts:
            missed *= 1.0 - boost(shp, at_h)
        return rates.contaminated(1.0 - missed, self._call_kind[shp.origin], self._lane[shp.origin])

    # ------------------------------------------------------------------ legitimate traffic

    def _vessel_calls(self, kind: str, rng: np.random.Generator) -> ProcessGenerator:
        share = self.inputs.latam_share if kind == "latam" else 1.0 - self.inputs.latam_share
        mean_size = (
            self.traffic.containers_per_call_latam
            if kind == "latam"
            else self.traffic.containers_per_call_other
        )
        if share <= 0:
            return
        env = self.env
        while True:
            # the call rate follows the calendar year's volume (seeds/throughput.csv)
            per_year = self.inputs.import_containers(self._year_at(env.now))
            mean_gap_h = mean_size * HOURS_PER_YEAR / (per_year * share)
            yield env.timeout(rng.exponential(mean_gap_h))
            n = int(rng.poisson(mean_size * self.scale))
            self.discharge(kind, n, n / self.scale / self.traffic.discharge_moves_per_h)

    def discharge(self, kind: str, n: int, duration_h: float) -> None:
        """A vessel call discharges ``n`` legitimate containers now, over ``duration_h`` hours."""
        now = self.env.now
        self.advance(now)
        lv = self.levers
        rng = self._selection_rng[kind]
        rate = self.rates.latam if kind == "latam" else self.rates.other
        k = int(rng.binomial(n, rate)) if n else 0
        c = self.counters
        c.arrived_total += n
        if self.window_h[0] <= now < self.window_h[1]:
            c.arrived_window += n
            year = self._year_at(now)
            c.arrived_window_by_year[year] = c.arrived_window_by_year.get(year, 0) + n
        c.not_selected_total += n - k
        c.selected_total += k
        if k:
            arrivals = now + np.sort(rng.random(k)) * duration_h
            service = draw_service_h(
                rng, k, lv.scan_time_h, lv.scan_time_distribution, lv.scan_time_cv
            )
            flagged = rng.random(k) < self.security.false_alarm_rate
            n_flagged = int(flagged.sum())
            items: list[float | None] = [None] * k
            if n_flagged:
                inspect_h = draw_service_h(
                    rng,
                    n_flagged,
                    lv.inspection_time_h,
                    ScanTimeDistribution.gamma,
                    self.security.inspection_time_cv,
                )
                for i, h in zip(np.flatnonzero(flagged).tolist(), inspect_h.tolist(), strict=True):
                    items[i] = h
            self.scan.add_batch(arrivals, service, items)
        if self._boarding[kind]:
            boarding, self._boarding[kind] = self._boarding[kind], []
            for shipment in boarding:
                self._discharge_contaminated(shipment, now, duration_h)

    # ------------------------------------------------------------------ contaminated containers

    def board(self, shipment: Shipment) -> None:
        """A shipment reached the port: the next call of its origin's kind discharges it."""
        self._boarding[self._call_kind[shipment.origin]].append(shipment)

    @property
    def boarding(self) -> int:
        """Shipments arrived at the port and waiting for the next call of their kind."""
        return sum(len(waiting) for waiting in self._boarding.values())

    def _discharge_contaminated(self, shp: Shipment, now: float, duration_h: float) -> None:
        arrival = now + shp.u_offset * duration_h
        shp.arrived_h = arrival
        shp.stage = Stage.in_port
        c = self.counters
        c.arrived_total += 1
        c.contaminated_total += 1
        if now >= self.window_h[0] and now < self.window_h[1]:
            c.arrived_window += 1
            year = self._year_at(now)
            c.arrived_window_by_year[year] = c.arrived_window_by_year.get(year, 0) + 1
        lv = self.levers
        method = self.security.methods[shp.method]
        if method.uses_insiders and shp.u_extract < lv.insider_rate:
            c.not_selected_total += 1
            self._resolve(shp, Outcome.extracted, Stage.insider, arrival)
            return
        if shp.u_select >= self.contaminated_selection(shp, arrival):
            c.not_selected_total += 1
            self._resolve(shp, Outcome.delivered, Stage.not_selected, arrival)
            return
        c.selected_total += 1
        shp.selected = True
        rng = self._service_rng(shp, 0)
        service = float(
            draw_service_h(rng, 1, lv.scan_time_h, lv.scan_time_distribution, lv.scan_time_cv)[0]
        )
        self.scan.add(arrival, service, shp)
        self._wake_at(arrival, self.advance)
        if math.isfinite(self.scan.hold_cap_h):
            self._wake_at(arrival + self.scan.hold_cap_h, self.advance)

    def _scan_started(self, shp: Shipment, start: float, end: float) -> None:
        shp.scan_start_h = start
        if shp.u_image < self.security.methods[shp.method].image_detection:
            lv = self.levers
            inspect_h = float(
                draw_service_h(
                    self._service_rng(shp, 1),
                    1,
                    lv.inspection_time_h,
                    ScanTimeDistribution.gamma,
                    self.security.inspection_time_cv,
                )[0]
            )
            self.inspection.add(end, inspect_h, shp)
            self._wake_at(end, self.advance)
        else:
            self._resolve(shp, Outcome.delivered, Stage.scan_clear, end)

    def _service_rng(self, shp: Shipment, stage: int) -> np.random.Generator:
        """The generator of one shipment's service time at one stage (0 scan, 1 inspection).

        A counter-based Philox generator keyed by the port's seed, its counter's high words set
        to (stage, shipment id): every (shipment, stage) has its own stream, whatever other
        shipments do (common random numbers), for the cost of one state reset.
        """
        self._service_bits.state = {
            "bit_generator": "Philox",
            "state": {
                "counter": np.array([0, 0, stage, shp.shipment_id], dtype=np.uint64),
                "key": self._service_key,
            },
            "buffer": self._service_buffer,
            "buffer_pos": 4,
            "has_uint32": 0,
            "uinteger": 0,
        }
        return self._service_generator

    def _released_unscanned(self, shp: Shipment, at_h: float) -> None:
        self._resolve(shp, Outcome.delivered, Stage.hold_cap, at_h)

    def _inspection_started(self, shp: Shipment, start: float, end: float) -> None:
        if shp.u_inspect < self.security.methods[shp.method].inspection_detection:
            self._resolve(shp, Outcome.seized_port, Stage.inspection, end)
        else:
            self._resolve(shp, Outcome.delivered, Stage.inspection_clear, end)

    # ------------------------------------------------------------------ clock

    def advance(self, until: float) -> None:
        """Decide every scan and inspection start or release up to ``until``."""
        self.scan.advance(until)
        self.inspection.advance(until)
