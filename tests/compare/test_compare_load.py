"""Loading runs and sweeps, and the sweep.csv / sweep_ports.csv contract of build_sweep_tables."""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest
from compare.sweep_values import ANTWERP_STEP, FAILED_ERROR, SCANNERS, SEIZED_STEP

from sim.compare.load import (
    RunData,
    SweepData,
    build_sweep_tables,
    collect_from_jobs,
    load,
)
from sim.results import schema
from sim.results.costs import RATIOS
from sim.results.stats import mean_ci, ratio_of_means_ci
from sim.results.sweep_tables import job_dirs, parse_value, swept_keys

KEY = "ports.antwerp.scanners"


def _expected_columns(swept: list[str], counterfactual: bool) -> list[str]:
    cols = ["job", "status", "error", *swept, "row", "replication"]
    cols += [c for c in schema.columns("replications") if c not in ("replication", *swept)]
    cols += [
        c for c in schema.columns("costs") if c not in ("scenario", "replication", "kg_seized")
    ]
    if counterfactual:
        cols += [c for c in schema.columns("displacement") if c != "replication"]
        cols += [c for c in schema.columns("cost_comparison") if c != "replication"]
    return cols


@pytest.fixture(scope="module")
def tables(runs):
    return build_sweep_tables(job_dirs(runs.sweep))


# ------------------------------------------------------------------ sweep.csv contract


def test_sweep_columns_follow_the_contract_in_order(tables):
    sweep, ports, swept = tables
    assert swept == [KEY]
    assert list(sweep.columns) == _expected_columns([KEY], counterfactual=False)
    port_cols = [c for c in schema.columns("ports") if c != "replication"]
    assert list(ports.columns) == ["job", KEY, "replication", *port_cols]


def test_one_row_per_job_and_replication_then_summary_rows(tables, runs):
    sweep, ports, _ = tables
    reps = pd.read_csv(runs.base / "replications.csv")
    n = len(reps)
    complete = sweep[sweep["status"] == "complete"]
    for job, scanners in enumerate(SCANNERS):
        rows = complete[complete["job"] == job]
        assert rows["row"].tolist() == ["replication"] * n + ["mean", "ci_low", "ci_high"]
        assert rows["replication"].iloc[:n].tolist() == sorted(reps["replication"])
        assert rows["replication"].iloc[n:].isna().all()
        assert (rows[KEY] == scanners).all()
        assert (rows["error"].fillna("") == "").all()
        shifted = reps["kg_seized"] + job * SEIZED_STEP
        np.testing.assert_allclose(rows["kg_seized"].iloc[:n], shifted)
    assert sweep["job"].tolist() == sorted(sweep["job"])  # jobs in order
    assert len(ports) == len(SCANNERS) * len(pd.read_csv(runs.base / "ports.csv"))


def test_failed_job_has_one_row_with_empty_results(tables):
    sweep, ports, _ = tables
    failed = sweep[sweep["job"] == 3]
    assert len(failed) == 1
    row = failed.iloc[0]
    assert row["status"] == "failed" and row["error"] == FAILED_ERROR
    assert row[KEY] == -1
    result_cols = list(sweep.columns[sweep.columns.get_loc("row") :])
    assert failed[result_cols].isna().all(axis=None)
    assert 3 not in set(ports["job"])


def test_summary_rows_are_mean_ci_of_the_replication_rows(tables):
    sweep, _, _ = tables
    numeric = [
        c
        for c in sweep.columns[sweep.columns.get_loc("replication") + 1 :]
        if pd.api.types.is_numeric_dtype(sweep[c]) and c != "rng_seed"
    ]
    assert {"kg_seized", "container_delay_h", "total_eur", "cost_per_kg_seized_eur"} <= set(numeric)
    for job in range(len(SCANNERS)):
        rows = sweep[sweep["job"] == job].set_index("row", append=True)
        reps = sweep[(sweep["job"] == job) & (sweep["row"] == "replication")]
        summary = sweep[(sweep["job"] == job) & (sweep["row"] != "replication")]
        summary = summary.set_index("row")
        for col in numeric:
            if col in RATIOS:  # a cost per kg: the ratio of the means, not the mean of ratios
                num, den = (reps[c].to_numpy(dtype=float) for c in RATIOS[col])
                mean, low, high = ratio_of_means_ci(num, den)
                assert summary.at["mean", col] == pytest.approx(num.mean() / den.mean())
                assert low <= mean <= high
            else:
                mean, low, high = mean_ci(reps[col].to_numpy(dtype=float))
                assert summary.at["mean", col] == pytest.approx(reps[col].mean(), nan_ok=True)
            assert summary.at["mean", col] == pytest.approx(mean, nan_ok=True)
            assert summary.at["ci_low", col] == pytest.approx(low, nan_ok=True)
            assert summary.at["ci_high", col] == pytest.approx(high, nan_ok=True)
        assert (summary["scenario"] == "baseline").all()
        assert summary["rng_seed"].isna().all()
        assert len(rows) == len(reps) + 3


def test_counterfactual_columns_come_last_when_jobs_had_one(runs):
    sweep, _, swept = collect_from_jobs(runs.sweep2)
    assert swept == [KEY, "costs.scan_eur"]
    assert list(sweep.columns) == _expected_columns(swept, counterfactual=True)
    disp = pd.read_csv(runs.surge / "displacement.csv").sort_values("replication")
    job0 = sweep[(sweep["job"] == 0) & (sweep["row"] == "replication")]
    np.testing.assert_allclose(job0["treated_change_kg"], disp["treated_change_kg"])


def test_swept_column_named_like_a_result_column_is_not_repeated(runs):
    sweep, ports, swept = collect_from_jobs(runs.sweep_cat)
    assert swept == ["scenario"]
    assert list(sweep.columns).count("scenario") == 1
    assert list(sweep.columns)[:5] == ["job", "status", "error", "scenario", "row"]
    assert list(sweep.columns) == _expected_columns(["scenario"], counterfactual=True)
    assert sweep.drop_duplicates("job")["scenario"].tolist() == ["baseline", "antwerp_surge"]
    assert list(ports.columns).count("scenario") == 1


def test_swept_keys_and_values():
    values = {0: {"a": 1, "b": "x", "c": 2}, 1: {"a": 1, "b": "y"}, 2: {"a": 1, "b": "x"}}
    assert swept_keys(values) == ["b", "c"]
    assert swept_keys({0: {"a": 1}}) == []
    assert [parse_value(v) for v in ("5", "0.3", "baseline", "'a b'", "null", "2024-01-01")] == [
        5,
        0.3,
        "baseline",
        "a b",
        None,
        "2024-01-01",
    ]


# ------------------------------------------------------------------ load


def test_load_run_directory(runs):
    found, sweeps = load([runs.surge])
    assert sweeps == [] and len(found) == 1
    run = found[0]
    assert isinstance(run, RunData)
    assert run.name == "antwerp_surge" and run.path == runs.surge
    assert run.n_replications == 2 and run.policy_start == "2024-01-01"
    assert run.costs is not None and run.displacement_by_port is not None
    assert run.cost_comparison is not None and run.displacement is not None
    assert run.counterfactual is not None and len(run.counterfactual.replications) == 2
    assert "scenario" in run.config_text and "scenario=antwerp_surge" in run.overrides
    base = load([runs.base])[0][0]
    assert base.displacement is None and base.counterfactual is None and base.costs is not None


def test_load_sweep_directory_without_sweep_csv(runs, tables):
    found, sweeps = load([runs.sweep])
    assert found == [] and len(sweeps) == 1
    sweep = sweeps[0]
    assert isinstance(sweep, SweepData)
    assert sweep.swept == [KEY] and sweep.failed_jobs == [3]
    assert sweep.info["swept"] == [KEY] and sweep.info["failed_jobs"] == [3]
    assert sweep.info["total_jobs"] == 4
    pd.testing.assert_frame_equal(sweep.sweep, tables[0])
    assert [r.name for r in sweep.runs] == [f"job {j} ({KEY}={s})" for j, s in enumerate(SCANNERS)]
    antwerp = sweep.ports[sweep.ports["port"] == "antwerp"].groupby("job")["kg_attempted"].sum()
    assert antwerp[1] - antwerp[0] == pytest.approx(2 * ANTWERP_STEP)  # two replications


def test_load_sweep_directory_with_sweep_csv(runs, tables, tmp_path):
    copy = tmp_path / "sweep"
    shutil.copytree(runs.sweep, copy)
    sweep_df, ports_df, _ = tables
    sweep_df.to_csv(copy / "sweep.csv", index=False)
    ports_df.to_csv(copy / "sweep_ports.csv", index=False)
    (copy / "sweep.json").write_text(
        '{"swept": ["ports.antwerp.scanners"], "total_jobs": 4, "failed_jobs": [3],'
        ' "created": "2024-05-01T10:00:00"}'
    )
    sweep = load([copy])[1][0]
    assert sweep.swept == [KEY] and sweep.info["created"] == "2024-05-01T10:00:00"
    assert list(sweep.sweep.columns) == list(sweep_df.columns)
    assert len(sweep.sweep) == len(sweep_df) and len(sweep.runs) == len(SCANNERS)
    # the swept keys are also found without sweep.json
    (copy / "sweep.json").unlink()
    for job in job_dirs(copy).values():
        shutil.rmtree(job)
    sweep = load([copy])[1][0]
    assert sweep.swept == [KEY] and sweep.runs == []
    np.testing.assert_allclose(
        sweep.sweep.loc[sweep.sweep["row"] == "mean", "kg_seized"],
        sweep_df.loc[sweep_df["row"] == "mean", "kg_seized"],
    )


def test_load_folder_of_runs(runs):
    found, sweeps = load([runs.outputs])
    assert sweeps == []
    assert sorted(r.name for r in found) == ["antwerp_surge", "baseline"]
    both, _ = load([runs.base, runs.outputs / "baseline"])
    assert len({r.name for r in both}) == 2  # repeated scenario names made unique


def test_load_rejects_bad_paths(runs, tmp_path):
    with pytest.raises(ValueError, match="no such directory") as info:
        load([tmp_path / "nope"])
    assert str(tmp_path / "nope") in str(info.value) and "\n" not in str(info.value)
    (tmp_path / "empty").mkdir()
    with pytest.raises(ValueError, match="not a run directory") as info:
        load([tmp_path / "empty"])
    assert str(tmp_path / "empty") in str(info.value)
    with pytest.raises(ValueError, match="not a directory"):
        load([runs.base / "replications.csv"])
