"""End-to-end runs of the ``portsim`` command (subprocesses, as an analyst would run it)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from test_config import BAD_INPUTS

from sim.results import schema

PORTSIM = [sys.executable, "-c", "from sim.cli import main; main()"]


def portsim(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*PORTSIM, *args], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )


def test_small_run_writes_every_output_file(tmp_path):
    out = tmp_path / "run"
    done = portsim(tmp_path, "run=smoke", f"hydra.run.dir={out}")
    assert done.returncode == 0, done.stderr
    for table in schema.RUN_TABLES:
        frame = pd.read_csv(out / f"{table}.csv")
        assert list(frame.columns) == schema.columns(table)
    assert not (out / "displacement.csv").exists()
    assert len(pd.read_csv(out / "replications.csv")) == 2
    assert len(pd.read_csv(out / "ports.csv")) == 2 * 12
    meta = json.loads((out / "metadata.json").read_text())
    assert meta["scenario"] == "baseline" and len(meta["config_sha256"]) == 64
    assert len(meta["rng_seeds"]) == 2 and meta["wall_time_s"] > 0
    figures = sorted(p.name for p in (out / "figures").glob("*.png"))
    assert len(figures) >= 3
    assert f"results: {out}" in done.stdout
    assert "antwerp" in done.stdout


def test_policy_scenario_writes_its_counterfactual_and_displacement(tmp_path):
    out = tmp_path / "surge"
    done = portsim(
        tmp_path,
        "scenario=antwerp_surge",
        "run.scale=0.05",
        "run.replications=2",
        "run.warmup_days=120",
        "run.horizon_days=540",
        f"hydra.run.dir={out}",
    )
    assert done.returncode == 0, done.stderr
    for table in ("displacement", "displacement_by_port"):
        assert list(pd.read_csv(out / f"{table}.csv").columns) == schema.columns(table)
    for table in schema.RUN_TABLES:
        cf = pd.read_csv(out / "counterfactual" / f"{table}.csv")
        assert list(cf.columns) == schema.columns(table)
    assert (
        pd.read_csv(out / "counterfactual/replications.csv")["scenario"]
        == "antwerp_surge_counterfactual"
    ).all()
    for figure in ("displacement_by_port", "treated_share_over_time"):
        assert (out / "figures" / f"{figure}.png").is_file()
    assert "displacement ratio" in done.stdout and "time to 50 %" in done.stdout
    meta = json.loads((out / "metadata.json").read_text())
    assert meta["displacement"]["treated"] == ["antwerp"]


def test_queue_check_run_prints_theory(tmp_path):
    out = tmp_path / "qc"
    done = portsim(
        tmp_path,
        "scenario=queue_check",
        "run.replications=2",
        "run.horizon_days=30",
        f"hydra.run.dir={out}",
    )
    assert done.returncode == 0, done.stderr
    assert "Erlang C" in done.stdout
    assert (out / "figures" / "scanner_load_by_port.png").is_file()


@pytest.mark.parametrize(("override", "key", "allowed"), BAD_INPUTS[:10])
def test_bad_input_exits_nonzero_with_one_line_and_no_files(tmp_path, override, key, allowed):
    out = tmp_path / "never"
    done = portsim(tmp_path, override, f"hydra.run.dir={out}")
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("portsim: error:"), done.stderr
    assert key in lines[0] and allowed in lines[0]
    assert "Traceback" not in done.stderr
    assert not out.exists()
    assert not (tmp_path / "outputs").exists()


def test_bad_sweep_option_is_rejected_before_any_job(tmp_path):
    done = portsim(tmp_path, "-m", "scenario=baseline,nosuch", f"hydra.sweep.dir={tmp_path / 'm'}")
    assert done.returncode == 2 and "nosuch" in done.stderr
    assert not (tmp_path / "m").exists()
