"""The ``portsim`` command: compose the config, validate it, run, write tables and figures.

Before Hydra creates any output directory, :func:`preflight` composes and validates the same
configuration through Hydra's compose API. A bad input therefore stops with one line on stderr
naming the key and the allowed values, exit status 2, no traceback and no files written.
"""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

import hydra
from hydra.core.hydra_config import HydraConfig
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.types import RunMode
from omegaconf import DictConfig

from sim.config import CONFIG_DIR, CONFIG_NAME, check_override_ports, compose, to_params
from sim.engine.network import NetworkInputs
from sim.errors import ConfigError
from sim.evidence.derive import build_network, known_ports
from sim.params import Params, ScenarioMode
from sim.results.costs import cost_table
from sim.results.io import write_comparison, write_frames, write_json, write_tables
from sim.results.status import COMPLETE, FAILED, is_complete, read_status, write_status
from sim.results.summary import summary_text
from sim.run import (
    comparison_metadata,
    config_hash,
    run_comparison,
    run_experiment,
    run_metadata,
)

log = logging.getLogger("portsim")

_SKIP_PREFLIGHT = {"-h", "--help", "--hydra-help", "--version", "-i", "--info", "-sc"}


def prepare(cfg: DictConfig) -> tuple[Params, NetworkInputs]:
    """Validated parameters and the evidence-derived network for a composed config."""
    params = to_params(cfg, known_ports())
    network = build_network(params)
    return params, network


def _split_argv(argv: list[str]) -> tuple[list[str], bool, bool]:
    """(config overrides, multirun?, skip preflight?) from the command line."""
    overrides: list[str] = []
    multirun = False
    skip = False
    flags_with_value = {"-c", "--cfg", "-p", "--package", "-cp", "--config-path"}
    flags_with_value |= {"-cn", "--config-name", "-cd", "--config-dir", "--experimental-rerun"}
    it = iter(argv)
    for arg in it:
        if arg in ("-m", "--multirun"):
            multirun = True
        elif arg in _SKIP_PREFLIGHT or arg.startswith("--shell-completion"):
            skip = True
        elif arg in flags_with_value:
            next(it, None)
            skip = skip or arg in ("-cp", "--config-path", "-cn", "--config-name", "-cd")
        elif arg.startswith("-"):
            continue
        else:
            overrides.append(arg)
    return overrides, multirun, skip


def preflight(argv: list[str]) -> None:
    """Compose and validate what the command line asks for; raise ConfigError if it is invalid.

    For a sweep (``-m``), every value of a swept config group (``scenario=a,b``) is checked, and
    the first value of every other swept key; a bad value elsewhere in a sweep fails only its job.
    """
    overrides, multirun, skip = _split_argv(argv)
    if skip:
        return
    check_override_ports(overrides, known_ports())
    if not multirun:
        prepare(compose(overrides))
        return
    try:
        parsed = OverridesParser.create().parse_overrides(overrides)
    except Exception as exc:  # Hydra's grammar errors: report the first line
        raise ConfigError("", f"cannot parse override: {str(exc).splitlines()[0]}") from None
    fixed = [o.input_line for o in parsed if not o.is_sweep_override()]
    first = []
    for o in parsed:
        if not o.is_sweep_override():
            continue
        try:
            values = list(o.sweep_string_iterator())
        except Exception:  # interval() sweeps (optimisers) have no values to try
            continue
        if not values:
            continue
        first.append(f"{o.get_key_element()}={values[0]}")
        if "/" not in o.key_or_group and "." not in o.key_or_group and len(values) > 1:
            for value in values[1:]:  # a config group: every option must exist
                compose([*fixed, f"{o.get_key_element()}={value}"])
    compose([*fixed, *first])


def execute(params: Params, network: NetworkInputs, out_dir: Path) -> str:
    """Run one configuration; write tables, costs, metadata and figures; return the summary."""
    started = time.perf_counter()
    mode = params.scenario.mode

    def progress(done: int, total: int, elapsed: float) -> None:
        log.info("replication %d/%d done (%.1f s elapsed)", done, total, elapsed)

    comparison = None
    costs = None
    if params.scenario.counterfactual:
        comparison = run_comparison(params, network, progress=progress)
        tables, costs = comparison.scenario, comparison.costs
        write_comparison(comparison, out_dir)
    else:
        tables = run_experiment(params, network, progress=progress)
        if mode is ScenarioMode.network:
            costs = cost_table(tables, params)
    write_tables(tables, out_dir)
    if costs is not None:
        write_frames({"costs": costs}, out_dir)
    meta = run_metadata(params, tables, time.perf_counter() - started)
    if comparison is not None:
        meta["displacement"] = comparison_metadata(comparison)
    write_json(meta, out_dir / "metadata.json")
    from sim.plots.run_figures import make_figures  # matplotlib only when figures are drawn

    make_figures(tables, out_dir / "figures")
    if comparison is not None:
        from sim.plots.displacement import make_displacement_figures

        make_displacement_figures(
            comparison.scenario,
            comparison.counterfactual,
            comparison.by_port,
            comparison.groups,
            comparison.policy_start,
            out_dir / "figures",
        )
    queue_check = mode is ScenarioMode.queue_check
    return summary_text(
        tables, params, out_dir, queue_check=queue_check, comparison=comparison, costs=costs
    )


def run_job(cfg: DictConfig, out_dir: Path) -> str | None:
    """One job of a sweep: skipped when already complete, failures recorded, never raised.

    Hydra's sweepers stop the whole sweep when a job raises; recording the error in the job's
    ``status.json`` instead lets the other jobs run, and the sweep callback reports failures.
    """
    started = time.perf_counter()
    digest = None
    try:
        params, network = prepare(cfg)
        digest = config_hash(params)
        if is_complete(out_dir, digest):
            log.info("job already complete in %s: skipped", out_dir)
            return read_status(out_dir).get("status")  # type: ignore[union-attr]
        summary = execute(params, network, out_dir)
    except Exception as exc:  # record and continue: the sweep goes on
        message = str(exc) if isinstance(exc, ConfigError) else f"{type(exc).__name__}: {exc}"
        log.error("job failed: %s", message, exc_info=not isinstance(exc, ConfigError))
        write_status(out_dir, FAILED, digest, error=message.splitlines()[0])
        return FAILED
    write_status(out_dir, COMPLETE, digest, wall_time_s=time.perf_counter() - started)
    print(summary)
    return COMPLETE


@hydra.main(version_base="1.3", config_path=str(CONFIG_DIR), config_name=CONFIG_NAME)
def _run(cfg: DictConfig) -> str | None:
    """Hydra task: one configuration, all its replications."""
    hydra_cfg = HydraConfig.get()
    out_dir = Path(hydra_cfg.runtime.output_dir)
    if hydra_cfg.mode is RunMode.MULTIRUN:
        return run_job(cfg, out_dir)
    started = time.perf_counter()
    params, network = prepare(cfg)
    print(execute(params, network, out_dir))
    write_status(out_dir, COMPLETE, config_hash(params), wall_time_s=time.perf_counter() - started)
    return COMPLETE


def main() -> None:
    """Console-script entry point."""
    argv = sys.argv[1:]
    try:
        preflight(argv)
    except ConfigError as exc:
        print(f"portsim: error: {exc}", file=sys.stderr)
        sys.exit(2)
    _run()


if __name__ == "__main__":
    main()
