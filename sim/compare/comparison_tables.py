"""The combined tables ``portsim-compare`` writes: runs stacked with a ``run`` column, a summary.

* ``comparison_replications.csv`` — every run's ``replications.csv``, a ``run`` column first;
* ``comparison_ports.csv`` — the same for ``ports.csv``;
* ``comparison_costs.csv``, ``comparison_displacement.csv``, ``comparison_displacement_by_port``
  ``.csv``, ``comparison_cost_comparison.csv`` — the same for the optional tables, when some
  run has them;
* ``comparison_summary.csv`` — per run and measure: mean, 95 % CI (Student t) and replications;
* ``comparison_differences.csv`` — with two or more runs, each run against the reference run
  (the first, or ``--reference``) per outcome: the difference, its paired 95 % CI when the runs
  share their random streams, else Welch's, and which (:mod:`sim.compare.differences`).

The level intervals of ``comparison_summary.csv`` are not for judging a difference: two runs on
common random numbers can have overlapping level intervals and a clearly resolved difference.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from sim.compare.differences import differences
from sim.compare.load import RunData
from sim.results.costs import RATIOS
from sim.results.stats import mean_ci, ratio_of_means_ci

SUMMARY_MEASURES = (
    # table, column, measure name, unit, scale
    ("replications", "kg_attempted", "cocaine attempted", "t", 1e3),
    ("replications", "kg_seized", "cocaine seized (origin + ports)", "t", 1e3),
    ("replications", "kg_delivered", "cocaine delivered", "t", 1e3),
    ("replications", "interdiction_rate", "interdiction rate", "share", 1.0),
    ("replications", "container_delay_h", "container delay", "h", 1.0),
    ("costs", "total_eur", "security cost over the window", "EUR M", 1e6),
    ("costs", "cost_per_kg_seized_eur", "cost per kg seized", "EUR/kg", 1.0),
    ("displacement", "treated_change_kg", "change at the treated ports", "t", 1e3),
    ("displacement", "displacement_ratio", "displacement ratio", "ratio", 1.0),
)
SUMMARY_COLUMNS = ["run", "measure", "column", "unit", "mean", "ci_low", "ci_high", "replications"]


def _table(run: RunData, name: str) -> pd.DataFrame | None:
    if name in ("replications", "ports", "timeseries", "shipments"):
        return getattr(run.tables, name)
    return getattr(run, name)


def stacked(runs: Sequence[RunData], name: str) -> pd.DataFrame | None:
    """One table of every run, stacked, with a ``run`` column first (None if no run has it).

    Parameters
    ----------
    runs : sequence of RunData
        The runs, in order.
    name : str
        ``replications``, ``ports``, ``costs``, ``displacement``, ``displacement_by_port`` or
        ``cost_comparison``.

    Returns
    -------
    pandas.DataFrame or None
        The run's rows in run order; columns ``run`` then the table's own columns.
    """
    frames = []
    for run in runs:
        frame = _table(run, name)
        if frame is not None and len(frame.columns):
            frames.append(frame.assign(run=run.name)[["run", *frame.columns]])
    return pd.concat(frames, ignore_index=True) if frames else None


def summary(runs: Sequence[RunData]) -> pd.DataFrame:
    """Mean and 95 % CI over replications of the headline measures, per run.

    Parameters
    ----------
    runs : sequence of RunData
        The runs.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`SUMMARY_COLUMNS`; a row per run and measure that the run has (values in
        the stated unit, e.g. tonnes and EUR millions).
    """
    rows = []
    for run in runs:
        for table, column, measure, unit, scale in SUMMARY_MEASURES:
            frame = _table(run, table)
            if frame is None or column not in frame or not frame[column].notna().any():
                continue
            ratio = RATIOS.get(column)
            if ratio is not None and all(c in frame for c in ratio):  # a ratio of means
                num, den = (pd.to_numeric(frame[c], errors="coerce").to_numpy(float) for c in ratio)
                mean, low, high = (v / scale for v in ratio_of_means_ci(num, den))
            else:
                values = pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=float)
                mean, low, high = mean_ci(values / scale)
            rows.append([run.name, measure, column, unit, mean, low, high, len(frame)])
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def comparison_tables(
    runs: Sequence[RunData], reference: str | None = None
) -> dict[str, pd.DataFrame]:
    """The comparison tables of the runs, keyed by file stem (only those with rows).

    ``reference``: display name of the run the others are compared with in
    ``comparison_differences`` (default the first run; ValueError if no run has that name).
    """
    out: dict[str, pd.DataFrame] = {}
    for name in (
        "replications",
        "ports",
        "costs",
        "displacement",
        "displacement_by_port",
        "cost_comparison",
    ):
        frame = stacked(runs, name)
        if frame is not None:
            out[f"comparison_{name}"] = frame
    if runs:
        out["comparison_summary"] = summary(runs)
    if len(runs) >= 2:
        out["comparison_differences"] = differences(runs, reference)
    return out
