"""comparison_differences.csv: differences of runs with a paired CI (CRN), or Welch's, labelled."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from helpers import restamp

from sim.compare.cli import compare, main
from sim.compare.comparison_tables import summary
from sim.compare.differences import differences, is_paired
from sim.compare.load import RunData
from sim.results.run_tables import ResultTables

T_975_1 = 12.706205  # t_{0.975, 1}: two replications give one degree of freedom
T_975 = {1: 12.706205, 2: 4.302653, 3: 3.182446, 4: 2.776445, 5: 2.570582, 6: 2.446912}


def synthetic_run(name: str, delivered: np.ndarray, seed: int = 7) -> RunData:
    """A run with only the replication and port rows :func:`differences` reads."""
    n = len(delivered)
    reps = pd.DataFrame(
        {
            "scenario": name,
            "replication": np.arange(n),
            "rng_seed": seed * 1000 + np.arange(n),
            "kg_delivered": delivered,
        }
    )
    ports = pd.DataFrame(
        {"replication": np.arange(n), "port": "antwerp", "kg_delivered": delivered / 2}
    )
    empty = pd.DataFrame()
    return RunData(name, Path(name), ResultTables(reps, ports, empty, empty))


def test_paired_difference_is_resolved_where_the_level_intervals_overlap():
    rng = np.random.default_rng(11)
    common = rng.normal(700_000.0, 80_000.0, size=10)  # kg: the shared random streams
    reference = synthetic_run("baseline", common + rng.normal(0.0, 2_000.0, size=10))
    policy = synthetic_run("policy", common - 15_000.0 + rng.normal(0.0, 2_000.0, size=10))
    levels = summary([reference, policy]).set_index(["run", "column"])
    ref_level, pol_level = (levels.loc[(r, "kg_delivered")] for r in ("baseline", "policy"))
    assert pol_level["ci_high"] > ref_level["ci_low"]  # the level CIs overlap widely
    assert ref_level["ci_high"] > pol_level["ci_low"]

    diff = differences([reference, policy]).set_index(["column", "port"])
    row = diff.loc[("kg_delivered", "all")]
    assert row["paired"] and row["n"] == 10 and row["reference"] == "baseline"
    assert row["ci_high"] < 0.0  # excludes 0: the policy's effect is resolved ...
    width = ref_level["ci_high"] - ref_level["ci_low"]
    assert row["ci_high"] - row["ci_low"] < width / 5  # ... by an interval far narrower
    assert diff.loc[("kg_delivered", "antwerp"), "ci_high"] < 0.0  # per port too


def test_runs_on_other_seeds_get_the_welch_interval_and_say_so():
    rng = np.random.default_rng(5)
    a, b = rng.normal(100.0, 10.0, size=6), rng.normal(90.0, 30.0, size=4)
    diff = differences([synthetic_run("a", a * 1000, seed=1), synthetic_run("b", b * 1000, seed=2)])
    row = diff.set_index(["column", "port"]).loc[("kg_delivered", "all")]
    assert not row["paired"] and (row["n"], row["n_reference"]) == (4, 6)
    va, vb = b.var(ddof=1) / 4, a.var(ddof=1) / 6
    df = (va + vb) ** 2 / (va**2 / 3 + vb**2 / 5)  # Welch–Satterthwaite, rounded down below
    half = T_975[math.floor(df)] * math.sqrt(va + vb)
    expected = (b.mean() - a.mean(), b.mean() - a.mean() - half, b.mean() - a.mean() + half)
    assert (row["mean"], row["ci_low"], row["ci_high"]) == pytest.approx(expected)


@pytest.fixture(scope="module")
def paired_table(runs, tmp_path_factory):
    out = tmp_path_factory.mktemp("differences")
    assert main([str(runs.base), str(runs.surge), "--out", str(out), "--formats", "png"]) == 0
    return pd.read_csv(out / "comparison_differences.csv")


def test_differences_of_two_real_paired_runs_are_the_per_replication_t_interval(runs, paired_table):
    base = pd.read_csv(runs.base / "replications.csv").set_index("replication")
    surge = pd.read_csv(runs.surge / "replications.csv").set_index("replication")
    assert list(base["rng_seed"]) == list(surge["rng_seed"])  # same run.seed: paired
    assert set(paired_table["run"]) == {"antwerp_surge"}
    assert set(paired_table["reference"]) == {"baseline"}
    assert paired_table["paired"].all() and (paired_table["n"] == 2).all()
    rows = paired_table[paired_table["port"] == "all"].set_index("column")
    for column, scale in (("kg_seized", 1e3), ("kg_delivered", 1e3), ("container_delay_h", 1)):
        d = ((surge[column] - base[column]) / scale).to_numpy()
        half = T_975_1 * d.std(ddof=1) / math.sqrt(2)
        got = rows.loc[column, ["mean", "ci_low", "ci_high"]].to_numpy(float)
        np.testing.assert_allclose(got, [d.mean(), d.mean() - half, d.mean() + half], rtol=1e-6)
    ports = [
        pd.read_csv(r / "ports.csv").set_index(["port", "replication"])
        for r in (runs.base, runs.surge)
    ]
    d = ((ports[1]["kg_seized"] - ports[0]["kg_seized"]) / 1e3).loc["antwerp"].to_numpy()
    row = paired_table.set_index(["column", "port"]).loc[("kg_seized", "antwerp")]
    half = T_975_1 * d.std(ddof=1) / math.sqrt(2)
    assert (row["mean"], row["ci_low"], row["ci_high"]) == pytest.approx(
        (d.mean(), d.mean() - half, d.mean() + half)
    )


def test_a_run_on_other_random_streams_is_labelled_unpaired(runs, tmp_path):
    other = tmp_path / "reseeded"
    shutil.copytree(runs.base, other)
    reps = pd.read_csv(other / "replications.csv")
    reps["rng_seed"] += 1  # as a run with another run.seed would record
    reps.to_csv(other / "replications.csv", index=False)
    restamp(other)
    out = tmp_path / "cmp"
    assert main([str(runs.surge), str(other), "--out", str(out), "--formats", "png"]) == 0
    table = pd.read_csv(out / "comparison_differences.csv")
    assert set(table["reference"]) == {"antwerp_surge"} and not table["paired"].any()
    assert (table["n"] == 2).all() and (table["n_reference"] == 2).all()


def test_reference_option_and_a_bad_reference_is_one_line(runs, tmp_path, capsys):
    out = tmp_path / "cmp"
    main([str(runs.base), str(runs.surge), "--out", str(out), "--reference", "antwerp_surge"])
    table = pd.read_csv(out / "comparison_differences.csv")
    assert set(table["run"]) == {"baseline"} and set(table["reference"]) == {"antwerp_surge"}
    capsys.readouterr()
    bad = tmp_path / "bad"
    with pytest.raises(SystemExit) as exc:
        main([str(runs.base), str(runs.surge), "--out", str(bad), "--reference", "nope"])
    assert exc.value.code == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "--reference" in err and "'baseline', 'antwerp_surge'" in err
    assert not bad.exists()  # checked before anything is written


def test_the_differences_table_reaches_the_report(runs, tmp_path, monkeypatch):
    seen = {}

    def fake_report(runs_, sweeps, pngs, tables, path):
        seen.update(tables)
        return path

    monkeypatch.setattr("sim.compare.report.write_report", fake_report)
    compare([runs.base, runs.surge], tmp_path / "cmp", ["png"], report=True)
    assert "comparison_differences" in seen and seen["comparison_differences"]["paired"].all()


def test_is_paired_needs_the_same_replications():
    a = synthetic_run("a", np.ones(3) * 1000)
    assert is_paired(a, synthetic_run("b", np.ones(3) * 1000))
    assert not is_paired(a, synthetic_run("c", np.ones(2) * 1000))
