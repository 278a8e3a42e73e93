"""Hydra callback that turns a multirun into a study: progress, combined tables, figures.

Registered in ``configs/config.yaml`` under ``hydra.callbacks``. In a sweep (``portsim -m``):

* at the start it counts the jobs and records them in ``<sweep dir>/sweep.json``;
* after each job it prints ``jobs done / total`` and the elapsed time (each job's
  ``status.json`` is the source of truth, so the count is right with any launcher);
* at the end it writes ``sweep.csv`` and ``sweep.parquet`` (one row per job and replication, the
  swept values as columns, plus mean and 95 % CI rows per job) and ``sweep_ports.csv``, lists the
  failed jobs with their errors, and exits with status 1 if any job failed.

The comparison figures of the sweep are drawn by the comparison package's own callback
(:class:`sim.compare.callback.SweepFiguresCallback`, listed after this one in
``configs/config.yaml`` so that Hydra, which ends callbacks in reverse order, draws them before
this one exits).

Single runs are not affected.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from pathlib import Path
from typing import Any

from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.core.utils import JobReturn
from hydra.experimental.callback import Callback
from hydra.types import RunMode
from omegaconf import DictConfig, OmegaConf

from sim.results.io import atomic_write, write_json
from sim.results.status import COMPLETE, STATUS_FILE, read_status
from sim.results.sweep_tables import NO_RESULT, build_sweep_tables, job_dirs

SWEEP_INFO = "sweep.json"


def count_jobs(task_overrides: list[str]) -> int | None:
    """Number of jobs a grid sweep of these overrides launches (None if not a finite grid)."""
    try:
        parsed = OverridesParser.create().parse_overrides(task_overrides)
        total = 1
        for override in parsed:
            if override.is_sweep_override():
                total *= len(list(override.sweep_string_iterator()))
        return total
    except Exception:  # interval() and other non-grid sweeps: unknown total
        return None


def _read_info(sweep_dir: Path) -> dict[str, Any]:
    """The sweep's ``sweep.json``; empty if it is missing or unreadable."""
    try:
        return json.loads((sweep_dir / SWEEP_INFO).read_text())
    except (OSError, ValueError):
        return {}


def _is_multirun(config: DictConfig) -> bool:
    return OmegaConf.select(config, "hydra.mode") == RunMode.MULTIRUN


class SweepCallback(Callback):
    """Progress and collection of a sweep (see module docstring)."""

    def on_multirun_start(self, config: DictConfig, **kwargs: Any) -> None:
        """Record the sweep: its folder, number of jobs and start time."""
        sweep_dir = Path(config.hydra.sweep.dir)
        sweep_dir.mkdir(parents=True, exist_ok=True)
        task = [str(line) for line in config.hydra.overrides.task]
        total = count_jobs(task)
        write_json(
            {"total_jobs": total, "started": time.time(), "overrides": task},
            sweep_dir / SWEEP_INFO,
        )
        print(f"[portsim] sweep of {total or '?'} jobs into {sweep_dir}", flush=True)

    def on_job_end(self, config: DictConfig, job_return: JobReturn, **kwargs: Any) -> None:
        """Print jobs done / total and the elapsed time."""
        if not _is_multirun(config):
            return
        sweep_dir = Path(config.hydra.sweep.dir)
        info = _read_info(sweep_dir)
        done = sum(1 for _ in sweep_dir.glob(f"*/{STATUS_FILE}"))
        elapsed = time.time() - info.get("started", time.time())
        minutes, seconds = divmod(int(elapsed), 60)
        total = info.get("total_jobs") or "?"
        print(f"[portsim] {done}/{total} jobs done, {minutes:d}:{seconds:02d} elapsed", flush=True)

    def on_multirun_end(self, config: DictConfig, **kwargs: Any) -> None:
        """Write the combined tables and figures; report failed jobs (exit status 1)."""
        sweep_dir = Path(config.hydra.sweep.dir)
        try:
            failed = collect(sweep_dir)
        except Exception as exc:  # Hydra would only warn: make it an error
            print(
                f"portsim: could not collect the sweep in {sweep_dir}: {type(exc).__name__}: {exc}",
                file=sys.stderr,
            )
            sys.exit(1)
        if failed:
            for num, error in failed.items():
                print(f"portsim: job {num} failed: {error}", file=sys.stderr)
            print(
                f"portsim: {len(failed)} job(s) failed; the others are in {sweep_dir}/sweep.csv",
                file=sys.stderr,
            )
            sys.exit(1)


def collect(sweep_dir: Path) -> dict[int, str]:
    """Write sweep.csv/.parquet and sweep_ports.csv; return the failed jobs' errors."""
    jobs = job_dirs(sweep_dir)
    sweep, ports, swept = build_sweep_tables(jobs)
    atomic_write(sweep_dir / "sweep.csv", lambda tmp: sweep.to_csv(tmp, index=False))
    atomic_write(sweep_dir / "sweep_ports.csv", lambda tmp: ports.to_csv(tmp, index=False))
    atomic_write(
        sweep_dir / "sweep.parquet",
        lambda tmp: sweep.astype(dict.fromkeys(swept, str)).to_parquet(tmp, index=False),
    )
    statuses = {num: read_status(path) or {} for num, path in jobs.items()}
    failed = {
        num: str(s.get("error", NO_RESULT))
        for num, s in sorted(statuses.items())
        if s.get("status") != COMPLETE
    }
    info = _read_info(sweep_dir)
    info |= {
        "swept": swept,
        "jobs": len(jobs),
        "failed_jobs": sorted(failed),
        "created": dt.datetime.now().isoformat(timespec="seconds"),
    }
    write_json(info, sweep_dir / SWEEP_INFO)
    return failed
