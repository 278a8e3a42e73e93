"""The cocaine market the organisations share: supply by year, the wholesale price, route capacity.

Modelling assumptions (values and sources in ``configs/traffickers/adaptive.yaml``):

* **Supply.** ``traffickers.annual_volume_t`` is the flow towards Europe in
  ``supply.reference_year``; in year y it is scaled by (production_y / production_ref)^e, e =
  ``supply.production_elasticity``, with world production from the UNODC World Drug Reports.
  A year after the last record keeps the last record, a year before the first the first (the
  assumption is printed in the configuration reference, never silent).
* **Price.** Every ``market.update_days`` the wholesale price is set from the kg delivered to
  Europe over the last 365 days, D, against the kg that would be delivered at the reference
  share, D₀ = reference_share_delivered × (the year's flow):
  price = wholesale_eur_per_kg · (D / D₀)^(−1/ε), ε = ``market.demand_elasticity``, bounded by
  ``price_floor_factor`` and ``price_cap_factor``. Before a full year of deliveries has been seen
  the price stays at the reference. A constant-elasticity inverse demand: scarcity raises the
  price, abundance lowers it.
* **Capacity.** An outside route carries at most ``capacity_t_per_year`` in a calendar year (kg
  counted when the load is committed to the route); once full it is closed to new loads until
  the next 1 January.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from sim.clock import HOURS_PER_YEAR
from sim.params import TraffickerParams


def yearly_value(series: dict[str, float], year: int) -> float:
    """A yearly series' value in ``year`` (production, a rate): its record, else the nearest
    earlier one (or the first)."""
    years = sorted(int(y) for y in series)
    earlier = [y for y in years if y <= year]
    return series[str(earlier[-1] if earlier else years[0])]


class Market:
    """Supply factor, price path and outside-route capacity of one replication."""

    def __init__(
        self,
        params: TraffickerParams,
        route_keys: tuple[str, ...],
        n_container_ports: int,
        year_at: Callable[[float], int],
        insider_fees: Callable[[], np.ndarray],
    ) -> None:
        self._params = params
        self._year_at = year_at
        self._port_fees = insider_fees
        self.reference_eur_per_kg = params.economics.wholesale_eur_per_kg
        self.price_eur_per_kg = self.reference_eur_per_kg
        self.price_path: list[tuple[float, float]] = [(0.0, self.price_eur_per_kg)]
        self._n_ports = n_container_ports
        self._outside = route_keys[n_container_ports:]
        self._capacity_kg = np.array(
            [params.routes[r].capacity_t_per_year * 1000.0 for r in self._outside]
        )
        self._enabled = np.array([params.routes[r].enabled for r in self._outside], dtype=bool)
        self._used_kg: dict[int, np.ndarray] = {}
        self._open = np.ones(len(route_keys), dtype=bool)
        self._open_year = -1
        self._deliveries_h: list[float] = []
        self._deliveries_kg: list[float] = []
        self._factors: dict[int, float] = {}

    # ------------------------------------------------------------------ supply

    def volume_factor(self, year: int) -> float:
        """Flow towards Europe in ``year`` relative to the reference year."""
        factor = self._factors.get(year)
        if factor is None:
            sp = self._params.supply
            if sp.follow_production:
                ref = yearly_value(sp.production_t, int(sp.reference_year))
                now = yearly_value(sp.production_t, year)
                factor = (now / ref) ** sp.production_elasticity
            else:
                factor = 1.0
            self._factors[year] = factor
        return factor

    def volume_factor_at(self, t_h: float) -> float:
        """:meth:`volume_factor` of the calendar year at simulation time ``t_h``."""
        return self.volume_factor(self._year_at(t_h))

    # ------------------------------------------------------------------ fees and routes

    def insider_fees(self) -> np.ndarray:
        """Insiders' share of the value per route: the ports' going rates, 0 outside."""
        fees = self._port_fees()
        if not len(self._outside):
            return fees
        return np.concatenate([fees, np.zeros(len(self._outside))])

    def open_routes(self, t_h: float) -> np.ndarray:
        """Which routes take new loads at ``t_h`` (ports always; outside routes under capacity)."""
        year = self._year_at(t_h)
        if year != self._open_year:
            self._open_year = year
            self._refresh_open(year)
        return self._open

    def _refresh_open(self, year: int) -> None:
        used = self._used_kg.get(year)
        full = np.zeros(len(self._outside), dtype=bool)
        if used is not None:
            full = used >= self._capacity_kg
        self._open = np.concatenate([np.ones(self._n_ports, dtype=bool), self._enabled & ~full])

    def commit(self, route: int, load_kg: float, t_h: float) -> None:
        """A load was committed to ``route`` at ``t_h`` (counts against an outside route's cap)."""
        k = route - self._n_ports
        if k < 0:
            return
        year = self._year_at(t_h)
        used = self._used_kg.setdefault(year, np.zeros(len(self._outside)))
        used[k] += load_kg
        if year == self._open_year and used[k] >= self._capacity_kg[k]:
            self._refresh_open(year)

    # ------------------------------------------------------------------ price

    def record_delivery(self, t_h: float, kg: float) -> None:
        """Cocaine reaches the European market at ``t_h`` (possibly later than now)."""
        self._deliveries_h.append(t_h)
        self._deliveries_kg.append(kg)

    def delivered_last_year_kg(self, t_h: float) -> float:
        """kg delivered in (t − 365 d, t]."""
        times = np.asarray(self._deliveries_h)
        inside = (times > t_h - HOURS_PER_YEAR) & (times <= t_h)
        return float(np.asarray(self._deliveries_kg)[inside].sum())

    def update_price(self, t_h: float) -> float:
        """Set the price from the last year's deliveries (see module docstring); return it."""
        mp = self._params.market
        if mp.enabled and t_h >= HOURS_PER_YEAR:
            flow_kg = self._params.annual_volume_t * 1000.0 * self.volume_factor_at(t_h)
            reference_kg = mp.reference_share_delivered * flow_kg
            delivered = self.delivered_last_year_kg(t_h)
            ratio = delivered / reference_kg if reference_kg > 0 else 1.0
            factor = math.inf if ratio <= 0 else ratio ** (-1.0 / mp.demand_elasticity)
            factor = min(max(factor, mp.price_floor_factor), mp.price_cap_factor)
            self.price_eur_per_kg = self.reference_eur_per_kg * factor
        self.price_path.append((t_h, self.price_eur_per_kg))
        return self.price_eur_per_kg
