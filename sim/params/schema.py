"""The parameter schema: what every configuration key is, its rule, unit and meaning.

These dataclasses are the validated parameters the model is built from. They carry **no
defaults**: every value comes from the configs (``configs/``), composed by Hydra and checked by
:func:`sim.params.convert.to_params` against the rules declared here (one :func:`knob` each,
:mod:`sim.params.rules`). The policy levers of the public debate declare their own blocks in
their modules (``sim/engine/levers/``); ``levers`` maps their names to those blocks.

Vocabulary (SPEC §2): *levers* are what policy sets (``ports.<port>.*``, ``scenario.schedule``,
``levers.*``), *uncertainties* what we do not know (``traffickers.*``, ``security.*``, prices),
*settings* how the run is done (``run.*``, names). Simulation time is hours; configs speak in
days, hours, dates and kg (:mod:`sim.clock`).

Upper bounds exist on every count and size so that no input can exhaust this machine's memory or
run for ever; they are far above any value the evidence supports, and the rules say so.

Instances are not frozen (the engine takes mutable copies of a port's levers for the policy
schedule); treat them as read-only after validation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from enum import Enum
from typing import Any, ClassVar

from sim.clock import HOURS_PER_DAY, RunCalendar
from sim.errors import ConfigError
from sim.params.rules import (
    AtLeast,
    Check,
    Choice,
    Context,
    Date,
    Disjoint,
    Flag,
    InsideWindowWhen,
    Items,
    Kind,
    Name,
    NonEmptyWhen,
    Number,
    SharesSumTo,
    Text,
    count,
    knob,
    positive,
    probability,
    registry_section,
    rule_of,
    section,
    table,
)

LEVER = Kind.lever
UNCERTAIN = Kind.uncertainty
SETTING = Kind.setting

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

METHOD_KEYS: tuple[str, ...] = (
    "rip_on_rip_off",
    "cover_load",
    "structure",
    "reefer_unit",
    "chemical",
)
"""Concealment methods (SPEC §2): rip-on/rip-off (bags behind the doors, taken out by insiders),
cover load (hidden among the legitimate cargo), deep concealment in the container structure,
concealment in the reefer (refrigeration) unit, and chemical incorporation (cocaine impregnated
into plastics, textiles, cardboard or charcoal, or dissolved in liquids such as molasses, and
extracted again in a laboratory in Europe; Europol: such cargo defeats scanners, dogs and field
tests — validation-evidence.md §4). New methods go at the end: a method's index is part of the
option order."""

MAX_SCANNERS = 500
"""Scanners or teams at one port: Antwerp had 5 fixed scanners in 2023; 500 is a hundredfold."""

OBSERVED_YEARS: tuple[int, int] = (2020, 2024)
"""Years a scenario may declare as ``scenario.observed_year``: those with per-port figures in
``seeds/published.csv`` up to the out-of-sample year 2024. 2025 is the blind forecast year of
``experiments/validation`` and no run is compared with it."""


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


class BeyondData(Enum):
    """Legitimate traffic in a calendar year after the last year of ``seeds/throughput.csv``.

    ``hold_last``: every later year has the last data year's import volumes (the default, and
    the model's behaviour before the key existed); ``growth``: the last data year's volumes
    compound at ``traffic.growth_per_year`` a year, (1 + g)^(year - last data year). Neither is
    sourced: no published 2025 throughput is used (README, "Runs over several years").
    """

    hold_last = "hold_last"
    growth = "growth"


class Period(Enum):
    """Length of one row of ``timeseries.csv``."""

    week = "week"
    month = "month"
    quarter = "quarter"


PORTS = Choice(source="ports")
ORIGINS = Choice(source="origins")
METHODS = Choice(METHOD_KEYS)
ORIGIN_COUNTRIES = Choice(("EC", "CO", "BR", "CR", "DO", "PE", "SL"))
"""Countries of the origin ports (seeds/origin_ports.csv); SL is the transit origin Freetown."""


@dataclass
class PortParams:
    """Per-port levers: capacity and policy at one European port (2023 levels in ``configs/ports``).

    ``selection_rate`` is the share of all discharged containers selected for a scan. Containers
    from Latin-American (high-risk) origins are selected ``security.high_risk_selection_multiplier``
    times as often as the rest, unless ``latam_selection_rate`` sets their rate directly (the other
    containers then keep the rate implied by ``selection_rate``). ``targeting_quality`` q lifts the
    selection probability of a contaminated container from its group rate s to s + q(1 − s).
    """

    scanners: int = knob(count(MAX_SCANNERS), "fixed scanners at the port", "scanners", LEVER)
    scan_time_h: float = knob(positive(48.0), "mean scan cycle of one scanner", "h", LEVER)
    scan_time_distribution: ScanTimeDistribution = knob(
        Choice(enum=ScanTimeDistribution), "distribution of one scan cycle", "-", UNCERTAIN
    )
    scan_time_cv: float = knob(
        positive(5.0), "coefficient of variation of the scan cycle (gamma)", "-", UNCERTAIN
    )
    scanner_hours_per_day: float = knob(
        Number(0.0, HOURS_PER_DAY, lo_open=True),
        "daily hours in which scans and inspections start",
        "h",
        LEVER,
    )
    shift_start_h: float = knob(
        Number(0.0, HOURS_PER_DAY, hi_open=True),
        "clock hour at which the daily window opens",
        "h",
        LEVER,
    )
    selection_rate: float = knob(
        probability(), "share of all discharged containers selected for a scan", "share", LEVER
    )
    latam_selection_rate: float | None = knob(
        probability(nullable=True),
        "share of Latin-American containers selected (null: 5x the others' rate)",
        "share",
        LEVER,
    )
    targeting_quality: float = knob(
        probability(), "extra chance q that risk profiling flags a contaminated box", "-", LEVER
    )
    inspection_teams: int = knob(
        count(MAX_SCANNERS), "physical-inspection (devanning) teams", "teams", LEVER
    )
    inspection_time_h: float = knob(
        Number(0.05, 72.0), "mean duration of a physical inspection", "h", LEVER
    )
    hold_cap_h: float = knob(
        Number(0.5, 2160.0), "longest wait for a scanner before release unscanned", "h", LEVER
    )
    insider_rate: float = knob(
        probability(), "chance that insiders extract a rip-on/rip-off box before any check", "-"
    )
    insider_fee_share: float = knob(
        probability(), "insiders' share of the value of an extracted load", "share"
    )


SCHEDULABLE_LEVERS: tuple[str, ...] = tuple(
    f.name for f in fields(PortParams) if isinstance(f.metadata["rule"], Number)
)
"""Per-port levers a policy schedule may change: every numeric field of :class:`PortParams`."""


@dataclass
class MethodParams:
    """Detection of one concealment method (uncertainties; sources in ``configs/config.yaml``)."""

    image_detection: float = knob(probability(), "chance a scan image shows the load", "-")
    inspection_detection: float = knob(
        probability(), "chance a physical inspection finds the load", "-"
    )
    uses_insiders: bool = knob(Flag(), "the method needs insiders at the terminal", "-")


@dataclass
class SecurityParams:
    """Network-wide parameters of risk targeting, image analysis and physical inspection."""

    methods: dict[str, MethodParams] = table(
        "detection by concealment method", METHODS, complete=True, noun="method"
    )
    false_alarm_rate: float = knob(
        probability(), "share of scanned legitimate boxes sent to inspection", "share"
    )
    high_risk_selection_multiplier: float = knob(
        Number(1.0, 100.0), "how many times as often Latin-American boxes are selected", "ratio"
    )
    lane_selection_factor: dict[str, float] = table(
        "relative selection of a Latin-American lane by origin country (the group's rate is kept)",
        ORIGIN_COUNTRIES,
        positive(100.0),
        complete=True,
        unit="ratio",
        noun="country",
    )
    inspection_time_cv: float = knob(
        positive(5.0), "coefficient of variation of an inspection's duration", "-"
    )


@dataclass(frozen=True)
class GrowthNeedsBeyondData(Check):
    """``traffic.growth_per_year`` acts only with ``beyond_data=growth`` and unpinned volumes.

    A growth rate set while the last year is held would be silently ignored, and growth from a
    pinned ``throughput_year`` would contradict "this year's volumes every year": both are errors.
    """

    def apply(self, obj: Any, key: str, ctx: Context) -> None:
        """Relate ``beyond_data``, ``growth_per_year`` and ``throughput_year``."""
        growth = obj.beyond_data is BeyondData.growth
        if not growth and obj.growth_per_year != 0:
            raise ConfigError(
                f"{key}.growth_per_year",
                f"{obj.growth_per_year:g} has no effect with {key}.beyond_data=hold_last",
                f"0, or {key}.beyond_data=growth",
            )
        if growth and obj.throughput_year is not None:
            raise ConfigError(
                f"{key}.beyond_data",
                f"growth extends the data years, but {key}.throughput_year="
                f"{obj.throughput_year} pins every year to one year's volumes",
                f"hold_last with a throughput_year, or growth with {key}.throughput_year=null",
            )


@dataclass
class TrafficParams:
    """Legitimate traffic: vessel calls discharging import containers (volumes from ``seeds/``)."""

    CHECKS: ClassVar[tuple[Check, ...]] = (GrowthNeedsBeyondData(),)

    throughput_year: int | None = knob(
        Number(2021, 2024, integer=True, nullable=True),
        "use this year's volumes every year (null: each year its own)",
        "year",
        SETTING,
    )
    beyond_data: BeyondData = knob(
        Choice(enum=BeyondData),
        "import volumes in years after the data (seeds/throughput.csv ends 2024): hold_last "
        "keeps the last year's, growth compounds growth_per_year from it",
        "-",
    )
    growth_per_year: float = knob(
        Number(-0.5, 0.5),
        "yearly growth of import volumes after the last data year (beyond_data=growth only)",
        "share/yr",
    )
    containers_per_call_latam: float = knob(
        Number(10.0, 30000.0), "mean import boxes a Latin-American call discharges", "containers"
    )
    containers_per_call_other: float = knob(
        Number(10.0, 30000.0), "mean import boxes any other call discharges", "containers"
    )
    discharge_moves_per_h: float = knob(
        Number(1.0, 1000.0), "boxes discharged per hour of a call", "containers/h"
    )


@dataclass
class OrganisationParams:
    """One trafficking organisation: its share of the volume and its established network."""

    volume_share: float = knob(probability(), "share of the annual volume", "share")
    ports: list[str] = knob(Items(PORTS, min_len=1), "ports of its established network")
    origins: list[str] = knob(Items(ORIGINS, min_len=1), "origins of its established network")


@dataclass
class EconomicsParams:
    """Prices and costs in expected profit (sources and assumptions in the traffickers configs).

    A method costs ``method_cost_eur`` per load (preparing the container) plus
    ``method_cost_eur_per_kg`` per kg (chemical incorporation: extracting the cocaine again in a
    European laboratory, with its yield loss); both are assumptions, sources beside the values.
    """

    wholesale_eur_per_kg: float = knob(positive(1e6), "European wholesale price", "EUR/kg")
    source_eur_per_kg: float = knob(Number(0.0, 1e6), "price at the source", "EUR/kg")
    logistics_eur_per_kg: float = knob(Number(0.0, 1e6), "other logistics per kg", "EUR/kg")
    method_cost_eur: dict[str, float] = table(
        "fixed cost of preparing one container, by method",
        METHODS,
        Number(0.0, 1e8),
        complete=True,
        unit="EUR",
        noun="method",
    )
    method_cost_eur_per_kg: dict[str, float] = table(
        "cost per kg of a method (chemical: re-extraction in a European lab, its yield loss)",
        METHODS,
        Number(0.0, 1e6),
        complete=True,
        unit="EUR/kg",
        noun="method",
    )
    port_cost_eur_per_kg: dict[str, float] = table(
        "calibrated per-port cost constant (may be negative)",
        PORTS,
        Number(-1e6, 1e6),
        complete=True,
        unit="EUR/kg",
        noun="port",
    )
    origin_cost_eur_per_kg: dict[str, float] = table(
        "extra cost per kg of an origin (a transit origin's first leg and storage)",
        ORIGINS,
        Number(0.0, 1e6),
        complete=True,
        unit="EUR/kg",
        noun="origin",
    )
    port_switching_cost_eur: float = knob(
        Number(0.0, 1e9), "cost per shipment of a port outside the network", "EUR"
    )
    origin_switching_cost_eur: float = knob(
        Number(0.0, 1e9), "cost per shipment of an origin outside the network", "EUR"
    )
    establish_after: int = knob(
        count(10000, lo=1), "deliveries before a port or origin joins the network", "shipments"
    )


@dataclass
class LearningParams:
    """How perceived risk is learned: Beta beliefs with exponentially discounted counts."""

    enabled: bool = knob(Flag(), "organisations learn from outcomes", "-")
    memory_days: float = knob(positive(3650.0), "time constant of forgetting", "d")
    news_weight: float = knob(probability(), "weight of another organisation's outcome", "-")
    news_delay_days: float = knob(
        Number(0.0, 365.0), "delay before others' outcomes are known", "d"
    )
    prior_risk: float = knob(probability(), "perceived port risk before any evidence", "-")
    prior_strength: float = knob(positive(1000.0), "pseudo-observations behind the prior", "-")
    origin_prior_risk: float = knob(probability(), "perceived origin risk before evidence", "-")
    announcement_weight: float = knob(
        Number(0.0, 10.0),
        "weight of an announced policy, as a share of the evidence held on the place",
        "-",
    )
    announcement_risk_factor: float = knob(
        Number(1.0, 100.0), "how many times riskier an announced policy makes a place look", "-"
    )
    announcement_lead_days: float = knob(
        Number(0.0, 365.0), "how long before its start a policy is known", "d"
    )


@dataclass
class AbandonParams:
    """Loss thresholds: an organisation drops a route on which its own losses pile up."""

    enabled: bool = knob(Flag(), "adaptive organisations abandon routes", "-", SETTING)
    after_losses: float = knob(
        Number(1.0, 1000.0), "own seizures on a route (discounted) that trigger abandoning", "-"
    )
    loss_share: float = knob(
        probability(), "own loss rate on the route at or above which it is abandoned", "share"
    )
    days: float = knob(positive(3650.0), "how long an abandoned route stays out of the choice", "d")


@dataclass
class PressureParams:
    """Reaction to losses: smaller loads (splitting) and more willingness to try new routes."""

    tolerance: float = knob(
        Number(0.0, 1.0, hi_open=True), "own loss rate tolerated before reacting", "share"
    )
    split_sensitivity: float = knob(Number(0.0, 100.0), "how fast loads shrink under pressure", "-")
    min_load_factor: float = knob(
        Number(0.01, 1.0), "smallest typical load, as a share of the rest load", "-"
    )
    explore_sensitivity: float = knob(
        Number(0.0, 100.0), "how fast switching costs fall under pressure", "-"
    )


OUTSIDE_ROUTE_KEYS: tuple[str, ...] = ("rest_of_europe", "at_sea")
"""Routes into Europe outside the 12 modelled ports (trafficking v2): an aggregated group of the
other container ports (Spanish, Portuguese, Italian, French, Baltic and UK ports not modelled one
by one) and at-sea routes (transfers off West Africa or the Azores, semi-submersibles)."""
OUTSIDE_ROUTES = Choice(OUTSIDE_ROUTE_KEYS)
SUPPLY_YEARS = Choice(tuple(str(y) for y in range(2015, 2031)))


@dataclass
class OriginInterdictionParams:
    """National interdiction in an origin country before an EU-bound load leaves (yearly)."""

    rate_by_year: dict[str, float] = table(
        "probability an EU-bound load is seized before departure, by year (later years keep "
        "the last value, earlier ones the first)",
        SUPPLY_YEARS,
        probability(),
        min_entries=1,
        unit="share",
        noun="year",
    )


@dataclass
class OutsideRouteParams:
    """One route outside the 12 ports: its costs, capacity, interdiction and typical load."""

    enabled: bool = knob(Flag(), "organisations may use the route", "-", SETTING)
    cost_eur_per_kg: float = knob(
        Number(-1e5, 1e5), "extra cost per kg against a container port of the network", "EUR/kg"
    )
    fixed_cost_eur: float = knob(Number(0.0, 1e8), "fixed cost of one load on the route", "EUR")
    capacity_t_per_year: float = knob(
        positive(20000.0), "most cocaine the route can carry in a calendar year", "t"
    )
    interdiction_rate: float = knob(probability(), "probability a load on the route is seized")
    load_median_kg: float = knob(Number(1.0, 20000.0), "median load on the route at rest", "kg")
    transit_days: float = knob(Number(1.0, 365.0), "time from origin to the market", "d")


@dataclass
class HoldParams:
    """Delay: an organisation may hold a load at origin instead of shipping it now."""

    enabled: bool = knob(Flag(), "adaptive organisations may hold loads", "-", SETTING)
    hold_days: float = knob(positive(365.0), "how long a held load waits", "d")
    cost_share: float = knob(
        probability(), "cost of holding a load for hold_days, as a share of its value", "share"
    )


@dataclass
class SupplyParams:
    """The yearly flow towards Europe follows cocaine production (UNODC records)."""

    follow_production: bool = knob(Flag(), "scale the yearly volume with production", "-", SETTING)
    reference_year: str = knob(SUPPLY_YEARS, "year at which annual_volume_t holds", "year")
    production_t: dict[str, float] = table(
        "world cocaine production by year (UNODC); later years keep the last value",
        SUPPLY_YEARS,
        Number(1.0, 1e5),
        min_entries=1,
        unit="t",
        noun="year",
    )
    production_elasticity: float = knob(
        Number(0.0, 2.0), "elasticity of the flow to Europe with respect to production", "-"
    )


@dataclass
class MarketParams:
    """The European wholesale price responds to the kg delivered over the last year."""

    enabled: bool = knob(Flag(), "the price responds to deliveries", "-", SETTING)
    demand_elasticity: float = knob(
        Number(0.05, 10.0), "price elasticity of demand (absolute value)", "-"
    )
    update_days: float = knob(Number(1.0, 365.0), "how often the price is updated", "d")
    reference_share_delivered: float = knob(
        Number(0.01, 1.0), "share of the flow delivered at the reference price", "share"
    )
    price_floor_factor: float = knob(
        Number(0.01, 1.0), "lowest price, as a share of the reference price", "-"
    )
    price_cap_factor: float = knob(
        Number(1.0, 100.0), "highest price, as a multiple of the reference price", "-"
    )


@dataclass
class TraffickerParams:
    """Trafficking organisations: volume, behaviour, economics, learning and load sizes.

    ``method_max_share`` caps a concealment method whose capacity is physical (the origin
    workshops that build structural hides, the European laboratories that extract incorporated
    cocaine): in one calendar year at most that share of the year's flow (``annual_volume_t`` ×
    the year's supply factor) is committed to the method; a full method is closed to new loads,
    on every route, until 1 January (:class:`sim.engine.market.Market`). Should the caps ever
    close every option (only if every method is capped), they are ignored rather than leave an
    organisation without a route (:func:`sim.engine.choice.closed_to_minus_inf`).
    """

    CHECKS: ClassVar[tuple[Check, ...]] = (
        AtLeast("load_max_kg", "load_median_kg"),
        SharesSumTo("organisations", "volume_share", 1.0),
    )

    behaviour: Behaviour = knob(Choice(enum=Behaviour), "how organisations choose routes", "-")
    annual_volume_t: float = knob(
        Number(0.0, 20000.0), "cocaine shipped towards the modelled ports a year", "t"
    )
    rationality: float = knob(Number(0.0, 1000.0), "logit rationality λ of route choice", "-")
    organisations: dict[str, OrganisationParams] = table(
        "the trafficking organisations", Name(), min_entries=1, max_entries=50, noun="organisation"
    )
    economics: EconomicsParams = section("prices and costs in expected profit")
    learning: LearningParams = section("how perceived risk is learned")
    pressure: PressureParams = section("reaction to losses")
    load_median_kg: float = knob(
        Number(1.0, 10000.0), "median load at rest through a container port", "kg"
    )
    load_sigma: float = knob(positive(4.0), "log-sd of the load", "-")
    load_max_kg: float = knob(Number(1.0, 50000.0), "largest load in one shipment", "kg")
    risk_aversion: float = knob(
        Number(0.0, 100.0), "weight of the variance of the outcome in route utility", "-"
    )
    routes: dict[str, OutsideRouteParams] = table(
        "routes outside the 12 ports", OUTSIDE_ROUTES, complete=True, noun="route"
    )
    method_max_share: dict[str, float | None] = table(
        "largest share of the year's flow one method can carry in a calendar year (null: no cap)",
        METHODS,
        probability(nullable=True),
        complete=True,
        unit="share",
        noun="method",
    )
    hold: HoldParams = section("holding loads back (delay)")
    abandon: AbandonParams = section("abandoning a route after losses")
    origin_interdiction: dict[str, OriginInterdictionParams] = table(
        "national interdiction by origin country", ORIGIN_COUNTRIES, complete=True, noun="country"
    )
    supply: SupplyParams = section("the yearly volume and production")
    market: MarketParams = section("the wholesale price")


@dataclass
class LeverBlock:
    """What every ``levers.<name>`` block has: a switch and the date it acts from."""

    enabled: bool = knob(Flag(), "switch the lever on", "-", LEVER)
    start: str = knob(Date(window="simulated"), "date from which the lever acts", "date", LEVER)


@dataclass
class CostParams:
    """Prices of port security in the cost module (EUR); sources in ``configs/config.yaml``.

    The prices of the policy levers are in their own ``levers.<name>`` blocks.
    """

    fixed_scanner_eur: float = knob(Number(0.0, 1e9), "purchase price of a fixed scanner", "EUR")
    scanner_life_years: float = knob(
        Number(0.5, 100.0), "depreciation period of a scanner", "years"
    )
    scanner_operating_eur_per_year: float = knob(
        Number(0.0, 1e8), "staff and maintenance of a scanner a year", "EUR/year"
    )
    scan_eur: float = knob(Number(0.0, 1e5), "variable cost of one scan", "EUR")
    inspection_eur: float = knob(Number(0.0, 1e6), "variable cost of one inspection", "EUR")
    delay_eur_per_container_h: float = knob(
        Number(0.0, 1e4), "cost of one container-hour of dwell", "EUR/h"
    )


@dataclass(frozen=True)
class FollowsPortRule(Check):
    """A schedule entry's ``value`` obeys the rule of ``ports.<port>.<lever>``."""

    def apply(self, obj: Any, key: str, ctx: Context) -> None:
        """Check (and normalise) the value with the lever's own rule."""
        rule = rule_of(PortParams, obj.lever)
        obj.value = rule.check(f"{key}.value", obj.value, ctx)
        if obj.value is None:
            raise rule.fail(f"{key}.value", "must be set (null is not allowed)", ctx)


@dataclass(frozen=True)
class OneChangeAtATime(Check):
    """No two schedule entries change the same lever at the same port on the same date."""

    name: str

    def apply(self, obj: Any, key: str, ctx: Context) -> None:
        """Look for two entries with the same (port, lever, start)."""
        seen: dict[tuple[str, str, str], str] = {}
        for entry, change in getattr(obj, self.name).items():
            what = (change.port, change.lever, change.start)
            if what in seen:
                raise ConfigError(
                    f"{key}.{self.name}.{entry}",
                    f"changes {change.port}.{change.lever} on {change.start} like {seen[what]}",
                    "one change of a lever at a port per date",
                )
            seen[what] = entry


@dataclass
class LeverChange:
    """A policy-schedule entry: from ``start`` (ISO date) on, ``ports.<port>.<lever> = value``.

    ``value`` follows the rule of ``ports.<port>.<lever>`` (checked by
    :class:`sim.params.convert.FollowsPortRule`).
    """

    CHECKS: ClassVar[tuple[Check, ...]] = (FollowsPortRule(),)

    port: str = knob(PORTS, "port whose lever changes", "-", LEVER)
    lever: str = knob(Choice(SCHEDULABLE_LEVERS), "per-port lever that changes", "-", LEVER)
    value: float = knob(Number(-1e12, 1e12), "its new value", "-", LEVER)
    start: str = knob(Date(window="simulated"), "date of the change", "date", LEVER)


@dataclass
class ScenarioParams:
    """A named policy package: a description and a schedule of lever changes over time.

    Add a schedule entry from the command line with
    ``'+scenario.schedule.NAME={port: antwerp, lever: scanners, value: 9, start: "2024-01-01"}'``.
    """

    CHECKS: ClassVar[tuple[Check, ...]] = (
        Disjoint("treated", "buffer"),
        NonEmptyWhen("treated", "counterfactual"),
        InsideWindowWhen("policy_start", "counterfactual"),
        OneChangeAtATime("schedule"),
    )

    name: str = knob(Name(), "scenario name (tables, output folder)", "-", SETTING)
    description: str = knob(Text(), "what the scenario models", "-", SETTING)
    mode: ScenarioMode = knob(
        Choice(enum=ScenarioMode), "network model or queue check", "-", SETTING
    )
    schedule: dict[str, LeverChange] = table(
        "dated changes of per-port levers", Name(), max_entries=200, kind=LEVER
    )
    counterfactual: bool = knob(
        Flag(), "also run the same configuration without the policy", "-", SETTING
    )
    policy_start: str | None = knob(
        Date(nullable=True),
        "date displacement is measured from, inside the observed window (null: first policy date)",
        "date",
        SETTING,
    )
    treated: list[str] = knob(Items(PORTS), "ports where the policy acts", "-", SETTING)
    buffer: list[str] = knob(Items(PORTS), "nearby ports the flow may move to", "-", SETTING)
    factor: float = knob(Number(0.0, 100.0), "a multiplier the scenario file may use", "-", LEVER)
    observed_year: int | None = knob(
        Number(OBSERVED_YEARS[0], OBSERVED_YEARS[1], integer=True, nullable=True),
        "calendar year the scenario reproduces, compared with the published per-port seizures "
        "of that year (observed_vs_simulated.csv); null: not calibrated to any year",
        "year",
        SETTING,
    )


@dataclass
class QueueCheckParams:
    """The ``queue_check`` scenario: one port, Poisson arrivals, c scanners, no hold cap."""

    arrival_rate_per_h: float = knob(positive(1000.0), "arrival rate λ", "1/h", SETTING)
    scan_time_h: float = knob(positive(48.0), "mean scan time", "h", SETTING)
    scanners: int = knob(count(MAX_SCANNERS, lo=1), "scanners c", "scanners", SETTING)
    service: ScanTimeDistribution = knob(
        Choice(("exponential", "deterministic"), enum=ScanTimeDistribution),
        "scan-time distribution",
        "-",
        SETTING,
    )


@dataclass
class RunParams:
    """Horizon, replications, seeds and scale of one run (settings, not levers or uncertainties)."""

    start_date: str = knob(Date(), "first day of the observed window", "date", SETTING)
    horizon_days: int = knob(count(3653, lo=1), "length of the observed window", "d", SETTING)
    warmup_days: int = knob(count(1826), "simulated before start_date, not reported", "d", SETTING)
    replications: int = knob(count(1000, lo=1), "independent replications", "-", SETTING)
    seed: int = knob(count(2**63 - 1), "seed of every random stream", "-", SETTING)
    scale: float = knob(
        Number(0.001, 1.0),
        "share of the system simulated: containers, capacity, cocaine",
        "-",
        SETTING,
    )
    period: Period = knob(Choice(enum=Period), "length of one timeseries row", "-", SETTING)
    monitor_interval_h: float = knob(
        Number(0.25, 168.0), "interval between queue-length samples", "h", SETTING
    )
    figures: bool = knob(Flag(), "draw the figures of the run (the CLI only)", "-", SETTING)


@dataclass
class Params:
    """Root of the configuration tree (``configs/config.yaml``).

    ``levers`` maps every lever of the registry (:data:`sim.engine.levers.LEVERS`) to its block,
    an instance of the lever's own parameter dataclass (a :class:`LeverBlock`).
    """

    run: RunParams = section("horizon, replications, seed and scale")
    ports: dict[str, PortParams] = table(
        "the European ports and their levers",
        Choice(source="evidence_ports"),
        min_entries=1,
        kind=LEVER,
        noun="port",
    )
    security: SecurityParams = section("risk targeting, image analysis, inspection")
    traffic: TrafficParams = section("legitimate vessel calls")
    traffickers: TraffickerParams = section("the trafficking organisations")
    scenario: ScenarioParams = section("the named policy package")
    levers: dict[str, Any] = registry_section("the policy levers of the public debate")
    costs: CostParams = section("prices of port security")
    queue_check: QueueCheckParams = section("the queue_check scenario")

    @property
    def calendar(self) -> RunCalendar:
        """Where simulation hours fall on the calendar."""
        run = self.run
        return RunCalendar(dt.date.fromisoformat(run.start_date), run.warmup_days, run.horizon_days)

    @property
    def warmup_h(self) -> float:
        """Length of the warm-up simulated before ``run.start_date`` (h)."""
        return self.calendar.warmup_h

    @property
    def horizon_h(self) -> float:
        """Length of the observed window after ``run.start_date`` (h)."""
        return self.calendar.horizon_h

    @property
    def start(self) -> dt.date:
        """Calendar date at which the observed window starts."""
        return self.calendar.start

    def hours_since_sim_start(self, date: dt.date) -> float:
        """Simulation clock (h) of a calendar date; 0 is ``start_date - warmup_days``."""
        return self.calendar.hours_at(date)


def as_plain(value: Any) -> Any:
    """Enum members to their value; everything else unchanged (for tables and metadata)."""
    return value.value if isinstance(value, Enum) else value
