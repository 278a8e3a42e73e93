"""Cost module against hand-worked values on small synthetic tables.

The synthetic tables follow ``sim.results.schema`` exactly: 2 replications, 3 ports. The window
is 1461 days (exactly 4 years of 365.25 days) from 2023-01-01; in the scenario every lever is on
from before the window, so each is active 4 years. Prices are small round numbers so that every
expected value below is worked out by hand in the comments.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math

import pandas as pd
import pytest

from sim.params import (
    AllianceParams,
    BeneluxAgencyParams,
    CostParams,
    DataSharingParams,
    InsiderCrackdownParams,
    LeverParams,
    LiaisonParams,
    Params,
    RunParams,
)
from sim.results import schema
from sim.results.costs import (
    COST_COLUMNS,
    cost_comparison,
    cost_table,
    lever_years,
)
from sim.results.run_tables import ResultTables

PORTS = ("antwerp", "rotterdam", "hamburg")
START = "2023-01-01"
HORIZON_DAYS = 1461  # 4 × 365.25
BEFORE = "2022-06-01"  # lever start before the window: active the whole window

PRICES = CostParams(
    fixed_scanner_eur=1000.0,  # / 4 years of life: 250 per scanner-year
    mobile_scanner_eur=400.0,  # / 4: 100 per mobile-scanner-year
    scanner_life_years=4.0,
    scanner_operating_eur_per_year=100.0,
    scan_eur=2.0,
    inspection_eur=10.0,
    delay_eur_per_container_h=0.5,
    liaison_officer_eur_per_year=1000.0,
    data_sharing_eur_per_year=300.0,
    alliance_intelligence_eur_per_year=200.0,
    agency_move_eur=7.0,
    insider_measures_eur_per_port_year=50.0,
)

EXPECTED_COLUMNS = [
    "scenario",
    "replication",
    "scanner_capital_eur",
    "scanner_operating_eur",
    "scan_eur",
    "inspection_eur",
    "delay_eur",
    "liaison_eur",
    "data_sharing_eur",
    "alliance_eur",
    "agency_eur",
    "insider_measures_eur",
    "total_eur",
    "kg_seized",
    "cost_per_kg_seized_eur",
]


# ------------------------------------------------------------------ builders


def _default(unit: str) -> object:
    return "" if unit in ("-", "date", "bool") else 0.0


def frame(table: str, rows: list[dict[str, object]]) -> pd.DataFrame:
    """A table with exactly the schema's columns; unset columns get a neutral value."""
    cols = schema.TABLES[table]
    return pd.DataFrame(
        [{name: row.get(name, _default(unit)) for name, unit, _ in cols} for row in rows],
        columns=[name for name, _, _ in cols],
    )


def make_tables(scenario: str, ports: dict[str, list[float]], reps: list[dict]) -> ResultTables:
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
        timeseries=frame("timeseries", []),
        shipments=frame("shipments", []),
    )


def scenario_tables() -> ResultTables:
    """Replication 0: 3.5 scanner-years, 350 scans, 15 inspections, 160 dwell-h, 500 kg seized.
    Replication 1: 4 scanner-years, 360 scans, 16 inspections, 200 dwell-h, 0 kg seized."""
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
            {"kg_seized": 500.0, "kg_delivered": 1000.0, "agency_moves": 3},
            {"kg_seized": 0.0, "kg_delivered": 900.0, "agency_moves": 5},
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


def all_levers(enabled: bool = True, start: str = BEFORE) -> LeverParams:
    """3 liaison origins × 2 teams, 2 mobile scanners, insider measures at 2 ports."""
    return LeverParams(
        alliance=AllianceParams(enabled=enabled, start=start, members=["antwerp", "rotterdam"]),
        liaison=LiaisonParams(
            enabled=enabled,
            start=start,
            origins=["guayaquil", "santos", "cartagena"],
            teams_per_origin=2,
        ),
        data_sharing=DataSharingParams(enabled=enabled, start=start),
        benelux_agency=BeneluxAgencyParams(enabled=enabled, start=start, mobile_scanners=2),
        insider_crackdown=InsiderCrackdownParams(
            enabled=enabled, start=start, ports=["antwerp", "rotterdam"]
        ),
    )


def make_params(levers: LeverParams, horizon_days: int = HORIZON_DAYS) -> Params:
    params = Params()
    params.run = RunParams(start_date=START, horizon_days=horizon_days)
    params.costs = dataclasses.replace(PRICES)
    params.levers = levers
    return params


def with_lever_start(params: Params, lever: str, start: str, enabled: bool = True) -> Params:
    """A copy of params with one lever's start (and enabled flag) changed."""
    block = dataclasses.replace(getattr(params.levers, lever), start=start, enabled=enabled)
    return dataclasses.replace(params, levers=dataclasses.replace(params.levers, **{lever: block}))


def row(df: pd.DataFrame, replication: int) -> pd.Series:
    return df.set_index("replication").loc[replication]


# ------------------------------------------------------------------ lever_years


def test_lever_years_full_window_is_horizon_in_years():
    params = make_params(all_levers())
    for lever in ("alliance", "liaison", "data_sharing", "benelux_agency", "insider_crackdown"):
        assert lever_years(params, lever) == pytest.approx(4.0)


def test_lever_years_disabled_is_zero():
    params = make_params(all_levers(enabled=False))
    assert lever_years(params, "liaison") == 0.0


def test_lever_years_clipped_to_window():
    params = make_params(all_levers(), horizon_days=730)
    window_end = (dt.date(2023, 1, 1) + dt.timedelta(days=730)).isoformat()
    assert lever_years(with_lever_start(params, "alliance", START), "alliance") == pytest.approx(
        730 / 365.25
    )
    assert lever_years(with_lever_start(params, "alliance", "2024-01-01"), "alliance") == (
        pytest.approx(365 / 365.25)  # 2024-01-01 is day 365 of the 730
    )
    assert lever_years(with_lever_start(params, "alliance", window_end), "alliance") == 0.0
    assert lever_years(with_lever_start(params, "alliance", "2030-01-01"), "alliance") == 0.0


def test_lever_years_unknown_lever():
    with pytest.raises(ValueError, match="unknown lever 'scanners'"):
        lever_years(make_params(all_levers()), "scanners")


# ------------------------------------------------------------------ cost_table


def test_cost_table_columns_and_rows():
    costs = cost_table(scenario_tables(), make_params(all_levers()))
    assert list(costs.columns) == EXPECTED_COLUMNS
    assert list(costs["replication"]) == [0, 1]
    assert set(costs["scenario"]) == {"policy"}
    assert EXPECTED_COLUMNS[2:12] == COST_COLUMNS


def test_cost_components_by_hand():
    costs = cost_table(scenario_tables(), make_params(all_levers()))
    expected = {
        0: {
            "scanner_capital_eur": 875.0,  # 3.5 scanner-years × 1000 / 4
            "scanner_operating_eur": 350.0,  # 3.5 × 100
            "scan_eur": 700.0,  # 350 scans × 2
            "inspection_eur": 150.0,  # 15 inspections × 10
            "delay_eur": 80.0,  # (120 + 40) container-h × 0.5
            "liaison_eur": 24000.0,  # 3 origins × 2 teams × 4 years × 1000
            "data_sharing_eur": 1200.0,  # 4 years × 300
            "alliance_eur": 800.0,  # 4 years × 200
            "agency_eur": 1621.0,  # 2 scanners × 4 years × (400 / 4 + 100) + 3 moves × 7
            "insider_measures_eur": 400.0,  # 2 ports × 4 years × 50
            "total_eur": 30176.0,
            "kg_seized": 500.0,
            "cost_per_kg_seized_eur": 60.352,  # 30176 / 500
        },
        1: {
            "scanner_capital_eur": 1000.0,  # 4 × 250
            "scanner_operating_eur": 400.0,  # 4 × 100
            "scan_eur": 720.0,  # 360 × 2
            "inspection_eur": 160.0,  # 16 × 10
            "delay_eur": 100.0,  # (150 + 50) × 0.5
            "liaison_eur": 24000.0,
            "data_sharing_eur": 1200.0,
            "alliance_eur": 800.0,
            "agency_eur": 1635.0,  # 1600 + 5 moves × 7
            "insider_measures_eur": 400.0,
            "total_eur": 30415.0,
            "kg_seized": 0.0,
        },
    }
    for replication, values in expected.items():
        got = row(costs, replication)
        for name, value in values.items():
            assert got[name] == pytest.approx(value), (replication, name)
    assert math.isnan(row(costs, 1)["cost_per_kg_seized_eur"])  # nothing seized


def test_cost_columns_sum_to_total():
    costs = cost_table(scenario_tables(), make_params(all_levers()))
    assert costs[COST_COLUMNS].sum(axis=1).to_numpy() == pytest.approx(costs["total_eur"])
    assert costs[COST_COLUMNS].dtypes.map(pd.api.types.is_float_dtype).all()


def test_disabled_levers_cost_nothing():
    costs = cost_table(scenario_tables(), make_params(all_levers(enabled=False)))
    for name in ("liaison_eur", "data_sharing_eur", "alliance_eur", "insider_measures_eur"):
        assert (costs[name] == 0.0).all(), name
    # the agency's scanners cost nothing; only the moves recorded in the table are charged
    assert list(costs["agency_eur"]) == pytest.approx([21.0, 35.0])
    # port components do not depend on the levers
    assert list(costs["scanner_capital_eur"]) == pytest.approx([875.0, 1000.0])
    assert list(costs["total_eur"]) == pytest.approx([2155.0 + 21.0, 2380.0 + 35.0])


LEVER_COLUMN = {
    "liaison": "liaison_eur",
    "data_sharing": "data_sharing_eur",
    "alliance": "alliance_eur",
    "insider_crackdown": "insider_measures_eur",
}


@pytest.mark.parametrize("lever", [*LEVER_COLUMN, "benelux_agency"])
def test_lever_cost_scales_with_active_years(lever):
    tables = scenario_tables()
    tables.replications["agency_moves"] = 0  # agency cost = its scanners only
    column = LEVER_COLUMN.get(lever, "agency_eur")
    params = make_params(all_levers(), horizon_days=730)  # 2023-01-01 .. 2024-12-31
    full = cost_table(tables, with_lever_start(params, lever, START))[column]
    half = cost_table(tables, with_lever_start(params, lever, "2024-01-01"))[column]  # day 365
    after = cost_table(tables, with_lever_start(params, lever, "2025-06-01"))[column]
    off = cost_table(tables, with_lever_start(params, lever, START, enabled=False))[column]
    assert (full > 0).all()
    assert half.to_numpy() == pytest.approx(0.5 * full.to_numpy())
    assert (after == 0.0).all()
    assert (off == 0.0).all()


def test_liaison_cost_two_years_by_hand():
    params = make_params(all_levers(), horizon_days=730)
    costs = cost_table(scenario_tables(), with_lever_start(params, "liaison", "2024-01-01"))
    # 3 origins × 2 teams × (365 / 365.25) years × 1000
    assert costs["liaison_eur"].iloc[0] == pytest.approx(6 * 365 / 365.25 * 1000)


def test_replication_without_port_rows_costs_only_levers():
    tables = scenario_tables()
    tables.ports = tables.ports[tables.ports["replication"] == 0]
    costs = cost_table(tables, make_params(all_levers(enabled=False)))
    assert row(costs, 1)["scan_eur"] == 0.0
    assert row(costs, 1)["total_eur"] == pytest.approx(35.0)  # 5 agency moves × 7


# ------------------------------------------------------------------ cost_comparison


def comparison() -> pd.DataFrame:
    scenario, counterfactual = scenario_tables(), counterfactual_tables()
    s_costs = cost_table(scenario, make_params(all_levers()))
    c_costs = cost_table(counterfactual, make_params(all_levers(enabled=False)))
    return cost_comparison(s_costs, c_costs, scenario, counterfactual)


def test_comparison_columns():
    expected = [
        "replication",
        "extra_cost_eur",
        "extra_kg_seized",
        "kg_kept_off_market",
        "cost_per_extra_kg_seized_eur",
        "cost_per_kg_kept_off_market_eur",
        *(f"extra_{name}" for name in COST_COLUMNS),
    ]
    assert list(comparison().columns) == expected
    assert list(comparison()["replication"]) == [0, 1]


def test_counterfactual_costs_by_hand():
    costs = cost_table(counterfactual_tables(), make_params(all_levers(enabled=False)))
    # rep 0: 2.5 × 250 + 2.5 × 100 + 300 × 2 + 12 × 10 + 130 × 0.5 = 625 + 250 + 600 + 120 + 65
    # rep 1: 3 × 250 + 3 × 100 + 330 × 2 + 14 × 10 + 170 × 0.5 = 750 + 300 + 660 + 140 + 85
    assert list(costs["total_eur"]) == pytest.approx([1660.0, 1935.0])


def test_comparison_by_hand():
    cmp = comparison()
    r0, r1 = row(cmp, 0), row(cmp, 1)
    assert r0["extra_cost_eur"] == pytest.approx(28516.0)  # 30176 − 1660
    assert r0["extra_kg_seized"] == pytest.approx(100.0)  # 500 − 400
    assert r0["kg_kept_off_market"] == pytest.approx(80.0)  # 1080 − 1000
    assert r0["cost_per_extra_kg_seized_eur"] == pytest.approx(285.16)  # 28516 / 100
    assert r0["cost_per_kg_kept_off_market_eur"] == pytest.approx(356.45)  # 28516 / 80
    assert r1["extra_cost_eur"] == pytest.approx(28480.0)  # 30415 − 1935
    assert r1["extra_kg_seized"] == 0.0
    assert r1["kg_kept_off_market"] == pytest.approx(-20.0)  # 880 − 900


def test_comparison_nan_when_nothing_extra():
    r1 = row(comparison(), 1)
    assert math.isnan(r1["cost_per_extra_kg_seized_eur"])  # extra kg seized == 0
    assert math.isnan(r1["cost_per_kg_kept_off_market_eur"])  # kg kept off market < 0


def test_comparison_components_by_hand():
    cmp = comparison()
    assert list(cmp["extra_scanner_capital_eur"]) == pytest.approx([250.0, 250.0])  # 1 × 250
    assert list(cmp["extra_scanner_operating_eur"]) == pytest.approx([100.0, 100.0])
    assert list(cmp["extra_scan_eur"]) == pytest.approx([100.0, 60.0])  # 50 and 30 scans × 2
    assert list(cmp["extra_inspection_eur"]) == pytest.approx([30.0, 20.0])  # 3 and 2 × 10
    assert list(cmp["extra_delay_eur"]) == pytest.approx([15.0, 15.0])  # 30 container-h × 0.5
    assert list(cmp["extra_liaison_eur"]) == pytest.approx([24000.0, 24000.0])
    assert list(cmp["extra_agency_eur"]) == pytest.approx([1621.0, 1635.0])
    extra = cmp[[f"extra_{name}" for name in COST_COLUMNS]].sum(axis=1)
    assert extra.to_numpy() == pytest.approx(cmp["extra_cost_eur"].to_numpy())


def test_comparison_pairs_by_replication_not_row_order():
    scenario, counterfactual = scenario_tables(), counterfactual_tables()
    s_costs = cost_table(scenario, make_params(all_levers()))
    c_costs = cost_table(counterfactual, make_params(all_levers(enabled=False)))
    counterfactual.replications = counterfactual.replications.iloc[::-1]
    cmp = cost_comparison(s_costs, c_costs.iloc[::-1], scenario, counterfactual)
    pd.testing.assert_frame_equal(cmp, comparison())


def test_comparison_rejects_unpaired_replications():
    scenario, counterfactual = scenario_tables(), counterfactual_tables()
    s_costs = cost_table(scenario, make_params(all_levers()))
    c_costs = cost_table(counterfactual, make_params(all_levers(enabled=False)))
    with pytest.raises(ValueError, match="replications"):
        cost_comparison(s_costs, c_costs.iloc[:1], scenario, counterfactual)
