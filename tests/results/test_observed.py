"""observed_vs_simulated: which scenarios get it, and that both sides are what they claim to be.

The observed side is checked against the seeds files read here with the csv module (not through
the loader or the range rules under test); the simulated side against the run's own timeseries.
"""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from helpers import run_tables, setup

from sim import api
from sim.errors import ConfigError
from sim.evidence.derive import evidence
from sim.results import schema
from sim.results.observed import covers_year, observed_vs_simulated

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
SCENARIOS = ROOT / "configs" / "scenario"
CALIBRATED = {"baseline": 2023, "policy_2024": 2024}
# one calendar year, as small as the model allows; policy_2024 from October 2023 to the end of 2024
BASELINE_YEAR = ("run=smoke", "run.horizon_days=365", "run.scale=0.02")
POLICY_2024 = (
    "scenario=policy_2024",
    "run=smoke",
    "run.start_date=2023-10-01",
    "run.horizon_days=458",
    "run.scale=0.02",
)
T_975_DF1 = 12.706204736  # Student t quantile 0.975 with 1 degree of freedom (statistical tables)


def table_of(*overrides: str):
    params, _ = setup(*overrides)
    ev = evidence()
    return params, observed_vs_simulated(run_tables(*overrides), params, ev.published, ev.sources)


def published_rows(year: int) -> dict[str, list[dict[str, str]]]:
    """seeds/published.csv rows of kg seized in ``year``, by port, as text."""
    by_port: dict[str, list[dict[str, str]]] = defaultdict(list)
    with (SEEDS / "published.csv").open(newline="") as f:
        for row in csv.DictReader(f):
            if row["year"] == str(year) and row["quantity"] == "kg_seized":
                by_port[row["port"]].append(row)
    return by_port


def full_year_port_totals(rows: list[dict[str, str]]) -> list[dict[str, str]] | None:
    """The rows when every one is a full-year cocaine total for the port itself, else None."""
    plain = all(
        (r["period"], r["substance"], r["area_scope"], r["bound"])
        == ("year", "cocaine", "port", "point")
        for r in rows
    )
    return rows if plain else None


# ------------------------------------------------------------------ which scenarios


def test_calibrated_scenarios_declare_their_year_and_the_others_none():
    for path in sorted(SCENARIOS.glob("*.yaml")):
        name = path.stem
        assert api.load([f"scenario={name}"]).scenario.observed_year == CALIBRATED.get(name), name


def test_observed_year_is_validated():
    with pytest.raises(ConfigError, match=r"scenario\.observed_year"):
        api.load(["scenario.observed_year=2025"])
    with pytest.raises(ConfigError, match=r"scenario\.observed_year"):
        api.load(["scenario.observed_year=x"])
    assert api.load(["scenario.observed_year=null"]).scenario.observed_year is None


def test_no_table_for_an_uncalibrated_scenario_or_a_window_short_of_the_year():
    ev = evidence()
    tables = run_tables("run=smoke")  # baseline, 90 days: 2023 is not covered
    params, _ = setup("run=smoke")
    assert params.scenario.observed_year == 2023 and not covers_year(params, 2023)
    assert observed_vs_simulated(tables, params, ev.published, ev.sources) is None
    surge, _ = setup("scenario=antwerp_surge", "run=smoke")
    long_surge = replace(surge, run=replace(surge.run, horizon_days=1096))
    assert covers_year(long_surge, 2024)
    assert observed_vs_simulated(tables, long_surge, ev.published, ev.sources) is None


# ------------------------------------------------------------------ the observed side


@pytest.mark.parametrize("overrides", [BASELINE_YEAR, POLICY_2024], ids=["baseline", "policy"])
def test_observed_values_are_the_seeds_figures(overrides):
    params, table = table_of(*overrides)
    assert table is not None
    assert list(table.columns) == schema.columns("observed_vs_simulated")
    year = params.scenario.observed_year
    assert (table["year"] == year).all()
    seeds = published_rows(year)
    modelled_with_figures = [p for p in params.ports if p in seeds]
    assert list(table["port"]) == modelled_with_figures
    checked = 0
    for row in table.to_dict(orient="records"):
        rows = seeds[row["port"]]
        assert set(row["source_id"].split("; ")) <= {r["source_id"] for r in rows}
        assert row["observed_low"] <= row["observed"] <= row["observed_high"]
        assert (row["observed_kind"] == "lower_bound") == math.isinf(row["observed_high"])
        totals = full_year_port_totals(rows)
        if totals is None:
            continue
        values = [float(r["value"]) for r in totals]
        used = [float(r["value"]) for r in totals if r["used"] == "true"]
        assert row["observed"] == used[0]
        assert (row["observed_low"], row["observed_high"]) == (min(values), max(values))
        kind = "annual_total" if len(set(values)) == 1 else "range"
        assert row["observed_kind"] == kind
        checked += 1
    assert checked >= 2  # ports whose only figures are full-year totals (2024: Le Havre, Valencia)


def test_observed_2023_antwerp_agrees_with_seizures_csv():
    """The same customs total is in seizures.csv (tonnes) as the used figure of the port."""
    _, table = table_of(*BASELINE_YEAR)
    assert table is not None
    with (SEEDS / "seizures.csv").open(newline="") as f:
        rows = [
            r
            for r in csv.DictReader(f)
            if (r["area"], r["year"], r["period"], r["used"]) == ("antwerp", "2023", "year", "true")
        ]
    assert len(rows) == 1
    antwerp = table.set_index("port").loc["antwerp"]
    assert antwerp["observed"] == pytest.approx(float(rows[0]["tonnes"]) * 1000.0)


def test_sources_carry_titles_and_addresses_from_sources_csv():
    _, table = table_of(*BASELINE_YEAR)
    assert table is not None
    with (SEEDS / "sources.csv").open(newline="") as f:
        sources = {r["source_id"]: r for r in csv.DictReader(f)}
    for row in table.to_dict(orient="records"):
        ids = row["source_id"].split("; ")
        assert row["source_title"].split(" | ") == [sources[i]["title"] for i in ids]
        assert row["source_url"].split(" | ") == [sources[i]["url"] for i in ids]


# ------------------------------------------------------------------ the simulated side


@pytest.mark.parametrize("overrides", [BASELINE_YEAR, POLICY_2024], ids=["baseline", "policy"])
def test_simulated_means_are_the_replication_means_of_the_timeseries(overrides):
    params, table = table_of(*overrides)
    assert table is not None
    year = params.scenario.observed_year
    ts = run_tables(*overrides).timeseries
    ts = ts[ts["period_start"].str.startswith(str(year))]
    assert ts["period_start"].nunique() == 12  # months of the year, none outside it
    n = params.run.replications
    assert n == 2 and (table["replications"] == n).all()
    for row in table.to_dict(orient="records"):
        per_rep = ts[ts["port"] == row["port"]].groupby("replication")["kg_seized"].sum()
        # divided by run.scale: the full-scale figure a scaled run stands for
        values = per_rep.reindex(range(n), fill_value=0.0).to_numpy() / params.run.scale
        assert row["simulated_mean"] == pytest.approx(values.mean(), rel=1e-12)
        half = T_975_DF1 * values.std(ddof=1) / np.sqrt(n)
        assert row["ci_low"] == pytest.approx(values.mean() - half, rel=1e-6, abs=1e-6)
        assert row["ci_high"] == pytest.approx(values.mean() + half, rel=1e-6, abs=1e-6)
        assert row["ratio"] == pytest.approx(values.mean() / row["observed"], rel=1e-12)


def test_a_scaled_run_says_so_and_a_full_scale_one_does_not():
    params, table = table_of(*BASELINE_YEAR)
    assert table is not None
    assert (table["run_scale"] == 0.02).all()
    assert table["note"].str.contains("scaled run (run.scale=0.02)", regex=False).all()
    ev = evidence()
    full = replace(params, run=replace(params.run, scale=1.0))
    same = observed_vs_simulated(run_tables(*BASELINE_YEAR), full, ev.published, ev.sources)
    assert same is not None
    assert not same["note"].str.contains("scaled run").any()
    # a run at 0.02 stands for 50 times its kg (sim.engine.scaling)
    np.testing.assert_allclose(table["simulated_mean"], same["simulated_mean"] / 0.02)
