"""The ``portsim`` command: a thin shell, Hydra → :mod:`sim.api` → files and figures.

Before Hydra creates any output directory or instantiates anything, :func:`preflight` checks what
the command line asks for through the same path as :func:`sim.api.load`: the guard against code
in configs, the schema's rules, the memory estimate, and for a sweep (``-m``) every value of every
swept key. A bad input therefore stops with one line on stderr, ``portsim: error: KEY: what is
wrong; allowed: ...``, exit status 2, no traceback and no files written.

An error after that (during the run) writes ``status.json`` with ``"failed"`` and the error, prints
one line and exits with status 1. A run never writes into a directory that already holds results.
"""

from __future__ import annotations

import itertools
import logging
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import hydra
import pandas as pd
from hydra.core.hydra_config import HydraConfig
from hydra.core.override_parser.types import Override
from hydra.types import RunMode
from omegaconf import DictConfig, OmegaConf

from sim import api
from sim.cli_help import help_text, version_text
from sim.config import CONFIG_DIR, CONFIG_NAME, guard
from sim.config.compose import parse
from sim.errors import ConfigError
from sim.params import Params, ScenarioMode
from sim.results.io import clear_results, holds_results, write_frames, write_json, write_run
from sim.results.status import COMPLETE, FAILED, is_complete, manifest, write_status
from sim.results.summary import summary_text
from sim.run import comparison_metadata, config_hash, git_commit, run_metadata

log = logging.getLogger("portsim")

PROG = "portsim"
NO_VALIDATION = {"-h", "--help", "--hydra-help", "--version", "-sc", "--shell-completion"}
FLAGS_WITH_VALUE = {"-c", "--cfg", "-p", "--package", "--info", "-i"}
REFUSED_FLAGS = {
    "-cp": "--config-path",
    "--config-path": "--config-path",
    "-cn": "--config-name",
    "--config-name": "--config-name",
    "--experimental-rerun": "--experimental-rerun",
}
FULL_CHECK_JOBS = 256
"""Sweeps of at most this many jobs are checked job by job before the first one starts."""


@dataclass(frozen=True)
class CommandLine:
    """What the command line asks for."""

    overrides: list[str]
    multirun: bool
    config_dirs: list[str]
    validate: bool


def read_command_line(argv: Sequence[str]) -> CommandLine:
    """Split Hydra's flags from the overrides; refuse flags that replace portsim's config."""
    overrides: list[str] = []
    config_dirs: list[str] = []
    multirun = False
    validate = True
    it = iter(argv)
    for arg in it:
        flag, _, inline = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        if arg in ("-m", "--multirun"):
            multirun = True
        elif flag in REFUSED_FLAGS:
            raise ConfigError(
                REFUSED_FLAGS[flag],
                "portsim composes its own primary config",
                "--config-dir DIR to add folders of your own scenario files",
            )
        elif flag in ("-cd", "--config-dir"):
            value = inline or next(it, None)
            if not value:
                raise ConfigError("--config-dir", "needs a folder", "--config-dir DIR")
            config_dirs.append(str(Path(value).resolve()))
        elif arg in NO_VALIDATION or arg.startswith("--shell-completion"):
            validate = False
        elif arg in FLAGS_WITH_VALUE:
            next(it, None)
        elif arg.startswith("-"):
            continue
        else:
            overrides.append(arg)
    return CommandLine(overrides, multirun, config_dirs, validate)


def _explicit_run_dir(parsed: list[Override]) -> Path | None:
    for o in parsed:
        if o.key_or_group == "hydra.run.dir" and not o.is_sweep_override():
            return Path(str(o.value()))
    return None


def preflight(argv: Sequence[str]) -> Params | None:
    """Check the command line; return the parameters of a single run (None for a sweep).

    Raises
    ------
    ConfigError
        For the first bad input, with the key, what is wrong and what is allowed.
    """
    cmd = read_command_line(argv)
    if not cmd.validate:
        return None
    parsed = parse(cmd.overrides)
    guard.check_overrides(parsed)
    if not cmd.multirun:
        params = api.load(cmd.overrides, cmd.config_dirs)
        run_dir = _explicit_run_dir(parsed)
        if run_dir is not None and holds_results(run_dir):
            raise ConfigError(
                "hydra.run.dir",
                f"{run_dir} already holds results ({', '.join(holds_results(run_dir))})",
                "a new or empty folder",
            )
        return params
    check_sweep(parsed, cmd.config_dirs)
    return None


def check_sweep(parsed: list[Override], config_dirs: Sequence[str]) -> None:
    """Every value of every swept key, with the others at their first value; every job when few.

    A bad value stops the sweep before its first job, naming the key and the value.
    """
    fixed = [str(o.input_line) for o in parsed if not o.is_sweep_override()]
    swept: list[tuple[str, list[str]]] = []
    for o in parsed:
        if not o.is_sweep_override():
            continue
        try:
            values = list(o.sweep_string_iterator())
        except Exception:  # interval() sweeps of optimisers: no values to enumerate
            continue
        if not values:
            raise ConfigError(o.get_key_element(), "a sweep with no values", "one or more values")
        swept.append((o.get_key_element(), values))
    firsts = [f"{key}={values[0]}" for key, values in swept]
    jobs = 1
    for _, values in swept:
        jobs *= len(values)
    for i, (key, values) in enumerate(swept):
        for value in values:
            line = f"{key}={value}"
            others = firsts[:i] + firsts[i + 1 :]
            _check_job([*fixed, *others, line], config_dirs, line)
    if 1 < jobs <= FULL_CHECK_JOBS:
        for combo in itertools.product(*[[f"{k}={v}" for v in vs] for k, vs in swept]):
            _check_job([*fixed, *combo], config_dirs, " ".join(combo))
    if not swept:
        _check_job(fixed, config_dirs, "")


def _check_job(overrides: list[str], config_dirs: Sequence[str], job: str) -> None:
    try:
        api.load(overrides, config_dirs)
    except ConfigError as exc:
        if job and job.split("=", 1)[0] not in str(exc):
            raise ConfigError(
                exc.key, f"{exc.problem} (in the sweep job {job})", exc.allowed
            ) from None
        raise


# ------------------------------------------------------------------ the run


def execute(params: Params, out_dir: Path) -> tuple[str, dict[str, Any]]:
    """Run one configuration; write tables, metadata and figures; (summary, status files)."""
    started = time.perf_counter()

    def progress(done: int, total: int, elapsed: float) -> None:
        log.info("replication %d/%d done (%.1f s elapsed)", done, total, elapsed)

    results = api.simulate(params, progress=progress)
    paths = write_run(results.tables, results.costs, results.comparison, out_dir)
    observed = api.observed_vs_simulated(results)
    if observed is not None:
        paths += write_frames({"observed_vs_simulated": observed}, out_dir)
    yearly = api.yearly_tables(results)
    if yearly is not None:
        paths += write_frames(yearly, out_dir)
    meta = run_metadata(params, results.tables, time.perf_counter() - started)
    meta["cpu_time_s"] = round(results.cpu_s, 3)
    if results.comparison is not None:
        meta["displacement"] = comparison_metadata(results.comparison)
    write_json(meta, out_dir / "metadata.json")
    if params.run.figures:
        draw_figures(results, out_dir / "figures", observed, yearly)
    summary = summary_text(
        results.tables,
        params,
        out_dir,
        queue_check=params.scenario.mode is ScenarioMode.queue_check,
        comparison=results.comparison,
        costs=results.costs,
    )
    return summary, manifest(paths, out_dir)


def draw_figures(
    results: api.Results,
    folder: Path,
    observed: pd.DataFrame | None = None,
    yearly: dict[str, pd.DataFrame] | None = None,
) -> None:
    """The run's figures (matplotlib is imported only here); ``observed`` and ``yearly``: its
    observed-vs-simulated and per-year tables, if it has them."""
    from sim.plots.displacement import make_displacement_figures
    from sim.plots.observed import make_observed_figure
    from sim.plots.run_figures import make_figures
    from sim.plots.yearly import make_yearly_figure

    make_figures(results.tables, folder)
    if observed is not None:
        make_observed_figure(observed, results.params.scenario.name, folder)
    if yearly is not None:
        make_yearly_figure(yearly["yearly_summary"], results.params.run.scale, folder)
    c = results.comparison
    if c is not None:
        make_displacement_figures(
            c.scenario, c.counterfactual, c.by_port, c.groups, c.policy_start, folder
        )


def _params_of(cfg: DictConfig) -> Params:
    container = OmegaConf.to_container(cfg, resolve=True)
    assert isinstance(container, dict)
    return api.from_config({str(k): v for k, v in container.items()})


def run_job(cfg: DictConfig, out_dir: Path) -> str:
    """One job of a sweep: skipped when already complete and whole, failures recorded.

    Hydra's sweepers stop the whole sweep when a job raises; recording the error in the job's
    ``status.json`` instead lets the other jobs run, and the sweep callback reports failures. A
    job whose earlier results are incomplete or damaged is run again from a clean folder.
    """
    digest = None
    try:
        params = _params_of(cfg)
        digest = config_hash(params)
        if is_complete(out_dir, digest):
            log.info("job already complete in %s: skipped", out_dir)
            return COMPLETE
        clear_results(out_dir)
        summary, files = execute(params, out_dir)
    except Exception as exc:  # record and continue: the sweep goes on
        message = str(exc) if isinstance(exc, ConfigError) else f"{type(exc).__name__}: {exc}"
        log.error("job failed: %s", message, exc_info=not isinstance(exc, ConfigError))
        write_status(out_dir, FAILED, digest, error=message.splitlines()[0])
        return FAILED
    write_status(out_dir, COMPLETE, digest, files=files)
    print(summary)
    return COMPLETE


def run_single(cfg: DictConfig, out_dir: Path) -> str:
    """A single run: a fresh folder, status ``failed`` and exit 1 on an error during the run."""
    already = holds_results(out_dir)
    if already:  # only when two runs share a timestamped folder: nothing is touched
        print(
            f"{PROG}: error: {out_dir} already holds results ({', '.join(already)})",
            file=sys.stderr,
        )
        raise SystemExit(1)
    digest = None
    try:
        params = _params_of(cfg)
        digest = config_hash(params)
        summary, files = execute(params, out_dir)
    except Exception as exc:
        message = str(exc) if isinstance(exc, ConfigError) else f"{type(exc).__name__}: {exc}"
        first = message.splitlines()[0] if message else type(exc).__name__
        write_status(out_dir, FAILED, digest, error=first)
        log.debug("run failed", exc_info=True)
        print(f"{PROG}: error: {first}", file=sys.stderr)
        raise SystemExit(1) from None
    write_status(out_dir, COMPLETE, digest, files=files)
    print(summary)
    return COMPLETE


@hydra.main(version_base="1.3", config_path=str(CONFIG_DIR), config_name=CONFIG_NAME)
def _run(cfg: DictConfig) -> str:
    """Hydra task: one configuration, all its replications."""
    hydra_cfg = HydraConfig.get()
    out_dir = Path(hydra_cfg.runtime.output_dir)
    if hydra_cfg.mode is RunMode.MULTIRUN:
        return run_job(cfg, out_dir)
    return run_single(cfg, out_dir)


def main(argv: Sequence[str] | None = None) -> None:
    """Console-script entry point."""
    args = list(sys.argv[1:] if argv is None else argv)
    if "-h" in args or "--help" in args:  # portsim's own help; Hydra's is --hydra-help
        print(help_text())
        raise SystemExit(0)
    if "--version" in args:
        print(version_text(git_commit(Path(__file__).resolve().parent.parent)))
        raise SystemExit(0)
    try:
        preflight(args)
    except ConfigError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    sys.argv = [sys.argv[0], *args]
    _run()


if __name__ == "__main__":
    main()
