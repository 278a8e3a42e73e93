"""What every policy lever shares: it is installed when the run is built and acts from its date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

import simpy

if TYPE_CHECKING:
    from sim.engine.model import PortSystem, RunRecord
    from sim.engine.shipments import Shipment


class Lever:
    """A policy lever switched on in the config; :meth:`activate` runs at its ``start`` date.

    Installing a lever registers its hooks (targeting boosts, departure checks, seizure
    listeners) so that they read ``self.active``; nothing changes before the start date, and a
    lever that is not enabled is never installed, so a run with every lever off is exactly the
    baseline.
    """

    def __init__(self, system: PortSystem, params: Any) -> None:
        self.system = system
        self.params = params
        self.active = False
        start = dt.date.fromisoformat(params.start)
        self.start_h = max(0.0, system.params.hours_since_sim_start(start))

    def install(self) -> None:
        """Register hooks and schedule the activation."""
        self.system.env.process(self._wait_for_start())

    def _wait_for_start(self) -> Iterator[simpy.Event]:
        env = self.system.env
        if self.start_h > env.now:
            yield env.timeout(self.start_h - env.now)
        self.active = True
        self.activate()

    def activate(self) -> None:
        """Take effect (called once, at the start date)."""

    def finish(self, end_h: float) -> None:
        """Settle what is still pending at the end of the run (``end_h``); nothing by default."""

    def fill_record(self, record: RunRecord) -> None:
        """Add the lever's own facts to the run record; nothing by default."""

    def add_targeting_boost(
        self, ports: Iterable[str], boost: Callable[[Shipment, float], float]
    ) -> None:
        """Register ``boost`` with the targeting boosts of each of ``ports``."""
        for key in ports:
            self.system.ports[key].targeting_boosts.append(boost)
