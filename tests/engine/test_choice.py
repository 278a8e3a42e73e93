"""Expected profit and the quantal-response choice rule."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from sim.engine.choice import (
    RouteCosts,
    RouteSpace,
    choice_probabilities,
    closed_to_minus_inf,
    cost_terms,
    inclusive_value,
    route_utilities,
)

SPACE = RouteSpace(("o1", "o2"), ("p1", "p2", "p3"), ("rip", "cover"))
COSTS = RouteCosts(
    wholesale_eur_per_kg=30000.0,
    per_kg_cost_eur=4000.0,
    port_cost_eur_per_kg=np.zeros(3),
    method_cost_eur=np.tile([20000.0, 100000.0], (3, 1)),
    uses_insiders=np.tile([True, False], (3, 1)),
    allowed=np.ones((3, 2), dtype=bool),
    method_cost_eur_per_kg=np.zeros(2),
    origin_cost_eur_per_kg=np.zeros(2),
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


def test_risk_aversion_charges_the_bernoulli_variance_of_the_outcome():
    keep, penalty = cost_terms(COSTS, 100.0, np.zeros(3), np.zeros(3), np.zeros(2))
    risk = np.array([[0.1, 0.5], [0.0, 0.0], [0.3, 0.3]])
    neutral = route_utilities(risk, np.zeros(2), keep, penalty)
    averse = route_utilities(risk, np.zeros(2), keep, penalty, risk_aversion=2.0)
    success = 1.0 - risk
    assert averse[0] == pytest.approx(neutral[0] - success * (1.0 - success))
    assert np.array_equal(averse[:, 1], neutral[:, 1])  # a sure route carries no premium


def test_load_size_is_per_route_and_divides_only_the_fixed_costs():
    loads = np.array([100.0, 1000.0, 100.0])
    _, penalty = cost_terms(COSTS, loads, np.zeros(3), np.zeros(3), np.zeros(2))
    per_kg = 4000.0 / 30000.0
    assert penalty[0, 0, 1] == pytest.approx(per_kg + 100000.0 / (30000.0 * 100.0))
    assert penalty[0, 1, 1] == pytest.approx(per_kg + 100000.0 / (30000.0 * 1000.0))


def test_an_origins_cost_per_kg_is_paid_on_every_route_and_method():
    costs = replace(COSTS, origin_cost_eur_per_kg=np.array([0.0, 1500.0]))
    _, base = cost_terms(COSTS, 100.0, np.zeros(3), np.zeros(3), np.zeros(2))
    _, transit = cost_terms(costs, 100.0, np.zeros(3), np.zeros(3), np.zeros(2))
    assert np.array_equal(transit[0], base[0])
    np.testing.assert_allclose(transit[1] - base[1], 1500.0 / 30000.0)
    _, cheap = cost_terms(costs, 100.0, np.zeros(3), np.zeros(3), np.zeros(2), 15000.0)
    assert cheap[1, 0, 0] - cheap[0, 0, 0] == pytest.approx(1500.0 / 15000.0)  # moves with price


def test_closed_options_get_no_probability_and_the_rest_keep_their_odds():
    u = np.random.default_rng(3).normal(size=(2, 3, 2))
    closed = closed_to_minus_inf(np.array([True, True, False]), np.ones((3, 2), dtype=bool))
    probs = choice_probabilities(u + closed[None], 5.0).reshape(u.shape)
    assert (probs[:, 2, :] == 0.0).all() and probs.sum() == pytest.approx(1.0)
    full = choice_probabilities(u, 5.0).reshape(u.shape)
    ratio = probs[:, :2, :] / full[:, :2, :]
    assert np.allclose(ratio, ratio.ravel()[0])  # independence of irrelevant alternatives
    uniform = choice_probabilities(u + closed[None], 0.0).reshape(u.shape)
    assert np.allclose(uniform[:, :2, :], 1 / 8) and (uniform[:, 2, :] == 0).all()


def test_inclusive_value_is_the_logsum_and_tends_to_the_best_option():
    u = np.random.default_rng(4).normal(size=(2, 3, 2))
    lam = 3.0
    assert inclusive_value(u, lam) == pytest.approx(np.log(np.exp(lam * u).sum()) / lam)
    assert inclusive_value(u, 1e5) == pytest.approx(u.max(), abs=1e-4)
    assert inclusive_value(u, 0.0) == pytest.approx(u.mean())
