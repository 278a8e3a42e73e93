"""Invariants and directions of the full network model."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from helpers import make_port, run_tables, setup

from sim.engine.model import PortSystem, check_conservation
from sim.errors import ConservationError

# A quarter at full scale: queues as at full load, fast enough for unit tests. Static
# organisations keep routes fixed, so a test of a port mechanism sees that mechanism alone
# (adaptive re-routing is tested in tests/engine/test_adaptation.py).
FULL_QUARTER = (
    "run.horizon_days=90",
    "run.warmup_days=20",
    "run.replications=2",
    "run.seed=5",
    "traffickers=static",
)


def test_kg_and_shipments_are_conserved_exactly(smoke_tables):
    reps = smoke_tables.replications
    assert (
        reps["kg_attempted"]
        == reps["kg_seized"] + reps["kg_delivered"] + reps["kg_in_transit"] + reps["kg_delayed"]
    ).all()
    assert (
        reps["kg_seized"]
        == reps["kg_seized_port"] + reps["kg_seized_origin"] + reps["kg_seized_outside"]
    ).all()
    outside = reps["kg_rest_of_europe_seized"] + reps["kg_at_sea_seized"]
    assert (reps["kg_seized_outside"] == outside).all()
    assert (
        reps["shipments_attempted"]
        == reps["shipments_seized"] + reps["shipments_delivered"] + reps["shipments_in_transit"]
    ).all()
    p = smoke_tables.ports
    assert (
        p["kg_attempted"]
        == p["kg_seized"]
        + p["kg_seized_origin"]
        + p["kg_delivered"]
        + p["kg_in_transit"]
        + p["kg_delayed"]
    ).all()
    ports = p.groupby("replication")[["kg_attempted", "kg_seized"]].sum()
    outside = reps["kg_rest_of_europe"] + reps["kg_at_sea"]
    np.testing.assert_array_equal(ports["kg_attempted"] + outside.values, reps["kg_attempted"])
    np.testing.assert_array_equal(ports["kg_seized"], reps["kg_seized_port"])


def test_every_shipment_has_exactly_one_outcome(smoke_tables):
    ship = smoke_tables.shipments
    assert (
        ship["outcome"]
        .isin(
            [
                "seized_origin",
                "seized_port",
                "seized_route",
                "extracted",
                "delivered",
                "in_transit",
                "delayed",
            ]
        )
        .all()
    )
    assert not ship.duplicated(["replication", "shipment_id"]).any()
    kg = ship.groupby(["replication", "outcome"])["load_kg"].sum().unstack(fill_value=0)
    reps = smoke_tables.replications.set_index("replication")
    np.testing.assert_array_equal(kg.sum(axis=1), reps["kg_attempted"])
    assert (ship["load_kg"] == ship["load_kg"].round()).all()  # whole kg: exact float sums


def test_containers_are_conserved_through_every_stage():
    params, network = setup(*FULL_QUARTER)
    system = PortSystem(params, network, 0)
    record = system.run()  # run() checks conservation itself; check the facts directly too
    for port in record.ports.values():
        c = port.counters
        assert c.arrived_total == c.not_selected_total + c.selected_total
        scan = port.scan
        assert c.selected_total == len(scan.start_h) + len(scan.reneged_h) + len(
            scan.pending_arrival_h
        )


def test_conservation_check_catches_a_lost_container():
    params, network = setup(*FULL_QUARTER)
    system = PortSystem(params, network, 0)
    record = system.run()
    system.ports["antwerp"].counters.selected_total += 1
    with pytest.raises(ConservationError):
        check_conservation(record, system.ports, system.shipments)


def test_little_law_holds_on_the_scanner_queues_of_the_full_model():
    """L (sampled every half hour) ≈ λ W at every port where a queue forms.

    Tolerance: 5 % plus 0.1 container — customers straddling the window edges and the
    autocorrelation of half-hourly samples give an absolute error of order 0.1 at short queues.
    """
    tables = run_tables(*FULL_QUARTER, "run.monitor_interval_h=0.5")
    ports = tables.ports
    busy = ports[ports["scan_queue_mean"] > 0.5]
    assert len(busy) >= 6
    lam_w = busy["containers_selected"] / (90 * 24.0) * busy["scan_wait_mean_h"]
    np.testing.assert_allclose(busy["scan_queue_mean"], lam_w, rtol=0.05, atol=0.1)


def test_selected_share_of_each_risk_group_is_binomial():
    """At a vessel call of n boxes, the number selected is Binomial(n, group rate)."""
    params, network = setup()
    port = make_port(
        params, network, params.ports["antwerp"], lambda shp, outcome, stage, at_h: None, seed=1
    )
    n = 400_000
    for kind, rate in (("latam", port.rates.latam), ("other", port.rates.other)):
        before = port.scan.added
        port.discharge(kind, n, 10.0)
        k = port.scan.added - before
        sd = math.sqrt(n * rate * (1 - rate))
        assert abs(k - n * rate) < 4 * sd, (kind, k, n * rate)


def test_overall_selected_share_matches_the_selection_rate():
    tables = run_tables(*FULL_QUARTER)
    ports = tables.ports.groupby("port")[["containers_selected", "containers_arrived"]].sum()
    params, _ = setup(*FULL_QUARTER)
    for port, row in ports.iterrows():
        share = row["containers_selected"] / row["containers_arrived"]
        # vessel calls mix the two risk groups at random: allow 10 % around the configured rate
        assert share == pytest.approx(params.ports[port].selection_rate, rel=0.10), port


def test_more_scanners_shorten_waits_at_that_port_only():
    few = run_tables(*FULL_QUARTER, "ports.hamburg.scanners=3").ports.set_index(
        ["replication", "port"]
    )
    more = run_tables(*FULL_QUARTER, "ports.hamburg.scanners=5").ports.set_index(
        ["replication", "port"]
    )
    hamburg = pd.IndexSlice[:, "hamburg"]
    assert (more.loc[hamburg, "scan_wait_mean_h"] < few.loc[hamburg, "scan_wait_mean_h"]).all()
    assert (
        more.loc[hamburg, "scanner_utilization"] < few.loc[hamburg, "scanner_utilization"]
    ).all()
    # common random numbers: the legitimate traffic of the other ports is identical
    other = pd.IndexSlice[:, "rotterdam"]
    pd.testing.assert_series_equal(
        few.loc[other, "containers_selected"], more.loc[other, "containers_selected"]
    )


def test_hold_cap_releases_containers_unscanned_under_overload():
    """One scanner for Antwerp's selection: the cap releases boxes and the effective rate falls."""
    overloaded = ("ports.antwerp.scanners=1", *FULL_QUARTER)
    capped = run_tables(*overloaded, "ports.antwerp.hold_cap_h=36").ports
    uncapped = run_tables(*overloaded, "ports.antwerp.hold_cap_h=2160").ports
    ample = run_tables(*FULL_QUARTER).ports
    antwerp = lambda t: t[t["port"] == "antwerp"]  # noqa: E731
    a_cap, a_free, a_ok = antwerp(capped), antwerp(uncapped), antwerp(ample)
    assert (a_cap["containers_released_unscanned"] > 0.5 * a_cap["containers_selected"]).all()
    assert (a_free["containers_released_unscanned"] == 0).all()
    assert (a_ok["containers_released_unscanned"] == 0).all()
    assert (a_cap["scan_wait_mean_h"] <= 36.0 + 1e-9).all()
    assert a_cap["kg_seized"].sum() < 0.5 * a_ok["kg_seized"].sum()


def test_policy_schedule_changes_a_lever_at_its_date():
    changes = (
        '+scenario.schedule.more={port: antwerp, lever: scanners, value: 9, start: "2023-02-15"}',
    )
    params, network = setup(*FULL_QUARTER, *changes)
    record = PortSystem(params, network, 0).run()
    changes_seen = record.ports["antwerp"].scan.server_changes
    at_h = params.hours_since_sim_start(params.start) + 45 * 24.0
    assert changes_seen[-1] == (at_h, 9)
    tables = run_tables(*FULL_QUARTER, *changes)
    assert (tables.ports.query("port == 'antwerp'")["scanners"] == 9).all()


def test_same_seed_same_tables_and_different_seed_different_tables():
    a = run_tables("run=smoke")
    params, network = setup("run=smoke")
    from sim.run import run_experiment

    b = run_experiment(params, network)
    c = run_tables("run=smoke", "run.seed=8")
    for name in ("ports", "timeseries", "shipments"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))
    pd.testing.assert_frame_equal(a.replications, b.replications)
    assert not a.shipments["load_kg"].equals(c.shipments["load_kg"])
    assert (a.replications["rng_seed"] != c.replications["rng_seed"]).all()


def test_replications_are_independent_streams():
    tables = run_tables("run=smoke")
    r0, r1 = (tables.shipments.query(f"replication == {r}")["load_kg"] for r in (0, 1))
    assert not np.array_equal(r0.to_numpy()[:50], r1.to_numpy()[:50])
