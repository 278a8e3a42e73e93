"""The policy levers of the public debate, each a mechanism in the model (not a multiplier on the
answer): port alliance, liaison network, shipping data sharing, Benelux agency, insider
crackdown. A lever is installed only when ``levers.<name>.enabled`` is true and acts from its
``start`` date; see each module for its mechanism and sources.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.engine.levers.alliance import PortAlliance
from sim.engine.levers.base import Lever
from sim.engine.levers.benelux_agency import BeneluxAgency
from sim.engine.levers.data_sharing import DataSharing
from sim.engine.levers.insider_crackdown import InsiderCrackdown
from sim.engine.levers.liaison import LiaisonNetwork

if TYPE_CHECKING:
    from sim.engine.model import PortSystem

LEVERS: dict[str, type[Lever]] = {
    "alliance": PortAlliance,
    "liaison": LiaisonNetwork,
    "data_sharing": DataSharing,
    "benelux_agency": BeneluxAgency,
    "insider_crackdown": InsiderCrackdown,
}
"""Registry: ``levers.<name>`` config block → mechanism."""


def install_levers(system: PortSystem) -> dict[str, Lever]:
    """Install every enabled lever on a freshly built system."""
    installed = {}
    for name, cls in LEVERS.items():
        params = getattr(system.params.levers, name)
        if params.enabled:
            lever = cls(system, params)
            lever.install()
            installed[name] = lever
    return installed
