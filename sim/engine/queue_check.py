"""The ``queue_check`` scenario: the scanner stage alone, to hold it against queueing theory.

One port, containers arriving one by one as a Poisson process of rate λ
(``queue_check.arrival_rate_per_h``), ``queue_check.scanners`` scanners open around the clock,
scan times exponential or deterministic with mean ``queue_check.scan_time_h``, no hold cap, no
trafficking. It is the same :class:`~sim.engine.queueing.ServiceStage` the network model uses, so
the M/M/c (Erlang C) and M/D/c (Crommelin) mean waits are exact references for it.

Arrivals are generated per hour with numpy (Poisson count, uniform times): that is exactly a Poisson
process, and it keeps the cost at one SimPy event per simulated hour.
"""

from __future__ import annotations

import math
import time

import numpy as np
import simpy
from simpy.events import ProcessGenerator

from sim.engine.distributions import draw_service_h
from sim.engine.model import PortRecord, RunRecord, StageRecord
from sim.engine.port import PortCounters
from sim.engine.queueing import ServiceStage
from sim.engine.rng import replication_seed, stream
from sim.params import Params

PORT_KEY = "queue_check"


def erlang_c_wait_h(lam: float, mean_service_h: float, servers: int) -> float:
    """M/M/c mean wait in queue (h), Erlang C; ``inf`` when the queue is unstable."""
    a = lam * mean_service_h
    if a >= servers:
        return math.inf
    b = 1.0
    for k in range(1, servers + 1):  # Erlang B recursion
        b = a * b / (k + a * b)
    c = servers * b / (servers - a * (1.0 - b))
    return c * mean_service_h / (servers - a)


def run_queue_check(params: Params, replication: int) -> RunRecord:
    """Simulate the single scanner queue for warm-up plus horizon."""
    t0 = time.perf_counter()
    qc = params.queue_check
    env = simpy.Environment()
    arrivals_rng = stream(params.run.seed, replication, "queue_check.arrivals")
    service_rng = stream(params.run.seed, replication, "queue_check.service")
    stage = ServiceStage(f"{PORT_KEY}.scan", qc.scanners)
    window = params.calendar.window_h
    monitor_h = np.arange(window[0], window[1], params.run.monitor_interval_h)
    waiting = np.zeros(len(monitor_h), dtype=np.int64)
    counters = PortCounters()

    def arrivals() -> ProcessGenerator:
        while True:
            now = env.now
            n = int(arrivals_rng.poisson(qc.arrival_rate_per_h))
            times = now + np.sort(arrivals_rng.random(n))
            service = draw_service_h(service_rng, n, qc.scan_time_h, qc.service)
            stage.add_batch(times, service, [None] * n)
            counters.arrived_total += n
            counters.selected_total += n
            if window[0] <= now < window[1]:
                counters.arrived_window += n
            yield env.timeout(1.0)
            stage.advance(env.now)

    def monitor() -> ProcessGenerator:
        for i, t in enumerate(monitor_h.tolist()):
            if t > env.now:
                yield env.timeout(t - env.now)
            stage.advance(t)
            waiting[i] = stage.waiting(t)

    env.process(arrivals())
    env.process(monitor())
    env.run(until=window[1])
    stage.advance(window[1])
    empty = ServiceStage(f"{PORT_KEY}.inspection", 0)
    record = RunRecord(
        replication=replication,
        rng_seed=replication_seed(params.run.seed, replication),
        window_h=window,
        start_date=params.start,
        warmup_h=params.warmup_h,
        shipments=[],
        ports={
            PORT_KEY: PortRecord(
                key=PORT_KEY,
                counters=counters,
                scan=StageRecord.of(stage),
                inspection=StageRecord.of(empty),
                scan_waiting=waiting,
                fixed_scanner_changes=[(0.0, qc.scanners)],
            )
        },
    )
    record.wall_s = time.perf_counter() - t0
    return record
