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

from collections.abc import Iterator
from typing import TYPE_CHECKING

import simpy

from sim.engine.levers.base import Lever
from sim.engine.shipments import Outcome, Shipment
from sim.params import Relocation

if TYPE_CHECKING:
    from sim.engine.model import RunRecord


class BeneluxAgency(Lever):
    """Mobile scanners moved between the agency's ports, plus joint targeting."""

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

    def _reviews(self) -> Iterator[simpy.Event]:
        env = self.system.env
        while True:
            yield env.timeout(self.params.review_days * 24.0)
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
        since = self.system.env.now - self.params.seizure_window_days * 24.0
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

    def fill_record(self, record: RunRecord) -> None:
        """Pool-scanner stays by port up to the end of the window, and moves inside it."""
        record.mobile_presence = self.presence_by_port(record.window_h[1])
        record.agency_moves = self.moves_in(record.window_h)
