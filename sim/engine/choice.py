"""Route choice: expected profit of every (origin, port, method) option and a quantal response.

For a shipment of typical load L (kg) the expected profit of option (o, p, m) is

    π = V·L·S − (c_src + c_log + c_p)·L − f_p·V·L·S·[m uses insiders] − C_m − K_p − K_o,
    S = (1 − r_o)·(1 − r_pm)   (perceived probability that the load gets through),

with V the European wholesale value (€/kg), c_src the source price, c_log other logistics per kg,
c_p a per-port cost (calibrated constants standing for what the model does not represent —
liner connections, criminal infrastructure — the alternative-specific constants of discrete-choice
calibration; negative values make a port cheaper),
f_p the insiders' share of the value at port p (paid on a successful extraction), C_m the fixed
cost of the concealment method, and K_p, K_o switching costs for a port or origin outside the
organisation's established network. The issue-3 formula; prices in ``configs/traffickers``.

Utilities are profits divided by the cargo value V·L (dimensionless), and the organisation picks
option i with the logit (quantal-response) probability

    P_i = exp(λ u_i) / Σ_j exp(λ u_j),

λ = ``traffickers.rationality``: λ → 0 chooses uniformly at random, large λ best-responds
(McKelvey & Palfrey 1995, "Quantal response equilibria for normal form games").
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class RouteSpace:
    """The options: origins × ports × methods, flattened in that order."""

    origins: tuple[str, ...]
    ports: tuple[str, ...]
    methods: tuple[str, ...]

    @property
    def size(self) -> int:
        """Number of options."""
        return len(self.origins) * len(self.ports) * len(self.methods)

    def unravel(self, index: int) -> tuple[int, int, int]:
        """(origin, port, method) indices of a flat option index."""
        o, rest = divmod(index, len(self.ports) * len(self.methods))
        p, m = divmod(rest, len(self.methods))
        return o, p, m


@dataclass(frozen=True)
class RouteCosts:
    """Everything in expected profit except the perceived risks and switching costs."""

    wholesale_eur_per_kg: float
    per_kg_cost_eur: float  # source price + logistics
    port_cost_eur_per_kg: np.ndarray  # (P,) calibrated per-port constants
    method_cost_eur: np.ndarray  # (M,)
    uses_insiders: np.ndarray  # (M,) bool


def cost_terms(
    costs: RouteCosts,
    load_kg: float,
    insider_fee_share: np.ndarray,
    port_switching_eur: np.ndarray,
    origin_switching_eur: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """The parts of expected profit that do not depend on perceived risk.

    Returns ``keep`` (ports, methods): the share of the value kept after the insiders' fee, and
    ``penalty`` (origins, ports, methods): all other costs divided by the cargo value V·L.
    """
    value = costs.wholesale_eur_per_kg * load_kg
    keep = 1.0 - insider_fee_share[:, None] * costs.uses_insiders[None, :]
    per_kg = (costs.per_kg_cost_eur + costs.port_cost_eur_per_kg) / costs.wholesale_eur_per_kg
    fixed = (
        costs.method_cost_eur[None, None, :]
        + port_switching_eur[None, :, None]
        + origin_switching_eur[:, None, None]
    )
    return keep, per_kg[None, :, None] + fixed / value


def route_utilities(
    port_risk: np.ndarray, origin_risk: np.ndarray, keep: np.ndarray, penalty: np.ndarray
) -> np.ndarray:
    """Expected profit over cargo value, shape (origins, ports, methods)."""
    return (1.0 - origin_risk)[:, None, None] * ((1.0 - port_risk) * keep)[None, :, :] - penalty


def choice_probabilities(utilities: np.ndarray, rationality: float) -> np.ndarray:
    """Logit probabilities of the flattened options (λ = ``rationality`` ≥ 0)."""
    weights = choice_weights(utilities, rationality)
    return weights / weights.sum()


def choice_weights(utilities: np.ndarray, rationality: float) -> np.ndarray:
    """Unnormalised logit weights exp(λ(u − max u)) of the flattened options."""
    z = rationality * utilities.ravel()
    return np.exp(z - z.max())
