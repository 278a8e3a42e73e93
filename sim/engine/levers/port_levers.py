"""The per-port levers (``ports.<port>.*``): how a change acts on a port, and what it costs.

Each numeric field of :class:`~sim.params.schema.PortParams` is a lever a policy schedule may
change (its rule is the field's own). Its registry entry here says how a new value takes effect
at a running port — most are read when they are next used, a few resize or reopen a queue — and
which components of ``costs.csv`` it drives. :meth:`sim.engine.port.Port.apply` looks the entry
up; nothing else names a per-port lever.

Costs of port security (prices ``costs.*``, EUR over the observed window):

* ``scanner_capital_eur``, ``scanner_operating_eur`` (``scanners``): fixed scanner-years ×
  purchase price / life (straight-line depreciation), and × operating cost a year;
* ``scan_eur`` (``selection_rate``): containers scanned × cost of a scan;
* ``inspection_eur`` (``inspection_teams``): containers inspected × cost of an inspection;
* ``delay_eur`` (``hold_cap_h``): container-hours of scan and inspection dwell × delay cost.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from sim.engine.levers.base import CostInputs, CostItem
from sim.params.schema import SCHEDULABLE_LEVERS

if TYPE_CHECKING:
    from sim.engine.port import Port


@dataclass(frozen=True)
class PortLever:
    """A per-port lever: ``act(port, now)`` makes a new value take effect at time ``now``.

    ``tightens`` is the direction in which a change tightens checks (+1: a rise, −1: a fall,
    0: neither, e.g. a price or a time): a scheduled change that tightens is announced to the
    organisations (:class:`~sim.engine.levers.base.Announcement`).
    """

    name: str
    act: Callable[[Port, float], None]
    costs: tuple[CostItem, ...] = ()
    tightens: int = 0


def _read_when_used(port: Port, now: float) -> None:
    """The value is read when it is next needed (a draw, a selection, an extraction)."""


def _resize_scanners(port: Port, now: float) -> None:
    port.set_fixed_scanners(port.levers.scanners, now)


def _resize_teams(port: Port, now: float) -> None:
    port.set_inspection_teams(port.levers.inspection_teams, now)


def _reopen(port: Port, now: float) -> None:
    lv = port.levers
    port.scan.set_hours(lv.scanner_hours_per_day, lv.shift_start_h, now)
    port.inspection.set_hours(lv.scanner_hours_per_day, lv.shift_start_h, now)


def _recap(port: Port, now: float) -> None:
    port.scan.set_hold_cap(port.levers.hold_cap_h, now)


def _capital(i: CostInputs) -> np.ndarray:
    return i.port_totals["scanner_years"] * (
        i.prices.fixed_scanner_eur / i.prices.scanner_life_years
    )


def _operating(i: CostInputs) -> np.ndarray:
    return i.port_totals["scanner_years"] * i.prices.scanner_operating_eur_per_year


def _scans(i: CostInputs) -> np.ndarray:
    return i.port_totals["containers_scanned"] * i.prices.scan_eur


def _inspections(i: CostInputs) -> np.ndarray:
    return i.port_totals["containers_inspected"] * i.prices.inspection_eur


def _delay(i: CostInputs) -> np.ndarray:
    dwell_h = i.port_totals["scan_dwell_h"] + i.port_totals["inspection_dwell_h"]
    return dwell_h * i.prices.delay_eur_per_container_h


_ENTRIES = (
    PortLever(
        "scanners",
        _resize_scanners,
        (
            CostItem(
                "scanner_capital_eur",
                "fixed scanner-years x purchase price / life (depreciation)",
                _capital,
            ),
            CostItem(
                "scanner_operating_eur", "fixed scanner-years x operating cost a year", _operating
            ),
        ),
        tightens=1,
    ),
    PortLever("scan_time_h", _read_when_used),
    PortLever("scan_time_cv", _read_when_used),
    PortLever("scanner_hours_per_day", _reopen, tightens=1),
    PortLever("shift_start_h", _reopen),
    PortLever(
        "selection_rate",
        _read_when_used,
        (CostItem("scan_eur", "containers scanned x cost of a scan", _scans, per_container=True),),
        tightens=1,
    ),
    PortLever("latam_selection_rate", _read_when_used, tightens=1),
    PortLever("targeting_quality", _read_when_used, tightens=1),
    PortLever(
        "inspection_teams",
        _resize_teams,
        (
            CostItem(
                "inspection_eur",
                "containers inspected x cost of a physical inspection",
                _inspections,
                per_container=True,
            ),
        ),
        tightens=1,
    ),
    PortLever("inspection_time_h", _read_when_used),
    PortLever(
        "hold_cap_h",
        _recap,
        (
            CostItem(
                "delay_eur",
                "container-hours of scan and inspection dwell x delay cost",
                _delay,
                per_container=True,
            ),
        ),
    ),
    PortLever("insider_rate", _read_when_used, tightens=-1),
    PortLever("insider_fee_share", _read_when_used),
)

PORT_LEVERS: dict[str, PortLever] = {entry.name: entry for entry in _ENTRIES}
"""Registry of the per-port levers, in the order of :class:`~sim.params.schema.PortParams`."""

if tuple(PORT_LEVERS) != SCHEDULABLE_LEVERS:  # pragma: no cover - caught by the tests at import
    raise RuntimeError("port_levers: every numeric PortParams field needs exactly one entry")
