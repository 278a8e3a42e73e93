"""Adaptive organisations: emergent displacement, and the limits that pin the behaviour down."""

from __future__ import annotations

import functools
import math

import pandas as pd
from helpers import run_tables, setup

from sim.evidence.derive import known_origins
from sim.params import METHOD_KEYS, OUTSIDE_ROUTE_KEYS, PORT_KEYS
from sim.run import run_comparison

# Small but long enough to learn: half a year of warm-up, policy after half a year of window.
ADAPT = (
    "run.scale=1.0",  # every load: a run at scale s ships s of them (sim.engine.scaling)
    "run.warmup_days=180",
    "run.horizon_days=540",
    "run.replications=2",
    "run.seed=11",
)
POLICY = "2023-07-01"


def schedule(ports: tuple[str, ...], rate: float) -> list[str]:
    """Overrides raising the Latin-American selection rate of ``ports`` from POLICY on."""
    return [
        f"+scenario.schedule.{p}={{port: {p}, lever: latam_selection_rate, value: {rate}, "
        f'start: "{POLICY}"}}'
        for p in ports
    ]


@functools.lru_cache(maxsize=4)
def comparison(ports: tuple[str, ...], rate: float = 0.6):
    groups = ("scenario.counterfactual=true", f"scenario.treated=[{','.join(ports)}]")
    params, network = setup(*ADAPT, *groups, *schedule(ports, rate))
    return run_comparison(params, network)


def test_learning_switched_off_reproduces_static_exactly():
    static = run_tables(*ADAPT, "traffickers=static")
    frozen = run_tables(*ADAPT, "traffickers.learning.enabled=false")
    for name in ("ports", "timeseries", "shipments"):
        pd.testing.assert_frame_equal(getattr(static, name), getattr(frozen, name))
    pd.testing.assert_frame_equal(
        static.replications,
        frozen.replications,
    )


def test_learning_changes_the_routes():
    """The same seed with learning on gives different routes: the test above is not vacuous."""
    static = run_tables(*ADAPT, "traffickers=static").shipments
    adaptive = run_tables(*ADAPT).shipments
    assert not static["port"].equals(adaptive["port"])


def test_rationality_zero_chooses_uniformly():
    """λ = 0: every open (origin, route, method) equally likely, whatever the costs and risks.

    The at-sea route (one method, a yearly capacity) is closed here, so the 12 ports and the
    rest-of-Europe group each have every method; the method caps are lifted (a uniform choice
    would fill chemical incorporation's 5 % of the flow early in the year).
    """
    no_caps = [f"traffickers.method_max_share.{m}=null" for m in METHOD_KEYS]
    ship = run_tables(
        *ADAPT, "traffickers.rationality=0", "traffickers.routes.at_sea.enabled=false", *no_caps
    ).shipments
    n = len(ship)
    assert n > 3000
    for column, k in (
        ("port", len(PORT_KEYS) + 1),
        ("method", len(METHOD_KEYS)),
        ("origin", len(known_origins())),
    ):
        counts = ship[column].value_counts()
        assert len(counts) == k
        p = 1 / k
        sd = math.sqrt(n * p * (1 - p))
        assert (abs(counts - n * p) < 4.5 * sd).all(), counts.to_dict()


def test_scanning_up_at_one_port_moves_its_flow_to_the_others():
    """Antwerp selects 60 % of Latin-American boxes: its kg fall, the others' rise, the total
    stays (organisations keep their target volume)."""
    s = comparison(("antwerp",)).summary
    assert (s["treated_change_kg"] < 0).all()
    others = s["buffer_change_kg"] + s["control_change_kg"]
    assert (others > 0).all()
    assert (s["total_change_kg"].abs() < 0.15 * s["treated_change_kg"].abs()).all()
    assert s["displacement_ratio"].between(0.85, 1.15).all()


def test_scanning_up_everywhere_displaces_less_to_the_other_ports_than_at_one_port():
    """When every modelled port tightens alike, little flow moves between them: what leaves
    Antwerp goes to the routes outside the 12 ports, which did not tighten."""

    def gained(by_port: pd.DataFrame, ports: list[str]) -> float:
        rows = by_port[by_port["port"].isin(ports)]
        return rows.groupby("replication")["change_kg"].sum().mean()

    others = [p for p in PORT_KEYS if p != "antwerp"]
    outside = list(OUTSIDE_ROUTE_KEYS)
    alone = comparison(("antwerp",)).by_port
    everywhere = comparison(PORT_KEYS).by_port
    assert -gained(alone, ["antwerp"]) > 0
    assert gained(everywhere, others) < 0.5 * gained(alone, others)
    assert gained(everywhere, outside) > gained(alone, outside)


def test_displacement_needs_no_script_static_organisations_do_not_move():
    """With static organisations the same policy moves no kg: displacement emerges from learning."""
    groups = ("scenario.counterfactual=true", "scenario.treated=[antwerp]", "traffickers=static")
    params, network = setup(*ADAPT, *groups, *schedule(("antwerp",), 0.6))
    s = run_comparison(params, network).summary
    assert (
        s["treated_change_kg"].abs()
        < 0.05 * comparison(("antwerp",)).summary["treated_change_kg"].abs()
    ).all()


def test_adaptive_runs_conserve_kilograms_exactly():
    reps = run_tables(*ADAPT).replications
    assert (
        reps["kg_attempted"]
        == reps["kg_seized"] + reps["kg_delivered"] + reps["kg_in_transit"] + reps["kg_delayed"]
    ).all()


def test_an_announced_policy_moves_flow_before_it_starts():
    """Known 90 days ahead, Antwerp's step-up sends fewer loads there before the start date than
    the same policy kept secret (same seed); a secret policy changes nothing before its start."""
    lead = "traffickers.learning.announcement_lead_days=90"

    def planned_to_antwerp(weight: str) -> float:
        ship = run_tables(*ADAPT, lead, weight, *schedule(("antwerp",), 0.6)).shipments
        policy_day = 181  # 2023-07-01, counted from run.start_date 2023-01-01
        lead_window = ship[ship["planned_day"].between(policy_day - 90, policy_day - 1)]
        return float(lead_window.loc[lead_window["port"] == "antwerp", "load_kg"].sum())

    secret = planned_to_antwerp("traffickers.learning.announcement_weight=0")
    announced = planned_to_antwerp("traffickers.learning.announcement_weight=1")
    baseline = run_tables(*ADAPT, lead).shipments
    in_lead = baseline[baseline["planned_day"].between(91, 180)]
    assert secret == float(in_lead.loc[in_lead["port"] == "antwerp", "load_kg"].sum())
    assert announced < 0.8 * secret
