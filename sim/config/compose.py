"""Hydra composition of ``configs/`` with command-line style overrides, fast and side-effect free.

``configs/config.yaml`` and its groups are composed with Hydra's compose API exactly as the
``portsim`` command composes them. To keep :func:`sim.api.load` cheap (a Hydra composition costs
0.3-0.5 s), the work is split the way Hydra itself splits it:

1. *group overrides* (``scenario=antwerp_surge``, ``run=smoke``, ``hydra/launcher=basic``) select
   config files; Hydra composes them, once per distinct set (cached);
2. *value overrides* (``ports.antwerp.scanners=8``, ``+scenario.schedule.x={...}``, ``~key``) are
   then applied to a copy of that composition with Hydra's semantics (``+`` adds a key, ``++``
   adds or replaces, ``~`` deletes, a plain override must name an existing key, mappings merge);
3. interpolations are resolved (``${times:...}`` in scenario files).

A test holds this path to a full Hydra composition of the same overrides. Hydra's global state is
restored after every composition, so the functions here may be called from anywhere, including
inside a running Hydra application.

Errors: every problem is a one-line :class:`~sim.errors.ConfigError` naming the key (or group) and
what is allowed; nothing here prints or exits.
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hydra import compose as hydra_compose
from hydra import initialize_config_dir
from hydra.core.global_hydra import GlobalHydra
from hydra.core.override_parser.overrides_parser import OverridesParser
from hydra.core.override_parser.types import Override
from hydra.errors import ConfigCompositionException, MissingConfigException, OverrideParseException
from omegaconf import OmegaConf
from omegaconf.errors import OmegaConfBaseException

from sim.errors import ConfigError
from sim.params.rules import join, nearest

CONFIG_DIR = Path(__file__).resolve().parents[2] / "configs"
CONFIG_NAME = "config"
GROUPS = ("ports", "scenario", "traffickers", "run", "levers")
"""Config groups of the model (``configs/<group>/``); ``hydra/launcher`` presets are not."""

GRAMMAR = "KEY=VALUE, +KEY=VALUE, ++KEY=VALUE, ~KEY or GROUP=OPTION (Hydra's override grammar)"


def _register_resolvers() -> None:
    """``${times:a,b}`` is a·b and ``${times_int:a,b}`` a·b rounded to a whole number (≥ 1).

    Scenario files use them to scale a port's own configured value by ``scenario.factor``.
    """
    OmegaConf.register_new_resolver("times", lambda a, b: float(a) * float(b), replace=True)
    OmegaConf.register_new_resolver(
        "times_int", lambda a, b: max(1, round(float(a) * float(b))), replace=True
    )


_register_resolvers()


def group_options(group: str) -> list[str]:
    """Names of the config files in a group folder of ``configs/``."""
    return sorted(p.stem for p in (CONFIG_DIR / group).glob("*.yaml"))


# ------------------------------------------------------------------ parsing


def parse(overrides: Sequence[str]) -> list[Override]:
    """Parse override strings; a line that does not parse is named in the error."""
    parser = OverridesParser.create()
    parsed = []
    for line in overrides:
        if not isinstance(line, str):
            raise ConfigError(repr(line), "an override must be a string", GRAMMAR)
        try:
            parsed += parser.parse_overrides([line])
        except OverrideParseException as exc:
            reason = str(exc).strip().splitlines()[0]
            raise ConfigError(line, f"cannot parse this override ({reason})", GRAMMAR) from None
    return parsed


def is_group_override(override: Override) -> bool:
    """True when an override selects config files rather than setting a value."""
    key = override.key_or_group
    if override.package is not None or "/" in key:
        return True
    return "." not in key and (CONFIG_DIR / key).is_dir()


# ------------------------------------------------------------------ Hydra composition


@dataclass(frozen=True)
class Composed:
    """A composition before value overrides: the model's config and the ``hydra`` node.

    Both are plain containers with interpolations unresolved; treat them as read-only (they are
    cached): :func:`plain` works on copies.
    """

    config: dict[str, Any]
    hydra: dict[str, Any]


@functools.lru_cache(maxsize=128)
def compose_groups(
    group_lines: tuple[str, ...] = (), search_dirs: tuple[str, ...] = ()
) -> Composed:
    """Hydra's composition of the config-group selections (cached per distinct set)."""
    lines = list(group_lines)
    if search_dirs:
        lines.append(f"hydra.searchpath=[{','.join('file://' + d for d in search_dirs)}]")
    gh = GlobalHydra.instance()
    saved = gh.hydra if gh.is_initialized() else None
    gh.clear()
    try:
        with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
            cfg = hydra_compose(config_name=CONFIG_NAME, overrides=lines, return_hydra_config=True)
    except (MissingConfigException, ConfigCompositionException, OmegaConfBaseException) as exc:
        raise translate_error(exc) from None
    finally:
        gh.clear()
        if saved is not None:
            gh.initialize(saved)
    container = OmegaConf.to_container(cfg, resolve=False)
    assert isinstance(container, dict)
    config = {str(k): v for k, v in container.items()}
    hydra_node = config.pop("hydra")
    return Composed(config=config, hydra=hydra_node)


def translate_error(exc: BaseException) -> ConfigError:
    """A Hydra composition error as one line naming the group and its options."""
    text = str(exc)
    m = re.search(r"Could not (?:find|load) '([\w/]+)/([^']+)'", text)
    if m:
        group, name = m.group(1), m.group(2)
        options = group_options(group) if (CONFIG_DIR / group).is_dir() else _listed(text)
        hint = nearest(name, options)
        problem = f"unknown option {name!r}" + (f" (did you mean {hint}?)" if hint else "")
        return ConfigError(group, problem, join(options) if options else None)
    first = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
    return ConfigError("", f"cannot compose the configuration: {first}")


def _listed(text: str) -> list[str]:
    """Option names from Hydra's "Available options" block."""
    return [line.strip() for line in text.splitlines() if line.startswith("\t") and line.strip()]


# ------------------------------------------------------------------ value overrides


def _container_at(config: dict[str, Any], path: list[str], create: bool) -> tuple[dict, bool]:
    """The mapping that holds ``path[-1]``; (mapping, whether any level had to be created)."""
    node: Any = config
    created = False
    for depth, part in enumerate(path[:-1]):
        if part not in node or node[part] is None:
            if not create:
                raise KeyError(".".join(path[: depth + 1]))
            node[part] = {}
            created = True
        node = node[part]
        if not isinstance(node, dict):
            where = ".".join(path[: depth + 1])
            raise ConfigError(
                ".".join(path), f"{where} is a value, not a group of keys", f"{where}=VALUE"
            )
    return node, created


def _merge(target: dict[str, Any], value: Mapping[str, Any]) -> None:
    """Hydra's ``merge=True``: mappings merge key by key, everything else replaces."""
    for k, v in value.items():
        if isinstance(v, Mapping) and isinstance(target.get(k), dict):
            _merge(target[k], v)
        else:
            target[k] = copy.deepcopy(v)


def apply_value_override(config: dict[str, Any], override: Override) -> bool:
    """Apply one value override in place; True when a plain override created a missing key.

    The caller decides what a created key means: the schema rejects it if it is unknown, and a
    known key created without ``+`` is an error of the override (Hydra's rule).
    """
    key = override.key_or_group
    path = key.split(".")
    if override.is_sweep_override():
        raise ConfigError(
            key, "a sweep of values in a single run", "one value (sweeps: portsim -m)"
        )
    value = override.value()
    if override.is_delete():
        try:
            parent, _ = _container_at(config, path, create=False)
        except KeyError:
            parent = {}
        if path[-1] not in parent:
            raise ConfigError(
                key, "not in the configuration: nothing to delete", "~KEY for a key that is set"
            )
        del parent[path[-1]]
        return False
    adding = override.is_add() or override.is_force_add()
    parent, created = _container_at(config, path, create=True)
    present = path[-1] in parent and parent[path[-1]] is not None
    if override.is_add() and present and not isinstance(value, (dict, list)):
        raise ConfigError(key, "already set", f"{key}=VALUE to change it, ++{key}=VALUE")
    created = created or path[-1] not in parent
    if isinstance(value, Mapping) and isinstance(parent.get(path[-1]), dict):
        _merge(parent[path[-1]], value)
    else:
        parent[path[-1]] = copy.deepcopy(value)
    return created and not adding


def _has_interpolation(value: Any) -> bool:
    if isinstance(value, str):
        return "${" in value
    if isinstance(value, dict):
        return any(_has_interpolation(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_interpolation(v) for v in value)
    return False


def resolve(config: dict[str, Any]) -> dict[str, Any]:
    """Interpolations resolved (``${...}``); an unresolvable one is a ConfigError naming its key.

    A configuration without any is returned as it is (OmegaConf's round trip costs ~80 ms).
    """
    if not _has_interpolation(config):
        return config
    try:
        resolved = OmegaConf.to_container(OmegaConf.create(config), resolve=True)
    except OmegaConfBaseException as exc:
        key = str(getattr(exc, "full_key", "") or "")
        first = str(exc).strip().splitlines()[0]
        raise ConfigError(key, f"cannot resolve: {first}", "values or ${key} references") from None
    assert isinstance(resolved, dict)
    return {str(k): v for k, v in resolved.items()}


@dataclass(frozen=True)
class Plain:
    """A composed configuration as plain values.

    Attributes
    ----------
    config : dict
        The model's configuration, interpolations resolved, without the ``hydra`` node.
    hydra : dict
        The ``hydra`` node after the group selections (unresolved).
    created : tuple of str
        Keys a plain (``+``-less) override created because they were missing.
    """

    config: dict[str, Any]
    hydra: dict[str, Any]
    created: tuple[str, ...]


def plain(
    overrides: Sequence[str] = (),
    search_dirs: Sequence[str] = (),
    parsed: list[Override] | None = None,
) -> Plain:
    """Compose ``configs/config.yaml`` with overrides (see the module docstring).

    ``parsed``: the overrides already parsed (:func:`parse`), to parse them once. Overrides of
    the ``hydra`` node other than group selections are not applied here (they do not change the
    model); :mod:`sim.config.guard` checks them.
    """
    parsed = parse(overrides) if parsed is None else parsed
    groups = tuple(o.input_line for o in parsed if is_group_override(o))
    composed = compose_groups(groups, tuple(search_dirs))  # type: ignore[arg-type]
    config = copy.deepcopy(composed.config)
    created = []
    for override in parsed:
        if is_group_override(override) or override.key_or_group.split(".")[0] == "hydra":
            continue
        if apply_value_override(config, override):
            created.append(override.key_or_group)
    return Plain(config=resolve(config), hydra=composed.hydra, created=tuple(created))


def compose(overrides: Sequence[str] = ()) -> dict[str, Any]:
    """The resolved model configuration (no ``hydra`` node) for the given overrides."""
    return plain(overrides).config
