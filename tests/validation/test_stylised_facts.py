"""The stylised facts of validation-evidence.md §5, checked on ``policy_2024`` (2023 → 2024).

Each test states a fact as the model should show it: in the policy run, 2024 against 2023 (the
data's own comparison). A change counts only outside the ±5 % flat band of
:func:`sim.validation.scores.direction` (the validation's own rule), so a fact is not "shown" by
noise. A fact the model does not reproduce is marked ``xfail(strict=True)`` with what it does
instead: the miss is recorded, and the test fails the day the model starts to reproduce it (then
the mark goes and experiments/validation/README.md changes).

One full-scale run (two replications; a run at scale s ships s of the loads, too few here) keeps
this fast; the larger runs are in ``experiments/validation/``. The marks below are this run's,
under the definition of ``run.scale`` of :mod:`sim.engine.scaling`; the validation study's
numbers (experiments/validation/README.md) were made at ``run.scale=0.25`` under v1's definition
(full capacity and cocaine at a quarter of the containers) and have not been re-run.
"""

from __future__ import annotations

import functools

import pandas as pd
import pytest
from helpers import run_tables

from sim.params import OUTSIDE_ROUTE_KEYS, PORT_KEYS
from sim.validation.scores import direction

RUN = (
    "scenario=policy_2024",
    "scenario.counterfactual=false",
    "run.start_date=2023-01-01",
    "run.horizon_days=731",
    "run.warmup_days=365",
    "run.replications=2",
    "run.scale=1.0",  # every load: a run at scale s ships s of them (sim.engine.scaling)
    "run.seed=2024",
)
DOWN, UP = -1, 1


@functools.cache
def yearly() -> pd.DataFrame:
    """kg seized, seizures and mean load per route and year, over both replications."""
    ship = run_tables(*RUN).shipments
    seized = ship[ship["outcome"].isin(["seized_port", "seized_route"])].copy()
    seized["year"] = (
        pd.Timestamp("2023-01-01") + pd.to_timedelta(seized["outcome_day"], unit="D")
    ).dt.year
    return seized.groupby(["port", "year"])["load_kg"].agg(kg="sum", count="size", mean="mean")


def kg(ports, year: int) -> float:
    table = yearly()
    return float(sum(table["kg"].get((p, year), 0.0) for p in ports))


def change(ports) -> int:
    """Direction of the 2023 → 2024 change in kg seized at ``ports`` (±5 %: flat)."""
    return direction(kg(ports, 2023), kg(ports, 2024))


def test_the_run_conserves_every_kilogram():
    reps = run_tables(*RUN).replications
    total = reps["kg_seized"] + reps["kg_delivered"] + reps["kg_in_transit"] + reps["kg_delayed"]
    assert (reps["kg_attempted"] == total).all()


@pytest.mark.xfail(
    strict=True,
    reason="miss: Antwerp (-97 %) and Rotterdam (-70 %) fall but Hamburg rises (+41 %) in this "
    "full-scale run at default parameters: the flow leaving the Benelux goes to Hamburg",
)
def test_fact_1_big_north_sea_ports_fall_together():
    assert [change([p]) for p in ("antwerp", "rotterdam", "hamburg")] == [DOWN, DOWN, DOWN]


@pytest.mark.xfail(
    strict=True,
    reason="miss: the origin countries seize a larger share in 2024 (Ecuador 0.05 -> 0.07), but "
    "organisations send so much less towards Antwerp that the kg seized upstream for Belgium "
    "fall (experiments/validation/README.md)",
)
def test_fact_2_interceptions_upstream_rise():
    """Seized in Latin America bound for Belgium 45 → 81 t (or 80 → 91 t) in 2024: here the
    origin countries' own seizures of loads bound for the Belgian ports (yearly inputs)."""
    ship = run_tables(*RUN).shipments
    belgium = ship[
        (ship["stage"] == "origin_interdiction") & ship["port"].isin(["antwerp", "zeebrugge"])
    ]
    year = (pd.Timestamp("2023-01-01") + pd.to_timedelta(belgium["outcome_day"], unit="D")).dt.year
    by_year = belgium.groupby(year)["load_kg"].sum()
    assert direction(by_year.get(2023, 0.0), by_year.get(2024, 0.0)) == UP


def test_fact_3_size_down_where_enforcement_rose():
    """Rotterdam's mean find fell 268 → 137 kg (2023 → 2024), Antwerp's mean seizure 935 → 324."""
    table = yearly()
    moves = [
        direction(table.loc[(p, 2023), "mean"], table.loc[(p, 2024), "mean"])
        for p in ("antwerp", "rotterdam")
    ]
    assert moves == [DOWN, DOWN]


def test_fact_4_atlantic_and_southern_routes_rise():
    """France, Le Havre, Spain and Portugal seized more in 2024: here Le Havre and the
    outside routes together."""
    assert change(["le_havre", *OUTSIDE_ROUTE_KEYS]) == UP


@pytest.mark.xfail(
    strict=True,
    reason="miss: the 12 ports' share of the kg seized goes 0.88 -> 0.85 (-3.4 %), inside the "
    "flat band, in this full-scale run: the outside routes do not gain enough",
)
def test_fact_5_the_main_ports_share_of_seizures_falls():
    """From ≈60 % to ≈38–41 % of seizures in the six main importing countries (2023 → 2024).

    The direction only (the model's share is far above the observed one). A miss in this run."""

    def share(year: int) -> float:
        ports = kg(PORT_KEYS, year)
        return ports / (ports + kg(OUTSIDE_ROUTE_KEYS, year))

    assert direction(share(2023), share(2024)) == DOWN


def test_fact_7_no_scarcity_signal_in_the_wholesale_price():
    """French retail fell 66 → 58 €/g in 2024 amid record production: the model's wholesale
    price must not rise (beyond the ±5 % band) from 2023 to 2024."""
    prices = run_tables(*RUN).prices
    by_year = prices.groupby(prices["period_start"].str[:4])["wholesale_eur_per_kg"].mean()
    assert direction(by_year["2023"], by_year["2024"]) != UP
