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

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
from simpy.events import ProcessGenerator

from sim.clock import DAYS_PER_YEAR, HOURS_PER_DAY
from sim.columns import Column
from sim.engine.distributions import draw_service_h
from sim.engine.levers.base import Announcement, CostInputs, CostItem, Lever, LeverSpec
from sim.engine.queueing import ServiceStage
from sim.engine.scaling import set_capacity
from sim.engine.shipments import Outcome, Shipment, Stage
from sim.params.rules import (
    Check,
    Choice,
    Items,
    KeysCover,
    MinItemsWhenEnabled,
    Number,
    count,
    knob,
    positive,
    probability,
    table,
)
from sim.params.schema import LEVER, UNCERTAIN, LeverBlock, ScanTimeDistribution

ORIGINS = Choice(source="origins")


@dataclass
class LiaisonParams(LeverBlock):
    """``levers.liaison``: check points at origin ports, their capacity, reach and price."""

    CHECKS: ClassVar[tuple[Check, ...]] = (
        MinItemsWhenEnabled("origins", 1),
        KeysCover("eu_bound_containers_per_year", "origins"),
    )

    origins: list[str] = knob(Items(ORIGINS), "origin ports with a check point", "-", LEVER)
    teams_per_origin: int = knob(count(100, lo=1), "check teams at each origin", "teams", LEVER)
    check_time_h: float = knob(positive(48.0), "mean duration of one check", "h", LEVER)
    check_time_cv: float = knob(
        positive(5.0), "coefficient of variation of a check (gamma)", "-", UNCERTAIN
    )
    selection_rate: float = knob(
        probability(), "share of EU-bound boxes selected for a check", "share", LEVER
    )
    targeting_quality: float = knob(
        probability(), "extra chance q that local intelligence selects a loaded box", "-", LEVER
    )
    detection: float = knob(probability(), "chance a check finds the load", "-", UNCERTAIN)
    max_hold_h: float = knob(positive(720.0), "longest wait before a box sails unchecked", "h")
    eu_bound_containers_per_year: dict[str, float] = table(
        "legitimate EU-bound boxes a year at each origin (the check points' load)",
        ORIGINS,
        Number(0.0, 1e7),
        unit="containers/year",
        noun="origin",
    )
    cost_eur_per_officer_year: float = knob(
        Number(0.0, 1e7), "one liaison officer (a team) a year", "EUR/year", UNCERTAIN
    )


class LiaisonNetwork(Lever[LiaisonParams]):
    """Pre-departure checks at chosen origin ports."""

    def announcements(self) -> list[Announcement]:
        """Public: its origins are announced as tightening checks."""
        return [Announcement(self.start_h, origins=tuple(self.params.origins))]

    def install(self) -> None:
        """Build one check point per origin and hook into departures."""
        super().install()
        p = self.params
        system = self.system
        self.stages: dict[str, ServiceStage] = {}
        self._rng: dict[str, np.random.Generator] = {}
        for origin in p.origins:
            stage = ServiceStage(f"origin.{origin}.check", 0, p.max_hold_h)
            set_capacity(stage, p.teams_per_origin, system.params.run.scale, 0.0)
            stage.server_changes = stage.server_changes[-1:]
            stage.on_start = self._check_started
            self.stages[origin] = stage
            self._rng[origin] = system.stream(f"liaison.{origin}")
        system.departure_hooks.append(self.on_departure)

    def activate(self) -> None:
        """Start the legitimate flows through the check points."""
        for origin in self.params.origins:
            if self.params.eu_bound_containers_per_year[origin] > 0:
                self.system.env.process(self._legitimate(origin))

    def _draw_check_h(self, origin: str, n: int) -> np.ndarray:
        return draw_service_h(
            self._rng[origin],
            n,
            self.params.check_time_h,
            ScanTimeDistribution.gamma,
            self.params.check_time_cv,
        )

    def _legitimate(self, origin: str) -> ProcessGenerator:
        """EU-bound boxes selected for a check, one day at a time (Poisson, uniform in the day)."""
        env = self.system.env
        rng = self._rng[origin]
        stage = self.stages[origin]
        per_day = (
            self.params.eu_bound_containers_per_year[origin]
            * self.system.params.run.scale
            / DAYS_PER_YEAR
            * self.params.selection_rate
        )
        while True:
            n = int(rng.poisson(per_day))
            times = env.now + np.sort(rng.random(n)) * HOURS_PER_DAY
            stage.add_batch(times, self._draw_check_h(origin, n), [None] * n)
            yield env.timeout(HOURS_PER_DAY)
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

    def replication_facts(self, window_h: tuple[float, float]) -> dict[str, float]:
        """Containers checked at origin inside the window."""
        return {"containers_checked_origin": self.checks_in(window_h)}


def _officers(inputs: CostInputs) -> float:
    block = inputs.block
    officers = len(block.origins) * block.teams_per_origin
    return officers * inputs.years_active * block.cost_eur_per_officer_year


SPEC = LeverSpec(
    name="liaison",
    summary="customs liaison officers checking containers at origin ports before departure",
    mechanism=LiaisonNetwork,
    block=LiaisonParams,
    costs=(CostItem("liaison_eur", "liaison officers x years active x cost a year", _officers),),
    replication_columns=(
        Column(
            "containers_checked_origin",
            "int64",
            "count",
            "containers checked before departure (liaison)",
            0,
        ),
    ),
)
