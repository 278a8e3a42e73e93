"""Benelux anti-drug agency (resolution point 5: a permanent joint agency for operational customs
cooperation, coordinated scanning and container controls in the seaports, and joint analysis of
drug routes): a pool of mobile scanners shared by Antwerp, Zeebrugge, Rotterdam and Vlissingen,
and joint targeting.

Mechanism, from the start date:

* ``mobile_scanners`` scanners are deployed round-robin over the agency's ports; a scanner at a
  port joins that port's scanner pool (same scan cycle) — see
  :meth:`~sim.engine.port.Port.add_mobile_scanner`;
* every ``review_days`` the agency relocates: ``rotate`` moves each scanner to the next port of
  the list; ``follow_seizures`` sets a target number of scanners per port proportional to its
  seizures (+1) over the last ``seizure_window_days`` and moves scanners from ports above their
  target to ports below it;
* a move withdraws the scanner at once (it finishes its current scan), and it is unavailable for
  ``move_time_h`` on the road before joining its new port: a scanner is at one port at a time;
* joint targeting: at the agency's ports a contaminated container gets an extra chance
  ``joint_targeting_gain`` to be flagged.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import ClassVar

import numpy as np
from simpy.events import ProcessGenerator

from sim.clock import HOURS_PER_YEAR, days_to_h
from sim.columns import Column
from sim.engine.levers.base import Announcement, CostInputs, CostItem, Lever, LeverSpec
from sim.engine.shipments import Outcome, Shipment
from sim.params.rules import (
    Check,
    Choice,
    Items,
    MinItemsWhenEnabled,
    Number,
    count,
    knob,
    positive,
    probability,
)
from sim.params.schema import LEVER, MAX_SCANNERS, UNCERTAIN, LeverBlock


class Relocation(Enum):
    """How the Benelux agency moves its mobile scanners."""

    rotate = "rotate"  # each scanner moves to the next port on a fixed cycle
    follow_seizures = "follow_seizures"  # toward the ports with the most recent seizures


@dataclass
class BeneluxAgencyParams(LeverBlock):
    """``levers.benelux_agency``: the shared pool of mobile scanners, how it moves, its price."""

    CHECKS: ClassVar[tuple[Check, ...]] = (MinItemsWhenEnabled("ports", 2),)

    ports: list[str] = knob(Items(Choice(source="ports")), "the agency's ports", "-", LEVER)
    mobile_scanners: int = knob(
        count(MAX_SCANNERS), "mobile scanners in the pool", "scanners", LEVER
    )
    move_time_h: float = knob(Number(0.0, 720.0), "time on the road for one move", "h", LEVER)
    relocation: Relocation = knob(Choice(enum=Relocation), "how scanners are moved", "-", LEVER)
    review_days: float = knob(Number(0.25, 3650.0), "interval between relocations", "d", LEVER)
    seizure_window_days: float = knob(
        positive(3650.0), "recent seizures counted by follow_seizures", "d", LEVER
    )
    joint_targeting_gain: float = knob(
        probability(), "extra chance to flag a loaded box at the agency's ports", "-", UNCERTAIN
    )
    mobile_scanner_eur: float = knob(
        Number(0.0, 1e9), "purchase price of a mobile scanner", "EUR", UNCERTAIN
    )
    cost_eur_per_move: float = knob(
        Number(0.0, 1e7), "moving and setting up a mobile scanner", "EUR", UNCERTAIN
    )


class BeneluxAgency(Lever[BeneluxAgencyParams]):
    """Mobile scanners moved between the agency's ports, plus joint targeting."""

    def announcements(self) -> list[Announcement]:
        """Public: its ports are announced as tightening checks."""
        return [Announcement(self.start_h, ports=tuple(self.params.ports))]

    def install(self) -> None:
        """Register the joint-targeting boost and the seizure record."""
        super().install()
        self.ports = list(self.params.ports)
        self.add_targeting_boost(self.ports, self.boost)
        self.system.outcome_listeners.append(self._on_outcome)
        n = self.params.mobile_scanners
        self.location: list[str | None] = [None] * n  # None: on the road
        self.destination: list[str | None] = [None] * n
        self._since = [0.0] * n
        self.presence: list[tuple[int, str, float, float]] = []  # scanner, port, from, to
        self.moves: list[tuple[int, str, str, float]] = []  # scanner, from, to, at
        self._seizures: list[tuple[float, str]] = []

    def activate(self) -> None:
        """Deploy the pool and start the reviews."""
        for i in range(self.params.mobile_scanners):
            self._arrive(i, self.ports[i % len(self.ports)])
        self.system.env.process(self._reviews())

    def boost(self, shipment: Shipment, at_h: float) -> float:
        """Joint targeting at the agency's ports."""
        return self.params.joint_targeting_gain if self.active else 0.0

    def _on_outcome(self, shipment: Shipment) -> None:
        if shipment.outcome is Outcome.seized_port and shipment.port in self.ports:
            self._seizures.append((shipment.outcome_h, shipment.port))

    # -------------------------------------------------------------- moving scanners

    def _arrive(self, scanner: int, port: str) -> None:
        self.system.ports[port].add_mobile_scanner()
        self.location[scanner] = port
        self.destination[scanner] = None
        self._since[scanner] = self.system.env.now

    def _move(self, scanner: int, to: str) -> None:
        origin = self.location[scanner]
        assert origin is not None
        leaves = self.system.ports[origin].remove_mobile_scanner()
        now = self.system.env.now
        self.presence.append((scanner, origin, self._since[scanner], leaves))
        self.moves.append((scanner, origin, to, now))
        self.location[scanner] = None
        self.destination[scanner] = to
        arrival = self.system.env.timeout(leaves + self.params.move_time_h - now)
        arrival.callbacks.append(lambda _e: self._arrive(scanner, to))

    def _reviews(self) -> ProcessGenerator:
        env = self.system.env
        while True:
            yield env.timeout(days_to_h(self.params.review_days))
            if self.params.relocation is Relocation.rotate:
                self._rotate()
            else:
                self._follow_seizures()

    def _rotate(self) -> None:
        for i, port in enumerate(self.location):
            if port is not None:
                self._move(i, self.ports[(self.ports.index(port) + 1) % len(self.ports)])

    def targets(self) -> dict[str, int]:
        """Scanners per port proportional to recent seizures + 1 (largest remainders)."""
        since = self.system.env.now - days_to_h(self.params.seizure_window_days)
        self._seizures = [(t, p) for t, p in self._seizures if t >= since]
        weight = dict.fromkeys(self.ports, 1.0)
        for t, port in self._seizures:
            if t <= self.system.env.now:
                weight[port] += 1.0
        total = sum(weight.values())
        n = self.params.mobile_scanners
        exact = {p: n * w / total for p, w in weight.items()}
        target = {p: int(v) for p, v in exact.items()}
        for p in sorted(self.ports, key=lambda q: exact[q] - target[q], reverse=True):
            if sum(target.values()) >= n:
                break
            target[p] += 1
        return target

    def _follow_seizures(self) -> None:
        target = self.targets()
        have = dict.fromkeys(self.ports, 0)
        for here, going in zip(self.location, self.destination, strict=True):
            have[here or going] += 1  # type: ignore[index]
        for p in self.ports:
            while have[p] > target[p]:
                movable = [i for i, here in enumerate(self.location) if here == p]
                short = [q for q in self.ports if have[q] < target[q]]
                if not movable or not short:
                    break
                self._move(movable[0], short[0])
                have[p] -= 1
                have[short[0]] += 1

    # -------------------------------------------------------------- records

    def presence_by_port(self, end_h: float) -> dict[str, list[tuple[float, float]]]:
        """Intervals each port had a pool scanner, up to ``end_h`` (one interval per stay)."""
        stays = list(self.presence)
        stays += [(i, port, self._since[i], end_h) for i, port in enumerate(self.location) if port]
        out: dict[str, list[tuple[float, float]]] = {}
        for _i, port, a, b in stays:
            out.setdefault(port, []).append((a, min(b, end_h)))
        return out

    def moves_in(self, window: tuple[float, float]) -> int:
        """Moves started inside the window."""
        return sum(1 for *_x, at in self.moves if window[0] <= at < window[1])

    def replication_facts(self, window_h: tuple[float, float]) -> dict[str, float]:
        """Moves started inside the window."""
        return {"agency_moves": self.moves_in(window_h)}

    def port_facts(self, window_h: tuple[float, float]) -> dict[str, dict[str, float]]:
        """Mobile scanner-years present at each port inside the window."""
        lo, hi = window_h
        return {
            port: {
                "mobile_scanner_years": sum(max(0.0, min(b, hi) - max(a, lo)) for a, b in stays)
                / HOURS_PER_YEAR
            }
            for port, stays in self.presence_by_port(hi).items()
        }


def _agency(inputs: CostInputs) -> np.ndarray | float:
    block, prices = inputs.block, inputs.prices
    per_year = block.mobile_scanner_eur / prices.scanner_life_years
    per_year += prices.scanner_operating_eur_per_year
    scanners = block.mobile_scanners * inputs.years_active * per_year
    return scanners + inputs.replications["agency_moves"] * block.cost_eur_per_move


SPEC = LeverSpec(
    name="benelux_agency",
    summary="Benelux agency: a shared pool of mobile scanners that follows seizures",
    mechanism=BeneluxAgency,
    block=BeneluxAgencyParams,
    costs=(
        CostItem(
            "agency_eur",
            "mobile scanners (depreciation + operation) x years + moves x cost",
            _agency,
        ),
    ),
    replication_columns=(
        Column(
            "agency_moves",
            "int64",
            "count",
            "moves of Benelux-agency mobile scanners started in the window",
            0,
        ),
    ),
    port_columns=(
        Column(
            "mobile_scanner_years",
            "float64",
            "years",
            "mobile (agency) scanners present, integrated over the window",
            0.0,
        ),
    ),
)
