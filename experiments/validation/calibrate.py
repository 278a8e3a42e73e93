"""History matching of trafficking v2 to 2021–2023 (experiments/validation/PROTOCOL.md §3).

Usage::

    python experiments/validation/calibrate.py                  # one wave, see --help
    python experiments/validation/calibrate.py --quick --out DIR  # a tiny wave, for tests

The targets are read only through :func:`sim.validation.targets.calibration_published` with
``max_year=2023``: the code below never sees a 2024 or later figure (a test poisons them and
checks the ensemble is unchanged bit for bit). Writes ``targets.csv`` (the targets and their
ranges), ``wave<k>.csv`` (every point of wave k, its simulated values and implausibilities) and
``ensemble.csv`` (the non-implausible points; if none is, the least implausible ones, flagged —
a finding the README reports).
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

from common import (
    FACTORS,
    MAIN_PORTS,
    Factor,
    check_factors,
    latin_hypercube,
    overrides_of,
    parallel_map,
    run_point,
)

from sim.validation.reporting import ObservedRange, observed_range
from sim.validation.targets import calibration_published

HERE = Path(__file__).resolve().parent
YEARS = (2021, 2022, 2023)
"""The model's traffic data start in 2021 (seeds/throughput.csv), so 2020 cannot be simulated;
PROTOCOL.md's change log records this."""
TARGET_PORTS = (*MAIN_PORTS, "bremerhaven", "valencia", "algeciras", "gioia_tauro", "barcelona")
PATTERN_TARGETS = (
    ("seizure_count", "antwerp"),
    ("seizure_count", "rotterdam"),
    ("finds_under_100kg", "rotterdam"),
    ("finds_over_1000kg", "rotterdam"),
    ("kg_intercepted_upstream", "antwerp"),
)
"""Counts, size classes and upstream interceptions (PROTOCOL.md §2, targets 2, 3 and 5), where
a 2021–2023 figure exists. Antwerp's "large seizures" (13 in 2023) are left out: the sources
do not agree on the size threshold (1 t or 2 t; seeds/published.csv note)."""
SUMMARY_COLUMN = {"seizure_count": "seizures"}
"""Published quantity → column of a run summary (:func:`common.summarise`), where they differ."""
UPSTREAM_DESTINATIONS = ("antwerp", "zeebrugge")
""""Seized in Latin America bound for Belgium": loads seized at origin bound for a Belgian port."""
OUTSIDE_SHARE_2023 = 0.43  # at least ~43 % of EU seizures outside the named ports (evidence §2)
REPORTING_ERROR = 0.10
DISCREPANCY = 0.20
CUT_MAX, CUT_SECOND = 3.0, 2.5
MAX_ENSEMBLE = 30


def _target_row(
    target: str, quantity: str, port: str, year: int, found: ObservedRange
) -> dict[str, object]:
    """One row of ``targets.csv`` from an observed range."""
    return {
        "target": target,
        "quantity": quantity,
        "port": port,
        "year": year,
        "low": found.low,
        "high": found.high,
        "central": found.central,
        "sources": " ".join(found.sources),
    }


def targets(seeds_dir: Path | None = None) -> pd.DataFrame:
    """The calibration targets (kg seized per port and year, the Rotterdam decline, the
    outside share), from 2023-and-earlier figures only."""
    published = calibration_published(max_year=2023, seeds_dir=seeds_dir)
    rows = []
    ranges = {}
    for port in TARGET_PORTS:
        for year in YEARS:
            found = observed_range(published, port, year, "kg_seized")
            if found is None:
                continue
            ranges[(port, year)] = found
            rows.append(_target_row(f"{port}.{year}", "kg_seized", port, year, found))
    for quantity, port in PATTERN_TARGETS:
        for year in YEARS:
            found = observed_range(published, port, year, quantity)
            if found is None:
                continue
            rows.append(_target_row(f"{port}.{quantity}.{year}", quantity, port, year, found))
    first, last = ranges.get(("rotterdam", 2021)), ranges.get(("rotterdam", 2023))
    if first is not None and last is not None:
        rows.append(
            {
                "target": "rotterdam.decline_2021_2023",
                "quantity": "kg_seized",
                "port": "rotterdam",
                "year": 2023,
                "low": last.low / first.high,
                "high": last.high / first.low,
                "central": last.central / first.central,
                "sources": " ".join(dict.fromkeys(first.sources + last.sources)),
            }
        )
    rows.append(
        {
            "target": "outside_share.2023",
            "quantity": "kg_seized",
            "port": "outside_share",
            "year": 2023,
            "low": OUTSIDE_SHARE_2023,
            "high": math.inf,
            "central": OUTSIDE_SHARE_2023,
            "sources": "validation-evidence.md §2 (derived)",
        }
    )
    return pd.DataFrame(rows)


def simulated(summary: pd.DataFrame, target: pd.Series) -> tuple[float, float]:
    """Mean and variance over replications of the model's value for one target."""
    quantity = str(target.get("quantity", "kg_seized"))
    ports = UPSTREAM_DESTINATIONS if quantity == "kg_intercepted_upstream" else None
    frame = summary
    if ports is not None:  # bound for the country: every port of it
        frame = summary[summary["port"].isin(ports)].assign(port=target["port"])
    column = SUMMARY_COLUMN.get(quantity, quantity)
    kg = frame.pivot_table(
        index="replication", columns=["port", "year"], values=column, aggfunc="sum"
    )
    if target["target"] == "rotterdam.decline_2021_2023":
        values = kg[("rotterdam", 2023)] / kg[("rotterdam", 2021)].where(
            kg[("rotterdam", 2021)] > 0
        )
    else:
        values = kg.get((target["port"], int(target["year"])))
        if values is None:
            values = pd.Series([0.0] * len(kg))
    values = values.astype(float).fillna(0.0)
    variance = float(values.var(ddof=1)) if len(values) > 1 else 0.0
    return float(values.mean()), variance


def implausibility(mean: float, sim_var: float, reps: int, target: pd.Series) -> float:
    """PROTOCOL.md §3: |z − E f| / sqrt(V_obs + V_disc + V_sim / R); one-sided for a bound."""
    z, low, high = float(target["central"]), float(target["low"]), float(target["high"])
    width = 0.0 if math.isinf(high) else high - low
    v_obs = width * width / 12.0 + (REPORTING_ERROR * z) ** 2
    v_disc = (DISCREPANCY * z) ** 2
    scale = math.sqrt(v_obs + v_disc + sim_var / max(reps, 1))
    if math.isinf(high):  # a lower bound: only falling short counts
        return max(0.0, low - mean) / scale
    return abs(z - mean) / scale


REFOCUS_SHARE = 0.2
"""When no point of a wave survives, the next wave samples the bounding box of the least
implausible fifth of it (at least 3 points): a pragmatic refocusing, flagged in the output."""


def score_wave(
    design: pd.DataFrame,
    summaries: list[pd.DataFrame],
    table: pd.DataFrame,
    reps: int,
    wave: int,
    first_point: int,
) -> pd.DataFrame:
    """Simulated values and implausibilities of every point of one wave."""
    rows = []
    for i, (point, summary) in enumerate(
        zip(design.itertuples(index=False), summaries, strict=True)
    ):
        row: dict[str, object] = {
            "wave": wave,
            "point": first_point + i,
            **dict(zip(design.columns, point, strict=True)),
        }
        scores = []
        for _, target in table.iterrows():
            mean, var = simulated(summary, target)
            row[f"sim.{target['target']}"] = mean
            score = implausibility(mean, var, reps, target)
            row[f"I.{target['target']}"] = score
            scores.append(score)
        ordered = sorted(scores, reverse=True)
        row["I_max"] = ordered[0]
        row["I_second"] = ordered[1] if len(ordered) > 1 else 0.0
        rows.append(row)
    wave_frame = pd.DataFrame(rows)
    wave_frame["not_implausible"] = (wave_frame["I_max"] <= CUT_MAX) & (
        wave_frame["I_second"] <= CUT_SECOND
    )
    return wave_frame


def next_region(wave: pd.DataFrame, factors: list[Factor]) -> tuple[list[Factor], bool]:
    """The next wave's box: the non-implausible points' bounding box, or (none survived) that
    of the least implausible :data:`REFOCUS_SHARE`; True when it had to refocus."""
    kept = wave[wave["not_implausible"]]
    refocused = kept.empty
    if refocused:
        kept = wave.nsmallest(max(3, math.ceil(REFOCUS_SHARE * len(wave))), "I_max")
    box = []
    for f in factors:
        low, high = float(kept[f.key].min()), float(kept[f.key].max())
        if high <= low:  # one point: keep a tenth of the prior range around it
            half = 0.05 * (f.high - f.low)
            low, high = max(f.low, low - half), min(f.high, high + half)
        box.append(Factor(f.key, low, high, f.why))
    return box, refocused


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--points", type=int, default=40, help="Latin-hypercube points a wave")
    parser.add_argument("--waves", type=int, default=2, help="history-matching waves")
    parser.add_argument("--replications", type=int, default=1)
    parser.add_argument("--scale", type=float, default=0.25, help="run.scale of every run")
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--out", type=Path, default=HERE / "calibration")
    parser.add_argument("--seeds-dir", type=Path, default=None, help="(tests) seeds folder")
    parser.add_argument("--quick", action="store_true", help="2 waves of 3 points, scale 0.02")
    args = parser.parse_args(argv)
    if args.quick:
        args.points, args.waves, args.replications, args.scale = 3, 2, 1, 0.02
    check_factors()
    table = targets(args.seeds_dir)
    base = (
        "scenario=baseline",
        "run.start_date=2021-01-01",
        f"run.horizon_days={365 * len(YEARS)}",
        "run.warmup_days=365",
        f"run.replications={args.replications}",
        f"run.scale={args.scale}",
        f"run.seed={args.seed}",
    )
    region = list(FACTORS)
    waves: list[pd.DataFrame] = []
    refocused_log: list[bool] = []
    for number in range(1, args.waves + 1):
        design = latin_hypercube(args.points, region, args.seed + number - 1)
        jobs = [(*base, *overrides_of(row)) for _, row in design.iterrows()]
        summaries = parallel_map(run_point, jobs, args.workers, f"calibration wave {number}")
        first = sum(len(w) for w in waves)
        wave = score_wave(design, summaries, table, args.replications, number, first)
        waves.append(wave)
        survivors = int(wave["not_implausible"].sum())
        print(f"wave {number}: {survivors} of {len(wave)} points not implausible")
        if number < args.waves:
            region, refocused = next_region(wave, list(FACTORS))
            refocused_log.append(refocused)
    every = pd.concat(waves, ignore_index=True)
    kept = every[every["not_implausible"]]
    fallback = kept.empty
    if fallback:  # nothing survives: keep the least implausible, and say so
        kept = every.nsmallest(min(5, len(every)), "I_max")
    rng = np.random.default_rng(args.seed)
    if len(kept) > MAX_ENSEMBLE:
        kept = kept.iloc[np.sort(rng.choice(len(kept), MAX_ENSEMBLE, replace=False))]
    keys = [f.key for f in FACTORS]
    ensemble = kept[["wave", "point", *keys, "I_max", "I_second"]].assign(
        ruled_out_everywhere=fallback
    )
    args.out.mkdir(parents=True, exist_ok=True)
    for stale in args.out.glob("wave*.csv"):
        stale.unlink()
    table.to_csv(args.out / "targets.csv", index=False)
    for wave in waves:
        wave.to_csv(args.out / f"wave{int(wave['wave'].iloc[0])}.csv", index=False)
    ensemble.to_csv(args.out / "ensemble.csv", index=False)
    meta = {
        "scale": args.scale,
        "replications": args.replications,
        "seed": args.seed,
        "points_per_wave": args.points,
        "waves": args.waves,
        "refocused_on_least_implausible": refocused_log,
    }
    (args.out / "settings.json").write_text(json.dumps(meta, indent=1) + "\n")
    print(
        f"calibration: {int(every['not_implausible'].sum())} of {len(every)} points not "
        f"implausible (I_max <= {CUT_MAX}, second <= {CUT_SECOND}); ensemble of {len(ensemble)}"
        + (" (none survived: the least implausible are kept)" if fallback else "")
    )
    last = waves[-1]
    worst = last.filter(like="I.").median().sort_values(ascending=False).head(5)
    print(
        "largest median implausibility (last wave):",
        ", ".join(f"{k[2:]} {v:.1f}" for k, v in worst.items()),
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
