"""The console summary's cost lines: ratios of means, and words when there is no ratio."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

import pandas as pd
from helpers import run_tables, setup

from sim.results.summary import cost_text, difference_text, summary_text


def _costs(total, kg):
    return pd.DataFrame({"total_eur": total, "kg_seized": kg, "cost_per_kg_seized_eur": 0.0})


def _comparison(extra_cost, extra_seized, kept):
    frame = pd.DataFrame(
        {
            "extra_cost_eur": extra_cost,
            "extra_kg_seized": extra_seized,
            "kg_kept_off_market": kept,
            "cost_per_extra_kg_seized_eur": 0.0,
            "cost_per_kg_kept_off_market_eur": 0.0,
        }
    )
    return SimpleNamespace(cost_comparison=frame)


def test_cost_per_kg_kept_off_is_the_ratio_of_means_with_its_interval():
    text = cost_text(
        _costs([1e6, 2e6, 3e6], [100.0, 200.0, 300.0]),
        _comparison([1000.0, 1000.0, 1000.0], [10.0, 10.0, 10.0], [100.0, 25.0, -50.0]),
    )
    assert "EUR 10,000 [95 % CI 10,000, 10,000] per kg seized" not in text  # paired: one value
    assert "EUR 10,000 per kg seized" in text
    assert "EUR 100 per extra kg seized" in text
    assert "EUR 40 [95 % CI" in text and "unbounded] per kg kept off the market" in text


def test_no_kg_kept_off_the_market_is_said_in_words():
    text = cost_text(
        _costs([1e6, 1e6], [100.0, 100.0]),
        _comparison([5e5, 5e5], [-3.0, 1.0], [-200.0, 100.0]),
    )
    assert "no kg kept off the market on average (mean -50 kg): no cost per kg to report" in text
    assert "no extra kg seized on average (mean -1 kg)" in text
    assert "per kg kept off the market" not in text.replace("no kg kept off the market", "")


def _paired_runs(delivered_cf, effect_kg):
    """Scenario and counterfactual replications on common random numbers (SimpleNamespaces)."""
    cf = pd.DataFrame(
        {
            "replication": range(len(delivered_cf)),
            "kg_seized": 1000.0,
            "kg_delivered": delivered_cf,
            "container_delay_h": 50.0,
        }
    )
    sc = cf.assign(
        kg_delivered=cf["kg_delivered"] + effect_kg, container_delay_h=[60.0, 70.0, 80.0]
    )
    return SimpleNamespace(
        scenario=SimpleNamespace(replications=sc), counterfactual=SimpleNamespace(replications=cf)
    )


def test_change_in_kg_delivered_has_its_paired_interval_where_level_intervals_overlap():
    from sim.results.stats import mean_ci

    cf = [500_000.0, 700_000.0, 900_000.0]  # the replications differ a lot ...
    text = difference_text(_paired_runs(cf, [-20_000.0, -21_000.0, -22_000.0]))
    # ... but the differences hardly: -21 t ± t_{0.975,2} · 1 t / √3
    half = 4.302653 / 3**0.5
    assert f"kg delivered -21.0 t (95 % CI {-21 - half:+.1f} to {-21 + half:+.1f})" in text
    assert "(95 % CI -23.5 to -18.5)" in text  # excludes 0: the effect is resolved
    _, _, cf_high = mean_ci(cf)
    _, sc_low, _ = mean_ci([c - 21_000 for c in cf])
    assert sc_low < cf_high  # where the two level intervals overlap
    assert "kg seized +0.0 t" in text  # the same in every replication: no interval
    assert "container delay +20 h (95 % CI -5 to +45)" in text  # 10, 20, 30: s = 10


def test_a_scaled_run_says_how_its_figures_carry_to_full_scale(tmp_path):
    smoke = ("run=smoke", "run.scale=0.05")
    params, _ = setup(*smoke)
    text = summary_text(run_tables(*smoke), params, tmp_path)
    assert "scale 0.05 simulates that share of the containers, capacity and cocaine" in text
    assert "divide its kg" in text
    full = replace(params, run=replace(params.run, scale=1.0))
    assert "divide its kg" not in summary_text(run_tables(*smoke), full, tmp_path)
