"""Every config composes and validates; the fast composition path equals Hydra's own."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hydra import compose as hydra_compose
from hydra import initialize_config_dir
from hydra.core.global_hydra import GlobalHydra
from omegaconf import OmegaConf

from sim import api
from sim.config import CONFIG_DIR, GROUPS, compose, group_options
from sim.engine.levers import LEVERS
from sim.errors import ConfigError
from sim.evidence.derive import known_ports
from sim.params.convert import defaults_free
from sim.params.schema import Params


def all_group_choices() -> list[str]:
    return [
        f"{group}={name}" for group in GROUPS if group != "levers" for name in group_options(group)
    ]


@pytest.mark.parametrize("choice", all_group_choices())
def test_every_config_file_composes_and_validates(choice):
    params = api.load([choice])
    network = api.network_of(params)
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
    assert api.load([f"hydra/launcher={preset}"]).run.replications >= 1


def test_default_config_has_the_twelve_ports_of_the_spec():
    params = api.load()
    assert set(params.ports) == set(known_ports())
    assert len(params.ports) == 12
    assert params.scenario.name == "baseline"
    assert params.run.scale == 1.0 and params.run.horizon_days == 365


def test_every_lever_has_its_config_file_listed_in_the_defaults():
    primary = yaml.safe_load((CONFIG_DIR / "config.yaml").read_text())
    listed = next(d["levers"] for d in primary["defaults"] if isinstance(d, dict) and "levers" in d)
    with_block = sorted(name for name, spec in LEVERS.items() if spec.block is not None)
    assert sorted(listed) == with_block == group_options("levers")


# ------------------------------------------------------------------ one source of defaults


def test_no_parameter_dataclass_carries_a_default():
    blocks = [spec.block for spec in LEVERS.values() if spec.block is not None]
    assert defaults_free(Params) == []
    assert [found for block in blocks for found in defaults_free(block)] == []


def _leaves(node, prefix=""):
    if isinstance(node, dict):
        for k, v in node.items():
            if k in ("defaults", "hydra"):
                continue
            yield from _leaves(v, f"{prefix}.{k}" if prefix else str(k))
    else:
        yield prefix


def _package_of(path: Path) -> str:
    first = path.read_text().splitlines()[0]
    if first.startswith("# @package"):
        package = first.split()[-1]
        return "" if package == "_global_" else package
    return "" if path.parent == CONFIG_DIR else path.parent.name


def test_no_default_is_defined_twice():
    primary = yaml.safe_load((CONFIG_DIR / "config.yaml").read_text())
    files = [CONFIG_DIR / "config.yaml"]
    for entry in primary["defaults"]:
        if isinstance(entry, dict):
            ((group, options),) = entry.items()
            if group.startswith("override"):
                continue
            for option in options if isinstance(options, list) else [options]:
                files.append(CONFIG_DIR / group / f"{option}.yaml")
    seen: dict[str, Path] = {}
    for path in files:
        data = yaml.safe_load(path.read_text()) or {}
        package = _package_of(path)
        for leaf in _leaves(data):
            key = f"{package}.{leaf}" if package else leaf
            assert key not in seen, f"{key} is set in {seen.get(key)} and in {path}"
            seen[key] = path


# ------------------------------------------------------------------ the fast path is Hydra's


def _hydra_full(overrides: list[str]) -> dict:
    GlobalHydra.instance().clear()
    try:
        with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
            cfg = hydra_compose(config_name="config", overrides=overrides)
    finally:
        GlobalHydra.instance().clear()
    return OmegaConf.to_container(cfg, resolve=True)


CORPUS = [
    [],
    ["scenario=antwerp_scanning", "scenario.factor=2.5"],
    ["run=smoke", "ports.antwerp.scanners=8", "traffickers.rationality=5"],
    ["+scenario.schedule.surge={port: antwerp, lever: scanners, value: 10, start: '2023-07-01'}"],
    ["scenario=policy_2024", "++run.seed=11", "levers.liaison.origins=[santos]"],
    ["traffickers=static", "levers.benelux_agency={mobile_scanners: 2, review_days: 7}"],
    ["scenario=queue_check", "queue_check.scanners=4", "queue_check.service=deterministic"],
]


@pytest.mark.parametrize("overrides", CORPUS, ids=[" ".join(c) or "default" for c in CORPUS])
def test_fast_composition_equals_hydras_own(overrides):
    assert compose(overrides) == _hydra_full(overrides)


def test_no_hydra_global_state_is_left_behind():
    api.load(["run=smoke", "run.seed=99"])
    assert not GlobalHydra.instance().is_initialized()


def test_load_accepts_numpy_scalars_and_caches_per_override_set():
    import numpy as np

    a = api.load({"ports.antwerp.scanners": np.int64(7), "run.scale": np.float64(0.25)})
    assert a.ports["antwerp"].scanners == 7 and type(a.ports["antwerp"].scanners) is int
    assert a.run.scale == 0.25 and type(a.run.scale) is float
    assert api.load({"ports.antwerp.scanners": 7, "run.scale": 0.25}) is a
    with pytest.raises(ConfigError, match="whole number"):
        api.load({"ports.antwerp.scanners": np.float64(7.5)})
