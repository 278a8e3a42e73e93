"""The short text summary the command line prints after a run (means over replications)."""

from __future__ import annotations

import math
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from sim.engine.queue_check import erlang_c_wait_h
from sim.params import Params, ScanTimeDistribution
from sim.results.costs import RATIOS
from sim.results.displacement import (
    NO_DISPLACEMENT,
    NO_SHIFT,
    displacement_by_port_summary,
    summarise_displacement,
)
from sim.results.run_tables import ResultTables
from sim.results.stats import mean_ci, paired_difference_ci, ratio_of_means_ci
from sim.results.yearly import beyond_data_lines

if TYPE_CHECKING:
    from sim.run import Comparison


def _pm(values: pd.Series, scale: float = 1.0, digits: int = 1) -> str:
    """``mean ± half-width`` of the 95 % CI over replications (just the mean for one)."""
    mean, low, high = mean_ci(values.to_numpy(dtype=float) / scale)
    if math.isnan(mean):
        return "n/a"
    if low == high:
        return f"{mean:.{digits}f}"
    return f"{mean:.{digits}f} ± {(high - low) / 2:.{digits}f}"


def network_summary(tables: ResultTables) -> str:
    """Per-port table and totals for the network model."""
    ports = tables.ports
    by_port = ports.groupby("port", sort=False)
    rows = []
    for port, g in by_port:
        rows.append(
            {
                "port": port,
                "attempted t": g["kg_attempted"].mean() / 1000,
                "seized t": g["kg_seized"].mean() / 1000,
                "delivered t": g["kg_delivered"].mean() / 1000,
                "interdiction %": 100 * g["interdiction_rate"].mean(),
                "scanned": round(g["containers_scanned"].mean()),  # a count: mean to the unit
                "utilisation %": 100 * g["scanner_utilization"].mean(),
                "wait h": g["scan_wait_mean_h"].mean(),
            }
        )
    frame = pd.DataFrame(rows).sort_values("attempted t", ascending=False)
    table = frame.to_string(
        index=False,
        float_format=lambda x: f"{x:,.1f}",
        formatters={"scanned": lambda n: f"{n:,}"},
    )
    reps = tables.replications
    totals = (
        f"all ports: attempted {_pm(reps['kg_attempted'], 1000)} t, "
        f"seized {_pm(reps['kg_seized'], 1000)} t, delivered {_pm(reps['kg_delivered'], 1000)} t, "
        f"in transit {_pm(reps['kg_in_transit'], 1000)} t, "
        f"interdiction {_pm(reps['interdiction_rate'] * 100)} %"
    )
    return f"{table}\n{totals}"


def queue_check_summary(tables: ResultTables, params: Params) -> str:
    """Simulated mean scan wait against theory."""
    qc = params.queue_check
    waits = tables.ports["scan_wait_mean_h"]
    rho = qc.arrival_rate_per_h * qc.scan_time_h / qc.scanners
    mmc = erlang_c_wait_h(qc.arrival_rate_per_h, qc.scan_time_h, qc.scanners)
    lines = [
        f"queue check: λ = {qc.arrival_rate_per_h:g}/h, scan time {qc.scan_time_h:g} h "
        f"({qc.service.value}), c = {qc.scanners}, ρ = {rho:.3f}",
        f"simulated mean wait: {_pm(waits, digits=4)} h",
    ]
    if qc.service is ScanTimeDistribution.exponential:
        lines.append(f"M/M/c theory (Erlang C): {mmc:.4f} h")
    else:
        lines.append(f"M/M/c wait (upper bound for M/D/c): {mmc:.4f} h")
    return "\n".join(lines)


def displacement_text(comparison: Comparison) -> str:
    """Displacement against the counterfactual, means and 95 % CI over replications.

    A measure that is undefined in every replication is said in words (no WDQ when the policy did
    not change the treated ports' flow, no time to 50 % when there is no shift), never a number;
    one undefined in some replications is the mean over the others, with how many those are.
    """
    summary = comparison.summary
    stats = summarise_displacement(summary)
    g = comparison.groups
    n = len(summary)

    def pm(name: str, scale: float = 1.0, digits: int = 1, unit: str = "") -> str:
        mean, low, high = (v / scale for v in stats[name])
        if math.isnan(mean):
            return "n/a"
        if low == high or math.isnan(low):
            text = f"{mean:.{digits}f}{unit}"
        else:
            text = f"{mean:.{digits}f}{unit} (95 % CI {low:.{digits}f} to {high:.{digits}f})"
        missing = int(summary[name].isna().sum())
        if missing:
            text += f"; undefined in {missing} of {n} replications"
        return text

    def measure(name: str, why: str, **kwargs: Any) -> str:
        return why if summary[name].isna().all() else pm(name, **kwargs)

    unchanged = bool((summary["treated_change_kg"] == 0).all())
    removed = "undefined (the treated ports lost no flow)"
    if unchanged:
        wdq = f"undefined — {NO_DISPLACEMENT}"
    else:
        flows = measure("wdq_attempted", "undefined", digits=2)
        seized = measure("wdq_seized", "undefined (treated seizures unchanged)", digits=2)
        wdq = f"{flows}; as seizure statistics show it: {seized}"
    ports = displacement_by_port_summary(comparison.by_port).sort_values("change_kg")
    cols = ["change_kg", "change_kg_ci_low", "change_kg_ci_high"]
    entries = [
        f"{port} {_signed_ci(*values)}"
        for port, values in zip(ports["port"], ports[cols].to_numpy(float).tolist(), strict=True)
        if abs(values[0]) >= 50.0  # kg: what rounds to 0.0 t is left out
    ]
    moves = textwrap.fill(
        ", ".join(e.replace(" ", "\u00a0") for e in entries),  # no line break inside an entry
        width=100,
        initial_indent="  by port (paired 95 % CI): ",
        subsequent_indent="    ",
    ).replace("\u00a0", " ")
    lines = [
        f"displacement vs counterfactual from {comparison.policy_start} "
        f"(treated: {', '.join(g.treated)}; buffer: {', '.join(g.buffer) or '-'}):",
    ]
    if unchanged:
        lines.append(f"  {NO_DISPLACEMENT}")
    lines += [
        f"  change in kg shipped, treated: {pm('treated_change_kg', 1000, unit=' t')}",
        f"  change at buffer ports: {pm('buffer_change_kg', 1000, unit=' t')}; "
        f"at control ports: {pm('control_change_kg', 1000, unit=' t')}",
        f"  displacement ratio (others' increase / treated decrease): "
        f"{measure('displacement_ratio', removed, digits=2)}",
        f"  weighted displacement quotient vs counterfactual, flows: {wdq}",
        f"  time to 50 % of the shift: "
        f"{measure('shift_t50_days', f'undefined — {NO_SHIFT}', digits=0, unit=' days')}",
        f"  change in kg delivered to the market: {pm('delivered_change_kg', 1000, unit=' t')}",
        moves if entries else "  by port: no change",
    ]
    return "\n".join(lines)


def _signed_ci(mean: float, low: float, high: float, scale: float = 1000.0, unit: str = "t") -> str:
    """``+1.2 t [-0.3, 2.7]``: a difference with its interval (just the value without one)."""
    mean, low, high = mean / scale, low / scale, high / scale
    if math.isnan(low) or low == high:
        return f"{mean:+.1f} {unit}"
    return f"{mean:+.1f} {unit} [{low:+.1f}, {high:+.1f}]"


PAIRED_DIFFERENCES = (
    # column of replications.csv, label, scale, unit, digits
    ("kg_seized", "kg seized", 1000.0, "t", 1),
    ("kg_delivered", "kg delivered", 1000.0, "t", 1),
    ("container_delay_h", "container delay", 1.0, "h", 0),
)


def difference_text(comparison: Comparison) -> str:
    """Policy − counterfactual over the whole window, each with its paired 95 % CI.

    Replication i of the scenario and of its counterfactual share their random streams, so the
    interval is that of the per-replication differences (:func:`paired_difference_ci`), not two
    level intervals side by side.
    """
    s = comparison.scenario.replications.set_index("replication").sort_index()
    c = comparison.counterfactual.replications.set_index("replication").sort_index()
    parts = []
    for column, label, scale, unit, digits in PAIRED_DIFFERENCES:
        mean, low, high = (
            v / scale
            for v in paired_difference_ci(s[column].to_numpy(float), c[column].to_numpy(float))
        )
        if math.isnan(mean):
            parts.append(f"{label} n/a")
        elif low == high or math.isnan(low):
            parts.append(f"{label} {mean:+,.{digits}f} {unit}")
        else:
            ci = f"95 % CI {low:+,.{digits}f} to {high:+,.{digits}f}"
            parts.append(f"{label} {mean:+,.{digits}f} {unit} ({ci})")
    return "\n".join(
        [
            "change over the whole window, policy − counterfactual (paired by replication):",
            f"  {parts[0]}; {parts[1]}",
            f"  {parts[2]}",
        ]
    )


def _eur(value: float) -> str:
    return "unbounded" if math.isinf(value) else f"{value:,.0f}"


def ratio_text(frame: pd.DataFrame, column: str, what: str) -> str:
    """``EUR r [lo, hi] per <what>``: the ratio of means with its paired bootstrap 95 % CI
    (:data:`~sim.results.costs.RATIOS`), or why there is no such number."""
    num, den = RATIOS[column]
    ratio, low, high = ratio_of_means_ci(frame[num].to_numpy(float), frame[den].to_numpy(float))
    if math.isnan(ratio):
        mean_den = float(np.nanmean(frame[den].to_numpy(float)))
        return f"no {what} on average (mean {mean_den:+,.0f} kg): no cost per kg to report"
    if _eur(low) == _eur(high):  # one replication, or a ratio the same in every one
        return f"EUR {_eur(ratio)} per {what}"
    return f"EUR {_eur(ratio)} [95 % CI {_eur(low)}, {_eur(high)}] per {what}"


def cost_text(costs: pd.DataFrame, comparison: Comparison | None) -> str:
    """Total cost (mean ± 95 % CI half-width) and costs per kg (ratios of means, paired CIs)."""
    lines = [
        f"security cost over the window: EUR {_pm(costs['total_eur'], 1e6)} M, "
        + ratio_text(costs, "cost_per_kg_seized_eur", "kg seized")
    ]
    if comparison is not None:
        cc = comparison.cost_comparison
        lines.append(
            f"policy vs counterfactual: extra cost EUR {_pm(cc['extra_cost_eur'], 1e6)} M (paired)"
        )
        lines.append("  " + ratio_text(cc, "cost_per_extra_kg_seized_eur", "extra kg seized"))
        lines.append(
            "  " + ratio_text(cc, "cost_per_kg_kept_off_market_eur", "kg kept off the market")
        )
    return "\n".join(lines)


def summary_text(
    tables: ResultTables,
    params: Params,
    out_dir: Path,
    queue_check: bool = False,
    comparison: Comparison | None = None,
    costs: pd.DataFrame | None = None,
) -> str:
    """Everything the command line prints at the end of a run."""
    n = params.run.replications
    head = (
        f"portsim — scenario {params.scenario.name}: {n} replication(s), "
        f"{params.run.horizon_days} days from {params.run.start_date}, scale {params.run.scale:g}"
    )
    body = queue_check_summary(tables, params) if queue_check else network_summary(tables)
    if comparison is not None:
        body = f"{body}\n{displacement_text(comparison)}\n{difference_text(comparison)}"
    if costs is not None:
        body = f"{body}\n{cost_text(costs, comparison)}"
    beyond = beyond_data_lines(params)
    if beyond:
        body = f"{body}\ninputs beyond their data (assumptions, not data):\n" + "\n".join(
            f"  {line}" for line in beyond
        )
    note = "(mean over replications; ± is the 95 % confidence half-width)"
    if comparison is not None:
        note = (
            "(mean over replications; ± and [ ] are 95 % confidence intervals; a change against "
            "the counterfactual is paired by replication: same random streams)"
        )
    if params.run.scale < 1.0:
        note += (
            f"\n(a run at scale {params.run.scale:g} simulates that share of the containers, "
            "capacity and cocaine: divide its kg,\n containers and EUR by the scale for full-scale "
            "figures; rates, utilisation and EUR per kg compare as they are)"
        )
    return f"{head}\n{body}\n{note}\nresults: {out_dir}"
