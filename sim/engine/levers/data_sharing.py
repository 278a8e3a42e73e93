"""Shipping data sharing: shipping lines give customs better manifest data (Belgian-US cooperation:
sharing data with shipping companies, seeds 001; resolution point 3.2 on operational information).

Mechanism: at the chosen ports, from the start date, a contaminated container carried by a
participating carrier gets an extra chance ``targeting_gain`` to be flagged by risk profiling
(targeting quality q becomes 1 − (1 − q)(1 − gain)). The selection rate of legitimate containers
is unchanged: better data finds more true positives at the same number of scans. Whether a
shipment's carrier participates is drawn once per shipment (``carrier_participation``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.engine.levers.base import Announcement, CostInputs, CostItem, Lever, LeverSpec
from sim.engine.shipments import Shipment
from sim.params.rules import Choice, Items, Number, knob, probability
from sim.params.schema import LEVER, UNCERTAIN, LeverBlock


@dataclass
class DataSharingParams(LeverBlock):
    """``levers.data_sharing``: ports, the gain in targeting, carriers taking part, price."""

    ports: list[str] = knob(Items(Choice(source="ports")), "ports that get the data", "-", LEVER)
    targeting_gain: float = knob(
        probability(), "extra chance to flag a loaded box of a participating carrier", "-"
    )
    carrier_participation: float = knob(
        probability(), "share of boxes carried by participating carriers", "share", UNCERTAIN
    )
    cost_eur_per_year: float = knob(
        Number(0.0, 1e9), "manifest-data integration and analysts a year", "EUR/year"
    )


class DataSharing(Lever[DataSharingParams]):
    """Targeting boost for contaminated containers of participating carriers."""

    def announcements(self) -> list[Announcement]:
        """Public: its ports are announced as tightening checks."""
        return [Announcement(self.start_h, ports=tuple(self.params.ports))]

    def install(self) -> None:
        """Add the boost to the chosen ports."""
        super().install()
        self.add_targeting_boost(self.params.ports, self.boost)

    def boost(self, shipment: Shipment, at_h: float) -> float:
        """Extra chance to flag this container (0 before the start or for other carriers)."""
        if not self.active or shipment.u_carrier >= self.params.carrier_participation:
            return 0.0
        return self.params.targeting_gain


def _data_sharing(inputs: CostInputs) -> float:
    return inputs.years_active * inputs.block.cost_eur_per_year


SPEC = LeverSpec(
    name="data_sharing",
    summary="shipping lines share manifest data: better targeting at the same selection rate",
    mechanism=DataSharing,
    block=DataSharingParams,
    costs=(
        CostItem(
            "data_sharing_eur",
            "years active x cost a year of manifest-data sharing",
            _data_sharing,
        ),
    ),
)
