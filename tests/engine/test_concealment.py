"""Concealment that scanners miss: chemical incorporation and its per-kg cost.

Detection by method at a port where every box is scanned and every alarm inspected; the per-kg
method cost in the cost terms.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest
import simpy
from helpers import setup

from sim.engine.choice import RouteCosts, cost_terms
from sim.engine.model import AT_SEA_METHOD, route_costs
from sim.engine.port import Port
from sim.engine.rng import stream
from sim.engine.shipments import Outcome, Shipment
from sim.params import METHOD_KEYS, OUTSIDE_ROUTE_KEYS

CHEMICAL = METHOD_KEYS.index("chemical")


def test_chemical_is_the_last_method_so_the_others_keep_their_index():
    assert METHOD_KEYS[:4] == ("rip_on_rip_off", "cover_load", "structure", "reefer_unit")
    assert METHOD_KEYS[-1] == "chemical"


# ------------------------------------------------------------------ detection by method


def shipments_through_a_port_that_checks_everything(method: str, n: int, seed: int) -> list:
    """``n`` loads by ``method`` at Antwerp with every box scanned and every alarm inspected."""
    params, network = setup()
    levers = replace(
        params.ports["antwerp"],
        selection_rate=1.0,
        latam_selection_rate=1.0,
        targeting_quality=1.0,
        insider_rate=0.0,
        scanners=500,
        inspection_teams=500,
        hold_cap_h=2160.0,
    )
    outcomes: list[tuple[Outcome, str]] = []
    port = Port(
        simpy.Environment(),
        network.ports["antwerp"],
        levers,
        params.security,
        params.traffic,
        1.0,
        (0.0, 1e9),
        lambda name: stream(seed, 0, name),
        lambda shp, outcome, stage, at_h: outcomes.append((outcome, stage.value)),
        lambda t_h, action: None,
        lambda t_h: 2023,
    )
    u = np.random.default_rng(seed).random((n, 5))
    for i in range(n):
        port.board(Shipment(i, "o", "guayaquil", "antwerp", method, 100.0, 0.0, *u[i]))
    port.discharge("latam", 0, 10.0)
    port.advance(1e7)
    assert len(outcomes) == n
    return outcomes


def test_chemical_loads_are_found_far_less_often_than_rip_on_rip_off():
    params, _ = setup()
    n = 3000
    rates = {}
    for method in ("chemical", "rip_on_rip_off"):
        outcomes = shipments_through_a_port_that_checks_everything(method, n, seed=21)
        seized = sum(o is Outcome.seized_port for o, _ in outcomes) / n
        m = params.security.methods[method]
        p = m.image_detection * m.inspection_detection
        assert abs(seized - p) < 4 * math.sqrt(p * (1 - p) / n), (method, seized, p)
        rates[method] = seized
        cleared = sum(stage == "scan_clear" for _, stage in outcomes) / n
        q = 1.0 - m.image_detection
        assert abs(cleared - q) < 4 * math.sqrt(q * (1 - q) / n), (method, cleared, q)
    assert rates["chemical"] < 0.1 * rates["rip_on_rip_off"]


# ------------------------------------------------------------------ per-kg method cost


def test_cost_terms_add_the_per_kg_method_cost_where_the_method_is_allowed():
    allowed = np.array([[True, True], [True, True], [True, False]])
    costs = RouteCosts(
        wholesale_eur_per_kg=30000.0,
        per_kg_cost_eur=4000.0,
        port_cost_eur_per_kg=np.array([0.0, 500.0, 1000.0]),
        method_cost_eur=np.tile([100000.0, 300000.0], (3, 1)),
        uses_insiders=np.zeros((3, 2), dtype=bool),
        allowed=allowed,
        method_cost_eur_per_kg=np.array([0.0, 4000.0]),
    )
    load = 200.0
    _, penalty = cost_terms(costs, load, np.zeros(3), np.zeros(3), np.zeros(2))
    value = 30000.0 * load
    assert penalty[0, 0, 0] == (4000.0 + 0.0 + 0.0) / 30000.0 + 100000.0 / value
    assert penalty[0, 0, 1] == (4000.0 + 0.0 + 4000.0) / 30000.0 + 300000.0 / value
    assert penalty[1, 1, 1] == (4000.0 + 500.0 + 4000.0) / 30000.0 + 300000.0 / value
    assert penalty[0, 2, 1] == (4000.0 + 1000.0 + 0.0) / 30000.0 + 300000.0 / value  # not allowed
    # the per-kg cost moves with the price, not with the load
    _, dear = cost_terms(costs, 2 * load, np.zeros(3), np.zeros(3), np.zeros(2), 15000.0)
    assert dear[0, 0, 1] - dear[0, 0, 0] == pytest.approx(4000.0 / 15000.0 + 200000.0 / 6e6)


def test_route_costs_carry_the_configured_per_kg_costs_and_at_sea_stays_cover_load():
    params, _ = setup("traffickers.economics.method_cost_eur_per_kg.chemical=2500")
    costs = route_costs(params)
    econ = params.traffickers.economics
    expected = [econ.method_cost_eur_per_kg[m] for m in METHOD_KEYS]
    np.testing.assert_array_equal(costs.method_cost_eur_per_kg, expected)
    assert expected[CHEMICAL] == 2500.0 and sum(expected) == 2500.0
    keys = (*params.ports, *OUTSIDE_ROUTE_KEYS)
    at_sea = keys.index("at_sea")
    assert costs.allowed[at_sea].tolist() == [m == AT_SEA_METHOD for m in METHOD_KEYS]
    assert costs.allowed[keys.index("rest_of_europe")].all()
    price = econ.wholesale_eur_per_kg
    _, penalty = cost_terms(costs, 100.0, np.zeros(len(keys)), np.zeros(len(keys)), np.zeros(1))
    cover = METHOD_KEYS.index("cover_load")
    fixed = (econ.method_cost_eur["chemical"] - econ.method_cost_eur["cover_load"]) / (price * 100)
    for p in (0, keys.index("rest_of_europe")):
        assert penalty[0, p, CHEMICAL] - penalty[0, p, cover] == pytest.approx(
            2500.0 / price + fixed, rel=1e-12
        )
