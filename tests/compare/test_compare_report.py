"""What the HTML report shows of the comparison (section titles, summary and sweep tables)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from sim.compare.load import SweepData
from sim.compare.report import figure_title, summary_for_report, sweep_means


def test_titles_are_readable_and_keep_the_sweep_suffix() -> None:
    assert figure_title("seized_delivered_by_port") == "Seized and delivered by port"
    assert figure_title("tradeoff") == "Trade-off: seizures against cost and delay"
    assert figure_title("tradeoff_sweep") == "Trade-off across the sweep's jobs"
    assert figure_title("response_curves_levers") == "Response curves of the sweep (levers)"
    assert figure_title("something_new") == "Something new"


def test_summary_drops_only_the_machine_column_name() -> None:
    frame = pd.DataFrame({"run": ["a"], "measure": ["m"], "column": ["kg"], "mean": [1.0]})
    assert list(summary_for_report(frame).columns) == ["run", "measure", "mean"]


def _sweep(rows: list[dict]) -> SweepData:
    return SweepData(
        path=Path("/sweeps/s"), sweep=pd.DataFrame(rows), ports=pd.DataFrame(), swept=["x"]
    )


def _row(job: int, row: str, status: str = "complete", **values: float) -> dict:
    base = {"job": job, "status": status, "error": np.nan, "x": job + 1, "row": row}
    return {**base, **values}


def test_sweep_means_in_tonnes_and_million_euros_without_total_cost_against_counterfactual():
    sweep = _sweep(
        [
            _row(0, "replication", kg_seized=1.0),
            _row(0, "mean", kg_seized=2_500.0, total_eur=3e6, extra_cost_eur=1.5e6),
            _row(1, "mean", kg_seized=500.0, total_eur=4e6, extra_cost_eur=2.5e6),
        ]
    )
    means = sweep_means(sweep)
    assert list(means.columns) == ["job", "x", "seized (t)", "extra cost (EUR M)"]
    assert means["seized (t)"].tolist() == [2.5, 0.5]
    assert means["extra cost (EUR M)"].tolist() == [1.5, 2.5]


def test_sweep_means_show_failed_jobs_with_their_error() -> None:
    sweep = _sweep(
        [
            _row(0, "mean", kg_seized=1_000.0, total_eur=2e6),
            {**_row(1, "job", status="failed", kg_seized=np.nan), "error": "bad value"},
        ]
    )
    means = sweep_means(sweep)
    assert list(means.columns) == ["job", "status", "error", "x", "seized (t)", "cost (EUR M)"]
    assert means["error"].tolist()[1] == "bad value"
