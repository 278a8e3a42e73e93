"""Insider crackdown: measures against extraction from the terminals (resolution point 5; PIN-code
security and vetting after Europol's 2023 report on stolen container-release codes).

Mechanism: from the start date, at each chosen port, the probability that insiders extract a
rip-on/rip-off container before any check is cut by ``extraction_reduction`` (insider_rate ×
(1 − reduction)), and the insiders' fee organisations must pay rises by ``fee_increase``
(fee share × (1 + increase), at most 1). Organisations see the new fee at once (it is the going
rate) and learn the lower extraction success from their outcomes.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.engine.levers.base import Announcement, CostInputs, CostItem, Lever, LeverSpec
from sim.params.rules import Choice, Items, Number, knob, probability
from sim.params.schema import LEVER, UNCERTAIN, LeverBlock


@dataclass
class InsiderCrackdownParams(LeverBlock):
    """``levers.insider_crackdown``: ports, effect on extraction and fees, price."""

    ports: list[str] = knob(Items(Choice(source="ports")), "ports with the measures", "-", LEVER)
    extraction_reduction: float = knob(
        probability(), "share by which extraction succeeds less often", "share", UNCERTAIN
    )
    fee_increase: float = knob(
        Number(0.0, 100.0), "relative rise of the insiders' fee", "ratio", UNCERTAIN
    )
    cost_eur_per_port_year: float = knob(
        Number(0.0, 1e9), "PIN-code security, vetting and controls at one port a year", "EUR/year"
    )


class InsiderCrackdown(Lever[InsiderCrackdownParams]):
    """Lower extraction probability and higher insider fee at chosen ports."""

    def announcements(self) -> list[Announcement]:
        """Public: its ports are announced as tightening checks."""
        return [Announcement(self.start_h, ports=tuple(self.params.ports))]

    def activate(self) -> None:
        """Apply the two changes at every chosen port."""
        p = self.params
        for key in p.ports:
            port = self.system.ports[key]
            port.apply("insider_rate", port.levers.insider_rate * (1.0 - p.extraction_reduction))
            fee = min(1.0, port.levers.insider_fee_share * (1.0 + p.fee_increase))
            port.apply("insider_fee_share", fee)


def _insider_measures(inputs: CostInputs) -> float:
    block = inputs.block
    return len(block.ports) * inputs.years_active * block.cost_eur_per_port_year


SPEC = LeverSpec(
    name="insider_crackdown",
    summary="measures against insiders: extraction succeeds less often, insiders ask more",
    mechanism=InsiderCrackdown,
    block=InsiderCrackdownParams,
    costs=(
        CostItem(
            "insider_measures_eur",
            "ports x years active x cost a year of insider measures",
            _insider_measures,
        ),
    ),
)
