"""Event-per-container SimPy reference model of an FCFS multi-scanner queue.

This is the slow, obviously-correct "ground truth" that tests use to check the
engine's fast (heap-recursion) scanner queue.  One SimPy process per container,
``simpy.Resource(capacity=servers)`` for the scanners.

Contract (semantics the fast engine must reproduce exactly)
-----------------------------------------------------------
Times are in hours.

1. **Arrivals.** Container ``i`` arrives at ``arrival_h[i]``; arrivals are
   non-decreasing and FCFS order is index order (ties in arrival time are served
   in index order).
2. **Service.** A scanned container occupies one of ``servers`` identical scanners
   for exactly ``service_h[i]`` hours: ``end_h = start_h + service_h``.
3. **FCFS.** Scanners are granted strictly in index order among the containers
   still waiting; a container that reneges (rule 5) drops out of the line.
4. **Working hours.** All scanners share one daily open window
   ``[shift_start_h + 24k, shift_start_h + 24k + hours_per_day)`` for integer k
   (closed at the right end).  A scan may only *start* while the clock is inside a
   window; a started scan runs to completion even past closing.
   ``hours_per_day >= 24`` means always open.  A container that obtains a
   scanner while the port is closed keeps (blocks) that scanner and starts at the
   next opening time, see :func:`next_open_h`.  Hence without reneging
   ``start_h = next_open_h(max(arrival_h, time a scanner is granted))``.
5. **Hold cap (reneging).** A container that has not *started* its scan by its
   deadline ``arrival_h[i] + hold_cap_h`` is released unscanned at that instant:
   if it is still in the line it leaves the line; if it already holds a scanner
   (waiting for the opening) it frees the scanner at the deadline, and the next
   container in line is granted that scanner at the deadline.  A reneged container
   never scans; it has ``start_h = end_h = nan``, ``reneged = True`` and
   ``wait_h = hold_cap_h``.
6. **Ties.** If the deadline coincides exactly with an instant at which the
   container could start (a scanner is freed at that instant and the port is
   open, or the port opens at that instant), the container **starts** (is
   scanned).  Implementation: the renege timer is an event of lower priority than
   every ordinary SimPy event at the same time, so all scan completions, grants and
   openings at that instant are processed first.  Ties only occur with
   deterministic inputs.

Event times are scheduled at *exact* absolute float values (see ``_delay_to``), so
``start_h``, ``end_h`` and ``wait_h`` equal the values ``max``/``+`` arithmetic in a
fast implementation would produce (``end = start + service``, ``wait = start −
arrival``) bit for bit.
"""

from __future__ import annotations

import math
from collections.abc import Generator
from typing import Any

import numpy as np
import simpy
from simpy.core import NORMAL
from simpy.events import Event

__all__ = ["next_open_h", "simulate_reference"]

#: Priority of renege timers: after every URGENT (0) and NORMAL (1) event at the same time.
_LOW = 2


def next_open_h(t: float, hours_per_day: float = 24.0, shift_start_h: float = 0.0) -> float:
    """Earliest time s >= t at which the daily open window is open.

    The window is ``[shift_start_h + 24k, shift_start_h + 24k + hours_per_day)``.

    Parameters
    ----------
    t : float
        Query time in hours.
    hours_per_day : float, optional
        Length of the daily open window; >= 24 means always open.
    shift_start_h : float, optional
        Opening hour (offset of the window within the day).

    Returns
    -------
    float
        ``t`` if the port is open at ``t``, otherwise the next opening instant.
    """
    if hours_per_day >= 24.0:
        return t
    k = math.floor((t - shift_start_h) / 24.0)
    day_open = shift_start_h + 24.0 * k
    # guard against rounding in the floor division
    if day_open > t:
        k -= 1
        day_open = shift_start_h + 24.0 * k
    elif t - day_open >= 24.0:
        k += 1
        day_open = shift_start_h + 24.0 * k
    if t < day_open + hours_per_day:
        return t
    return shift_start_h + 24.0 * (k + 1)


def _delay_to(now: float, t: float) -> float:
    """Delay ``dl >= 0`` such that ``now + dl == t`` exactly when representable."""
    dl = t - now
    for _ in range(8):
        x = now + dl
        if x == t:
            break
        dl = math.nextafter(dl, math.inf if x < t else -math.inf)
    return max(dl, 0.0)


class _At(Event):
    """Event that fires at absolute time ``t`` with the given scheduling priority.

    Like :class:`simpy.events.Timeout` (same initialisation) but with an absolute,
    exactly-hit time and a selectable priority.
    """

    def __init__(self, env: simpy.Environment, t: float, priority: int = NORMAL) -> None:
        self.env = env
        self.callbacks = []
        self._value = None
        self._ok = True
        env.schedule(self, priority, _delay_to(env.now, t))


def simulate_reference(
    arrival_h: np.ndarray,
    service_h: np.ndarray,
    servers: int,
    hold_cap_h: float = math.inf,
    hours_per_day: float = 24.0,
    shift_start_h: float = 0.0,
) -> dict[str, np.ndarray]:
    """Simulate the FCFS multi-scanner queue with one SimPy process per container.

    See the module docstring for the exact semantics (working hours, hold cap,
    tie-breaking).

    Parameters
    ----------
    arrival_h : numpy.ndarray
        Arrival times in hours, shape (n,), non-decreasing.  FCFS order is index order.
    service_h : numpy.ndarray
        Scan durations in hours, shape (n,), finite and >= 0.
    servers : int
        Number of identical scanners (>= 1).
    hold_cap_h : float, optional
        Maximum time a container waits for its scan to *start*; ``inf`` = no cap.
    hours_per_day : float, optional
        Length of the daily window in which scans may start; >= 24 = always open.
    shift_start_h : float, optional
        Start of the daily window (hours after midnight of day 0).

    Returns
    -------
    dict of str to numpy.ndarray
        ``start_h`` (float, nan if reneged), ``end_h`` (float, nan if reneged),
        ``reneged`` (bool), ``wait_h`` (float: start − arrival, or ``hold_cap_h``
        if reneged).  All of shape (n,).

    Raises
    ------
    ValueError
        On malformed inputs (shape mismatch, decreasing arrivals, negative or
        non-finite service times, servers < 1, negative hold cap, non-positive
        window).
    """
    arrival = np.asarray(arrival_h, dtype=float)
    service = np.asarray(service_h, dtype=float)
    if arrival.ndim != 1 or arrival.shape != service.shape:
        raise ValueError("arrival_h and service_h must be 1-D arrays of equal length")
    if not np.all(np.isfinite(arrival)):
        raise ValueError("arrival_h must be finite")
    if np.any(np.diff(arrival) < 0):
        raise ValueError("arrival_h must be non-decreasing")
    if not np.all(np.isfinite(service)) or np.any(service < 0):
        raise ValueError("service_h must be finite and >= 0")
    if int(servers) != servers or servers < 1:
        raise ValueError("servers must be a positive integer")
    if not hold_cap_h >= 0:
        raise ValueError("hold_cap_h must be >= 0")
    if not hours_per_day > 0:
        raise ValueError("hours_per_day must be > 0")

    n = arrival.size
    start = np.full(n, np.nan)
    end = np.full(n, np.nan)
    reneged = np.zeros(n, dtype=bool)
    capped = not math.isinf(hold_cap_h)

    arr_list = arrival.tolist()
    svc_list = service.tolist()
    env = simpy.Environment(initial_time=min(0.0, arr_list[0]) if n else 0.0)
    scanners = simpy.Resource(env, capacity=int(servers))

    def container(i: int) -> Generator[Event, Any, None]:
        arr = arr_list[i]
        deadline = arr + hold_cap_h
        req = scanners.request()
        if not req.triggered:
            if capped:
                yield req | _At(env, deadline, _LOW)
                if not req.triggered:  # renege while in line
                    req.cancel()
                    reneged[i] = True
                    return
            else:
                yield req
        # holds a scanner now
        s = next_open_h(env.now, hours_per_day, shift_start_h)
        if s > deadline:  # closed until after the deadline: renege holding the scanner
            if deadline > env.now:
                yield _At(env, deadline)
            scanners.release(req)
            reneged[i] = True
            return
        if s > env.now:
            yield _At(env, s)
        start[i] = env.now
        yield env.timeout(svc_list[i])
        end[i] = env.now
        scanners.release(req)

    def source() -> Generator[Event, Any, None]:
        for i in range(n):
            if arr_list[i] > env.now:
                yield _At(env, arr_list[i])
            # Initialize events are URGENT: container i requests before i+1 is created
            env.process(container(i))

    env.process(source())
    env.run()

    wait = start - arrival
    wait[reneged] = hold_cap_h
    return {"start_h": start, "end_h": end, "reneged": reneged, "wait_h": wait}
