"""Comparison figures of several runs (and of a sweep), drawn from their stored tables only.

Every function returns a :class:`matplotlib.figure.Figure` (Agg canvas, no pyplot) with a title,
labelled axes with units, a legend and a source note naming the run directories and their
replications. Values are means over replications with 95 % Student t intervals
(:func:`sim.plots.run_figures.summarise`); runs with a single replication are drawn without an
interval.

* :func:`seized_delivered_by_port` — kg seized and delivered per port, one bar per run, with
  difference panels against the reference run (paired 95 % CI when the runs share their streams);
* :func:`flows_before_after` — kg shipped towards the largest ports over time, a panel per run,
  with the policy date;
* :func:`displacement_chart` — change by port against the no-policy counterfactual;
* :func:`response_curves` — a sweep's outcomes against the swept value (:mod:`.curves`);
* :func:`tradeoff` — kg seized against cost and against container delay, a point per run or job.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from sim.compare.curves import response_curves, sweep_note
from sim.compare.differences import ALL_PORTS, choose_reference, differences
from sim.compare.load import RunData, SweepData, fmt_value, job_label
from sim.compare.style import (
    band_handle,
    ci_handle,
    finish,
    new_figure,
    no_data,
    run_color,
    runs_note,
    stats_of,
    xy_err,
)
from sim.plots.displacement import displacement_by_port_figure, policy_line
from sim.plots.run_figures import (
    ERROR_KW,
    date_axis,
    group_flows,
    legend,
    period_unit,
    port_axis,
    port_label,
    port_totals,
    summarise,
    yerr,
)
from sim.results.displacement import GROUP_NAMES, PortGroups

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "displacement_chart",
    "flows_before_after",
    "port_groups",
    "response_curves",
    "seized_delivered_by_port",
    "tradeoff",
]

TOP_PORTS = 5  # lines per panel in flows_before_after; the other ports are summed
MAX_WIDTH_IN = 16.0  # widest bar chart; bars get thinner beyond
HATCHES = {"treated": "///", "buffer": "...", "control": None}


def _require(runs: Sequence[RunData]) -> list[RunData]:
    runs = list(runs)
    if not runs:
        raise ValueError("no run to draw")
    return runs


def port_order(runs: Sequence[RunData]) -> list[str]:
    """Ports of all runs by mean attempted kg (mean over runs of the replication means), desc."""
    means = pd.concat(
        [r.tables.ports.groupby("port")["kg_attempted"].mean().rename(r.name) for r in runs],
        axis=1,
    ).mean(axis=1)
    frame = means.rename("kg").to_frame().assign(key=means.index.astype(str))
    return frame.sort_values(["kg", "key"], ascending=[False, True]).index.astype(str).tolist()


# ------------------------------------------------------------------ 1: seized and delivered


PANELS_1 = (
    ("kg_seized", "seized at the port (t)", "Cocaine seized at each port"),
    ("kg_delivered", "delivered through the port (t)", "Cocaine delivered to the market"),
)


def _level_panel(ax: Axes, runs: Sequence[RunData], order: list[str], column: str) -> None:
    """Grouped bars: tonnes of ``column`` per port, a bar per run (mean, 95 % CI)."""
    x, width = np.arange(len(order)), 0.8 / len(runs)
    for i, run in enumerate(runs):
        tonnes = summarise(run.tables.ports, "port", column).reindex(order) / 1000.0
        ax.bar(
            x + (i - (len(runs) - 1) / 2) * width,
            tonnes["mean"],
            width,
            yerr=yerr(tonnes, run.n_replications > 1),
            label=run.name,
            color=run_color(i),
            capsize=2.5,
            error_kw=ERROR_KW,
        )
    ax.set_ylim(bottom=0)


def _difference_panel(
    ax: Axes, runs: Sequence[RunData], diffs: pd.DataFrame, order: list[str], column: str
) -> None:
    """Grouped bars: run − reference per port (t) with the difference's 95 % CI, a bar per run.

    ``diffs``: :func:`sim.compare.differences.differences` rows; the colours are the runs' own.
    """
    others = [(i, r) for i, r in enumerate(runs) if r.name in set(diffs["run"])]
    x, width = np.arange(len(order)), 0.8 / max(1, len(others))
    for k, (i, run) in enumerate(others):
        rows = diffs[(diffs["run"] == run.name) & (diffs["column"] == column)]
        stats = rows.set_index("port").reindex(order)
        stats = stats.rename(columns={"ci_low": "lower", "ci_high": "upper"})
        ax.bar(
            x + (k - (len(others) - 1) / 2) * width,
            stats["mean"],
            width,
            yerr=yerr(stats, bool(stats["upper"].notna().any())),
            color=run_color(i),
            capsize=2.5,
            error_kw=ERROR_KW,
        )
    ax.axhline(0.0, color="0.15", linewidth=0.9)


def _interval_kind(diffs: pd.DataFrame) -> str:
    """Which interval the difference rows carry: ``paired 95 % CI``, and the runs compared with
    Welch's interval (not paired with the reference), if any."""
    unpaired = list(dict.fromkeys(diffs.loc[~diffs["paired"].astype(bool), "run"]))
    if not unpaired:
        return "paired 95 % CI"
    if len(unpaired) == diffs["run"].nunique():
        return "Welch 95 % CI: runs not paired"
    return f"paired 95 % CI; Welch's for {', '.join(unpaired)}: not paired"


def seized_delivered_by_port(runs: Sequence[RunData], reference: str | None = None) -> Figure:
    """Grouped bars per port: tonnes seized and delivered, a bar per run, and their differences.

    Parameters
    ----------
    runs : sequence of RunData
        Runs to compare (uses their ``ports`` tables).
    reference : str, optional
        Name of the run the others are compared with (default the first run).

    Returns
    -------
    matplotlib.figure.Figure
        Ports sorted by mean attempted kg over the runs. Level panels (seized, delivered): mean
        over replications in tonnes with 95 % CI error bars (runs with several replications);
        one colour per run. With two or more runs each level panel is followed by a difference
        panel: every other run − the reference, per port, with the 95 % CI of the difference —
        paired (common random numbers) when the runs share their random streams, else Welch's
        (:mod:`sim.compare.differences`); overlapping level intervals do not mean that a
        difference is unresolved.
    """
    runs = _require(runs)
    order = port_order(runs)
    with_ci = any(r.n_replications > 1 for r in runs)
    ref = choose_reference(runs, reference)
    diffs = differences(runs, ref.name) if len(runs) > 1 else None
    if diffs is not None:
        diffs = diffs[diffs["port"] != ALL_PORTS]
    paired = diffs is not None and len(diffs) > 0
    width_in = min(MAX_WIDTH_IN, max(10.0, 1.0 + 0.3 * len(order) * len(runs)))
    if paired:
        fig = new_figure(width_in, 12.0)
        axes = fig.subplots(4, 1, sharex=True, gridspec_kw={"height_ratios": [3, 2, 3, 2]})
    else:
        fig = new_figure(width_in, 8.0)
        axes = fig.subplots(2, 1, sharex=True)
    kind = _interval_kind(diffs) if paired and diffs is not None else ""
    step = 2 if paired else 1
    for k, (column, ylabel, title) in enumerate(PANELS_1):
        ax = axes[k * step]
        _level_panel(ax, runs, order, column)
        ax.set_ylabel(f"cocaine {ylabel}")
        ax.set_title(title, fontsize=10, loc="left")
        if paired and diffs is not None:
            diff_ax = axes[k * step + 1]
            _difference_panel(diff_ax, runs, diffs, order, column)
            what = ylabel.split(" (")[0]
            diff_ax.set_ylabel("difference (t)")
            diff_ax.set_title(f"{what}: run − {ref.name} ({kind})", fontsize=10, loc="left")
    for ax in axes:
        ax.grid(axis="y", alpha=0.3)
        ax.set_axisbelow(True)
        ax.set_xlabel("port of discharge")
        ax.xaxis.label.set_visible(ax is axes[-1])
        if ax is not axes[-1]:
            ax.tick_params(labelbottom=False)
    legend(axes[0], with_ci, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    port_axis(axes[-1], order)
    extra = "Kg of the shipments in play during each run's window, by port of discharge."
    if paired:
        extra += (
            f" Difference panels: each run − {ref.name} per port, mean of the per-replication "
            f"differences with its {kind} (comparison_differences.csv)."
        )
    return finish(fig, "Cocaine seized and delivered by port, by run", runs_note(runs, extra))


# ------------------------------------------------------------------ 2: flows before and after


def _top_ports(runs: Sequence[RunData], top: int) -> list[str]:
    """The ``top`` ports by kg attempted (mean over the runs of :func:`port_totals`), desc."""
    totals = [port_totals(run.tables.timeseries).rename(run.name) for run in runs]
    mean = pd.concat(totals, axis=1).mean(axis=1)
    frame = mean.rename("kg").to_frame().assign(key=mean.index.astype(str))
    ranked = frame.sort_values(["kg", "key"], ascending=[False, True]).index.astype(str)
    return list(ranked[:top])


def flows_by_period(run: RunData, ports: Sequence[str]) -> pd.DataFrame:
    """Tonnes attempted per (group, period): mean and 95 % CI over replications.

    Parameters
    ----------
    run : RunData
        A run (uses ``timeseries``).
    ports : sequence of str
        Ports drawn on their own; the others are summed as ``"other ports"``.

    Returns
    -------
    pandas.DataFrame
        Columns ``mean``, ``lower``, ``upper`` (t) indexed by (``group``, ``period``).
    """
    flows = group_flows(run.tables.timeseries, ports)
    return summarise(flows, ["group", "period"], "kg_attempted") / 1000.0


def flows_before_after(
    runs: Sequence[RunData], policy_start: dt.date | str | None = None
) -> Figure:
    """Tonnes shipped towards the largest ports per period, a panel per run, with the policy date.

    Parameters
    ----------
    runs : sequence of RunData
        Runs to compare (uses ``timeseries``; kg dated by departure from the origin).
    policy_start : datetime.date or str, optional
        Policy date drawn in every panel; by default each run's
        ``metadata["displacement"]["policy_start"]`` (no line when absent).

    Returns
    -------
    matplotlib.figure.Figure
        One panel per run (shared axes): a line per port for the :data:`TOP_PORTS` largest ports
        over all runs (same colour in every panel) and the others summed as "other ports";
        mean over replications with a shaded 95 % band, and a dotted vertical line at the
        policy date.
    """
    runs = _require(runs)
    runs_with = [r for r in runs if len(r.tables.timeseries)]
    if not runs_with:
        raise ValueError("no run has a time series (timeseries.csv is empty)")
    top = _top_ports(runs_with, TOP_PORTS)
    all_ports = set().union(*(set(r.tables.timeseries["port"].astype(str)) for r in runs_with))
    groups = [*top, "other ports"] if all_ports - set(top) else top
    palette = matplotlib.color_sequences["tab10"]  # the colours of the tab10 colormap
    colors = {g: palette[i % len(palette)] for i, g in enumerate(top)} | {"other ports": "0.45"}
    fig = new_figure(11.0, 1.6 + 2.5 * len(runs_with))
    axes = fig.subplots(len(runs_with), 1, sharex=True, sharey=True, squeeze=False)[:, 0]
    dates_all = pd.concat([pd.to_datetime(r.tables.timeseries["period_start"]) for r in runs_with])
    unit = period_unit(dates_all)
    recorded = {pd.Timestamp(r.policy_start) for r in runs_with if r.policy_start}
    common = next(iter(recorded)) if len(recorded) == 1 else None
    drawn_policy = []
    for ax, run in zip(axes, runs_with, strict=True):
        stats = flows_by_period(run, top)
        present = set(stats.index.get_level_values("group"))
        for group in groups:
            if group not in present:
                continue
            s = stats.xs(group, level="group").sort_index()
            dates = s.index.to_numpy(dtype="datetime64[ns]")
            other = group == "other ports"
            ax.plot(
                dates,
                s["mean"],
                color=colors[group],
                linestyle="--" if other else "-",
                marker="o",
                markersize=2.5,
                linewidth=1.5,
                label=group if other else port_label(group),
            )
            if run.n_replications > 1:
                ax.fill_between(
                    dates, s["lower"], s["upper"], color=colors[group], alpha=0.12, lw=0
                )
        start = policy_start if policy_start is not None else run.policy_start
        if start is None and common is not None:  # e.g. the baseline next to a policy run
            start = common
        if start is not None:
            policy_line(ax, pd.Timestamp(start), label=True)
            drawn_policy.append(pd.Timestamp(start).date().isoformat())
        ax.set_title(f"{run.name} ({run.path.name})", fontsize=10, loc="left")
        ax.set_ylabel(f"shipped ({unit})")
        ax.set_ylim(bottom=0)
        ax.grid(alpha=0.3)
    date_axis(axes[-1], dates_all)
    for ax in axes:  # shared x axis: the label is shown under the last panel only
        ax.set_xlabel("period of departure from the origin (date)")
        ax.xaxis.label.set_visible(ax is axes[-1])
    handles, labels = axes[0].get_legend_handles_labels()
    seen = dict(zip(labels, handles, strict=True))
    for ax in axes[1:]:
        for h, lab in zip(*ax.get_legend_handles_labels(), strict=True):
            seen.setdefault(lab, h)
    handles, labels = list(seen.values()), list(seen)
    if any(r.n_replications > 1 for r in runs_with):
        handles.append(band_handle())
        labels.append("95 % CI band")
    if drawn_policy:
        handles.append(Line2D([], [], color="0.15", linestyle=":", label="policy start"))
        labels.append("policy start")
    axes[0].legend(handles, labels, fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    when = ", ".join(sorted(set(drawn_policy))) if drawn_policy else "none recorded"
    extra = (
        f"Kg bound for each port, dated by departure from the origin; the {len(top)} largest "
        f"ports over all runs, the others summed. Policy date: {when}."
    )
    title = "Cocaine shipped towards each port, before and after the policy date"
    return finish(fig, title, runs_note(runs_with, extra))


# ------------------------------------------------------------------ 3: displacement


def port_groups(run: RunData) -> PortGroups:
    """Treated / buffer / control ports of a run, from its ``displacement_by_port`` table."""
    by_port = run.displacement_by_port
    if by_port is None or not len(by_port):
        raise ValueError(f"{run.path}: no displacement_by_port.csv")
    pairs = by_port[["port", "group"]].drop_duplicates("port")
    named = {g: tuple(pairs.loc[pairs["group"] == g, "port"].astype(str)) for g in GROUP_NAMES}
    return PortGroups(**named)


def _by_port(run: RunData) -> pd.DataFrame:
    """The run's ``displacement_by_port`` table (ValueError when it has none)."""
    if run.displacement_by_port is None:
        raise ValueError(f"{run.path}: no displacement_by_port.csv")
    return run.displacement_by_port


def displacement_chart(runs: Sequence[RunData]) -> Figure:
    """Change in kg shipped per port against the no-policy counterfactual, for each run with one.

    Parameters
    ----------
    runs : sequence of RunData
        Runs; those without ``displacement_by_port.csv`` are left out.

    Returns
    -------
    matplotlib.figure.Figure
        A single run: :func:`sim.plots.displacement.displacement_by_port_figure` (its run
        directory added to the source note). Several runs: horizontal grouped bars (t, mean
        change from the policy date, scenario − counterfactual, with 95 % CI), a colour per
        run, treated ports hatched ``///`` and buffer ports dotted.

    Raises
    ------
    ValueError
        If no run has a counterfactual.
    """
    chosen = [r for r in runs if r.displacement_by_port is not None and len(r.displacement_by_port)]
    if not chosen:
        raise ValueError("no run has displacement_by_port.csv (no counterfactual)")
    if len(chosen) == 1:
        run = chosen[0]
        return displacement_by_port_figure(
            _by_port(run),
            port_groups(run),
            run.scenario,
            run.policy_start,
            extra=f"Run directory: {run.path}",
        )
    return _grouped_displacement(chosen)


def _grouped_displacement(runs: list[RunData]) -> Figure:
    stats = {r.name: summarise(_by_port(r), "port", "change_kg") / 1000.0 for r in runs}
    means = pd.concat([s["mean"].rename(n) for n, s in stats.items()], axis=1).mean(axis=1)
    order = (
        means.rename("m")
        .to_frame()
        .assign(key=means.index.astype(str))
        .sort_values(["m", "key"])
        .index.astype(str)
        .tolist()
    )
    groups = {r.name: port_groups(r) for r in runs}
    fig = new_figure(11.0, 1.8 + 0.22 * len(order) * len(runs) + 0.2 * len(order))
    ax = fig.add_subplot()
    y, height = np.arange(len(order)), 0.8 / len(runs)
    for i, run in enumerate(runs):
        s = stats[run.name].reindex(order)
        bars = ax.barh(
            y + (i - (len(runs) - 1) / 2) * height,
            s["mean"],
            height,
            xerr=yerr(s, run.n_replications > 1),
            color=run_color(i),
            edgecolor="white",
            linewidth=0.5,
            capsize=2,
            error_kw=ERROR_KW,
            label=run.name,
        )
        for bar, port in zip(bars, order, strict=True):
            if port in groups[run.name].ports:
                bar.set_hatch(HATCHES[groups[run.name].group_of(port)])
    ax.axvline(0, color="0.15", linewidth=0.9)
    ax.set_yticks(y)
    ax.set_yticklabels([port_label(p) for p in order])
    ax.invert_yaxis()
    ax.set_ylabel("port of discharge")
    ax.set_xlabel("change in cocaine shipped from the policy date, scenario − counterfactual (t)")
    ax.grid(axis="x", alpha=0.3)
    ax.set_axisbelow(True)
    handles: list[Patch | Line2D] = [
        Patch(color=run_color(i), label=r.name) for i, r in enumerate(runs)
    ]
    handles += [
        Patch(facecolor="white", edgecolor="0.3", hatch=HATCHES[g], label=f"{g} port of that run")
        for g in ("treated", "buffer")
    ]
    if any(r.n_replications > 1 for r in runs):
        handles.append(ci_handle())
    ax.legend(handles=handles, fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    starts = sorted({r.policy_start or "unknown" for r in runs})
    extra = (
        "Each scenario against its own no-policy counterfactual (same random streams); kg dated "
        f"by departure from the origin, summed from the policy date ({', '.join(starts)})."
    )
    title = "Where the flow went: change in cocaine shipped vs counterfactual, by run"
    return finish(fig, title, runs_note(runs, extra))


# ------------------------------------------------------------------ 5: trade-off


def _points_from_runs(runs: Sequence[RunData]) -> list[dict]:
    points = []
    for run in runs:
        reps = run.tables.replications
        cost = None
        if run.costs is not None and len(run.costs):
            cost = stats_of(run.costs["total_eur"] / 1e6)
        points.append(
            {
                "label": run.name,
                "short": run.name,
                "seized": stats_of(reps["kg_seized"] / 1000.0),
                "cost": cost,
                "delay": stats_of(reps["container_delay_h"]),
            }
        )
    return points


def _job_number(job: object) -> int:
    """A sweep's ``job`` key as an int (the ``job`` column is numeric)."""
    if not isinstance(job, (int, float, np.integer, np.floating)):
        raise TypeError(f"job {job!r} is not a number")
    return int(job)


def _points_from_sweep(sweep: SweepData) -> list[dict]:
    reps = sweep.replication_rows
    points = []
    for job, rows in reps.groupby("job", sort=True):
        values = {k: rows[k].iloc[0] for k in sweep.swept}
        cost = None
        if "total_eur" in rows and rows["total_eur"].notna().any():
            cost = stats_of(rows["total_eur"] / 1e6)
        points.append(
            {
                "label": job_label(_job_number(job), values),
                "short": ", ".join(f"{k}={fmt_value(v)}" for k, v in values.items())
                or f"job {job}",
                "seized": stats_of(rows["kg_seized"] / 1000.0),
                "cost": cost,
                "delay": stats_of(rows["container_delay_h"]),
            }
        )
    return points


TRADEOFF_PANELS = (
    ("cost", "security cost over the window (EUR M)", "Seizures against cost"),
    ("delay", "container delay (h waiting for a scanner)", "Seizures against delay"),
)


def tradeoff(runs_or_sweep: Sequence[RunData] | SweepData) -> Figure:
    """Kg seized against cost and against container delay: a labelled point per run or job.

    Parameters
    ----------
    runs_or_sweep : sequence of RunData or SweepData
        Runs (``replications`` and ``costs`` tables), or a sweep (its replication rows).

    Returns
    -------
    matplotlib.figure.Figure
        Left: x = kg seized (t, origin + ports), y = total security cost (EUR M, ``costs.csv``
        ``total_eur``); right: y = ``container_delay_h``. Means over replications with 95 % CI
        whiskers on both axes; one colour per point, each point annotated with its name.
    """
    if isinstance(runs_or_sweep, SweepData):
        points = _points_from_sweep(runs_or_sweep)
        note = sweep_note(runs_or_sweep)
    else:
        runs = _require(runs_or_sweep)
        points = _points_from_runs(runs)
        note = runs_note(runs)
    if not points:
        raise ValueError("no complete run or job to draw")
    fig = new_figure(12.0, 5.8)
    axes = fig.subplots(1, 2)
    for ax, (key, ylabel, title) in zip(axes, TRADEOFF_PANELS, strict=True):
        drawn = [(i, p) for i, p in enumerate(points) if p[key] is not None]
        # labels alternate above and below the points in order of x, so neighbours do not collide
        rank = {i: r for r, (i, _) in enumerate(sorted(drawn, key=lambda d: d[1]["seized"][0]))}
        for i, p in drawn:
            ax.errorbar(
                [p["seized"][0]],
                [p[key][0]],
                xerr=xy_err([p["seized"]]),
                yerr=xy_err([p[key]]),
                fmt="o",
                color=run_color(i),
                ecolor=run_color(i),
                elinewidth=1.0,
                capsize=3,
                markersize=6,
                label=p["label"],
            )
            ax.annotate(
                p["short"],
                (p["seized"][0], p[key][0]),
                xytext=(5, 5 if rank[i] % 2 == 0 else -11),
                textcoords="offset points",
                fontsize=7,
                color="0.2",
            )
        ax.set_xlabel("cocaine seized (t, origin + ports)")
        ax.set_ylabel(ylabel)
        ax.set_title(title, fontsize=10, loc="left")
        ax.grid(alpha=0.3)
        if not drawn:
            no_data(ax, "no cost table (costs.csv) for these runs")
            ax.set_xlabel("cocaine seized (t, origin + ports)")
            ax.set_ylabel(ylabel)
    handles, labels = axes[1].get_legend_handles_labels()
    handles.append(ci_handle())
    labels.append("95 % CI (whiskers)")
    fig.legend(handles, labels, fontsize=8, loc="outside right center")
    extra = "Cost: security cost over the window (costs.csv total_eur); delay: container_delay_h."
    no_cost = [p["short"] for p in points if p["cost"] is None]
    if no_cost:
        extra += f" No cost table (not in the cost panel): {', '.join(no_cost)}."
    return finish(fig, "Trade-off: seizures against cost and delay", f"{note}\n{extra}")
