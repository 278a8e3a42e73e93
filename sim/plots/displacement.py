"""Figures of the displacement of the cocaine flow by a port policy (scenario vs counterfactual).

Drawn from the result tables and from :func:`sim.results.displacement.displacement_by_port` only,
in the style of :mod:`sim.plots.run_figures` (whose helpers are reused): plain
:class:`matplotlib.figure.Figure` objects with an Agg canvas (no pyplot), means over replications
with 95 % Student t intervals, a bold title and a small source note at the bottom.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from sim.plots.run_figures import (
    COLORS,
    ERROR_KW,
    STATS_NOTE,
    band_handle,
    ci_handle,
    clean_formats,
    date_axis,
    finish,
    new_figure,
    port_label,
    replications_text,
    save_figure,
    scenario_name,
    summarise,
    yerr,
)
from sim.results.displacement import GROUP_NAMES, PortGroups, share_by_period

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from sim.results.run_tables import ResultTables  # that module imports the engine: types only

# Okabe–Ito colours of figures.COLORS: the treated ports in vermillion, the buffer in orange,
# the control ports in grey (context, not the story).
GROUP_COLORS = {
    "treated": COLORS["seized"],
    "buffer": COLORS["seized_origin"],
    "control": COLORS["in_transit"],
}
BY_PORT_TITLE = "Where the flow went: change in cocaine shipped vs no-policy counterfactual"
SHARE_TITLE = "Share of the cocaine shipped towards the treated and buffer ports"
FIGURE_NAMES = ("displacement_by_port", "treated_share_over_time")


def _iso(policy_start: dt.date | str | None) -> str:
    return "unknown" if policy_start is None else pd.Timestamp(policy_start).date().isoformat()


def _group_list(groups: PortGroups, name: str) -> str:
    ports = getattr(groups, name)
    return ", ".join(port_label(p) for p in ports) if ports else "none"


# ------------------------------------------------------------------ change by port


def displacement_by_port_figure(
    by_port: pd.DataFrame,
    groups: PortGroups,
    scenario_name: str,
    policy_start: dt.date | str | None = None,
    extra: str = "",
) -> Figure:
    """Horizontal bars: change in attempted tonnes after the policy date, per port, by group.

    Parameters
    ----------
    by_port : pandas.DataFrame
        Output of :func:`sim.results.displacement.displacement_by_port` (one row per
        replication and port).
    groups : PortGroups
        Treated / buffer / control ports (bar colours).
    scenario_name : str
        Name of the policy scenario (source note).
    policy_start : datetime.date, optional
        Policy date for the source note; by default ``by_port.attrs["policy_start"]``.
    extra : str, optional
        Text added as a last line of the source note (e.g. the run directory).

    Returns
    -------
    matplotlib.figure.Figure
        One bar per port: mean over replications of ``change_kg`` in tonnes (scenario −
        counterfactual, kg shipped from the policy date), with 95 % CI error bars when there is
        more than one replication. Ports sorted by the mean change, largest loss at the top; a
        single ``BarContainer`` labelled ``"change vs counterfactual"``.
    """
    if policy_start is None:
        policy_start = by_port.attrs.get("policy_start")
    n = int(by_port["replication"].nunique())
    with_ci = n > 1
    stats = summarise(by_port, "port", "change_kg") / 1000.0
    stats = stats.rename_axis(None).assign(port=stats.index.astype(str))
    stats = stats.sort_values(["mean", "port"], kind="stable")
    order = stats["port"].tolist()
    group = [groups.group_of(p) for p in order]

    fig = new_figure(10, 1.6 + 0.42 * max(len(order), 3))
    ax = fig.add_subplot()
    y = np.arange(len(order))
    ax.barh(
        y,
        stats["mean"],
        0.65,
        xerr=yerr(stats, with_ci),
        color=[GROUP_COLORS[g] for g in group],
        capsize=3,
        error_kw=ERROR_KW,
        label="change vs counterfactual",
    )
    ax.axvline(0, color="0.15", linewidth=0.9)
    ax.set_yticks(y)
    ax.set_yticklabels([port_label(p) for p in order])
    ax.invert_yaxis()  # largest loss at the top
    ax.set_ylabel("port of discharge")
    ax.set_xlabel("change in cocaine shipped from the policy date, scenario − counterfactual (t)")
    ax.grid(axis="x", alpha=0.3)
    ax.set_axisbelow(True)
    present = [g for g in GROUP_NAMES if g in group]
    handles: list[Patch | Line2D] = [
        Patch(color=GROUP_COLORS[g], label=f"{g} ports") for g in present
    ]
    if with_ci:
        handles.append(ci_handle())
    ax.legend(handles=handles, fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))

    stats_text = replications_text(n) + ("" if n == 1 else f" · {STATS_NOTE}")
    note = (
        f"portsim — scenario {scenario_name} vs its no-policy counterfactual (common random "
        f"numbers), {stats_text}\nPolicy from {_iso(policy_start)}; kg dated by departure from "
        f"the origin, summed from the policy date. Treated: {_group_list(groups, 'treated')}; "
        f"buffer: {_group_list(groups, 'buffer')}."
    )
    if extra:
        note = f"{note}\n{extra}"
    fig.suptitle(BY_PORT_TITLE, fontsize=13, fontweight="bold")
    fig.text(0.01, 0.01, note, fontsize=7, color="0.35", va="bottom")
    return fig


# ------------------------------------------------------------------ share over time


def _draw_share(
    ax: Axes, shares: pd.DataFrame, color: str, label: str, dashed: bool, with_ci: bool
) -> None:
    """Mean share (%) per period with its shaded 95 % band."""
    stats = summarise(shares, "period", "share").sort_index() * 100.0
    dates = stats.index.to_numpy(dtype="datetime64[ns]")
    ax.plot(
        dates,
        stats["mean"],
        color=color,
        linestyle="--" if dashed else "-",
        marker=None if dashed else "o",
        markersize=3,
        linewidth=1.6,
        label=label,
    )
    if with_ci:
        ax.fill_between(dates, stats["lower"], stats["upper"], color=color, alpha=0.15, lw=0)


def _paired_difference(
    scenario: ResultTables, counterfactual: ResultTables, ports: tuple[str, ...]
) -> pd.DataFrame:
    """Per (replication, period): scenario share − counterfactual share of ``ports`` (points)."""
    keys = ["replication", "period"]
    a = share_by_period(scenario, ports).set_index(keys)["share"]
    b = share_by_period(counterfactual, ports).set_index(keys)["share"]
    return (a - b).rename("share").reset_index()


def policy_line(ax: Axes, start: pd.Timestamp, label: bool) -> None:
    """A dotted vertical line at the policy date, optionally labelled at the top of the axes."""
    ax.axvline(
        # the stub types x as float, but axvline takes any value in the axis' units (dates)
        start.to_datetime64(),  # type: ignore[arg-type]
        color="0.15",
        linewidth=1.0,
        linestyle=":",
    )
    if label:
        ax.annotate(
            f"policy from {start.date().isoformat()}",
            xy=(start.to_datetime64(), 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(4, -4),
            textcoords="offset points",
            ha="left",
            va="top",
            fontsize=8,
            color="0.15",
        )


def treated_share_over_time_figure(
    scenario: ResultTables,
    counterfactual: ResultTables,
    groups: PortGroups,
    policy_start: dt.date | str,
) -> Figure:
    """Monthly share (%) of attempted kg bound for the treated and buffer ports, both runs.

    Parameters
    ----------
    scenario, counterfactual : ResultTables
        Result tables of the policy scenario and of its counterfactual (uses ``timeseries``).
    groups : PortGroups
        Treated and buffer ports (a line pair each; no buffer lines when the buffer is empty).
    policy_start : datetime.date
        Policy date, drawn as a vertical line.

    Returns
    -------
    matplotlib.figure.Figure
        Top panel: scenario solid, counterfactual dashed; mean over replications with a shaded
        95 % band (clipped to 0–100 %). Lines are labelled ``"<group> ports — scenario"`` and
        ``"<group> ports — counterfactual"``. Bottom panel: the paired difference scenario −
        counterfactual per replication (percentage points) with its 95 % band: the two runs
        share their random streams, so this difference is the policy's effect and its interval
        is much narrower than those of the two shares.
    """
    n = int(scenario.timeseries["replication"].nunique())
    with_ci = n > 1
    fig = new_figure(10, 7.5)
    ax, diff_ax = fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [3, 2]})
    runs = ((scenario, False, "scenario"), (counterfactual, True, "counterfactual"))
    for name in ("treated", "buffer"):
        ports = getattr(groups, name)
        if not ports:
            continue
        for tables, dashed, run in runs:
            label = f"{name} ports — {run}"
            _draw_share(
                ax, share_by_period(tables, ports), GROUP_COLORS[name], label, dashed, with_ci
            )
        _draw_share(
            diff_ax,
            _paired_difference(scenario, counterfactual, ports),
            GROUP_COLORS[name],
            f"{name} ports",
            False,
            with_ci,
        )
    start = pd.Timestamp(policy_start)
    policy_line(ax, start, label=True)
    policy_line(diff_ax, start, label=False)
    diff_ax.axhline(0.0, color="0.3", linewidth=0.8)
    date_axis(diff_ax, pd.to_datetime(scenario.timeseries["period_start"]))
    diff_ax.set_xlabel("period of departure from the origin (date)")
    diff_ax.set_ylabel("scenario − counterfactual\n(percentage points)")
    diff_ax.grid(alpha=0.3)
    diff_ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.set_ylabel("share of cocaine shipped (% of all ports)")
    ax.set_ylim(0, 100)
    ax.grid(alpha=0.3)
    handles, labels = ax.get_legend_handles_labels()
    if with_ci:
        handles.append(band_handle())
        labels.append("95 % CI band")
    ax.legend(handles, labels, fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    extra = (
        f"Solid: scenario; dashed: no-policy counterfactual (same random streams). Treated: "
        f"{_group_list(groups, 'treated')}; buffer: {_group_list(groups, 'buffer')}. "
        f"Policy from {start.date().isoformat()}."
    )
    return finish(fig, SHARE_TITLE, scenario, extra)


# ------------------------------------------------------------------ writing


def make_displacement_figures(
    scenario: ResultTables,
    counterfactual: ResultTables,
    by_port: pd.DataFrame,
    groups: PortGroups,
    policy_start: dt.date | str,
    out_dir: Path,
    formats: Sequence[str] = ("png", "svg"),
) -> list[Path]:
    """Draw the displacement figures and write them as ``out_dir/<name>.<fmt>``.

    Parameters
    ----------
    scenario, counterfactual : ResultTables
        Result tables of the policy scenario and of its counterfactual.
    by_port : pandas.DataFrame
        :func:`sim.results.displacement.displacement_by_port` of the two runs.
    groups : PortGroups
        Treated / buffer / control ports.
    policy_start : datetime.date
        First day of the policy.
    out_dir : pathlib.Path
        Output folder, created if needed.
    formats : sequence of str, default ("png", "svg")
        File formats (matplotlib format names).

    Returns
    -------
    list of pathlib.Path
        ``displacement_by_port.<fmt>`` then ``treated_share_over_time.<fmt>``; every file is
        written atomically (temporary file in ``out_dir``, then rename).
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    formats = clean_formats(formats)
    draw = {
        "displacement_by_port": lambda: displacement_by_port_figure(
            by_port, groups, scenario_name(scenario), policy_start
        ),
        "treated_share_over_time": lambda: treated_share_over_time_figure(
            scenario, counterfactual, groups, policy_start
        ),
    }
    paths = []
    for name in FIGURE_NAMES:
        paths += save_figure(draw[name](), out_dir, name, formats)
    return paths
