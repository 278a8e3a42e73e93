"""Every config composes and validates; bad inputs are rejected with a one-line message."""

from __future__ import annotations

import pytest
from helpers import setup

from sim.config import CONFIG_DIR, GROUPS, compose, group_options, to_params
from sim.errors import ConfigError
from sim.evidence.derive import known_ports


def all_group_choices() -> list[str]:
    return [f"{group}={name}" for group in GROUPS for name in group_options(group)]


@pytest.mark.parametrize("choice", all_group_choices())
def test_every_config_file_composes_and_validates(choice):
    params, network = setup(choice)
    assert set(network.ports) == set(params.ports) or params.scenario.mode.value == "queue_check"


def test_every_yaml_file_belongs_to_a_known_group():
    groups = {
        p.relative_to(CONFIG_DIR).parts[0]
        for p in CONFIG_DIR.rglob("*.yaml")
        if p.parent != CONFIG_DIR
    }
    assert groups <= {*GROUPS, "hydra"}


@pytest.mark.parametrize(
    "preset", sorted(p.stem for p in (CONFIG_DIR / "hydra" / "launcher").glob("*.yaml"))
)
def test_launcher_presets_compose(preset):
    cfg = compose([f"hydra/launcher={preset}"])
    assert cfg.run.replications >= 1


def test_default_config_has_the_twelve_ports_of_the_spec():
    params, _ = setup()
    assert set(params.ports) == set(known_ports())
    assert len(params.ports) == 12
    assert params.scenario.name == "baseline"
    assert params.run.scale == 1.0 and params.run.horizon_days == 365


BAD_INPUTS = [
    ("ports.antwerpp.scanners=3", "ports.antwerpp", "rotterdam"),
    ("ports.antwerp.scanerz=3", "ports.antwerp.scanerz", "scanners"),
    ("run.horizon=10", "run.horizon", "horizon_days"),
    ("ports.antwerp.scanners=-1", "ports.antwerp.scanners", ">= 0"),
    ("ports.rotterdam.inspection_teams=-2", "ports.rotterdam.inspection_teams", ">= 0"),
    ("ports.antwerp.selection_rate=1.5", "ports.antwerp.selection_rate", "[0, 1]"),
    ("ports.hamburg.insider_rate=-0.1", "ports.hamburg.insider_rate", "[0, 1]"),
    ("security.methods.structure.image_detection=1.2", "image_detection", "[0, 1]"),
    ("run.replications=0", "run.replications", ">= 1"),
    ("scenario=nosuch", "scenario", "baseline"),
    ("ports.antwerp.scanners=two", "ports.antwerp.scanners", "whole number"),
    ("run.period=year", "run.period", "month"),
    ("run.start_date=2023-02-30", "run.start_date", "YYYY-MM-DD"),
    ("run.scale=0", "run.scale", "(0, 1]"),
    ("traffickers.organisations.french.volume_share=0.5", "traffickers.organisations", "sum to 1"),
    ("traffickers.learning.news_weight=2", "traffickers.learning.news_weight", "[0, 1]"),
    ("traffickers.behaviour=clever", "traffickers.behaviour", "adaptive"),
]


@pytest.mark.parametrize(("override", "key", "allowed"), BAD_INPUTS)
def test_bad_input_names_the_key_and_what_is_allowed(override, key, allowed):
    with pytest.raises(ConfigError) as info:
        to_params(compose([override]), known_ports())
    message = str(info.value)
    assert "\n" not in message
    assert key in message and allowed in message, message
