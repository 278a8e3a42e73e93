"""Conversion of a composed configuration into validated parameters."""

from __future__ import annotations

import copy
import dataclasses

import pytest

from sim import api
from sim.config import compose
from sim.engine.levers import LEVERS
from sim.errors import ConfigError
from sim.evidence.derive import known_origins, known_ports
from sim.params.convert import to_params
from sim.params.schema import Params, PortParams


def convert(config: dict) -> Params:
    return to_params(config, known_ports(), known_origins())


@pytest.fixture(scope="module")
def base() -> dict:
    return compose([])


def test_every_field_must_be_present_in_the_configs(base):
    config = copy.deepcopy(base)
    del config["ports"]["antwerp"]["scan_time_cv"]
    with pytest.raises(ConfigError, match=r"^ports\.antwerp\.scan_time_cv: missing; allowed"):
        convert(config)


def test_every_lever_of_the_registry_needs_its_block(base):
    config = copy.deepcopy(base)
    del config["levers"]["liaison"]
    with pytest.raises(ConfigError, match=r"^levers\.liaison: missing"):
        convert(config)
    assert set(convert(base).levers) == {n for n, s in LEVERS.items() if s.block is not None}


def test_lever_blocks_are_typed_by_their_modules(base):
    params = convert(base)
    for name, block in params.levers.items():
        assert type(block) is LEVERS[name].block


def test_the_run_window_is_known_before_dated_fields_are_checked(base):
    config = copy.deepcopy(base)
    config["run"]["horizon_days"] = 800  # the default lever date 2024-01-01 now falls inside
    config["levers"]["alliance"]["enabled"] = True
    params = convert(config)
    assert params.levers["alliance"].start == "2024-01-01"


def test_schedule_values_follow_the_rule_of_their_lever(base):
    config = copy.deepcopy(base)
    config["scenario"]["schedule"] = {
        "x": {"port": "antwerp", "lever": "scanners", "value": 7.0, "start": "2023-03-01"}
    }
    change = convert(config).scenario.schedule["x"]
    assert change.value == 7 and type(change.value) is int
    config["scenario"]["schedule"]["x"]["value"] = 1.5
    with pytest.raises(ConfigError, match=r"schedule\.x\.value: must be a whole number"):
        convert(config)


def test_two_changes_of_one_lever_on_one_date_are_ambiguous(base):
    config = copy.deepcopy(base)
    entry = {"port": "antwerp", "lever": "scanners", "value": 7, "start": "2023-03-01"}
    config["scenario"]["schedule"] = {"a": dict(entry), "b": dict(entry, value=8)}
    with pytest.raises(ConfigError, match=r"schedule\.b: changes antwerp\.scanners"):
        convert(config)


def test_conversion_of_the_default_equals_load():
    assert convert(compose([])) == api.load()


def test_replace_keeps_a_valid_variant():
    params = api.load()
    port = dataclasses.replace(params.ports["antwerp"], scanners=9)
    variant = dataclasses.replace(params, ports={**params.ports, "antwerp": port})
    assert variant.ports["antwerp"].scanners == 9 and params.ports["antwerp"].scanners == 5
    assert isinstance(port, PortParams)
