"""Perceived risk learns the true interdiction rate and forgets with its memory."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sim.engine.beliefs import DiscountedCounts, RiskBeliefs


def beliefs(memory_days=1e6, prior_risk=0.1, strength=2.0):
    return RiskBeliefs(2, 2, 3, prior_risk, strength, 0.02, memory_days * 24.0)


@pytest.mark.parametrize("true_rate", [0.03, 0.15, 0.4])
def test_perceived_risk_converges_to_the_true_interdiction_rate(true_rate):
    """After many outcomes of one route its perceived risk is the observed seizure share."""
    rng = np.random.default_rng(4)
    b = beliefs()
    n = 4000
    for i, seized in enumerate(rng.random(n) < true_rate):
        b.observe_port(float(i), 1, 0, bool(seized), 1.0)
    risk = b.port_risk(float(n))
    se = math.sqrt(true_rate * (1 - true_rate) / n)
    assert abs(risk[1, 0] - true_rate) < 4 * se + 2 / n
    assert risk[0, 0] == pytest.approx(0.1)  # untouched routes keep the prior


def test_beliefs_follow_a_policy_change_with_their_memory():
    """Risk jumps from 5 % to 30 %: after one memory time most of the way, after five all of it."""
    memory_h = 100.0
    b = RiskBeliefs(1, 1, 1, 0.05, 2.0, 0.02, memory_h)
    t = 0.0
    for _ in range(2000):  # long enough at 5 %, one outcome an hour
        t += 1.0
        b.observe_port(t, 0, 0, False, 0.95)
        b.observe_port(t, 0, 0, True, 0.05)
    before = b.port_risk(t)[0, 0]
    for _ in range(500):
        t += 1.0
        b.observe_port(t, 0, 0, False, 0.7)
        b.observe_port(t, 0, 0, True, 0.3)
        if t == 2100.0:
            after_one_memory = b.port_risk(t)[0, 0]
    assert before == pytest.approx(0.05, abs=0.002)
    # exponential forgetting: the weight of the old regime is e^-1 after one memory time
    expected = 0.3 - (0.3 - 0.05) * math.exp(-1.0)
    assert after_one_memory == pytest.approx(expected, abs=0.01)
    assert b.port_risk(t)[0, 0] == pytest.approx(0.3, abs=0.01)


def test_discounted_counts_equal_the_direct_sum_even_across_rebasing():
    memory_h = 10.0
    c = DiscountedCounts((1,), memory_h)
    times = np.linspace(0.0, 1200.0, 301)  # 120 memory times: forces rebasing
    for t in times:
        c.add(float(t), 0, True, 1.0)
    seized, passed = c.at(1200.0)
    direct = np.exp(-(1200.0 - times) / memory_h).sum()
    assert seized[0] == pytest.approx(direct, rel=1e-9)
    assert passed[0] == 0.0


def test_origin_seizures_raise_origin_risk_only():
    b = beliefs()
    for i in range(50):
        b.observe_origin(float(i), 2, True, 1.0)
    risk = b.origin_risk(50.0)
    assert risk[2] > 0.9 and risk[0] == pytest.approx(0.02)
    assert np.allclose(b.port_risk(50.0), 0.1)


def test_an_announcement_is_evidence_at_the_announced_risk_with_its_weight():
    """No outcomes yet: weight w of the prior's n₀ pseudo-observations at factor × prior risk,
    so the perceived risk becomes (r₀n₀ + w n₀ · f r₀) / (n₀ + w n₀) exactly."""
    b = beliefs(prior_risk=0.1, strength=2.0)
    b.announce_port(0.0, 1, weight=0.5, risk_factor=2.0)
    risk = b.port_risk(0.0)
    assert risk[1, 0] == pytest.approx((0.2 + 1.0 * 0.2) / 3.0)
    assert risk[1, 1] == pytest.approx(risk[1, 0])  # every method at the port
    assert risk[0, 0] == pytest.approx(0.1)  # other ports keep the prior
    assert b.origin_risk(0.0) == pytest.approx(np.full(3, 0.02))


def test_an_announcement_scales_with_the_evidence_held_and_fades_with_memory():
    memory_h = 100.0
    b = RiskBeliefs(1, 1, 1, 0.1, 2.0, 0.02, memory_h)
    for i in range(200):  # much evidence at 10 %
        b.observe_port(float(i), 0, 0, i % 10 == 0, 1.0)
    t = 200.0
    before = b.port_risk(t)[0, 0]
    b.announce_port(t, 0, weight=1.0, risk_factor=3.0)
    after = b.port_risk(t)[0, 0]
    # equal weight of evidence at three times the risk: the mean of the two
    assert after == pytest.approx((before + 3.0 * before) / 2.0, rel=1e-9)
    for i in range(2000):  # outcomes at 10 % again: the announcement fades
        b.observe_port(t + i, 0, 0, i % 10 == 0, 1.0)
    assert b.port_risk(t + 2000)[0, 0] == pytest.approx(0.1, abs=0.01)


def test_an_announced_risk_never_exceeds_one():
    """Factor 5 on a perceived 60 %: the announced risk is capped at 1."""
    b = beliefs(prior_risk=0.6)
    b.announce_port(0.0, 0, weight=10.0, risk_factor=5.0)
    assert b.port_risk(0.0)[0, 0] == pytest.approx((0.6 * 2.0 + 20.0 * 1.0) / 22.0)
    b.announce_origin(0.0, 2, weight=1.0, risk_factor=2.0)
    origin = b.origin_risk(0.0)
    assert origin[2] == pytest.approx(0.03) and origin[0] == pytest.approx(0.02)
