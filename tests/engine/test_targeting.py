"""Risk targeting splits the selection rate over risk groups as documented."""

from __future__ import annotations

import math

import numpy as np
import pytest
from helpers import make_port, setup

from sim.engine.network import OriginInputs
from sim.engine.shipments import Shipment
from sim.engine.targeting import lane_multipliers, selection_rates


@pytest.mark.parametrize(
    ("s", "f", "m"), [(0.028, 0.108, 5.0), (0.02, 0.08, 5.0), (0.01, 0.3, 3.0), (0.05, 0.0, 5.0)]
)
def test_group_rates_reproduce_the_overall_rate_and_the_multiplier(s, f, m):
    r = selection_rates(s, f, m, targeting_quality=0.0)
    assert f * r.latam + (1 - f) * r.other == pytest.approx(s)
    assert r.latam == pytest.approx(m * r.other)


def test_europol_ratio_at_antwerp():
    """2.8 % overall with 10.8 % Latin-American boxes ⇒ ~10 % of them and ~2 % of the rest."""
    r = selection_rates(0.028, 0.108, 5.0, 0.0)
    assert 0.09 < r.latam < 0.11
    assert 0.018 < r.other < 0.022


def test_latam_rate_is_capped_at_one_and_the_overall_rate_kept():
    r = selection_rates(0.5, 0.2, 10.0, 0.0)
    assert r.latam == 1.0
    assert 0.2 * r.latam + 0.8 * r.other == pytest.approx(0.5)


def test_latam_override_keeps_the_other_containers_rate():
    base = selection_rates(0.02, 0.08, 5.0, 0.0)
    full = selection_rates(0.02, 0.08, 5.0, 0.0, latam_selection_rate=1.0)
    assert full.latam == 1.0
    assert full.other == pytest.approx(base.other)


@pytest.mark.parametrize("q", [0.0, 0.3, 1.0])
def test_targeting_quality_lifts_only_contaminated_selection(q):
    r = selection_rates(0.02, 0.1, 5.0, targeting_quality=q)
    base = selection_rates(0.02, 0.1, 5.0, targeting_quality=0.0)
    assert (r.latam, r.other) == (base.latam, base.other)
    assert r.contaminated() == pytest.approx(base.latam + q * (1 - base.latam))
    assert np.isclose(r.contaminated(), 1.0) == (q == 1.0)


# ------------------------------------------------------------------ lanes and transit origins


def _origins() -> dict[str, OriginInputs]:
    def origin(key: str, country: str, weight: float, coast: str = "wcsa") -> OriginInputs:
        return OriginInputs(key, key.upper(), {"north": 10.0}, weight, country, coast)

    return {
        "a": origin("a", "EC", 0.5),
        "b": origin("b", "BR", 0.3, "ecsa"),
        "c": origin("c", "CO", 0.2, "caribbean"),
        "t": origin("t", "SL", 0.0, "west_africa"),
    }


def test_lane_factors_keep_the_latin_american_mean_rate():
    factors = {"EC": 1.5, "BR": 1.0, "CO": 0.5, "SL": 2.0}
    lanes = lane_multipliers(_origins(), factors)
    mean = 0.5 * 1.5 + 0.3 * 1.0 + 0.2 * 0.5
    assert lanes["a"] == pytest.approx(1.5 / mean)
    assert lanes["c"] == pytest.approx(0.5 / mean)
    assert 0.5 * lanes["a"] + 0.3 * lanes["b"] + 0.2 * lanes["c"] == pytest.approx(1.0)
    assert lanes["t"] == 2.0  # the transit lane multiplies the other group's rate as it is
    neutral = lane_multipliers(_origins(), dict.fromkeys(factors, 1.0))
    assert set(neutral.values()) == {1.0}


def test_a_lane_scales_its_group_rate_capped_at_one():
    r = selection_rates(0.02, 0.1, 5.0, targeting_quality=0.2)
    assert r.contaminated(kind="latam", lane=1.5) == pytest.approx(
        1.5 * r.latam + 0.2 * (1 - 1.5 * r.latam)
    )
    assert r.contaminated(kind="other") == pytest.approx(r.other + 0.2 * (1 - r.other))
    assert r.contaminated(kind="latam", lane=1e3) == 1.0


def test_a_transit_origin_lands_on_other_calls_at_the_other_groups_rate():
    """Freetown boxes wait for a non-Latin-American call and are selected at that rate (times
    its lane); Guayaquil boxes wait for a Latin-American call, at the lane-weighted rate."""
    params, network = setup("ports.antwerp.targeting_quality=0", "ports.antwerp.insider_rate=0")
    assert network.origins["freetown"].call_kind == "other"
    seen: list[str] = []

    def resolve(shp, outcome, stage, at_h):
        seen.append(shp.origin)

    port = make_port(params, network, params.ports["antwerp"], resolve, seed=3)
    n = 20_000
    u = np.random.default_rng(3).random((2 * n, 5))
    for i in range(2 * n):
        origin = "freetown" if i < n else "guayaquil"
        port.board(Shipment(i, "o", origin, "antwerp", "cover_load", 100.0, 0.0, *u[i]))
    port.discharge("latam", 0, 10.0)
    assert port.boarding == n and set(seen) == {"guayaquil"}  # freetown still waiting
    latam_selected = port.counters.selected_total
    port.discharge("other", 0, 10.0)
    assert port.boarding == 0
    other_selected = port.counters.selected_total - latam_selected
    lanes = lane_multipliers(network.origins, params.security.lane_selection_factor)
    for k, rate in (
        (latam_selected, min(port.rates.latam * lanes["guayaquil"], 1.0)),
        (other_selected, port.rates.other * lanes["freetown"]),
    ):
        assert abs(k - n * rate) < 4 * math.sqrt(n * rate * (1 - rate)), (k, n * rate)
    assert lanes["guayaquil"] > 1.0  # Ecuador's lane is weighted up by default
