"""``portsim`` over several calendar years: the yearly tables and figure are written and listed,
the console says which years' traffic is an assumption, and bad values of the traffic keys are
refused with one line (exit 2, nothing written)."""

from __future__ import annotations

import pandas as pd
import pytest
from test_bad_inputs import _argv, run_main
from test_cli import portsim

from sim.results import schema
from sim.results.io import read_tables
from sim.results.status import read_status

BAD_TRAFFIC = [
    ("traffic.beyond_data=grow", "traffic.beyond_data", "hold_last, growth"),
    ("traffic.beyond_data=null", "traffic.beyond_data", "hold_last, growth"),
    ("traffic.growth_per_year=0.02", "traffic.growth_per_year", "traffic.beyond_data=growth"),
    (
        "traffic.beyond_data=growth traffic.growth_per_year=0.9",
        "traffic.growth_per_year",
        "[-0.5, 0.5]",
    ),
    (
        "traffic.beyond_data=growth traffic.growth_per_year=abc",
        "traffic.growth_per_year",
        "[-0.5, 0.5]",
    ),
    (
        "traffic.beyond_data=growth traffic.growth_per_year=0.02 traffic.throughput_year=2023",
        "traffic.beyond_data",
        "growth with traffic.throughput_year=null",
    ),
]


@pytest.mark.parametrize(("override", "key", "allowed"), BAD_TRAFFIC)
def test_bad_traffic_keys_exit_2_with_one_line_and_write_nothing(
    override, key, allowed, tmp_path, monkeypatch, capsys
):
    monkeypatch.chdir(tmp_path)
    code, stdout, stderr = run_main(_argv(override, tmp_path / "never"), capsys)
    lines = stderr.strip().splitlines()
    assert code == 2, stderr
    assert len(lines) == 1 and lines[0].startswith(f"portsim: error: {key}: "), stderr
    assert "; allowed: " in lines[0] and allowed in lines[0], lines[0]
    assert "Traceback" not in stderr and stdout == ""
    assert list(tmp_path.iterdir()) == []


def test_a_run_into_2025_writes_the_yearly_tables_and_names_its_traffic_assumption(tmp_path):
    out = tmp_path / "run"
    done = portsim(
        tmp_path,
        "run=smoke",
        "run.start_date=2024-11-01",
        "run.horizon_days=120",
        "run.scale=0.02",
        "traffickers.annual_volume_t=400",
        "traffic.beyond_data=growth",
        "traffic.growth_per_year=0.03",
        f"hydra.run.dir={out}",
    )
    assert done.returncode == 0, done.stderr
    assert "inputs beyond their data (assumptions, not data):" in done.stdout
    assert (
        "2025: traffic 2024 x 1.03^1 (traffic.beyond_data=growth, traffic.growth_per_year=0.03)"
        in done.stdout
    )
    yearly = pd.read_csv(out / "yearly.csv")
    assert list(yearly.columns) == schema.columns("yearly")
    assert sorted(yearly["year"].unique()) == [2024, 2025]
    assert yearly.groupby("year")["days"].first().to_dict() == {2024: 61, 2025: 59}
    summary = pd.read_csv(out / "yearly_summary.csv")
    assert list(summary.columns) == schema.columns("yearly_summary")
    traffic = summary.groupby("year")["traffic"].first().to_dict()
    assert traffic[2024] == "data (seeds/throughput.csv 2024)"
    assert traffic[2025].startswith("2024 x 1.03^1")
    # the table read back is the one in memory; the status lists both tables and the figure exists
    back = read_tables(out).yearly
    pd.testing.assert_frame_equal(back, yearly)
    status = read_status(out)
    assert {"yearly.csv", "yearly_summary.csv"} <= set(status["files"])
    assert (out / "figures" / "yearly_by_port.png").is_file()
    assert (out / "figures" / "yearly_by_port.svg").is_file()


def test_a_run_inside_one_year_writes_no_yearly_table(tmp_path):
    out = tmp_path / "run"
    done = portsim(tmp_path, "run=smoke", "run.figures=false", f"hydra.run.dir={out}")
    assert done.returncode == 0, done.stderr
    assert not (out / "yearly.csv").exists() and not (out / "yearly_summary.csv").exists()
    assert "beyond their data" not in done.stdout
