"""Benchmark: one full-scale simulated year of all 12 ports, one replication.

Measures, each in a fresh Python process so peak memory is that of one run:

* ``model``: building and running one replication of the default configuration (baseline, full
  scale, 365 days plus warm-up) — wall time, peak resident memory, containers discharged per
  second of wall time;
* ``tables``: turning the run record into the four result tables;
* ``cli``: the whole ``portsim run.replications=1`` command (imports, config, run, CSV files,
  figures), for context.

Usage::

    python experiments/benchmark.py            # 3 repeats, prints a Markdown table
    python experiments/benchmark.py --repeats 5 --json bench.json

Target (issue 2): <= 5 s wall and <= 1 GB peak memory for the model of one full-scale year.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = r"""
import json, resource, sys, time
from sim.cli import prepare
from sim.config import compose
from sim.engine.model import PortSystem
from sim.results.tables import tables_for

params, network = prepare(compose(["run.replications=1"]))
t0 = time.perf_counter()
record = PortSystem(params, network, 0).run()
model_s = time.perf_counter() - t0
t1 = time.perf_counter()
tables_for(record, network, params.run.period, params.run.horizon_days, "baseline")
tables_s = time.perf_counter() - t1
containers = sum(p.counters.arrived_total for p in record.ports.values())
selected = sum(p.counters.selected_total for p in record.ports.values())
json.dump({
    "model_s": model_s,
    "tables_s": tables_s,
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "containers": containers,
    "selected": selected,
    "shipments": len(record.shipments),
    "simulated_days": params.run.horizon_days + params.run.warmup_days,
}, sys.stdout)
"""


def measure_model() -> dict[str, float]:
    """One replication in a fresh interpreter; returns its measurements."""
    out = subprocess.run(
        [sys.executable, "-c", CHILD], capture_output=True, text=True, check=True, timeout=600
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


def main() -> None:
    """Run the benchmark and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the raw measurements here")
    args = parser.parse_args()
    runs = []
    for i in range(args.repeats):
        runs.append(measure_model())
        print(f"repeat {i + 1}/{args.repeats}: model {runs[-1]['model_s']:.2f} s", file=sys.stderr)
    cli_s = [measure_cli() for _ in range(args.repeats)]
    model_s = statistics.median(r["model_s"] for r in runs)
    first = runs[0]
    rows = [
        ("model wall time (median)", f"{model_s:.2f} s", "<= 5 s"),
        (
            "model wall time (min-max)",
            f"{min(r['model_s'] for r in runs):.2f}-{max(r['model_s'] for r in runs):.2f} s",
            "",
        ),
        ("peak memory (max)", f"{max(r['peak_rss_mb'] for r in runs):.0f} MB", "<= 1024 MB"),
        ("containers discharged", f"{first['containers']:,}", ""),
        ("containers selected for a scan", f"{first['selected']:,}", ""),
        ("containers per second", f"{first['containers'] / model_s:,.0f}", ""),
        ("result tables (median)", f"{statistics.median(r['tables_s'] for r in runs):.2f} s", ""),
        ("whole CLI run incl. files and figures (median)", f"{statistics.median(cli_s):.1f} s", ""),
    ]
    print(
        f"machine: {platform.machine()}, Python {platform.python_version()}, "
        f"{first['simulated_days']} simulated days (365 + warm-up), 1 replication\n"
    )
    print("| measure | value | target |\n|---|---|---|")
    for name, value, target in rows:
        print(f"| {name} | {value} | {target} |")
    if args.json:
        args.json.write_text(json.dumps({"runs": runs, "cli_s": cli_s}, indent=2))


if __name__ == "__main__":
    main()
