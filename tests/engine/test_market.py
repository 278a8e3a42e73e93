"""Trafficking v2: supply by year, the price rule, route capacity, outside routes and delay."""

from __future__ import annotations

import math

import numpy as np
import pytest
from helpers import run_tables, setup

from sim.clock import HOURS_PER_YEAR
from sim.engine.market import Market, yearly_value
from sim.params import METHOD_KEYS, OUTSIDE_ROUTE_KEYS

RUN = (
    "run.scale=1.0",  # every load: a run at scale s ships s of them (sim.engine.scaling)
    "run.warmup_days=60",
    "run.horizon_days=540",
    "run.replications=2",
    "run.seed=17",
)


def market(*overrides: str, year: int = 2023) -> tuple[Market, object]:
    params, _ = setup(*overrides)
    keys = (*params.ports, *OUTSIDE_ROUTE_KEYS)
    fees = np.zeros(len(params.ports))
    return Market(
        params.traffickers, keys, len(params.ports), lambda _t: year, lambda: fees
    ), params


def test_production_uses_the_year_or_the_last_record_before_it():
    table = {"2020": 1982.0, "2023": 3708.0}
    assert yearly_value(table, 2023) == 3708.0
    assert yearly_value(table, 2022) == 1982.0  # no 2022 record: the last earlier one
    assert yearly_value(table, 2030) == 3708.0  # after the records: the last one
    assert yearly_value(table, 2010) == 1982.0  # before them: the first


def test_volume_follows_production_with_its_elasticity():
    m, params = market("traffickers.supply.production_elasticity=0.5")
    records = params.traffickers.supply.production_t
    assert m.volume_factor(2023) == 1.0
    assert m.volume_factor(2021) == pytest.approx((records["2021"] / records["2023"]) ** 0.5)
    flat, _ = market("traffickers.supply.follow_production=false")
    assert flat.volume_factor(2021) == 1.0


def test_price_is_the_constant_elasticity_inverse_demand_within_its_bounds():
    m, params = market()
    mp, tp = params.traffickers.market, params.traffickers
    reference = mp.reference_share_delivered * tp.annual_volume_t * 1000.0
    t = 1.5 * HOURS_PER_YEAR
    assert m.update_price(0.5 * HOURS_PER_YEAR) == tp.economics.wholesale_eur_per_kg  # < 1 year
    m.record_delivery(t - 10.0, 0.8 * reference)
    m.record_delivery(t - 1.2 * HOURS_PER_YEAR, 5 * reference)  # older than a year: ignored
    expected = tp.economics.wholesale_eur_per_kg * 0.8 ** (-1.0 / mp.demand_elasticity)
    assert m.update_price(t) == pytest.approx(expected)
    m.record_delivery(t, 100 * reference)  # a glut: the floor holds
    floor = tp.economics.wholesale_eur_per_kg * mp.price_floor_factor
    assert m.update_price(t + 1.0) == pytest.approx(floor)
    assert [p for _, p in m.price_path][-2:] == [pytest.approx(expected), pytest.approx(floor)]


def test_an_outside_route_closes_at_its_capacity_until_the_next_year():
    years = iter([2023] * 3 + [2024] * 2)
    params, _ = setup("traffickers.routes.at_sea.capacity_t_per_year=10")
    keys = (*params.ports, *OUTSIDE_ROUTE_KEYS)
    m = Market(params.traffickers, keys, len(params.ports), lambda _t: next(years), lambda: None)
    at_sea = keys.index("at_sea")
    assert m.open_routes(0.0)[at_sea]
    m.commit(at_sea, 10_000.0, 1.0, METHOD_KEYS.index("cover_load"))
    assert not m.open_routes(2.0)[at_sea]
    assert m.open_routes(2.0)[: len(params.ports)].all()  # ports have no capacity cap
    assert m.open_routes(HOURS_PER_YEAR + 1.0)[at_sea]  # a new year


@pytest.fixture(scope="module")
def adaptive():
    return run_tables(*RUN)


def test_outside_routes_are_used_and_their_seizure_rate_is_the_interdiction_rate(adaptive):
    params, _ = setup(*RUN)
    ship = adaptive.shipments
    for route in OUTSIDE_ROUTE_KEYS:
        mine = ship[(ship["port"] == route) & ship["outcome"].isin(["seized_route", "delivered"])]
        n = len(mine)
        if route == "at_sea":
            assert n > 30, route
        if n < 30:
            continue
        rate = params.traffickers.routes[route].interdiction_rate
        seized = (mine["outcome"] == "seized_route").mean()
        assert abs(seized - rate) < 4 * math.sqrt(rate * (1 - rate) / n), (route, seized, rate)
        assert (mine.loc[mine["outcome"] == "seized_route", "stage"] == "route_interdiction").all()
    at_sea = ship[ship["port"] == "at_sea"]
    assert (at_sea["method"] == "cover_load").all()  # one option per origin at sea
    assert not at_sea["selected"].any()  # no port scanner on the way


def test_loads_belong_to_the_route(adaptive):
    ship = adaptive.shipments
    sea = ship.loc[ship["port"] == "at_sea", "load_kg"].median()
    ports = ship.loc[~ship["port"].isin(OUTSIDE_ROUTE_KEYS), "load_kg"].median()
    assert sea > 10 * ports


def test_held_loads_leave_later_and_are_delayed_at_the_end(adaptive):
    ship = adaptive.shipments
    held = ship[ship["departed_day"] > ship["planned_day"]]
    params, _ = setup(*RUN)
    assert len(held) > 0
    np.testing.assert_allclose(
        held["departed_day"] - held["planned_day"], params.traffickers.hold.hold_days
    )
    delayed = ship[ship["outcome"] == "delayed"]
    assert (delayed["departed_day"] > params.run.horizon_days).all()
    assert (delayed["stage"] == "held").all()
    reps = adaptive.replications.set_index("replication")
    kg = delayed.groupby("replication")["load_kg"].sum().reindex(reps.index, fill_value=0.0)
    np.testing.assert_array_equal(kg, reps["kg_delayed"])


def test_no_outside_routes_and_no_holding_puts_every_load_through_the_12_ports():
    closed = run_tables(
        *RUN,
        "traffickers.routes.at_sea.enabled=false",
        "traffickers.routes.rest_of_europe.enabled=false",
        "traffickers.hold.enabled=false",
    )
    ship = closed.shipments
    assert not ship["port"].isin(OUTSIDE_ROUTE_KEYS).any()
    assert (ship["departed_day"] == ship["planned_day"]).all()
    assert (closed.replications["kg_delayed"] == 0).all()


def test_the_price_path_is_reported_per_period(adaptive):
    prices = adaptive.prices
    months = adaptive.timeseries["period_start"].nunique()
    assert len(prices) == 2 * months
    assert prices["wholesale_eur_per_kg"].gt(0).all()
    assert prices.groupby("replication")["period_start"].apply(list).map(len).eq(months).all()


def test_origin_countries_seize_at_their_yearly_rate_before_departure(adaptive):
    """Ecuador's rate rises from 0.05 (2023) to 0.07 (2024) in the default inputs."""
    params, network = setup(*RUN)
    ship = adaptive.shipments
    country = ship["origin"].map({k: o.country for k, o in network.origins.items()})
    left = ship[(country == "EC") & ship["departed_day"].between(0, 730, inclusive="left")]
    left = left[left["stage"] != "held"]
    year = np.where(left["departed_day"] < 365, 2023, 2024)
    rates = params.traffickers.origin_interdiction["EC"].rate_by_year
    for y, rate in ((2023, rates["2021"]), (2024, rates["2024"])):
        mine = left[year == y]
        n = len(mine)
        assert n > 300, y
        seized = (mine["stage"] == "origin_interdiction").mean()
        assert abs(seized - rate) < 4 * math.sqrt(rate * (1 - rate) / n), (y, seized, rate)
    national = ship[ship["stage"] == "origin_interdiction"]
    assert (national["outcome"] == "seized_origin").all()
    assert (national["outcome_day"] == national["departed_day"]).all()
