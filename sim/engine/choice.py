"""Route choice: expected profit of every (origin, route, method) option and a quantal response.

The destinations ("routes") are the 12 modelled ports followed by the routes outside them
(:data:`~sim.params.OUTSIDE_ROUTE_KEYS`). For a shipment of typical load L_p on route p (load
size belongs to the route: see :mod:`sim.engine.trafficking`) the expected profit of option
(o, p, m), divided by the cargo value V·L_p, is

    u = S·k_pm − (ρ/2)·S·(1 − S)·k_pm² − (c_src + c_log + c_p + c_m)/V − (C_pm + K_p + K_o)/(V·L_p),
    S = (1 − r_o)·(1 − r_pm)   (perceived probability that the load gets through),

with V the European wholesale value (€/kg, the market's current price), k_pm = 1 − f_p·[m uses
insiders] the share of the value kept after the insiders' fee f_p at port p, ρ the risk aversion
(mean–variance on the share of value that gets through: a Bernoulli outcome has variance
S(1 − S)), c_src the source price, c_log other logistics per kg, c_p a per-route cost per kg
(calibrated constants for the ports — liner connections, criminal infrastructure the model omits,
the alternative-specific constants of discrete-choice calibration; the route's own extra cost for
an outside route), c_m the method's own cost per kg (chemical incorporation: re-extraction in a
European laboratory and its yield loss, an assumption in ``configs/traffickers/adaptive.yaml``;
on every route where the method exists), C_pm the fixed cost of the concealment method (plus the
route's fixed cost; on an at-sea route only the route's fixed cost: one method label stands for
the vessel), and K_p, K_o switching costs for a route or origin outside the organisation's
established network.

An option that is closed (a route over its yearly capacity, a disabled route, a method that does
not exist on a route, a method over its yearly capacity) has utility −inf, hence probability
zero. The organisation picks option i with the logit (quantal-response) probability

    P_i = exp(λ u_i) / Σ_j exp(λ u_j)   over the open options,

λ = ``traffickers.rationality``: λ → 0 chooses uniformly at random, large λ best-responds
(McKelvey & Palfrey 1995, "Quantal response equilibria for normal form games").
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class RouteSpace:
    """The options: origins × routes (12 ports, then outside routes) × methods, flattened."""

    origins: tuple[str, ...]
    ports: tuple[str, ...]  # every destination: the modelled ports, then the outside routes
    methods: tuple[str, ...]
    n_container_ports: int = -1  # how many of ``ports`` are modelled ports (-1: all)

    @property
    def size(self) -> int:
        """Number of options."""
        return len(self.origins) * len(self.ports) * len(self.methods)

    @property
    def outside(self) -> tuple[str, ...]:
        """The routes outside the modelled ports."""
        n = len(self.ports) if self.n_container_ports < 0 else self.n_container_ports
        return self.ports[n:]

    def unravel(self, index: int) -> tuple[int, int, int]:
        """(origin, route, method) indices of a flat option index."""
        o, rest = divmod(index, len(self.ports) * len(self.methods))
        p, m = divmod(rest, len(self.methods))
        return o, p, m


@dataclass(frozen=True)
class RouteCosts:
    """Everything in expected profit except perceived risks, prices and switching costs."""

    wholesale_eur_per_kg: float  # reference price (the market moves it)
    per_kg_cost_eur: float  # source price + logistics
    port_cost_eur_per_kg: np.ndarray  # (P,) per-route constants
    method_cost_eur: np.ndarray  # (P, M) fixed cost of one load by route and method
    uses_insiders: np.ndarray  # (P, M) bool: the insiders' fee applies
    allowed: np.ndarray  # (P, M) bool: the method exists on the route
    method_cost_eur_per_kg: np.ndarray  # (M,) per-kg cost of each method where it is allowed
    origin_cost_eur_per_kg: np.ndarray  # (O,) per-kg cost of each origin (a transit leg)
    risk_aversion: float = 0.0


def cost_terms(
    costs: RouteCosts,
    load_kg: np.ndarray | float,
    insider_fee_share: np.ndarray,
    port_switching_eur: np.ndarray,
    origin_switching_eur: np.ndarray,
    wholesale_eur_per_kg: float | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The parts of expected profit that do not depend on perceived risk.

    ``load_kg`` is the typical load per route, shape (P,) (or one number for every route);
    ``insider_fee_share`` one per route (0 on outside routes). Returns ``keep`` (P, M): the share
    of the value kept after the insiders' fee, and ``penalty`` (O, P, M): all other costs over
    the cargo value V·L_p — per kg (c_src + c_log + c_p, plus the method's own c_m where the
    method exists on the route and the origin's own c_o) over V, and per load (C_pm + K_p + K_o)
    over V·L_p.
    """
    price = costs.wholesale_eur_per_kg if wholesale_eur_per_kg is None else wholesale_eur_per_kg
    loads = np.broadcast_to(np.asarray(load_kg, dtype=float), costs.port_cost_eur_per_kg.shape)
    value = price * loads  # (P,)
    keep = 1.0 - insider_fee_share[:, None] * costs.uses_insiders
    method_per_kg = np.where(costs.allowed, costs.method_cost_eur_per_kg[None, :], 0.0)
    per_kg = (
        costs.per_kg_cost_eur + costs.port_cost_eur_per_kg[:, None] + method_per_kg
    ) / price  # (P, M)
    by_origin = costs.origin_cost_eur_per_kg[:, None, None] / price  # (O, 1, 1)
    fixed = (
        costs.method_cost_eur[None, :, :]
        + port_switching_eur[None, :, None]
        + origin_switching_eur[:, None, None]
    ) / value[None, :, None]
    return keep, per_kg[None, :, :] + by_origin + fixed


def route_utilities(
    port_risk: np.ndarray,
    origin_risk: np.ndarray,
    keep: np.ndarray,
    penalty: np.ndarray,
    risk_aversion: float = 0.0,
) -> np.ndarray:
    """Expected profit over cargo value minus the risk premium, shape (origins, routes, methods)."""
    success = (1.0 - origin_risk)[:, None, None] * (1.0 - port_risk)[None, :, :]
    utility = success * keep[None, :, :] - penalty
    if risk_aversion > 0.0:
        utility -= 0.5 * risk_aversion * success * (1.0 - success) * (keep * keep)[None, :, :]
    return utility


def choice_probabilities(utilities: np.ndarray, rationality: float) -> np.ndarray:
    """Logit probabilities of the flattened options (λ = ``rationality`` ≥ 0).

    Closed options carry utility −inf and get probability 0.
    """
    weights = choice_weights(utilities, rationality)
    return weights / weights.sum()


def choice_weights(utilities: np.ndarray, rationality: float) -> np.ndarray:
    """Unnormalised logit weights exp(λ(u − max u)) of the flattened options; closed (−inf) 0.

    With λ = 0 every open option weighs 1.
    """
    u = utilities.ravel()
    if rationality <= 0.0:
        return np.isfinite(u).astype(float)
    z = rationality * u
    return np.exp(z - z.max())


def inclusive_value(utilities: np.ndarray, rationality: float) -> float:
    """Expected maximum utility of a logit chooser: (1/λ)·log Σ exp(λ u) (the "logsum").

    Closed options (−inf) add nothing. With λ = 0 the chooser is indifferent and the mean
    utility of the open options is returned.
    """
    u = utilities.ravel()
    if rationality <= 0.0:
        return float(u[np.isfinite(u)].mean())
    z = rationality * u
    top = float(z.max())
    return (top + math.log(float(np.exp(z - top).sum()))) / rationality


def closed_to_minus_inf(
    open_routes: np.ndarray, allowed: np.ndarray, open_methods: np.ndarray | None = None
) -> np.ndarray:
    """(P, M) additive mask: 0 for an open option, −inf for a closed one.

    An option is open when its route is open (``open_routes``, (P,)), the method exists on the
    route (``allowed``, (P, M)) and the method is under its yearly capacity (``open_methods``,
    (M,); None: every method open). If the method caps would close every option (possible only
    when every method has a cap and all are full), they are ignored: the options open on the
    routes stay open, so a chooser always has an option — organisations keep their target volume.
    The modelled ports are always open and allow every method, so without method caps an option
    always exists; an empty mask even then is a bug and raises.
    """
    on_routes = open_routes[:, None] & allowed
    if not on_routes.any():
        raise ValueError("no option is open on any route (the modelled ports are always open)")
    mask = on_routes if open_methods is None else on_routes & open_methods[None, :]
    if not mask.any():
        mask = on_routes
    return np.where(mask, 0.0, -np.inf)
