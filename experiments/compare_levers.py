"""Compare the eight policy scenarios on the same seeds: seizures, deliveries, displacement, cost.

Question: of the measures on the table in 2024 — Antwerp's scanning step-up, Rotterdam's full
scanning of Latin-American boxes, both together, a European Ports Alliance, a liaison network
at origin, manifest data from shipping lines, a Benelux agency with mobile scanners, and an
insider crackdown — which keeps most cocaine off the market, where does the rest go, and at what
cost?

Every scenario runs 2023-2025 with its policy from 2024-01-01. They all share one counterfactual
(the no-policy run over the same years, same seeds), so every difference below is paired by
replication (common random numbers). Figures are over the two policy years 2024-2025.

Usage::

    python experiments/compare_levers.py                 # 5 replications, full scale
    python experiments/compare_levers.py --replications 2 --scale 0.2   # quick look

Writes ``experiments/results/levers_comparison.csv`` (one row per scenario, means and 95 % CI),
``levers_by_replication.csv`` and ``levers_comparison.png``, and the generated table of
``experiments/levers.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import time
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from sim import api
from sim.engine.network import NetworkInputs
from sim.params import Params
from sim.results.costs import cost_comparison, cost_table
from sim.results.displacement import PortGroups, displacement_summary
from sim.results.stats import mean_ci
from sim.run import counterfactual_of, policy_start_of, run_experiment


def _setup(overrides: list[str]) -> tuple[Params, NetworkInputs]:
    """Validated parameters and their network (:func:`sim.api.load`)."""
    params = api.load(overrides)
    return params, api.network_of(params)


HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
REPORT = HERE / "levers.md"
SCENARIOS = (
    "antwerp_surge",
    "rotterdam_full_latam_scan",
    "policy_2024",
    "port_alliance",
    "liaison_network",
    "shipping_data_sharing",
    "benelux_agency",
    "insider_crackdown",
)
METRICS = {
    "kg_seized_change_t": "extra kg seized at origin and in port, 2024-25 (t)",
    "kg_delivered_change_t": "change in kg delivered to the market, 2024-25 (t)",
    "treated_change_t": "change in kg shipped to the treated ports (t)",
    "displacement_ratio": "displacement ratio",
    "extra_cost_m_eur": "extra cost (EUR M)",
    "eur_per_kg_kept_off": "EUR per kg kept off the market",
}


def compare(
    name: str, overrides: list[str], counterfactual, cf_params, cf_costs: pd.DataFrame
) -> pd.DataFrame:
    """One scenario against the shared counterfactual: a row per replication.

    ``cf_costs`` is ``cost_table(counterfactual, cf_params)``, computed once for all scenarios.
    """
    params, network = _setup([f"scenario={name}", *overrides])
    own = counterfactual_of(params)
    blocks = ("run", "ports", "traffickers", "security", "traffic")
    if any(getattr(own, b) != getattr(cf_params, b) for b in blocks) or own.scenario.schedule:
        raise RuntimeError(f"{name}: its counterfactual is not the shared one")
    tables = run_experiment(params, network)
    start = policy_start_of(params)
    groups = PortGroups.from_lists(
        params.scenario.treated, params.scenario.buffer, tuple(params.ports)
    )
    disp = displacement_summary(tables, counterfactual, groups, start).set_index("replication")
    costs = cost_comparison(cost_table(tables, params), cf_costs, tables, counterfactual)
    costs = costs.set_index("replication")
    # paired totals over the window: before the policy date the two runs are identical (common
    # random numbers), so these are the policy's effects; kg_seized includes origin seizures.
    # 0.0 - x rather than -x: no change in delivered kg stays 0.0, not -0.0
    rows = pd.DataFrame(
        {
            "scenario": name,
            "kg_seized_change_t": costs["extra_kg_seized"] / 1000,
            "kg_delivered_change_t": (0.0 - costs["kg_kept_off_market"]) / 1000,
            "kg_seized_origin_t": tables.replications.set_index("replication")["kg_seized_origin"]
            / 1000,
            "treated_change_t": disp["treated_change_kg"] / 1000,
            "displacement_ratio": disp["displacement_ratio"],
            "shift_t50_days": disp["shift_t50_days"],
            "extra_cost_m_eur": costs["extra_cost_eur"] / 1e6,
            "eur_per_kg_kept_off": costs["cost_per_kg_kept_off_market_eur"],
        }
    )
    return rows.reset_index()


def summarise(by_rep: pd.DataFrame) -> pd.DataFrame:
    """Mean and 95 % CI of every metric per scenario."""
    out = []
    for name, g in by_rep.groupby("scenario", sort=False):
        row = {"scenario": name}
        for col in [*METRICS, "kg_seized_origin_t", "shift_t50_days"]:
            mean, low, high = mean_ci(g[col].to_numpy(dtype=float))
            row |= {col: mean, f"{col}_low": low, f"{col}_high": high}
        out.append(row)
    return pd.DataFrame(out)


def figure(summary: pd.DataFrame, path: Path, note: str) -> None:
    """Four panels: extra seizures, change in deliveries, extra cost, cost per kg kept off."""
    fig = Figure(figsize=(12, 8))
    axes = fig.subplots(2, 2).ravel()
    panels = (
        "kg_seized_change_t",
        "kg_delivered_change_t",
        "extra_cost_m_eur",
        "eur_per_kg_kept_off",
    )
    y = np.arange(len(summary))
    for ax, col in zip(axes, panels, strict=True):
        mean = summary[col].to_numpy()
        err = np.vstack([mean - summary[f"{col}_low"], summary[f"{col}_high"] - mean])
        ax.barh(y, mean, xerr=np.nan_to_num(err), color="#0072B2", capsize=3)
        ax.axvline(0, color="0.3", linewidth=0.8)
        ax.set_yticks(y, summary["scenario"].str.replace("_", " "))
        ax.invert_yaxis()
        ax.set_xlabel(METRICS[col])
        ax.grid(axis="x", alpha=0.3)
    fig.suptitle("Eight policy scenarios against the no-policy counterfactual, 2024-2025")
    fig.text(0.01, 0.005, note, fontsize=7, color="0.4")
    fig.tight_layout(rect=(0, 0.02, 1, 0.96))
    fig.savefig(path, dpi=130)


def markdown(summary: pd.DataFrame) -> str:
    """The comparison table as Markdown (mean, 95 % CI)."""

    def cell(row: pd.Series, col: str, digits: int) -> str:
        mean, low, high = row[col], row[f"{col}_low"], row[f"{col}_high"]
        if np.isnan(mean):
            return "—"
        if np.isnan(low) or low == high:
            return f"{mean:,.{digits}f}"
        return f"{mean:,.{digits}f} ({low:,.{digits}f} to {high:,.{digits}f})"

    head = (
        "| scenario | extra seized t | delivered change t | seized at origin t | treated ports t "
        "| displacement ratio | extra cost EUR M | EUR per kg kept off |"
    )
    lines = [head, "|---|---|---|---|---|---|---|---|"]
    for _, r in summary.iterrows():
        lines.append(
            f"| {r['scenario']} | {cell(r, 'kg_seized_change_t', 1)} | "
            f"{cell(r, 'kg_delivered_change_t', 1)} | {cell(r, 'kg_seized_origin_t', 1)} | "
            f"{cell(r, 'treated_change_t', 1)} | {cell(r, 'displacement_ratio', 2)} | "
            f"{cell(r, 'extra_cost_m_eur', 1)} | {cell(r, 'eur_per_kg_kept_off', 0)} |"
        )
    return "\n".join(lines)


def main() -> None:
    """Run the shared counterfactual and the eight scenarios; write tables, figure, report."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--replications", type=int, default=5)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=2024)
    args = ap.parse_args()
    overrides = [
        f"run.replications={args.replications}",
        f"run.scale={args.scale}",
        f"run.seed={args.seed}",
    ]
    started = time.perf_counter()
    cf_params, cf_network = _setup(
        ["scenario=antwerp_surge", "scenario.counterfactual=false", *overrides]
    )
    cf_params = counterfactual_of(cf_params)
    counterfactual = run_experiment(cf_params, cf_network)
    cf_costs = cost_table(counterfactual, cf_params)
    by_rep = pd.concat(
        [compare(name, overrides, counterfactual, cf_params, cf_costs) for name in SCENARIOS],
        ignore_index=True,
    )
    summary = summarise(by_rep)
    RESULTS.mkdir(exist_ok=True)
    by_rep.to_csv(RESULTS / "levers_by_replication.csv", index=False)
    summary.to_csv(RESULTS / "levers_comparison.csv", index=False)
    command = (
        f"python experiments/compare_levers.py --replications {args.replications} "
        f"--scale {args.scale:g} --seed {args.seed}"
    )
    note = f"portsim {command}; mean over replications, 95 % CI (Student t), paired differences"
    figure(summary, RESULTS / "levers_comparison.png", note)
    table = markdown(summary)
    print(table)
    minutes = (time.perf_counter() - started) / 60
    stamp = (
        f"{args.replications} replications, scale {args.scale:g}, seed {args.seed}; generated "
        f"{dt.date.today().isoformat()} by `{command}` ({minutes:.0f} min)"
    )
    text = REPORT.read_text()
    start, end = "<!-- table:start -->", "<!-- table:end -->"
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.S)
    REPORT.write_text(pattern.sub(lambda _m: f"{start}\n{stamp}\n\n{table}\n{end}", text))


if __name__ == "__main__":
    main()
