"""Risk targeting splits the selection rate over risk groups as documented."""

from __future__ import annotations

import numpy as np
import pytest

from sim.engine.targeting import selection_rates


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
