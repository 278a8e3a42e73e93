"""Hand-checkable and statistical checks of the SimPy reference scanner queue."""

from __future__ import annotations

import heapq
import math

import numpy as np
import pytest

try:
    from analytic import mdc_mean_wait, mmc_mean_wait
    from reference_queue import next_open_h, simulate_reference
except ModuleNotFoundError:  # tests/ imported as a package
    from tests.analytic import mdc_mean_wait, mmc_mean_wait
    from tests.reference_queue import next_open_h, simulate_reference

NAN = math.nan
# daily window 06:00–22:00
WIN = {"hours_per_day": 16.0, "shift_start_h": 6.0}


def _sim(arr: list[float], svc: list[float], servers: int, **kw: float) -> dict[str, np.ndarray]:
    return simulate_reference(np.array(arr, float), np.array(svc, float), servers, **kw)


def _heap_fcfs(arr: np.ndarray, svc: np.ndarray, c: int) -> np.ndarray:
    """Independent textbook FCFS c-server recursion (always open, no cap): start times."""
    free = [float(arr[0])] * c if arr.size else []
    start = np.empty(arr.size)
    for i, (a, s) in enumerate(zip(arr.tolist(), svc.tolist(), strict=True)):
        t = max(a, heapq.heappop(free))
        start[i] = t
        heapq.heappush(free, t + s)
    return start


# ---------------------------------------------------------------- always open, no cap


def test_single_server_lindley_hand_values() -> None:
    # Lindley: W_{n+1} = max(0, W_n + S_n − (A_{n+1} − A_n))
    # W = 0, max(0,0+2−1)=1, 1+2−1=2, 2+0.5−1=1.5, max(0,1.5+3−7)=0
    out = _sim([0, 1, 2, 3, 10], [2, 2, 0.5, 3, 1], 1)
    np.testing.assert_array_equal(out["wait_h"], [0, 1, 2, 1.5, 0])
    np.testing.assert_array_equal(out["start_h"], [0, 2, 4, 4.5, 10])
    np.testing.assert_array_equal(out["end_h"], [2, 4, 4.5, 7.5, 11])
    assert not out["reneged"].any()


def test_single_server_matches_lindley_recursion_random() -> None:
    rng = np.random.default_rng(7)
    arr = np.cumsum(rng.exponential(1.0, 2000))
    svc = rng.exponential(0.9, 2000)
    out = simulate_reference(arr, svc, 1)
    w = np.zeros(arr.size)
    for n in range(1, arr.size):
        w[n] = max(0.0, w[n - 1] + svc[n - 1] - (arr[n] - arr[n - 1]))
    np.testing.assert_allclose(out["wait_h"], w, rtol=0, atol=1e-9)


def test_two_servers_hand_example() -> None:
    # c0: 0–3 (A); c1: 0–1 (B); c2 waits for B: 1–3; c3 (arr 1) waits: A and B free at 3 → 3–4;
    # c4 arrives at 5 to idle scanners → 5–6.
    out = _sim([0, 0, 0, 1, 5], [3, 1, 2, 1, 1], 2)
    np.testing.assert_array_equal(out["start_h"], [0, 0, 1, 3, 5])
    np.testing.assert_array_equal(out["end_h"], [3, 1, 3, 4, 6])
    np.testing.assert_array_equal(out["wait_h"], [0, 0, 1, 2, 0])


@pytest.mark.parametrize("c", [1, 2, 3, 7])
def test_multi_server_equals_heap_recursion_exactly(c: int) -> None:
    rng = np.random.default_rng(100 + c)
    n = 3000
    arr = np.cumsum(rng.exponential(1.0 / (0.85 * c), n))
    arr[10:20] = arr[10]  # simultaneous arrivals keep index order
    svc = rng.exponential(1.0, n)
    out = simulate_reference(arr, svc, c)
    start = _heap_fcfs(arr, svc, c)
    np.testing.assert_array_equal(out["start_h"], start)
    np.testing.assert_array_equal(out["end_h"], start + svc)
    np.testing.assert_array_equal(out["wait_h"], start - arr)


# ---------------------------------------------------------------- hold cap


def test_hold_cap_hand_example_with_tie() -> None:
    # one scanner, 2 h scans, cap 3 h: c0 0–2, c1 2–4 (deadline 3 ok),
    # c2 (deadline 3) could only start at 4 → reneges at 3 and leaves the line,
    # c3 (arr 1, deadline 4) gets the scanner freed at exactly 4 → tie ⇒ starts.
    out = _sim([0, 0, 0, 1], [2, 2, 2, 2], 1, hold_cap_h=3.0)
    np.testing.assert_array_equal(out["reneged"], [False, False, True, False])
    np.testing.assert_array_equal(out["start_h"], [0, 2, NAN, 4])
    np.testing.assert_array_equal(out["end_h"], [2, 4, NAN, 6])
    np.testing.assert_array_equal(out["wait_h"], [0, 2, 3, 3])


def test_hold_cap_two_servers() -> None:
    # c=2, 5 h scans, cap 4 h: c0,c1 0–5; c2,c3 (deadline 4) renege; c4 (arr 2, deadline 6)
    # starts at 5; c5 (arr 2) starts at 5; c6 (arr 3, deadline 7) — scanners busy to 10 → renege.
    out = _sim([0, 0, 0, 0, 2, 2, 3], [5] * 7, 2, hold_cap_h=4.0)
    np.testing.assert_array_equal(out["reneged"], [0, 0, 1, 1, 0, 0, 1])
    np.testing.assert_array_equal(out["start_h"], [0, 0, NAN, NAN, 5, 5, NAN])
    np.testing.assert_array_equal(out["wait_h"], [0, 0, 4, 4, 3, 3, 4])


def test_hold_cap_zero_only_idle_scanner() -> None:
    out = _sim([0, 0, 1, 1], [1, 1, 1, 1], 1, hold_cap_h=0.0)
    # c1 reneges at 0; c2 arrives at 1 when the scanner frees at 1 → tie ⇒ starts; c3 reneges
    np.testing.assert_array_equal(out["reneged"], [False, True, False, True])
    np.testing.assert_array_equal(out["start_h"], [0, NAN, 1, NAN])


def test_infinite_cap_never_reneges() -> None:
    out = _sim([0] * 5, [10] * 5, 1)
    assert not out["reneged"].any()
    np.testing.assert_array_equal(out["start_h"], [0, 10, 20, 30, 40])


# ---------------------------------------------------------------- working hours


@pytest.mark.parametrize(
    ("t", "expected"),
    [
        (23.0, 30.0),  # 23:00 → 06:00 next day
        (22.0, 30.0),  # window is closed at its right end
        (21.5, 21.5),
        (6.0, 6.0),
        (5.5, 6.0),
        (0.0, 6.0),
        (24.0 * 9 + 23.0, 24.0 * 10 + 6.0),
        (-1.0, 6.0),
    ],
)
def test_next_open_h(t: float, expected: float) -> None:
    assert next_open_h(t, **WIN) == expected


def test_next_open_h_overnight_window_and_always_open() -> None:
    # window 20:00–06:00
    assert next_open_h(3.0, 10.0, 20.0) == 3.0
    assert next_open_h(7.0, 10.0, 20.0) == 20.0
    assert next_open_h(123.456, 24.0, 6.0) == 123.456


def test_arrival_after_closing_starts_next_morning() -> None:
    # 21:59 starts immediately and its scan runs past 22:00; 23:00 waits for 06:00
    t_2159 = 21.0 + 59.0 / 60.0
    out = _sim([t_2159, 23.0], [0.5, 1.0], 2, **WIN)
    np.testing.assert_array_equal(out["start_h"], [t_2159, 30.0])
    np.testing.assert_array_equal(out["end_h"], [t_2159 + 0.5, 31.0])
    assert out["end_h"][0] > 22.0
    np.testing.assert_array_equal(out["wait_h"], [0.0, 7.0])


def test_scanner_freed_after_closing_waits_for_opening() -> None:
    # one scanner: c0 21:30–22:30; c1 (arr 21:45) gets the scanner at 22:30 (closed) → 06:00
    out = _sim([21.5, 21.75, 29.0], [1.0, 1.0, 0.5], 1, **WIN)
    np.testing.assert_array_equal(out["start_h"], [21.5, 30.0, 31.0])
    np.testing.assert_array_equal(out["end_h"], [22.5, 31.0, 31.5])


def test_opening_starts_all_waiting_scanners_fcfs() -> None:
    out = _sim([22.0, 23.0, 23.5, 24.0], [2.0, 2.0, 2.0, 2.0], 2, **WIN)
    np.testing.assert_array_equal(out["start_h"], [30.0, 30.0, 32.0, 32.0])


def test_hold_cap_with_working_hours() -> None:
    # cap 5 h, window 06–22, single scanner.
    # c0 arrives 20:00, scanner idle, open → starts immediately.
    # c1 arrives 23:00 (day 0): holds the idle scanner, opening 30 > deadline 28 → reneges 04:00.
    # c2 arrives 27 (03:00, deadline 32): queued behind c1, gets the scanner at 28, starts at 30.
    out = _sim([20.0, 23.0, 27.0], [1.0, 1.0, 1.0], 1, hold_cap_h=5.0, **WIN)
    np.testing.assert_array_equal(out["reneged"], [False, True, False])
    np.testing.assert_array_equal(out["start_h"], [20.0, NAN, 30.0])
    np.testing.assert_array_equal(out["wait_h"], [0.0, 5.0, 3.0])


def test_hold_cap_tie_with_opening_starts() -> None:
    # arrives 01:00 with cap 5 h → deadline 06:00 == opening ⇒ starts (tie rule)
    out = _sim([1.0, 1.5], [1.0, 1.0], 2, hold_cap_h=5.0, **WIN)
    np.testing.assert_array_equal(out["reneged"], [False, False])
    np.testing.assert_array_equal(out["start_h"], [6.0, 6.0])
    out = _sim([1.0], [1.0], 1, hold_cap_h=4.999, **WIN)
    assert out["reneged"].tolist() == [True]


def test_empty_and_invalid_inputs() -> None:
    out = _sim([], [], 3)
    assert all(v.size == 0 for v in out.values())
    with pytest.raises(ValueError):
        _sim([1.0, 0.5], [1.0, 1.0], 1)
    with pytest.raises(ValueError):
        _sim([0.0], [-1.0], 1)
    with pytest.raises(ValueError):
        _sim([0.0], [1.0], 0)
    with pytest.raises(ValueError):
        _sim([0.0, 1.0], [1.0], 1)


# ---------------------------------------------------------------- statistical


def _batch_mean_ci(x: np.ndarray, n_batches: int = 20) -> tuple[float, float]:
    """Grand mean and batch-means standard error."""
    means = np.array([b.mean() for b in np.array_split(x, n_batches)])
    return float(means.mean()), float(means.std(ddof=1) / math.sqrt(n_batches))


@pytest.mark.slow
def test_mm2_mean_wait_matches_erlang_c() -> None:
    lam, mu, c, n = 1.4, 1.0, 2, 200_000  # ρ = 0.7
    rng = np.random.default_rng(20240611)
    arr = np.cumsum(rng.exponential(1.0 / lam, n))
    svc = rng.exponential(1.0 / mu, n)
    out = simulate_reference(arr, svc, c)
    mean, se = _batch_mean_ci(out["wait_h"])
    expected = mmc_mean_wait(lam, mu, c)
    assert abs(mean - expected) < 3.0 * se, (mean, expected, se)
    assert se < 0.05 * expected  # the check is not vacuous


@pytest.mark.slow
def test_md2_mean_wait_matches_crommelin() -> None:
    lam, d, c, n = 1.6, 1.0, 2, 100_000  # ρ = 0.8
    rng = np.random.default_rng(5)
    arr = np.cumsum(rng.exponential(1.0 / lam, n))
    out = simulate_reference(arr, np.full(n, d), c)
    mean, se = _batch_mean_ci(out["wait_h"])
    expected = mdc_mean_wait(lam, d, c)
    assert abs(mean - expected) < 3.0 * se, (mean, expected, se)
    assert se < 0.05 * expected
