"""The untuned 2024 prediction, its scores against 2024, and the blind 2025 forecast.

Usage::

    python experiments/validation/predict.py                 # after calibrate.py
    python experiments/validation/predict.py --quick --out DIR

Every member of the calibrated ensemble (``calibration/ensemble.csv``) runs ``policy_2024``
(without its counterfactual) from 2023-01-01 to the end of 2025 after a one-year warm-up, with
``--replications`` each. Writes, next to this file unless ``--out`` says otherwise:

* ``predict_2024.csv`` — port, kg_mean, kg_lo80, kg_hi80, count_mean (80 % interval = 10th–90th
  percentile over ensemble × replications), rows for the five scored ports, ``total_12_ports``,
  the outside routes and the outside share;
* ``scores_2024.csv`` — :func:`sim.validation.scores.score_table` against the 2024 ranges the
  sources allow (read here, never by the calibration), and the 12-port total's direction;
* ``forecast_2025.csv`` — the same columns for 2025 (the ensemble is *not* updated on 2024: a
  limitation the README states);
* ``predicted_vs_observed_2024.png`` — observed ranges against the predictive intervals.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import FACTORS, MAIN_PORTS, overrides_of, parallel_map, run_point

from sim.validation.reporting import load_published, observed_history, observed_ranges
from sim.validation.scores import direction, score_table, summary_line

HERE = Path(__file__).resolve().parent
ROWS = (*MAIN_PORTS, "total_12_ports", "rest_of_europe", "at_sea", "outside_share")
OBSERVED_TOTAL_DIRECTION = -1  # the 12-port total fell in 2024 (validation-evidence.md §5.1, §5.5)


def interval_rows(runs: pd.DataFrame, year: int) -> pd.DataFrame:
    """Mean, 80 % interval and mean count per row of :data:`ROWS` in ``year``."""
    rows = []
    for port in ROWS:
        cell = runs[(runs["port"] == port) & (runs["year"] == year)]
        kg = cell["kg_seized"].to_numpy(dtype=float)
        rows.append(
            {
                "port": port,
                "kg_mean": float(kg.mean()) if kg.size else math.nan,
                "kg_lo80": float(np.quantile(kg, 0.1)) if kg.size else math.nan,
                "kg_hi80": float(np.quantile(kg, 0.9)) if kg.size else math.nan,
                "count_mean": float(cell["seizures"].mean()) if kg.size else math.nan,
            }
        )
    return pd.DataFrame(rows)


def figure(scores: pd.DataFrame, path: Path) -> None:
    """Observed 2024 ranges (bars) against the predictive 80 % intervals (lines), per port."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    ports = scores[scores["port"] != "summary"]
    fig, ax = plt.subplots(figsize=(8, 4.5), layout="constrained")
    x = np.arange(len(ports))
    low = ports["obs_low"].astype(float) / 1e3
    high = ports["obs_high"].astype(float) / 1e3
    ax.bar(x - 0.15, high - low, bottom=low, width=0.25, color="#BBBBBB", label="observed range")
    central = ports["obs_central"].astype(float) / 1e3
    ax.scatter(x - 0.15, central, marker="D", color="#444444", zorder=3, label="observed 2024")
    previous = ports["obs_prev"].astype(float) / 1e3
    ax.scatter(x - 0.15, previous, marker="_", s=300, color="k", label="observed 2023")
    mean = ports["pred_mean"].astype(float) / 1e3
    err = [
        mean - ports["pred_low"].astype(float) / 1e3,
        ports["pred_high"].astype(float) / 1e3 - mean,
    ]
    ax.errorbar(
        x + 0.15,
        mean,
        yerr=err,
        fmt="o",
        color="#0072B2",
        capsize=4,
        label="model: mean and 80 % interval",
    )
    ax.set_xticks(x, [p.replace("_", " ").title() for p in ports["port"]])
    ax.set_ylabel("cocaine seized in 2024 (t)")
    ax.set_title("2024: observed against the untuned trafficking-v2 prediction")
    ax.legend(frameon=False, fontsize=8)
    fig.savefig(path, dpi=120)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ensemble", type=Path, default=HERE / "calibration" / "ensemble.csv")
    parser.add_argument("--replications", type=int, default=2)
    parser.add_argument("--scale", type=float, default=None, help="default: the calibration's")
    parser.add_argument("--members", type=int, default=10, help="at most this many members")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--out", type=Path, default=HERE)
    parser.add_argument("--quick", action="store_true", help="2 members, run.scale=0.02")
    parser.add_argument(
        "--score-only", action="store_true", help="rescore prediction_runs.csv in --out"
    )
    args = parser.parse_args(argv)
    if args.score_only:
        return score(pd.read_csv(args.out / "prediction_runs.csv"), args.out)
    ensemble = pd.read_csv(args.ensemble)
    settings_path = args.ensemble.parent / "settings.json"
    settings = json.loads(settings_path.read_text()) if settings_path.exists() else {}
    scale = args.scale or float(settings.get("scale", 1.0))
    if args.quick:
        args.members, args.replications, scale = 2, 1, 0.02
    members = ensemble.head(args.members)
    keys = [f.key for f in FACTORS]
    base = (
        "scenario=policy_2024",
        "scenario.counterfactual=false",
        "run.start_date=2023-01-01",
        "run.horizon_days=1096",
        "run.warmup_days=365",
        f"run.replications={args.replications}",
        f"run.scale={scale}",
        f"run.seed={args.seed}",
    )
    jobs = [(*base, *overrides_of(row[keys])) for _, row in members.iterrows()]
    summaries = parallel_map(run_point, jobs, args.workers, "prediction")
    runs = pd.concat(
        [s.assign(member=int(m)) for m, s in zip(members["point"], summaries, strict=True)],
        ignore_index=True,
    )
    args.out.mkdir(parents=True, exist_ok=True)
    runs.to_csv(args.out / "prediction_runs.csv", index=False)
    return score(runs, args.out)


def score(runs: pd.DataFrame, out: Path) -> int:
    """Intervals, scores and the figure from the runs' yearly summaries."""
    predict = interval_rows(runs, 2024)
    predict.to_csv(out / "predict_2024.csv", index=False)
    interval_rows(runs, 2025).to_csv(out / "forecast_2025.csv", index=False)

    published = load_published()
    observed = observed_ranges(published, 2024, "kg_seized", list(MAIN_PORTS))
    history = observed_history(published, MAIN_PORTS, (2021, 2022, 2023))
    samples = runs[runs["port"].isin(MAIN_PORTS)].rename(columns={"kg_seized": "value"})
    scores = score_table(samples[["port", "year", "value"]], observed, history)
    own = score_table(samples[["port", "year", "value"]], observed, history, direction_base="model")
    # the model's own 2023 -> 2024 change (does it move the way the data moved?) next to the
    # change from the observed 2023 value (the naive forecasts' base)
    scores["model_base_direction"] = own["pred_direction"]
    scores["model_base_direction_right"] = own["direction_right"]
    total = runs[runs["port"] == "total_12_ports"].groupby("year")["kg_seized"].mean()
    model_total_direction = direction(float(total[2023]), float(total[2024]))
    scores = pd.concat(
        [
            scores,
            pd.DataFrame(
                [
                    {
                        "port": "total_12_ports",
                        "year": 2024,
                        "obs_direction": OBSERVED_TOTAL_DIRECTION,
                        "pred_direction": model_total_direction,
                        "direction_right": model_total_direction == OBSERVED_TOTAL_DIRECTION,
                    }
                ]
            ),
        ],
        ignore_index=True,
    )
    scores.to_csv(out / "scores_2024.csv", index=False)
    figure(
        scores[scores["port"].isin([*MAIN_PORTS, "summary"])],
        out / "predicted_vs_observed_2024.png",
    )
    print(summary_line(scores[scores["port"] != "total_12_ports"]))
    print("direction from the model's own 2023:", summary_line(own).split(";")[0])
    print(
        f"12-port total: model direction {model_total_direction:+d}, "
        f"observed {OBSERVED_TOTAL_DIRECTION:+d}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
