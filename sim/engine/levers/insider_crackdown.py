"""Insider crackdown: measures against extraction from the terminals (resolution point 5; PIN-code
security and vetting after Europol's 2023 report on stolen container-release codes).

Mechanism: from the start date, at each chosen port, the probability that insiders extract a
rip-on/rip-off container before any check is cut by ``extraction_reduction`` (insider_rate ×
(1 − reduction)), and the insiders' fee organisations must pay rises by ``fee_increase``
(fee share × (1 + increase), at most 1). Organisations see the new fee at once (it is the going
rate) and learn the lower extraction success from their outcomes.
"""

from __future__ import annotations

from sim.engine.levers.base import Lever


class InsiderCrackdown(Lever):
    """Lower extraction probability and higher insider fee at chosen ports."""

    def activate(self) -> None:
        """Apply the two changes at every chosen port."""
        p = self.params
        for key in p.ports:
            port = self.system.ports[key]
            port.apply("insider_rate", port.levers.insider_rate * (1.0 - p.extraction_reduction))
            fee = min(1.0, port.levers.insider_fee_share * (1.0 + p.fee_increase))
            port.apply("insider_fee_share", fee)
