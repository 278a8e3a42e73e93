"""An exact FCFS multi-server queue that costs no SimPy event per customer.

A :class:`ServiceStage` is one capacity-limited stage at a port (the scanners, or the physical
inspection teams). Customers (containers) are added with a known arrival time and service time; the
stage is *advanced lazily* to the current simulation time by whoever holds the clock (vessel calls,
monitors, policy changes, shipment events). Advancing processes customers in FCFS order with the
Kiefer–Wolfowitz recursion on a heap of server free-times:

    start_i = next_open(max(arrival_i, earliest free server))

and releases a customer unscanned at ``arrival_i + hold_cap_h`` if that comes first (reneging).
Because every arrival at or before ``until`` is already known when the stage is advanced to
``until`` (containers are discharged by vessel calls that have happened), the start and release
times are exactly those of an event-per-container SimPy model with a ``simpy.Resource`` (checked in
``tests/engine/test_queueing.py`` against ``tests/reference_queue.py``).

Semantics (the contract the tests hold the stage to):

* FCFS, ``servers`` identical servers; ties in arrival time are served in insertion order;
* working hours: a service only *starts* inside the daily window
  ``[shift_start_h + 24k, shift_start_h + 24k + hours_per_day)``; a started service runs to the end;
* hold cap: a customer not started by ``arrival + hold_cap_h`` leaves unserved at that instant;
  if the start would fall exactly on that instant, it starts;
* a change in the number of servers takes effect at the moment it is made; servers that are
  withdrawn are those that become free first (each finishes its current service);
* ``service_factor`` multiplies the service time of every customer added while it holds (1 but
  at reduced ``run.scale``, where a fraction of a server is simulated as a slower whole one:
  :mod:`sim.engine.scaling`).

Modelling source: Kiefer & Wolfowitz (1955), "On the theory of queues with many servers",
Trans. AMS 78(1) — the workload-vector recursion for the FCFS GI/G/c queue.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Callable
from heapq import heappop, heappush, heapreplace
from typing import Any

import numpy as np

from sim.clock import HOURS_PER_DAY

Item = Any
"""Payload of a customer: ``None`` (plain container), a ``float`` (a container that will go to the
downstream stage with that service time) or any other object, handed to ``on_start`` /
``on_renege`` callbacks (a contaminated container's shipment)."""


class ServiceStage:
    """A FCFS c-server queue with working hours and a hold cap, advanced lazily.

    Parameters
    ----------
    name
        Label used in messages (e.g. ``"antwerp.scan"``).
    servers
        Number of servers (scanners or inspection teams), >= 0.
    hold_cap_h
        Longest wait before a customer is released unserved (h); ``math.inf`` for no cap.
    hours_per_day, shift_start_h
        Daily window in which services may start (h); 24 means always open.
    now
        Simulation time at which the stage opens (h).
    """

    def __init__(
        self,
        name: str,
        servers: int,
        hold_cap_h: float = math.inf,
        hours_per_day: float = HOURS_PER_DAY,
        shift_start_h: float = 0.0,
        now: float = 0.0,
    ) -> None:
        self.name = name
        self.hold_cap_h = hold_cap_h
        self.hours_per_day = hours_per_day
        self.shift_start_h = shift_start_h
        self.downstream: ServiceStage | None = None
        self.on_start: Callable[[Item, float, float], None] | None = None
        self.on_renege: Callable[[Item, float], None] | None = None
        self.service_factor = 1.0
        self._free: list[float] = [now] * servers
        self._pending: list[tuple[float, int, float, Item]] = []
        self._seq = 0
        # facts recorded for the result tables
        self.arrival_h = array("d")  # arrival of every customer that started service
        self.start_h = array("d")
        self.service_h = array("d")
        self.reneged_arrival_h = array("d")
        self.reneged_h = array("d")
        self.added = 0
        self.server_changes: list[tuple[float, int]] = [(now, servers)]
        self.hours_changes: list[tuple[float, float, float]] = [(now, hours_per_day, shift_start_h)]

    # ------------------------------------------------------------------ input

    def add(self, arrival_h: float, service_h: float, item: Item = None) -> None:
        """Add one customer arriving at ``arrival_h`` that needs ``service_h`` hours of service."""
        if self.service_factor != 1.0:
            service_h = service_h * self.service_factor
        heappush(self._pending, (arrival_h, self._seq, service_h, item))
        self._seq += 1
        self.added += 1

    def add_batch(self, arrival_h: np.ndarray, service_h: np.ndarray, items: list[Item]) -> None:
        """Add many customers at once (arrays of equal length; ``items`` aligned with them)."""
        pending = self._pending
        seq = self._seq
        if self.service_factor != 1.0:
            service_h = service_h * self.service_factor
        for a, s, it in zip(arrival_h.tolist(), service_h.tolist(), items, strict=True):
            heappush(pending, (a, seq, s, it))
            seq += 1
        self.added += seq - self._seq
        self._seq = seq

    def set_servers(self, servers: int, now: float) -> list[float]:
        """Change the number of servers at time ``now`` (advance to ``now`` first).

        Returns the times at which withdrawn servers actually leave: ``now`` for an idle
        server, the end of its current service for a busy one.
        """
        self.advance(now)
        free = self._free
        leaving = []
        while len(free) > servers:
            leaving.append(max(now, heappop(free)))
        while len(free) < servers:
            heappush(free, now)
        self.server_changes.append((now, servers))
        return leaving

    def set_hours(self, hours_per_day: float, shift_start_h: float, now: float) -> None:
        """Change the daily working window from ``now`` on (advance to ``now`` first)."""
        self.advance(now)
        self.hours_per_day = hours_per_day
        self.shift_start_h = shift_start_h
        self.hours_changes.append((now, hours_per_day, shift_start_h))

    def set_hold_cap(self, hold_cap_h: float, now: float) -> None:
        """Change the hold cap for decisions taken from ``now`` on."""
        self.advance(now)
        self.hold_cap_h = hold_cap_h

    # ------------------------------------------------------------------ the recursion

    def advance(self, until: float) -> None:
        """Decide every start and release that happens at or before ``until``."""
        pending = self._pending
        if not pending or pending[0][0] > until:
            return
        free = self._free
        cap = self.hold_cap_h
        hours = self.hours_per_day
        shift = self.shift_start_h
        always_open = hours >= HOURS_PER_DAY
        downstream = self.downstream
        on_start = self.on_start
        on_renege = self.on_renege
        rec_reneged_arrival = self.reneged_arrival_h.append
        rec_reneged = self.reneged_h.append
        rec_arrival = self.arrival_h.append
        rec_start = self.start_h.append
        rec_service = self.service_h.append
        inf = math.inf
        day = HOURS_PER_DAY
        while pending:
            head = pending[0]
            a = head[0]
            if a > until:
                break
            first_free = free[0] if free else inf
            s = a if a > first_free else first_free
            if not always_open and s < inf:
                r = (s - shift) % day
                if r >= hours:
                    s += day - r
            if s - a > cap:  # not started within the hold cap: released unserved
                if a + cap > until:
                    break
                heappop(pending)
                rec_reneged_arrival(a)
                rec_reneged(a + cap)
                item = head[3]
                if item is not None and on_renege is not None and type(item) is not float:
                    on_renege(item, a + cap)
                continue
            if s > until:
                break
            heappop(pending)
            svc = head[2]
            end = s + svc
            heapreplace(free, end)
            rec_arrival(a)
            rec_start(s)
            rec_service(svc)
            item = head[3]
            if item is not None:
                if type(item) is float:
                    downstream.add(end, item)  # type: ignore[union-attr]
                else:
                    on_start(item, s, end)  # type: ignore[misc]

    # ------------------------------------------------------------------ observation

    def waiting(self, t: float) -> int:
        """Number of customers waiting (arrived, not started, not released) at time ``t``.

        Valid after ``advance(t)``. Walks only the part of the pending heap that arrived by ``t``.
        """
        pending = self._pending
        n = 0
        stack = [0]
        size = len(pending)
        while stack:
            i = stack.pop()
            if i < size and pending[i][0] <= t:
                n += 1
                stack.append(2 * i + 1)
                stack.append(2 * i + 2)
        return n

    @property
    def pending(self) -> int:
        """Customers added but neither started nor released."""
        return len(self._pending)

    def pending_arrivals(self) -> np.ndarray:
        """Arrival times of customers still waiting (not started, not released)."""
        return np.array([p[0] for p in self._pending])


def open_hours(t0: float, t1: float, hours_per_day: float, shift_start_h: float) -> float:
    """Length of the part of [t0, t1) inside the daily window (h)."""
    if t1 <= t0:
        return 0.0
    if hours_per_day >= HOURS_PER_DAY:
        return t1 - t0

    def cumulative(t: float) -> float:  # open hours in [shift_start_h, t)
        days, rest = divmod(t - shift_start_h, HOURS_PER_DAY)
        return days * hours_per_day + min(rest, hours_per_day)

    return cumulative(t1) - cumulative(t0)
