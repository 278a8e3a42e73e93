"""Runs over several calendar years: the per-year account conserves and sums to the run's totals,
traffic beyond the data follows ``traffic.beyond_data``, and the summary says which years used
which assumption.

The two-year run is checked against the run's own ``ports``, ``replications`` and ``timeseries``
tables (built independently of the yearly account); the summary table against hand-computed
means and Student t intervals of a hand-made table; the traffic rule against the seeds' 2024
volumes compounded by hand.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from helpers import run_tables, setup

from sim import api
from sim.params.budget import estimate
from sim.results import schema
from sim.results.summary import summary_text
from sim.results.yearly import (
    ALL_ROUTES,
    QUANTITIES,
    beyond_data_lines,
    spans_years,
    traffic_basis,
    year_segments,
    yearly_summary,
)

# two calendar years from 2023-01-01 (2024 is a leap year), as small as the model allows
TWO_YEARS = (
    "run=smoke",
    "run.horizon_days=731",
    "run.warmup_days=60",
    "run.scale=0.02",
    "traffickers.annual_volume_t=400",
)
T_975_DF1 = 12.706204736  # Student t quantile 0.975 with 1 degree of freedom (statistical tables)
KG_FLOWS = ("kg_attempted", "kg_seized", "kg_seized_origin", "kg_delivered")
CONTAINERS = (
    "containers_arrived",
    "containers_selected",
    "containers_scanned",
    "containers_released_unscanned",
)


@pytest.fixture(scope="module")
def two_years():
    return run_tables(*TWO_YEARS)


def test_a_two_year_window_has_one_row_per_year_route_and_replication(two_years):
    yearly = two_years.yearly
    assert list(yearly.columns) == schema.columns("yearly")
    routes = two_years.timeseries["port"].unique()
    assert len(routes) == 14  # 12 ports and the two outside routes
    assert len(yearly) == 2 * 2 * len(routes)
    days = yearly.groupby("year")["days"].unique()
    assert {year: list(d) for year, d in days.items()} == {2023: [365], 2024: [366]}


def test_every_year_conserves_kg_and_shipments_exactly(two_years):
    y = two_years.yearly
    for unit, seized in (
        ("kg", ["kg_seized", "kg_seized_origin"]),
        ("shipments", ["shipments_seized"]),
    ):
        came = y[f"{unit}_in_transit_start"] + y[f"{unit}_attempted"]
        went = y[seized].sum(axis=1) + y[f"{unit}_delivered"] + y[f"{unit}_in_transit_end"]
        assert (came == went).all(), unit  # whole kg and counts: exact
    # the first year opens empty; each year opens with what the year before closed with
    first, second = (g.set_index(["replication", "port"]) for _, g in y.groupby("year"))
    assert (first["kg_in_transit_start"] == 0).all()
    assert (second["kg_in_transit_start"] == first["kg_in_transit_end"]).all()
    assert (second["shipments_in_transit_start"] == first["shipments_in_transit_end"]).all()
    assert second["kg_in_transit_start"].sum() > 0  # loads at sea on New Year's Eve


def test_the_years_sum_to_the_run_totals_per_port_and_replication(two_years):
    y = two_years.yearly
    columns = [*KG_FLOWS, "shipments_attempted", *CONTAINERS]
    by_years = y.groupby(["replication", "port"])[columns].sum()
    ports = two_years.ports.set_index(["replication", "port"])[columns]
    pd.testing.assert_frame_equal(by_years.loc[ports.index], ports, check_dtype=False)
    assert ports["containers_arrived"].min() > 0
    reps = two_years.replications.set_index("replication")
    totals = y.groupby("replication").sum(numeric_only=True)
    np.testing.assert_array_equal(
        totals["kg_seized"] + totals["kg_seized_origin"], reps["kg_seized"]
    )
    np.testing.assert_array_equal(totals["kg_delivered"], reps["kg_delivered"])
    np.testing.assert_array_equal(totals["kg_attempted"], reps["kg_attempted"])
    np.testing.assert_array_equal(totals["shipments_seized"], reps["shipments_seized"])
    np.testing.assert_array_equal(totals["shipments_delivered"], reps["shipments_delivered"])
    last = y[y["year"] == 2024].groupby("replication")["kg_in_transit_end"].sum()
    np.testing.assert_array_equal(last, reps["kg_in_transit"] + reps["kg_delayed"])


def test_seizures_and_deliveries_are_dated_as_in_the_timeseries(two_years):
    ts = two_years.timeseries.assign(year=lambda f: f["period_start"].str[:4].astype(int))
    by_date = ts.groupby(["replication", "year", "port"])[["kg_seized", "kg_delivered"]].sum()
    y = two_years.yearly.set_index(["replication", "year", "port"])
    pd.testing.assert_frame_equal(y.loc[by_date.index, ["kg_seized", "kg_delivered"]], by_date)


def test_year_segments_split_the_window_at_new_year():
    import datetime as dt

    assert year_segments(dt.date(2024, 10, 1), 500) == [
        (2024, 0, 92),
        (2025, 92, 457),
        (2026, 457, 500),
    ]
    assert year_segments(dt.date(2023, 1, 1), 365) == [(2023, 0, 365)]


def _hand_made_yearly() -> pd.DataFrame:
    rows = []
    values = {  # (replication, year, port): kg_seized
        (0, 2024, "antwerp"): 100.0,
        (1, 2024, "antwerp"): 300.0,
        (0, 2024, "at_sea"): 10.0,
        (1, 2024, "at_sea"): 30.0,
        (0, 2025, "antwerp"): 50.0,
        (1, 2025, "antwerp"): 50.0,
        (0, 2025, "at_sea"): 0.0,
        (1, 2025, "at_sea"): 20.0,
    }
    for (rep, year, port), kg in values.items():
        row = dict.fromkeys(schema.columns("yearly"), 0)
        row.update(
            scenario="baseline",
            replication=rep,
            year=year,
            port=port,
            kg_seized=kg,
            days=92 if year == 2024 else 365,
        )
        rows.append(row)
    return schema.YEARLY.frame(rows)


def test_the_summary_gives_means_t_intervals_totals_and_the_traffic_of_each_year():
    params, _ = setup("run.start_date=2024-10-01", "run.horizon_days=457")
    summary = yearly_summary(_hand_made_yearly(), params)
    assert list(summary.columns) == schema.columns("yearly_summary")
    assert set(summary["quantity"]) == set(QUANTITIES)
    kg = summary[summary["quantity"] == "kg_seized"].set_index(["year", "port"])
    # antwerp 2024: 100 and 300 -> mean 200, s = 141.42, half-width t * s / sqrt(2) = t * 100
    assert kg.loc[(2024, "antwerp"), "mean"] == 200.0
    assert kg.loc[(2024, "antwerp"), "ci_low"] == pytest.approx(200 - 100 * T_975_DF1)
    assert kg.loc[(2024, "antwerp"), "ci_high"] == pytest.approx(200 + 100 * T_975_DF1)
    # all routes 2024: 110 and 330 per replication -> mean 220, half-width t * 110
    assert kg.loc[(2024, ALL_ROUTES), "mean"] == 220.0
    assert kg.loc[(2024, ALL_ROUTES), "ci_high"] == pytest.approx(220 + 110 * T_975_DF1)
    assert kg.loc[(2025, "antwerp"), "ci_low"] == kg.loc[(2025, "antwerp"), "ci_high"] == 50.0
    assert kg.loc[(2025, ALL_ROUTES), "mean"] == 60.0
    assert (kg["replications"] == 2).all()
    assert kg.loc[(2024, "antwerp"), "days"] == 92
    assert kg.loc[(2024, "antwerp"), "traffic"] == "data (seeds/throughput.csv 2024)"
    assert kg.loc[(2025, "antwerp"), "traffic"] == "held at 2024 (traffic.beyond_data=hold_last)"


def test_only_windows_over_several_years_get_the_yearly_tables():
    assert not spans_years(setup("run=smoke")[0])  # 90 days of 2023
    assert not spans_years(setup("run.horizon_days=365")[0])  # all of 2023, not a day of 2024
    assert spans_years(setup("run.horizon_days=366")[0])
    assert not spans_years(setup("scenario=queue_check", "run.horizon_days=800")[0])


# ------------------------------------------------------------------ traffic beyond the data


def test_hold_last_is_the_default_and_keeps_the_2024_volumes_every_later_year():
    params, network = setup("run.start_date=2024-01-01", "run.horizon_days=1096")
    assert params.traffic.beyond_data.value == "hold_last"
    assert params.traffic.growth_per_year == 0.0
    for port in network.ports.values():
        v2024 = port.import_containers_by_year[2024]
        assert port.import_containers(2025) == port.import_containers(2027) == v2024
        assert port.import_containers(2019) == port.import_containers_by_year[2021]


def test_growth_compounds_the_last_data_year_and_leaves_the_data_years_alone():
    hold = setup("run.start_date=2024-01-01", "run.horizon_days=1096")[1]
    grown = setup(
        "run.start_date=2024-01-01",
        "run.horizon_days=1096",
        "traffic.beyond_data=growth",
        "traffic.growth_per_year=0.1",
    )[1]
    for key, port in grown.ports.items():
        v2024 = hold.ports[key].import_containers(2024)
        for year in (2021, 2022, 2023, 2024):
            assert port.import_containers(year) == hold.ports[key].import_containers(year)
        assert port.import_containers(2025) == pytest.approx(v2024 * 1.1, rel=1e-12)
        assert port.import_containers(2027) == pytest.approx(v2024 * 1.1**3, rel=1e-12)
    shrunk = setup("traffic.beyond_data=growth", "traffic.growth_per_year=-0.2")[1]
    v2024 = hold.ports["antwerp"].import_containers(2024)
    assert shrunk.ports["antwerp"].import_containers(2026) == pytest.approx(v2024 * 0.64)


def _arrived_per_day(*overrides: str) -> dict[int, float]:
    tables = run_tables(*overrides)
    y = tables.yearly
    per_year = y.groupby("year")[["containers_arrived", "days"]].agg(
        {"containers_arrived": "sum", "days": "first"}
    )
    return (per_year["containers_arrived"] / per_year["days"]).to_dict()


MID_2024 = (
    "run=smoke",
    "run.start_date=2024-07-01",
    "run.horizon_days=365",
    "run.replications=1",
    "run.scale=0.02",
    "traffickers.annual_volume_t=400",
)


def test_the_model_discharges_the_grown_traffic_in_2025_and_the_same_in_2024():
    hold = _arrived_per_day(*MID_2024)
    grown = _arrived_per_day(*MID_2024, "traffic.beyond_data=growth", "traffic.growth_per_year=0.5")
    # the vessel calls draw from the same streams: 2024 is the same traffic (contaminated
    # boxes aside), 2025 has the call rate of 1.5 x the 2024 volume
    assert grown[2024] == pytest.approx(hold[2024], rel=0.002)
    assert grown[2025] / hold[2025] == pytest.approx(1.5, rel=0.04)
    assert hold[2025] / hold[2024] == pytest.approx(1.0, rel=0.05)


def test_the_memory_estimate_counts_the_grown_traffic():
    base = ("run.start_date=2024-01-01", "run.horizon_days=1461", "run.scale=0.1")
    hold = estimate(*setup(*base))
    grown = estimate(*setup(*base, "traffic.beyond_data=growth", "traffic.growth_per_year=0.5"))
    assert grown.selected_per_replication > 2 * hold.selected_per_replication


# ------------------------------------------------------------------ what the summary says


def test_the_summary_names_the_years_beyond_the_data_and_their_assumption(two_years, tmp_path):
    params = api.load(["run.start_date=2024-03-01", "run.horizon_days=500"])
    lines = beyond_data_lines(params)
    assert lines[0] == "2024: world production held at 2023 (traffickers.supply.production_t)"
    assert lines[1].startswith("2025: traffic held at 2024 (traffic.beyond_data=hold_last)")
    assert "origin interdiction rates held at their last entries" in lines[1]
    assert len(lines) == 2
    grown = api.load(
        [
            "run.start_date=2024-03-01",
            "run.horizon_days=700",
            "traffic.beyond_data=growth",
            "traffic.growth_per_year=0.02",
        ]
    )
    text = summary_text(two_years, grown, tmp_path)
    assert "inputs beyond their data (assumptions, not data):" in text
    assert (
        "  2025: traffic 2024 x 1.02^1 (traffic.beyond_data=growth, traffic.growth_per_year=0.02)"
        in text
    )
    assert "2026: traffic 2024 x 1.02^2" in text
    assert traffic_basis(grown, 2023) == "data (seeds/throughput.csv 2023)"


def test_a_run_inside_the_data_says_nothing_about_assumptions(smoke_tables, tmp_path):
    params = api.load(["run=smoke"])  # 2023, with its warm-up in 2022
    assert beyond_data_lines(params) == []
    assert "beyond their data" not in summary_text(smoke_tables, params, tmp_path)


def test_a_warm_up_before_the_data_is_named_as_such():
    params = api.load(["run.start_date=2021-01-01", "run.horizon_days=30"])
    assert beyond_data_lines(params) == [
        "2020 (warm-up): traffic held at 2021, the first data year"
    ]
    pinned = api.load(["run.start_date=2024-06-01", "traffic.throughput_year=2023"])
    assert traffic_basis(pinned, 2025) == "2023 volumes (traffic.throughput_year=2023)"
    lines = beyond_data_lines(pinned)  # production and origin rates only: traffic is pinned
    assert lines and not any(": traffic" in line for line in lines)
