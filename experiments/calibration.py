"""Calibration report: simulated 2023 seizures by port against the sourced figures, then 2024.

1. ``baseline`` (2023 levels, adaptive organisations, one year from 2023-01-01 after a one-year
   warm-up) with fresh seeds — not the seeds used for tuning — at full scale: simulated kg seized
   per port (mean and 95 % CI over replications) against the used 2023 values of
   ``seeds/seizures.csv``; the ranking, and whether each of the big four is within ±25 %.
2. ``policy_2024`` over 2023-2024 with the same seeds and *no further tuning*: simulated 2023 and
   2024 seizures per port (by seizure date, from the time series) against the observed 2024
   pattern.

Writes ``experiments/results/calibration_2023.csv``, ``calibration_2024.csv``, two figures in
``experiments/results/``, and the generated tables of ``experiments/calibration.md``.

Usage::

    python experiments/calibration.py                      # 10 replications, full scale
    python experiments/calibration.py --replications 3 --scale 0.2   # a quick look
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from sim import api
from sim.engine.network import NetworkInputs
from sim.evidence.derive import evidence
from sim.evidence.loader import used_seizures_t
from sim.params import Params
from sim.plots.run_figures import port_label, summarise
from sim.run import run_experiment


def _setup(overrides: list[str]) -> tuple[Params, NetworkInputs]:
    """Validated parameters and their network (:func:`sim.api.load`)."""
    params = api.load(overrides)
    return params, api.network_of(params)


HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
REPORT = HERE / "calibration.md"
BIG_FOUR = ("antwerp", "rotterdam", "hamburg", "valencia")
NOTES_2023 = {
    "zeebrugge": "single seizure (lower bound)",
    "algeciras": "single seizure (lower bound)",
    "barcelona": "low-confidence figure",
    "vlissingen": "all drugs, Zeeland-West-Brabant ports (upper bound for cocaine)",
    "dunkirk": "no 2023 figure",
}
NOTES_2024 = {
    **NOTES_2023,
    "hamburg": "2024: partial count (~5 t by December)",
    "vlissingen": "2023: all drugs, Zeeland-West-Brabant ports; 2024: cocaine only",
    "dunkirk": "2024: regional proxy (Hauts-de-France, all drugs)",
    "gioia_tauro": "2024: partial count",
    "algeciras": "2024: sum of two single seizures (lower bound)",
}


def per_port_ci(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """Mean and 95 % CI (t) of a kg column per port over replications, sorted by port."""
    tonnes = frame.assign(**{column: frame[column].to_numpy(dtype=float) / 1000.0})
    ci = summarise(tonnes, "port", column).sort_index().rename_axis(None)
    return ci.set_axis(["sim_t", "sim_low_t", "sim_high_t"], axis=1)


def fit_2023(replications: int, scale: float, seed: int) -> pd.DataFrame:
    """Baseline 2023 fit table."""
    params, network = _setup(
        [f"run.replications={replications}", f"run.scale={scale}", f"run.seed={seed}"]
    )
    ports = run_experiment(params, network).ports
    table = per_port_ci(ports, "kg_seized")
    observed = used_seizures_t(evidence(), 2023)
    table["observed_t"] = pd.Series(observed)
    table["ratio"] = table["sim_t"] / table["observed_t"]
    table["rank_sim"] = table["sim_t"].rank(ascending=False).astype(int)
    table["rank_observed"] = table["observed_t"].rank(ascending=False)
    table["within_25pct"] = (table["ratio"] - 1).abs() <= 0.25
    table["note"] = [NOTES_2023.get(p, "") for p in table.index]
    return table.sort_values("observed_t", ascending=False)


def by_year(timeseries: pd.DataFrame, year: int) -> pd.DataFrame:
    """kg seized per (replication, port) in one calendar year, by seizure date."""
    ts = timeseries[pd.to_datetime(timeseries["period_start"]).dt.year == year]
    return ts.groupby(["replication", "port"], as_index=False)["kg_seized"].sum()


def fit_2024(replications: int, scale: float, seed: int) -> pd.DataFrame:
    """policy_2024 without further tuning: 2023 and 2024 seizures per port."""
    params, network = _setup(
        [
            "scenario=policy_2024",
            "run.horizon_days=731",
            f"run.replications={replications}",
            f"run.scale={scale}",
            f"run.seed={seed}",
        ]
    )
    ts = run_experiment(params, network).timeseries
    sim23 = per_port_ci(by_year(ts, 2023), "kg_seized").add_suffix("_2023")
    sim24 = per_port_ci(by_year(ts, 2024), "kg_seized").add_suffix("_2024")
    table = sim23.join(sim24)
    table["observed_t_2023"] = pd.Series(used_seizures_t(evidence(), 2023))
    table["observed_t_2024"] = pd.Series(used_seizures_t(evidence(), 2024))
    table["sim_change"] = table["sim_t_2024"] / table["sim_t_2023"] - 1
    table["observed_change"] = table["observed_t_2024"] / table["observed_t_2023"] - 1
    table["note"] = [NOTES_2024.get(p, "") for p in table.index]
    return table.sort_values("observed_t_2023", ascending=False)


def bar_figure(table: pd.DataFrame, sim: str, obs: str, title: str, path: Path) -> None:
    """Simulated (with CI) against observed tonnes, per port."""
    ports = list(table.index)
    x = np.arange(len(ports))
    fig = Figure(figsize=(11, 5))
    ax = fig.subplots()
    low = table[sim] - table[sim.replace("sim_t", "sim_low_t")]
    high = table[sim.replace("sim_t", "sim_high_t")] - table[sim]
    ax.bar(x - 0.2, table[sim], 0.4, yerr=[low, high], capsize=3, label="simulated (95 % CI)")
    ax.bar(x + 0.2, table[obs].fillna(0), 0.4, label="observed (seeds/seizures.csv)")
    ax.set_xticks(x, [port_label(p) for p in ports], rotation=30, ha="right")
    ax.set_ylabel("cocaine seized (t)")
    ax.set_title(title)
    ax.legend()
    fig.text(0.01, 0.01, "portsim experiments/calibration.py", fontsize=7, color="0.4")
    fig.tight_layout()
    fig.savefig(path, dpi=130)


def markdown_2023(table: pd.DataFrame) -> str:
    """The 2023 fit table as Markdown."""
    lines = [
        "| port | simulated t (95 % CI) | observed t | ratio | rank sim / obs | note |",
        "|---|---|---|---|---|---|",
    ]
    for port, r in table.iterrows():
        obs = "—" if pd.isna(r["observed_t"]) else f"{r['observed_t']:.1f}"
        ratio = "—" if pd.isna(r["ratio"]) else f"{r['ratio']:.2f}"
        rank_obs = "—" if pd.isna(r["rank_observed"]) else f"{r['rank_observed']:.0f}"
        star = " **(big four)**" if port in BIG_FOUR else ""
        lines.append(
            f"| {port_label(port)}{star} | {r['sim_t']:.1f} ({r['sim_low_t']:.1f}–"
            f"{r['sim_high_t']:.1f}) | {obs} | {ratio} | {r['rank_sim']} / {rank_obs} | "
            f"{r['note']} |"
        )
    return "\n".join(lines)


def markdown_2024(table: pd.DataFrame) -> str:
    """The 2024 comparison as Markdown."""
    lines = [
        "| port | sim 2023 t | sim 2024 t (95 % CI) | sim change | observed 2023 → 2024 t "
        "| observed change | note |",
        "|---|---|---|---|---|---|---|",
    ]
    for port, r in table.iterrows():
        o23, o24 = r["observed_t_2023"], r["observed_t_2024"]
        obs = f"{'—' if pd.isna(o23) else f'{o23:.1f}'} → {'—' if pd.isna(o24) else f'{o24:.1f}'}"
        och = "—" if pd.isna(r["observed_change"]) else f"{100 * r['observed_change']:+.0f} %"
        lines.append(
            f"| {port_label(port)} | {r['sim_t_2023']:.1f} | {r['sim_t_2024']:.1f} "
            f"({r['sim_low_t_2024']:.1f}–{r['sim_high_t_2024']:.1f}) | "
            f"{100 * r['sim_change']:+.0f} % | {obs} | {och} | {r['note']} |"
        )
    return "\n".join(lines)


def update_report(section: str, text: str) -> None:
    """Replace a generated section of experiments/calibration.md."""
    report = REPORT.read_text()
    start, end = f"<!-- {section}:start -->", f"<!-- {section}:end -->"
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.S)
    REPORT.write_text(pattern.sub(lambda _m: f"{start}\n{text}\n{end}", report))


def main() -> None:
    """Run both comparisons and write tables, figures and the report sections."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--replications", type=int, default=10)
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=2023)
    args = ap.parse_args()
    RESULTS.mkdir(exist_ok=True)
    stamp = (
        f"{args.replications} replications, scale {args.scale:g}, seed {args.seed}, "
        f"generated {dt.date.today().isoformat()} by `python experiments/calibration.py"
        f" --replications {args.replications} --scale {args.scale:g} --seed {args.seed}`"
    )
    t23 = fit_2023(args.replications, args.scale, args.seed)
    t23.to_csv(RESULTS / "calibration_2023.csv", index_label="port")
    bar_figure(
        t23,
        "sim_t",
        "observed_t",
        "2023 seizures: baseline vs observed",
        RESULTS / "calibration_2023.png",
    )
    print(markdown_2023(t23))
    update_report("fit-2023", f"{stamp}\n\n{markdown_2023(t23)}")
    t24 = fit_2024(args.replications, args.scale, args.seed)
    t24.to_csv(RESULTS / "calibration_2024.csv", index_label="port")
    bar_figure(
        t24,
        "sim_t_2024",
        "observed_t_2024",
        "2024 seizures: policy_2024 vs observed",
        RESULTS / "calibration_2024.png",
    )
    print(markdown_2024(t24))
    update_report("fit-2024", f"{stamp}\n\n{markdown_2024(t24)}")


if __name__ == "__main__":
    main()
