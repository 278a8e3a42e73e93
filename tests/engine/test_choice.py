"""Expected profit and the quantal-response choice rule."""

from __future__ import annotations

import numpy as np
import pytest

from sim.engine.choice import (
    RouteCosts,
    RouteSpace,
    choice_probabilities,
    cost_terms,
    route_utilities,
)

SPACE = RouteSpace(("o1", "o2"), ("p1", "p2", "p3"), ("rip", "cover"))
COSTS = RouteCosts(
    wholesale_eur_per_kg=30000.0,
    per_kg_cost_eur=4000.0,
    port_cost_eur_per_kg=np.zeros(3),
    method_cost_eur=np.array([20000.0, 100000.0]),
    uses_insiders=np.array([True, False]),
)


def utilities(port_risk, origin_risk=None, fee=None, switch=None):
    origin_risk = np.zeros(2) if origin_risk is None else origin_risk
    fee = np.full(3, 0.1) if fee is None else fee
    switch = np.zeros(3) if switch is None else switch
    keep, penalty = cost_terms(COSTS, 100.0, fee, switch, np.zeros(2))
    return route_utilities(port_risk, origin_risk, keep, penalty)


def test_utility_is_the_issue_formula_over_cargo_value():
    risk = np.array([[0.1, 0.2], [0.0, 0.0], [0.3, 0.3]])
    u = utilities(risk, origin_risk=np.array([0.05, 0.0]))
    value = 30000.0 * 100.0
    success = 0.95 * 0.9  # origin o1, port p1, rip (uses insiders: fee 10 % on success)
    profit = value * success - 4000.0 * 100.0 - 0.1 * value * success - 20000.0
    assert u[0, 0, 0] == pytest.approx(profit / value)
    assert u.shape == (2, 3, 2)


def test_riskier_routes_and_switching_costs_lower_utility():
    base = utilities(np.zeros((3, 2)))
    risky = utilities(np.array([[0.5, 0.5], [0.0, 0.0], [0.0, 0.0]]))
    assert (risky[:, 0, :] < base[:, 0, :]).all() and np.array_equal(risky[:, 1:], base[:, 1:])
    switched = utilities(np.zeros((3, 2)), switch=np.array([0.0, 1e6, 0.0]))
    assert (switched[:, 1, :] < base[:, 1, :]).all()


def test_insider_fee_only_costs_methods_that_use_insiders():
    cheap = utilities(np.zeros((3, 2)), fee=np.zeros(3))
    dear = utilities(np.zeros((3, 2)), fee=np.array([0.0, 0.15, 0.0]))
    assert dear[0, 1, 0] < cheap[0, 1, 0]
    assert dear[0, 1, 1] == cheap[0, 1, 1]


def test_rationality_zero_is_uniform_and_large_is_best_response():
    u = np.random.default_rng(2).normal(size=(2, 3, 2))
    assert np.allclose(choice_probabilities(u, 0.0), 1 / SPACE.size)
    best = choice_probabilities(u, 1e4)
    assert best.argmax() == u.ravel().argmax() and best.max() > 0.999


def test_unravel_inverts_the_flat_order():
    for index in range(SPACE.size):
        o, p, m = SPACE.unravel(index)
        assert index == (o * 3 + p) * 2 + m
