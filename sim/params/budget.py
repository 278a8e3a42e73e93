"""Before a run: will it fit in this machine's memory?

Every count and size has an upper bound in its rule, but bounds alone cannot rule out a
combination that exhausts memory (every port selecting every box for ten years, or loads of a
few grams). :func:`estimate_bytes` adds up what a run keeps in memory at its peak, from the
quantities that drive it; :func:`check_memory` refuses a run whose estimate exceeds what the
machine has available, before anything is simulated or written.

The per-item sizes are measured on this code (CPython 3.11, numpy 2.x), rounded up:

* a container selected for a scan: its scan facts (arrival, start, service: 3 × 8 bytes in
  ``array('d')``), the same again for an inspection, and the FCFS heap entry while it waits
  (~150 bytes, bounded by the hold cap);
* a trafficking shipment: its :class:`~sim.engine.shipments.Shipment` (~400 bytes), its row of
  ``shipments.csv`` kept for every replication (~300 bytes), and its SimPy events (~600 bytes);
* a fixed 400 MB for the interpreter, numpy, pandas and the evidence tables.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

from sim.clock import DAYS_PER_YEAR, HOURS_PER_YEAR
from sim.engine.network import NetworkInputs
from sim.engine.targeting import selection_rates
from sim.engine.trafficking import mean_capped_lognormal
from sim.errors import ConfigError
from sim.params.schema import Params

BASE_BYTES = 400e6
SELECTED_BYTES = 60.0
WAITING_BYTES = 150.0
SHIPMENT_BYTES = 1000.0
SHIPMENT_ROW_BYTES = 300.0
CHECKED_BYTES = 30.0
SAFETY = 0.8  # use at most this share of the memory available


@dataclass(frozen=True)
class Estimate:
    """Peak memory of a run and what drives it."""

    bytes: float
    selected_per_replication: float
    shipments_per_replication: float

    @property
    def gib(self) -> float:
        """In GiB."""
        return self.bytes / 2**30


def _max_rate(params: Params, port: str, lever: str, value: float | None) -> float | None:
    """The largest value a lever takes during the run (its setting or a scheduled change)."""
    values = [value] + [
        c.value for c in params.scenario.schedule.values() if c.port == port and c.lever == lever
    ]
    numbers = [v for v in values if v is not None]
    return max(numbers) if numbers else None


def estimate(params: Params, network: NetworkInputs) -> Estimate:
    """What a run keeps in memory at its peak (see the module docstring)."""
    run = params.run
    years = (run.warmup_days + run.horizon_days) / DAYS_PER_YEAR
    selected = 0.0
    waiting = 0.0
    network_ports = params.ports if params.scenario.mode.value == "network" else {}
    cal = params.calendar
    simulated = range(cal.sim_start.year, cal.end.year + 1)  # traffic may grow after the data
    for key, lv in network_ports.items():
        inputs = network.ports[key]
        volumes = [*inputs.import_containers_by_year.values()]
        boxes = max(volumes + [inputs.import_containers(y) for y in simulated]) * run.scale
        selection = _max_rate(params, key, "selection_rate", lv.selection_rate) or 0.0
        latam = _max_rate(params, key, "latam_selection_rate", lv.latam_selection_rate)
        rates = selection_rates(
            selection,
            inputs.latam_share,
            params.security.high_risk_selection_multiplier,
            lv.targeting_quality,
            latam,
        )
        per_year = boxes * (
            inputs.latam_share * rates.latam + (1 - inputs.latam_share) * rates.other
        )
        selected += per_year * years
        hold = _max_rate(params, key, "hold_cap_h", lv.hold_cap_h) or 0.0
        waiting += per_year / HOURS_PER_YEAR * hold
    tp = params.traffickers
    # loads at their smallest (organisations under full pressure split them): the most shipments
    smallest = tp.load_median_kg * tp.pressure.min_load_factor
    mean_load = max(1.0, mean_capped_lognormal(smallest, tp.load_sigma, tp.load_max_kg))
    shipments = tp.annual_volume_t * run.scale * 1000.0 / mean_load * years  # sim.engine.scaling
    liaison = params.levers.get("liaison")
    checked = 0.0
    if liaison is not None and liaison.enabled:
        per_year = (
            sum(liaison.eu_bound_containers_per_year.values()) * liaison.selection_rate * run.scale
        )
        checked = per_year * years
    if params.scenario.mode.value == "queue_check":
        qc = params.queue_check
        selected = qc.arrival_rate_per_h * HOURS_PER_YEAR * years
        waiting = selected / max(1.0, years)  # no hold cap: an unstable queue keeps everything
        shipments = 0.0
    per_replication = (
        selected * SELECTED_BYTES
        + waiting * WAITING_BYTES
        + shipments * SHIPMENT_BYTES
        + checked * CHECKED_BYTES
    )
    kept = shipments * SHIPMENT_ROW_BYTES * run.replications
    copies = 2 if params.scenario.counterfactual else 1
    total = BASE_BYTES + per_replication + kept * copies
    return Estimate(
        bytes=total, selected_per_replication=selected, shipments_per_replication=shipments
    )


def available_bytes() -> float:
    """Memory available to a new process now (``MemAvailable``; physical memory otherwise)."""
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return float(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        return float(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))
    except (ValueError, OSError, AttributeError):
        return math.inf


def check_memory(
    params: Params, network: NetworkInputs, available: float | None = None
) -> Estimate:
    """Refuse a run that would not fit: ConfigError naming what to reduce."""
    est = estimate(params, network)
    limit = SAFETY * (available_bytes() if available is None else available)
    if est.bytes > limit:
        raise ConfigError(
            "run",
            f"this run needs about {est.gib:,.1f} GiB of memory, more than this machine can "
            f"give it ({limit / 2**30:,.1f} GiB): {est.selected_per_replication:,.0f} scans and "
            f"{est.shipments_per_replication:,.0f} shipments per replication",
            "a smaller run.scale, run.horizon_days, run.replications, selection rates or "
            "trafficking volume, or larger loads",
        )
    return est
