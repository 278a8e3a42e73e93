"""Displacement measures against hand-worked values and synthetic scenario/counterfactual pairs.

The synthetic tables follow ``sim.results.schema`` exactly: 3 replications, 4 ports, 24 monthly
periods from 2023-01-01; the policy starts on 2024-01-01 (period 12). The counterfactual flows are
constant in time (a different level per replication, shared with the scenario as with common
random numbers). In the displacement scenario a share of Antwerp's kg moves to Zeebrugge from the
policy date, rising linearly to 40 % over 6 months.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from sim.results import schema
from sim.results.displacement import (
    PortGroups,
    displacement_by_port,
    displacement_summary,
    share_by_period,
    summarise_displacement,
    time_to_half_shift,
    weighted_displacement_quotient,
)
from sim.results.run_tables import ResultTables
from sim.results.stats import mean_ci

POLICY = dt.date(2024, 1, 1)
PERIODS = pd.date_range("2023-01-01", periods=24, freq="MS")
POLICY_INDEX = 12  # PERIODS[12] == 2024-01-01
BASE_KG = {"antwerp": 1200.0, "zeebrugge": 600.0, "hamburg": 300.0, "valencia": 450.0}
GROUPS = PortGroups.from_lists(["antwerp"], ["zeebrugge"], BASE_KG)
REPLICATIONS = 3
SHIFT = 0.4  # share of Antwerp's kg that moves away once the ramp is complete
RAMP_MONTHS = 6
SEIZURE_RATE = 0.1


def level(replication: int) -> float:
    """Flow level of a replication (shared by scenario and counterfactual)."""
    return 0.9 + 0.1 * replication


def ramp(months_since_policy: int, months: int = RAMP_MONTHS) -> float:
    """Share of the final shift reached ``months_since_policy`` months after the policy date."""
    if months_since_policy < 0:
        return 0.0
    return min(months_since_policy / months, 1.0) if months else 1.0


def removed_kg(replication: int, shift: float = SHIFT, months: int = RAMP_MONTHS) -> float:
    """Constructed total kg removed from Antwerp after the policy date."""
    after = range(len(PERIODS) - POLICY_INDEX)
    return shift * BASE_KG["antwerp"] * level(replication) * sum(ramp(k, months) for k in after)


def build_tables(
    name: str,
    shift: float = 0.0,
    reappear: float = 1.0,
    treated_rate_after: float = SEIZURE_RATE,
    ramp_months: int = RAMP_MONTHS,
    buffer_factor_after: float = 1.0,
) -> ResultTables:
    """Tables with the exact schema columns; ``reappear`` of the kg removed go to Zeebrugge.

    ``buffer_factor_after`` multiplies Zeebrugge's own flow from the policy date (a change that
    is not the policy's when scenario and counterfactual share it).
    """
    rows = []
    for rep in range(REPLICATIONS):
        for i, period in enumerate(PERIODS):
            k = i - POLICY_INDEX
            removed = shift * ramp(k, ramp_months) * BASE_KG["antwerp"] * level(rep)
            for port, base in BASE_KG.items():
                kg = base * level(rep)
                if port == "zeebrugge" and k >= 0:
                    kg *= buffer_factor_after
                kg += -removed if port == "antwerp" else 0.0
                kg += reappear * removed if port == "zeebrugge" else 0.0
                rate = treated_rate_after if port == "antwerp" and k >= 0 else SEIZURE_RATE
                rows.append(
                    {
                        "scenario": name,
                        "replication": rep,
                        "port": port,
                        "period_start": period.date().isoformat(),
                        "kg_attempted": kg,
                        "kg_seized": rate * kg,
                        "kg_delivered": (1 - rate) * kg,
                        "shipments_attempted": round(kg / 100),
                        "containers_scanned": 50,
                        "kg_delayed": 0.0,
                    }
                )
    ts = pd.DataFrame(rows)[schema.columns("timeseries")]
    return ResultTables(
        replications=_replications(ts, name),
        ports=_ports(ts, name),
        timeseries=ts,
        shipments=pd.DataFrame(columns=schema.columns("shipments")),
    )


def _ports(ts: pd.DataFrame, name: str) -> pd.DataFrame:
    kg = ts.groupby(["replication", "port"], as_index=False, sort=False)[
        ["kg_attempted", "kg_seized", "kg_delivered", "shipments_attempted"]
    ].sum()
    counts = {
        "containers_arrived": 1000,
        "containers_selected": 50,
        "containers_scanned": 48,
        "containers_released_unscanned": 2,
        "containers_inspected": 5,
    }
    frame = kg.assign(
        scenario=name,
        locode=kg["port"].str[:5].str.upper(),
        scan_wait_mean_h=2.0,
        scan_wait_p95_h=6.0,
        scan_queue_mean=1.0,
        scanner_utilization=0.6,
        inspection_wait_mean_h=1.0,
        inspection_utilization=0.4,
        scanners=2,
        scanner_years=2.0,
        mobile_scanner_years=0.0,
        scan_dwell_h=120.0,
        inspection_dwell_h=20.0,
        kg_seized_origin=0.0,
        kg_extracted=0.0,
        kg_in_transit=0.0,
        kg_delayed=0.0,
        interdiction_rate=kg["kg_seized"] / (kg["kg_seized"] + kg["kg_delivered"]),
        **counts,
    )
    return frame[schema.columns("ports")]


def _replications(ts: pd.DataFrame, name: str) -> pd.DataFrame:
    kg = ts.groupby("replication", as_index=False)[
        ["kg_attempted", "kg_seized", "kg_delivered", "shipments_attempted"]
    ].sum()
    frame = kg.assign(
        scenario=name,
        rng_seed=1000 + kg["replication"],
        kg_seized_port=kg["kg_seized"],
        kg_seized_origin=0.0,
        kg_seized_outside=0.0,
        kg_extracted=0.0,
        kg_in_transit=0.0,
        kg_delayed=0.0,
        **{
            f"kg_{route}{part}": 0.0
            for route in ("rest_of_europe", "at_sea")
            for part in ("", "_seized", "_delivered")
        },
        interdiction_rate=kg["kg_seized"] / (kg["kg_seized"] + kg["kg_delivered"]),
        shipments_seized=0,
        shipments_delivered=kg["shipments_attempted"],
        shipments_in_transit=0,
        containers_arrived=4000,
        containers_selected=200,
        containers_scanned=192,
        containers_released_unscanned=8,
        containers_inspected=20,
        scan_wait_mean_h=2.0,
        container_delay_h=400.0,
        containers_checked_origin=0,
        agency_moves=0,
    )
    return frame[schema.columns("replications")]


@pytest.fixture(scope="module")
def counterfactual() -> ResultTables:
    return build_tables("baseline")


@pytest.fixture(scope="module")
def displaced() -> ResultTables:
    return build_tables("antwerp_scanners", shift=SHIFT)


def test_synthetic_tables_follow_the_schema(
    counterfactual: ResultTables, displaced: ResultTables
) -> None:
    for tables in (counterfactual, displaced):
        for name, frame in tables.as_dict().items():
            assert list(frame.columns) == schema.columns(name)
        assert len(tables.timeseries) == REPLICATIONS * len(BASE_KG) * 24
    total = displaced.timeseries.groupby("replication")["kg_attempted"].sum()
    assert total.to_numpy() == pytest.approx(
        counterfactual.timeseries.groupby("replication")["kg_attempted"].sum().to_numpy()
    )


# ------------------------------------------------------------------ WDQ


def test_wdq_hand_worked_displacement() -> None:
    # A 100 → 60, B 50 → 70, C 200 → 200:
    # displacement measure 70/200 − 50/200 = 0.35 − 0.25 = 0.10
    # success measure      60/200 − 100/200 = 0.30 − 0.50 = −0.20  ⇒  WDQ = 0.10 / −0.20 = −0.5
    assert weighted_displacement_quotient(100, 60, 50, 70, 200, 200) == pytest.approx(-0.5)


def test_wdq_control_trend_is_removed() -> None:
    # the same example with every count doubled after (a general trend): C 200 → 400
    assert weighted_displacement_quotient(100, 120, 50, 140, 200, 400) == pytest.approx(-0.5)


def test_wdq_more_displacement_than_benefit() -> None:
    # A 100 → 80 (−0.10), B 50 → 90 (+0.20): WDQ = −2 < −1
    assert weighted_displacement_quotient(100, 80, 50, 90, 200, 200) == pytest.approx(-2.0)


def test_wdq_diffusion_of_benefits() -> None:
    # A 100 → 60 (−0.20), B 50 → 40 (−0.05): the buffer improved too ⇒ WDQ = 0.25 > 0
    wdq = weighted_displacement_quotient(100, 60, 50, 40, 200, 200)
    assert wdq == pytest.approx(0.25)
    assert wdq > 0


@pytest.mark.parametrize(
    "values",
    [
        (100, 100, 50, 70, 200, 200),  # no change at the treated ports: denominator 0
        (100, 60, 50, 70, 0, 200),  # no control before
        (100, 60, 50, 70, 200, 0),  # no control after
        (100, 60, 50, math.nan, 200, 200),
    ],
)
def test_wdq_nan_cases(values: tuple[float, ...]) -> None:
    assert math.isnan(weighted_displacement_quotient(*values))


def test_wdq_against_the_counterfactual_by_hand() -> None:
    # Zeebrugge's own flow doubles from the policy date in both runs (not the policy's doing);
    # the policy moves 40 % of Antwerp's kg away at once, half of it to Zeebrugge. Per
    # replication (level L, 12 periods after): counterfactual A 1200, B 1200, C 750 (× 12 L);
    # scenario A 720, B 1200 + 240 = 1440, C 750, so
    # WDQ = (1440/750 − 1200/750) / (720/750 − 1200/750) = 240 / −480 = −0.5.
    # Against the scenario's own "before" periods (B 600) it would be 840 / −480 = −1.75: the
    # buffer's growth would be read as displacement.
    cf = build_tables("baseline", buffer_factor_after=2.0)
    scenario = build_tables(
        "antwerp_scanners", shift=SHIFT, reappear=0.5, ramp_months=0, buffer_factor_after=2.0
    )
    summary = displacement_summary(scenario, cf, GROUPS, POLICY)
    assert summary["wdq_attempted"].to_numpy() == pytest.approx([-0.5] * REPLICATIONS)
    assert summary["wdq_seized"].to_numpy() == pytest.approx([-0.5] * REPLICATIONS)
    assert summary["displacement_ratio"].to_numpy() == pytest.approx([0.5] * REPLICATIONS)


def test_wdq_is_undefined_when_the_treated_flow_is_unchanged() -> None:
    # the control moved but the treated ports did not: no success to weigh displacement against
    assert math.isnan(weighted_displacement_quotient(100, 100, 50, 70, 200, 300))


# ------------------------------------------------------------------ port groups


def test_port_groups_from_lists() -> None:
    groups = PortGroups.from_lists(
        ["antwerp"], ["zeebrugge", "rotterdam"], ["rotterdam", "antwerp", "hamburg", "zeebrugge"]
    )
    assert groups.treated == ("antwerp",)
    assert groups.buffer == ("zeebrugge", "rotterdam")
    assert groups.control == ("hamburg",)
    assert groups.group_of("hamburg") == "control"
    assert set(groups.ports) == {"antwerp", "zeebrugge", "rotterdam", "hamburg"}


@pytest.mark.parametrize(
    ("treated", "buffer", "match"),
    [
        ([], ["zeebrugge"], "at least one port"),
        (["antwerp"], ["antwerp"], "both the treated and the buffer group"),
        (["antwerp", "antwerp"], [], "treated group twice"),
        (["antwerpen"], [], "unknown port"),
        (["antwerp"], ["le_havre"], "unknown port"),
    ],
)
def test_port_groups_validation(treated: list[str], buffer: list[str], match: str) -> None:
    with pytest.raises(ValueError, match=match) as info:
        PortGroups.from_lists(treated, buffer, BASE_KG)
    assert "\n" not in str(info.value)


def test_port_groups_direct_construction_is_validated() -> None:
    with pytest.raises(ValueError, match="both the buffer and the control group"):
        PortGroups(("antwerp",), ("hamburg",), ("hamburg",))
    assert PortGroups(["antwerp"], [], ["hamburg"]).treated == ("antwerp",)  # type: ignore[arg-type]


# ------------------------------------------------------------------ per port


def test_by_port_columns_and_values(counterfactual: ResultTables, displaced: ResultTables) -> None:
    by_port = displacement_by_port(displaced, counterfactual, GROUPS, POLICY)
    assert list(by_port.columns) == [
        "replication",
        "port",
        "group",
        "kg_attempted_after",
        "kg_attempted_after_counterfactual",
        "change_kg",
        "change_share",
        "kg_seized_after",
        "kg_seized_after_counterfactual",
        "kg_delivered_after",
        "kg_delivered_after_counterfactual",
    ]
    assert len(by_port) == REPLICATIONS * len(BASE_KG)
    assert by_port.attrs["policy_start"] == "2024-01-01"
    row = by_port.set_index(["replication", "port"])
    for rep in range(REPLICATIONS):
        after_cf = BASE_KG["antwerp"] * level(rep) * 12
        antwerp = row.loc[(rep, "antwerp")]
        assert antwerp["group"] == "treated"
        assert antwerp["kg_attempted_after_counterfactual"] == pytest.approx(after_cf)
        assert antwerp["change_kg"] == pytest.approx(-removed_kg(rep))
        assert antwerp["change_share"] == pytest.approx(-removed_kg(rep) / after_cf)
        assert antwerp["kg_seized_after"] == pytest.approx(
            SEIZURE_RATE * (after_cf - removed_kg(rep))
        )
        assert row.loc[(rep, "zeebrugge"), "change_kg"] == pytest.approx(removed_kg(rep))
        assert row.loc[(rep, "zeebrugge"), "group"] == "buffer"
        for port in ("hamburg", "valencia"):
            assert row.loc[(rep, port), "change_kg"] == pytest.approx(0.0, abs=1e-9)
            assert row.loc[(rep, port), "group"] == "control"


def test_change_share_is_nan_without_counterfactual_flow(counterfactual: ResultTables) -> None:
    ts = counterfactual.timeseries.copy()
    ts.loc[ts["port"] == "valencia", ["kg_attempted", "kg_seized", "kg_delivered"]] = 0.0
    empty = ResultTables(
        counterfactual.replications, counterfactual.ports, ts, counterfactual.shipments
    )
    by_port = displacement_by_port(empty, empty, GROUPS, POLICY)
    valencia = by_port[by_port["port"] == "valencia"]
    assert (valencia["change_kg"] == 0).all()
    assert valencia["change_share"].isna().all()


def test_policy_inside_a_period_counts_that_period_as_before(
    counterfactual: ResultTables, displaced: ResultTables
) -> None:
    by_port = displacement_by_port(displaced, counterfactual, GROUPS, dt.date(2024, 1, 15))
    antwerp = by_port[(by_port["port"] == "antwerp") & (by_port["replication"] == 1)].iloc[0]
    assert antwerp["kg_attempted_after_counterfactual"] == pytest.approx(1200.0 * 11)


def test_mismatched_tables_are_rejected(
    counterfactual: ResultTables, displaced: ResultTables
) -> None:
    ts = displaced.timeseries.iloc[:-1]
    short = ResultTables(displaced.replications, displaced.ports, ts, displaced.shipments)
    with pytest.raises(ValueError, match="1 only in the counterfactual"):
        displacement_by_port(short, counterfactual, GROUPS, POLICY)
    partial = PortGroups(("antwerp",), ("zeebrugge",), ("hamburg",))
    with pytest.raises(ValueError, match="in no group: valencia"):
        displacement_by_port(displaced, counterfactual, partial, POLICY)
    extra = PortGroups(("antwerp",), ("zeebrugge",), ("hamburg", "valencia", "le_havre"))
    with pytest.raises(ValueError, match="not in the tables: le_havre"):
        displacement_by_port(displaced, counterfactual, extra, POLICY)
    with pytest.raises(ValueError, match="no period starts on or after"):
        displacement_by_port(displaced, counterfactual, GROUPS, dt.date(2025, 2, 1))


# ------------------------------------------------------------------ per replication


def test_summary_of_pure_displacement(
    counterfactual: ResultTables, displaced: ResultTables
) -> None:
    summary = displacement_summary(displaced, counterfactual, GROUPS, POLICY)
    assert list(summary.columns) == [
        "replication",
        "treated_change_kg",
        "buffer_change_kg",
        "control_change_kg",
        "total_change_kg",
        "displacement_ratio",
        "wdq_attempted",
        "wdq_seized",
        "shift_t50_days",
        "delivered_change_kg",
    ]
    assert summary["replication"].tolist() == list(range(REPLICATIONS))
    expected = [-removed_kg(rep) for rep in range(REPLICATIONS)]
    assert summary["treated_change_kg"].to_numpy() == pytest.approx(expected)
    assert (summary["treated_change_kg"] < 0).all()
    assert summary["buffer_change_kg"].to_numpy() == pytest.approx([-e for e in expected])
    assert (summary["buffer_change_kg"] > 0).all()
    assert summary["control_change_kg"].to_numpy() == pytest.approx(0.0, abs=1e-9)
    assert summary["total_change_kg"].to_numpy() == pytest.approx(0.0, abs=1e-9)
    assert summary["displacement_ratio"].to_numpy() == pytest.approx(1.0)
    # everything Antwerp lost went to the buffer, and the control is flat: WDQ = −1 exactly
    assert (summary["wdq_attempted"] < 0).all()
    assert summary["wdq_attempted"].to_numpy() == pytest.approx(-1.0)
    # a seizure rate common to all ports scales A, B and C alike: the seizure WDQ agrees
    assert summary["wdq_seized"].to_numpy() == pytest.approx(summary["wdq_attempted"].to_numpy())
    assert summary["delivered_change_kg"].to_numpy() == pytest.approx(0.0, abs=1e-9)
    t50 = summary["shift_t50_days"]
    assert ((t50 >= 60) & (t50 <= 150)).all()
    # by hand: Δ ∝ ramp = k/6; the smoothed Δ at k = 3 (mean of 2/6, 3/6, 4/6) is half of F
    assert t50.tolist() == [91.0] * REPLICATIONS  # 2024-01-01 → 2024-04-01


def test_summary_with_deterrence(counterfactual: ResultTables) -> None:
    deterred = build_tables("antwerp_scanners", shift=SHIFT, reappear=0.25)
    summary = displacement_summary(deterred, counterfactual, GROUPS, POLICY)
    assert summary["displacement_ratio"].to_numpy() == pytest.approx(0.25)
    expected_total = [-0.75 * removed_kg(rep) for rep in range(REPLICATIONS)]
    assert summary["total_change_kg"].to_numpy() == pytest.approx(expected_total)
    assert (summary["wdq_attempted"].between(-1.0, 0.0, inclusive="neither")).all()
    assert (summary["delivered_change_kg"] < 0).all()


def test_seizure_statistics_can_hide_displacement(counterfactual: ResultTables) -> None:
    # Antwerp doubles its seizure rate: more seizures there although less cocaine is shipped
    scanned = build_tables("antwerp_scanners", shift=SHIFT, treated_rate_after=0.2)
    summary = displacement_summary(scanned, counterfactual, GROUPS, POLICY)
    assert (summary["wdq_attempted"] < 0).all()
    assert (summary["wdq_seized"] > 0).all()


def test_no_policy_effect(counterfactual: ResultTables) -> None:
    same = build_tables("antwerp_scanners")
    summary = displacement_summary(same, counterfactual, GROUPS, POLICY)
    for column in ("treated_change_kg", "buffer_change_kg", "control_change_kg", "total_change_kg"):
        assert (summary[column] == 0).all()
    assert summary["displacement_ratio"].isna().all()
    assert summary["shift_t50_days"].isna().all()
    assert summary["wdq_attempted"].isna().all()  # flat flows: no success measure


# ------------------------------------------------------------------ speed of the shift


def test_treated_share_by_period(displaced: ResultTables) -> None:
    shares = share_by_period(displaced, ["antwerp"])
    assert len(shares) == REPLICATIONS * 24
    first = shares.iloc[0]
    assert first["period"] == pd.Timestamp("2023-01-01")
    assert first["share"] == pytest.approx(1200 / 2550)
    last = shares.iloc[-1]
    assert last["share"] == pytest.approx(1200 * (1 - SHIFT) / 2550)


def test_t50_of_an_immediate_shift_is_zero(counterfactual: ResultTables) -> None:
    step = build_tables("antwerp_scanners", shift=SHIFT, ramp_months=0)
    t50 = time_to_half_shift(step, counterfactual, ["antwerp"], POLICY)
    assert t50.name == "shift_t50_days"
    assert t50.index.tolist() == list(range(REPLICATIONS))
    assert t50.tolist() == [0.0] * REPLICATIONS


def test_t50_of_a_slow_ramp(counterfactual: ResultTables) -> None:
    slow = build_tables("antwerp_scanners", shift=SHIFT, ramp_months=12)
    t50 = time_to_half_shift(slow, counterfactual, ["antwerp"], POLICY)
    # F = mean of k/12 over k = 6..11 = 8.5/12; half of it, 4.25/12, is first reached by the
    # smoothed ramp at k = 5 (mean of 4, 5, 6 twelfths): 2024-06-01
    assert t50.tolist() == [(dt.date(2024, 6, 1) - POLICY).days] * REPLICATIONS


def test_t50_needs_a_treated_port(counterfactual: ResultTables) -> None:
    with pytest.raises(ValueError, match="no treated port"):
        time_to_half_shift(counterfactual, counterfactual, [], POLICY)
    with pytest.raises(ValueError, match="not in the tables"):
        time_to_half_shift(counterfactual, counterfactual, ["le_havre"], POLICY)


def _spliced(parts: dict[int, ResultTables]) -> ResultTables:
    """Tables whose replication r is replication r of ``parts[r]``."""
    frames = {
        name: pd.concat(
            [getattr(t, name)[getattr(t, name)["replication"] == r] for r, t in parts.items()],
            ignore_index=True,
        )
        for name in ("replications", "ports", "timeseries")
    }
    return ResultTables(shipments=pd.DataFrame(columns=schema.columns("shipments")), **frames)


def test_t50_interval_stays_within_the_possible_days(counterfactual: ResultTables) -> None:
    # two replications shift at once (t50 0), one slowly (t50 152 days, 2024-06-01): the Student
    # t interval of (0, 0, 152) is 50.7 ± 218, reaching far below 0 days
    step = build_tables("antwerp_scanners", shift=SHIFT, ramp_months=0)
    slow = build_tables("antwerp_scanners", shift=SHIFT, ramp_months=12)
    scenario = _spliced({0: step, 1: step, 2: slow})
    summary = displacement_summary(scenario, counterfactual, GROUPS, POLICY)
    assert summary["shift_t50_days"].tolist() == [0.0, 0.0, 152.0]
    unclipped = mean_ci(summary["shift_t50_days"].to_numpy())
    assert unclipped[1] < 0
    horizon = (PERIODS[-1].date() - POLICY).days  # the last period start: 335 days
    assert summary.attrs["t50_max_days"] == horizon
    mean, lower, upper = summarise_displacement(summary)["shift_t50_days"]
    assert mean == pytest.approx(152 / 3)
    assert 0.0 <= lower <= mean <= upper <= horizon
    assert lower == 0.0 and upper == pytest.approx(unclipped[2])
    # an explicit bound below the t upper limit clips it too
    assert summarise_displacement(summary, t50_max=100.0)["shift_t50_days"][2] == 100.0


# ------------------------------------------------------------------ printed summary


def test_summarise_displacement(counterfactual: ResultTables, displaced: ResultTables) -> None:
    summary = displacement_summary(displaced, counterfactual, GROUPS, POLICY)
    stats = summarise_displacement(summary)
    assert "replication" not in stats
    assert list(stats) == list(summary.columns[1:])
    expected = mean_ci(np.array([-removed_kg(rep) for rep in range(REPLICATIONS)]))
    assert stats["treated_change_kg"] == pytest.approx(expected)
    mean, lower, upper = stats["treated_change_kg"]
    assert lower < mean < upper
    assert stats["displacement_ratio"] == pytest.approx((1.0, 1.0, 1.0))
    assert stats["shift_t50_days"] == pytest.approx((91.0, 91.0, 91.0))


def test_summarise_displacement_skips_nan() -> None:
    summary = pd.DataFrame({"replication": [0, 1, 2], "displacement_ratio": [math.nan, 1.0, 3.0]})
    mean, lower, upper = summarise_displacement(summary)["displacement_ratio"]
    assert mean == pytest.approx(2.0)
    assert lower < 2.0 < upper


# ------------------------------------------------------------------ a policy that changes nothing

NO_OP = [
    "scenario=antwerp_surge",
    "~scenario.schedule.antwerp_latam",
    "scenario.schedule.antwerp_scanners.value=5",  # Antwerp already has 5 scanners
    "run.scale=0.02",
    "run.replications=2",
    "run.start_date=2023-12-01",
    "run.warmup_days=30",
    "run.horizon_days=90",
    "traffickers.annual_volume_t=400",
]


def test_a_no_op_policy_has_no_wdq_and_no_displacement() -> None:
    from sim import api
    from sim.results.displacement import NO_DISPLACEMENT, NO_SHIFT
    from sim.results.summary import displacement_text

    params = api.load(NO_OP)
    assert params.ports["antwerp"].scanners == 5
    comparison = api.simulate(params).comparison
    assert comparison is not None
    summary = comparison.summary
    for column in ("treated_change_kg", "buffer_change_kg", "control_change_kg"):
        assert (summary[column] == 0).all()
    for column in ("wdq_attempted", "wdq_seized", "displacement_ratio", "shift_t50_days"):
        assert summary[column].isna().all(), column
    stats = summarise_displacement(summary)
    assert all(math.isnan(v) for v in stats["wdq_attempted"])
    text = displacement_text(comparison)
    assert f"  {NO_DISPLACEMENT}" in text.splitlines()
    wdq_line = next(line for line in text.splitlines() if "displacement quotient" in line)
    assert wdq_line.endswith(f"undefined — {NO_DISPLACEMENT}")
    assert not any(ch.isdigit() for ch in wdq_line)
    assert f"time to 50 % of the shift: undefined — {NO_SHIFT}" in text
    assert "by port: no change" in text
