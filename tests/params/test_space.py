"""parameter_space() and the configuration reference come from the same rules."""

from __future__ import annotations

import math

import pytest

from sim import api
from sim.params.rules import Number
from sim.params.space import factors, leaves


def test_every_numeric_lever_and_uncertainty_is_a_factor_with_a_finite_range():
    space = api.parameter_space()
    keys = {f.key for f in space}
    assert {
        "ports.antwerp.scanners",
        "traffickers.rationality",
        "levers.alliance.intelligence_gain",
    } <= keys
    assert "run.seed" not in keys and "run.scale" not in keys  # settings, not factors
    for f in space:
        assert math.isfinite(f.low) and math.isfinite(f.high) and f.low <= f.high
        assert f.kind in ("lever", "uncertainty")
        if f.value is not None:
            assert f.low <= f.value <= f.high


def test_a_factor_at_its_bounds_loads():
    """Any value inside a factor's range passes validation on its own."""
    for f in api.parameter_space():
        if not f.key.startswith(("ports.antwerp.", "traffickers.learning.", "costs.")):
            continue
        for value in (f.low, f.high):
            if (value == f.low and f.low_open) or (value == f.high and f.high_open):
                value = (f.low + f.high) / 2
            api.load({f.key: int(value) if f.integer else value})


def test_settings_can_be_asked_for():
    keys = {f.key for f in api.parameter_space(kinds=("setting",))}
    assert {"run.scale", "run.horizon_days"} <= keys


def test_leaves_cover_every_rule_of_the_schema():
    params = api.load()
    all_leaves = list(leaves(params))
    assert len({leaf.key for leaf in all_leaves}) == len(all_leaves)
    assert sum(isinstance(leaf.rule, Number) for leaf in all_leaves) == len(
        factors(params, ("lever", "uncertainty", "setting"))
    )


@pytest.mark.parametrize("name", ["kg_delivered", "ports.antwerp.kg_seized", "kg_kept_off_market"])
def test_outcomes_have_units_and_meanings(name):
    info = {o.name: o for o in api.outcomes()}[name]
    assert info.unit and info.description
