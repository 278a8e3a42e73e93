"""sim.api: plain functions over the model, with no files, no figures and no Hydra state."""

from __future__ import annotations

import math

import pytest

from sim import api
from sim.errors import ConfigError
from sim.results import schema

SMALL = ["run=smoke", "run.replications=2", "run.horizon_days=40", "run.warmup_days=10"]


def test_simulate_returns_every_table_in_memory_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    results = api.simulate(api.load(SMALL))
    for name in schema.RUN_TABLES:
        assert list(getattr(results, name).columns) == schema.columns(name)
    assert list(results.costs.columns) == schema.columns("costs")
    assert results.comparison is None and results.cpu_s > 0
    assert list(tmp_path.iterdir()) == []


def test_seed_and_replications_arguments_override_the_run_settings():
    params = api.load(SMALL)
    one = api.simulate(params, seed=5, replications=1)
    assert len(one.replications) == 1 and one.params.run.seed == 5
    assert params.run.seed == 7 and params.run.replications == 2  # the loaded params unchanged
    with pytest.raises(ConfigError, match=r"^run\.replications: 0 is out of range"):
        api.simulate(params, replications=0)


def test_evaluate_averages_the_replications_of_simulate():
    params = api.load(SMALL)
    out = api.evaluate(params, replications=2)
    results = api.simulate(params, replications=2)
    reps = results.replications
    assert out["kg_delivered"] == pytest.approx(reps["kg_delivered"].mean())
    assert out["cost_eur"] == pytest.approx(results.costs["total_eur"].mean())
    seized, delivered = reps["kg_seized"].mean(), reps["kg_delivered"].mean()
    assert out["interdiction_rate"] == pytest.approx(seized / (seized + delivered))  # of means
    antwerp = results.ports.query("port == 'antwerp'")
    assert out["ports.antwerp.kg_seized"] == pytest.approx(antwerp["kg_seized"].mean())
    assert math.isnan(out["kg_kept_off_market"])  # no counterfactual in the baseline
    assert list(out) == [o.name for o in api.outcomes(params)]


def test_evaluate_takes_overrides_and_is_reproducible():
    a = api.evaluate({"run": "smoke", "run.horizon_days": 30, "run.warmup_days": 5}, seed=3)
    b = api.evaluate(["run=smoke", "run.horizon_days=30", "run.warmup_days=5"], seed=3)
    assert a == pytest.approx(b, nan_ok=True)


def test_evaluate_reports_the_paired_difference_against_the_counterfactual():
    overrides = [
        "scenario=antwerp_surge",
        "run.scale=0.02",
        "run.start_date=2023-11-01",
        "run.warmup_days=30",
        "run.horizon_days=120",
    ]
    out = api.evaluate(overrides, replications=1)
    results = api.simulate(api.load(overrides), replications=1)
    cc = results.comparison.cost_comparison
    assert out["kg_kept_off_market"] == pytest.approx(cc["kg_kept_off_market"].mean())
    assert out["extra_cost_eur"] == pytest.approx(cc["extra_cost_eur"].mean())
    assert out["extra_cost_eur"] > 0  # ten scanners cost more than five


def test_evaluate_needs_the_network_model():
    with pytest.raises(ConfigError, match=r"scenario\.mode"):
        api.evaluate(["scenario=queue_check", "run.horizon_days=5"])


def test_a_key_added_without_plus_is_refused_like_on_the_command_line():
    with pytest.raises(ConfigError, match=r"\+scenario\.schedule\.x=VALUE to add it"):
        api.load(
            ["scenario.schedule.x={port: antwerp, lever: scanners, value: 9, start: '2023-06-01'}"]
        )


def test_from_config_validates_an_already_composed_config():
    from sim.config import compose

    config = compose(SMALL)
    assert api.from_config(config) == api.load(SMALL)
    config["run"]["scale"] = 5.0
    with pytest.raises(ConfigError, match=r"^run\.scale"):
        api.from_config(config)
