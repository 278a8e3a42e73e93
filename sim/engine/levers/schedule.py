"""The policy schedule: dated changes of per-port levers (``scenario.schedule``).

Each entry sets ``ports.<port>.<lever>`` to a value from its ``start`` date on (e.g. Antwerp goes
to 10 scanners on 1 January 2024); how a change acts on the port is the per-port lever's own
rule (:mod:`sim.engine.levers.port_levers`). Entries dated before the simulated span starts are
errors of the config (the rule of ``start``); an entry on the first simulated day applies at
time 0. Changes on the same date apply in the order of their entry names.

The schedule has no costs of its own: the scanners, scans and delay it causes are costed as the
per-port levers it changes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from simpy.events import ProcessGenerator

from sim.engine.levers.base import Announcement, Lever, LeverSpec
from sim.engine.levers.port_levers import PORT_LEVERS
from sim.params.schema import LeverChange, Params


class PolicySchedule(Lever[dict[str, LeverChange]]):
    """Applies every change of ``scenario.schedule`` at its date."""

    def install(self) -> None:
        """Start the process that applies the changes."""
        self.system.env.process(self._changes())

    def announcements(self) -> list[Announcement]:
        """Every change that tightens checks (:attr:`PortLever.tightens`) is public.

        A change counts as tightening against the value the lever has just before it (the
        port's configured value, or the schedule's previous entry for the same lever). An unset
        ``latam_selection_rate`` stands for the rate it implies (the port's selection rate ×
        ``security.high_risk_selection_multiplier``, at most 1).
        """
        system = self.system
        cal = system.calendar
        current: dict[tuple[str, str], float] = {}
        out = []
        for start_h, _name, change in self._sorted():
            key = (change.port, change.lever)
            before = current.get(key)
            if before is None:
                before = _configured(system.params, change.port, change.lever)
            current[key] = change.value
            direction = PORT_LEVERS[change.lever].tightens
            if direction and (change.value - before) * direction > 0 and start_h < cal.window_h[1]:
                out.append(Announcement(start_h, ports=(change.port,)))
        return out

    def _sorted(self) -> list[tuple[float, str, LeverChange]]:
        cal = self.system.calendar
        return sorted(
            (max(0.0, cal.hours_at(dt.date.fromisoformat(c.start))), name, c)
            for name, c in self.params.items()
        )

    def _changes(self) -> ProcessGenerator:
        env = self.system.env
        end = self.system.calendar.window_h[1]
        for at_h, _name, change in self._sorted():
            if at_h >= end:
                return
            if at_h > env.now:
                yield env.timeout(at_h - env.now)
            self.system.ports[change.port].apply(change.lever, change.value)


def _configured(params: Params, port: str, lever: str) -> float:
    """The configured value of ``ports.<port>.<lever>`` (an unset Latin-American selection
    rate: the rate it implies)."""
    levers = params.ports[port]
    value = getattr(levers, lever)
    if value is None and lever == "latam_selection_rate":
        implied = levers.selection_rate * params.security.high_risk_selection_multiplier
        return min(1.0, implied)
    return float(value)


@dataclass(frozen=True)
class ScheduleSpec(LeverSpec):
    """The schedule's parameters are the entries of ``scenario.schedule``, not a lever block."""

    def params_of(self, params: Params) -> Any:
        """The schedule entries."""
        return params.scenario.schedule

    def enabled(self, params: Params) -> bool:
        """On when the scenario has entries."""
        return bool(params.scenario.schedule)

    def start_dates(self, params: Params) -> list[dt.date]:
        """Every entry's date."""
        return [dt.date.fromisoformat(c.start) for c in params.scenario.schedule.values()]

    def switched_off(self, params: Params) -> Params:
        """No entries."""
        return replace(params, scenario=replace(params.scenario, schedule={}))


SPEC = ScheduleSpec(
    name="schedule",
    summary="dated changes of per-port levers (scanners, selection rates, hold caps, ...)",
    mechanism=PolicySchedule,
    block=None,
)
