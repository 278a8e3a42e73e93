"""Closed-form and exact-numerical queueing results used as test oracles.

Pure Python / NumPy (no SciPy).  Every function states its formula and source in
its docstring.  Notation throughout: λ arrival rate, μ service rate of one server,
c number of servers, a = λ/μ offered load (Erlangs), ρ = a/c utilisation,
d deterministic service time, Wq mean waiting time in queue (excluding service),
Lq mean number waiting.  All queues are stationary and FCFS.

References
----------
- Erlang B/C: Gross, Shortle, Thompson & Harris, *Fundamentals of Queueing Theory*,
  4th ed. (Wiley, 2008), §2.3 (M/M/c) and §2.6 (M/M/c/c, Erlang B recursion).
- Pollaczek–Khinchine: Kleinrock, *Queueing Systems Vol. 1* (Wiley, 1975), §5.6.
- M/D/c: Crommelin, "Delay probability formulae when the holding times are
  constant", *Post Office Electrical Engineers' Journal* 25 (1932) 41–50; Tijms,
  *A First Course in Stochastic Models* (Wiley, 2003), Ch. 9 (M/D/c queue);
  Franx, "A simple solution for the M/D/c waiting time distribution",
  *Operations Research Letters* 29 (2001) 221–229.
- Spitzer's identity: Asmussen, *Applied Probability and Queues*, 2nd ed.
  (Springer, 2003), Ch. VIII.
- Cosmetatos, "Approximate explicit formulae for the average queueing time in the
  processes (M/D/r) and (D/M/r)", *INFOR* 13 (1975) 328–331.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = [
    "cosmetatos_mdc_mean_wait",
    "erlang_b",
    "erlang_c",
    "littles_law_L",
    "md1_mean_wait",
    "mdc_mean_wait",
    "mdc_mean_wait_spitzer",
    "mm1_mean_wait",
    "mmc_mean_wait",
    "mmc_wait_variance",
]


def _check_stable(a: float, c: int) -> None:
    if not isinstance(c, (int, np.integer)) or c < 1:
        raise ValueError(f"number of servers must be a positive integer, got {c!r}")
    if not (a >= 0.0 and math.isfinite(a)):
        raise ValueError(f"offered load must be finite and >= 0, got {a!r}")
    if a >= c:
        raise ValueError(f"unstable queue: offered load a={a} >= c={c} servers")


def erlang_b(c: int, a: float) -> float:
    """Erlang B blocking probability B(c, a) of the M/M/c/c loss system.

    Computed with the numerically stable recursion

    .. math:: B(0, a) = 1,\\qquad B(k, a) = \\frac{a B(k-1, a)}{k + a B(k-1, a)},

    which avoids the factorials and powers of the direct formula
    B = (a^c/c!) / Σ_{k=0}^{c} a^k/k!.

    Parameters
    ----------
    c : int
        Number of servers (>= 0).
    a : float
        Offered load λ/μ in Erlangs (>= 0).

    Returns
    -------
    float
        Blocking probability in [0, 1].

    References
    ----------
    Gross, Shortle, Thompson & Harris, *Fundamentals of Queueing Theory*, 4th ed.,
    §2.6 (Erlang's loss formula and its recursion).
    """
    if c < 0 or a < 0:
        raise ValueError("c and a must be non-negative")
    b = 1.0
    for k in range(1, int(c) + 1):
        b = a * b / (k + a * b)
    return b


def erlang_c(c: int, a: float) -> float:
    """Erlang C: probability that an arrival has to wait in M/M/c.

    Obtained from the Erlang B value (see :func:`erlang_b`) via

    .. math:: C(c, a) = \\frac{c\\,B(c, a)}{c - a\\,(1 - B(c, a))},

    which is algebraically identical to the textbook expression
    C = [a^c/(c!(1-ρ))] / [Σ_{k<c} a^k/k! + a^c/(c!(1-ρ))] with ρ = a/c.

    Parameters
    ----------
    c : int
        Number of servers (>= 1).
    a : float
        Offered load λ/μ in Erlangs; must satisfy 0 <= a < c.

    Returns
    -------
    float
        Probability of waiting, in [0, 1).

    Raises
    ------
    ValueError
        If c < 1 or a >= c (unstable system).

    References
    ----------
    Gross, Shortle, Thompson & Harris, *Fundamentals of Queueing Theory*, 4th ed.,
    §2.3 (M/M/c), relation between Erlang B and Erlang C.
    """
    _check_stable(a, c)
    b = erlang_b(c, a)
    return c * b / (c - a * (1.0 - b))


def mmc_mean_wait(lam: float, mu: float, c: int) -> float:
    """Mean waiting time in queue of the M/M/c FCFS queue.

    .. math:: W_q = \\frac{C(c, a)}{c\\mu - \\lambda},\\qquad a = \\lambda/\\mu.

    Parameters
    ----------
    lam : float
        Arrival rate λ.
    mu : float
        Service rate μ of a single server.
    c : int
        Number of servers.

    Returns
    -------
    float
        Wq, in the time unit of 1/λ.

    References
    ----------
    Gross, Shortle, Thompson & Harris, *Fundamentals of Queueing Theory*, 4th ed., §2.3.
    """
    if mu <= 0:
        raise ValueError("mu must be positive")
    a = lam / mu
    return erlang_c(c, a) / (c * mu - lam)


def mm1_mean_wait(lam: float, mu: float) -> float:
    """Mean waiting time in queue of M/M/1: Wq = ρ/(μ − λ), ρ = λ/μ.

    Parameters
    ----------
    lam : float
        Arrival rate λ (< μ).
    mu : float
        Service rate μ.

    Returns
    -------
    float
        Wq.

    References
    ----------
    Kleinrock, *Queueing Systems Vol. 1*, §3.2.
    """
    _check_stable(lam / mu, 1)
    return (lam / mu) / (mu - lam)


def mmc_wait_variance(lam: float, mu: float, c: int) -> float:
    """Variance of the waiting time in queue of the M/M/c FCFS queue.

    An arriving customer waits 0 with probability 1 − C and, with probability C,
    an Exp(cμ − λ) time (C = Erlang C).  Hence E[Wq] = C/θ, E[Wq²] = 2C/θ² with
    θ = cμ − λ, and

    .. math:: \\operatorname{Var}(W_q) = \\frac{C(2 - C)}{(c\\mu - \\lambda)^2}.

    Parameters
    ----------
    lam : float
        Arrival rate λ.
    mu : float
        Service rate μ of a single server.
    c : int
        Number of servers.

    Returns
    -------
    float
        Var(Wq).

    References
    ----------
    Gross, Shortle, Thompson & Harris, *Fundamentals of Queueing Theory*, 4th ed.,
    §2.3 (waiting-time distribution of M/M/c).
    """
    if mu <= 0:
        raise ValueError("mu must be positive")
    cw = erlang_c(c, lam / mu)
    theta = c * mu - lam
    return cw * (2.0 - cw) / theta**2


def md1_mean_wait(lam: float, d: float) -> float:
    """Mean waiting time in queue of M/D/1 (Pollaczek–Khinchine).

    For M/G/1, Wq = λ E[S²] / (2(1 − ρ)); with S ≡ d this is

    .. math:: W_q = \\frac{\\rho\\, d}{2(1 - \\rho)},\\qquad \\rho = \\lambda d.

    Parameters
    ----------
    lam : float
        Arrival rate λ.
    d : float
        Deterministic service time (> 0), λd < 1.

    Returns
    -------
    float
        Wq.

    References
    ----------
    Kleinrock, *Queueing Systems Vol. 1*, §5.6 (Pollaczek–Khinchine mean-value formula).
    """
    if d <= 0:
        raise ValueError("d must be positive")
    rho = lam * d
    _check_stable(rho, 1)
    return rho * d / (2.0 * (1.0 - rho))


def _mdc_roots(a: float, c: int, tol: float) -> np.ndarray:
    """Roots z_1..z_{c-1} ≠ 1 of z^c = exp(a(z − 1)) in the closed unit disc.

    For each c-th root of unity w_k = exp(2πik/c), k = 1..c-1, the equation
    z = φ_k(z) := w_k exp(ρ(z − 1)) (ρ = a/c) has exactly one solution in the
    closed unit disc: |φ_k(z)| = exp(ρ(Re z − 1)) <= 1 maps the disc into itself
    and |φ_k'(z)| = ρ|φ_k(z)| <= ρ < 1 there, so φ_k is a contraction (Banach).
    Every solution satisfies z^c = exp(a(z − 1)); they are distinct (different w_k)
    and differ from 1.  We run Newton on h(z) = z − φ_k(z) (h' = 1 − ρφ_k, bounded
    away from 0 on the disc) and fall back to a contraction step whenever a Newton
    step would leave the disc.
    """
    rho = a / c
    w = np.exp(2j * np.pi * np.arange(1, c) / c)
    z = np.zeros(c - 1, dtype=complex)
    for _ in range(10_000):
        phi = w * np.exp(rho * (z - 1.0))
        newton = z - (z - phi) / (1.0 - rho * phi)
        z_new = np.where(np.abs(newton) <= 1.0, newton, phi)
        step = np.max(np.abs(z_new - z)) if z.size else 0.0
        z = z_new
        if step <= tol:
            break
    else:  # pragma: no cover - Newton converges in a handful of steps
        raise RuntimeError("M/D/c root iteration did not converge")
    resid = np.abs(z - w * np.exp(rho * (z - 1.0)))
    if z.size and np.max(resid) > 1e3 * tol:  # pragma: no cover
        raise RuntimeError("M/D/c roots inaccurate")
    return z


def mdc_mean_wait(lam: float, d: float, c: int, tol: float = 1e-12) -> float:
    """Exact mean waiting time in queue of the M/D/c FCFS queue (Crommelin, 1932).

    Derivation
    ----------
    Let Q(t) be the number in system.  With deterministic service d, a customer is
    still present at t + d iff its service starts after t.  The customers that have
    not started service at time t are the max(Q(t) − c, 0) waiting at t (all c
    servers are busy whenever someone waits) plus the A arrivals in (t, t + d]:

    .. math:: Q(t + d) = \\max(Q(t) - c, 0) + A,\\qquad A \\sim \\text{Poisson}(a),
              \\ a = \\lambda d,

    with A independent of Q(t).  So Q_n = Q(t_0 + nd) is a Markov chain whose
    stationary law is the time-stationary law {p_j} of Q.  Taking probability
    generating functions, P(z) = E z^Q, A(z) = exp(a(z − 1)):

    .. math:: P(z)\\,(z^c - A(z)) = A(z) \\sum_{j=0}^{c-1} p_j (z^c - z^j).

    P is analytic in |z| < 1 and continuous on |z| <= 1, so the degree-c polynomial
    N(z) = Σ_{j<c} p_j (z^c − z^j) must vanish at z = 1 and at the c − 1 other roots
    z_1..z_{c-1} of z^c = A(z) in the unit disc (see ``_mdc_roots``); hence
    N(z) = K (z − 1) Π_k (z − z_k).  Normalising P(1) = 1 with L'Hôpital
    (d/dz (z^c − A(z)) at 1 equals c − a) gives K = (c − a) / Π_k (1 − z_k).
    Differentiating log P at z = 1 with g(z) = z^c − A(z), g'(1) = c − a,
    g''(1) = c(c − 1) − a²:

    .. math:: L = E[Q] = a + \\sum_{k=1}^{c-1} \\frac{1}{1 - z_k}
                  - \\frac{c(c-1) - a^2}{2(c - a)}.

    The mean number of busy servers is a, so Lq = L − a, and by Little's law

    .. math:: W_q = \\frac{L_q}{\\lambda} = \\frac{1}{\\lambda}\\Big[
                  \\sum_{k=1}^{c-1} \\frac{1}{1 - z_k}
                  + \\frac{a^2 - c(c-1)}{2(c - a)}\\Big].

    In light traffic with many servers the two terms in brackets cancel
    catastrophically; when the estimated relative rounding error exceeds 1e-9 the
    value is computed with :func:`mdc_mean_wait_spitzer` instead (same quantity,
    positive-term series that converges fast exactly in that regime).

    For c = 1 the root sum is empty and Wq = a²/(2λ(1 − a)) = ρd/(2(1 − ρ)), the
    Pollaczek–Khinchine value (:func:`md1_mean_wait`).  The roots come in complex
    conjugate pairs, so the sum is real.  An independent evaluation of the same
    quantity via Spitzer's identity is :func:`mdc_mean_wait_spitzer`.

    Parameters
    ----------
    lam : float
        Arrival rate λ.
    d : float
        Deterministic service time of every customer (> 0).
    c : int
        Number of identical servers (>= 1); requires ρ = λd/c < 1.
    tol : float, optional
        Absolute convergence tolerance of the root iteration.

    Returns
    -------
    float
        Wq, in the time unit of d.

    References
    ----------
    Crommelin (1932), Post Office Electr. Eng. J. 25, 41–50; Tijms, *A First Course
    in Stochastic Models* (2003), Ch. 9 (M/D/c queue); Franx (2001), Oper. Res.
    Lett. 29, 221–229.
    """
    if d <= 0:
        raise ValueError("d must be positive")
    a = lam * d
    _check_stable(a, c)
    if a == 0.0:
        return 0.0
    z = _mdc_roots(a, int(c), tol)
    root_sum = float(np.sum(1.0 / (1.0 - z)).real)
    second = (a * a - c * (c - 1)) / (2.0 * (c - a))
    lq = root_sum + second
    # The two terms are O(c) and cancel when Lq is tiny (light traffic, many
    # servers).  There the Spitzer series converges in a few terms and has no
    # cancellation (all terms positive), so use it instead.
    if 1e3 * np.finfo(float).eps * (abs(root_sum) + abs(second)) > 1e-9 * abs(lq):
        return mdc_mean_wait_spitzer(lam, d, c, tol=tol)
    return lq / lam


def mdc_mean_wait_spitzer(lam: float, d: float, c: int, tol: float = 1e-12) -> float:
    """M/D/c mean waiting time via Spitzer's identity (independent cross-check).

    With Y_n = max(Q(t_0 + nd) − c, 0) (number waiting at epochs d apart, see
    :func:`mdc_mean_wait`), Y_{n+1} = max(Y_n + A_n − c, 0): a Lindley recursion
    with i.i.d. increments A_n − c, A_n ~ Poisson(a).  Its stationary law is that of
    the all-time maximum of the random walk S_m = Σ_{i<=m}(A_i − c), and Spitzer's
    identity gives

    .. math:: L_q = E[Y] = \\sum_{m=1}^{\\infty} \\frac{1}{m}\\, E[(N_m - mc)^+]
              = \\sum_{m=1}^{\\infty} \\frac{1}{m} \\sum_{j > mc} (j - mc)
                e^{-ma} \\frac{(ma)^j}{j!},

    N_m ~ Poisson(ma) — the Poisson-tail series form of Crommelin's result.
    Wq = Lq/λ.  Terms decay like exp(−mI), I = c ln(c/a) − c + a (Chernoff), so
    the series is slow in heavy traffic; use it for moderate loads only.

    Parameters
    ----------
    lam : float
        Arrival rate λ.
    d : float
        Deterministic service time (> 0).
    c : int
        Number of servers; requires λd < c.
    tol : float, optional
        Relative truncation tolerance.

    Returns
    -------
    float
        Wq.

    References
    ----------
    Asmussen, *Applied Probability and Queues* (2003), Ch. VIII (Spitzer's identity);
    Tijms, *A First Course in Stochastic Models* (2003), Ch. 9 (M/D/c).
    """
    if d <= 0:
        raise ValueError("d must be positive")
    a = lam * d
    _check_stable(a, c)
    if a == 0.0:
        return 0.0
    rate = c * math.log(c / a) - c + a  # Chernoff exponent, > 0 when a < c
    ratio = math.exp(-rate)
    total = 0.0
    m = 0
    while True:
        m += 1
        mean = m * a
        k = m * c
        log_pk = -mean + k * math.log(mean) - math.lgamma(k + 1)
        # terms j = k+1, k+2, ...: p_j / p_k = prod_{l=1}^{j-k} mean/(k+l) <= ρ^(j-k)
        n_terms = math.ceil(math.log(tol * 1e-3) / math.log(a / c)) + 16
        idx = np.arange(1, n_terms + 1)
        rel = np.cumprod(mean / (k + idx))
        tail = math.exp(log_pk) * float(np.dot(idx, rel))
        term = tail / m
        total += term
        if m > 5 and term * ratio / (1.0 - ratio) <= tol * total:
            break
        if m > 10_000_000:  # pragma: no cover
            raise RuntimeError("Spitzer series did not converge")
    return total / lam


def cosmetatos_mdc_mean_wait(lam: float, d: float, c: int) -> float:
    """Cosmetatos (1975) approximation of the M/D/c mean waiting time.

    .. math:: W_q(M/D/c) \\approx \\tfrac12 W_q(M/M/c)\\Big[1 + (1-\\rho)(c-1)
              \\frac{\\sqrt{4 + 5c} - 2}{16\\,\\rho\\, c}\\Big],

    with W_q(M/M/c) evaluated at μ = 1/d and ρ = λd/c.  Exact for c = 1.

    Parameters
    ----------
    lam : float
        Arrival rate λ.
    d : float
        Deterministic service time.
    c : int
        Number of servers.

    Returns
    -------
    float
        Approximate Wq.

    References
    ----------
    Cosmetatos, INFOR 13 (1975) 328–331.
    """
    rho = lam * d / c
    wq_mmc = mmc_mean_wait(lam, 1.0 / d, c)
    corr = 1.0 + (1.0 - rho) * (c - 1) * (math.sqrt(4.0 + 5.0 * c) - 2.0) / (16.0 * rho * c)
    return 0.5 * wq_mmc * corr


def littles_law_L(lam: float, w: float) -> float:
    """Little's law L = λW (Little, Operations Research 9, 1961).

    Parameters
    ----------
    lam : float
        Arrival rate λ.
    w : float
        Mean time W in the (sub)system.

    Returns
    -------
    float
        Mean number in the (sub)system.
    """
    return lam * w
