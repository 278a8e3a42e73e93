"""``comparison_differences.csv``: each run against a reference run, with the CI of the difference.

Two runs with the same ``run.seed`` and replications draw the same random streams replication by
replication (common random numbers: the same ``rng_seed`` per replication, as ``replications.csv``
and ``metadata.json`` record), so replication i of one is *paired* with replication i of the
other. The difference of two such runs is then estimated by the mean of the per-replication
differences with its Student t interval (:func:`sim.results.stats.paired_difference_ci`), which
is what separates a policy's effect from noise: two level intervals can overlap widely while the
difference is resolved. Runs that do not share their streams (other seeds or replications) are
compared with the Welch interval instead (:func:`sim.results.stats.welch_difference_ci`), and the
table says so in its ``paired`` column.

Ratios (cost per kg seized, displacement ratio) are left out: a difference of ratios of means
needs its own interval, and the per-replication differences that make up the table are those
of additive outcomes (kg, hours, EUR) and of the per-replication interdiction rate.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from sim.compare.load import RunData
from sim.results.stats import paired_difference_ci, welch_difference_ci

ALL_PORTS = "all"  # the ``port`` of a run-level outcome
DIFFERENCE_MEASURES = (
    # table, column, measure name, unit, scale (run-level outcomes)
    ("replications", "kg_attempted", "cocaine attempted", "t", 1e3),
    ("replications", "kg_seized", "cocaine seized (origin + ports)", "t", 1e3),
    ("replications", "kg_delivered", "cocaine delivered", "t", 1e3),
    ("replications", "interdiction_rate", "interdiction rate", "share", 1.0),
    ("replications", "container_delay_h", "container delay", "h", 1.0),
    ("costs", "total_eur", "security cost over the window", "EUR M", 1e6),
    ("displacement", "treated_change_kg", "change at the treated ports", "t", 1e3),
    ("displacement", "delivered_change_kg", "change in kg delivered vs counterfactual", "t", 1e3),
)
PORT_MEASURES = (
    # column of ports.csv, measure name, unit, scale (one row per port)
    ("kg_attempted", "cocaine attempted at the port", "t", 1e3),
    ("kg_seized", "cocaine seized at the port", "t", 1e3),
    ("kg_delivered", "cocaine delivered through the port", "t", 1e3),
)
DIFFERENCE_COLUMNS = [
    "run",
    "reference",
    "measure",
    "column",
    "port",
    "unit",
    "mean",
    "ci_low",
    "ci_high",
    "n",
    "n_reference",
    "paired",
]


def replication_seeds(run: RunData) -> dict[int, int]:
    """``{replication: rng_seed}`` of a run (its ``replications.csv``; ``metadata.json`` records
    the same list as ``rng_seeds``)."""
    reps = run.tables.replications
    return {int(r): int(s) for r, s in zip(reps["replication"], reps["rng_seed"], strict=True)}


def is_paired(run: RunData, reference: RunData) -> bool:
    """Whether two runs share their random streams replication by replication (CRN).

    True when they have the same replications and each has the same ``rng_seed`` in both (the
    same ``run.seed``; the seed of a replication does not depend on the scenario or levers).
    """
    seeds, ref = replication_seeds(run), replication_seeds(reference)
    return bool(seeds) and seeds == ref


def choose_reference(runs: Sequence[RunData], name: str | None) -> RunData:
    """The run named ``name`` (default: the first run).

    Raises
    ------
    ValueError
        One line naming ``--reference`` and the allowed names when no run has that name.
    """
    if not runs:
        raise ValueError("no run to compare")
    if name is None:
        return runs[0]
    for run in runs:
        if run.name == name:
            return run
    allowed = ", ".join(repr(r.name) for r in runs)
    raise ValueError(f"--reference: no run named {name!r}; allowed: {allowed}")


def _table(run: RunData, name: str) -> pd.DataFrame | None:
    frame = run.tables.replications if name == "replications" else getattr(run, name)
    return frame if frame is not None and len(frame) else None


def _by_replication(frame: pd.DataFrame, column: str) -> pd.Series:
    """``column`` per replication (index), numeric."""
    values = pd.to_numeric(frame[column], errors="coerce").astype(float)
    return pd.Series(values.to_numpy(), index=frame["replication"].astype(int)).sort_index()


def difference_ci(
    run: pd.Series, reference: pd.Series, paired: bool
) -> tuple[float, float, float, int, int]:
    """``(mean, ci_low, ci_high, n, n_reference)`` of ``run − reference`` (values by replication).

    Paired: the replications both have, matched by index (:func:`paired_difference_ci`);
    otherwise Welch's interval of the two sets of values (:func:`welch_difference_ci`).
    """
    if paired:
        common = run.index.intersection(reference.index)
        a, b = run.loc[common].to_numpy(float), reference.loc[common].to_numpy(float)
        keep = np.isfinite(a) & np.isfinite(b)
        mean, low, high = paired_difference_ci(a, b)
        n = int(keep.sum())
        return mean, low, high, n, n
    a, b = run.to_numpy(float), reference.to_numpy(float)
    mean, low, high = welch_difference_ci(a, b)
    return mean, low, high, int(np.isfinite(a).sum()), int(np.isfinite(b).sum())


def _pairs(
    run: RunData, reference: RunData
) -> list[tuple[str, str, str, str, float, pd.Series, pd.Series]]:
    """``(measure, column, port, unit, scale, run values, reference values)`` of every outcome
    both runs have, values by replication."""
    out = []
    for table, column, measure, unit, scale in DIFFERENCE_MEASURES:
        a, b = _table(run, table), _table(reference, table)
        if a is not None and b is not None and column in a and column in b:
            values = (_by_replication(a, column), _by_replication(b, column))
            out.append((measure, column, ALL_PORTS, unit, scale, *values))
    ports, ref_ports = run.tables.ports, reference.tables.ports
    for column, measure, unit, scale in PORT_MEASURES:
        if column not in ports or column not in ref_ports:
            continue
        for port in dict.fromkeys(ref_ports["port"].astype(str)):
            a = ports[ports["port"].astype(str) == port]
            b = ref_ports[ref_ports["port"].astype(str) == port]
            if len(a) and len(b):
                values = (_by_replication(a, column), _by_replication(b, column))
                out.append((measure, column, port, unit, scale, *values))
    return out


def _rows(run: RunData, reference: RunData, paired: bool) -> list[list[object]]:
    rows: list[list[object]] = []
    for measure, column, port, unit, scale, a, b in _pairs(run, reference):
        mean, low, high, n, n_ref = difference_ci(a / scale, b / scale, paired)
        if n and n_ref and not math.isnan(mean):
            head = [run.name, reference.name, measure, column, port, unit]
            rows.append([*head, mean, low, high, n, n_ref, paired])
    return rows


def differences(runs: Sequence[RunData], reference: str | None = None) -> pd.DataFrame:
    """Every run against the reference run, per outcome: the difference and its 95 % CI.

    Parameters
    ----------
    runs : sequence of RunData
        The runs compared (at least two for any row).
    reference : str, optional
        Display name of the reference run (``--reference``); default the first run.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`DIFFERENCE_COLUMNS`: a row per other run and outcome it shares with the
        reference — the run-level outcomes of :data:`DIFFERENCE_MEASURES` (``port`` = ``all``),
        then :data:`PORT_MEASURES` per port of the reference. ``mean`` is run − reference in the
        stated unit (t, EUR M, h, share); ``ci_low``, ``ci_high`` its 95 % interval: paired
        (``paired`` True, ``n`` pairs) when :func:`is_paired`, else Welch's (``paired`` False;
        ``n``, ``n_reference`` the replications of each).

    Raises
    ------
    ValueError
        If ``reference`` names no run.
    """
    runs = list(runs)
    ref = choose_reference(runs, reference)
    rows = []
    for run in runs:
        if run is not ref:
            rows += _rows(run, ref, is_paired(run, ref))
    return pd.DataFrame(rows, columns=DIFFERENCE_COLUMNS).astype({"paired": bool})
