"""Concealment that scanners miss: chemical incorporation, its per-kg cost, method capacity caps.

(a) a method over its yearly cap (``traffickers.method_max_share``) takes no new load, so its kg in
a calendar year stay below the cap plus one load — in the market, for static and adaptive
organisations, and in a simulated run; (b) detection by method at a port where every box is
scanned and every alarm inspected; (c) the per-kg method cost in the cost terms; (d) without caps
the mask is all open and the choice is exactly as without method capacity.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from helpers import make_port, setup

from sim import api
from sim.engine import trafficking
from sim.engine.choice import RouteCosts, closed_to_minus_inf, cost_terms
from sim.engine.market import Market
from sim.engine.model import AT_SEA_METHOD, route_costs, route_space
from sim.engine.shipments import Outcome, Shipment
from sim.engine.trafficking import AdaptiveOrganisation, StaticOrganisation
from sim.evidence.derive import known_origins
from sim.params import METHOD_KEYS, OUTSIDE_ROUTE_KEYS
from sim.results.run_tables import ResultTables
from sim.run import run_experiment

CHEMICAL = METHOD_KEYS.index("chemical")
NO_CAPS = tuple(f"traffickers.method_max_share.{m}=null" for m in METHOD_KEYS)


def market_of(params, years=lambda _t: 2023) -> Market:
    keys = (*params.ports, *OUTSIDE_ROUTE_KEYS)
    fees = np.zeros(len(params.ports))
    return Market(params.traffickers, keys, len(params.ports), years, lambda: fees)


def test_chemical_is_the_last_method_so_the_others_keep_their_index():
    assert METHOD_KEYS[:4] == ("rip_on_rip_off", "cover_load", "structure", "reefer_unit")
    assert METHOD_KEYS[-1] == "chemical"


# ------------------------------------------------------------------ (a) method capacity


def test_a_full_method_closes_on_every_route_until_the_next_year():
    params, _ = setup("traffickers.method_max_share.chemical=0.001")
    year = {"now": 2023}
    m = market_of(params, lambda _t: year["now"])
    cap = 0.001 * params.traffickers.annual_volume_t * 1000.0 * m.volume_factor(2023)
    assert m.method_capacity_kg(2023)[CHEMICAL] == pytest.approx(cap)
    rng = np.random.default_rng(8)
    sent, biggest = 0.0, 0.0
    for _ in range(200):  # a chooser that sends chemical whenever it is open
        if not m.open_methods(0.0)[CHEMICAL]:
            break
        load = float(rng.lognormal(math.log(300.0), 1.0))
        m.commit(0, load, 0.0, CHEMICAL)
        sent, biggest = sent + load, max(biggest, load)
    assert sent >= cap  # it did fill up
    assert sent <= cap + biggest  # the load that filled it is the only one past the cap
    assert sent - load < cap  # every load before the last went in while the method was open
    opened = m.open_methods(1.0)
    assert not opened[CHEMICAL] and opened[np.arange(len(METHOD_KEYS)) != CHEMICAL].all()
    mask = closed_to_minus_inf(
        m.open_routes(1.0), route_costs(params, known_origins()).allowed, opened
    )
    assert np.isneginf(mask[:, CHEMICAL]).all()  # closed on the ports and the outside routes
    assert m.method_used_kg(2023)[CHEMICAL] == pytest.approx(sent)
    year["now"] = 2024
    assert m.open_methods(2.0)[CHEMICAL]  # a new calendar year, a new cap
    assert m.method_used_kg(2024)[CHEMICAL] == 0.0


def test_a_method_cap_follows_the_years_supply():
    params, _ = setup("traffickers.method_max_share.structure=0.1")
    m = market_of(params)
    structure = METHOD_KEYS.index("structure")
    flow = params.traffickers.annual_volume_t * 1000.0
    for y in (2021, 2023):
        assert m.method_capacity_kg(y)[structure] == pytest.approx(0.1 * flow * m.volume_factor(y))
    assert m.volume_factor(2021) < 1.0  # production rose from 2021 to 2023
    assert math.isinf(m.method_capacity_kg(2023)[METHOD_KEYS.index("cover_load")])


def test_a_method_cap_is_also_kept_apart_from_the_route_capacity():
    params, _ = setup(
        "traffickers.method_max_share.chemical=0.001",
        "traffickers.routes.rest_of_europe.capacity_t_per_year=1",
    )
    m = market_of(params)
    keys = (*params.ports, *OUTSIDE_ROUTE_KEYS)
    rest = keys.index("rest_of_europe")
    m.commit(rest, 1000.0, 0.0, METHOD_KEYS.index("cover_load"))  # fills the route, not a method
    assert not m.open_routes(0.0)[rest] and m.open_methods(0.0).all()
    m.commit(0, 3000.0, 0.0, CHEMICAL)  # fills chemical through a port; ports stay open
    assert m.open_routes(0.0)[: len(params.ports)].all() and not m.open_methods(0.0)[CHEMICAL]


@pytest.mark.parametrize("cls", [StaticOrganisation, AdaptiveOrganisation])
def test_static_and_adaptive_organisations_stop_sending_a_full_method(cls):
    params, network = setup("traffickers.method_max_share.chemical=0.0005")
    tp = params.traffickers
    market = market_of(params)
    org = cls(
        "broker",
        tp.organisations["broker"],
        tp,
        route_space(params, network),
        route_costs(params, known_origins()),
        market,
        np.random.default_rng(4),
    )
    cap = market.method_capacity_kg(2023)[CHEMICAL]
    chemical = []
    after_close = 0
    for _ in range(4000):
        closed = not market.open_methods(0.0)[CHEMICAL]
        plan = org.plan(0.0)[0]
        if plan.method == "chemical":
            chemical.append(plan.load_kg)
            after_close += closed
    assert after_close == 0  # nothing is sent by a method once it is full
    assert chemical and sum(chemical) >= cap  # it was chosen and it filled up
    assert sum(chemical) - chemical[-1] < cap


def calendar_year(params, planned_day: pd.Series) -> pd.Series:
    start = pd.Timestamp(params.run.start_date)
    return (start + pd.to_timedelta(planned_day, unit="D")).dt.year


@pytest.mark.parametrize("behaviour", ["adaptive", "static"])
def test_a_simulated_run_never_sends_more_than_the_cap_plus_one_load(behaviour):
    overrides = [
        f"traffickers={behaviour}",
        "run.scale=1.0",  # every load: a run at scale s ships s of them (sim.engine.scaling)
        "run.warmup_days=20",
        "run.horizon_days=400",  # 2023 and the start of 2024
        "run.replications=1",
        "run.seed=11",
        "traffickers.method_max_share.chemical=0.002",
    ]
    params = api.load(overrides)
    results = api.simulate(params)  # check_conservation runs inside
    ship = results.shipments
    market = market_of(params)
    chem = ship[ship["method"] == "chemical"].sort_values("planned_day")
    years = calendar_year(params, chem["planned_day"])
    assert set(years) >= {2023, 2024}
    for year in (2023, 2024):  # every load planned in these years is in the table
        kg = chem.loc[years == year, "load_kg"].to_numpy()
        cap = market.method_capacity_kg(year)[CHEMICAL]
        rounding = 0.5 * len(kg)  # the market counts the drawn load, the table whole kg
        assert kg.sum() - kg[-1] < cap + rounding, (year, kg.sum(), cap)
    full = chem.loc[years == 2023, "load_kg"].sum()
    assert full >= market.method_capacity_kg(2023)[CHEMICAL] - 0.5 * len(chem)  # it binds


# ------------------------------------------------------------------ (b) detection by method


def shipments_through_a_port_that_checks_everything(method: str, n: int, seed: int) -> list:
    """``n`` loads by ``method`` at Antwerp with every box scanned and every alarm inspected."""
    params, network = setup()
    levers = replace(
        params.ports["antwerp"],
        selection_rate=1.0,
        latam_selection_rate=1.0,
        targeting_quality=1.0,
        insider_rate=0.0,
        scanners=500,
        inspection_teams=500,
        hold_cap_h=2160.0,
    )
    outcomes: list[tuple[Outcome, str]] = []
    port = make_port(
        params,
        network,
        levers,
        lambda shp, outcome, stage, at_h: outcomes.append((outcome, stage.value)),
        seed,
    )
    u = np.random.default_rng(seed).random((n, 5))
    for i in range(n):
        port.board(Shipment(i, "o", "guayaquil", "antwerp", method, 100.0, 0.0, *u[i]))
    port.discharge("latam", 0, 10.0)
    port.advance(1e7)
    assert len(outcomes) == n
    return outcomes


def test_chemical_loads_are_found_far_less_often_than_rip_on_rip_off():
    params, _ = setup()
    n = 3000
    rates = {}
    for method in ("chemical", "rip_on_rip_off"):
        outcomes = shipments_through_a_port_that_checks_everything(method, n, seed=21)
        seized = sum(o is Outcome.seized_port for o, _ in outcomes) / n
        m = params.security.methods[method]
        p = m.image_detection * m.inspection_detection
        assert abs(seized - p) < 4 * math.sqrt(p * (1 - p) / n), (method, seized, p)
        rates[method] = seized
        cleared = sum(stage == "scan_clear" for _, stage in outcomes) / n
        q = 1.0 - m.image_detection
        assert abs(cleared - q) < 4 * math.sqrt(q * (1 - q) / n), (method, cleared, q)
    assert rates["chemical"] < 0.1 * rates["rip_on_rip_off"]


# ------------------------------------------------------------------ (c) per-kg method cost


def test_cost_terms_add_the_per_kg_method_cost_where_the_method_is_allowed():
    allowed = np.array([[True, True], [True, True], [True, False]])
    costs = RouteCosts(
        wholesale_eur_per_kg=30000.0,
        per_kg_cost_eur=4000.0,
        port_cost_eur_per_kg=np.array([0.0, 500.0, 1000.0]),
        method_cost_eur=np.tile([100000.0, 300000.0], (3, 1)),
        uses_insiders=np.zeros((3, 2), dtype=bool),
        allowed=allowed,
        method_cost_eur_per_kg=np.array([0.0, 4000.0]),
        origin_cost_eur_per_kg=np.zeros(2),
    )
    load = 200.0
    _, penalty = cost_terms(costs, load, np.zeros(3), np.zeros(3), np.zeros(2))
    value = 30000.0 * load
    assert penalty[0, 0, 0] == (4000.0 + 0.0 + 0.0) / 30000.0 + 100000.0 / value
    assert penalty[0, 0, 1] == (4000.0 + 0.0 + 4000.0) / 30000.0 + 300000.0 / value
    assert penalty[1, 1, 1] == (4000.0 + 500.0 + 4000.0) / 30000.0 + 300000.0 / value
    assert penalty[0, 2, 1] == (4000.0 + 1000.0 + 0.0) / 30000.0 + 300000.0 / value  # not allowed
    # the per-kg cost moves with the price, not with the load
    _, dear = cost_terms(costs, 2 * load, np.zeros(3), np.zeros(3), np.zeros(2), 15000.0)
    assert dear[0, 0, 1] - dear[0, 0, 0] == pytest.approx(4000.0 / 15000.0 + 200000.0 / 6e6)


def test_route_costs_carry_the_configured_per_kg_costs_and_at_sea_stays_cover_load():
    params, _ = setup("traffickers.economics.method_cost_eur_per_kg.chemical=2500")
    costs = route_costs(params, known_origins())
    econ = params.traffickers.economics
    expected = [econ.method_cost_eur_per_kg[m] for m in METHOD_KEYS]
    np.testing.assert_array_equal(costs.method_cost_eur_per_kg, expected)
    assert expected[CHEMICAL] == 2500.0 and sum(expected) == 2500.0
    keys = (*params.ports, *OUTSIDE_ROUTE_KEYS)
    at_sea = keys.index("at_sea")
    assert costs.allowed[at_sea].tolist() == [m == AT_SEA_METHOD for m in METHOD_KEYS]
    assert costs.allowed[keys.index("rest_of_europe")].all()
    price = econ.wholesale_eur_per_kg
    _, penalty = cost_terms(costs, 100.0, np.zeros(len(keys)), np.zeros(len(keys)), np.zeros(1))
    cover = METHOD_KEYS.index("cover_load")
    fixed = (econ.method_cost_eur["chemical"] - econ.method_cost_eur["cover_load"]) / (price * 100)
    for p in (0, keys.index("rest_of_europe")):
        assert penalty[0, p, CHEMICAL] - penalty[0, p, cover] == pytest.approx(
            2500.0 / price + fixed, rel=1e-12
        )


# ------------------------------------------------------------------ (d) no caps: choice unchanged


def test_without_caps_every_method_stays_open_whatever_is_committed():
    params, _ = setup(*NO_CAPS)
    m = market_of(params)
    for method in range(len(METHOD_KEYS)):
        m.commit(0, 1e9, 0.0, method)
    assert m.open_methods(0.0).all()
    routes = np.array([True] * 12 + [False, True])
    allowed = route_costs(params, known_origins()).allowed
    np.testing.assert_array_equal(
        closed_to_minus_inf(routes, allowed, m.open_methods(0.0)),
        closed_to_minus_inf(routes, allowed),
    )


def _run(overrides: tuple[str, ...]) -> ResultTables:
    params, network = setup(*overrides)
    return run_experiment(params, network)


SMALL = ("run=smoke", "run.replications=1", "run.horizon_days=120")


def test_without_caps_the_run_is_the_run_without_any_method_mask(monkeypatch):
    with_mask = _run((*SMALL, *NO_CAPS))

    def routes_only(open_routes, allowed, open_methods=None):  # the rule before method caps
        return np.where(open_routes[:, None] & allowed, 0.0, -np.inf)

    monkeypatch.setattr(trafficking, "closed_to_minus_inf", routes_only)
    without = _run((*SMALL, *NO_CAPS))
    pd.testing.assert_frame_equal(with_mask.shipments, without.shipments)
    pd.testing.assert_frame_equal(with_mask.replications, without.replications)
    assert with_mask.shipments["method"].eq("chemical").any()
    # the rule before method caps ignores a cap (this is what the mask changes when one is set)
    ignored = _run((*SMALL, "traffickers.method_max_share.chemical=0.0"))
    assert ignored.shipments["method"].eq("chemical").any()
    monkeypatch.undo()
    capped = _run((*SMALL, "traffickers.method_max_share.chemical=0.0"))
    assert not capped.shipments["method"].eq("chemical").any()


# ------------------------------------------------------------------ guard: never no option


def test_if_the_caps_would_close_every_option_the_route_options_stay_open():
    allowed = np.ones((3, 2), dtype=bool)
    routes = np.array([True, True, False])
    mask = closed_to_minus_inf(routes, allowed, np.zeros(2, dtype=bool))
    np.testing.assert_array_equal(mask, closed_to_minus_inf(routes, allowed))
    some = closed_to_minus_inf(routes, allowed, np.array([False, True]))
    assert np.isneginf(some[:, 0]).all() and (some[:2, 1] == 0.0).all()
    with pytest.raises(ValueError, match="no option"):
        closed_to_minus_inf(np.zeros(3, dtype=bool), allowed)


def test_a_run_where_every_method_is_capped_at_zero_still_ships_its_volume():
    zero = tuple(f"traffickers.method_max_share.{m}=0.0" for m in METHOD_KEYS)
    capped = _run((*SMALL, *zero))  # every method closed from 1 January: caps are ignored
    free = _run((*SMALL, *NO_CAPS))
    pd.testing.assert_frame_equal(capped.shipments, free.shipments)
