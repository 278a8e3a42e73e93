"""The scanner stage of the model against queueing theory (queue_check scenario)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from analytic import mdc_mean_wait, mmc_mean_wait
from helpers import run_tables

from sim.engine.queue_check import erlang_c_wait_h

ARRIVALS_PER_H = 8.0
SCANNERS = 3


def simulated_waits(rho: float, service: str, replications: int = 12) -> np.ndarray:
    scan_time_h = rho * SCANNERS / ARRIVALS_PER_H
    tables = run_tables(
        "scenario=queue_check",
        f"queue_check.arrival_rate_per_h={ARRIVALS_PER_H}",
        f"queue_check.scanners={SCANNERS}",
        f"queue_check.scan_time_h={scan_time_h}",
        f"queue_check.service={service}",
        f"run.replications={replications}",
        "run.horizon_days=200",
        "run.warmup_days=10",
        "run.seed=11",
    )
    return tables.ports["scan_wait_mean_h"].to_numpy()


@pytest.mark.parametrize("rho", [0.5, 0.8, 0.9])
def test_exponential_scans_match_erlang_c(rho):
    """M/M/3: the mean wait over replications is C(c,a)/(cμ−λ) within 4 standard errors."""
    waits = simulated_waits(rho, "exponential")
    mu = ARRIVALS_PER_H / (rho * SCANNERS)
    theory = mmc_mean_wait(ARRIVALS_PER_H, mu, SCANNERS)
    se = waits.std(ddof=1) / math.sqrt(len(waits))
    assert abs(waits.mean() - theory) < 4 * se + 0.01 * theory, (waits.mean(), theory, se)


@pytest.mark.parametrize("rho", [0.5, 0.8, 0.9])
def test_deterministic_scans_match_crommelin(rho):
    """M/D/3: against the exact M/D/c mean wait (Crommelin), and below the M/M/3 wait."""
    waits = simulated_waits(rho, "deterministic")
    d = rho * SCANNERS / ARRIVALS_PER_H
    theory = mdc_mean_wait(ARRIVALS_PER_H, d, SCANNERS)
    se = waits.std(ddof=1) / math.sqrt(len(waits))
    assert abs(waits.mean() - theory) < 4 * se + 0.01 * theory, (waits.mean(), theory, se)
    assert waits.mean() < mmc_mean_wait(ARRIVALS_PER_H, 1 / d, SCANNERS)


def test_erlang_c_of_the_summary_agrees_with_the_test_reference():
    for lam, s, c in [(8.0, 0.3, 3), (2.0, 0.4, 1), (30.0, 0.25, 9)]:
        assert erlang_c_wait_h(lam, s, c) == pytest.approx(mmc_mean_wait(lam, 1 / s, c))
    assert math.isinf(erlang_c_wait_h(10.0, 1.0, 3))


def test_little_law_in_the_queue_check():
    """Time-average number waiting (sampled) ≈ λ · mean wait."""
    tables = run_tables(
        "scenario=queue_check",
        "queue_check.scan_time_h=0.3",
        "run.replications=3",
        "run.horizon_days=200",
        "run.monitor_interval_h=0.5",
    )
    ports = tables.ports
    lam_w = ports["containers_selected"] / (200 * 24.0) * ports["scan_wait_mean_h"]
    np.testing.assert_allclose(ports["scan_queue_mean"], lam_w, rtol=0.05)
