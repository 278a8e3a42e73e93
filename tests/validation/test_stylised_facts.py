"""The stylised facts of validation-evidence.md §5, checked on ``policy_2024`` (2023 → 2024).

Each test states a fact as the model should show it: in the policy run, 2024 against 2023 (the
data's own comparison). A fact the model does not reproduce is marked ``xfail(strict=True)``
with what it does instead: the miss is recorded, and the test fails the day the model starts to
reproduce it (then the mark goes and the README's validation section changes).

One small run (``run.scale=0.05``, two replications) keeps this fast; the full-scale numbers are
in ``experiments/validation/README.md``.
"""

from __future__ import annotations

import functools

import pandas as pd
import pytest
from helpers import run_tables

from sim.params import OUTSIDE_ROUTE_KEYS, PORT_KEYS

RUN = (
    "scenario=policy_2024",
    "scenario.counterfactual=false",
    "run.start_date=2023-01-01",
    "run.horizon_days=731",
    "run.warmup_days=365",
    "run.replications=2",
    "run.scale=0.05",
    "run.seed=2024",
)


@functools.cache
def yearly() -> pd.DataFrame:
    """kg seized, seizures and mean load per route and year, over both replications."""
    tables = run_tables(*RUN)
    ship = tables.shipments
    seized = ship[ship["outcome"].isin(["seized_port", "seized_route"])].copy()
    seized["year"] = (
        pd.Timestamp("2023-01-01") + pd.to_timedelta(seized["outcome_day"], unit="D")
    ).dt.year
    return seized.groupby(["port", "year"])["load_kg"].agg(kg="sum", count="size", mean="mean")


def kg(ports, year: int) -> float:
    table = yearly()
    return float(sum(table["kg"].get((p, year), 0.0) for p in ports))


def test_the_run_conserves_every_kilogram():
    reps = run_tables(*RUN).replications
    total = reps["kg_seized"] + reps["kg_delivered"] + reps["kg_in_transit"] + reps["kg_delayed"]
    assert (reps["kg_attempted"] == total).all()


@pytest.mark.xfail(
    strict=True,
    reason="miss: Antwerp falls (~47 -> 36 t here) but Rotterdam stays flat and Hamburg rises "
    "(~38 -> 49 t): the flow moves between the North-Sea ports instead of leaving them "
    "(experiments/validation/README.md)",
)
def test_fact_1_big_north_sea_ports_fall_together():
    for port in ("antwerp", "rotterdam", "hamburg"):
        assert kg([port], 2024) < kg([port], 2023), port


def test_fact_3_size_down_where_enforcement_rose():
    """Rotterdam's mean find fell 268 → 137 kg (2023 → 2024), Antwerp's mean seizure 935 → 324."""
    table = yearly()
    for port in ("antwerp", "rotterdam"):
        assert table.loc[(port, 2024), "mean"] < table.loc[(port, 2023), "mean"], port


def test_fact_4_atlantic_and_southern_routes_rise():
    """France, Le Havre, Spain and Portugal seized more in 2024: here Le Havre and the
    outside routes together."""
    routes = ["le_havre", *OUTSIDE_ROUTE_KEYS]
    assert kg(routes, 2024) > kg(routes, 2023)


@pytest.mark.xfail(
    strict=True,
    reason="miss: the 12 ports' share of seizures stays ~86 % (0.858 -> 0.865 here): the "
    "rest-of-Europe route is hardly used and at-sea seizures are few "
    "(experiments/validation/README.md)",
)
def test_fact_5_the_main_ports_share_of_seizures_falls():
    """From ≈60 % to ≈38–41 % of seizures in the six main importing countries (2023 → 2024)."""

    def share(year: int) -> float:
        ports = kg(PORT_KEYS, year)
        return ports / (ports + kg(OUTSIDE_ROUTE_KEYS, year))

    assert share(2024) < share(2023)


def test_fact_7_no_scarcity_signal_in_the_wholesale_price():
    """French retail fell 66 → 58 €/g in 2024 amid record production: the model's price must not
    rise by more than 10 % from 2023 to 2024."""
    prices = run_tables(*RUN).prices
    by_year = prices.groupby(prices["period_start"].str[:4])["wholesale_eur_per_kg"].mean()
    assert by_year["2024"] <= 1.10 * by_year["2023"]
