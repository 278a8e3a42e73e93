"""Benchmark: one full-scale simulated year of all 12 ports, one replication.

Measures, each in a fresh Python process so peak memory is that of one run:

* ``model``: running one replication of the baseline for one full-scale simulated year (no
  warm-up), with adaptive (default) and with static organisations — wall and CPU time (the CPU
  time is less sensitive to other load on a shared machine), peak resident memory, containers
  discharged per second of wall time;
* ``tables``: turning the run record into the four result tables;
* ``cli``: the whole ``portsim run.replications=1`` command (imports, config, run, CSV files,
  figures), for context.

* ``--api``: the cost of :func:`sim.api.load` with a new override set followed by
  :func:`sim.api.evaluate`, against :func:`~sim.api.evaluate` on parameters already loaded
  (``run.scale=0.05``, default horizon and warm-up, one replication), in CPU time, pairs
  interleaved in one process; each pair uses its own seed in both arms, so the work compared
  is the same. Target (foundations issue): at most 5 % more.
* ``--sweep``: a 40-job x 5-replication sweep at ``run.scale=0.1`` with the basic launcher
  and with joblib on all cores (the default), wall times and speed-up.

Usage::

    python experiments/benchmark.py            # 3 repeats, prints a Markdown table
    python experiments/benchmark.py --repeats 5 --json bench.json
    python experiments/benchmark.py --api      # load()+evaluate() overhead, ~2 min
    python experiments/benchmark.py --sweep    # ~30 min on 2 cores

Target (issue 2): <= 5 s wall and <= 1 GB peak memory for the model of one full-scale year.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = r"""
import json, resource, sys, time
from sim import api
from sim.engine.model import PortSystem
from sim.results.run_tables import tables_for

overrides = json.loads(sys.argv[1])
params = api.load(["run.replications=1", *overrides])
network = api.network_of(params)
t0, c0 = time.perf_counter(), time.process_time()
record = PortSystem(params, network, 0).run()
model_s, model_cpu_s = time.perf_counter() - t0, time.process_time() - c0
t1 = time.perf_counter()
tables_for(record, network, params.run.period, params.run.horizon_days, "baseline")
tables_s = time.perf_counter() - t1
containers = sum(p.counters.arrived_total for p in record.ports.values())
selected = sum(p.counters.selected_total for p in record.ports.values())
json.dump({
    "model_s": model_s,
    "model_cpu_s": model_cpu_s,
    "tables_s": tables_s,
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "containers": containers,
    "selected": selected,
    "shipments": len(record.shipments),
    "simulated_days": params.run.horizon_days + params.run.warmup_days,
}, sys.stdout)
"""

# One simulated year (no warm-up) of the default baseline, per trafficking behaviour.
VARIANTS = {
    "adaptive": ["run.warmup_days=0"],
    "static": ["run.warmup_days=0", "traffickers=static"],
}


def measure_model(overrides: list[str]) -> dict[str, float]:
    """One replication in a fresh interpreter; returns its measurements."""
    out = subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps(overrides)],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return json.loads(out.stdout)


def measure_cli() -> float:
    """Wall time of the whole ``portsim run.replications=1`` command."""
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-c",
                "from sim.cli import main; main()",
                "run.replications=1",
                f"hydra.run.dir={tmp}/run",
            ],
            capture_output=True,
            check=True,
            timeout=600,
        )
        return time.perf_counter() - t0


SWEEP = ["ports.antwerp.scanners=range(3,43)", "run.replications=5", "run.scale=0.1"]
"""The sweep benchmark: 40 jobs x 5 replications at scale 0.1 (default horizon and warm-up)."""


def time_sweep(launcher: str, sweep_dir: Path) -> float:
    """Wall time of the 40-job sweep with one launcher (a fresh sweep directory)."""
    t0 = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-c",
            "from sim.cli import main; main()",
            "-m",
            *SWEEP,
            f"hydra/launcher={launcher}",
            f"hydra.sweep.dir={sweep_dir}",
        ],
        capture_output=True,
        check=True,
        timeout=7200,
    )
    return time.perf_counter() - t0


def sweep_benchmark() -> None:
    """Basic launcher against joblib on this machine's cores; same results either way."""
    import pandas as pd

    with tempfile.TemporaryDirectory() as tmp:
        times = {name: time_sweep(name, Path(tmp) / name) for name in ("basic", "local")}
        same = all(
            pd.read_csv(Path(tmp) / "basic" / "sweep.csv").equals(
                pd.read_csv(Path(tmp) / name / "sweep.csv")
            )
            for name in ("local",)
        )
    print(f"sweep: {' '.join(SWEEP)} (40 jobs x 5 replications), {os.cpu_count()} cores\n")
    print("| launcher | wall time | speed-up |\n|---|---|---|")
    print(f"| basic (one job after the other) | {times['basic'] / 60:.1f} min | 1.00 |")
    speedup = times["basic"] / times["local"]
    print(
        f"| joblib, all cores (`local`, the default) | {times['local'] / 60:.1f} min | "
        f"{speedup:.2f} |"
    )
    print(f"\nidentical sweep.csv: {same}")


API_BASE = ["run.scale=0.05"]


def api_benchmark(pairs: int) -> None:
    """load() with a new override set + evaluate() against evaluate() on loaded params."""
    from sim import api

    loaded = api.load(API_BASE)
    api.evaluate(loaded, seed=1)  # imports, evidence and the Hydra composition, once
    fresh, reused, loads = [], [], []
    for i in range(pairs):
        seed = 100 + i
        gc.collect()  # each arm starts with no garbage of the one before (SimPy's cycles)
        t0 = time.process_time()
        params = api.load([*API_BASE, f"run.seed={seed}"])  # a set never loaded before
        t1 = time.process_time()
        api.evaluate(params)
        fresh.append(time.process_time() - t0)
        loads.append(t1 - t0)
        gc.collect()
        t0 = time.process_time()
        api.evaluate(loaded, seed=seed)
        reused.append(time.process_time() - t0)
        print(f"pair {i + 1}/{pairs}: {fresh[-1]:.3f} s vs {reused[-1]:.3f} s", file=sys.stderr)
    ratios = [a / b for a, b in zip(fresh, reused, strict=True)]
    t0 = time.process_time()
    api.load(["scenario=antwerp_surge", *API_BASE])  # a new group selection: Hydra composes
    group_s = time.process_time() - t0
    print(f"api: {' '.join(API_BASE)}, one replication, {pairs} interleaved pairs (CPU time)\n")
    print("| measure | median | min | max |\n|---|---|---|---|")
    for label, values, fmt in (
        ("load() with a new override set + evaluate()", fresh, "{:.3f} s"),
        ("evaluate() on loaded parameters", reused, "{:.3f} s"),
        ("ratio (pair by pair)", ratios, "{:.4f}"),
        ("load() alone, new value overrides", loads, "{:.4f} s"),
    ):
        cells = [fmt.format(f(values)) for f in (statistics.median, min, max)]
        print(f"| {label} | {' | '.join(cells)} |")
    print(f"\nload() with a new config-group selection (Hydra composes once): {group_s:.3f} s")


def main() -> None:
    """Run the benchmark and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the raw measurements here")
    parser.add_argument("--sweep", action="store_true", help="the 40-job sweep benchmark instead")
    parser.add_argument("--api", action="store_true", help="the load()+evaluate() overhead")
    parser.add_argument("--pairs", type=int, default=7, help="pairs for --api")
    args = parser.parse_args()
    if args.sweep:
        sweep_benchmark()
        return
    if args.api:
        api_benchmark(args.pairs)
        return
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in VARIANTS}
    for i in range(args.repeats):
        for name, overrides in VARIANTS.items():
            runs[name].append(measure_model(overrides))
            print(
                f"repeat {i + 1}/{args.repeats} {name}: {runs[name][-1]['model_s']:.2f} s",
                file=sys.stderr,
            )
    cli_s = [measure_cli() for _ in range(args.repeats)]
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; one full-scale simulated year of all 12 ports, "
        f"1 replication, median of {args.repeats} fresh processes\n"
    )
    print("| measure | adaptive organisations (default) | static organisations | target |")
    print("|---|---|---|---|")

    def med(name: str, key: str) -> float:
        return statistics.median(r[key] for r in runs[name])

    rows = [
        ("model wall time", "model_s", "{:.2f} s", "<= 5 s"),
        ("model CPU time", "model_cpu_s", "{:.2f} s", ""),
        ("peak memory", "peak_rss_mb", "{:.0f} MB", "<= 1024 MB"),
        ("containers discharged", "containers", "{:,.0f}", ""),
        ("containers selected for a scan", "selected", "{:,.0f}", ""),
        ("shipments", "shipments", "{:,.0f}", ""),
        ("result tables", "tables_s", "{:.2f} s", ""),
    ]
    for label, key, fmt, target in rows:
        values = [fmt.format(med(name, key)) for name in VARIANTS]
        print(f"| {label} | {' | '.join(values)} | {target} |")
    per_s = [f"{med(n, 'containers') / med(n, 'model_s'):,.0f}" for n in VARIANTS]
    print(f"| containers per second | {' | '.join(per_s)} | |")
    print(
        f"\nwhole `portsim run.replications=1` command (default: adaptive, one year after a "
        f"one-year warm-up, CSV files and figures): {statistics.median(cli_s):.1f} s"
    )
    if args.json:
        args.json.write_text(json.dumps({"runs": runs, "cli_s": cli_s}, indent=2))


if __name__ == "__main__":
    main()
