"""End-to-end runs of the ``portsim`` command (subprocesses, as an analyst would run it)."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pandas as pd
import pytest

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
    # the change in kg delivered over the window, with the paired t interval of the two
    # replications' differences (t_{0.975,1} = 12.706205), as written in the two tables
    delivered = [
        pd.read_csv(out / where / "replications.csv")["kg_delivered"] / 1000
        for where in (".", "counterfactual")
    ]
    d = (delivered[0] - delivered[1]).to_numpy()
    half = 12.706205 * d.std(ddof=1) / 2**0.5
    low, high = d.mean() - half, d.mean() + half
    line = f"kg delivered {d.mean():+,.1f} t (95 % CI {low:+,.1f} to {high:+,.1f})"
    assert line in done.stdout
    assert "policy − counterfactual (paired by replication)" in done.stdout


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


def test_run_figures_false_writes_tables_and_no_figures(tmp_path):
    out = tmp_path / "plain"
    done = portsim(
        tmp_path, "run=smoke", "run.replications=1", "run.figures=false", f"hydra.run.dir={out}"
    )
    assert done.returncode == 0, done.stderr
    assert (out / "replications.csv").is_file() and not (out / "figures").exists()


def test_status_lists_every_table_with_its_rows_and_checksum(tmp_path):
    from sim.results.status import damage, file_record, read_status

    out = tmp_path / "run"
    done = portsim(tmp_path, "run=smoke", "run.figures=false", f"hydra.run.dir={out}")
    assert done.returncode == 0, done.stderr
    status = read_status(out)
    assert status["status"] == "complete"
    assert set(status["files"]) == {f"{t}.csv" for t in (*schema.RUN_TABLES, "costs")}
    assert status["files"]["replications.csv"]["rows"] == 2
    assert damage(out) is None
    (out / "ports.csv").write_text("scenario\n")
    assert "ports.csv is damaged" in damage(out)
    assert file_record(out / "replications.csv") == status["files"]["replications.csv"]


def test_two_runs_started_together_get_their_own_folders(tmp_path):
    args = ["run=smoke", "run.replications=1", "run.horizon_days=5", "run.warmup_days=0"]
    args.append("run.figures=false")
    runs = [
        subprocess.Popen(
            [*PORTSIM, *args],
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for run in runs:
        _, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
    folders = sorted((tmp_path / "outputs" / "baseline").iterdir())
    assert len(folders) == 2
    for folder in folders:
        assert len(pd.read_csv(folder / "replications.csv")) == 1


def test_an_error_during_the_run_is_recorded_as_failed_with_exit_1(tmp_path, capsys):
    """After the preflight (here: a composed config broken by hand), one line and status.json."""
    from omegaconf import OmegaConf

    from sim.cli import run_single
    from sim.config.compose import compose_groups
    from sim.results.status import read_status

    cfg = OmegaConf.create(compose_groups(("run=smoke",)).config)
    OmegaConf.update(cfg, "run.replications", 0)
    out = tmp_path / "run"
    out.mkdir()
    with pytest.raises(SystemExit) as info:
        run_single(cfg, out)
    assert info.value.code == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("portsim: error: run.replications")
    status = read_status(out)
    assert status["status"] == "failed" and "run.replications" in status["error"]
    assert sorted(p.name for p in out.iterdir()) == ["status.json"]


def test_bad_sweep_option_is_rejected_before_any_job(tmp_path):
    done = portsim(tmp_path, "-m", "scenario=baseline,nosuch", f"hydra.sweep.dir={tmp_path / 'm'}")
    assert done.returncode == 2 and "nosuch" in done.stderr
    assert not (tmp_path / "m").exists()


# ------------------------------------------------------------------ portsim's own help


def test_help_is_portsims_own_short_and_lists_the_scenarios(tmp_path):
    out = portsim(tmp_path, "--help")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].startswith("usage: portsim")
    assert len(lines) <= 60 and max(len(line) for line in lines) <= 100
    scenarios = sorted(p.stem for p in (Path(__file__).parents[1] / "configs/scenario").glob("*"))
    assert all(name in out.stdout for name in scenarios)
    for text in ("run.replications=N", "run.scale=X", "--hydra-help", "README.md"):
        assert text in out.stdout
    assert "Hydra" not in lines[0] and "Powered by Hydra" not in out.stdout
    assert not list(tmp_path.iterdir())  # no run folder, no files


def test_hydra_help_is_still_there(tmp_path):
    out = portsim(tmp_path, "--hydra-help")
    assert out.returncode == 0 and "Hydra (" in out.stdout


def test_version_names_portsim_and_its_commit(tmp_path):
    out = portsim(tmp_path, "--version")
    assert out.returncode == 0, out.stderr
    name, version, commit = out.stdout.split(maxsplit=2)
    assert (name, version) == ("portsim", metadata.version("portsim"))
    head = subprocess.run(
        ["git", "-C", str(Path(__file__).parents[1]), "rev-parse", "HEAD"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    expected = f"(commit {head[:12]})" if head else "(commit unknown)"
    assert commit.strip() == expected


def test_a_calibrated_run_writes_observed_vs_simulated_from_its_own_tables(tmp_path):
    out = tmp_path / "calibrated"
    done = portsim(
        tmp_path,
        "scenario=baseline",
        "run.scale=0.05",
        "run.horizon_days=365",
        "run.replications=2",
        "run.warmup_days=20",
        f"hydra.run.dir={out}",
    )
    assert done.returncode == 0, done.stderr
    table = pd.read_csv(out / "observed_vs_simulated.csv")
    assert list(table.columns) == schema.columns("observed_vs_simulated")
    assert (table["year"] == 2023).all() and len(table) > 0
    ts = pd.read_csv(out / "timeseries.csv")
    kg = ts[ts["period_start"].str.startswith("2023")].groupby(["port", "replication"])
    means = kg["kg_seized"].sum().groupby("port").mean() / 0.05  # the full-scale figure
    for row in table.to_dict(orient="records"):
        assert row["simulated_mean"] == pytest.approx(means[row["port"]], rel=1e-12)
    assert table["note"].str.contains("run.scale=0.05", regex=False).all()
    for ext in ("png", "svg"):
        assert (out / "figures" / f"observed_vs_simulated.{ext}").stat().st_size > 0
    status = json.loads((out / "status.json").read_text())
    assert "observed_vs_simulated.csv" in json.dumps(status)
