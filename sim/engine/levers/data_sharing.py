"""Shipping data sharing: shipping lines give customs better manifest data (Belgian-US cooperation:
sharing data with shipping companies, seeds 001; resolution point 3.2 on operational information).

Mechanism: at the chosen ports, from the start date, a contaminated container carried by a
participating carrier gets an extra chance ``targeting_gain`` to be flagged by risk profiling
(targeting quality q becomes 1 − (1 − q)(1 − gain)). The selection rate of legitimate containers
is unchanged: better data finds more true positives at the same number of scans. Whether a
shipment's carrier participates is drawn once per shipment (``carrier_participation``).
"""

from __future__ import annotations

from sim.engine.levers.base import Lever
from sim.engine.shipments import Shipment


class DataSharing(Lever):
    """Targeting boost for contaminated containers of participating carriers."""

    def install(self) -> None:
        """Add the boost to the chosen ports."""
        super().install()
        self.add_targeting_boost(self.params.ports, self.boost)

    def boost(self, shipment: Shipment, at_h: float) -> float:
        """Extra chance to flag this container (0 before the start or for other carriers)."""
        if not self.active or shipment.u_carrier >= self.params.carrier_participation:
            return 0.0
        return self.params.targeting_gain
