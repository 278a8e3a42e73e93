"""Run an experiment: every replication of one configuration, into result tables.

``run_experiment`` is the library function behind the command line; tests, notebooks and sweep
scripts call it directly with validated :class:`~sim.params.Params` and evidence-derived
:class:`~sim.engine.network.NetworkInputs`. It never touches files or Hydra.
"""

from __future__ import annotations

import hashlib
import json
import platform
import subprocess
import time
from collections.abc import Callable
from dataclasses import asdict
from importlib import metadata
from pathlib import Path
from typing import Any

from sim.engine.model import PortSystem, RunRecord
from sim.engine.network import NetworkInputs, PortInputs
from sim.engine.queue_check import PORT_KEY, run_queue_check
from sim.params import Params, ScenarioMode, as_plain
from sim.results.tables import ResultTables, concat, tables_for

Progress = Callable[[int, int, float], None]
"""Called after each replication with (replications done, total, seconds elapsed)."""


def run_replication(params: Params, network: NetworkInputs, replication: int) -> RunRecord:
    """Simulate one replication (network model or queue check)."""
    if params.scenario.mode is ScenarioMode.queue_check:
        return run_queue_check(params, replication)
    return PortSystem(params, network, replication).run()


def queue_check_network() -> NetworkInputs:
    """The one-port network of the queue check (only its key and LOCODE appear in tables)."""
    port = PortInputs(PORT_KEY, "-", "north", 0.0, 0.0)
    return NetworkInputs(ports={PORT_KEY: port}, origins={})


def run_experiment(
    params: Params, network: NetworkInputs, progress: Progress | None = None
) -> ResultTables:
    """All replications of ``params``; tables stacked over replications."""
    if params.scenario.mode is ScenarioMode.queue_check:
        network = queue_check_network()
    parts = []
    started = time.perf_counter()
    total = params.run.replications
    for replication in range(total):
        record = run_replication(params, network, replication)
        parts.append(
            tables_for(
                record, network, params.run.period, params.run.horizon_days, params.scenario.name
            )
        )
        if progress is not None:
            progress(replication + 1, total, time.perf_counter() - started)
    return concat(parts)


def config_hash(params: Params) -> str:
    """SHA-256 of the resolved parameters (stable across runs and machines)."""
    text = json.dumps(asdict(params), sort_keys=True, default=as_plain)
    return hashlib.sha256(text.encode()).hexdigest()


def _git_commit(repo: Path) -> str | None:
    try:
        out = subprocess.run(
            ["git", "-C", str(repo), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


def run_metadata(params: Params, tables: ResultTables, wall_s: float) -> dict[str, Any]:
    """What ``metadata.json`` records: config hash, seeds, versions, commit, wall time."""
    packages = ("portsim", "simpy", "numpy", "pandas", "hydra-core", "omegaconf", "matplotlib")
    versions = {}
    for name in packages:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return {
        "scenario": params.scenario.name,
        "config_sha256": config_hash(params),
        "seed": params.run.seed,
        "replications": params.run.replications,
        "rng_seeds": [int(s) for s in tables.replications["rng_seed"]],
        "start_date": params.run.start_date,
        "horizon_days": params.run.horizon_days,
        "warmup_days": params.run.warmup_days,
        "scale": params.run.scale,
        "versions": versions,
        "python": platform.python_version(),
        "git_commit": _git_commit(Path(__file__).resolve().parent.parent),
        "wall_time_s": round(wall_s, 3),
    }
