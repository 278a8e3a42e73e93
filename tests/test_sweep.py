"""Sweeps: combined tables, identical results across launchers, failures recorded, resume."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

PORTSIM = [sys.executable, "-c", "from sim.cli import main; main()"]
SMALL = (
    "run=smoke",
    "run.replications=2",
    "run.warmup_days=10",
    "run.horizon_days=40",
)


def sweep(tmp_path: Path, name: str, *args: str) -> tuple[subprocess.CompletedProcess, Path]:
    out = tmp_path / name
    done = subprocess.run(
        [*PORTSIM, "-m", *SMALL, *args, f"hydra.sweep.dir={out}"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return done, out


def results(out: Path) -> pd.DataFrame:
    return pd.read_csv(out / "sweep.csv")


def same_bytes(out: Path, reference: Path) -> None:
    """No table holds a wall-clock time (see metadata.json): launchers agree byte for byte."""
    for table in ("sweep.csv", "sweep_summary.csv"):
        if (reference / table).exists():
            assert (out / table).read_bytes() == (reference / table).read_bytes(), table


@pytest.fixture(scope="module")
def basic(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("basic")
    done, out = sweep(tmp, "basic", "hydra/launcher=basic", "ports.antwerp.scanners=2,6")
    assert done.returncode == 0, done.stderr
    return done, out


def test_sweep_writes_the_combined_tables(basic):
    done, out = basic
    frame = pd.read_csv(out / "sweep.csv")
    assert "ports.antwerp.scanners" in frame.columns
    reps = frame[frame["row"] == "replication"]
    assert len(reps) == 2 * 2  # jobs x replications
    assert set(frame["row"]) == {"replication", "mean", "ci_low", "ci_high"}
    assert (frame["status"] == "complete").all()
    for job, rows in reps.groupby("job"):
        mean = frame[(frame["job"] == job) & (frame["row"] == "mean")]["kg_seized"].iloc[0]
        assert mean == pytest.approx(rows["kg_seized"].mean())
    assert (out / "sweep.parquet").is_file() and (out / "sweep_ports.csv").is_file()
    info = json.loads((out / "sweep.json").read_text())
    assert info["total_jobs"] == 2 and info["failed_jobs"] == []
    assert "2/2 jobs done" in done.stdout
    assert any((out / "comparison").glob("*.png"))


def test_joblib_and_submitit_launchers_give_identical_results(basic, tmp_path):
    _, basic_out = basic
    for launcher in ("local", "submitit_local"):
        done, out = sweep(
            tmp_path, launcher, f"hydra/launcher={launcher}", "ports.antwerp.scanners=2,6"
        )
        assert done.returncode == 0, done.stderr
        pd.testing.assert_frame_equal(results(out), results(basic_out))
        same_bytes(out, basic_out)


def test_ray_launcher_gives_identical_results(basic, tmp_path, monkeypatch):
    """A local Ray (the ``[ray]`` extra; not in the test extra, so skipped where absent)."""
    pytest.importorskip("hydra_plugins.hydra_ray_launcher", reason="the [ray] extra is absent")
    monkeypatch.setenv("RAY_AUTH_MODE", "disabled")
    _, basic_out = basic
    done, out = sweep(
        tmp_path,
        "ray",
        "hydra/launcher=ray",
        "+hydra.launcher.ray.init.num_cpus=2",
        "ports.antwerp.scanners=2,6",
    )
    assert done.returncode == 0, done.stderr
    pd.testing.assert_frame_equal(results(out), results(basic_out))
    same_bytes(out, basic_out)


def test_a_bad_sweep_value_stops_the_sweep_before_any_job(tmp_path):
    done, out = sweep(tmp_path, "fail", "hydra/launcher=basic", "ports.antwerp.scanners=3,-1")
    assert done.returncode == 2
    assert done.stderr.startswith("portsim: error: ports.antwerp.scanners: -1 is out of range")
    assert not out.exists() and not (tmp_path / "multirun").exists()


def test_a_job_that_fails_during_the_sweep_is_recorded_and_the_others_complete(tmp_path):
    """Job 1's organisation table is broken after the preflight (a stand-in for a failure
    inside the run): its status records the error, job 0 completes, the sweep exits 1."""
    from omegaconf import OmegaConf

    from sim.callbacks import collect
    from sim.cli import run_job
    from sim.config.compose import compose_groups
    from sim.results.status import read_status

    good = OmegaConf.create(compose_groups(("run=smoke",)).config)
    OmegaConf.update(good, "run.replications", 1)
    OmegaConf.update(good, "run.horizon_days", 20)
    OmegaConf.update(good, "run.figures", False)
    bad = OmegaConf.create(OmegaConf.to_container(good))
    OmegaConf.update(bad, "ports.antwerp.scanners", -1)
    out = tmp_path / "sweep"
    assert run_job(good, out / "0") == "complete"
    assert run_job(bad, out / "1") == "failed"
    status = read_status(out / "1")
    assert status["status"] == "failed" and "ports.antwerp.scanners" in status["error"]
    failed = collect(out)
    assert list(failed) == [1]
    frame = pd.read_csv(out / "sweep.csv")
    assert set(frame.loc[frame["status"] == "failed", "job"]) == {1}
    ok = frame[(frame["job"] == 0) & (frame["row"] == "replication")]
    assert len(ok) == 1 and (ok["status"] == "complete").all()
    assert json.loads((out / "sweep.json").read_text())["failed_jobs"] == [1]


def test_resuming_reruns_only_the_job_whose_results_are_missing(tmp_path):
    args = ("hydra/launcher=basic", "ports.antwerp.scanners=2,6")
    first, out = sweep(tmp_path, "resume", *args)
    assert first.returncode == 0, first.stderr
    before = results(out)
    kept = out / "0" / "replications.csv"
    stamp = kept.stat().st_mtime_ns
    for path in (out / "1").glob("*.csv"):
        path.unlink()
    (out / "1" / "status.json").unlink()
    second, _ = sweep(tmp_path, "resume", *args)
    assert second.returncode == 0, second.stderr
    assert kept.stat().st_mtime_ns == stamp  # job 0 was skipped
    assert (out / "1" / "replications.csv").is_file()  # job 1 ran again
    pd.testing.assert_frame_equal(results(out), before)


def test_resuming_reruns_a_job_whose_tables_were_truncated_or_emptied(tmp_path):
    args = ("hydra/launcher=basic", "ports.antwerp.scanners=2,6,9")
    first, out = sweep(tmp_path, "damaged", *args)
    assert first.returncode == 0, first.stderr
    before = results(out)
    untouched = out / "0" / "replications.csv"
    stamp = untouched.stat().st_mtime_ns
    shipments = out / "1" / "shipments.csv"
    shipments.write_text("\n".join(shipments.read_text().splitlines()[:-3]) + "\n")  # truncated
    (out / "2" / "ports.csv").write_text("")  # emptied
    second, _ = sweep(tmp_path, "damaged", *args)
    assert second.returncode == 0, second.stderr
    assert untouched.stat().st_mtime_ns == stamp
    assert "job already complete" in (out / "0" / "cli.log").read_text()
    pd.testing.assert_frame_equal(results(out), before)  # the reruns gave the same tables
    assert len(pd.read_csv(out / "2" / "ports.csv")) > 0
