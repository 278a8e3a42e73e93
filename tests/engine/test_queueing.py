"""The bulk FCFS queue gives exactly the waits of an event-per-container SimPy model."""

from __future__ import annotations

import math

import numpy as np
import pytest
from reference_queue import simulate_reference

from sim.engine.queueing import ServiceStage, open_hours


def run_stage(arrival, service, servers, hold_cap=math.inf, hours=24.0, shift=0.0, steps=1):
    """Feed the stage and advance it in ``steps`` increments (lazy advancing must not matter)."""
    stage = ServiceStage("test", servers, hold_cap, hours, shift)
    stage.add_batch(np.asarray(arrival), np.asarray(service), [None] * len(arrival))
    for t in np.linspace(float(arrival[0]), float(arrival[-1]), steps + 1)[1:]:
        stage.advance(float(t))
    stage.advance(1e18)  # drain
    return stage


@pytest.mark.parametrize(
    ("servers", "hold_cap", "hours", "shift", "steps"),
    [
        (1, math.inf, 24.0, 0.0, 1),
        (3, math.inf, 24.0, 0.0, 7),
        (3, 4.0, 24.0, 0.0, 50),
        (2, 10.0, 16.0, 6.0, 200),
        (4, 8.0, 12.0, 7.5, 3),
    ],
)
def test_bulk_queue_matches_event_per_container_model(servers, hold_cap, hours, shift, steps):
    """Same arrivals and scan times ⇒ the same start and release of every container."""
    rng = np.random.default_rng(servers * 100 + steps)
    n = 3000
    arrival = np.cumsum(rng.exponential(0.3, n))
    arrival[100:110] = arrival[100]  # simultaneous arrivals: FCFS in insertion order
    service = rng.gamma(2.0, 0.35, n)
    ref = simulate_reference(arrival, service, servers, hold_cap, hours, shift)
    stage = run_stage(arrival, service, servers, hold_cap, hours, shift, steps)
    scanned = ~ref["reneged"]
    assert len(stage.start_h) == scanned.sum()
    assert len(stage.reneged_h) == ref["reneged"].sum()
    # started customers are recorded in FCFS order, i.e. arrival order
    np.testing.assert_allclose(np.asarray(stage.arrival_h), arrival[scanned], rtol=0, atol=1e-9)
    np.testing.assert_allclose(np.asarray(stage.start_h), ref["start_h"][scanned], atol=1e-9)
    np.testing.assert_allclose(
        np.asarray(stage.reneged_h), (arrival + hold_cap)[ref["reneged"]], atol=1e-9
    )


def test_without_scanners_every_selected_container_is_released_at_the_hold_cap():
    stage = run_stage(np.array([0.0, 1.0, 2.0]), np.array([1.0, 1.0, 1.0]), 0, hold_cap=5.0)
    assert len(stage.start_h) == 0
    assert list(stage.reneged_h) == [5.0, 6.0, 7.0]


def test_lazy_advance_decides_nothing_in_the_future():
    """Advancing to t never starts a service after t nor releases a customer after t."""
    stage = ServiceStage("s", 1, hold_cap_h=5.0)
    stage.add_batch(np.array([0.0, 0.0, 0.0]), np.array([3.0, 3.0, 3.0]), [None] * 3)
    stage.advance(2.0)
    assert list(stage.start_h) == [0.0]
    assert stage.waiting(2.0) == 2
    stage.advance(3.0)
    assert list(stage.start_h) == [0.0, 3.0]
    stage.advance(6.0)  # third would start at 6 > 0 + 5: released at 5
    assert list(stage.reneged_h) == [5.0]
    assert stage.waiting(6.0) == 0


def test_adding_servers_starts_waiting_customers_at_once():
    stage = ServiceStage("s", 1)
    stage.add_batch(np.array([0.0, 0.0, 0.0]), np.array([10.0, 10.0, 10.0]), [None] * 3)
    stage.advance(1.0)
    stage.set_servers(3, 1.0)
    stage.advance(2.0)
    assert list(stage.start_h) == [0.0, 1.0, 1.0]


def test_withdrawn_servers_are_the_first_to_become_free():
    stage = ServiceStage("s", 2)
    stage.add_batch(np.array([0.0, 0.0, 0.5]), np.array([1.0, 5.0, 1.0]), [None] * 3)
    stage.advance(0.5)
    stage.set_servers(1, 0.5)  # the server free at t=1 goes; the one busy until 5 stays
    stage.advance(10.0)
    assert list(stage.start_h) == [0.0, 0.0, 5.0]


def test_items_are_routed_downstream_and_to_callbacks():
    scan = ServiceStage("scan", 1)
    inspect = ServiceStage("inspect", 1)
    scan.downstream = inspect
    started, released = [], []
    scan.on_start = lambda item, s, e: started.append((item, s, e))
    scan.on_renege = lambda item, t: released.append((item, t))
    scan.hold_cap_h = 1.5
    scan.add(0.0, 1.0, 2.5)  # a flagged legitimate container: 2.5 h of inspection
    scan.add(0.0, 1.0, "shipment")
    scan.add(0.0, 1.0, "late")
    scan.advance(10.0)
    inspect.advance(10.0)
    assert list(inspect.start_h) == [1.0] and list(inspect.service_h) == [2.5]
    assert started == [("shipment", 1.0, 2.0)]
    assert released == [("late", 1.5)]


@pytest.mark.parametrize(
    ("t0", "t1", "hours", "shift", "expected"),
    [
        (0.0, 24.0, 24.0, 0.0, 24.0),
        (0.0, 24.0, 16.0, 6.0, 16.0),
        (0.0, 48.0, 16.0, 6.0, 32.0),
        (5.0, 7.0, 16.0, 6.0, 1.0),
        (21.0, 30.0, 16.0, 6.0, 1.0 + 0.0),
        (21.0, 31.0, 16.0, 6.0, 2.0),
        (10.0, 10.0, 16.0, 6.0, 0.0),
    ],
)
def test_open_hours_counts_the_daily_window(t0, t1, hours, shift, expected):
    assert open_hours(t0, t1, hours, shift) == pytest.approx(expected)
