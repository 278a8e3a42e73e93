"""Liaison network: customs officers at Latin-American origin ports who help detect loads before
departure (resolution point 6: a Belgian liaison network in strategic South-American ports for
"early detection of drug shipments"; seizures bound for Belgium in Latin America rose from 45 t to
81 t between 2023 and 2024, seeds/seizures.csv notes).

Mechanism, from the start date, at each chosen origin:

* a check point with ``teams_per_origin`` teams, each checking one container at a time for
  ``check_time_h`` (gamma, cv 0.5) — an FCFS :class:`~sim.engine.queueing.ServiceStage`;
* legitimate EU-bound containers (``eu_bound_containers_per_year``) are selected for a check at
  ``selection_rate`` and load the teams;
* a contaminated container is selected with probability s + q(1 − s) (``targeting_quality`` q:
  local intelligence), found with probability ``detection`` and then ``seized_origin``; a
  container not checked within ``max_hold_h`` sails unchecked (the ship will not wait);
* organisations learn the risk of each origin from these seizures, so they may change origin.

Loading at origin overlaps the port dwell already inside the sea-transit times, so a check does
not delay departure.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import numpy as np
import simpy

from sim.engine.distributions import draw_service_h
from sim.engine.levers.base import Lever
from sim.engine.queueing import ServiceStage
from sim.engine.shipments import Outcome, Shipment, Stage
from sim.params import ScanTimeDistribution

if TYPE_CHECKING:
    from sim.engine.model import RunRecord

CHECK_TIME_CV = 0.5


class LiaisonNetwork(Lever):
    """Pre-departure checks at chosen origin ports."""

    def install(self) -> None:
        """Build one check point per origin and hook into departures."""
        super().install()
        p = self.params
        system = self.system
        self.stages: dict[str, ServiceStage] = {}
        self._rng: dict[str, np.random.Generator] = {}
        for origin in p.origins:
            stage = ServiceStage(f"origin.{origin}.check", p.teams_per_origin, p.max_hold_h)
            stage.on_start = self._check_started
            self.stages[origin] = stage
            self._rng[origin] = system.stream(f"liaison.{origin}")
        system.departure_hooks.append(self.on_departure)

    def activate(self) -> None:
        """Start the legitimate flows through the check points."""
        for origin in self.params.origins:
            if self.params.eu_bound_containers_per_year.get(origin, 0.0) > 0:
                self.system.env.process(self._legitimate(origin))

    def _draw_check_h(self, origin: str, n: int) -> np.ndarray:
        return draw_service_h(
            self._rng[origin],
            n,
            self.params.check_time_h,
            ScanTimeDistribution.gamma,
            CHECK_TIME_CV,
        )

    def _legitimate(self, origin: str) -> Iterator[simpy.Event]:
        """EU-bound boxes selected for a check, one day at a time (Poisson, uniform in the day)."""
        env = self.system.env
        rng = self._rng[origin]
        stage = self.stages[origin]
        per_day = (
            self.params.eu_bound_containers_per_year[origin] / 365.0 * self.params.selection_rate
        )
        while True:
            n = int(rng.poisson(per_day))
            times = env.now + np.sort(rng.random(n)) * 24.0
            stage.add_batch(times, self._draw_check_h(origin, n), [None] * n)
            yield env.timeout(24.0)
            stage.advance(env.now)

    def on_departure(self, shipment: Shipment) -> None:
        """A shipment leaves an origin: select it for a check or let it sail."""
        stage = self.stages.get(shipment.origin)
        if not self.active or stage is None:
            return
        s, q = self.params.selection_rate, self.params.targeting_quality
        if shipment.u_origin_select >= s + q * (1.0 - s):
            return
        now = self.system.env.now
        stage.add(now, float(self._draw_check_h(shipment.origin, 1)[0]), shipment)
        self.system.wake_at(now, stage.advance)
        self.system.wake_at(now + self.params.max_hold_h, stage.advance)

    def _check_started(self, shipment: Shipment, start: float, end: float) -> None:
        if shipment.u_origin_detect < self.params.detection:
            self.system.resolve(shipment, Outcome.seized_origin, Stage.origin_check, end)

    def checks_in(self, window: tuple[float, float]) -> int:
        """Containers whose check started inside the window."""
        lo, hi = window
        return sum(sum(1 for t in st.start_h if lo <= t < hi) for st in self.stages.values())

    def finish(self, end_h: float) -> None:
        """Decide every check up to the end of the run."""
        for stage in self.stages.values():
            stage.advance(end_h)

    def fill_record(self, record: RunRecord) -> None:
        """Containers checked at origin inside the window."""
        record.origin_checks = self.checks_in(record.window_h)
