"""The ``portsim-compare`` command: files written, and one-line errors with exit status 2."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from sim.compare.cli import main

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
COMPARE = [sys.executable, "-c", "from sim.compare.cli import main; main()"]
RUN_FIGURES = ("seized_delivered_by_port", "flows_before_after", "displacement_by_port", "tradeoff")
SWEEP_FIGURES = ("response_curves", "tradeoff_sweep")


def compare(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*COMPARE, *args], cwd=cwd, capture_output=True, text=True, timeout=300, check=False
    )


def test_writes_every_applicable_figure_and_the_tables(runs, tmp_path, capsys):
    out = tmp_path / "cmp"
    args = [str(runs.base), str(runs.surge), str(runs.sweep), "--out", str(out)]
    assert main([*args, "--formats", "png"]) == 0
    printed = capsys.readouterr().out
    for name in (*RUN_FIGURES, *SWEEP_FIGURES):
        path = out / f"{name}.png"
        assert path.read_bytes().startswith(PNG_SIGNATURE), path
        assert str(path) in printed

    reps = pd.read_csv(out / "comparison_replications.csv")
    assert reps.columns[0] == "run"
    base = pd.read_csv(runs.base / "replications.csv")
    # the two runs, then the sweep's three complete jobs (small sweeps are compared as runs)
    assert reps["run"].nunique() == 5 and len(reps) == 5 * len(base)
    assert reps["run"].iloc[0] == "baseline"
    pd.testing.assert_frame_equal(
        reps[reps["run"] == "baseline"].drop(columns="run").reset_index(drop=True), base
    )
    ports = pd.read_csv(out / "comparison_ports.csv")
    assert list(ports.columns) == ["run", *pd.read_csv(runs.base / "ports.csv").columns]
    for name in ("costs", "displacement", "displacement_by_port", "cost_comparison", "summary"):
        assert (out / f"comparison_{name}.csv").is_file(), name
    sweep = pd.read_csv(out / "sweep.csv")
    assert list(sweep.columns[:6]) == [
        "job",
        "status",
        "error",
        "ports.antwerp.scanners",
        "row",
        "replication",
    ]
    assert (out / "sweep_ports.csv").is_file()
    assert not list(out.glob(".*.tmp"))  # atomic writes leave no temporary file


def test_only_applicable_figures_in_the_default_formats(runs, tmp_path, capsys):
    out = tmp_path / "cmp"
    main([str(runs.base), "--out", str(out)])
    expected = [n for n in RUN_FIGURES if n != "displacement_by_port"]  # no counterfactual
    for fmt in ("png", "svg"):
        assert sorted(p.name for p in out.glob(f"*.{fmt}")) == sorted(
            f"{n}.{fmt}" for n in expected
        )
    assert (out / "tradeoff.png").read_bytes().startswith(PNG_SIGNATURE)
    assert (out / "tradeoff.svg").read_text().lstrip().startswith(("<?xml", "<svg"))
    assert not (out / "sweep.csv").exists()


def test_default_output_folder_is_comparison(runs, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main([str(runs.sweep_cat), "--formats", "png"]) == 0
    assert (tmp_path / "comparison" / "response_curves.png").read_bytes()[:8] == PNG_SIGNATURE
    assert (tmp_path / "comparison" / "sweep.csv").is_file()
    # a sweep alone: its jobs are compared as runs, its trade-off is the sweep's own figure
    assert (tmp_path / "comparison" / "seized_delivered_by_port.png").is_file()
    assert (tmp_path / "comparison" / "tradeoff_sweep.png").is_file()
    assert not (tmp_path / "comparison" / "tradeoff.png").exists()


def _damaged(run: Path, where: Path, how: str) -> Path:
    shutil.copytree(run, where)
    if how == "truncated":
        table = where / "shipments.csv"
        table.write_text("\n".join(table.read_text().splitlines()[:-2]) + "\n")
    elif how == "emptied":
        (where / "ports.csv").write_text("")
    elif how == "no_status":
        (where / "status.json").unlink()
    else:  # the run failed after writing some tables
        (where / "status.json").write_text('{"status": "failed", "error": "boom"}')
    return where


@pytest.mark.parametrize(
    "what", ["missing", "empty", "failed_only", "truncated", "emptied", "no_status", "failed"]
)
def test_errors_are_one_line_with_exit_status_2(runs, tmp_path, what):
    target = {
        "missing": tmp_path / "nope",
        "empty": tmp_path / "empty",
        "failed_only": runs.failed_only,
    }.get(what, tmp_path / what)
    if what == "empty":
        target.mkdir()
    elif not target.exists() and what != "missing":
        _damaged(runs.base, target, what)
    done = compare(tmp_path, str(target), "--out", str(tmp_path / "out"))
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("portsim-compare: error: ") and str(target) in lines[0]
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()


def test_usage_error_is_one_line(tmp_path):
    done = compare(tmp_path)
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1
    assert done.stderr.startswith("portsim-compare: error:")


def test_report_holds_figures_configs_seeds_and_sources(runs, tmp_path, capsys):
    out = tmp_path / "out"
    assert main([str(runs.surge), "--out", str(out), "--formats", "svg", "--report"]) == 0
    html = (out / "report.html").read_text()
    assert "<html" in html and "antwerp_surge" in html
    assert html.count("data:image/png;base64,") >= 3
    assert "Data sources" in html and "eipa_tech_force" in html  # seeds/sources.csv
    assert "run.seed" in html and "Configurations" in html
    assert (out / "seized_delivered_by_port.png").is_file()  # the report embeds PNG files
