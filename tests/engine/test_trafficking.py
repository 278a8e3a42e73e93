"""Static organisations draw loads and choices as configured."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sim.engine.trafficking import StaticOrganisation, mean_capped_lognormal
from sim.params import TraffickerParams


def test_capped_lognormal_mean_matches_monte_carlo():
    rng = np.random.default_rng(1)
    x = np.minimum(rng.lognormal(math.log(100.0), 1.7, 2_000_000), 10_000.0)
    assert mean_capped_lognormal(100.0, 1.7, 10_000.0) == pytest.approx(x.mean(), rel=0.005)


def test_capped_lognormal_without_effective_cap_is_the_lognormal_mean():
    assert mean_capped_lognormal(100.0, 0.5, 1e12) == pytest.approx(100.0 * math.exp(0.125))


def make_org(volume_t=1000.0, seed=3):
    params = TraffickerParams(
        annual_volume_t=volume_t,
        port_shares={"antwerp": 0.7, "rotterdam": 0.3},
        method_shares={"rip_on_rip_off": 0.5, "cover_load": 0.5},
    )
    return StaticOrganisation(
        "o", params, {"guayaquil": 0.6, "santos": 0.4}, volume_t, np.random.default_rng(seed)
    )


def test_static_choices_follow_the_shares_within_a_binomial_interval():
    org = make_org()
    n = 20_000
    ports = [org.plan(0.0)[0].port for _ in range(n)]
    share = ports.count("antwerp") / n
    sd = math.sqrt(0.7 * 0.3 / n)
    assert abs(share - 0.7) < 4 * sd


def test_static_shipping_rate_delivers_the_annual_volume_in_expectation():
    org = make_org(volume_t=1000.0)
    gaps = np.array([org.next_departure_in_h() for _ in range(20_000)])
    loads = np.array([org.plan(0.0)[0].load_kg for _ in range(20_000)])
    kg_per_year = loads.mean() * 8760.0 / gaps.mean()
    assert kg_per_year == pytest.approx(1_000_000.0, rel=0.05)


def test_zero_volume_means_no_shipments():
    assert math.isinf(make_org(volume_t=0.0).next_departure_in_h())
