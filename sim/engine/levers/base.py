"""What every policy lever is: a mechanism in the model plus a registry entry.

A lever is one module under ``sim/engine/levers/`` that defines

* its parameter block, a :class:`~sim.params.schema.LeverBlock` dataclass whose fields carry
  their rules (``levers.<name>.*`` in the configs, defaults in ``configs/levers/<name>.yaml``);
* its mechanism, a :class:`Lever` subclass: hooks registered when the run is built
  (:meth:`Lever.install`), the change made on its start date (:meth:`Lever.activate`), and the
  facts it adds to the result tables (:meth:`Lever.replication_facts`, :meth:`Lever.port_facts`);
* ``SPEC``, a :class:`LeverSpec` tying these together with the lever's cost items and the output
  columns it adds. The registry (:data:`sim.engine.levers.LEVERS`) collects every module's SPEC.

Nothing outside the module names a lever: tables, costs, validation, the counterfactual and the
docs all read the registry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import numpy as np
from simpy.events import ProcessGenerator

from sim.clock import years_between
from sim.columns import Column
from sim.params.schema import CostParams, LeverBlock, Params

if TYPE_CHECKING:
    from sim.engine.model import PortSystem
    from sim.engine.shipments import Shipment

B = TypeVar("B")


@dataclass(frozen=True)
class CostInputs:
    """What a cost item may use, for every replication of a run at once.

    Attributes
    ----------
    prices : CostParams
        ``costs.*`` (scanner prices, variable costs of checks, delay).
    block : Any
        The lever's own parameter block (``levers.<name>``), with its prices; None for the
        per-port levers.
    years_active : float
        Model years (365 days) the lever is on inside the observed window (0 when off).
    replications : mapping of str to numpy.ndarray
        Columns of ``replications.csv``, one value per replication.
    port_totals : mapping of str to numpy.ndarray
        Columns of ``ports.csv`` summed over the ports, one value per replication.
    """

    prices: CostParams
    block: Any
    years_active: float
    replications: Mapping[str, np.ndarray]
    port_totals: Mapping[str, np.ndarray]


@dataclass(frozen=True)
class CostItem:
    """One component of ``costs.csv`` (EUR over the observed window)."""

    column: str
    description: str
    cost: Callable[[CostInputs], np.ndarray | float]
    per_container: bool = False
    """True when the cost is counted per simulated container (scans, inspections, delay), so it
    already shrinks with ``run.scale``; every other cost is multiplied by the scale
    (:mod:`sim.engine.scaling`)."""

    @property
    def as_column(self) -> Column:
        """Its column of the cost tables."""
        return Column(self.column, "float64", "EUR", self.description)


@dataclass(frozen=True)
class Announcement:
    """A policy that tightens checks at ``ports`` and ``origins`` from ``start_h`` on.

    Organisations hear of it ``traffickers.learning.announcement_lead_days`` before it starts
    (:meth:`sim.engine.trafficking.AdaptiveOrganisation.hear_announcement`).
    """

    start_h: float
    ports: tuple[str, ...] = ()
    origins: tuple[str, ...] = ()


class Lever(Generic[B]):
    """A policy lever switched on in the config; :meth:`activate` runs at its start date.

    Installing a lever registers its hooks (targeting boosts, departure checks, seizure
    listeners) so that they read ``self.active``; nothing changes before the start date, and a
    lever that is not enabled is never installed, so a run with every lever off is exactly the
    baseline.
    """

    def __init__(self, system: PortSystem, params: B) -> None:
        self.system = system
        self.params = params
        self.active = False

    @property
    def start_h(self) -> float:
        """Simulation time of the start date (at the earliest 0)."""
        start = dt.date.fromisoformat(self.params.start)  # type: ignore[attr-defined]
        return max(0.0, self.system.calendar.hours_at(start))

    def install(self) -> None:
        """Register hooks and schedule the activation."""
        self.system.env.process(self._wait_for_start())

    def _wait_for_start(self) -> ProcessGenerator:
        env = self.system.env
        start_h = self.start_h
        if start_h > env.now:
            yield env.timeout(start_h - env.now)
        self.active = True
        self.activate()

    def activate(self) -> None:
        """Take effect (called once, at the start date)."""

    def announcements(self) -> list[Announcement]:
        """The public announcements of the lever (none by default)."""
        return []

    def finish(self, end_h: float) -> None:
        """Settle what is still pending at the end of the run (``end_h``); nothing by default."""

    def replication_facts(self, window_h: tuple[float, float]) -> dict[str, float]:
        """Values of the lever's ``replications.csv`` columns for this replication."""
        return {}

    def port_facts(self, window_h: tuple[float, float]) -> dict[str, dict[str, float]]:
        """Values of the lever's ``ports.csv`` columns, by port."""
        return {}

    def add_targeting_boost(
        self, ports: Iterable[str], boost: Callable[[Shipment, float], float]
    ) -> None:
        """Register ``boost`` with the targeting boosts of each of ``ports``."""
        for key in ports:
            self.system.ports[key].targeting_boosts.append(boost)


@dataclass(frozen=True)
class LeverSpec:
    """The registry entry of a lever.

    Attributes
    ----------
    name : str
        Its key: ``levers.<name>`` in the configs (and ``configs/levers/<name>.yaml``).
    summary : str
        One line for the docs.
    mechanism : type
        The :class:`Lever` subclass built when the lever is on.
    block : type, optional
        Its parameter dataclass (a :class:`LeverBlock`). None for the policy schedule, whose
        entries live in ``scenario.schedule``.
    costs : tuple of CostItem
        Its components of ``costs.csv``.
    replication_columns, port_columns : tuple of Column
        The columns it adds to ``replications.csv`` and ``ports.csv``; each column's default
        fills it when the lever is off.
    """

    name: str
    summary: str
    mechanism: type[Lever[Any]]
    block: type[LeverBlock] | None
    costs: tuple[CostItem, ...] = ()
    replication_columns: tuple[Column, ...] = ()
    port_columns: tuple[Column, ...] = ()

    def params_of(self, params: Params) -> Any:
        """The lever's parameters in a run's configuration."""
        return params.levers[self.name]

    def enabled(self, params: Params) -> bool:
        """Whether the lever acts in this run."""
        return bool(self.params_of(params).enabled)

    def start_dates(self, params: Params) -> list[dt.date]:
        """Dates at which the lever changes something (empty when off)."""
        if not self.enabled(params):
            return []
        return [dt.date.fromisoformat(self.params_of(params).start)]

    def switched_off(self, params: Params) -> Params:
        """The same configuration with this lever off (for the counterfactual)."""
        levers = dict(params.levers)
        levers[self.name] = replace(levers[self.name], enabled=False)
        return replace(params, levers=levers)

    def years_active(self, params: Params) -> float:
        """Model years the lever is on inside the observed window."""
        dates = self.start_dates(params)
        if not dates:
            return 0.0
        cal = params.calendar
        return years_between(max(min(dates), cal.start), cal.end)
