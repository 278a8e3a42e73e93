"""European Ports Alliance (launched 24 January 2024: seeds 002; resolution point 7 on common port
capacities): member ports adopt common minimum standards and share intelligence.

Mechanism, from the start date:

* minimum standards: at each member, ``selection_rate``, the number of fixed scanners (per
  million import containers a year) and ``hold_cap_h`` are raised to at least the alliance's
  minimums (a member already above keeps its level);
* shared intelligence: a seizure at any member port issues an alert on the profile of the
  seized container — its origin, concealment method and/or organisation (the shipper profile),
  as configured in ``match`` — valid for ``intelligence_days``. A contaminated container with
  that profile discharged at any member while the alert lasts gets an extra chance
  ``intelligence_gain`` to be flagged (targeting quality 1 − (1 − q)(1 − gain)). Alerts sharpen
  targeting without extra false positives; the scans they would add are not modelled.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

from sim.clock import days_to_h
from sim.engine.levers.base import Announcement, CostInputs, CostItem, Lever, LeverSpec
from sim.engine.shipments import Outcome, Shipment
from sim.params.rules import (
    Check,
    Choice,
    Items,
    MinItemsWhenEnabled,
    Number,
    knob,
    positive,
    probability,
)
from sim.params.schema import LEVER, UNCERTAIN, LeverBlock

PROFILE_ATTRIBUTES = ("origin", "method", "organisation")


@dataclass
class AllianceParams(LeverBlock):
    """``levers.alliance``: members, minimum standards, shared intelligence and its price."""

    CHECKS: ClassVar[tuple[Check, ...]] = (MinItemsWhenEnabled("members", 2),)

    members: list[str] = knob(Items(Choice(source="ports")), "member ports", "-", LEVER)
    min_selection_rate: float = knob(
        probability(), "lowest selection rate of a member", "share", LEVER
    )
    min_scanners_per_million: float = knob(
        Number(0.0, 100.0), "fewest fixed scanners per million import boxes a year", "-", LEVER
    )
    min_hold_cap_h: float = knob(Number(0.0, 2160.0), "shortest hold cap of a member", "h", LEVER)
    intelligence_gain: float = knob(
        probability(), "extra chance to flag a box matching an alert", "-", UNCERTAIN
    )
    intelligence_days: float = knob(positive(3650.0), "how long an alert lasts", "d", LEVER)
    match: list[str] = knob(
        Items(Choice(PROFILE_ATTRIBUTES), min_len=1), "what an alert matches on", "-", LEVER
    )
    cost_eur_per_year: float = knob(
        Number(0.0, 1e9), "shared intelligence cell a year", "EUR/year", UNCERTAIN
    )


class PortAlliance(Lever[AllianceParams]):
    """Minimum standards and shared intelligence among member ports."""

    def announcements(self) -> list[Announcement]:
        """Public: its ports are announced as tightening checks."""
        return [Announcement(self.start_h, ports=tuple(self.params.members))]

    def install(self) -> None:
        """Register the boost at every member and listen to seizures."""
        super().install()
        self._alerts: dict[tuple[str, ...], list[tuple[float, float]]] = {}
        self.members = set(self.params.members)
        self.add_targeting_boost(self.params.members, self.boost)
        self.system.outcome_listeners.append(self._on_outcome)

    def activate(self) -> None:
        """Raise every member to the common minimums."""
        p = self.params
        year = self.system.year_at(self.system.env.now)
        for key in p.members:
            port = self.system.ports[key]
            lv = port.levers
            if lv.selection_rate < p.min_selection_rate:
                port.apply("selection_rate", p.min_selection_rate)
            boxes = self.system.network.ports[key].import_containers(year)
            minimum = math.ceil(p.min_scanners_per_million * boxes / 1e6)
            if lv.scanners < minimum:
                port.apply("scanners", minimum)
            if lv.hold_cap_h < p.min_hold_cap_h:
                port.apply("hold_cap_h", p.min_hold_cap_h)

    def profile(self, shipment: Shipment) -> tuple[str, ...]:
        """The attributes alerts match on (``match``)."""
        return tuple(getattr(shipment, name) for name in self.params.match)

    def _on_outcome(self, shipment: Shipment) -> None:
        if (
            not self.active
            or shipment.outcome is not Outcome.seized_port
            or shipment.port not in self.members
        ):
            return
        start = shipment.outcome_h
        end = start + days_to_h(self.params.intelligence_days)
        self._alerts.setdefault(self.profile(shipment), []).append((start, end))

    def boost(self, shipment: Shipment, at_h: float) -> float:
        """Extra chance to flag a container whose profile is under an active alert."""
        alerts = self._alerts.get(self.profile(shipment))
        if not alerts:
            return 0.0
        now = self.system.env.now  # queries may be dated a little ahead of the clock, never behind
        alerts[:] = [(a, b) for a, b in alerts if b > now]
        return self.params.intelligence_gain if any(a <= at_h < b for a, b in alerts) else 0.0


def _intelligence_cell(inputs: CostInputs) -> float:
    return inputs.years_active * inputs.block.cost_eur_per_year


SPEC = LeverSpec(
    name="alliance",
    summary="European Ports Alliance: common minimum standards and shared intelligence",
    mechanism=PortAlliance,
    block=AllianceParams,
    costs=(
        CostItem(
            "alliance_eur",
            "years active x cost a year of the shared intelligence cell",
            _intelligence_cell,
        ),
    ),
)
