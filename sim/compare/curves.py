"""Response curves of a sweep: outcomes against the swept value (mean, 95 % CI over replications).

The x axis is the first swept key with numeric values (else the first swept key, drawn as
categories; without swept keys, the job number). Every other swept key splits the jobs into
series: one line (or set of points) per combination of their values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from sim.compare.load import fmt_value
from sim.compare.style import (
    band_handle,
    ci_handle,
    finish,
    new_figure,
    no_data,
    run_color,
)
from sim.plots.run_figures import STATS_NOTE, port_label, summarise, yerr

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from sim.compare.load import SweepData

PORT_KEY = re.compile(r"^ports\.(?P<port>[^.]+)\.(?P<lever>[^.]+)$")
DISPLACEMENT_COLUMNS = (
    ("treated_change_kg", "Displacement: change at the treated ports vs counterfactual"),
    ("total_change_kg", "Displacement: change at all ports vs counterfactual"),
)
CHANGE_LABEL = "change in cocaine shipped (t)"


@dataclass
class Panel:
    """One panel: per-replication values (``job``, ``replication``, ``value``) or a reason."""

    title: str
    ylabel: str
    values: pd.DataFrame | None
    missing: str = ""
    second: pd.DataFrame | None = None  # drawn dashed in the same panel
    legend: tuple[str, str] | None = None  # labels of the solid and dashed measures


@dataclass
class Layout:
    """Which swept key is the x axis and how the jobs split into series."""

    x_key: str  # "job" when nothing was swept
    numeric: bool
    jobs: pd.DataFrame  # index job; columns x, series


# ------------------------------------------------------------------ layout


def layout(sweep: SweepData) -> Layout:
    """x key, numeric or categorical, and each complete job's x value and series label.

    Parameters
    ----------
    sweep : SweepData
        The sweep.

    Returns
    -------
    Layout
        ``jobs`` has one row per complete job (index ``job``) with its ``x`` value and
        ``series`` label (``"key=value, ..."`` of the other swept keys; ``""`` when none).
    """
    reps = sweep.replication_rows
    keys = [k for k in sweep.swept if k in reps.columns]
    numeric = [k for k in keys if pd.api.types.is_numeric_dtype(reps[k])]
    first = reps.drop_duplicates("job").set_index("job").sort_index()
    if not keys:
        jobs = pd.DataFrame({"x": first.index.to_numpy(), "series": ""}, index=first.index)
        return Layout("job", False, jobs)
    x_key = numeric[0] if numeric else keys[0]
    others = [k for k in keys if k != x_key]
    series = [", ".join(f"{k}={fmt_value(row[k])}" for k in others) for _, row in first.iterrows()]
    jobs = pd.DataFrame({"x": first[x_key].to_numpy(), "series": series}, index=first.index)
    return Layout(x_key, x_key in numeric, jobs)


# ------------------------------------------------------------------ values


def _column(reps: pd.DataFrame, column: str, scale: float = 1.0) -> pd.DataFrame | None:
    if column not in reps.columns or not reps[column].notna().any():
        return None
    values = pd.to_numeric(reps[column], errors="coerce") / scale
    return pd.DataFrame({"job": reps["job"], "replication": reps["replication"], "value": values})


def port_values(sweep: SweepData, port: str, column: str) -> pd.DataFrame | None:
    """Per (job, replication) value at one port from ``sweep_ports``; ``"share_seized"`` = ratio."""
    ports = sweep.ports
    if not len(ports) or "port" not in ports or not (ports["port"] == port).any():
        return None
    rows = ports[ports["port"] == port]
    if column == "share_seized":
        kg = rows["kg_attempted"].astype(float)
        value = rows["kg_seized"].astype(float) / kg.where(kg > 0) * 100.0
    else:
        value = rows[column].astype(float) / 1000.0
    return pd.DataFrame({"job": rows["job"], "replication": rows["replication"], "value": value})


def port_change(attempted: pd.DataFrame | None, lay: Layout) -> pd.DataFrame | None:
    """Change in kg attempted at a port (t) against the first job of each series, paired by
    replication (the jobs share their seeds, so this is a common-random-numbers difference).

    ``attempted`` is the port's :func:`port_values` of ``"kg_attempted"`` (None: no such port).
    """
    if attempted is None:
        return None
    frames = []
    for _, jobs in lay.jobs.groupby("series", sort=False):
        jobs = jobs.sort_values("x", kind="stable") if lay.numeric else jobs
        ref = attempted[attempted["job"] == jobs.index[0]].set_index("replication")["value"]
        for job in jobs.index:
            mine = attempted[attempted["job"] == job].set_index("replication")["value"]
            diff = (mine - ref).dropna()
            frames.append(pd.DataFrame({"job": job, "replication": diff.index, "value": diff}))
    return pd.concat(frames, ignore_index=True) if frames else None


CHANGE_SEIZED = "extra cocaine seized (t)"
CHANGE_DELIVERED = "change in cocaine delivered (t)"


def panels(sweep: SweepData, lay: Layout) -> list[Panel]:
    """The panels of :func:`response_curves` (four, six for a port lever)."""
    reps = sweep.replication_rows
    match = PORT_KEY.match(lay.x_key)
    port = match["port"] if match else None
    attempted = port_values(sweep, port, "kg_attempted") if port is not None else None
    paired = _column(reps, "extra_kg_seized", 1000.0)
    if paired is not None and reps["extra_kg_seized"].notna().all():
        # jobs with a counterfactual: the paired change (common random numbers) has a much
        # narrower interval than the level, which varies from replication to replication
        out = [
            Panel("Extra kg seized vs counterfactual (origin + ports)", CHANGE_SEIZED, paired),
            Panel(
                "Change in kg delivered to the market vs counterfactual",
                CHANGE_DELIVERED,
                _column(reps, "delivered_change_kg", 1000.0),
            ),
        ]
    else:
        out = [
            Panel("Seized (origin + ports)", "cocaine seized (t)", _column(reps, "kg_seized", 1e3)),
            Panel(
                "Delivered to the market",
                "cocaine delivered (t)",
                _column(reps, "kg_delivered", 1e3),
            ),
        ]
    displacement = None
    for column, title in DISPLACEMENT_COLUMNS:
        values = _column(reps, column, 1000.0)
        if values is not None:
            displacement = Panel(title, CHANGE_LABEL, values)
            break
    if displacement is None and port is not None:
        first = lay.jobs.sort_values("x").iloc[0]["x"] if lay.numeric else lay.jobs.iloc[0]["x"]
        title = f"Displacement: change at {port_label(port)} vs {lay.x_key}={fmt_value(first)}"
        displacement = Panel(title, CHANGE_LABEL, port_change(attempted, lay))
    if displacement is None:
        displacement = Panel(
            "Displacement",
            CHANGE_LABEL,
            None,
            "no counterfactual in these jobs and the swept key is not a port lever",
        )
    out.append(displacement)
    out.append(
        Panel(
            "Delay: container-hours waiting for a scanner",
            "container delay (h)",
            _column(reps, "container_delay_h"),
        )
    )
    if port is not None and attempted is not None:
        name = port_label(port)
        out.append(
            Panel(
                f"{name}: kg shipped there and seized there",
                f"cocaine at {name} (t)",
                attempted,
                second=port_values(sweep, port, "kg_seized"),
                legend=("kg attempted", "kg seized"),
            )
        )
        out.append(
            Panel(
                f"{name}: share of the kg shipped there that is seized",
                f"seized / attempted at {name} (%)",
                port_values(sweep, port, "share_seized"),
            )
        )
    return out


# ------------------------------------------------------------------ drawing


def _draw(ax: Axes, lay: Layout, values: pd.DataFrame, dashed: bool = False) -> bool:
    """Mean and 95 % CI per job, a line (numeric x) or dodged points (categories) per series.

    Returns True when intervals were drawn (some job has several replications).
    """
    values = values.dropna(subset=["value"])
    stats = summarise(values, "job", "value")
    with_ci = bool(values.groupby("job").size().max() > 1) if len(values) else False
    categories = list(dict.fromkeys(lay.jobs["x"].tolist()))
    series = list(dict.fromkeys(lay.jobs["series"].tolist()))
    for i, name in enumerate(series):
        jobs = lay.jobs[(lay.jobs["series"] == name) & lay.jobs.index.isin(stats.index)]
        if lay.numeric:
            jobs = jobs.sort_values("x", kind="stable")
        s = stats.reindex(jobs.index).astype(float)
        mean = s["mean"].to_numpy(dtype=float)
        color = run_color(i)
        label = name or "mean over replications"
        if lay.numeric:
            x = jobs["x"].to_numpy(dtype=float)
            ax.plot(
                x,
                mean,
                color=color,
                marker="s" if dashed else "o",
                markersize=4,
                linewidth=1.6,
                linestyle="--" if dashed else "-",
                label=None if dashed else label,
            )
            if with_ci:
                ax.fill_between(
                    x, s["lower"].to_numpy(), s["upper"].to_numpy(), color=color, alpha=0.15, lw=0
                )
        else:
            width = 0.7 / max(len(series), 1)
            pos = np.array([categories.index(v) for v in jobs["x"]], dtype=float)
            pos += (i - (len(series) - 1) / 2) * width + (0.08 if dashed else 0.0)
            ax.errorbar(
                pos,
                mean,
                yerr=yerr(s, with_ci),
                fmt="s" if dashed else "o",
                color=color,
                ecolor=color,
                capsize=3,
                markersize=5,
                label=None if dashed else label,
            )
    if not lay.numeric:
        ax.set_xticks(np.arange(len(categories)))
        labels = [fmt_value(c) for c in categories]
        # slanted when the labels would not fit side by side (~7 characters per category slot)
        crowded = len(categories) > 4 or max(map(len, labels)) * len(labels) > 36
        ax.set_xticklabels(labels)
        if crowded:
            ax.tick_params(axis="x", labelrotation=20)
            for label in ax.get_xticklabels():
                label.set_horizontalalignment("right")
                label.set_rotation_mode("anchor")
        ax.set_xlim(-0.6, len(categories) - 0.4)
    return with_ci


def sweep_note(sweep: SweepData) -> str:
    """Source note of a sweep: directory, complete and failed jobs, replications per job."""
    reps = sweep.replication_rows
    per_job = reps.groupby("job")["replication"].nunique()
    n_complete = int(per_job.size)
    total = int(sweep.sweep["job"].nunique())
    failed = sweep.failed_jobs
    lo, hi = (int(per_job.min()), int(per_job.max())) if n_complete else (0, 0)
    count = f"{lo}" if lo == hi else f"{lo}–{hi}"
    note = (
        f"portsim-compare — sweep {sweep.path}: {n_complete} of {total} jobs complete"
        + (f" (failed: job {', '.join(map(str, failed))})" if failed else "")
        + f", {count} replication{'s' if hi != 1 else ''} per job"
    )
    if hi > 1:
        note += f" · {STATS_NOTE}"
    if sweep.swept:
        note += f" · swept: {', '.join(sweep.swept)}"
    return note


def response_curves(sweep: SweepData) -> Figure:
    """Seizures, deliveries, displacement and delay against the swept value of a sweep.

    Parameters
    ----------
    sweep : SweepData
        The sweep (``sweep.csv`` replication rows; ``sweep_ports.csv`` for port levers).

    Returns
    -------
    matplotlib.figure.Figure
        Four panels: kg seized and kg delivered (t), displacement (``treated_change_kg`` when
        the jobs had a counterfactual, else ``total_change_kg``, else — for a key
        ``ports.<port>.<lever>`` — the change in kg attempted at that port against the first
        value of the key, paired by replication) and ``container_delay_h`` (h). For a port
        lever two more panels: that port's kg attempted and seized (t) and kg seized / kg
        attempted (%). Numeric key: line of the means with a shaded 95 % band; categorical key:
        points with 95 % CI error bars. One line per value of the other swept keys.

    Raises
    ------
    ValueError
        If the sweep has no complete job.
    """
    if not len(sweep.replication_rows):
        raise ValueError(f"{sweep.path}: no complete job in this sweep")
    lay = layout(sweep)
    chosen = panels(sweep, lay)
    rows = (len(chosen) + 1) // 2
    fig = new_figure(12.0, 1.4 + 3.0 * rows)
    axes = fig.subplots(rows, 2, squeeze=False).ravel()
    with_ci = False
    for ax, panel in zip(axes, chosen, strict=False):
        if panel.values is None or not panel.values["value"].notna().any():
            no_data(ax, panel.missing or "no data for this measure")
        else:
            with_ci |= _draw(ax, lay, panel.values)
            if panel.second is not None:
                _draw(ax, lay, panel.second, dashed=True)
            if panel.legend is not None:
                ax.legend(
                    handles=[
                        Line2D([], [], color="0.3", marker="o", label=panel.legend[0]),
                        Line2D([], [], color="0.3", marker="s", ls="--", label=panel.legend[1]),
                    ],
                    fontsize=7,
                    loc="best",
                )
            ax.grid(alpha=0.3)
            if "change" in panel.ylabel:
                ax.axhline(0, color="0.5", linewidth=0.6)
        ax.set_title(panel.title, fontsize=10, loc="left")
        ax.set_xlabel(lay.x_key)
        ax.set_ylabel(panel.ylabel)
    for ax in axes[len(chosen) :]:
        ax.remove()
    handles, labels = axes[0].get_legend_handles_labels()
    if with_ci:
        handles.append(band_handle() if lay.numeric else ci_handle())
        labels.append("95 % CI band" if lay.numeric else "95 % CI")
    fig.legend(handles, labels, fontsize=8, loc="outside right center")
    title = f"Response to {lay.x_key}: seizures, deliveries, displacement and delay"
    return finish(fig, title, sweep_note(sweep))
