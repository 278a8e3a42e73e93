"""portsim as plain Python functions: for notebooks, EMA Workbench, SALib and the command line.

::

    from sim import api

    params = api.load(["scenario=antwerp_surge", "run.scale=0.1"])   # validated, cached
    results = api.simulate(params, replications=2)                   # in-memory tables
    results.replications.kg_delivered.mean()
    api.evaluate({"ports.antwerp.scanners": 8, "run.scale": 0.05})    # {outcome: value}
    api.outcomes()          # names, units and meanings of what evaluate returns
    api.parameter_space()   # every numeric lever and uncertainty with its valid range

* :func:`load` composes ``configs/`` with overrides (a list of ``key=value`` strings as on the
  command line, or a mapping ``{key: value}`` whose values may be numpy scalars), checks it
  against the schema (one-line :class:`~sim.errors.ConfigError` on any problem), refuses a run
  that would not fit in memory, and caches the result per override set. It leaves no Hydra
  global state behind. The returned parameters are shared by later calls with the same
  overrides: treat them as read-only (use :func:`dataclasses.replace` to vary them).
* :func:`simulate` runs every replication (and the counterfactual, when the scenario has one)
  and returns the tables in memory: no files, no figures.
* :func:`evaluate` returns the scalar outcomes (:mod:`sim.results.outcomes`) averaged over the
  replications.

The command line (``portsim``) is a shell over these functions: Hydra → :func:`from_config` →
:func:`simulate` → files and figures.
"""

from __future__ import annotations

import functools
import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim.config import guard
from sim.config.compose import CONFIG_DIR, compose_groups, parse, plain
from sim.engine.network import NetworkInputs
from sim.errors import ConfigError
from sim.evidence.derive import build_network, evidence, known_origins, known_ports
from sim.params import BeyondData, Params, RunParams, ScenarioMode
from sim.params.budget import check_memory
from sim.params.convert import to_params
from sim.params.rules import Context, rule_of
from sim.params.space import Factor, factors
from sim.results.costs import cost_table
from sim.results.observed import observed_vs_simulated as _observed_vs_simulated
from sim.results.outcomes import OutcomeInfo, outcome_infos, scalar_outcomes
from sim.results.run_tables import ResultTables
from sim.results.yearly import spans_years, yearly_summary
from sim.run import Comparison, Progress, queue_check_network, run_comparison, run_experiment

Overrides = Sequence[str] | Mapping[str, Any] | None
"""Overrides as ``["key=value", ...]`` (Hydra's grammar) or ``{"key": value, ...}``."""

__all__ = [
    "Factor",
    "OutcomeInfo",
    "Results",
    "evaluate",
    "from_config",
    "load",
    "network_of",
    "observed_vs_simulated",
    "outcomes",
    "parameter_space",
    "simulate",
    "yearly_tables",
]


# ------------------------------------------------------------------ load


def _literal(value: Any) -> str:
    """A Python value as a literal of Hydra's override grammar (exact for floats)."""
    if isinstance(value, np.generic):
        value = value.item()
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
        return repr(value)
    if isinstance(value, str):
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_literal(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{" + ",".join(f"{k}:{_literal(v)}" for k, v in value.items()) + "}"
    raise ConfigError(
        repr(value),
        f"cannot use a {type(value).__name__} as a value",
        "numbers, text, lists, mappings",
    )


def override_lines(overrides: Overrides) -> tuple[str, ...]:
    """Overrides as command-line strings (a mapping's group keys take option names)."""
    if overrides is None:
        return ()
    if isinstance(overrides, Mapping):
        lines = []
        for key, value in overrides.items():
            if not isinstance(key, str):
                raise ConfigError(repr(key), "an override key must be a string", "dotted keys")
            lines.append(
                f"{key}={value}"
                if "=" not in key and _is_group_key(key)
                else f"{key}={_literal(value)}"
            )
        return tuple(lines)
    if isinstance(overrides, str):
        raise ConfigError(
            overrides, "overrides must be a list of strings, not one string", "['key=value', ...]"
        )
    return tuple(overrides)


def _is_group_key(key: str) -> bool:
    bare = key.lstrip("+~")
    return "/" in bare or ("." not in bare and (CONFIG_DIR / bare).is_dir())


@functools.lru_cache(maxsize=1)
def _reference_hydra() -> dict[str, Any]:
    return compose_groups().hydra


@functools.lru_cache(maxsize=256)
def _load(lines: tuple[str, ...], search_dirs: tuple[str, ...]) -> Params:
    parsed = parse(lines)
    guard.check_overrides(parsed)
    composed = plain(lines, search_dirs, parsed)
    guard.check_hydra_node(composed.hydra, _reference_hydra())
    params = from_config(composed.config)
    if composed.created:
        key = composed.created[0]
        raise ConfigError(key, "not in the configuration", f"+{key}=VALUE to add it")
    check_memory(params, network_of(params))
    return params


def load(overrides: Overrides = None, search_dirs: Sequence[str] = ()) -> Params:
    """Composed and validated parameters for these overrides (cached per override set).

    Parameters
    ----------
    overrides
        ``["scenario=antwerp_surge", "ports.antwerp.scanners=8"]`` or
        ``{"scenario": "antwerp_surge", "ports.antwerp.scanners": np.int64(8)}``.
    search_dirs
        Extra folders of config files (the command line's ``--config-dir``), checked by the guard.

    Raises
    ------
    ConfigError
        One line naming the key, what is wrong and what is allowed.
    """
    for folder in search_dirs:
        guard.check_config_dir(Path(folder))
    return _load(override_lines(overrides), tuple(search_dirs))


def from_config(config: Mapping[str, Any]) -> Params:
    """Validated parameters from an already composed configuration (e.g. Hydra's ``cfg``).

    ``config`` may hold a ``hydra`` node (it is ignored) and unresolved interpolations are not
    allowed: pass ``OmegaConf.to_container(cfg, resolve=True)``.
    """
    data = {k: v for k, v in config.items() if k != "hydra"}
    return to_params(data, known_ports(), known_origins())


@functools.lru_cache(maxsize=64)
def _network(
    ports: tuple[str, ...], throughput_year: int | None, growth_per_year: float
) -> NetworkInputs:
    return build_network(ports, throughput_year, evidence(), growth_per_year)


def network_of(params: Params) -> NetworkInputs:
    """The evidence-derived network of a run's ports (volumes, shares, transit times; cached).

    Traffic after the last data year follows ``traffic.beyond_data``: held (``hold_last``) or
    compounded at ``traffic.growth_per_year`` (``growth``).
    """
    if params.scenario.mode is ScenarioMode.queue_check:
        return queue_check_network()
    traffic = params.traffic
    growth = traffic.growth_per_year if traffic.beyond_data is BeyondData.growth else 0.0
    return _network(tuple(params.ports), traffic.throughput_year, growth)


# ------------------------------------------------------------------ simulate


@dataclass
class Results:
    """Everything a run produced, in memory.

    Attributes
    ----------
    params : Params
        The parameters it ran with (seed and replications as run).
    tables : ResultTables
        ``replications``, ``ports``, ``timeseries``, ``shipments``, ``prices`` (columns:
        :mod:`sim.results.schema`).
    costs : pandas.DataFrame or None
        ``costs.csv`` (network runs).
    comparison : Comparison or None
        The counterfactual's tables, displacement and cost comparison, for a scenario with a
        counterfactual.
    cpu_s : float
        CPU seconds of the simulation (not part of any table).
    """

    params: Params
    tables: ResultTables
    costs: pd.DataFrame | None
    comparison: Comparison | None
    cpu_s: float

    @property
    def replications(self) -> pd.DataFrame:
        """``replications.csv``."""
        return self.tables.replications

    @property
    def ports(self) -> pd.DataFrame:
        """``ports.csv``."""
        return self.tables.ports

    @property
    def timeseries(self) -> pd.DataFrame:
        """``timeseries.csv``."""
        return self.tables.timeseries

    @property
    def prices(self) -> pd.DataFrame:
        """``prices.csv``: the wholesale price path."""
        return self.tables.prices

    @property
    def shipments(self) -> pd.DataFrame:
        """``shipments.csv``."""
        return self.tables.shipments


def _with_run(params: Params, seed: int | None, replications: int | None) -> Params:
    if seed is None and replications is None:
        return params
    run = params.run
    if seed is not None:
        run = replace(run, seed=rule_of(RunParams, "seed").check("run.seed", seed, Context()))
    if replications is not None:
        n = rule_of(RunParams, "replications").check("run.replications", replications, Context())
        run = replace(run, replications=n)
    return replace(params, run=run)


def simulate(
    params: Params,
    seed: int | None = None,
    replications: int | None = None,
    progress: Progress | None = None,
) -> Results:
    """Run every replication of ``params`` (``seed`` and ``replications`` override ``run.*``)."""
    params = _with_run(params, seed, replications)
    network = network_of(params)
    started = time.process_time()
    comparison = None
    costs = None
    if params.scenario.counterfactual:
        comparison = run_comparison(params, network, progress=progress)
        tables, costs = comparison.scenario, comparison.costs
    else:
        tables = run_experiment(params, network, progress=progress)
        if params.scenario.mode is ScenarioMode.network:
            costs = cost_table(tables, params)
    return Results(params, tables, costs, comparison, time.process_time() - started)


def observed_vs_simulated(results: Results) -> pd.DataFrame | None:
    """``observed_vs_simulated.csv`` of a run: its kg seized per port against the published
    figures of ``scenario.observed_year`` (:mod:`sim.results.observed`).

    The published figures and their sources are read here, from the checked ``seeds/`` tables,
    and passed in. None when the scenario declares no observed year or the run's window does not
    cover all of it.
    """
    ev = evidence()
    return _observed_vs_simulated(results.tables, results.params, ev.published, ev.sources)


def evaluate(
    params_or_overrides: Params | Overrides = None,
    seed: int | None = None,
    replications: int = 1,
) -> dict[str, float]:
    """The scalar outcomes of a run, averaged over its replications.

    ``params_or_overrides`` is a :class:`~sim.params.Params` from :func:`load` or overrides for
    it. Returns ``{name: value}`` for every name of :func:`outcomes` (NaN where undefined, e.g.
    the counterfactual outcomes of a scenario without one).
    """
    params = (
        params_or_overrides
        if isinstance(params_or_overrides, Params)
        else load(params_or_overrides)
    )
    if params.scenario.mode is not ScenarioMode.network:
        raise ConfigError("scenario.mode", "evaluate needs the network model", "network")
    results = simulate(params, seed=seed, replications=replications)
    assert results.costs is not None
    return scalar_outcomes(results.tables, results.costs, results.comparison)


def outcomes(params: Params | None = None) -> list[OutcomeInfo]:
    """Names, units and meanings of what :func:`evaluate` returns (for these or default ports)."""
    ports = tuple((params or load()).ports)
    return outcome_infos(ports)


def parameter_space(
    params: Params | None = None, kinds: Sequence[str] = ("lever", "uncertainty")
) -> list[Factor]:
    """Every numeric lever and uncertainty with its valid range and current value.

    Ranges come from the same rules that validate a config (:mod:`sim.params.rules`), so any
    value inside a factor's range passes :func:`load` on its own (cross-field rules such as shares
    summing to one may still refuse a combination).
    """
    return factors(params or load(), kinds)


def yearly_tables(results: Results) -> dict[str, pd.DataFrame] | None:
    """``yearly.csv`` (per replication, year and route) and ``yearly_summary.csv`` (mean and
    95 % CI, all routes included, each year's traffic basis) of a network run whose window
    spans several calendar years (:mod:`sim.results.yearly`); None for any other run."""
    if not spans_years(results.params):
        return None
    yearly = results.tables.yearly
    return {"yearly": yearly, "yearly_summary": yearly_summary(yearly, results.params)}
