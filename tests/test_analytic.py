"""Textbook checks of the queueing formulas in ``tests/analytic.py``."""

from __future__ import annotations

import itertools
import math

import pytest

try:
    from analytic import (
        cosmetatos_mdc_mean_wait,
        erlang_b,
        erlang_c,
        littles_law_L,
        md1_mean_wait,
        mdc_mean_wait,
        mdc_mean_wait_spitzer,
        mm1_mean_wait,
        mmc_mean_wait,
        mmc_wait_variance,
    )
except ModuleNotFoundError:  # tests/ imported as a package
    from tests.analytic import (
        cosmetatos_mdc_mean_wait,
        erlang_b,
        erlang_c,
        littles_law_L,
        md1_mean_wait,
        mdc_mean_wait,
        mdc_mean_wait_spitzer,
        mm1_mean_wait,
        mmc_mean_wait,
        mmc_wait_variance,
    )


def _erlang_c_direct(c: int, a: float) -> float:
    """Textbook Erlang C with factorials (fine for small c)."""
    rho = a / c
    top = a**c / (math.factorial(c) * (1.0 - rho))
    return top / (sum(a**k / math.factorial(k) for k in range(c)) + top)


# ---------------------------------------------------------------- Erlang B / C


@pytest.mark.parametrize("rho", [0.0, 0.1, 0.5, 0.9, 0.999])
def test_erlang_c_single_server_is_rho(rho: float) -> None:
    assert erlang_c(1, rho) == pytest.approx(rho, rel=1e-14, abs=1e-15)


def test_erlang_c_hand_values() -> None:
    # c=2, a=1: C = (1/2 / (1/2)) / (1 + 1 + 1) = 1/3
    assert erlang_c(2, 1.0) == pytest.approx(1.0 / 3.0, rel=1e-14)
    # c=5, a=4: (4^5/5!)·5 / (Σ_{k<5} 4^k/k! + (4^5/5!)·5) = 42.667/77 = 0.554113
    assert erlang_c(5, 4.0) == pytest.approx(0.5541, abs=5e-5)
    assert erlang_c(5, 4.0) == pytest.approx(128.0 / 231.0, rel=1e-13)
    # Erlang B c=2, a=1: (1/2) / (1 + 1 + 1/2) = 1/5
    assert erlang_b(2, 1.0) == pytest.approx(0.2, rel=1e-14)


@pytest.mark.parametrize(("c", "a"), [(2, 0.3), (3, 2.5), (7, 5.0), (12, 11.5), (20, 3.0)])
def test_erlang_c_matches_direct_formula(c: int, a: float) -> None:
    assert erlang_c(c, a) == pytest.approx(_erlang_c_direct(c, a), rel=1e-12)


def test_erlang_c_large_c_is_finite_and_monotone() -> None:
    # Direct factorial formula overflows here; the recursion must not.
    vals = [erlang_c(1000, a) for a in (900.0, 950.0, 990.0, 999.0)]
    assert all(0.0 < v < 1.0 for v in vals)
    assert vals == sorted(vals)


@pytest.mark.parametrize(("c", "a"), [(1, 1.0), (2, 2.5), (3, 3.0), (0, 0.5)])
def test_erlang_c_rejects_unstable_or_bad_input(c: int, a: float) -> None:
    with pytest.raises(ValueError):
        erlang_c(c, a)


# ---------------------------------------------------------------- M/M/c


@pytest.mark.parametrize(("lam", "mu"), [(0.3, 1.0), (0.8, 1.0), (4.5, 5.0), (0.01, 2.0)])
def test_mmc_reduces_to_mm1(lam: float, mu: float) -> None:
    rho = lam / mu
    assert mmc_mean_wait(lam, mu, 1) == pytest.approx(rho / (mu - lam), rel=1e-12)
    assert mm1_mean_wait(lam, mu) == pytest.approx(rho / (mu - lam), rel=1e-12)


def test_mm2_hand_value() -> None:
    # λ=1, μ=1, c=2: C=1/3, Wq = (1/3)/(2−1) = 1/3
    assert mmc_mean_wait(1.0, 1.0, 2) == pytest.approx(1.0 / 3.0, rel=1e-13)
    # Var = C(2−C)/θ² = (1/3)(5/3) = 5/9
    assert mmc_wait_variance(1.0, 1.0, 2) == pytest.approx(5.0 / 9.0, rel=1e-13)


def test_mm1_wait_variance() -> None:
    # M/M/1: Var(Wq) = ρ(2−ρ)/(μ−λ)²
    lam, mu = 0.6, 1.0
    assert mmc_wait_variance(lam, mu, 1) == pytest.approx(0.6 * 1.4 / 0.16, rel=1e-13)


def test_mmc_more_servers_less_wait() -> None:
    # same per-server utilisation 0.8, pooling reduces waiting
    waits = [mmc_mean_wait(0.8 * c, 1.0, c) for c in (1, 2, 4, 8)]
    assert all(w1 > w2 for w1, w2 in itertools.pairwise(waits))


def test_littles_law() -> None:
    assert littles_law_L(2.5, 4.0) == 10.0


# ---------------------------------------------------------------- M/D/1 and M/D/c


def test_md1_hand_value() -> None:
    # ρ=0.5, d=1: Wq = 0.5/(2·0.5) = 0.5 ; half of M/M/1's ρ/(μ−λ) = 1
    assert md1_mean_wait(0.5, 1.0) == pytest.approx(0.5, rel=1e-14)
    assert md1_mean_wait(0.5, 1.0) == pytest.approx(0.5 * mm1_mean_wait(0.5, 1.0), rel=1e-14)
    # time scaling: d=2h, λ=0.25/h → ρ=0.5, Wq = 1h
    assert md1_mean_wait(0.25, 2.0) == pytest.approx(1.0, rel=1e-14)


@pytest.mark.parametrize("rho", [0.01, 0.2, 0.5, 0.8, 0.95, 0.999])
@pytest.mark.parametrize("d", [0.25, 1.0, 3.0])
def test_mdc_single_server_equals_md1(rho: float, d: float) -> None:
    lam = rho / d
    assert mdc_mean_wait(lam, d, 1) == pytest.approx(md1_mean_wait(lam, d), rel=1e-9)


@pytest.mark.parametrize("c", [2, 3, 5, 10, 25])
@pytest.mark.parametrize("rho", [0.1, 0.3, 0.5, 0.7, 0.9, 0.98])
def test_mdc_strictly_between_zero_and_mmc(c: int, rho: float) -> None:
    d = 1.5
    lam = rho * c / d
    wq = mdc_mean_wait(lam, d, c)
    assert 0.0 < wq < mmc_mean_wait(lam, 1.0 / d, c)


@pytest.mark.parametrize("c", [2, 3, 5, 10])
@pytest.mark.parametrize("rho", [0.5, 0.7, 0.85, 0.95])
def test_mdc_close_to_cosmetatos(c: int, rho: float) -> None:
    d = 1.0
    lam = rho * c / d
    assert mdc_mean_wait(lam, d, c) == pytest.approx(cosmetatos_mdc_mean_wait(lam, d, c), rel=0.02)


@pytest.mark.parametrize("c", [1, 2, 4, 10, 40])
@pytest.mark.parametrize("rho", [0.05, 0.3, 0.6, 0.9])
def test_mdc_root_formula_agrees_with_spitzer_series(c: int, rho: float) -> None:
    # Two independent derivations (PGF roots vs. Spitzer's identity) of the same quantity.
    d = 0.5
    lam = rho * c / d
    assert mdc_mean_wait(lam, d, c) == pytest.approx(mdc_mean_wait_spitzer(lam, d, c), rel=1e-8)


def test_mdc_known_value_c2() -> None:
    # M/D/2, ρ=0.5 (a=1): roots of z² = e^{z−1} other than 1 are real, z₁ ≈ −0.2319;
    # Lq = 1/(1−z₁) + (1 − 2)/(2·1); Wq = Lq/λ with λ = 1.
    z = -0.5
    for _ in range(200):  # contraction z = −exp((z−1)/2)
        z = -math.exp((z - 1.0) / 2.0)
    expected = 1.0 / (1.0 - z) - 0.5
    assert mdc_mean_wait(1.0, 1.0, 2) == pytest.approx(expected, rel=1e-12)
    assert mdc_mean_wait(1.0, 1.0, 2) == pytest.approx(0.17674, abs=1e-5)


def test_mdc_heavy_traffic_tends_to_half_mmc() -> None:
    # As ρ → 1, Wq(M/D/c)/Wq(M/M/c) → 1/2 (Kingman: ratio (1 + c_s²)/2).
    ratio = mdc_mean_wait(0.999 * 4, 1.0, 4) / mmc_mean_wait(0.999 * 4, 1.0, 4)
    assert ratio == pytest.approx(0.5, abs=2e-3)


def test_mdc_rejects_unstable() -> None:
    with pytest.raises(ValueError):
        mdc_mean_wait(3.0, 1.0, 3)
    with pytest.raises(ValueError):
        md1_mean_wait(1.0, 1.0)
