"""Fixtures of the comparison tests: two small real runs and sweeps assembled from copies of them.

The runs are made once per session with the ``portsim`` command (subprocesses, in parallel):
a baseline and ``antwerp_surge`` (which has a counterfactual), at scale 0.05 with 2 replications
over five months around the policy date. The sweeps are synthetic: copies of those run folders
renamed ``0/``, ``1/``, … with their ``.hydra/overrides.yaml`` rewritten, some values shifted by
known amounts (so that the response curves are not flat), and a failed job with only
``status.json``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from compare.sweep_values import ANTWERP_STEP, FAILED_ERROR, SCANNERS, SEIZED_STEP
from helpers import restamp

PORTSIM = [sys.executable, "-c", "from sim.cli import main; main()"]
SMALL = (
    "run.scale=0.05",
    "run.replications=2",
    "run.warmup_days=30",
    "run.horizon_days=153",
    "run.start_date=2023-10-01",
)


@dataclass(frozen=True)
class Runs:
    """The fixture's run and sweep directories."""

    base: Path  # baseline run
    surge: Path  # antwerp_surge run (counterfactual, displacement tables)
    outputs: Path  # folder of runs: outputs/<scenario>/<timestamp>/
    sweep: Path  # ports.antwerp.scanners = 5, 8, 12 + failed job 3 (no sweep.csv)
    sweep2: Path  # two keys from the surge run: ports.antwerp.scanners x costs.scan_eur
    sweep_cat: Path  # scenario = baseline, antwerp_surge (categorical)
    failed_only: Path  # a sweep whose only job failed


def _write_overrides(job: Path, overrides: list[str]) -> None:
    (job / ".hydra").mkdir(parents=True, exist_ok=True)
    text = "".join(f"- {o}\n" for o in overrides)
    (job / ".hydra" / "overrides.yaml").write_text(text)


def _copy_job(run: Path, job: Path, overrides: list[str], shift: int = 0) -> None:
    shutil.copytree(run, job, ignore=shutil.ignore_patterns("figures", "*.log"))
    _write_overrides(job, overrides)
    if shift:
        reps = pd.read_csv(job / "replications.csv")
        reps["kg_seized"] += shift * SEIZED_STEP
        reps.to_csv(job / "replications.csv", index=False)
        ports = pd.read_csv(job / "ports.csv")
        ports.loc[ports["port"] == "antwerp", "kg_attempted"] += shift * ANTWERP_STEP
        ports.to_csv(job / "ports.csv", index=False)
        restamp(job)


def _failed_job(job: Path, overrides: list[str]) -> None:
    job.mkdir(parents=True)
    _write_overrides(job, overrides)
    (job / "status.json").write_text(json.dumps({"status": "failed", "error": FAILED_ERROR}))


@pytest.fixture(scope="session")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Runs:
    """Two real runs (made in parallel) and the sweeps and folders built from them."""
    root = tmp_path_factory.mktemp("compare")
    base, surge = root / "base", root / "surge"
    procs = [
        subprocess.Popen(
            [*PORTSIM, f"scenario={name}", *SMALL, f"hydra.run.dir={out}"],
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name, out in (("baseline", base), ("antwerp_surge", surge))
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err

    outputs = root / "outputs"
    shutil.copytree(base, outputs / "baseline" / "2024-05-01_10-00-00")
    shutil.copytree(surge, outputs / "antwerp_surge" / "2024-05-01_11-00-00")

    sweep = root / "sweep"
    for job, scanners in enumerate(SCANNERS):
        overrides = ["scenario=baseline", f"ports.antwerp.scanners={scanners}", *SMALL]
        _copy_job(base, sweep / str(job), overrides, shift=job)
    _failed_job(sweep / "3", ["scenario=baseline", "ports.antwerp.scanners=-1", *SMALL])

    sweep2 = root / "sweep2"
    job = 0
    for scan_eur in (100, 200):
        for scanners in (5, 10):
            overrides = [f"ports.antwerp.scanners={scanners}", f"costs.scan_eur={scan_eur}"]
            _copy_job(surge, sweep2 / str(job), overrides, shift=job)
            job += 1

    sweep_cat = root / "sweep_cat"
    _copy_job(base, sweep_cat / "0", ["scenario=baseline", *SMALL])
    _copy_job(surge, sweep_cat / "1", ["scenario=antwerp_surge", *SMALL])

    failed_only = root / "failed_only"
    _failed_job(failed_only / "0", ["ports.antwerp.scanners=-1"])
    return Runs(base, surge, outputs, sweep, sweep2, sweep_cat, failed_only)
