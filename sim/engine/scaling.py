"""What ``run.scale`` means: a run at scale s simulates a share s of the whole system.

A quick run at s < 1 must answer the same questions as a full-scale one, so everything that is
extensive in the volume shrinks together and everything intensive is left alone:

* the legitimate containers per vessel call (:mod:`sim.engine.port`), the EU-bound containers
  at the liaison check points, and the capacity that serves them: a stage with n servers at
  full scale has n·s servers' worth of capacity (:func:`scaled_capacity`). n·s is rarely a
  whole number (most ports have 1–5 scanners), so it is simulated as ``round(n·s)`` servers,
  at least one, each taking ``round(n·s) / (n·s)`` times as long per container. The
  utilisation of every stage is then what it is at full scale, exactly in expectation; the
  waits are not where that factor is far from 1 (fewer, faster or slower servers queue
  differently), and the command line warns about those stages (:func:`rounding_shifts`);
* the cocaine: ``traffickers.annual_volume_t`` and each outside route's
  ``capacity_t_per_year`` (:func:`scaled_traffickers`); load sizes are not scaled, so a run at
  scale s ships about s times as many loads;
* what organisations learn: each simulated shipment stands for 1/s shipments, so its outcome
  counts 1/s times in their beliefs, loss counts and network (:func:`evidence_per_shipment`);
  the evidence they gather per day — and so how fast they react — is as at full scale;
* the costs that are not already per container (scanner capital and operation, the levers'
  yearly blocks) are multiplied by s (:mod:`sim.results.costs`), so EUR per kg is comparable.

What is therefore comparable across scales: rates, shares, utilisation, waits per container,
EUR per kg, and every kg, container or EUR figure divided by s. What is not: the noise (a run
at scale s has about 1/s times the variance of its kg totals, relative to their mean), waits,
dwell and delay cost at a stage whose rounding is far from exact (:func:`rounding_shifts`), and,
for tiny s, the few loads a year that remain.

Source: a design choice of this project (issue 13, item 3), not a published convention; it is
the usual reading of a "scaled" simulation as a random sample of the system being modelled.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from sim.engine.queueing import ServiceStage
from sim.params import Params, TraffickerParams

UTILISATION_SHIFT_WARN = 0.10
"""Warn when rounding servers at reduced scale moves a stage's utilisation by more than this."""


def scaled_servers(nominal: int, scale: float) -> int:
    """Whole servers simulated for a stage with ``nominal`` servers at full scale.

    Rounded half up; a stage that has at least one server keeps at least one (a port with a
    scanner still scans). At scale 1 this is ``nominal``.
    """
    if nominal <= 0:
        return 0
    return max(1, math.floor(nominal * scale + 0.5))


def utilisation_factor(nominal: int, scale: float) -> float:
    """Utilisation at ``scale`` over utilisation at full scale, were servers only rounded.

    The load scales with s and rounded capacity with ``scaled_servers(n, s) / n``, so the
    utilisation would be multiplied by n·s / scaled_servers(n, s); 1 when nothing serves.
    """
    servers = scaled_servers(nominal, scale)
    return 1.0 if servers == 0 else nominal * scale / servers


def scaled_capacity(nominal: int, scale: float) -> tuple[int, float]:
    """``(servers, service_factor)`` of a stage with ``nominal`` servers at full scale.

    ``servers`` whole servers each taking ``service_factor`` times the full-scale service time
    give the capacity n·s exactly, so the stage's utilisation is preserved.
    """
    servers = scaled_servers(nominal, scale)
    return servers, (1.0 if servers == 0 else servers / (nominal * scale))


def set_capacity(stage: ServiceStage, nominal: int, scale: float, now: float) -> list[float]:
    """Give ``stage`` the capacity of ``nominal`` full-scale servers at ``scale`` from ``now``.

    Returns the times at which withdrawn servers leave (:meth:`ServiceStage.set_servers`).
    """
    servers, factor = scaled_capacity(nominal, scale)
    leaving = stage.set_servers(servers, now)
    stage.service_factor = factor
    return leaving


def evidence_per_shipment(scale: float) -> float:
    """How many full-scale shipments one simulated shipment stands for in what is learned."""
    return 1.0 / scale


def scaled_traffickers(traffickers: TraffickerParams, scale: float) -> TraffickerParams:
    """The trafficking parameters of a run at ``scale``: the cocaine volumes times s."""
    if scale == 1.0:
        return traffickers
    return replace(
        traffickers,
        annual_volume_t=traffickers.annual_volume_t * scale,
        routes={
            key: replace(route, capacity_t_per_year=route.capacity_t_per_year * scale)
            for key, route in traffickers.routes.items()
        },
    )


@dataclass(frozen=True)
class RoundingShift:
    """A capacity whose rounding at reduced scale would move its stage's utilisation noticeably
    (it is kept by a service time factor, :func:`scaled_capacity`, which changes the waits)."""

    key: str  # the config key of the capacity, e.g. ports.vlissingen.scanners
    nominal: int  # servers at full scale
    servers: int  # servers simulated
    factor: float  # utilisation with rounded servers alone / at full scale

    @property
    def owner(self) -> str:
        """What the capacity belongs to: ``ports.<port>`` or the lever's key."""
        return self.key.rsplit(".", 1)[0]

    def part(self, scale: float) -> str:
        """``scanners 1.25 -> 1 (+25 %)``: the capacity at scale, its servers, the shift."""
        name = self.key.rsplit(".", 1)[1]
        servers = "server" if self.servers == 1 else "servers"
        return (
            f"{name} {self.nominal * scale:g} -> {self.servers} {servers} "
            f"({(self.factor - 1.0) * 100.0:+.0f} %)"
        )


def rounding_shifts(
    params: Params, threshold: float = UTILISATION_SHIFT_WARN
) -> list[RoundingShift]:
    """Capacities whose rounding would move utilisation by more than ``threshold``.

    Looks at each port's scanners and inspection teams as configured, every other value the
    policy schedule gives them (one record per key and value), and the liaison network's teams
    per origin when it is on.
    """
    scale = params.run.scale
    if scale == 1.0:
        return []
    out: dict[tuple[str, int], RoundingShift] = {}

    def check(key: str, nominal: int) -> None:
        factor = utilisation_factor(nominal, scale)
        if abs(factor - 1.0) > threshold and (key, nominal) not in out:
            out[key, nominal] = RoundingShift(key, nominal, scaled_servers(nominal, scale), factor)

    for port, levers in params.ports.items():
        check(f"ports.{port}.scanners", levers.scanners)
        check(f"ports.{port}.inspection_teams", levers.inspection_teams)
    for change in params.scenario.schedule.values():
        if change.lever in ("scanners", "inspection_teams"):
            check(f"ports.{change.port}.{change.lever}", int(change.value))
    from sim.engine.levers import LEVERS  # the lever registry imports the engine: not at the top

    liaison = LEVERS["liaison"]
    if liaison.enabled(params):
        check("levers.liaison.teams_per_origin", liaison.params_of(params).teams_per_origin)
    return list(out.values())


def rounding_warnings(params: Params) -> list[tuple[str, str]]:
    """``(key, message)`` per port (or lever) whose capacity rounding at ``run.scale`` moves
    utilisation by more than :data:`UTILISATION_SHIFT_WARN`: what the command line prints as
    ``WARNING`` lines and the run records in ``metadata.json``."""
    scale = params.run.scale
    by_owner: dict[str, list[RoundingShift]] = {}
    for shift in rounding_shifts(params):
        by_owner.setdefault(shift.owner, []).append(shift)
    return [
        (
            owner,
            f"at run.scale={scale:g} rounding {' and '.join(s.part(scale) for s in shifts)} "
            "would move utilisation; service times are stretched to keep it, so waits and "
            "delay there are not comparable with full scale",
        )
        for owner, shifts in by_owner.items()
    ]
