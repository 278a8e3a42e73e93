"""Cost module against hand-worked values on small synthetic tables.

The synthetic tables are built through ``sim.results.schema`` (every column, checked by name):
2 replications, 3 ports. Parameters are the real validated configs (``api.load``) with small round
prices set by ``dataclasses.replace``. The window is 1460 days from 2023-01-01 (to 2026-12-31
exclusive), exactly 4 model years of 365 days; in the scenario every lever is on from 2022-06-01,
inside the warm-up (which starts 2022-01-01), so each is active the whole 4 years. Every expected
value below is worked out by hand in the comments.

Prices (per-port ``costs.*``):

* fixed scanner 1000 EUR over a life of 4 years: 250 per scanner-year; operating 100 a year;
* a scan 2, an inspection 10, a container-hour of dwell 0.5.

Prices of the levers (their own ``levers.<name>`` blocks):

* alliance: 200 a year; data sharing: 300 a year;
* liaison: 3 origins x 2 teams = 6 officers at 1000 a year each;
* Benelux agency: 2 mobile scanners at 400, depreciated over ``costs.scanner_life_years`` (4):
  100 a year, plus the operating 100 a year = 200 per mobile scanner-year; a move 7;
* insider crackdown: 2 ports at 50 a port-year.
"""

from __future__ import annotations

import dataclasses
import math

import pandas as pd
import pytest

from sim import api
from sim.columns import Column
from sim.engine.levers import COST_ITEMS, LEVERS, PORT_LEVERS
from sim.params import Params
from sim.results import schema
from sim.results.costs import (
    COMPARISON_COLUMNS,
    COST_COLUMNS,
    TABLE_COLUMNS,
    cost_comparison,
    cost_table,
    per_kg,
)
from sim.results.run_tables import ResultTables

PORTS = ("antwerp", "rotterdam", "hamburg")
START = "2023-01-01"
HORIZON_DAYS = 1460  # 4 x 365: exactly 4 model years; window end 2026-12-31 (exclusive)
BEFORE = "2022-06-01"  # inside the warm-up (from 2022-01-01): active the whole window
SCHEDULE_ENTRY = (  # Antwerp to 9 scanners from 2024-01-01 (day 365 of the window)
    '+scenario.schedule.more={port: antwerp, lever: scanners, value: 9, start: "2024-01-01"}'
)
PRICED_LEVERS = ("alliance", "benelux_agency", "data_sharing", "insider_crackdown", "liaison")

LEVER_COLUMN = {
    "alliance": "alliance_eur",
    "benelux_agency": "agency_eur",
    "data_sharing": "data_sharing_eur",
    "insider_crackdown": "insider_measures_eur",
    "liaison": "liaison_eur",
}

EXPECTED_COST_COLUMNS = [
    # the per-port levers' items, in the order of PortParams
    "scanner_capital_eur",
    "scanner_operating_eur",
    "scan_eur",
    "inspection_eur",
    "delay_eur",
    # the levers' items, levers in alphabetical order (module names)
    "alliance_eur",
    "agency_eur",
    "data_sharing_eur",
    "insider_measures_eur",
    "liaison_eur",
]

EXPECTED_COLUMNS = [
    "scenario",
    "replication",
    *EXPECTED_COST_COLUMNS,
    "total_eur",
    "kg_seized",
    "cost_per_kg_seized_eur",
]


# ------------------------------------------------------------------ builders


_NEUTRAL = {"str": "", "int64": 0, "float64": 0.0, "bool": False}


def _neutral(column: Column) -> object:
    return column.default if column.default is not None else _NEUTRAL[column.dtype]


def frame(table: str, rows: list[dict[str, object]]) -> pd.DataFrame:
    """A table through its schema; columns a row does not set get a neutral value."""
    table_schema = schema.TABLES[table]
    for row in rows:
        unknown = set(row) - set(table_schema.names)
        assert not unknown, f"{table}: no columns {sorted(unknown)}"  # a typo in a test
    return table_schema.frame(
        [{c.name: row.get(c.name, _neutral(c)) for c in table_schema.columns} for row in rows]
    )


def make_tables(
    scenario: str, ports: dict[str, list[list[float]]], reps: list[dict]
) -> ResultTables:
    """Tables from per-replication port values (one list entry per port) and replication rows."""
    port_rows = []
    for r in range(len(reps)):
        for i, port in enumerate(PORTS):
            row = {"scenario": scenario, "replication": r, "port": port}
            row.update({col: values[r][i] for col, values in ports.items()})
            port_rows.append(row)
    rep_rows = [{"scenario": scenario, "replication": r, **rep} for r, rep in enumerate(reps)]
    return ResultTables(
        replications=frame("replications", rep_rows),
        ports=frame("ports", port_rows),
        timeseries=schema.TIMESERIES.empty(),
        shipments=schema.SHIPMENTS.empty(),
    )


def scenario_tables() -> ResultTables:
    """Replication 0: 3.5 scanner-years, 350 scans, 15 inspections, 160 dwell-h, 500 kg seized,
    3 agency moves. Replication 1: 4 scanner-years, 360 scans, 16 inspections, 200 dwell-h,
    0 kg seized, 5 agency moves."""
    return make_tables(
        "policy",
        {
            "scanner_years": [[1.0, 2.0, 0.5], [1.0, 2.0, 1.0]],
            "mobile_scanner_years": [[0.25, 0.5, 0.0], [0.5, 0.5, 0.5]],  # not used for costs
            "containers_scanned": [[100, 200, 50], [120, 180, 60]],
            "containers_inspected": [[10, 4, 1], [8, 6, 2]],
            "scan_dwell_h": [[40.0, 60.0, 20.0], [50.0, 70.0, 30.0]],
            "inspection_dwell_h": [[30.0, 10.0, 0.0], [20.0, 20.0, 10.0]],
            "kg_seized": [[300.0, 100.0, 50.0], [0.0, 0.0, 0.0]],
        },
        [
            {
                "kg_seized": 500.0,
                "kg_delivered": 1000.0,
                "agency_moves": 3,
                "containers_checked_origin": 40,  # not used for costs
            },
            {
                "kg_seized": 0.0,
                "kg_delivered": 900.0,
                "agency_moves": 5,
                "containers_checked_origin": 30,
            },
        ],
    )


def counterfactual_tables() -> ResultTables:
    """Replication 0: 2.5 scanner-years, 300 scans, 12 inspections, 130 dwell-h, 400 kg seized.
    Replication 1: 3 scanner-years, 330 scans, 14 inspections, 170 dwell-h, 0 kg seized."""
    return make_tables(
        "policy_counterfactual",
        {
            "scanner_years": [[1.0, 1.0, 0.5], [1.0, 1.0, 1.0]],
            "containers_scanned": [[100, 150, 50], [120, 150, 60]],
            "containers_inspected": [[8, 3, 1], [8, 4, 2]],
            "scan_dwell_h": [[30.0, 50.0, 20.0], [40.0, 60.0, 30.0]],
            "inspection_dwell_h": [[20.0, 10.0, 0.0], [20.0, 10.0, 10.0]],
        },
        [
            {"kg_seized": 400.0, "kg_delivered": 1080.0, "agency_moves": 0},
            {"kg_seized": 0.0, "kg_delivered": 880.0, "agency_moves": 0},
        ],
    )


def load(*overrides: str, start: str = START, horizon_days: int = HORIZON_DAYS) -> Params:
    """Validated parameters for the window, with the given extra overrides (cached by the API)."""
    return api.load([f"run.start_date={start}", f"run.horizon_days={horizon_days}", *overrides])


def levers_on(lever_start: str = BEFORE) -> list[str]:
    """Overrides switching every priced lever on from ``lever_start``."""
    return [
        override
        for name in PRICED_LEVERS
        for override in (f"levers.{name}.enabled=true", f"levers.{name}.start={lever_start}")
    ]


def priced(params: Params) -> Params:
    """``params`` with the small round prices of the module docstring."""
    costs = dataclasses.replace(
        params.costs,
        fixed_scanner_eur=1000.0,
        scanner_life_years=4.0,
        scanner_operating_eur_per_year=100.0,
        scan_eur=2.0,
        inspection_eur=10.0,
        delay_eur_per_container_h=0.5,
    )
    lv = dict(params.levers)
    lv["alliance"] = dataclasses.replace(
        lv["alliance"], members=["antwerp", "rotterdam"], cost_eur_per_year=200.0
    )
    lv["benelux_agency"] = dataclasses.replace(
        lv["benelux_agency"], mobile_scanners=2, mobile_scanner_eur=400.0, cost_eur_per_move=7.0
    )
    lv["data_sharing"] = dataclasses.replace(lv["data_sharing"], cost_eur_per_year=300.0)
    lv["insider_crackdown"] = dataclasses.replace(
        lv["insider_crackdown"], ports=["antwerp", "rotterdam"], cost_eur_per_port_year=50.0
    )
    lv["liaison"] = dataclasses.replace(
        lv["liaison"],
        origins=["guayaquil", "santos", "cartagena"],
        teams_per_origin=2,
        cost_eur_per_officer_year=1000.0,
    )
    return dataclasses.replace(params, costs=costs, levers=lv)


def make_params(enabled: bool = True, horizon_days: int = HORIZON_DAYS) -> Params:
    """Priced parameters; every lever on from before the window, or every lever off."""
    params = priced(load(*levers_on(), horizon_days=horizon_days))
    return params if enabled else all_off(params)


def all_off(params: Params) -> Params:
    lv = {name: dataclasses.replace(block, enabled=False) for name, block in params.levers.items()}
    return dataclasses.replace(params, levers=lv)


def with_lever(params: Params, lever: str, **changes: object) -> Params:
    """A copy of ``params`` with fields of one lever block changed (not validated)."""
    lv = dict(params.levers)
    lv[lever] = dataclasses.replace(lv[lever], **changes)
    return dataclasses.replace(params, levers=lv)


def row(df: pd.DataFrame, replication: int) -> pd.Series:
    return df.set_index("replication").loc[replication]


# ------------------------------------------------------------------ registry and columns


def test_params_are_valid_and_priced():
    """The builders give what the hand-worked values assume."""
    params = make_params()
    assert params.calendar.end.isoformat() == "2026-12-31"  # 2023-01-01 + 1460 days
    assert params.calendar.sim_start.isoformat() == "2022-01-01"  # warm-up of 365 days
    assert all(params.levers[name].enabled for name in PRICED_LEVERS)
    assert not params.scenario.schedule
    assert not any(make_params(enabled=False).levers[name].enabled for name in PRICED_LEVERS)


def test_registry_cost_items_are_the_cost_columns_in_order():
    assert [item.column for item in COST_ITEMS] == EXPECTED_COST_COLUMNS
    assert COST_COLUMNS == EXPECTED_COST_COLUMNS
    assert [c.name for c in schema.COST_PARTS] == EXPECTED_COST_COLUMNS
    assert all(c.dtype == "float64" and c.unit == "EUR" for c in schema.COST_PARTS)
    # the per-port levers' items first, then each lever's, levers in registry order
    port_items = [i.column for lever in PORT_LEVERS.values() for i in lever.costs]
    lever_items = [i.column for spec in LEVERS.values() for i in spec.costs]
    assert port_items == EXPECTED_COST_COLUMNS[:5]
    assert lever_items == EXPECTED_COST_COLUMNS[5:]
    assert list(LEVERS) == sorted(LEVERS)
    assert {name for name, spec in LEVERS.items() if spec.costs} == set(PRICED_LEVERS)
    assert {c.column for spec in LEVERS.values() for c in spec.costs} == set(LEVER_COLUMN.values())
    assert LEVERS["schedule"].costs == ()  # costed through the per-port levers it changes


def test_every_cost_item_is_one_column_of_cost_table_in_order():
    costs = cost_table(scenario_tables(), make_params())
    columns = list(costs.columns)
    for item in COST_ITEMS:
        assert columns.count(item.column) == 1, item.column
    in_table = [c for c in columns if c in {item.column for item in COST_ITEMS}]
    assert in_table == [item.column for item in COST_ITEMS] == COST_COLUMNS


def test_cost_table_columns_rows_and_dtypes():
    costs = cost_table(scenario_tables(), make_params())
    assert list(costs.columns) == EXPECTED_COLUMNS == TABLE_COLUMNS == schema.COSTS.names
    assert EXPECTED_COLUMNS[2:12] == COST_COLUMNS
    assert list(costs["replication"]) == [0, 1]
    assert set(costs["scenario"]) == {"policy"}
    assert list(costs.index) == [0, 1]
    pd.testing.assert_frame_equal(costs, schema.COSTS.conform(costs))
    assert costs["replication"].dtype == "int64"
    numbers = [*COST_COLUMNS, "total_eur", "kg_seized", "cost_per_kg_seized_eur"]
    assert (costs[numbers].dtypes == "float64").all()


def test_synthetic_tables_follow_the_schema():
    tables = scenario_tables()
    assert list(tables.replications.columns) == schema.REPLICATIONS.names
    assert list(tables.ports.columns) == schema.PORTS.names
    assert {"agency_moves", "containers_checked_origin"} <= set(tables.replications.columns)
    assert "wall_time_s" not in tables.replications.columns
    with pytest.raises(ValueError, match="missing"):
        schema.REPLICATIONS.frame([{"scenario": "x", "replication": 0}])


# ------------------------------------------------------------------ years active


def test_years_active_full_window_is_horizon_in_years():
    params = make_params()
    for lever in PRICED_LEVERS:
        assert LEVERS[lever].years_active(params) == pytest.approx(4.0)  # 1460 / 365


def test_years_active_disabled_is_zero():
    params = make_params(enabled=False)
    for lever in PRICED_LEVERS:
        assert LEVERS[lever].years_active(params) == 0.0, lever
    assert LEVERS["schedule"].years_active(params) == 0.0  # no entries


def test_years_active_clipped_to_window():
    params = make_params(horizon_days=730)  # 2023-01-01 .. 2024-12-31 (exclusive; 2024 leaps)
    assert params.calendar.end.isoformat() == "2024-12-31"
    spec = LEVERS["alliance"]
    assert spec.years_active(with_lever(params, "alliance", start=START)) == pytest.approx(2.0)
    # from before the window: clipped to its start, 730 / 365
    assert spec.years_active(with_lever(params, "alliance", start="2022-01-01")) == (
        pytest.approx(2.0)
    )
    # 2024-01-01 is day 365 of the 730: 365 / 365
    assert spec.years_active(with_lever(params, "alliance", start="2024-01-01")) == (
        pytest.approx(1.0)
    )
    # 2024-12-30 is day 729 of the 730: one day, 1 / 365
    assert spec.years_active(with_lever(params, "alliance", start="2024-12-30")) == (
        pytest.approx(1 / 365)
    )
    # at the window end (exclusive) or after it: nothing
    assert spec.years_active(with_lever(params, "alliance", start="2024-12-31")) == 0.0
    assert spec.years_active(with_lever(params, "alliance", start="2025-01-01")) == 0.0
    assert spec.years_active(with_lever(params, "alliance", start="2030-01-01")) == 0.0


def test_years_active_mid_window_from_validated_config():
    params = load(*levers_on("2024-12-31"))  # day 730 of the 1460 (2023: 365, 2024: 365 + 1)
    for lever in PRICED_LEVERS:
        assert LEVERS[lever].years_active(params) == pytest.approx(2.0), lever  # 730 / 365


def test_years_active_a_leap_year_is_366_model_days():
    # 2024 has 366 days: 366 / 365 = 1.0027397 model years (365.25 days would give 1.0020534)
    params = load("levers.alliance.enabled=true", start="2024-01-01", horizon_days=366)
    assert LEVERS["alliance"].years_active(params) == pytest.approx(366 / 365, rel=1e-9)
    costs = cost_table(scenario_tables(), priced(params))
    assert costs["alliance_eur"].iloc[0] == pytest.approx(200 * 366 / 365, rel=1e-9)  # 200.548


def test_years_active_of_the_schedule_is_from_its_first_entry():
    params = load(SCHEDULE_ENTRY)
    # 2024-01-01 is day 365 of the 1460: 1095 / 365
    assert LEVERS["schedule"].years_active(params) == pytest.approx(3.0)


# ------------------------------------------------------------------ cost_table


SCENARIO_EXPECTED = {
    0: {
        "scanner_capital_eur": 875.0,  # 3.5 scanner-years x 1000 / 4
        "scanner_operating_eur": 350.0,  # 3.5 x 100
        "scan_eur": 700.0,  # 350 scans x 2
        "inspection_eur": 150.0,  # 15 inspections x 10
        "delay_eur": 80.0,  # (120 + 40) container-h x 0.5
        "alliance_eur": 800.0,  # 4 years x 200
        "agency_eur": 1621.0,  # 2 scanners x 4 years x (400 / 4 + 100) + 3 moves x 7
        "data_sharing_eur": 1200.0,  # 4 years x 300
        "insider_measures_eur": 400.0,  # 2 ports x 4 years x 50
        "liaison_eur": 24000.0,  # 3 origins x 2 teams x 4 years x 1000
        # ports 875 + 350 + 700 + 150 + 80 = 2155; levers 800 + 1621 + 1200 + 400 + 24000 = 28021
        "total_eur": 30176.0,
        "kg_seized": 500.0,
        "cost_per_kg_seized_eur": 60.352,  # 30176 / 500
    },
    1: {
        "scanner_capital_eur": 1000.0,  # 4 x 250
        "scanner_operating_eur": 400.0,  # 4 x 100
        "scan_eur": 720.0,  # 360 x 2
        "inspection_eur": 160.0,  # 16 x 10
        "delay_eur": 100.0,  # (150 + 50) x 0.5
        "alliance_eur": 800.0,
        "agency_eur": 1635.0,  # 1600 + 5 moves x 7
        "data_sharing_eur": 1200.0,
        "insider_measures_eur": 400.0,
        "liaison_eur": 24000.0,
        # ports 1000 + 400 + 720 + 160 + 100 = 2380; levers 28035
        "total_eur": 30415.0,
        "kg_seized": 0.0,
    },
}


def test_cost_components_by_hand():
    costs = cost_table(scenario_tables(), make_params())
    for replication, values in SCENARIO_EXPECTED.items():
        got = row(costs, replication)
        for name, value in values.items():
            assert got[name] == pytest.approx(value), (replication, name)
    assert math.isnan(row(costs, 1)["cost_per_kg_seized_eur"])  # nothing seized


def test_cost_columns_sum_to_total():
    costs = cost_table(scenario_tables(), make_params())
    assert costs[COST_COLUMNS].sum(axis=1).to_numpy() == pytest.approx(costs["total_eur"])
    assert list(costs["total_eur"]) == pytest.approx([30176.0, 30415.0])


def test_kg_seized_comes_from_the_replications_table():
    tables = scenario_tables()
    tables.ports["kg_seized"] = 1.0  # the ports' kg (port seizures only) are not used
    costs = cost_table(tables, make_params())
    assert list(costs["kg_seized"]) == [500.0, 0.0]


def test_cost_per_kg_seized_nan_with_zero_kg():
    tables = scenario_tables()
    tables.replications["kg_seized"] = [0.0, 250.0]
    costs = cost_table(tables, make_params())
    assert math.isnan(row(costs, 0)["cost_per_kg_seized_eur"])
    assert row(costs, 1)["cost_per_kg_seized_eur"] == pytest.approx(121.66)  # 30415 / 250


def test_per_kg():
    got = per_kg(pd.Series([10.0, 10.0, 10.0, -6.0]), pd.Series([4, 0, -1, 3]))
    assert got.dtype == "float64"
    assert got.iloc[0] == 2.5  # 10 / 4
    assert math.isnan(got.iloc[1])  # kg == 0
    assert math.isnan(got.iloc[2])  # kg < 0
    assert got.iloc[3] == -2.0  # a negative cost is divided as it is


def test_disabled_levers_cost_nothing():
    costs = cost_table(scenario_tables(), make_params(enabled=False))
    for name in ("alliance_eur", "data_sharing_eur", "insider_measures_eur", "liaison_eur"):
        assert (costs[name] == 0.0).all(), name
    # the agency's scanners cost nothing; only the moves recorded in the table are charged
    assert list(costs["agency_eur"]) == pytest.approx([21.0, 35.0])  # 3 x 7, 5 x 7
    # port components do not depend on the levers
    assert list(costs["scanner_capital_eur"]) == pytest.approx([875.0, 1000.0])
    assert list(costs["total_eur"]) == pytest.approx([2155.0 + 21.0, 2380.0 + 35.0])


@pytest.mark.parametrize("lever", PRICED_LEVERS)
def test_lever_cost_scales_with_active_years(lever):
    tables = scenario_tables()
    tables.replications["agency_moves"] = 0  # agency cost = its scanners only
    column = LEVER_COLUMN[lever]
    params = make_params(horizon_days=730)  # 2023-01-01 .. 2024-12-31
    full = cost_table(tables, with_lever(params, lever, start=START))[column]
    half = cost_table(tables, with_lever(params, lever, start="2024-01-01"))[column]  # day 365
    at_end = cost_table(tables, with_lever(params, lever, start="2024-12-31"))[column]
    after = cost_table(tables, with_lever(params, lever, start="2025-06-01"))[column]
    off = cost_table(tables, with_lever(params, lever, enabled=False))[column]
    assert (full > 0).all()
    assert half.to_numpy() == pytest.approx(0.5 * full.to_numpy())
    assert (at_end == 0.0).all()
    assert (after == 0.0).all()
    assert (off == 0.0).all()


@pytest.mark.parametrize(
    ("lever", "two_years"),
    [
        ("alliance", 400.0),  # 2 years x 200
        ("benelux_agency", 800.0),  # 2 scanners x 2 years x 200
        ("data_sharing", 600.0),  # 2 years x 300
        ("insider_crackdown", 200.0),  # 2 ports x 2 years x 50
        ("liaison", 12000.0),  # 6 officers x 2 years x 1000
    ],
)
def test_lever_cost_two_years_by_hand(lever, two_years):
    tables = scenario_tables()
    tables.replications["agency_moves"] = 0
    params = make_params(horizon_days=730)
    costs = cost_table(tables, with_lever(params, lever, start=START))
    assert list(costs[LEVER_COLUMN[lever]]) == pytest.approx([two_years, two_years])


def test_liaison_cost_one_year_by_hand():
    params = make_params(horizon_days=730)
    costs = cost_table(scenario_tables(), with_lever(params, "liaison", start="2024-01-01"))
    # 3 origins x 2 teams x (365 / 365) years x 1000 (365.25-day years would give 5995.89)
    assert costs["liaison_eur"].iloc[0] == pytest.approx(6000.0, rel=1e-9)


def test_levers_starting_mid_window_by_hand():
    # every lever on from 2024-12-31, day 730 of the 1460: 2 years active
    costs = cost_table(scenario_tables(), priced(load(*levers_on("2024-12-31"))))
    r0 = row(costs, 0)
    assert r0["alliance_eur"] == pytest.approx(400.0)  # 2 x 200
    assert r0["agency_eur"] == pytest.approx(821.0)  # 2 scanners x 2 years x 200 + 3 moves x 7
    assert r0["data_sharing_eur"] == pytest.approx(600.0)  # 2 x 300
    assert r0["insider_measures_eur"] == pytest.approx(200.0)  # 2 ports x 2 x 50
    assert r0["liaison_eur"] == pytest.approx(12000.0)  # 6 officers x 2 x 1000
    # ports unchanged (2155): 2155 + 400 + 821 + 600 + 200 + 12000
    assert r0["total_eur"] == pytest.approx(16176.0)


def test_lever_prices_come_from_their_own_blocks():
    params = make_params()
    costs = cost_table(scenario_tables(), params)
    doubled = params
    for lever, price in (
        ("alliance", "cost_eur_per_year"),
        ("data_sharing", "cost_eur_per_year"),
        ("insider_crackdown", "cost_eur_per_port_year"),
        ("liaison", "cost_eur_per_officer_year"),
    ):
        doubled = with_lever(doubled, lever, **{price: 2 * getattr(params.levers[lever], price)})
    doubled = with_lever(
        doubled, "benelux_agency", mobile_scanner_eur=1200.0, cost_eur_per_move=1.0
    )
    again = cost_table(scenario_tables(), doubled)
    for name in ("alliance_eur", "data_sharing_eur", "insider_measures_eur", "liaison_eur"):
        assert again[name].to_numpy() == pytest.approx(2 * costs[name].to_numpy()), name
    # 2 scanners x 4 years x (1200 / 4 + 100) + moves x 1: 3200 + 3, 3200 + 5
    assert list(again["agency_eur"]) == pytest.approx([3203.0, 3205.0])
    # the port prices are untouched
    for name in COST_COLUMNS[:5]:
        assert again[name].to_numpy() == pytest.approx(costs[name].to_numpy()), name


def test_agency_scanners_depreciate_and_operate_like_fixed_ones():
    params = make_params()
    params = dataclasses.replace(
        params,
        costs=dataclasses.replace(
            params.costs, scanner_life_years=2.0, scanner_operating_eur_per_year=300.0
        ),
    )
    costs = cost_table(scenario_tables(), params)
    r0 = row(costs, 0)
    # 2 scanners x 4 years x (400 / 2 + 300) + 3 moves x 7 = 4000 + 21
    assert r0["agency_eur"] == pytest.approx(4021.0)
    assert r0["scanner_capital_eur"] == pytest.approx(1750.0)  # 3.5 x 1000 / 2
    assert r0["scanner_operating_eur"] == pytest.approx(1050.0)  # 3.5 x 300


def test_agency_scales_with_its_scanners_and_members():
    params = with_lever(make_params(), "benelux_agency", mobile_scanners=5)
    costs = cost_table(scenario_tables(), params)
    assert list(costs["agency_eur"]) == pytest.approx([4021.0, 4035.0])  # 5 x 4 x 200 + moves
    params = with_lever(make_params(), "insider_crackdown", ports=["antwerp"])
    assert list(cost_table(scenario_tables(), params)["insider_measures_eur"]) == (
        pytest.approx([200.0, 200.0])  # 1 port x 4 years x 50
    )
    params = with_lever(make_params(), "liaison", teams_per_origin=1, origins=["santos"])
    assert list(cost_table(scenario_tables(), params)["liaison_eur"]) == (
        pytest.approx([4000.0, 4000.0])  # 1 officer x 4 years x 1000
    )


def test_facts_that_are_not_priced_do_not_change_costs():
    costs = cost_table(scenario_tables(), make_params())
    tables = scenario_tables()
    tables.ports["mobile_scanner_years"] = 9.0  # agency scanners are costed by their number
    tables.ports["scanners"] = 99  # scanners at the end of the window: scanner_years are costed
    tables.replications["containers_checked_origin"] = 12345  # liaison costed per officer
    tables.replications["containers_scanned"] = 777  # the ports' counts are the ones summed
    pd.testing.assert_frame_equal(cost_table(tables, make_params()), costs)


def test_schedule_adds_no_cost_of_its_own():
    with_schedule = priced(load(*levers_on(), SCHEDULE_ENTRY))
    assert with_schedule.scenario.schedule
    pd.testing.assert_frame_equal(
        cost_table(scenario_tables(), with_schedule), cost_table(scenario_tables(), make_params())
    )


def test_replication_without_port_rows_costs_only_levers():
    tables = scenario_tables()
    tables.ports = tables.ports[tables.ports["replication"] == 0]
    costs = cost_table(tables, make_params(enabled=False))
    assert row(costs, 1)["scan_eur"] == 0.0
    assert row(costs, 1)["total_eur"] == pytest.approx(35.0)  # 5 agency moves x 7
    assert row(costs, 0)["total_eur"] == pytest.approx(2176.0)  # 2155 + 3 x 7


def test_rows_follow_the_replications_table():
    tables = scenario_tables()
    tables.replications = tables.replications.iloc[::-1].reset_index(drop=True)
    costs = cost_table(tables, make_params())
    assert list(costs["replication"]) == [1, 0]
    assert list(costs.index) == [0, 1]
    assert list(costs["total_eur"]) == pytest.approx([30415.0, 30176.0])
    assert list(costs["kg_seized"]) == [0.0, 500.0]


def test_no_replications_gives_an_empty_table():
    tables = scenario_tables()
    tables.replications = tables.replications.iloc[:0]
    tables.ports = tables.ports.iloc[:0]
    costs = cost_table(tables, make_params())
    assert costs.empty
    assert list(costs.columns) == EXPECTED_COLUMNS


# ------------------------------------------------------------------ cost_comparison


def comparison() -> pd.DataFrame:
    scenario, counterfactual = scenario_tables(), counterfactual_tables()
    s_costs = cost_table(scenario, make_params())
    c_costs = cost_table(counterfactual, make_params(enabled=False))
    return cost_comparison(s_costs, c_costs, scenario, counterfactual)


def test_comparison_columns():
    expected = [
        "replication",
        "extra_cost_eur",
        "extra_kg_seized",
        "kg_kept_off_market",
        "cost_per_extra_kg_seized_eur",
        "cost_per_kg_kept_off_market_eur",
        *(f"extra_{name}" for name in EXPECTED_COST_COLUMNS),
    ]
    cmp = comparison()
    assert list(cmp.columns) == expected == COMPARISON_COLUMNS == schema.COST_COMPARISON.names
    assert list(cmp["replication"]) == [0, 1]
    pd.testing.assert_frame_equal(cmp, schema.COST_COMPARISON.conform(cmp))
    assert (cmp.drop(columns="replication").dtypes == "float64").all()


def test_counterfactual_costs_by_hand():
    costs = cost_table(counterfactual_tables(), make_params(enabled=False))
    # rep 0: 2.5 x 250 + 2.5 x 100 + 300 x 2 + 12 x 10 + 130 x 0.5 = 625 + 250 + 600 + 120 + 65
    # rep 1: 3 x 250 + 3 x 100 + 330 x 2 + 14 x 10 + 170 x 0.5 = 750 + 300 + 660 + 140 + 85
    assert list(costs["total_eur"]) == pytest.approx([1660.0, 1935.0])
    assert list(costs["agency_eur"]) == [0.0, 0.0]  # off, and no moves


def test_comparison_by_hand():
    cmp = comparison()
    r0, r1 = row(cmp, 0), row(cmp, 1)
    assert r0["extra_cost_eur"] == pytest.approx(28516.0)  # 30176 - 1660
    assert r0["extra_kg_seized"] == pytest.approx(100.0)  # 500 - 400
    assert r0["kg_kept_off_market"] == pytest.approx(80.0)  # 1080 - 1000
    assert r0["cost_per_extra_kg_seized_eur"] == pytest.approx(285.16)  # 28516 / 100
    assert r0["cost_per_kg_kept_off_market_eur"] == pytest.approx(356.45)  # 28516 / 80
    assert r1["extra_cost_eur"] == pytest.approx(28480.0)  # 30415 - 1935
    assert r1["extra_kg_seized"] == 0.0  # 0 - 0
    assert r1["kg_kept_off_market"] == pytest.approx(-20.0)  # 880 - 900


def test_comparison_nan_when_nothing_extra():
    r1 = row(comparison(), 1)
    assert math.isnan(r1["cost_per_extra_kg_seized_eur"])  # extra kg seized == 0
    assert math.isnan(r1["cost_per_kg_kept_off_market_eur"])  # kg kept off market < 0


def test_comparison_components_by_hand():
    cmp = comparison()
    assert list(cmp["extra_scanner_capital_eur"]) == pytest.approx([250.0, 250.0])  # 1 x 250
    assert list(cmp["extra_scanner_operating_eur"]) == pytest.approx([100.0, 100.0])  # 1 x 100
    assert list(cmp["extra_scan_eur"]) == pytest.approx([100.0, 60.0])  # 50 and 30 scans x 2
    assert list(cmp["extra_inspection_eur"]) == pytest.approx([30.0, 20.0])  # 3 and 2 x 10
    assert list(cmp["extra_delay_eur"]) == pytest.approx([15.0, 15.0])  # 30 container-h x 0.5
    assert list(cmp["extra_alliance_eur"]) == pytest.approx([800.0, 800.0])
    assert list(cmp["extra_agency_eur"]) == pytest.approx([1621.0, 1635.0])
    assert list(cmp["extra_data_sharing_eur"]) == pytest.approx([1200.0, 1200.0])
    assert list(cmp["extra_insider_measures_eur"]) == pytest.approx([400.0, 400.0])
    assert list(cmp["extra_liaison_eur"]) == pytest.approx([24000.0, 24000.0])
    # rep 0: 250 + 100 + 100 + 30 + 15 + 800 + 1621 + 1200 + 400 + 24000 = 28516
    extra = cmp[[f"extra_{name}" for name in COST_COLUMNS]].sum(axis=1)
    assert extra.to_numpy() == pytest.approx(cmp["extra_cost_eur"].to_numpy())


def test_comparison_pairs_by_replication_not_row_order():
    scenario, counterfactual = scenario_tables(), counterfactual_tables()
    s_costs = cost_table(scenario, make_params())
    c_costs = cost_table(counterfactual, make_params(enabled=False))
    counterfactual.replications = counterfactual.replications.iloc[::-1]
    scenario.replications = scenario.replications.iloc[::-1]
    cmp = cost_comparison(s_costs.iloc[::-1], c_costs, scenario, counterfactual)
    pd.testing.assert_frame_equal(cmp, comparison())


def test_comparison_pairs_by_replication_number():
    """Replications 4 and 9 (not 0, 1): rows sorted by replication, paired by number."""
    scenario, counterfactual = scenario_tables(), counterfactual_tables()
    for tables, numbers in ((scenario, {0: 9, 1: 4}), (counterfactual, {0: 9, 1: 4})):
        tables.replications["replication"] = tables.replications["replication"].map(numbers)
        tables.ports["replication"] = tables.ports["replication"].map(numbers)
    s_costs = cost_table(scenario, make_params())
    c_costs = cost_table(counterfactual, make_params(enabled=False))
    cmp = cost_comparison(s_costs, c_costs, scenario, counterfactual)
    assert list(cmp["replication"]) == [4, 9]
    assert list(cmp["extra_cost_eur"]) == pytest.approx([28480.0, 28516.0])  # old 1, old 0
    assert list(cmp["extra_kg_seized"]) == pytest.approx([0.0, 100.0])


def _comparison_inputs() -> dict[str, object]:
    scenario, counterfactual = scenario_tables(), counterfactual_tables()
    return {
        "scenario_costs": cost_table(scenario, make_params()),
        "counterfactual_costs": cost_table(counterfactual, make_params(enabled=False)),
        "scenario": scenario,
        "counterfactual": counterfactual,
    }


def _first_row(what: str, inputs: dict[str, object]) -> None:
    value = inputs[what]
    if isinstance(value, ResultTables):
        value.replications = value.replications.iloc[:1]
    else:
        inputs[what] = value.iloc[:1]  # type: ignore[union-attr]


@pytest.mark.parametrize("what", ["counterfactual_costs", "scenario", "counterfactual"])
def test_comparison_rejects_unpaired_replications(what):
    inputs = _comparison_inputs()
    _first_row(what, inputs)  # only replication 0 left there
    with pytest.raises(ValueError, match=f"{what} has replications \\[0\\]"):
        cost_comparison(**inputs)


def test_comparison_rejects_missing_scenario_replication():
    inputs = _comparison_inputs()
    _first_row("scenario_costs", inputs)
    with pytest.raises(ValueError, match="replications"):
        cost_comparison(**inputs)


def test_comparison_rejects_other_replication_numbers():
    inputs = _comparison_inputs()
    c_costs = inputs["counterfactual_costs"].copy()  # type: ignore[union-attr]
    c_costs["replication"] = [0, 2]
    inputs["counterfactual_costs"] = c_costs
    with pytest.raises(ValueError, match="replications"):
        cost_comparison(**inputs)


@pytest.mark.parametrize(
    "what", ["scenario_costs", "counterfactual_costs", "scenario", "counterfactual"]
)
def test_comparison_rejects_duplicate_replications(what):
    inputs = _comparison_inputs()
    value = inputs[what]
    if isinstance(value, ResultTables):
        value.replications = pd.concat([value.replications, value.replications.iloc[:1]])
    else:
        inputs[what] = pd.concat([value, value.iloc[:1]])  # type: ignore[list-item]
    with pytest.raises(ValueError, match="several rows for one replication"):
        cost_comparison(**inputs)
