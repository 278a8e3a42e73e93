"""What every policy lever shares: it is installed when the run is built and acts from its date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import simpy

if TYPE_CHECKING:
    from sim.engine.model import PortSystem


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
