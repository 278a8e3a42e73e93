"""Shared pieces of the validation: the factors, one run summarised per port and year, parallel map.

Every run goes through :mod:`sim.api` (no files, no figures). A run's summary is a tidy frame
(``port``, ``year``, ``kg_seized``, ``seizures``, the size classes ``finds_under_100kg`` and
``finds_over_1000kg``, and ``kg_intercepted_upstream``: kg seized at origin bound for the port)
with the 12 ports, the outside routes
(``rest_of_europe``, ``at_sea``) and two aggregates: ``total_12_ports`` and
``outside_share`` (kg seized outside the 12 ports over all kg seized in Europe, in
``kg_seized``). Counts are seizures (shipments seized at the port) by the date of the seizure.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import pandas as pd

from sim import api
from sim.params import OUTSIDE_ROUTE_KEYS, PORT_KEYS

SMALL_FIND_KG, LARGE_FIND_KG = 100.0, 1000.0
"""Size classes of finds as Rotterdam's seaport police publish them (HARC: < 100 kg, > 1,000 kg)."""
COUNT_COLUMNS = ("seizures", "finds_under_100kg", "finds_over_1000kg")

MAIN_PORTS = ("antwerp", "rotterdam", "hamburg", "le_havre", "vlissingen")
"""The five ports the protocol scores (PROTOCOL.md §4)."""


@dataclass(frozen=True)
class Factor:
    """An uncertain parameter varied by the calibration, with its prior range."""

    key: str
    low: float
    high: float
    why: str


FACTORS: tuple[Factor, ...] = (
    Factor("traffickers.annual_volume_t", 1500.0, 3500.0, "flow to Europe in 2023 (t)"),
    Factor("traffickers.rationality", 5.0, 40.0, "logit rationality of route choice"),
    Factor("traffickers.learning.memory_days", 60.0, 365.0, "how fast beliefs forget (d)"),
    Factor("traffickers.learning.news_weight", 0.05, 0.8, "pooled intelligence"),
    Factor("traffickers.pressure.split_sensitivity", 0.0, 10.0, "load splitting under risk"),
    Factor("traffickers.risk_aversion", 0.0, 4.0, "mean-variance risk aversion"),
    Factor("traffickers.routes.rest_of_europe.cost_eur_per_kg", -2000.0, 2000.0, "(EUR/kg)"),
    Factor("traffickers.routes.at_sea.cost_eur_per_kg", 0.0, 6000.0, "at-sea cost (EUR/kg)"),
    Factor("traffickers.hold.cost_share", 0.05, 0.5, "cost of holding a load"),
    # wave 2 on (PROTOCOL.md change log, 2026-12-03): the learning-speed mechanisms, the
    # pressure tolerance, and the per-port cost constants (v1's fitted values no longer
    # reproduce 2021-2023 with the outside routes; prior: +-EUR 4,000/kg, ~13 % of the value)
    Factor("traffickers.pressure.tolerance", 0.05, 0.3, "loss rate tolerated"),
    Factor("traffickers.abandon.after_losses", 1.5, 10.0, "own losses that drop a route"),
    Factor("traffickers.abandon.loss_share", 0.1, 0.6, "loss rate that drops a route"),
    Factor("traffickers.learning.announcement_weight", 0.0, 1.0, "weight of an announcement"),
    Factor("traffickers.learning.announcement_risk_factor", 1.0, 3.0, "announced risk factor"),
    Factor("traffickers.learning.announcement_lead_days", 0.0, 90.0, "announcement lead (d)"),
    Factor("traffickers.method_max_share.chemical", 0.0, 0.15, "chemical share cap"),
    Factor("traffickers.method_max_share.structure", 0.05, 0.5, "structural share cap"),
    Factor("security.lane_selection_factor.EC", 1.0, 3.0, "Ecuador lane targeting"),
    Factor("traffickers.economics.origin_cost_eur_per_kg.freetown", 0.0, 4000.0, "EUR/kg"),
    *(
        Factor(f"traffickers.economics.port_cost_eur_per_kg.{port}", -4000.0, 4000.0, "EUR/kg")
        for port in PORT_KEYS
        if port != "dunkirk"  # its constant stays 0, unfitted as in v1 (traffickers/adaptive.yaml)
    ),
)
"""Checked against :func:`sim.api.parameter_space` by the calibration before it runs."""


def check_factors(factors: Sequence[Factor] = FACTORS) -> None:
    """Every factor is a numeric parameter and its prior lies inside the valid range."""
    space = {f.key: f for f in api.parameter_space()}
    for factor in factors:
        valid = space.get(factor.key)
        if valid is None:
            raise SystemExit(f"calibrate: error: {factor.key}: not a numeric parameter")
        if factor.low < valid.low or factor.high > valid.high:
            raise SystemExit(
                f"calibrate: error: {factor.key}: prior [{factor.low}, {factor.high}] outside "
                f"the valid range; allowed: [{valid.low}, {valid.high}]"
            )


def latin_hypercube(n: int, factors: Sequence[Factor], seed: int) -> pd.DataFrame:
    """``n`` points of a Latin hypercube over the factors' ranges (one stratum per point)."""
    rng = np.random.default_rng(seed)
    columns = {}
    for factor in factors:
        strata = (rng.permutation(n) + rng.random(n)) / n
        columns[factor.key] = factor.low + strata * (factor.high - factor.low)
    return pd.DataFrame(columns)


def summarise(results: api.Results) -> pd.DataFrame:
    """kg seized and seizure counts per route and calendar year, with the aggregates."""
    ts = results.timeseries.assign(year=lambda t: t["period_start"].str[:4].astype(int))
    kg = ts.groupby(["replication", "port", "year"], as_index=False)["kg_seized"].sum()
    ship = results.tables.shipments
    start = pd.Timestamp(results.params.run.start_date)
    ship = ship.assign(
        year=(start + pd.to_timedelta(ship["outcome_day"], unit="D")).dt.year,
        under=ship["load_kg"] < SMALL_FIND_KG,
        over=ship["load_kg"] > LARGE_FIND_KG,
    )
    seized = ship[ship["outcome"].isin(["seized_port", "seized_route"])]
    counts = seized.groupby(["replication", "port", "year"]).agg(
        seizures=("load_kg", "size"),
        finds_under_100kg=("under", "sum"),
        finds_over_1000kg=("over", "sum"),
    )
    upstream = (
        ship[ship["outcome"] == "seized_origin"]
        .groupby(["replication", "port", "year"])["load_kg"]
        .sum()
        .rename("kg_intercepted_upstream")
    )
    keys = ["replication", "port", "year"]
    frame = kg.merge(counts.reset_index(), how="left", on=keys)
    frame = frame.merge(upstream.reset_index(), how="left", on=keys)
    for column in COUNT_COLUMNS:
        frame[column] = frame[column].fillna(0).astype(int)
    frame["kg_intercepted_upstream"] = frame["kg_intercepted_upstream"].fillna(0.0)
    ports = frame[frame["port"].isin(PORT_KEYS)]
    total = ports.groupby(["replication", "year"], as_index=False)[["kg_seized", "seizures"]].sum()
    total["port"] = "total_12_ports"
    outside = frame[frame["port"].isin(OUTSIDE_ROUTE_KEYS)]
    out_kg = outside.groupby(["replication", "year"])["kg_seized"].sum()
    all_kg = out_kg + ports.groupby(["replication", "year"])["kg_seized"].sum()
    share = (out_kg / all_kg.where(all_kg > 0)).rename("kg_seized").reset_index()
    share["seizures"] = 0
    share["port"] = "outside_share"
    prices = results.prices.assign(year=lambda t: t["period_start"].str[:4].astype(int))
    price = prices.groupby(["replication", "year"], as_index=False)["wholesale_eur_per_kg"].mean()
    price = price.rename(columns={"wholesale_eur_per_kg": "kg_seized"})
    price["seizures"] = 0
    price["port"] = "wholesale_eur_per_kg"
    columns = [
        "replication",
        "port",
        "year",
        "kg_seized",
        *COUNT_COLUMNS,
        "kg_intercepted_upstream",
    ]
    out = pd.concat([frame, total, share, price], ignore_index=True).reindex(columns=columns)
    out[list(COUNT_COLUMNS)] = out[list(COUNT_COLUMNS)].fillna(0).astype(int)
    out["kg_intercepted_upstream"] = out["kg_intercepted_upstream"].fillna(0.0)
    return to_full_scale(out, results.params.run.scale)


def to_full_scale(summary: pd.DataFrame, scale: float) -> pd.DataFrame:
    """kg and counts of a run at ``scale`` divided by it (the share and the price are intensive).

    A run at scale s simulates s of the containers and of the cocaine (:mod:`sim.engine.scaling`),
    so its extensive figures are compared with the observed ones after dividing by s; counts then
    become full-scale-equivalent numbers, not whole seizures.
    """
    if scale == 1.0:
        return summary
    out = summary.copy()
    extensive = ~out["port"].isin(["outside_share", "wholesale_eur_per_kg"])
    columns = ["kg_seized", *COUNT_COLUMNS, "kg_intercepted_upstream"]
    out[list(COUNT_COLUMNS)] = out[list(COUNT_COLUMNS)].astype(float)
    out.loc[extensive, columns] = out.loc[extensive, columns] / scale
    return out


def run_point(overrides: tuple[str, ...]) -> pd.DataFrame:
    """Simulate one parameter point (all its replications) and summarise it."""
    return summarise(api.simulate(api.load(list(overrides))))


T = TypeVar("T")
R = TypeVar("R")


def parallel_map(
    function: Callable[[T], R], items: Iterable[T], workers: int | None, label: str
) -> list[R]:
    """``function`` over ``items`` on ``workers`` processes (default: all cores), in order,
    printing progress with an ETA."""
    items = list(items)
    workers = workers or os.cpu_count() or 1
    done: list[R | None] = [None] * len(items)
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(function, item): i for i, item in enumerate(items)}
        for n, future in enumerate(as_completed(futures), start=1):
            done[futures[future]] = future.result()
            elapsed = time.perf_counter() - start
            eta = elapsed / n * (len(items) - n)
            print(f"{label}: {n}/{len(items)} runs, {elapsed:.0f} s, ETA {eta:.0f} s", flush=True)
    return [d for d in done if d is not None]


def overrides_of(point: pd.Series) -> tuple[str, ...]:
    """``key=value`` overrides of one parameter point."""
    return tuple(f"{key}={float(value)!r}" for key, value in point.items())
