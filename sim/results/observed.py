"""Observed against simulated: a calibrated run's kg seized per port next to the published figures.

A scenario declares the calendar year it reproduces (``scenario.observed_year``: baseline 2023,
policy_2024 2024); a run whose window covers that whole year gets one row per modelled port
with a published figure for it. The observed side is the range the published figures allow,
read by the validation's own rules (:func:`sim.validation.reporting.observed_range`: conflicting
figures give [min, max], wider scopes and part-year counts give bounds); the simulated side is
the replications' mean of the port's kg seized in that year, summed from the run's
``timeseries`` table, with its 95 % Student t interval (:func:`sim.results.stats.mean_ci`).

Why declared rather than derived from the run's dates: every scenario starting on 2023-01-01
covers 2023, but only a scenario whose configuration is the policy mix in force in a year
(the 2023 levels; Antwerp's and Rotterdam's 2024 step-ups) can be held to that year's figures.
A policy experiment is a counterfactual, and comparing it with what happened would read as a
calibration check it is not.

Scale: a run at ``run.scale`` s simulates a share s of the containers, the capacity and the
cocaine (:mod:`sim.engine.scaling`), so its kg seized divided by s is the full-scale figure it
stands for; that is what is compared with the published one. The table carries ``run_scale``
and, below scale 1, says so in ``note`` (README, "Scale").

Pure pandas: the published and source tables are passed in (the API loads them from
``seeds/``); nothing here reads a file or runs the model.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd

from sim.params import Params, Period
from sim.results.run_tables import ResultTables
from sim.results.schema import OBSERVED_VS_SIMULATED
from sim.results.stats import mean_ci
from sim.validation.reporting import ObservedRange, observed_range

__all__ = ["QUANTITY", "covers_year", "observed_kind", "observed_vs_simulated", "scale_note"]

QUANTITY = "kg_seized"
"""The compared quantity: cocaine seized at the port (kg), the model's and the sources' unit."""


def covers_year(params: Params, year: int) -> bool:
    """Whether the run's observed window holds every day of calendar year ``year``."""
    cal = params.calendar
    return cal.start <= dt.date(year, 1, 1) and cal.end >= dt.date(year + 1, 1, 1)


def observed_kind(found: ObservedRange) -> str:
    """``annual_total`` (the figures agree), ``lower_bound`` (open above), else ``range``."""
    if found.low == found.high:
        return "annual_total"
    if math.isinf(found.high):
        return "lower_bound"
    return "range"


def scale_note(scale: float) -> str:
    """What the table and figure say about a run at reduced scale (empty at scale 1)."""
    if scale >= 1.0:
        return ""
    return (
        f"simulated kg are from a scaled run (run.scale={scale:g}), divided by the scale to give "
        "full-scale figures; see README 'Scale'"
    )


def _kg_by_replication(tables: ResultTables, port: str, year: int) -> np.ndarray:
    ts = tables.timeseries
    rows = ts[(ts["port"] == port) & (ts["period_start"].astype(str).str[:4] == str(year))]
    per_rep = rows.groupby("replication")["kg_seized"].sum()
    reps = tables.replications["replication"]
    return per_rep.reindex(reps, fill_value=0.0).to_numpy(dtype=float)


def _sources_of(ids: tuple[str, ...], sources: pd.DataFrame) -> tuple[str, str]:
    by_id = sources.set_index("source_id")
    titles = [str(by_id.at[i, "title"]) if i in by_id.index else "" for i in ids]
    urls = [str(by_id.at[i, "url"]) if i in by_id.index else "" for i in ids]
    return " | ".join(titles), " | ".join(urls)


def observed_vs_simulated(
    tables: ResultTables, params: Params, published: pd.DataFrame, sources: pd.DataFrame
) -> pd.DataFrame | None:
    """The ``observed_vs_simulated`` table of a run, or None when it has no observed year.

    Parameters
    ----------
    tables : ResultTables
        The run's tables (the scenario's own, not a counterfactual's).
    params : Params
        Its parameters: ``scenario.observed_year``, the window, ``run.scale``, the ports.
    published, sources : pandas.DataFrame
        ``seeds/published.csv`` and ``seeds/sources.csv`` as the evidence loader parses them.

    Returns
    -------
    pandas.DataFrame or None
        Columns of :data:`sim.results.schema.OBSERVED_VS_SIMULATED`, one row per modelled port
        with a published figure for the year, in the run's port order. None when the scenario
        declares no year or the window does not cover all of it.
    """
    year = params.scenario.observed_year
    if year is None or not covers_year(params, year):
        return None
    scale = params.run.scale
    note_scale = scale_note(scale)
    week_note = (
        "weekly periods: the week spanning New Year counts in the year it starts"
        if params.run.period is Period.week
        else ""
    )
    rows = []
    for port in params.ports:
        found = observed_range(published, port, year, QUANTITY)
        if found is None:
            continue
        mean, lo, hi = mean_ci(_kg_by_replication(tables, port, year) / scale)
        title, url = _sources_of(found.sources, sources)
        note = "; ".join(part for part in (found.caveat, week_note, note_scale) if part)
        rows.append(
            {
                "year": year,
                "port": port,
                "quantity": QUANTITY,
                "observed": found.central,
                "observed_low": found.low,
                "observed_high": found.high,
                "observed_kind": observed_kind(found),
                "simulated_mean": mean,
                "ci_low": lo,
                "ci_high": hi,
                "ratio": mean / found.central if found.central > 0 else math.nan,
                "replications": len(tables.replications),
                "run_scale": scale,
                "source_id": "; ".join(found.sources),
                "source_title": title,
                "source_url": url,
                "note": note,
            }
        )
    return OBSERVED_VS_SIMULATED.frame(rows)
