"""Perceived interdiction risk, learned from observed outcomes with memory and discounting.

Each organisation holds, for every (European port, concealment method) and for every origin, a
Beta belief about the probability that a shipment there is seized. Observations are weighted
counts that decay exponentially with time constant τ (``traffickers.learning.memory_days``):

    seized(t) = Σ_i w_i · exp(−(t − t_i)/τ) · [shipment i seized],   passed(t) likewise,
    perceived risk = (a₀ + seized) / (a₀ + b₀ + seized + passed),

with prior a₀ = r₀·n₀, b₀ = (1 − r₀)·n₀ (prior mean r₀, strength n₀ pseudo-observations). Its own
shipments count with weight 1 when their outcome happens; other organisations' outcomes reach it
with weight ``news_weight`` after ``news_delay_days`` (seizures through public news, deliveries
through the criminal market). Old evidence fades, so beliefs track a changing policy.

Source of the approach: Magliocca et al. (2019), "Modeling cocaine traffickers and counterdrug
interdiction forces as a complex adaptive system", PNAS 116(16) (NarcoLogic): traffickers update
route risk from interdiction events with time-discounted memory. The Beta–Bernoulli form with
exponential forgetting is our own concrete choice of that idea.
"""

from __future__ import annotations

import math
from typing import TypeVar

import numpy as np

Counts = TypeVar("Counts", float, np.ndarray)


def beta_mean(a: float, strength: float, seized: Counts, passed: Counts) -> Counts:
    """Posterior mean (a + seized) / (strength + seized + passed) of a Beta belief.

    ``a`` is the prior's seized pseudo-count and ``strength`` its total (a₀ + b₀); the counts may
    be scalars or numpy arrays.
    """
    return (a + seized) / (strength + seized + passed)


class DiscountedCounts:
    """Weighted seized / passed counts on an array of cells, decaying with time constant τ.

    Stored scaled by exp((t − t_ref)/τ), so recording an outcome is one scalar update and the
    discount is applied once, when the counts are read: count(t) = stored · exp(−(t − t_ref)/τ).
    The reference time moves forward (rescaling the stored values) long before the scale factor
    could overflow.
    """

    _REBASE = 50.0  # rescale when (t − t_ref)/τ exceeds this (e^50 ≈ 5e21)

    def __init__(self, shape: tuple[int, ...], memory_h: float) -> None:
        self._seized = np.zeros(shape)
        self._passed = np.zeros(shape)
        self._memory_h = memory_h
        self._ref = 0.0

    def _scale(self, t: float) -> float:
        x = (t - self._ref) / self._memory_h
        if x > self._REBASE:
            factor = math.exp(-x)
            self._seized *= factor
            self._passed *= factor
            self._ref = t
            x = 0.0
        return math.exp(x)

    def add(self, t: float, cell: int | tuple[int, ...], seized: bool, weight: float) -> None:
        """Record one outcome at time ``t`` in ``cell``."""
        scale = self._scale(t)  # first: it may rescale the stored arrays in place
        if seized:
            self._seized[cell] += weight * scale
        else:
            self._passed[cell] += weight * scale

    def add_weights(
        self, t: float, cell: int | tuple[int, ...], seized: object, passed: object
    ) -> None:
        """Add weighted pseudo-outcomes at time ``t`` to ``cell`` (a cell or a row of cells)."""
        scale = self._scale(t)
        self._seized[cell] += np.asarray(seized, dtype=float) * scale
        self._passed[cell] += np.asarray(passed, dtype=float) * scale

    def reset(self, cell: int | tuple[int, ...]) -> None:
        """Forget everything recorded in ``cell``."""
        self._seized[cell] = 0.0
        self._passed[cell] = 0.0

    def at(self, t: float) -> tuple[np.ndarray, np.ndarray]:
        """Discounted (seized, passed) counts at time ``t``."""
        discount = 1.0 / self._scale(t)
        return self._seized * discount, self._passed * discount


class RiskBeliefs:
    """An organisation's Beta beliefs on port×method risk and origin risk."""

    def __init__(
        self,
        n_ports: int,
        n_methods: int,
        n_origins: int,
        prior_risk: float,
        prior_strength: float,
        origin_prior_risk: float,
        memory_h: float,
    ) -> None:
        self.ports = DiscountedCounts((n_ports, n_methods), memory_h)
        self.origins = DiscountedCounts((n_origins,), memory_h)
        self._a = prior_risk * prior_strength
        self._n = self._a + (1.0 - prior_risk) * prior_strength  # a₀ + b₀
        self._oa = origin_prior_risk * prior_strength
        self._on = self._oa + (1.0 - origin_prior_risk) * prior_strength

    def port_risk(self, t: float) -> np.ndarray:
        """Perceived seizure probability per (port, method) at time ``t``."""
        seized, passed = self.ports.at(t)
        return beta_mean(self._a, self._n, seized, passed)

    def origin_risk(self, t: float) -> np.ndarray:
        """Perceived probability of a seizure before departure, per origin, at time ``t``."""
        seized, passed = self.origins.at(t)
        return beta_mean(self._oa, self._on, seized, passed)

    def observe_port(self, t: float, port: int, method: int, seized: bool, weight: float) -> None:
        """A shipment through ``port`` with ``method`` was seized there (or got through)."""
        self.ports.add(t, (port, method), seized, weight)

    def observe_origin(self, t: float, origin: int, seized: bool, weight: float) -> None:
        """A shipment from ``origin`` was seized before departure (or left)."""
        self.origins.add(t, origin, seized, weight)

    def announce_port(self, t: float, port: int, weight: float, risk_factor: float) -> None:
        """An announced policy at ``port``: see :meth:`_announce`."""
        self._announce(self.ports, port, self._a, self._n, t, weight, risk_factor)

    def announce_origin(self, t: float, origin: int, weight: float, risk_factor: float) -> None:
        """An announced policy at ``origin``: see :meth:`_announce`."""
        self._announce(self.origins, origin, self._oa, self._on, t, weight, risk_factor)

    @staticmethod
    def _announce(
        counts: DiscountedCounts,
        cell: int,
        a: float,
        n: float,
        t: float,
        weight: float,
        risk_factor: float,
    ) -> None:
        """Treat an announcement as evidence: ``weight`` × the evidence held on the place (its
        discounted outcomes plus the prior's pseudo-observations) at ``risk_factor`` × the risk
        perceived there now (at most 1). It fades with the memory like any outcome."""
        seized, passed = counts.at(t)
        s, p = seized[cell], passed[cell]
        mass = weight * (n + s + p)
        risk = np.minimum(1.0, risk_factor * beta_mean(a, n, s, p))
        counts.add_weights(t, cell, mass * risk, mass * (1.0 - risk))
