"""Paired CIs of the differences against the counterfactual: costs and displacement by port."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from sim.results.costs import COMPARISON_COLUMNS, cost_comparison_summary
from sim.results.displacement import displacement_by_port_summary
from sim.results.stats import mean_ci

T_975_3 = 3.182446  # t_{0.975, 3}: four replications


def test_cost_comparison_summary_is_the_paired_interval_of_each_difference():
    frame = pd.DataFrame({c: np.zeros(4) for c in COMPARISON_COLUMNS})
    frame["replication"] = range(4)
    frame["extra_cost_eur"] = [1.0e6, 1.2e6, 1.1e6, 1.3e6]  # mean 1.15e6, s = 129,099
    frame["kg_kept_off_market"] = [100.0, 300.0, 200.0, 400.0]
    table = cost_comparison_summary(frame).set_index("column")
    assert not set(table.index) & {"replication", "cost_per_kg_kept_off_market_eur"}
    row = table.loc["extra_cost_eur"]
    half = T_975_3 * float(np.std([1.0, 1.2, 1.1, 1.3], ddof=1)) * 1e6 / 2
    assert (row["mean"], row["ci_low"], row["ci_high"]) == pytest.approx(
        (1.15e6, 1.15e6 - half, 1.15e6 + half)
    )
    assert row["ci_low"] > 0 and row["unit"] == "EUR" and row["replications"] == 4
    assert table.loc["kg_kept_off_market", "unit"] == "kg"


def _by_port(scenario_kg, counterfactual_kg):
    n = len(scenario_kg)
    return pd.DataFrame(
        {
            "replication": range(n),
            "port": "antwerp",
            "group": "treated",
            "kg_attempted_after": scenario_kg,
            "kg_attempted_after_counterfactual": counterfactual_kg,
            "change_kg": np.subtract(scenario_kg, counterfactual_kg),
            "change_share": math.nan,
            "kg_seized_after": 10.0,
            "kg_seized_after_counterfactual": 10.0,
            "kg_delivered_after": np.multiply(scenario_kg, 0.8),
            "kg_delivered_after_counterfactual": np.multiply(counterfactual_kg, 0.8),
        }
    )


def test_change_per_port_is_resolved_where_the_level_intervals_overlap():
    cf = np.array([40_000.0, 60_000.0, 80_000.0, 100_000.0])
    sc = cf - np.array([5_000.0, 6_000.0, 4_000.0, 5_000.0])
    _, _, cf_high = mean_ci(cf)
    _, sc_low, _ = mean_ci(sc)
    assert sc_low < cf_high  # the level intervals of the two runs overlap
    [row] = displacement_by_port_summary(_by_port(sc, cf)).to_dict("records")
    half = T_975_3 * float(np.std([5.0, 6.0, 4.0, 5.0], ddof=1)) * 1000 / 2
    assert (row["change_kg"], row["change_kg_ci_low"], row["change_kg_ci_high"]) == pytest.approx(
        (-5000.0, -5000.0 - half, -5000.0 + half)
    )
    assert row["change_kg_ci_high"] < 0  # the paired difference excludes 0
    assert row["delivered_change_kg_ci_high"] == pytest.approx(0.8 * row["change_kg_ci_high"])
    assert row["seized_change_kg"] == row["seized_change_kg_ci_low"] == 0.0  # no difference
    assert (row["port"], row["group"], row["replications"]) == ("antwerp", "treated", 4)
