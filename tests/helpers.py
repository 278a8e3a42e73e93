"""Shared test helpers: validated parameters composed from the real configs, cached runs.

A regular module (``tests/`` is on the path), not a conftest: several conftest files exist and
importing one by name is ambiguous.
"""

from __future__ import annotations

import functools
from pathlib import Path

from sim import api
from sim.engine.network import NetworkInputs
from sim.params import Params
from sim.results.run_tables import ResultTables
from sim.results.status import COMPLETE, manifest, read_status, write_status
from sim.run import run_experiment


def setup(*overrides: str) -> tuple[Params, NetworkInputs]:
    """Validated params and network for the given command-line overrides (cached by the API)."""
    params = api.load(list(overrides))
    return params, api.network_of(params)


@functools.lru_cache(maxsize=32)
def _tables(overrides: tuple[str, ...]) -> ResultTables:
    params, network = setup(*overrides)
    return run_experiment(params, network)


def run_tables(*overrides: str) -> ResultTables:
    """Result tables of a run (cached across tests: treat as read-only)."""
    return _tables(tuple(overrides))


def restamp(run: Path) -> None:
    """Record a run's hand-edited tables in its status.json, as if portsim had written them."""
    status = read_status(run) or {}
    files = manifest(sorted(run.rglob("*.csv")), run)
    write_status(run, COMPLETE, status.get("config_sha256"), files=files)


def make_port(params, network, levers, resolve, seed: int, key: str = "antwerp"):
    """A lone Port outside any PortSystem (2023 traffic, full scale, an endless window)."""
    import simpy

    from sim.engine.port import Port
    from sim.engine.rng import stream

    return Port(
        simpy.Environment(),
        network.ports[key],
        levers,
        params.security,
        params.traffic,
        1.0,
        (0.0, 1e9),
        lambda name: stream(seed, 0, name),
        resolve,
        lambda t_h, action: None,
        lambda t_h: 2023,
        network.origins,
    )
