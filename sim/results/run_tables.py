"""From run records to the tidy result tables of SPEC §5 (columns defined in :mod:`.schema`).

Counting rules (stated once, here):

* container counts are attributed to the window by the time the container reached the stage:
  discharged containers by the time of their vessel call, selected containers by the time they
  joined the scanner queue, inspections by the time the container joined the inspection queue;
  so within one row ``selected == scanned + released_unscanned + still waiting at the end``;
* waits are those of the containers counted; a container released at the hold cap waited until its
  release;
* the time series dates each fact by when it happened (departure, seizure, delivery, scan start).
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sim.clock import HOURS_PER_DAY, HOURS_PER_YEAR
from sim.engine.levers import LEVERS
from sim.engine.model import RunRecord, StageRecord, outcome_at_end
from sim.engine.network import NetworkInputs
from sim.engine.queueing import open_hours
from sim.engine.shipments import Outcome, Shipment
from sim.params import Period
from sim.results import schema
from sim.results.yearly import year_segments


@dataclass
class ResultTables:
    """The output tables of a run (all replications)."""

    replications: pd.DataFrame
    ports: pd.DataFrame
    timeseries: pd.DataFrame
    shipments: pd.DataFrame
    prices: pd.DataFrame = field(default_factory=lambda: schema.PRICES.frame([]))
    yearly: pd.DataFrame = field(default_factory=lambda: schema.YEARLY.frame([]))

    def as_dict(self) -> dict[str, pd.DataFrame]:
        """Tables keyed by their file stem (in the order of :data:`.schema.RUN_TABLES`)."""
        return {name: getattr(self, name) for name in schema.RUN_TABLES}


# ------------------------------------------------------------------ stage statistics


def _in(times: np.ndarray, window: tuple[float, float]) -> np.ndarray:
    return (times >= window[0]) & (times < window[1])


def available_server_hours(stage: StageRecord, window: tuple[float, float]) -> float:
    """Server-hours open inside the window, following server-count and working-hour changes."""
    cuts = sorted(
        {window[0], window[1]}
        | {t for t, _ in stage.server_changes if window[0] < t < window[1]}
        | {t for t, _, _ in stage.hours_changes if window[0] < t < window[1]}
    )
    total = 0.0
    for a, b in itertools.pairwise(cuts):
        servers = [c for t, c in stage.server_changes if t <= a][-1]
        _, hours, shift = [h for h in stage.hours_changes if h[0] <= a][-1]
        total += servers * open_hours(a, b, hours, shift)
    return total


def level_hours(changes: list[tuple[float, int]], window: tuple[float, float]) -> float:
    """A step function given by its (time, level) changes, integrated over the window."""
    cuts = sorted({window[0], window[1]} | {t for t, _ in changes if window[0] < t < window[1]})
    total = 0.0
    for a, b in itertools.pairwise(cuts):
        total += [c for t, c in changes if t <= a][-1] * (b - a)
    return total


def stage_stats(stage: StageRecord, window: tuple[float, float]) -> dict[str, float]:
    """Counts, waits and utilisation of one stage for the customers that arrived in the window."""
    started = _in(stage.arrival_h, window)
    reneged = _in(stage.reneged_arrival_h, window)
    waiting = _in(stage.pending_arrival_h, window)
    waits = np.concatenate(
        [
            stage.start_h[started] - stage.arrival_h[started],
            stage.reneged_h[reneged] - stage.reneged_arrival_h[reneged],
        ]
    )
    end = stage.start_h + stage.service_h
    busy = np.clip(np.minimum(end, window[1]) - np.maximum(stage.start_h, window[0]), 0.0, None)
    available = available_server_hours(stage, window)
    return {
        "arrived": int(started.sum() + reneged.sum() + waiting.sum()),
        "started": int(started.sum()),
        "reneged": int(reneged.sum()),
        "wait_mean_h": float(waits.mean()) if len(waits) else 0.0,
        "wait_p95_h": float(np.quantile(waits, 0.95)) if len(waits) else 0.0,
        "wait_total_h": float(waits.sum()),
        "dwell_h": float(waits.sum() + stage.service_h[started].sum()),
        "utilization": float(busy.sum() / available) if available > 0 else math.nan,
    }


# ------------------------------------------------------------------ periods


def period_starts(start: dt.date, horizon_days: int, period: Period) -> list[dt.date]:
    """Calendar starts of the periods covering [start, start + horizon)."""
    end = start + dt.timedelta(days=horizon_days)
    freq = {Period.week: "W-MON", Period.month: "MS", Period.quarter: "QS"}[period]
    starts = [d.date() for d in pd.date_range(start, end, freq=freq, inclusive="left")]
    if not starts or starts[0] != start:
        starts.insert(0, start)
    return [d for d in starts if d < end]


# ------------------------------------------------------------------ per replication


def _day(hours: float, record: RunRecord) -> float:
    return (hours - record.warmup_h) / HOURS_PER_DAY


def shipments_frame(record: RunRecord, scenario: str) -> pd.DataFrame:
    """One row per shipment in play during the window."""
    end = record.window_h[1]
    rows = []
    for s in record.shipments:
        outcome = outcome_at_end(s, end)
        scanned = not math.isnan(s.scan_start_h) and s.scan_start_h <= end
        resolved = outcome not in (Outcome.in_transit, Outcome.delayed)
        rows.append(
            {
                "scenario": scenario,
                "replication": record.replication,
                "shipment_id": s.shipment_id,
                "organisation": s.organisation,
                "origin": s.origin,
                "port": s.port,
                "method": s.method,
                "load_kg": s.load_kg,
                "departed_day": _day(s.departed_h, record),
                "planned_day": _day(s.planned_h, record),
                "arrived_day": _day(s.arrived_h, record) if s.arrived_h <= end else math.nan,
                "selected": s.selected,
                "scan_wait_h": s.scan_start_h - s.arrived_h if scanned else math.nan,
                "outcome": outcome.value,
                "stage": s.stage.value if resolved else _open_stage(s, end),
                "outcome_day": _day(s.outcome_h, record) if resolved else math.nan,
            }
        )
    return schema.SHIPMENTS.frame(rows)


def _open_stage(s: Shipment, end: float) -> str:
    if s.departed_h > end:
        return "held"
    return "in_port" if not math.isnan(s.arrived_h) and s.arrived_h <= end else "at_sea"


def _kg_by_outcome(shipments: pd.DataFrame) -> dict[str, float]:
    kg = shipments.groupby("outcome")["load_kg"].sum()
    return {o.value: float(kg.get(o.value, 0.0)) for o in Outcome}


def _ratio(num: float, den: float) -> float:
    return num / den if den > 0 else math.nan


def shipments_by_port(record: RunRecord, shipments: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The rows of ``shipments`` per port of ``record.ports``, in their original order.

    A port without shipments gets an empty frame with the columns of ``shipments``.
    """
    groups = dict(tuple(shipments.groupby("port", sort=False)))
    keys = (*record.ports, *record.outside_routes)
    return {key: groups.get(key, shipments.iloc[:0]) for key in keys}


def ports_frame(
    record: RunRecord,
    network: NetworkInputs,
    by_port: Mapping[str, pd.DataFrame],
    scenario: str,
) -> pd.DataFrame:
    """One row per port; ``by_port``: the shipments of each port (:func:`shipments_by_port`)."""
    rows = []
    lever_columns = [c for spec in LEVERS.values() for c in spec.port_columns]
    for key, port in record.ports.items():
        scan = stage_stats(port.scan, record.window_h)
        insp = stage_stats(port.inspection, record.window_h)
        mine = by_port[key]
        kg = _kg_by_outcome(mine)
        seized = kg["seized_port"]
        origin = kg["seized_origin"]
        delivered = kg["delivered"] + kg["extracted"]
        facts = record.port_lever_facts.get(key, {})
        rows.append(
            {
                "scenario": scenario,
                "replication": record.replication,
                "port": key,
                "locode": network.ports[key].locode,
                "containers_arrived": port.counters.arrived_window,
                "containers_selected": scan["arrived"],
                "containers_scanned": scan["started"],
                "containers_released_unscanned": scan["reneged"],
                "containers_inspected": insp["started"],
                "scan_wait_mean_h": scan["wait_mean_h"],
                "scan_wait_p95_h": scan["wait_p95_h"],
                "scan_queue_mean": (
                    float(port.scan_waiting.mean()) if len(port.scan_waiting) else 0.0
                ),
                "scanner_utilization": scan["utilization"],
                "inspection_wait_mean_h": insp["wait_mean_h"],
                "inspection_utilization": insp["utilization"],
                "scanners": port.scan.server_changes[-1][1],
                "scanner_years": level_hours(port.fixed_scanner_changes, record.window_h)
                / HOURS_PER_YEAR,
                "scan_dwell_h": scan["dwell_h"],
                "inspection_dwell_h": insp["dwell_h"],
                "shipments_attempted": len(mine),
                "kg_attempted": float(mine["load_kg"].sum()),
                "kg_seized": seized,
                "kg_seized_origin": origin,
                "kg_extracted": kg["extracted"],
                "kg_delivered": delivered,
                "kg_in_transit": kg["in_transit"],
                "kg_delayed": kg["delayed"],
                "interdiction_rate": _ratio(seized + origin, seized + origin + delivered),
            }
            | {c.name: facts.get(c.name, c.default) for c in lever_columns}
        )
    return schema.PORTS.frame(rows)


def timeseries_frame(
    record: RunRecord,
    by_port: Mapping[str, pd.DataFrame],
    period: Period,
    horizon_days: int,
    scenario: str,
) -> pd.DataFrame:
    """One row per (port, period); ``by_port`` as for :func:`ports_frame`."""
    starts = period_starts(record.start_date, horizon_days, period)
    edges_day = np.array([(d - record.start_date).days for d in starts] + [horizon_days], float)
    n = len(starts)

    def binned(days: np.ndarray, weights: pd.Series | None = None) -> np.ndarray:
        w = None if weights is None else weights.to_numpy(dtype=float)
        counts, _ = np.histogram(days, bins=edges_day, weights=w)
        return counts

    frames = []
    for key in (*record.ports, *record.outside_routes):
        port = record.ports.get(key)
        mine = by_port[key]
        seized = mine[mine["outcome"].isin([Outcome.seized_port.value, Outcome.seized_route.value])]
        delivered = mine[mine["outcome"].isin([Outcome.delivered.value, Outcome.extracted.value])]
        scan_days = (port.scan.start_h - record.warmup_h) / HOURS_PER_DAY if port else np.empty(0)
        period_ends = edges_day[1:]
        departed = mine["departed_day"].to_numpy()
        planned = mine["planned_day"].to_numpy()
        load = mine["load_kg"].to_numpy()
        held = (planned[None, :] < period_ends[:, None]) & (
            departed[None, :] >= period_ends[:, None]
        )
        frames.append(
            pd.DataFrame(
                {
                    "scenario": scenario,
                    "replication": record.replication,
                    "port": key,
                    "period_start": [d.isoformat() for d in starts],
                    "kg_attempted": binned(mine["departed_day"].to_numpy(), mine["load_kg"]),
                    "kg_seized": binned(seized["outcome_day"].to_numpy(), seized["load_kg"]),
                    "kg_delivered": binned(
                        delivered["outcome_day"].to_numpy(), delivered["load_kg"]
                    ),
                    "shipments_attempted": binned(mine["departed_day"].to_numpy()).astype(int),
                    "containers_scanned": binned(scan_days).astype(int),
                    "kg_delayed": (held * load[None, :]).sum(axis=1),
                },
                index=range(n),
            )
        )
    return schema.TIMESERIES.conform(pd.concat(frames, ignore_index=True))


def prices_frame(
    record: RunRecord, period: Period, horizon_days: int, scenario: str
) -> pd.DataFrame:
    """The wholesale price path, time-averaged over each period of the window."""
    starts = period_starts(record.start_date, horizon_days, period)
    edges_h = [record.warmup_h + (d - record.start_date).days * HOURS_PER_DAY for d in starts]
    edges_h.append(record.window_h[1])
    times = [t for t, _ in record.price_path] or [0.0]
    values = [v for _, v in record.price_path] or [math.nan]
    rows = []
    for d, a, b in zip(starts, edges_h[:-1], edges_h[1:], strict=True):
        cuts = sorted({a, b} | {t for t in times if a < t < b})
        total = 0.0
        for x, y in itertools.pairwise(cuts):
            level = values[max(0, bisect.bisect_right(times, x) - 1)]
            total += level * (y - x)
        rows.append(
            {
                "scenario": scenario,
                "replication": record.replication,
                "period_start": d.isoformat(),
                "wholesale_eur_per_kg": total / (b - a),
            }
        )
    return schema.PRICES.frame(rows)


def yearly_frame(
    record: RunRecord, by_port: Mapping[str, pd.DataFrame], horizon_days: int, scenario: str
) -> pd.DataFrame:
    """One row per (calendar year of the window, route): the stock-flow account of
    :mod:`sim.results.yearly`; ``by_port`` as for :func:`ports_frame`."""
    segments = year_segments(record.start_date, horizon_days)
    rows = []
    for key in (*record.ports, *record.outside_routes):
        mine = by_port[key]
        came = np.maximum(mine["planned_day"].to_numpy(dtype=float), 0.0)
        left = np.nan_to_num(mine["outcome_day"].to_numpy(dtype=float), nan=math.inf)
        load = mine["load_kg"].to_numpy(dtype=float)
        outcome = mine["outcome"].to_numpy()
        seized = np.isin(outcome, [Outcome.seized_port.value, Outcome.seized_route.value])
        origin = outcome == Outcome.seized_origin.value
        delivered = np.isin(outcome, [Outcome.delivered.value, Outcome.extracted.value])
        port = record.ports.get(key)
        for i, (year, first, end) in enumerate(segments):
            # an outcome on the window's last instant still counts (outcome_at_end: <= end)
            upper = math.inf if i == len(segments) - 1 else end
            carried = (came < first) & (left >= first)
            new = (came >= first) & (came < end)
            out = (left >= first) & (left < upper)
            open_at_end = (came < end) & (left >= upper)
            if port is not None:
                window = (
                    record.warmup_h + first * HOURS_PER_DAY,
                    record.warmup_h + end * HOURS_PER_DAY,
                )
                scan = stage_stats(port.scan, window)
                containers = (
                    port.counters.arrived_window_by_year.get(year, 0),
                    scan["arrived"],
                    scan["started"],
                    scan["reneged"],
                )
            else:
                containers = (0, 0, 0, 0)
            rows.append(
                {
                    "scenario": scenario,
                    "replication": record.replication,
                    "year": year,
                    "days": end - first,
                    "port": key,
                    "kg_in_transit_start": float(load[carried].sum()),
                    "kg_attempted": float(load[new].sum()),
                    "kg_seized": float(load[out & seized].sum()),
                    "kg_seized_origin": float(load[out & origin].sum()),
                    "kg_delivered": float(load[out & delivered].sum()),
                    "kg_in_transit_end": float(load[open_at_end].sum()),
                    "shipments_in_transit_start": int(carried.sum()),
                    "shipments_attempted": int(new.sum()),
                    "shipments_seized": int((out & (seized | origin)).sum()),
                    "shipments_delivered": int((out & delivered).sum()),
                    "shipments_in_transit_end": int(open_at_end.sum()),
                    "containers_arrived": containers[0],
                    "containers_selected": containers[1],
                    "containers_scanned": containers[2],
                    "containers_released_unscanned": containers[3],
                }
            )
    return schema.YEARLY.frame(rows)


def replication_row(
    record: RunRecord, ports: pd.DataFrame, shipments: pd.DataFrame, scenario: str
) -> dict[str, object]:
    """The one-row summary of a replication."""
    kg = _kg_by_outcome(shipments)
    seized = kg["seized_port"] + kg["seized_origin"] + kg["seized_route"]
    delivered = kg["delivered"] + kg["extracted"]
    outcome = shipments["outcome"]
    routes: dict[str, float] = {}
    for route in record.outside_routes:
        mine = shipments[shipments["port"] == route]
        on_route = _kg_by_outcome(mine)
        routes[f"kg_{route}"] = float(mine["load_kg"].sum())
        routes[f"kg_{route}_seized"] = on_route["seized_route"]
        routes[f"kg_{route}_delivered"] = on_route["delivered"] + on_route["extracted"]
    selected = int(ports["containers_selected"].sum())
    delay_h = float((ports["scan_wait_mean_h"] * ports["containers_selected"]).sum())
    row = {
        "scenario": scenario,
        "replication": record.replication,
        "rng_seed": record.rng_seed,
        "kg_attempted": float(shipments["load_kg"].sum()),
        "kg_seized": seized,
        "kg_seized_port": kg["seized_port"],
        "kg_seized_origin": kg["seized_origin"],
        "kg_seized_outside": kg["seized_route"],
        "kg_delivered": delivered,
        "kg_extracted": kg["extracted"],
        "kg_in_transit": kg["in_transit"],
        "kg_delayed": kg["delayed"],
        **routes,
        "interdiction_rate": _ratio(seized, seized + delivered),
        "shipments_attempted": len(shipments),
        "shipments_seized": int(
            outcome.isin(["seized_port", "seized_origin", "seized_route"]).sum()
        ),
        "shipments_delivered": int(outcome.isin(["delivered", "extracted"]).sum()),
        "shipments_in_transit": int(outcome.isin(["in_transit", "delayed"]).sum()),
        "containers_arrived": int(ports["containers_arrived"].sum()),
        "containers_selected": selected,
        "containers_scanned": int(ports["containers_scanned"].sum()),
        "containers_released_unscanned": int(ports["containers_released_unscanned"].sum()),
        "containers_inspected": int(ports["containers_inspected"].sum()),
        "scan_wait_mean_h": _ratio(delay_h, selected) if selected else 0.0,
        "container_delay_h": delay_h,
    }
    for spec in LEVERS.values():
        for column in spec.replication_columns:
            row[column.name] = record.lever_facts.get(column.name, column.default)
    return row


def tables_for(
    record: RunRecord, network: NetworkInputs, period: Period, horizon_days: int, scenario: str
) -> ResultTables:
    """All tables for one replication (``yearly``: the per-year account, written only for a
    window over several calendar years)."""
    shipments = shipments_frame(record, scenario)
    by_port = shipments_by_port(record, shipments)
    ports = ports_frame(record, network, by_port, scenario)
    return ResultTables(
        replications=schema.REPLICATIONS.frame(
            [replication_row(record, ports, shipments, scenario)]
        ),
        ports=ports,
        timeseries=timeseries_frame(record, by_port, period, horizon_days, scenario),
        shipments=shipments,
        prices=prices_frame(record, period, horizon_days, scenario),
        yearly=yearly_frame(record, by_port, horizon_days, scenario),
    )


def concat(parts: list[ResultTables]) -> ResultTables:
    """Stack the tables of several replications."""
    return ResultTables(
        **{
            name: pd.concat([getattr(p, name) for p in parts], ignore_index=True)
            for name in (*schema.RUN_TABLES, "yearly")
        }
    )
