"""The figure of ``observed_vs_simulated.csv``: per port, the published figure against the run.

Drawn from the table alone (:mod:`sim.results.observed` builds it; columns in
:mod:`sim.results.schema`), never from the model. Per port: the observed central value (black
diamond) with the range the published figures allow (a black line; an arrow where the range is
open above, i.e. a lower bound), and the simulated mean over replications (orange dot) with its
95 % Student t interval. The kg axis is logarithmic when the values span more than a factor of
20, so that Antwerp's 100 t and Bremerhaven's 2 t can be read on one chart; an interval reaching
below the axis is cut at its bottom (said in the note). The note names the sources
(``seeds/sources.csv`` ids) and, for a run at reduced ``run.scale``, that the simulated kg are
the scaled run's divided by its scale.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.lines import Line2D

from sim.plots.run_figures import (
    COLORS,
    ERROR_KW,
    STATS_NOTE,
    clean_formats,
    plain_numbers,
    port_axis,
    replications_text,
    save_figure,
)
from sim.results.observed import scale_note

__all__ = ["FIGURE_NAME", "figure_note", "make_observed_figure", "observed_vs_simulated_figure"]

FIGURE_NAME = "observed_vs_simulated"
LOG_SPAN = 20.0
"""A log kg axis when the largest value shown is more than this many times the smallest."""
NOTE_WIDTH = 150  # characters per line of the note


def figure_note(table: pd.DataFrame, scenario: str) -> str:
    """The figure's note: run, statistics, scale and the sources of the observed values."""
    n = int(table["replications"].iloc[0])
    parts = [f"portsim — scenario {scenario}, {replications_text(n)}"]
    if n > 1:
        parts.append(STATS_NOTE)
    scale = scale_note(float(table["run_scale"].iloc[0]))
    if scale:
        parts.append(scale)
    ids = list(dict.fromkeys(i for cell in table["source_id"] for i in str(cell).split("; ")))
    head = " · ".join(parts)
    sources = "observed (seeds/published.csv, range rules of sim.validation.reporting); "
    sources += "sources (seeds/sources.csv): " + ", ".join(ids)
    return "\n".join([head, *textwrap.wrap(sources, NOTE_WIDTH)])


def _log_axis(values: np.ndarray) -> bool:
    positive = values[np.isfinite(values) & (values > 0)]
    return positive.size > 0 and float(positive.max()) > LOG_SPAN * float(positive.min())


def observed_vs_simulated_figure(table: pd.DataFrame, scenario: str) -> Figure:
    """Observed against simulated kg seized per port (one calendar year)."""
    ports: Sequence[str] = [str(p) for p in table["port"]]
    x = np.arange(len(ports))
    note = figure_note(table, scenario)
    lines = note.count("\n") + 2  # one spare for the "cut" line
    width, height = max(7.0, 0.75 * len(ports) + 2.5), 5.0 + 0.13 * lines
    bottom = (0.12 + 0.13 * lines) / height
    fig = Figure(
        figsize=(width, height), layout=ConstrainedLayoutEngine(rect=(0, bottom, 1, 1 - bottom))
    )
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()

    obs = table["observed"].to_numpy(float)
    obs_lo, obs_hi = table["observed_low"].to_numpy(float), table["observed_high"].to_numpy(float)
    sim = table["simulated_mean"].to_numpy(float)
    ci_lo, ci_hi = table["ci_low"].to_numpy(float), table["ci_high"].to_numpy(float)
    shown = np.concatenate([obs, obs_lo, obs_hi[np.isfinite(obs_hi)], sim, ci_hi])
    log = _log_axis(shown)
    positive = shown[np.isfinite(shown) & (shown > 0)]
    floor = float(positive.min()) / 2 if log and positive.size else 0.0
    top = float(np.nanmax(shown[np.isfinite(shown)])) if np.isfinite(shown).any() else 1.0

    dx = 0.12
    ax.vlines(x - dx, obs_lo, np.where(np.isfinite(obs_hi), obs_hi, top * 1.5), color="black")
    ax.plot(x - dx, obs, "D", color="black", markersize=6, label="observed (range of the figures)")
    open_above = ~np.isfinite(obs_hi)
    if open_above.any():
        ax.plot(x[open_above] - dx, np.full(open_above.sum(), top * 1.5), "^", color="black")
    cut = bool(log and np.any(ci_lo < floor))
    low = np.maximum(ci_lo, floor) if log else ci_lo
    # a port with no simulated seizure (mean 0) lies below a log axis: no bar below it
    err = np.clip(np.nan_to_num(np.vstack([sim - low, ci_hi - sim]), nan=0.0), 0.0, None)
    with_ci = int(table["replications"].iloc[0]) > 1
    ax.errorbar(
        x + dx,
        sim,
        yerr=err if with_ci else None,
        fmt="o",
        color=COLORS["seized"],
        markersize=6,
        capsize=3,
        label="simulated mean" + (" (95 % CI)" if with_ci else ""),
        **ERROR_KW,
    )
    port_axis(ax, ports)
    if log:
        ax.set_yscale("log")
        ax.set_ylim(floor, top * 8)  # room for the legend above the arrows
    else:
        ax.set_ylim(0, top * 1.6)
    ax.set_ylabel("cocaine seized at the port (kg, log scale)" if log else "cocaine seized (kg)")
    ax.grid(axis="y", alpha=0.3)
    handles, labels = ax.get_legend_handles_labels()
    if open_above.any():
        handles.append(Line2D([], [], marker="^", color="black", linestyle="none"))
        labels.append("lower bound only (open above)")
    ax.legend(handles, labels, fontsize=8, loc="upper right")
    year = int(table["year"].iloc[0])
    scale = float(table["run_scale"].iloc[0])
    title = f"Observed vs simulated kg seized per port, {year}"
    if scale < 1.0:
        title += f" (scaled run, run.scale={scale:g})"
    if not log:
        plain_numbers(fig)
    fig.suptitle(title, fontsize=13, fontweight="bold")
    text = note + ("\nintervals reaching below the axis are cut at it" if cut else "")
    fig.text(0.01, 0.01, text, fontsize=7, color="0.35", va="bottom")
    return fig


def make_observed_figure(
    table: pd.DataFrame, scenario: str, out_dir: Path, formats: Sequence[str] = ("png", "svg")
) -> list[Path]:
    """Write ``out_dir/observed_vs_simulated.<fmt>`` (atomically); return the files."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if table.empty or not math.isfinite(float(table["simulated_mean"].max())):
        return []
    fig = observed_vs_simulated_figure(table, scenario)
    return save_figure(fig, out_dir, FIGURE_NAME, clean_formats(formats))
