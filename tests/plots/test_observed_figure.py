"""The observed_vs_simulated figure: drawn from the table alone, scale and sources stated."""

from __future__ import annotations

import math

import pandas as pd

from sim.plots.observed import figure_note, make_observed_figure, observed_vs_simulated_figure
from sim.results import schema


def table(scale: float) -> pd.DataFrame:
    """A two-port table in the schema (values of the size of Antwerp's and Bremerhaven's)."""
    rows = [
        ("antwerp", 116000.0, 116000.0, 121100.0, "range", 50000.0, -2e5, 3e5, "a; b"),
        ("zeebrugge", 5000.0, 5000.0, math.inf, "lower_bound", 2000.0, 500.0, 3500.0, "c"),
    ]
    return schema.OBSERVED_VS_SIMULATED.frame(
        {
            "year": 2023,
            "port": port,
            "quantity": "kg_seized",
            "observed": obs,
            "observed_low": lo,
            "observed_high": hi,
            "observed_kind": kind,
            "simulated_mean": mean,
            "ci_low": cl,
            "ci_high": ch,
            "ratio": mean / obs,
            "replications": 2,
            "run_scale": scale,
            "source_id": ids,
            "source_title": "t",
            "source_url": "u",
            "note": "",
        }
        for port, obs, lo, hi, kind, mean, cl, ch, ids in rows
    )


def test_figure_is_written_in_both_formats(tmp_path):
    paths = make_observed_figure(table(0.05), "baseline", tmp_path)
    assert sorted(p.name for p in paths) == [
        "observed_vs_simulated.png",
        "observed_vs_simulated.svg",
    ]
    assert all(p.stat().st_size > 0 for p in paths)


def test_scaled_run_and_sources_are_stated_and_the_axis_is_log():
    fig = observed_vs_simulated_figure(table(0.05), "baseline")
    assert fig.get_suptitle().endswith("(scaled run, run.scale=0.05)")
    text = " ".join(t.get_text() for t in fig.texts)
    assert "a, b, c" in text and "scaled run" in text
    assert fig.axes[0].get_yscale() == "log"
    full = observed_vs_simulated_figure(table(1.0), "baseline")
    assert "scaled run" not in " ".join(t.get_text() for t in full.texts)
    assert "scaled run" not in figure_note(table(1.0), "baseline")


def test_a_port_with_no_simulated_seizure_does_not_break_the_log_axis():
    t = table(0.05)
    t.loc[0, ["simulated_mean", "ci_low", "ci_high"]] = [0.0, 0.0, 0.0]
    fig = observed_vs_simulated_figure(t, "baseline")  # raised on negative error bars before
    assert fig.axes[0].get_yscale() == "log"
