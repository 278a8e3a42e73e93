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
* **Method capacity.** A concealment method whose capacity is physical carries at most
  ``method_max_share`` of the year's flow (``annual_volume_t`` × the year's supply factor, in kg)
  in a calendar year, on all routes together (kg counted when the load is committed, as for the
  routes); once full it is closed to new loads on every route until the next 1 January. The load
  that fills it is still sent, so a year's kg by a method stays below its cap plus one load.
  Defaults (assumptions, ``configs/traffickers/adaptive.yaml``): ``structure`` 0.25 (hides built
  in origin workshops; NL customs 2023 rank the structure third after the reefer unit and the
  cargo), ``chemical`` 0.05 (extraction labs in Europe; Rotterdam seaport police, Jan 2025: much
  more incorporation would show as more inland labs found, and it does not), others unlimited.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from sim.clock import HOURS_PER_YEAR
from sim.params import METHOD_KEYS, TraffickerParams


def yearly_value(series: dict[str, float], year: int) -> float:
    """A yearly series' value in ``year`` (production, a rate): its record, else the nearest
    earlier one (or the first)."""
    years = sorted(int(y) for y in series)
    earlier = [y for y in years if y <= year]
    return series[str(earlier[-1] if earlier else years[0])]


class Market:
    """Supply factor, price path, outside-route and method capacity of one replication."""

    def __init__(
        self,
        params: TraffickerParams,
        route_keys: tuple[str, ...],
        n_container_ports: int,
        year_at: Callable[[float], int],
        insider_fees: Callable[[], np.ndarray],
        method_keys: tuple[str, ...] = METHOD_KEYS,
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
        shares = [params.method_max_share[m] for m in method_keys]
        self._method_share = np.array([math.inf if x is None else x for x in shares], dtype=float)
        self._method_used_kg: dict[int, np.ndarray] = {}
        self._method_cap_kg = np.full(len(method_keys), math.inf)  # of the year _open_year
        self._open_methods = np.ones(len(method_keys), dtype=bool)
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
        self._to_year(self._year_at(t_h))
        return self._open

    def open_methods(self, t_h: float) -> np.ndarray:
        """Which concealment methods take new loads at ``t_h`` (those under their yearly cap)."""
        self._to_year(self._year_at(t_h))
        return self._open_methods

    def method_capacity_kg(self, year: int) -> np.ndarray:
        """Most kg each method may carry in ``year``: its share of the year's flow (inf: no cap)."""
        flow_kg = self._params.annual_volume_t * 1000.0 * self.volume_factor(year)
        return self._method_share * flow_kg

    def _to_year(self, year: int) -> None:
        if year != self._open_year:
            self._open_year = year
            self._method_cap_kg = self.method_capacity_kg(year)
            self._refresh_open(year)
            self._refresh_methods(year)

    def _refresh_open(self, year: int) -> None:
        used = self._used_kg.get(year)
        full = np.zeros(len(self._outside), dtype=bool)
        if used is not None:
            full = used >= self._capacity_kg
        self._open = np.concatenate([np.ones(self._n_ports, dtype=bool), self._enabled & ~full])

    def _refresh_methods(self, year: int) -> None:
        used = self._method_used_kg.get(year)
        if used is None:
            used = np.zeros(len(self._method_share))
        self._open_methods = ~(used >= self._method_cap_kg)

    def commit(self, route: int, load_kg: float, t_h: float, method: int) -> None:
        """A load was committed to ``route`` and ``method`` at ``t_h``: it counts against the
        method's yearly cap and, on an outside route, against the route's."""
        year = self._year_at(t_h)
        if math.isfinite(self._method_share[method]):
            used_m = self._method_used_kg.setdefault(year, np.zeros(len(self._method_share)))
            used_m[method] += load_kg
            if year == self._open_year and used_m[method] >= self._method_cap_kg[method]:
                self._refresh_methods(year)
        k = route - self._n_ports
        if k < 0:
            return
        used = self._used_kg.setdefault(year, np.zeros(len(self._outside)))
        used[k] += load_kg
        if year == self._open_year and used[k] >= self._capacity_kg[k]:
            self._refresh_open(year)

    def method_used_kg(self, year: int) -> np.ndarray:
        """kg committed to each capped method in ``year`` (uncapped methods: 0)."""
        used = self._method_used_kg.get(year)
        return np.zeros(len(self._method_share)) if used is None else used.copy()

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
