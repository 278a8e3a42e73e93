"""The policy levers: a registry of mechanisms, each one module of this package.

:data:`LEVERS` holds the ``SPEC`` of every module here that defines one (found by walking the
package, in the order of the module names), so a new lever is a new module, its config file
``configs/levers/<name>.yaml`` (listed in ``configs/config.yaml``'s defaults) and its tests:

* the five levers of the public debate, each a ``levers.<name>`` block that is off unless a
  scenario switches it on: ``alliance`` (European Ports Alliance), ``benelux_agency``,
  ``data_sharing`` (manifest data from shipping lines), ``insider_crackdown``, ``liaison``
  (liaison officers at origin ports);
* ``schedule``: the dated changes of per-port levers in ``scenario.schedule``.

:data:`PORT_LEVERS` (:mod:`.port_levers`) are the per-port levers themselves. Each lever is a
mechanism in the model, never a multiplier on the answer; see each module for its mechanism and
sources.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import TYPE_CHECKING, Any

from sim.engine.levers.base import CostItem, Lever, LeverSpec
from sim.engine.levers.port_levers import PORT_LEVERS, PortLever

if TYPE_CHECKING:
    from sim.engine.model import PortSystem


def _discover() -> dict[str, LeverSpec]:
    specs: dict[str, LeverSpec] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        spec = getattr(module, "SPEC", None)
        if isinstance(spec, LeverSpec):
            if spec.name in specs:  # pragma: no cover - a programming error, caught by tests
                raise RuntimeError(f"two lever modules register {spec.name!r}")
            specs[spec.name] = spec
    return specs


LEVERS: dict[str, LeverSpec] = _discover()
"""Registry: lever name → its :class:`LeverSpec`."""

COST_ITEMS: tuple[CostItem, ...] = (
    *(item for lever in PORT_LEVERS.values() for item in lever.costs),
    *(item for spec in LEVERS.values() for item in spec.costs),
)
"""Every component of ``costs.csv``: the per-port levers' first, then the levers'."""


def install_levers(system: PortSystem) -> dict[str, Lever[Any]]:
    """Install every lever that is on in the run's configuration."""
    installed: dict[str, Lever[Any]] = {}
    for name, spec in LEVERS.items():
        if spec.enabled(system.params):
            lever = spec.mechanism(system, spec.params_of(system.params))
            lever.install()
            installed[name] = lever
    return installed


__all__ = ["COST_ITEMS", "LEVERS", "PORT_LEVERS", "CostItem", "Lever", "LeverSpec", "PortLever"]
