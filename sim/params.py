"""Typed parameter schema of portsim and its validation rules.

The dataclasses here are both the Hydra structured-config schema (registered in :mod:`sim.config`)
and the validated parameters the model is built from. Hydra checks types and unknown keys while
composing; :func:`validate` checks ranges and cross-field rules and raises
:class:`~sim.errors.ConfigError` naming the key and what is allowed.

Vocabulary (SPEC §2): *levers* are what policy sets (``ports.<port>.*``, ``scenario.schedule``),
*uncertainties* what we do not know (``traffickers.*``, ``security.methods.*``), *outcomes* what the
run measures (the result tables). Simulation time is hours; configs speak in days, hours and kg.

Schemas are deliberately not frozen: a frozen dataclass would also block command-line overrides.
Treat instances as read-only after validation.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field, fields
from enum import Enum
from typing import Any, Dict, List, Optional  # noqa: UP035 - OmegaConf 2.3 needs typing generics

from sim.errors import ConfigError

PORT_KEYS: tuple[str, ...] = (
    "antwerp",
    "rotterdam",
    "hamburg",
    "bremerhaven",
    "le_havre",
    "zeebrugge",
    "vlissingen",
    "dunkirk",
    "algeciras",
    "valencia",
    "barcelona",
    "gioia_tauro",
)
"""The 12 European ports in scope by default (SPEC §2); keys are part of the config contract."""

METHOD_KEYS: tuple[str, ...] = ("rip_on_rip_off", "cover_load", "structure", "reefer_unit")
"""Concealment methods (SPEC §2): rip-on/rip-off (bags behind the doors, taken out by insiders),
cover load (hidden among the legitimate cargo), deep concealment in the container structure, and
concealment in the reefer (refrigeration) unit."""


class ScanTimeDistribution(Enum):
    """Distribution of one scan cycle; its mean is ``scan_time_h``."""

    exponential = "exponential"
    deterministic = "deterministic"
    gamma = "gamma"


class ScenarioMode(Enum):
    """``network``: the full port network; ``queue_check``: one scanner queue against theory."""

    network = "network"
    queue_check = "queue_check"


class Behaviour(Enum):
    """How trafficking organisations choose routes.

    ``adaptive``: discrete choice on expected profit with perceived risks learned from outcomes;
    ``static``: the same organisations with their initial choice probabilities, fixed for ever.
    """

    adaptive = "adaptive"
    static = "static"


class Relocation(Enum):
    """How the Benelux agency moves its mobile scanners."""

    rotate = "rotate"  # each scanner moves to the next port on a fixed cycle
    follow_seizures = "follow_seizures"  # toward the ports with the most recent seizures


class Period(Enum):
    """Length of one row of ``timeseries.csv``."""

    week = "week"
    month = "month"
    quarter = "quarter"


@dataclass
class PortParams:
    """Per-port levers: capacity and policy at one European port (2023 levels in ``configs/ports``).

    ``selection_rate`` is the share of all discharged containers selected for a scan. Containers
    from Latin-American (high-risk) origins are selected ``security.high_risk_selection_multiplier``
    times as often as the rest, unless ``latam_selection_rate`` sets their rate directly (the other
    containers then keep the rate implied by ``selection_rate``). ``targeting_quality`` q lifts the
    selection probability of a contaminated container from its group rate s to s + q(1 − s).
    """

    scanners: int = 1
    scan_time_h: float = 0.3
    scan_time_distribution: ScanTimeDistribution = ScanTimeDistribution.gamma
    scan_time_cv: float = 0.5
    scanner_hours_per_day: float = 24.0
    shift_start_h: float = 6.0
    selection_rate: float = 0.02
    latam_selection_rate: Optional[float] = None  # noqa: UP045
    targeting_quality: float = 0.1
    inspection_teams: int = 1
    inspection_time_h: float = 3.0
    hold_cap_h: float = 36.0
    insider_rate: float = 0.0
    insider_fee_share: float = 0.1


@dataclass
class MethodParams:
    """Detection of one concealment method (uncertainties; sources in ``configs/config.yaml``)."""

    image_detection: float = 0.5
    inspection_detection: float = 0.9
    uses_insiders: bool = False


@dataclass
class SecurityParams:
    """Network-wide parameters of risk targeting, image analysis and physical inspection."""

    methods: Dict[str, MethodParams] = field(default_factory=dict)  # noqa: UP006
    false_alarm_rate: float = 0.03
    high_risk_selection_multiplier: float = 5.0
    inspection_time_cv: float = 0.5


@dataclass
class TrafficParams:
    """Legitimate traffic: vessel calls discharging import containers (volumes from ``seeds/``)."""

    throughput_year: Optional[int] = None  # noqa: UP045
    containers_per_call_latam: float = 600.0
    containers_per_call_other: float = 1500.0
    discharge_moves_per_h: float = 100.0


@dataclass
class OrganisationParams:
    """One trafficking organisation: its share of the volume and its established network."""

    volume_share: float = 0.0
    ports: List[str] = field(default_factory=list)  # noqa: UP006
    origins: List[str] = field(default_factory=list)  # noqa: UP006


@dataclass
class EconomicsParams:
    """Prices and costs in expected profit (sources and assumptions in the traffickers configs)."""

    wholesale_eur_per_kg: float = 30000.0
    source_eur_per_kg: float = 2500.0
    logistics_eur_per_kg: float = 1500.0
    method_cost_eur: Dict[str, float] = field(default_factory=dict)  # noqa: UP006
    port_cost_eur_per_kg: Dict[str, float] = field(default_factory=dict)  # noqa: UP006
    port_switching_cost_eur: float = 1_000_000.0
    origin_switching_cost_eur: float = 500_000.0
    establish_after: int = 5


@dataclass
class LearningParams:
    """How perceived risk is learned: Beta beliefs with exponentially discounted counts."""

    enabled: bool = True
    memory_days: float = 180.0
    news_weight: float = 0.3
    news_delay_days: float = 14.0
    prior_risk: float = 0.1
    prior_strength: float = 2.0
    origin_prior_risk: float = 0.02


@dataclass
class PressureParams:
    """Reaction to losses: smaller loads (splitting) and more willingness to try new routes."""

    tolerance: float = 0.1
    split_sensitivity: float = 4.0
    min_load_factor: float = 0.25
    explore_sensitivity: float = 2.0


@dataclass
class TraffickerParams:
    """Trafficking organisations: volume, behaviour, economics, learning and load sizes."""

    behaviour: Behaviour = Behaviour.adaptive
    annual_volume_t: float = 1500.0
    rationality: float = 20.0
    organisations: Dict[str, OrganisationParams] = field(default_factory=dict)  # noqa: UP006
    economics: EconomicsParams = field(default_factory=EconomicsParams)
    learning: LearningParams = field(default_factory=LearningParams)
    pressure: PressureParams = field(default_factory=PressureParams)
    load_median_kg: float = 100.0
    load_sigma: float = 1.7
    load_max_kg: float = 10000.0


@dataclass
class AllianceParams:
    """European Ports Alliance: common minimum standards and shared intelligence among members."""

    enabled: bool = False
    start: str = "2024-01-01"
    members: List[str] = field(default_factory=list)  # noqa: UP006
    min_selection_rate: float = 0.0
    min_scanners_per_million: float = 0.0
    min_hold_cap_h: float = 0.0
    intelligence_gain: float = 0.0
    intelligence_days: float = 90.0
    match: List[str] = field(default_factory=lambda: ["origin", "method"])  # noqa: UP006


@dataclass
class LiaisonParams:
    """Customs liaison officers at origin ports: pre-departure checks."""

    enabled: bool = False
    start: str = "2024-01-01"
    origins: List[str] = field(default_factory=list)  # noqa: UP006
    teams_per_origin: int = 2
    check_time_h: float = 3.0
    selection_rate: float = 0.02
    targeting_quality: float = 0.2
    detection: float = 0.7
    max_hold_h: float = 48.0
    eu_bound_containers_per_year: Dict[str, float] = field(default_factory=dict)  # noqa: UP006


@dataclass
class DataSharingParams:
    """Shipping lines share manifest data: better targeting at the same selection rate."""

    enabled: bool = False
    start: str = "2024-01-01"
    ports: List[str] = field(default_factory=list)  # noqa: UP006
    targeting_gain: float = 0.0
    carrier_participation: float = 1.0


@dataclass
class BeneluxAgencyParams:
    """Benelux anti-drug agency: a pool of mobile scanners and joint targeting.

    A mobile scanner joins the scanner pool of the port where it stands and scans at that
    port's cycle time (``scan_time_h``): the queue stays one FCFS pool of identical scanners.
    """

    enabled: bool = False
    start: str = "2024-01-01"
    ports: List[str] = field(  # noqa: UP006
        default_factory=lambda: ["antwerp", "zeebrugge", "rotterdam", "vlissingen"]
    )
    mobile_scanners: int = 0
    move_time_h: float = 8.0
    relocation: Relocation = Relocation.follow_seizures
    review_days: float = 14.0
    seizure_window_days: float = 60.0
    joint_targeting_gain: float = 0.0


@dataclass
class InsiderCrackdownParams:
    """Measures against insiders (PIN-code security, vetting) at chosen ports."""

    enabled: bool = False
    start: str = "2024-01-01"
    ports: List[str] = field(default_factory=list)  # noqa: UP006
    extraction_reduction: float = 0.0
    fee_increase: float = 0.0


@dataclass
class LeverParams:
    """The policy levers of the public debate; each off unless a scenario switches it on."""

    alliance: AllianceParams = field(default_factory=AllianceParams)
    liaison: LiaisonParams = field(default_factory=LiaisonParams)
    data_sharing: DataSharingParams = field(default_factory=DataSharingParams)
    benelux_agency: BeneluxAgencyParams = field(default_factory=BeneluxAgencyParams)
    insider_crackdown: InsiderCrackdownParams = field(default_factory=InsiderCrackdownParams)


@dataclass
class CostParams:
    """Prices of the cost module (EUR); sources or assumptions in ``configs/config.yaml``."""

    fixed_scanner_eur: float = 0.0
    mobile_scanner_eur: float = 0.0
    scanner_life_years: float = 10.0
    scanner_operating_eur_per_year: float = 0.0
    scan_eur: float = 0.0
    inspection_eur: float = 0.0
    delay_eur_per_container_h: float = 0.0
    liaison_officer_eur_per_year: float = 0.0
    data_sharing_eur_per_year: float = 0.0
    alliance_intelligence_eur_per_year: float = 0.0
    agency_move_eur: float = 0.0
    insider_measures_eur_per_port_year: float = 0.0


@dataclass
class LeverChange:
    """A policy-schedule entry: from ``start`` (ISO date) on, ``ports.<port>.<lever> = value``."""

    port: str = ""
    lever: str = ""
    value: float = 0.0
    start: str = ""


@dataclass
class ScenarioParams:
    """A named policy package: a description and a schedule of lever changes over time.

    ``schedule`` maps an entry name to ``{port, lever, value, start}``. It is typed loosely for
    Hydra (OmegaConf cannot assign a command-line mapping to a typed dict entry) and checked
    entry by entry by :func:`validate`, which turns every entry into a :class:`LeverChange`.
    Add one from the command line with
    ``'+scenario.schedule.NAME={port: antwerp, lever: scanners, value: 9, start: "2024-01-01"}'``.
    """

    name: str = "baseline"
    description: str = ""
    mode: ScenarioMode = ScenarioMode.network
    schedule: Dict[str, Any] = field(default_factory=dict)  # noqa: UP006
    counterfactual: bool = False
    policy_start: Optional[str] = None  # noqa: UP045
    treated: List[str] = field(default_factory=list)  # noqa: UP006
    buffer: List[str] = field(default_factory=list)  # noqa: UP006
    factor: float = 1.0  # a multiplier a scenario file may use in its schedule (sweepable)


@dataclass
class QueueCheckParams:
    """The ``queue_check`` scenario: one port, Poisson arrivals, c scanners, no hold cap."""

    arrival_rate_per_h: float = 8.0
    scan_time_h: float = 0.3
    scanners: int = 3
    service: ScanTimeDistribution = ScanTimeDistribution.exponential


@dataclass
class RunParams:
    """Horizon, replications, seeds and scale of one run (not levers, not uncertainties)."""

    start_date: str = "2023-01-01"
    horizon_days: int = 365
    warmup_days: int = 30
    replications: int = 5
    seed: int = 2023
    scale: float = 1.0
    period: Period = Period.month
    monitor_interval_h: float = 4.0


@dataclass
class Params:
    """Root of the configuration tree (``configs/config.yaml``)."""

    run: RunParams = field(default_factory=RunParams)
    ports: Dict[str, PortParams] = field(default_factory=dict)  # noqa: UP006
    security: SecurityParams = field(default_factory=SecurityParams)
    traffic: TrafficParams = field(default_factory=TrafficParams)
    traffickers: TraffickerParams = field(default_factory=TraffickerParams)
    scenario: ScenarioParams = field(default_factory=ScenarioParams)
    levers: LeverParams = field(default_factory=LeverParams)
    costs: CostParams = field(default_factory=CostParams)
    queue_check: QueueCheckParams = field(default_factory=QueueCheckParams)

    @property
    def warmup_h(self) -> float:
        """Length of the warm-up simulated before ``run.start_date`` (h)."""
        return self.run.warmup_days * 24.0

    @property
    def horizon_h(self) -> float:
        """Length of the observed window after ``run.start_date`` (h)."""
        return self.run.horizon_days * 24.0

    @property
    def start(self) -> dt.date:
        """Calendar date at which the observed window starts."""
        return dt.date.fromisoformat(self.run.start_date)

    def hours_since_sim_start(self, date: dt.date) -> float:
        """Simulation clock (h) of a calendar date; 0 is ``start_date - warmup_days``."""
        return (date - self.start).days * 24.0 + self.warmup_h


# --------------------------------------------------------------------------------------------
# validation


def _fmt_allowed(values: list[str] | tuple[str, ...]) -> str:
    return ", ".join(values)


def _probability(key: str, value: float) -> None:
    if not 0.0 <= value <= 1.0:
        raise ConfigError(key, f"must be a probability in [0, 1], got {value}")


def _count(key: str, value: float) -> None:
    if value < 0 or value != int(value):
        raise ConfigError(key, f"must be a whole number >= 0, got {value}")


def _positive(key: str, value: float) -> None:
    if not value > 0 or math.isnan(value):
        raise ConfigError(key, f"must be > 0, got {value}")


def _hours_per_day(key: str, value: float) -> None:
    if not 0.0 < value <= 24.0:
        raise ConfigError(key, f"must be in (0, 24] hours, got {value}")


def _clock_hour(key: str, value: float) -> None:
    if not 0.0 <= value < 24.0:
        raise ConfigError(key, f"must be a clock hour in [0, 24), got {value}")


PORT_LEVER_RULES = {
    "scanners": _count,
    "scan_time_h": _positive,
    "scan_time_cv": _positive,
    "scanner_hours_per_day": _hours_per_day,
    "shift_start_h": _clock_hour,
    "selection_rate": _probability,
    "latam_selection_rate": _probability,
    "targeting_quality": _probability,
    "inspection_teams": _count,
    "inspection_time_h": _positive,
    "hold_cap_h": _positive,
    "insider_rate": _probability,
    "insider_fee_share": _probability,
}
"""Range rule of every numeric per-port lever; the schedule uses the same rules."""

SCHEDULABLE_LEVERS: tuple[str, ...] = tuple(PORT_LEVER_RULES)


def _check_port(key: str, port: PortParams) -> None:
    for name, rule in PORT_LEVER_RULES.items():
        value = getattr(port, name)
        if value is not None:
            rule(f"{key}.{name}", value)


def _check_date(key: str, text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        raise ConfigError(key, f"must be an ISO date YYYY-MM-DD, got {text!r}") from None


def validate(params: Params, known_ports: tuple[str, ...] = PORT_KEYS) -> Params:
    """Check ranges and cross-field rules; return ``params`` unchanged or raise ConfigError.

    Parameters
    ----------
    params
        Parameters after Hydra composition (types and key names already checked).
    known_ports
        Port keys present in the evidence tables (``seeds/ports.csv``).
    """
    run = params.run
    _check_date("run.start_date", run.start_date)
    if run.horizon_days <= 0:
        raise ConfigError("run.horizon_days", f"must be >= 1 day, got {run.horizon_days}")
    if run.warmup_days < 0:
        raise ConfigError("run.warmup_days", f"must be >= 0 days, got {run.warmup_days}")
    if run.replications < 1:
        raise ConfigError("run.replications", f"must be >= 1, got {run.replications}")
    if run.seed < 0:
        raise ConfigError("run.seed", f"must be >= 0, got {run.seed}")
    if not 0.0 < run.scale <= 1.0:
        raise ConfigError("run.scale", f"must be in (0, 1], got {run.scale}")
    _positive("run.monitor_interval_h", run.monitor_interval_h)

    if params.scenario.mode is ScenarioMode.queue_check:
        qc = params.queue_check
        _positive("queue_check.arrival_rate_per_h", qc.arrival_rate_per_h)
        _positive("queue_check.scan_time_h", qc.scan_time_h)
        if qc.scanners < 1:
            raise ConfigError("queue_check.scanners", f"must be >= 1, got {qc.scanners}")
        if qc.service is ScanTimeDistribution.gamma:
            raise ConfigError("queue_check.service", "allowed: exponential, deterministic")
        return params

    if not params.ports:
        raise ConfigError("ports", f"no port configured; allowed: {_fmt_allowed(known_ports)}")
    for name, port in params.ports.items():
        if name not in known_ports:
            raise ConfigError(
                f"ports.{name}", f"unknown port; allowed: {_fmt_allowed(known_ports)}"
            )
        _check_port(f"ports.{name}", port)

    sec = params.security
    for method in METHOD_KEYS:
        if method not in sec.methods:
            raise ConfigError(f"security.methods.{method}", "missing concealment method")
    for method, mp in sec.methods.items():
        if method not in METHOD_KEYS:
            raise ConfigError(
                f"security.methods.{method}",
                f"unknown method; allowed: {_fmt_allowed(METHOD_KEYS)}",
            )
        _probability(f"security.methods.{method}.image_detection", mp.image_detection)
        _probability(f"security.methods.{method}.inspection_detection", mp.inspection_detection)
    _probability("security.false_alarm_rate", sec.false_alarm_rate)
    if sec.high_risk_selection_multiplier < 1.0:
        raise ConfigError(
            "security.high_risk_selection_multiplier",
            f"must be >= 1, got {sec.high_risk_selection_multiplier}",
        )
    _positive("security.inspection_time_cv", sec.inspection_time_cv)

    tr = params.traffic
    if tr.throughput_year is not None and not 2021 <= tr.throughput_year <= 2024:
        raise ConfigError(
            "traffic.throughput_year", f"allowed: 2021-2024, got {tr.throughput_year}"
        )
    _positive("traffic.containers_per_call_latam", tr.containers_per_call_latam)
    _positive("traffic.containers_per_call_other", tr.containers_per_call_other)
    _positive("traffic.discharge_moves_per_h", tr.discharge_moves_per_h)

    _check_traffickers(params.traffickers, tuple(params.ports))
    _check_scenario_groups(params)
    _check_levers(params.levers, tuple(params.ports))
    _check_costs(params.costs)

    schedule = params.scenario.schedule
    for entry in list(schedule):
        key = f"scenario.schedule.{entry}"
        change = schedule[entry] = _lever_change(key, schedule[entry])
        if change.port not in params.ports:
            raise ConfigError(
                f"{key}.port",
                f"unknown port {change.port!r}; allowed: {_fmt_allowed(tuple(params.ports))}",
            )
        if change.lever not in SCHEDULABLE_LEVERS:
            raise ConfigError(
                f"{key}.lever",
                f"unknown lever {change.lever!r}; allowed: {_fmt_allowed(SCHEDULABLE_LEVERS)}",
            )
        PORT_LEVER_RULES[change.lever](f"{key}.value", change.value)
        _check_date(f"{key}.start", change.start)
    return params


def _check_traffickers(tp: TraffickerParams, ports: tuple[str, ...]) -> None:
    """Ranges of the trafficking parameters and consistency of the organisations."""
    if tp.annual_volume_t < 0:
        raise ConfigError("traffickers.annual_volume_t", f"must be >= 0, got {tp.annual_volume_t}")
    if tp.rationality < 0:
        raise ConfigError("traffickers.rationality", f"must be >= 0, got {tp.rationality}")
    if not tp.organisations:
        raise ConfigError("traffickers.organisations", "at least one organisation is needed")
    total = 0.0
    for name, org in tp.organisations.items():
        key = f"traffickers.organisations.{name}"
        _probability(f"{key}.volume_share", org.volume_share)
        total += org.volume_share
        if not org.ports:
            raise ConfigError(f"{key}.ports", "needs at least one established port")
        for port in org.ports:
            if port not in ports:
                raise ConfigError(
                    f"{key}.ports", f"unknown port {port!r}; allowed: {_fmt_allowed(ports)}"
                )
    if not math.isclose(total, 1.0, abs_tol=1e-6):
        raise ConfigError(
            "traffickers.organisations", f"volume_share must sum to 1, got {total:.6g}"
        )
    econ = tp.economics
    for name in ("wholesale_eur_per_kg", "source_eur_per_kg", "logistics_eur_per_kg"):
        if getattr(econ, name) < 0:
            raise ConfigError(f"traffickers.economics.{name}", "must be >= 0")
    if econ.wholesale_eur_per_kg <= 0:
        raise ConfigError("traffickers.economics.wholesale_eur_per_kg", "must be > 0")
    for method in METHOD_KEYS:
        if method not in econ.method_cost_eur:
            raise ConfigError(f"traffickers.economics.method_cost_eur.{method}", "missing")
    for method, cost in econ.method_cost_eur.items():
        if method not in METHOD_KEYS:
            raise ConfigError(
                f"traffickers.economics.method_cost_eur.{method}",
                f"unknown method; allowed: {_fmt_allowed(METHOD_KEYS)}",
            )
        if cost < 0:
            raise ConfigError(f"traffickers.economics.method_cost_eur.{method}", "must be >= 0")
    for port, cost in econ.port_cost_eur_per_kg.items():
        if port not in ports:
            raise ConfigError(
                f"traffickers.economics.port_cost_eur_per_kg.{port}",
                f"unknown port; allowed: {_fmt_allowed(ports)}",
            )
        if not math.isfinite(cost):
            raise ConfigError(
                f"traffickers.economics.port_cost_eur_per_kg.{port}", "must be finite"
            )
    for name in ("port_switching_cost_eur", "origin_switching_cost_eur"):
        if getattr(econ, name) < 0:
            raise ConfigError(f"traffickers.economics.{name}", "must be >= 0")
    if econ.establish_after < 1:
        raise ConfigError("traffickers.economics.establish_after", "must be >= 1")
    lp = tp.learning
    _positive("traffickers.learning.memory_days", lp.memory_days)
    _probability("traffickers.learning.news_weight", lp.news_weight)
    if lp.news_delay_days < 0:
        raise ConfigError("traffickers.learning.news_delay_days", "must be >= 0")
    _probability("traffickers.learning.prior_risk", lp.prior_risk)
    _positive("traffickers.learning.prior_strength", lp.prior_strength)
    _probability("traffickers.learning.origin_prior_risk", lp.origin_prior_risk)
    pp = tp.pressure
    _probability("traffickers.pressure.tolerance", pp.tolerance)
    if pp.tolerance >= 1:
        raise ConfigError("traffickers.pressure.tolerance", "must be < 1")
    for name in ("split_sensitivity", "explore_sensitivity"):
        if getattr(pp, name) < 0:
            raise ConfigError(f"traffickers.pressure.{name}", "must be >= 0")
    if not 0 < pp.min_load_factor <= 1:
        raise ConfigError("traffickers.pressure.min_load_factor", "must be in (0, 1]")
    _positive("traffickers.load_median_kg", tp.load_median_kg)
    _positive("traffickers.load_sigma", tp.load_sigma)
    if tp.load_max_kg < tp.load_median_kg:
        raise ConfigError(
            "traffickers.load_max_kg", f"must be >= load_median_kg ({tp.load_median_kg})"
        )


def _check_ports(key: str, ports: list[str], allowed: tuple[str, ...]) -> None:
    for port in ports:
        if port not in allowed:
            raise ConfigError(key, f"unknown port {port!r}; allowed: {_fmt_allowed(allowed)}")


def _check_levers(lv: LeverParams, ports: tuple[str, ...]) -> None:
    """Ranges of the policy levers (origins are checked against the evidence in derive)."""
    for name in ("alliance", "liaison", "data_sharing", "benelux_agency", "insider_crackdown"):
        _check_date(f"levers.{name}.start", getattr(lv, name).start)
    al = lv.alliance
    _check_ports("levers.alliance.members", al.members, ports)
    if al.enabled and len(al.members) < 2:
        raise ConfigError("levers.alliance.members", "an alliance needs at least two ports")
    _probability("levers.alliance.min_selection_rate", al.min_selection_rate)
    for name in ("min_scanners_per_million", "min_hold_cap_h"):
        if getattr(al, name) < 0:
            raise ConfigError(f"levers.alliance.{name}", "must be >= 0")
    _probability("levers.alliance.intelligence_gain", al.intelligence_gain)
    _positive("levers.alliance.intelligence_days", al.intelligence_days)
    allowed_match = ("origin", "method", "organisation")
    if not al.match:
        raise ConfigError("levers.alliance.match", f"choose from {_fmt_allowed(allowed_match)}")
    for item in al.match:
        if item not in allowed_match:
            raise ConfigError(
                "levers.alliance.match", f"unknown {item!r}; allowed: {_fmt_allowed(allowed_match)}"
            )
    li = lv.liaison
    if li.enabled and not li.origins:
        raise ConfigError("levers.liaison.origins", "needs at least one origin port")
    if li.teams_per_origin < 1:
        raise ConfigError("levers.liaison.teams_per_origin", "must be >= 1")
    _positive("levers.liaison.check_time_h", li.check_time_h)
    _positive("levers.liaison.max_hold_h", li.max_hold_h)
    for name in ("selection_rate", "targeting_quality", "detection"):
        _probability(f"levers.liaison.{name}", getattr(li, name))
    for origin, boxes in li.eu_bound_containers_per_year.items():
        if boxes < 0:
            raise ConfigError(
                f"levers.liaison.eu_bound_containers_per_year.{origin}", "must be >= 0"
            )
    ds = lv.data_sharing
    _check_ports("levers.data_sharing.ports", ds.ports, ports)
    _probability("levers.data_sharing.targeting_gain", ds.targeting_gain)
    _probability("levers.data_sharing.carrier_participation", ds.carrier_participation)
    ag = lv.benelux_agency
    _check_ports("levers.benelux_agency.ports", ag.ports, ports)
    if ag.enabled and len(ag.ports) < 2:
        raise ConfigError("levers.benelux_agency.ports", "needs at least two ports")
    if ag.mobile_scanners < 0:
        raise ConfigError("levers.benelux_agency.mobile_scanners", "must be >= 0")
    for name in ("review_days", "seizure_window_days"):
        _positive(f"levers.benelux_agency.{name}", getattr(ag, name))
    if ag.move_time_h < 0:
        raise ConfigError("levers.benelux_agency.move_time_h", "must be >= 0")
    _probability("levers.benelux_agency.joint_targeting_gain", ag.joint_targeting_gain)
    ic = lv.insider_crackdown
    _check_ports("levers.insider_crackdown.ports", ic.ports, ports)
    _probability("levers.insider_crackdown.extraction_reduction", ic.extraction_reduction)
    if ic.fee_increase < 0:
        raise ConfigError("levers.insider_crackdown.fee_increase", "must be >= 0")


def _check_costs(costs: CostParams) -> None:
    for f in fields(CostParams):
        if getattr(costs, f.name) < 0:
            raise ConfigError(f"costs.{f.name}", f"must be >= 0, got {getattr(costs, f.name)}")
    _positive("costs.scanner_life_years", costs.scanner_life_years)


def _check_scenario_groups(params: Params) -> None:
    """Treated and buffer ports of a scenario with a counterfactual."""
    sc = params.scenario
    ports = tuple(params.ports)
    for name in ("treated", "buffer"):
        for port in getattr(sc, name):
            if port not in ports:
                raise ConfigError(
                    f"scenario.{name}", f"unknown port {port!r}; allowed: {_fmt_allowed(ports)}"
                )
    overlap = set(sc.treated) & set(sc.buffer)
    if overlap:
        raise ConfigError("scenario.buffer", f"ports also treated: {', '.join(sorted(overlap))}")
    if sc.counterfactual and not sc.treated:
        raise ConfigError(
            "scenario.treated", "a scenario with a counterfactual needs treated ports"
        )
    if sc.policy_start is not None:
        _check_date("scenario.policy_start", sc.policy_start)


def _lever_change(key: str, entry: Any) -> LeverChange:
    """A schedule entry (mapping) as a LeverChange, or ConfigError naming what is wrong."""
    if isinstance(entry, LeverChange):
        return entry
    allowed = field_names(LeverChange)
    if not isinstance(entry, dict):
        raise ConfigError(key, f"must be a mapping with keys {_fmt_allowed(allowed)}")
    for name in entry:
        if name not in allowed:
            raise ConfigError(f"{key}.{name}", f"unknown key; allowed: {_fmt_allowed(allowed)}")
    for name in allowed:
        if entry.get(name) is None:
            raise ConfigError(f"{key}.{name}", "missing")
    try:
        value = float(entry["value"])
    except (TypeError, ValueError):
        raise ConfigError(f"{key}.value", f"expected a number, got {entry['value']!r}") from None
    return LeverChange(
        port=str(entry["port"]), lever=str(entry["lever"]), value=value, start=str(entry["start"])
    )


def check_origins(params: Params, known_origins: tuple[str, ...]) -> None:
    """Every origin named in the config (networks, liaison) must exist in the evidence."""
    liaison = params.levers.liaison
    for origin in [*liaison.origins, *liaison.eu_bound_containers_per_year]:
        if origin not in known_origins:
            raise ConfigError(
                "levers.liaison.origins",
                f"unknown origin {origin!r}; allowed: {_fmt_allowed(known_origins)}",
            )
    for name, org in params.traffickers.organisations.items():
        for origin in org.origins:
            if origin not in known_origins:
                raise ConfigError(
                    f"traffickers.organisations.{name}.origins",
                    f"unknown origin {origin!r}; allowed: {_fmt_allowed(known_origins)}",
                )


def field_names(cls: type) -> list[str]:
    """Names of a schema dataclass's fields, for 'allowed keys' messages."""
    return [f.name for f in fields(cls)]


def as_plain(value: Any) -> Any:
    """Enum members to their value; everything else unchanged (for tables and metadata)."""
    return value.value if isinstance(value, Enum) else value
