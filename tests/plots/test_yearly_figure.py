"""The yearly_by_port figure: drawn from yearly_summary.csv alone, main ports and all routes,
one bar per year at the table's mean, the traffic assumption of a year after the data stated."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from helpers import setup

from sim.plots.yearly import MAIN_PORTS, main_routes, make_yearly_figure, yearly_figure
from sim.results import schema
from sim.results.yearly import yearly_summary

PORTS = ("antwerp", "rotterdam", "hamburg", "valencia", "algeciras", "zeebrugge", "dunkirk")


def summary() -> pd.DataFrame:
    """A yearly_summary of two replications over 2024 (92 days) and 2025, built by the code
    under test from a hand-made yearly table: port i attempts (i + 1) t a replication."""
    rows = []
    for rep in (0, 1):
        for year in (2024, 2025):
            for i, port in enumerate((*PORTS, "at_sea")):
                row = dict.fromkeys(schema.columns("yearly"), 0)
                attempted = 1000.0 * (len(PORTS) - i) if port != "at_sea" else 1e6
                row.update(
                    scenario="baseline",
                    replication=rep,
                    year=year,
                    days=92 if year == 2024 else 365,
                    port=port,
                    kg_attempted=attempted,
                    kg_seized=0.1 * attempted * (1 + rep),
                    kg_delivered=0.8 * attempted,
                )
                rows.append(row)
    params, _ = setup("run.start_date=2024-10-01", "run.horizon_days=457")
    return yearly_summary(schema.YEARLY.frame(rows), params)


def test_main_routes_are_the_ports_with_most_kg_attempted_then_all():
    routes = main_routes(summary())
    assert routes == [*PORTS[:MAIN_PORTS], "all"]  # at_sea is a route, not a port


def test_one_bar_per_year_and_route_at_the_mean_in_tonnes():
    table = summary()
    fig = yearly_figure(table, scale=0.05)
    seized_ax, delivered_ax = fig.axes
    routes = main_routes(table)
    for ax, quantity in ((seized_ax, "kg_seized"), (delivered_ax, "kg_delivered")):
        bars = list(ax.patches)
        assert len(bars) == 2 * len(routes)
        expected = table[table["quantity"] == quantity].set_index(["year", "port"])["mean"]
        heights = np.array([b.get_height() for b in bars])
        want = np.array([expected[(y, r)] / 1000 for y in (2024, 2025) for r in routes])
        np.testing.assert_allclose(heights, want)
    # antwerp seizes 0.7 t and 1.4 t: mean 1.05 t; all routes include at_sea's 100 t and 200 t
    assert seized_ax.patches[0].get_height() == pytest.approx(1.05)
    labels = [t.get_text() for t in fig.axes[1].get_xticklabels()]
    assert labels[0] == "Antwerp" and labels[-1] == "all routes"


def test_the_legend_states_partial_years_and_the_traffic_assumption():
    fig = yearly_figure(summary(), scale=0.05)
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert legend[0] == "2024 (92 d in the window)"
    assert legend[1] == "2025; traffic held at 2024 (traffic.beyond_data=hold_last)"
    assert fig.get_suptitle().endswith("(scaled run, run.scale=0.05)")
    note = " ".join(t.get_text() for t in fig.texts)
    assert "2 replications" in note and "95 % CI" in note
    assert "scaled run" not in yearly_figure(summary(), scale=1.0).get_suptitle()


def test_figure_is_written_in_both_formats(tmp_path):
    paths = make_yearly_figure(summary(), 0.05, tmp_path)
    assert sorted(p.name for p in paths) == ["yearly_by_port.png", "yearly_by_port.svg"]
    assert all(p.stat().st_size > 0 for p in paths)
