"""Shipments: one contaminated container with a load of cocaine, and how its journey ends.

Every shipment ends in exactly one :class:`Outcome` (SPEC §2). ``extracted`` (taken out of the
terminal by insiders before any check) counts as delivered. A shipment whose outcome lies beyond
the end of the horizon is ``in_transit``, or ``delayed`` if its organisation held it at origin
and it had not left by then. ``port`` is the destination: a modelled port or an outside route
(``rest_of_europe``, ``at_sea``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum


class Outcome(Enum):
    """Terminal state of a shipment."""

    seized_origin = "seized_origin"
    seized_port = "seized_port"
    seized_route = "seized_route"  # seized on a route outside the 12 ports
    extracted = "extracted"
    delivered = "delivered"
    in_transit = "in_transit"
    delayed = "delayed"  # held at origin, not yet left at the end of the horizon


class Stage(Enum):
    """Where the outcome was decided (finer than :class:`Outcome`, for diagnosis)."""

    origin_check = "origin_check"  # found by a pre-departure check at origin (liaison)
    origin_interdiction = "origin_interdiction"  # seized by the origin country before departure
    insider = "insider"  # extracted before any check
    not_selected = "not_selected"  # released without a scan
    hold_cap = "hold_cap"  # selected, released unscanned when the hold cap expired
    scan_clear = "scan_clear"  # scanned, image showed nothing
    inspection_clear = "inspection_clear"  # flagged, devanned, nothing found
    inspection = "inspection"  # flagged, devanned, load found: seized
    at_sea = "at_sea"  # not yet discharged at the end of the horizon
    in_port = "in_port"  # discharged, check still under way at the end of the horizon
    route_interdiction = "route_interdiction"  # seized on an outside route
    route_clear = "route_clear"  # got through an outside route
    held = "held"  # held at origin at the end of the horizon


@dataclass(slots=True)
class Shipment:
    """One contaminated container. Times are simulation hours.

    The uniforms ``u_*`` are drawn once, when the shipment is planned, from its organisation's
    streams (the policy-lever ones from a stream of their own, so that adding them changed no
    earlier draw); every check compares its probability with its own uniform. Two scenarios that
    share a seed therefore face each shipment with the same luck (common random numbers).
    """

    shipment_id: int
    organisation: str
    origin: str
    port: str
    method: str
    load_kg: float
    departed_h: float
    u_extract: float
    u_select: float
    u_image: float
    u_inspect: float
    u_offset: float
    u_carrier: float = 0.0  # does its carrier share manifest data?
    u_origin_select: float = 1.0  # selected for a pre-departure check?
    u_origin_detect: float = 1.0  # found by that check?
    u_origin_national: float = 1.0  # seized by the origin country's own services?
    planned_h: float = math.nan  # when the load was committed (departed_h later if held)
    arrived_h: float = math.nan
    selected: bool = False
    scan_start_h: float = math.nan
    outcome: Outcome = Outcome.in_transit
    stage: Stage = Stage.at_sea
    outcome_h: float = math.inf

    def resolve(self, outcome: Outcome, stage: Stage, at_h: float) -> None:
        """Record the terminal outcome (exactly once)."""
        if self.outcome is not Outcome.in_transit:
            raise RuntimeError(f"shipment {self.shipment_id} resolved twice")
        self.outcome = outcome
        self.stage = stage
        self.outcome_h = at_h
