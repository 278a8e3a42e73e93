"""Run an experiment: every replication of one configuration, into result tables.

``run_experiment`` is the library function behind the command line; tests, notebooks and sweep
scripts call it directly with validated :class:`~sim.params.Params` and evidence-derived
:class:`~sim.engine.network.NetworkInputs`. It never touches files or Hydra.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import platform
import subprocess
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from sim.engine.levers import LEVERS
from sim.engine.model import PortSystem, RunRecord
from sim.engine.network import NetworkInputs, PortInputs
from sim.engine.queue_check import PORT_KEY, run_queue_check
from sim.errors import ConfigError
from sim.params import OUTSIDE_ROUTE_KEYS, Params, ScenarioMode, as_plain
from sim.results.costs import cost_comparison, cost_table
from sim.results.displacement import PortGroups, displacement_by_port, displacement_summary
from sim.results.run_tables import ResultTables, concat, tables_for
from sim.results.schema import SCHEMA_VERSION

Progress = Callable[[int, int, float], None]
"""Called after each replication with (replications done, total, seconds elapsed)."""


def run_replication(params: Params, network: NetworkInputs, replication: int) -> RunRecord:
    """Simulate one replication (network model or queue check)."""
    if params.scenario.mode is ScenarioMode.queue_check:
        return run_queue_check(params, replication)
    return PortSystem(params, network, replication).run()


def queue_check_network() -> NetworkInputs:
    """The one-port network of the queue check (only its key and LOCODE appear in tables)."""
    port = PortInputs(PORT_KEY, "-", "north", {2023: 0.0}, 0.0)
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


@dataclass
class Comparison:
    """A policy scenario, its no-policy counterfactual (same random streams), the displacement."""

    scenario: ResultTables
    counterfactual: ResultTables
    groups: PortGroups
    policy_start: dt.date
    by_port: pd.DataFrame
    summary: pd.DataFrame
    costs: pd.DataFrame
    counterfactual_costs: pd.DataFrame
    cost_comparison: pd.DataFrame


def counterfactual_of(params: Params) -> Params:
    """The same configuration without the scenario's policy: every lever of the registry off."""
    cf = replace(
        params,
        scenario=replace(
            params.scenario, name=f"{params.scenario.name}_counterfactual", counterfactual=False
        ),
    )
    for spec in LEVERS.values():
        cf = spec.switched_off(cf)
    return cf


def policy_start_of(params: Params) -> dt.date:
    """``scenario.policy_start``, or the first date at which a lever that is on acts."""
    sc = params.scenario
    if sc.policy_start is not None:
        return dt.date.fromisoformat(sc.policy_start)
    starts = [day for spec in LEVERS.values() for day in spec.start_dates(params)]
    if not starts:
        raise ConfigError(
            "scenario.policy_start",
            "null while no lever is on and the schedule is empty",
            "a date, or a scenario with a policy",
        )
    return min(starts)


def run_comparison(
    params: Params, network: NetworkInputs, progress: Progress | None = None
) -> Comparison:
    """Run the scenario and its counterfactual with common random numbers; measure displacement.

    The two runs use the same seed, hence the same random streams for every port, organisation
    and replication: their differences come from the policy, not from chance.
    """
    start = policy_start_of(params)
    cal = params.calendar
    if not cal.start < start < cal.end:
        last = cal.end - dt.timedelta(days=1)
        raise ConfigError(
            "scenario.policy_start",
            f"the policy starts on {start}, not inside the observed window",
            f"a date after {cal.start} to {last}",
        )
    cf_params = counterfactual_of(params)
    scenario = run_experiment(params, network, progress)
    counterfactual = run_experiment(cf_params, network, progress)
    groups = PortGroups.from_lists(
        params.scenario.treated,
        params.scenario.buffer,
        (*params.ports, *OUTSIDE_ROUTE_KEYS),  # the outside routes are part of "elsewhere"
    )
    costs = cost_table(scenario, params)
    cf_costs = cost_table(counterfactual, cf_params)
    by_port = displacement_by_port(scenario, counterfactual, groups, start)
    return Comparison(
        scenario=scenario,
        counterfactual=counterfactual,
        groups=groups,
        policy_start=start,
        by_port=by_port,
        summary=displacement_summary(scenario, counterfactual, groups, start, by_port),
        costs=costs,
        counterfactual_costs=cf_costs,
        cost_comparison=cost_comparison(costs, cf_costs, scenario, counterfactual),
    )


def comparison_metadata(comparison: Comparison) -> dict[str, Any]:
    """What metadata.json records about a comparison."""
    g = comparison.groups
    return {
        "policy_start": comparison.policy_start.isoformat(),
        "treated": list(g.treated),
        "buffer": list(g.buffer),
        "control": list(g.control),
        "counterfactual": "same configuration without scenario.schedule, same seeds",
    }


def config_hash(params: Params) -> str:
    """SHA-256 of the resolved parameters (stable across runs and machines)."""
    text = json.dumps(asdict(params), sort_keys=True, default=as_plain)
    return hashlib.sha256(text.encode()).hexdigest()


def git_commit(repo: Path) -> str | None:
    """The HEAD commit of the git checkout at ``repo`` (None outside one, or without git)."""
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
    versions: dict[str, str | None] = {}
    for name in packages:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return {
        "scenario": params.scenario.name,
        "schema_version": SCHEMA_VERSION,
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
        "git_commit": git_commit(Path(__file__).resolve().parent.parent),
        "wall_time_s": round(wall_s, 3),
    }
