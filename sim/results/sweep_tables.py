"""The combined tables of a sweep (``sweep.csv``, ``sweep_ports.csv``) built from its job folders.

A sweep directory (``portsim -m``) holds one run directory per job, named by the job number
(``0/``, ``1/``, …). Each job folder has Hydra's ``.hydra/overrides.yaml`` (the command-line
overrides of that job) and, when the job finished, the tables of a run (columns:
:mod:`sim.results.schema`); a failed job has ``status.json`` with ``"status": "failed"`` and its
error.

The *swept keys* are the override keys whose value differs between the jobs (in the order they
first appear in the jobs' overrides). Values are parsed as int or float when they look like
numbers, otherwise kept as strings.

``sweep.csv`` columns, in order:

1. ``job`` (int), ``status`` (``complete`` | ``failed``), ``error`` (empty when complete);
2. one column per swept key, named exactly like the key;
3. ``row`` (``replication`` | ``mean`` | ``ci_low`` | ``ci_high``; empty on a failed job's row)
   and ``replication`` (empty on summary rows);
4. every column of ``replications.csv`` except ``replication``;
5. the cost columns of ``costs.csv`` (``scanner_capital_eur`` … ``total_eur``,
   ``cost_per_kg_seized_eur``);
6. only when some job had a counterfactual: the columns of ``displacement.csv`` and then of
   ``cost_comparison.csv``, except ``replication``.

Rows: jobs in ascending order; per complete job its replication rows, then the ``mean``,
``ci_low`` and ``ci_high`` rows (95 % Student t interval over the replications,
:func:`sim.results.stats.mean_ci`; text columns repeat the job's value, identifiers such as
``rng_seed`` are empty); a failed job has one row with empty result columns. A result column
whose name is also a swept key (``scenario`` when scenarios are swept) is left out: the swept
column, which comes first, holds the job's value.

``sweep_ports.csv``: ``job``, the swept keys, ``replication``, then every column of
``ports.csv`` except ``replication`` (same rule for names that are swept keys); complete jobs only.

This module is pure pandas (no Hydra, no matplotlib): the sweep callback calls
:func:`build_sweep_tables` to write the files, and :mod:`sim.compare.load` uses it when a sweep
directory has no ``sweep.csv``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from sim.results import schema
from sim.results.costs import RATIOS
from sim.results.stats import mean_ci, ratio_of_means_ci
from sim.results.status import COMPLETE, FAILED, damage, read_status

LEAD_COLUMNS = ["job", "status", "error"]
ROW_COLUMNS = ["row", "replication"]
SUMMARY_ROWS = ("mean", "ci_low", "ci_high")
IDENTIFIERS = ("rng_seed",)  # not averaged: empty on summary rows
COST_DROP = ("scenario", "replication", "kg_seized")
NO_RESULT = "no result (interrupted?)"
OVERRIDES_FILE = Path(".hydra") / "overrides.yaml"


# ------------------------------------------------------------------ job folders


def job_dirs(sweep_dir: Path) -> dict[int, Path]:
    """The job folders of a sweep directory, keyed by job number (folders named by digits).

    Parameters
    ----------
    sweep_dir : pathlib.Path
        The sweep directory.

    Returns
    -------
    dict of int to pathlib.Path
        Sorted by job number; empty when there is none.
    """
    found = {int(p.name): p for p in Path(sweep_dir).iterdir() if p.is_dir() and p.name.isdigit()}
    return dict(sorted(found.items()))


def parse_value(text: str) -> Any:
    """An override value as int, float or string (surrounding quotes removed).

    Parameters
    ----------
    text : str
        The text after the first ``=`` of an override.

    Returns
    -------
    int, float, str or None
        ``None`` for ``null``; numbers parsed with :func:`int` / :func:`float`; anything else
        (``baseline``, ``2024-01-01``, ``[1,2]``) unchanged.
    """
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    if text.lower() in ("null", "none", "~"):
        return None
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def read_overrides(run_dir: Path) -> list[str]:
    """The command-line overrides of a run (``.hydra/overrides.yaml``), empty when absent.

    Parameters
    ----------
    run_dir : pathlib.Path
        A run or job directory.

    Returns
    -------
    list of str
        Overrides such as ``"ports.antwerp.scanners=8"``, in the order given.
    """
    path = Path(run_dir) / OVERRIDES_FILE
    if not path.is_file():
        return []
    try:
        data = yaml.safe_load(path.read_text())
    except yaml.YAMLError as exc:
        raise ValueError(f"{path}: not a YAML list of overrides ({type(exc).__name__})") from exc
    if data is None:
        return []
    if not isinstance(data, list):
        raise ValueError(f"{path}: not a YAML list of overrides")
    return [str(item) for item in data]


def overrides_dict(overrides: list[str]) -> dict[str, Any]:
    """Overrides as ``{key: parsed value}``; ``+``/``++``/``~`` prefixes are dropped from keys."""
    out: dict[str, Any] = {}
    for item in overrides:
        key, sep, value = item.partition("=")
        key = key.lstrip("+~").strip()
        out[key] = parse_value(value) if sep else None
    return out


def swept_keys(values: Mapping[int, Mapping[str, Any]]) -> list[str]:
    """The override keys whose value differs between jobs (order of first appearance).

    Parameters
    ----------
    values : mapping of int to mapping of str to value
        Parsed overrides per job (jobs without an overrides file left out).

    Returns
    -------
    list of str
        Keys set to different values (or set in some jobs only); empty for a single job.
    """
    keys: list[str] = []
    for job_values in values.values():
        keys += [k for k in job_values if k not in keys]
    missing = object()
    swept = []
    for key in keys:
        seen = {repr(v.get(key, missing)) for v in values.values()}
        if len(seen) > 1:
            swept.append(key)
    return swept


def _swept_column(values: list[Any]) -> pd.Series:
    """A swept key's values: numeric dtype when every value is a number, else strings."""
    present = [v for v in values if v is not None]
    numeric = all(isinstance(v, int | float) and not isinstance(v, bool) for v in present)
    if numeric:
        if any(isinstance(v, float) for v in present):
            return pd.Series([math.nan if v is None else v for v in values], dtype=float)
        return pd.Series([pd.NA if v is None else v for v in values], dtype="Int64")
    return pd.Series([None if v is None else str(v) for v in values], dtype=object)


# ------------------------------------------------------------------ one job


def read_optional_csv(path: Path) -> pd.DataFrame | None:
    """The CSV file at ``path``, or None when there is no such file."""
    return pd.read_csv(path) if path.is_file() else None


def job_status(job_dir: Path) -> tuple[str, str]:
    """``(status, error)`` of a job folder: complete when its tables are there and not failed.

    Parameters
    ----------
    job_dir : pathlib.Path
        A job folder.

    Returns
    -------
    tuple of str
        ``("complete", "")`` when ``status.json`` says complete and every table matches its
        recorded rows and checksum (:func:`sim.results.status.damage`), else ``("failed",
        message)``; a folder without ``status.json`` and without tables (interrupted job) is
        failed with :data:`NO_RESULT`.
    """
    record = read_status(job_dir)
    if record is None:
        if (job_dir / "replications.csv").is_file():
            return FAILED, "interrupted: tables without status.json"
        return FAILED, NO_RESULT
    if record.get("status") == FAILED:
        return FAILED, str(record.get("error") or "failed (no error recorded)")
    problem = damage(job_dir)
    return (FAILED, problem) if problem else (COMPLETE, "")


def job_results(job_dir: Path) -> pd.DataFrame:
    """One row per replication: replications, costs and (if any) displacement columns merged.

    Parameters
    ----------
    job_dir : pathlib.Path
        A complete job folder (a run directory).

    Returns
    -------
    pandas.DataFrame
        ``replications.csv`` sorted by replication, with the columns of ``costs.csv`` (without
        scenario / replication / kg_seized), ``displacement.csv`` and ``cost_comparison.csv``
        joined on ``replication`` when those files exist.
    """
    frame = pd.read_csv(job_dir / "replications.csv").sort_values("replication", kind="stable")
    for name, drop in (
        ("costs", COST_DROP),
        ("displacement", ()),
        ("cost_comparison", ()),
    ):
        extra = read_optional_csv(job_dir / f"{name}.csv")
        if extra is None:
            continue
        extra = extra.drop(columns=[c for c in drop if c in extra.columns and c != "replication"])
        frame = frame.merge(extra, on="replication", how="left", suffixes=("", f"_{name}"))
    return frame.reset_index(drop=True)


# ------------------------------------------------------------------ columns


def _ordered(base: list[str], found: list[list[str]]) -> list[str]:
    """``base`` then the columns seen in ``found`` that are not in it (first-seen order)."""
    out = list(base)
    for cols in found:
        out += [c for c in cols if c not in out]
    return out


def result_columns(frames: list[pd.DataFrame], ports: list[pd.DataFrame]) -> tuple[list, list]:
    """Result columns of ``sweep.csv`` and ``sweep_ports.csv`` (after the row/replication part).

    The schema's columns first (so that the contract holds even when every job failed), then any
    other column found in the files; the displacement and cost-comparison blocks only when a job
    had them.
    """
    cols = [list(f.columns) for f in frames]
    reps = [c for c in schema.columns("replications") if c != "replication"]
    costs = [c for c in schema.columns("costs") if c not in COST_DROP]
    blocks = reps + costs
    for table in ("displacement", "cost_comparison"):
        own = [c for c in schema.columns(table) if c != "replication"]
        if any(c in f for f in cols for c in own):
            blocks += own
    result = [c for c in _ordered(blocks, cols) if c != "replication"]
    port_base = [c for c in schema.columns("ports") if c != "replication"]
    found = [list(p.columns) for p in ports]
    port_cols = [c for c in _ordered(port_base, found) if c != "replication"]
    return result, port_cols


# ------------------------------------------------------------------ summaries


def summary_rows(frame: pd.DataFrame, columns: list[str]) -> list[dict[str, Any]]:
    """The ``mean``, ``ci_low`` and ``ci_high`` rows of one job's replication rows.

    Parameters
    ----------
    frame : pandas.DataFrame
        The job's replication rows.
    columns : list of str
        Result columns to summarise.

    Returns
    -------
    list of dict
        Three rows. Numeric columns: :func:`mean_ci` (95 %) of the replication values, except
        the ratio columns of :data:`~sim.results.costs.RATIOS` (a cost per kg): the ratio of the
        means with its paired bootstrap CI; text columns: the job's value when it is the same
        on every row; identifiers empty.
    """
    rows: list[dict[str, Any]] = [{"row": name} for name in SUMMARY_ROWS]
    for col in columns:
        if col not in frame.columns or col in IDENTIFIERS:
            continue
        values = frame[col]
        if pd.api.types.is_bool_dtype(values) or not pd.api.types.is_numeric_dtype(values):
            distinct = values.dropna().unique()
            if len(distinct) == 1:
                for row in rows:
                    row[col] = distinct[0]
            continue
        ratio = RATIOS.get(col)
        if ratio is not None and ratio[0] in frame.columns and ratio[1] in frame.columns:
            num, den = (frame[c].to_numpy(dtype=float) for c in ratio)
            stats = ratio_of_means_ci(num, den)  # never the mean of the ratios
        else:
            stats = mean_ci(values.to_numpy(dtype=float))
        for row, value in zip(rows, stats, strict=True):
            row[col] = value
    return rows


# ------------------------------------------------------------------ the tables


def build_sweep_tables(
    job_dirs: Mapping[int, Path],
) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """``sweep.csv`` and ``sweep_ports.csv`` of a sweep, from its job folders.

    Parameters
    ----------
    job_dirs : mapping of int to pathlib.Path
        Job number → job folder (e.g. :func:`job_dirs` of the sweep directory).

    Returns
    -------
    sweep : pandas.DataFrame
        The ``sweep.csv`` table (columns and rows as in the module docstring).
    ports : pandas.DataFrame
        The ``sweep_ports.csv`` table.
    swept : list of str
        The swept keys (override keys whose value differs between the jobs).
    """
    jobs = dict(sorted((int(k), Path(v)) for k, v in job_dirs.items()))
    values = {
        num: overrides_dict(read_overrides(path))
        for num, path in jobs.items()
        if (path / OVERRIDES_FILE).is_file()
    }
    swept = swept_keys(values)
    statuses = {num: job_status(path) for num, path in jobs.items()}
    results = {num: job_results(jobs[num]) for num, (s, _) in statuses.items() if s == COMPLETE}
    port_frames = {
        num: pd.read_csv(jobs[num] / "ports.csv")
        for num in results
        if (jobs[num] / "ports.csv").is_file()
    }
    result_cols, port_cols = result_columns(list(results.values()), list(port_frames.values()))
    result_cols = [c for c in result_cols if c not in swept]
    port_cols = [c for c in port_cols if c not in swept]

    rows: list[dict[str, Any]] = []
    for num, (status, error) in statuses.items():
        lead = {"job": num, "status": status, "error": error}
        lead |= {k: values.get(num, {}).get(k) for k in swept}
        if status != COMPLETE:
            rows.append(lead)
            continue
        frame = results[num]
        for record in frame.to_dict("records"):
            rows.append(
                lead
                | {"row": "replication", "replication": record["replication"]}
                | {c: record.get(c) for c in result_cols}
            )
        rows += [lead | summary for summary in summary_rows(frame, result_cols)]
    sweep = _dtypes(
        pd.DataFrame(rows, columns=[*LEAD_COLUMNS, *swept, *ROW_COLUMNS, *result_cols]),
        values,
        swept,
    )

    port_rows: list[pd.DataFrame] = []
    for num, frame in port_frames.items():
        frame = frame.sort_values(["replication"], kind="stable").reset_index(drop=True)
        first = pd.DataFrame({"job": [num]} | {k: [values.get(num, {}).get(k)] for k in swept})
        lead_rows = first.loc[first.index.repeat(len(frame))].reset_index(drop=True)
        port_rows.append(pd.concat([lead_rows, frame.drop(columns=swept, errors="ignore")], axis=1))
    port_columns = ["job", *swept, "replication", *port_cols]
    if port_rows:
        ports = pd.concat(port_rows, ignore_index=True).reindex(columns=port_columns)
    else:
        ports = pd.DataFrame(columns=port_columns)
    ports = _dtypes(ports, values, swept)
    return sweep, ports, swept


def _dtypes(
    frame: pd.DataFrame, values: Mapping[int, Mapping[str, Any]], swept: list[str]
) -> pd.DataFrame:
    """``job`` int, ``replication`` nullable int, swept keys from the parsed override values."""
    frame["job"] = frame["job"].astype("int64")
    frame["replication"] = pd.to_numeric(frame["replication"]).astype("Int64")
    for key in swept:
        column = _swept_column([values.get(int(job), {}).get(key) for job in frame["job"]])
        frame[key] = column.set_axis(frame.index)
    return frame


def collect_from_jobs(sweep_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """:func:`build_sweep_tables` of the numbered job folders of ``sweep_dir``.

    Parameters
    ----------
    sweep_dir : pathlib.Path
        A sweep directory without (or ignoring) its ``sweep.csv``.

    Returns
    -------
    tuple
        ``(sweep, ports, swept)`` exactly as :func:`build_sweep_tables`.

    Raises
    ------
    ValueError
        If the directory has no job folder.
    """
    jobs = job_dirs(Path(sweep_dir))
    if not jobs:
        raise ValueError(f"{sweep_dir}: no job folders (0/, 1/, ...) in this sweep directory")
    return build_sweep_tables(jobs)
