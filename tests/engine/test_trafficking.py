"""Organisations: shipping rate, loads, pressure, network growth, static vs adaptive paths."""

from __future__ import annotations

import math

import numpy as np
import pytest
from helpers import setup

from sim.engine.market import Market
from sim.engine.model import route_costs, route_space
from sim.engine.shipments import Outcome, Shipment
from sim.engine.trafficking import (
    AdaptiveOrganisation,
    StaticOrganisation,
    mean_capped_lognormal,
)
from sim.evidence.derive import known_origins
from sim.params import OUTSIDE_ROUTE_KEYS


def test_capped_lognormal_mean_matches_monte_carlo():
    rng = np.random.default_rng(1)
    x = np.minimum(rng.lognormal(math.log(100.0), 1.7, 2_000_000), 10_000.0)
    assert mean_capped_lognormal(100.0, 1.7, 10_000.0) == pytest.approx(x.mean(), rel=0.005)


def test_capped_lognormal_without_effective_cap_is_the_lognormal_mean():
    assert mean_capped_lognormal(100.0, 0.5, 1e12) == pytest.approx(100.0 * math.exp(0.125))


def market_of(params, year=2023):
    fees = np.full(len(params.ports), 0.1)
    space_keys = (*params.ports, *OUTSIDE_ROUTE_KEYS)
    return Market(params.traffickers, space_keys, len(params.ports), lambda _t: year, lambda: fees)


def make(cls, *overrides, name="benelux_banana", seed=3, year=2023):
    params, network = setup(*overrides)
    tp = params.traffickers
    return cls(
        name,
        tp.organisations[name],
        tp,
        route_space(params, network),
        route_costs(params, known_origins()),
        market_of(params, year),
        np.random.default_rng(seed),
    ), params


def test_shipping_rate_delivers_the_organisations_annual_volume():
    org, params = make(StaticOrganisation)
    gaps, loads = [], []
    for _ in range(20_000):  # as the model does: a gap, then the plan leaving after it
        gaps.append(org.next_departure_in_h())
        loads.append(org.plan(0.0)[0].load_kg)
    gaps, loads = np.array(gaps), np.array(loads)
    share = params.traffickers.organisations["benelux_banana"].volume_share
    target = params.traffickers.annual_volume_t * 1000 * share
    assert loads.mean() * 8760.0 / gaps.mean() == pytest.approx(target, rel=0.05)


def test_static_keeps_to_its_network_by_switching_costs():
    org, _ = make(StaticOrganisation)
    ports = [org.plan(0.0)[0].port for _ in range(5000)]
    inside = {"antwerp", "rotterdam", "vlissingen", "zeebrugge"}
    assert sum(p in inside for p in ports) / len(ports) > 0.9


def shipment(org_name, port="antwerp", method="cover_load", outcome=Outcome.delivered):
    s = Shipment(0, org_name, "guayaquil", port, method, 100.0, 0.0, 0.5, 0.5, 0.5, 0.5, 0.5)
    s.resolve(outcome, s.stage, 1.0)
    return s


def test_losses_create_pressure_that_splits_loads():
    org, params = make(AdaptiveOrganisation)
    assert org.pressure(0.0) == 0.0
    for i in range(40):
        org.observe(shipment("benelux_banana", outcome=Outcome.seized_port), 1.0, float(i))
    pressure = org.pressure(40.0)
    assert pressure > 0.5
    assert org.typical_load_kg(pressure) < 0.5 * params.traffickers.load_median_kg


def test_other_organisations_outcomes_update_beliefs_but_not_pressure():
    org, _ = make(AdaptiveOrganisation)
    before = org.beliefs.port_risk(0.0).copy()
    for i in range(40):
        org.observe(shipment("iberian", outcome=Outcome.seized_port), 0.3, float(i))
    assert org.pressure(40.0) == 0.0
    assert org.beliefs.port_risk(40.0)[0, 1] > before[0, 1]  # antwerp, cover_load


def test_deliveries_establish_a_new_port():
    org, params = make(AdaptiveOrganisation)
    hamburg = list(params.ports).index("hamburg")
    assert not org.port_established[hamburg]
    for i in range(params.traffickers.economics.establish_after):
        org.observe(shipment("benelux_banana", port="hamburg"), 1.0, float(i))
    assert org.port_established[hamburg]


def test_static_and_frozen_adaptive_draw_the_same_plans():
    static, _ = make(StaticOrganisation, seed=9)
    frozen, _ = make(AdaptiveOrganisation, "traffickers.learning.enabled=false", seed=9)
    for t in range(200):
        assert static.next_departure_in_h() == frozen.next_departure_in_h()
        frozen.observe(shipment("benelux_banana", outcome=Outcome.seized_port), 1.0, float(t))
        assert static.plan(float(t)) == frozen.plan(float(t))


def seize_at(org, port, times, organisation="benelux_banana"):
    for t in times:
        org.observe(shipment(organisation, port=port, outcome=Outcome.seized_port), 1.0, t)


def test_own_losses_past_both_thresholds_abandon_the_route_for_its_time():
    org, params = make(AdaptiveOrganisation, "traffickers.abandon.after_losses=2.5")
    antwerp = list(params.ports).index("antwerp")
    seize_at(org, "antwerp", [1.0, 2.0])
    assert org.abandoned_routes(3.0) is None  # two losses: not yet
    seize_at(org, "antwerp", [3.0])
    out = org.abandoned_routes(4.0)
    assert out is not None and out[antwerp] and out.sum() == 1
    assert org.abandon_log == [(3.0, "antwerp")]
    assert all(org.plan(5.0 + i)[0].port != "antwerp" for i in range(2000))
    back = 3.0 + params.traffickers.abandon.days * 24.0
    assert org.abandoned_routes(back + 1.0) is None
    assert any(org.plan(back + 1.0 + i)[0].port == "antwerp" for i in range(2000))


def test_losses_below_the_loss_share_do_not_abandon_a_route():
    org, _ = make(AdaptiveOrganisation, "traffickers.abandon.loss_share=0.3")
    for i in range(20):  # 20 deliveries, then 3 seizures: a loss rate of 13 %
        org.observe(shipment("benelux_banana", port="antwerp"), 1.0, float(i))
    seize_at(org, "antwerp", [21.0, 22.0, 23.0])
    assert org.abandoned_routes(24.0) is None


def test_other_organisations_losses_never_abandon_a_route():
    org, _ = make(AdaptiveOrganisation)
    seize_at(org, "antwerp", [float(i) for i in range(20)], organisation="iberian")
    assert org.abandoned_routes(21.0) is None


def test_abandoning_can_be_switched_off():
    org, _ = make(AdaptiveOrganisation, "traffickers.abandon.enabled=false")
    seize_at(org, "antwerp", [float(i) for i in range(20)])
    assert org.abandoned_routes(21.0) is None


def test_an_announcement_raises_perceived_risk_only_where_it_applies():
    org, params = make(AdaptiveOrganisation)
    before = org.beliefs.port_risk(0.0).copy()
    org.hear_announcement(0.0, ["rotterdam"], [])
    after = org.beliefs.port_risk(0.0)
    rotterdam = list(params.ports).index("rotterdam")
    assert (after[rotterdam] > before[rotterdam]).all()
    others = [i for i in range(len(before)) if i != rotterdam]
    assert np.array_equal(after[others], before[others])


@pytest.mark.parametrize(
    "switch", ["traffickers.learning.announcement_weight=0", "traffickers.learning.enabled=false"]
)
def test_no_reaction_to_announcements_without_weight_or_learning(switch):
    org, _ = make(AdaptiveOrganisation, switch)
    before = org.beliefs.port_risk(0.0).copy()
    org.hear_announcement(0.0, ["rotterdam"], ["guayaquil"])
    assert np.array_equal(org.beliefs.port_risk(0.0), before)
