"""Runs over several calendar years: the per-year accounting and the inputs beyond the data.

**Per-year account** (``yearly.csv``, built per replication by
:func:`sim.results.run_tables.yearly_frame`). A year is its part of the observed window. Kg and
shipments are a stock-flow account by date, per route:

    in_transit_start + attempted = seized + seized_origin + delivered + in_transit_end

where *attempted* is what came into play in the year (committed to the route in it; in the first
year also the loads still under way from the warm-up, as the run's totals count them), the
outcomes are counted on the day they happen (as ``timeseries.csv`` and the published annual
seizure figures do), and *in transit* is what is in play without an outcome when the year opens
or closes (held at origin included). The first year opens with nothing in transit and the last
closes with the run's ``kg_in_transit + kg_delayed``, so every flow column summed over the years
is the run's total. Containers are counted by the year they were discharged or joined the
scanner queue, as in ``ports.csv``.

**Inputs beyond the data.** ``seeds/throughput.csv`` has volumes for 2021–2024. A simulated year
after 2024 takes the 2024 volumes (``traffic.beyond_data=hold_last``, the default) or compounds
them at ``traffic.growth_per_year`` (``growth``); a year before 2021 takes 2021's. World
production (``traffickers.supply.production_t``) and origin interdiction rates
(``traffickers.origin_interdiction.*.rate_by_year``) hold their last entry in later years
(:func:`sim.engine.market.yearly_value`). :func:`beyond_data_lines` says which years of a run
use which assumption; the console summary prints it, and ``yearly_summary.csv`` carries the
traffic basis of every year.

Pure pandas: nothing here reads a file or runs the model.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from sim.evidence.loader import MODEL_YEARS
from sim.params import BeyondData, Params, ScenarioMode
from sim.results.schema import YEARLY, YEARLY_SUMMARY
from sim.results.stats import mean_ci

__all__ = [
    "ALL_ROUTES",
    "QUANTITIES",
    "beyond_data_lines",
    "spans_years",
    "traffic_basis",
    "year_segments",
    "yearly_summary",
]

ALL_ROUTES = "all"
"""The ``port`` of a ``yearly_summary.csv`` row that sums every route."""

QUANTITIES: tuple[str, ...] = tuple(
    c.name
    for c in YEARLY.columns
    if c.name not in ("scenario", "replication", "year", "days", "port")
)
"""The columns of ``yearly.csv`` that ``yearly_summary.csv`` summarises, in order."""


def year_segments(start: dt.date, horizon_days: int) -> list[tuple[int, int, int]]:
    """(year, first day, end day) of each calendar year's part of the window, in days since
    ``start`` (half-open: [first, end))."""
    end = start + dt.timedelta(days=horizon_days)
    segments = []
    for year in range(start.year, (end - dt.timedelta(days=1)).year + 1):
        first = max(0, (dt.date(year, 1, 1) - start).days)
        last = min(horizon_days, (dt.date(year + 1, 1, 1) - start).days)
        segments.append((year, first, last))
    return segments


def spans_years(params: Params) -> bool:
    """Whether a network run's observed window reaches into more than one calendar year."""
    if params.scenario.mode is not ScenarioMode.network:
        return False
    cal = params.calendar
    return len(year_segments(cal.start, cal.horizon_days)) > 1


def traffic_basis(params: Params, year: int) -> str:
    """Where the legitimate traffic of ``year`` comes from, in words naming the config key."""
    traffic = params.traffic
    first, last = MODEL_YEARS[0], MODEL_YEARS[-1]
    if traffic.throughput_year is not None:
        pinned = traffic.throughput_year
        return f"{pinned} volumes (traffic.throughput_year={pinned})"
    if year < first:
        return f"held at {first}, the first data year"
    if year <= last:
        return f"data (seeds/throughput.csv {year})"
    if traffic.beyond_data is BeyondData.hold_last:
        return f"held at {last} (traffic.beyond_data=hold_last)"
    g = traffic.growth_per_year
    return (
        f"{last} x {1 + g:g}^{year - last} (traffic.beyond_data=growth, "
        f"traffic.growth_per_year={g:g})"
    )


def _simulated_years(params: Params) -> list[int]:
    cal = params.calendar
    return list(range(cal.sim_start.year, (cal.end - dt.timedelta(days=1)).year + 1))


def beyond_data_lines(params: Params) -> list[str]:
    """One line per simulated year (warm-up included) whose inputs are not data: legitimate
    traffic outside 2021–2024, world production after its last record, origin interdiction
    rates after their last entry. Empty when every year is inside the data."""
    if params.scenario.mode is not ScenarioMode.network:
        return []
    tp = params.traffickers
    last_production = max(int(y) for y in tp.supply.production_t)
    last_rate = max(int(y) for o in tp.origin_interdiction.values() for y in o.rate_by_year)
    first, last = MODEL_YEARS[0], MODEL_YEARS[-1]
    pinned = params.traffic.throughput_year is not None
    warmup_only = params.calendar.start.year
    lines = []
    for year in _simulated_years(params):
        parts = []
        if not pinned and not first <= year <= last:
            parts.append(f"traffic {traffic_basis(params, year)}")
        if tp.supply.follow_production and year > last_production:
            parts.append(
                f"world production held at {last_production} (traffickers.supply.production_t)"
            )
        if year > last_rate:
            parts.append(
                "origin interdiction rates held at their last entries "
                "(traffickers.origin_interdiction.*.rate_by_year)"
            )
        if parts:
            when = f"{year} (warm-up)" if year < warmup_only else str(year)
            lines.append(f"{when}: " + "; ".join(parts))
    return lines


def yearly_summary(yearly: pd.DataFrame, params: Params) -> pd.DataFrame:
    """``yearly_summary.csv``: mean and 95 % t interval over replications of every quantity of
    ``yearly`` (columns of :data:`sim.results.schema.YEARLY`), per year and route, and for all
    routes together (``port`` = :data:`ALL_ROUTES`), with each year's traffic basis."""
    reps = np.sort(yearly["replication"].unique())
    totals = yearly.groupby(["replication", "year"], as_index=False)[list(QUANTITIES)].sum()
    days = yearly.groupby("year")["days"].first()
    totals["port"] = ALL_ROUTES
    scenario = str(yearly["scenario"].iloc[0]) if len(yearly) else params.scenario.name
    routes = [*dict.fromkeys(yearly["port"]), ALL_ROUTES]
    both = pd.concat([yearly, totals], ignore_index=True)
    groups = dict(tuple(both.groupby(["year", "port"], sort=False)))
    rows = []
    for year in sorted(days.index):
        basis = traffic_basis(params, int(year))
        for route in routes:
            group = groups[(year, route)].set_index("replication").reindex(reps, fill_value=0)
            for quantity in QUANTITIES:
                mean, low, high = mean_ci(group[quantity].to_numpy(dtype=float))
                rows.append(
                    {
                        "scenario": scenario,
                        "year": int(year),
                        "days": int(days[year]),
                        "port": route,
                        "quantity": quantity,
                        "mean": mean,
                        "ci_low": low,
                        "ci_high": high,
                        "replications": len(reps),
                        "traffic": basis,
                    }
                )
    return YEARLY_SUMMARY.frame(rows)
