"""The figure of ``yearly_summary.csv``: kg seized and kg delivered per calendar year, for the
main ports and for all routes together.

Drawn from the table alone (:func:`sim.results.yearly.yearly_summary` builds it; columns in
:mod:`sim.results.schema`), never from the model. Per route, one bar per year: the mean over
replications with its 95 % Student t interval. The main ports are the :data:`MAIN_PORTS` modelled
ports with the most kg attempted over the window; "all" sums every route (the 12 ports and the
routes outside them). A year whose traffic is not data (after 2024) says its assumption in the
legend, and a year only partly inside the window says how many of its days are.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from sim.params import OUTSIDE_ROUTE_KEYS
from sim.plots.run_figures import (
    ERROR_KW,
    STATS_NOTE,
    clean_formats,
    new_figure,
    plain_numbers,
    port_axis,
    port_label,
    replications_text,
    save_figure,
)
from sim.results.observed import scale_note
from sim.results.yearly import ALL_ROUTES

__all__ = ["FIGURE_NAME", "MAIN_PORTS", "main_routes", "make_yearly_figure", "yearly_figure"]

FIGURE_NAME = "yearly_by_port"
MAIN_PORTS = 5
PANELS = (("kg_seized", "kg seized"), ("kg_delivered", "kg delivered"))
YEAR_COLORS = ("#56B4E9", "#0072B2", "#009E73", "#E69F00", "#D55E00", "#CC79A7", "#999999")


def main_routes(summary: pd.DataFrame, n: int = MAIN_PORTS) -> list[str]:
    """The ``n`` modelled ports with the most mean kg attempted over all years, then ``all``."""
    rows = summary[
        (summary["quantity"] == "kg_attempted")
        & ~summary["port"].isin([*OUTSIDE_ROUTE_KEYS, ALL_ROUTES])
    ]
    totals = rows.groupby("port", sort=False)["mean"].sum()
    order = sorted(totals.index, key=lambda p: (-float(totals[p]), str(p)))
    return [*(str(p) for p in order[:n]), ALL_ROUTES]


def _year_label(year: int, days: int, traffic: str) -> str:
    label = str(year)
    full = 366 if pd.Timestamp(year=year, month=1, day=1).is_leap_year else 365
    if days < full:
        label += f" ({days} d in the window)"
    if not traffic.startswith("data"):
        label += f"; traffic {traffic}"
    return label


def yearly_figure(summary: pd.DataFrame, scale: float = 1.0) -> Figure:
    """kg seized and kg delivered per year (tonnes), per main port and in total."""
    routes = main_routes(summary)
    years = sorted(int(y) for y in summary["year"].unique())
    first = summary.drop_duplicates("year")
    days = {int(y): int(d) for y, d in zip(first["year"], first["days"], strict=True)}
    traffic = {int(y): str(t) for y, t in zip(first["year"], first["traffic"], strict=True)}
    n_reps = int(summary["replications"].iloc[0])
    with_ci = n_reps > 1
    fig = new_figure(max(8.0, 1.1 * len(routes) * max(1, len(years)) ** 0.5 + 3.0), 7.5)
    axes = fig.subplots(len(PANELS), 1, sharex=True)
    x = np.arange(len(routes))
    width = 0.8 / len(years)
    for ax, (quantity, what) in zip(axes, PANELS, strict=True):
        rows = summary[summary["quantity"] == quantity].set_index(["year", "port"])
        for i, year in enumerate(years):
            sel = rows.loc[[(year, r) for r in routes]]
            mean = sel["mean"].to_numpy(float) / 1000
            low, high = sel["ci_low"].to_numpy(float) / 1000, sel["ci_high"].to_numpy(float) / 1000
            err = np.nan_to_num(np.vstack([mean - low, high - mean]), nan=0.0)
            ax.bar(
                x - 0.4 + width * (i + 0.5),
                mean,
                width,
                yerr=err if with_ci else None,
                color=YEAR_COLORS[i % len(YEAR_COLORS)],
                label=_year_label(year, days[year], traffic[year]),
                error_kw=ERROR_KW,
            )
        ax.set_ylabel(f"{what} (t)")
        ax.grid(axis="y", alpha=0.3)
    port_axis(axes[-1], routes)
    labels = ["all routes" if r == ALL_ROUTES else port_label(r) for r in routes]
    axes[-1].set_xticks(x, labels, rotation=30 if len(routes) > 5 else 0, ha="right")
    axes[-1].set_xlabel("port of discharge (main ports), and all routes together")
    axes[0].legend(fontsize=8, loc="upper left", title="calendar year", title_fontsize=8)
    title = "Cocaine seized and delivered per calendar year"
    if scale < 1.0:
        title += f" (scaled run, run.scale={scale:g})"
    plain_numbers(fig)
    fig.suptitle(title, fontsize=13, fontweight="bold")
    scenario = str(summary["scenario"].iloc[0])
    parts = [f"portsim — scenario {scenario}, {replications_text(n_reps)}"]
    if with_ci:
        parts.append(STATS_NOTE)
    if scale_note(scale):
        parts.append(f"scaled run (run.scale={scale:g}): kg not rescaled")
    parts.append("kg by the date of the seizure or delivery; all routes: the 12 ports and outside")
    fig.text(0.01, 0.01, " · ".join(parts), fontsize=7, color="0.35", va="bottom")
    return fig


def make_yearly_figure(
    summary: pd.DataFrame, scale: float, out_dir: Path, formats: Sequence[str] = ("png", "svg")
) -> list[Path]:
    """Write ``out_dir/yearly_by_port.<fmt>`` (atomically); return the files."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if summary.empty:
        return []
    return save_figure(yearly_figure(summary, scale), out_dir, FIGURE_NAME, clean_formats(formats))
