"""The console summary's cost lines: ratios of means, and words when there is no ratio."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from sim.results.summary import cost_text


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
