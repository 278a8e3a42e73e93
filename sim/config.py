"""Hydra configuration: schema registration, composition, and one-line error messages.

Only this module and :mod:`sim.cli` import Hydra or OmegaConf. The configs live in the
repository's top-level ``configs/`` folder; Hydra gets its absolute path, computed from this file,
so the ``portsim`` console script of an editable install finds them from any directory.

Errors: Hydra reports composition problems (unknown key, wrong type, unknown scenario) as several
lines without the allowed values. :func:`compose` catches them and raises
:class:`~sim.errors.ConfigError` with one line that names the key and what is allowed.
"""

from __future__ import annotations

import re
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any

from hydra import compose as hydra_compose
from hydra import initialize_config_dir
from hydra.core.config_store import ConfigStore
from hydra.core.global_hydra import GlobalHydra
from hydra.errors import ConfigCompositionException, MissingConfigException, OverrideParseException
from omegaconf import DictConfig, OmegaConf
from omegaconf.errors import (
    ConfigAttributeError,
    ConfigKeyError,
    OmegaConfBaseException,
    ValidationError,
)

from sim.errors import ConfigError
from sim.params import Params, validate

CONFIG_DIR = Path(__file__).resolve().parent.parent / "configs"
CONFIG_NAME = "config"
GROUPS = ("ports", "scenario", "traffickers", "run")  # hydra/launcher presets are not model groups


def register_schema() -> None:
    """Store the schema as ``base_config`` and the resolvers scenario files may use.

    ``${times:a,b}`` is a·b and ``${times_int:a,b}`` is a·b rounded to a whole number (at least
    1), so that a scenario can scale a port's own configured value by ``scenario.factor``.
    """
    ConfigStore.instance().store(name="base_config", node=Params)
    OmegaConf.register_new_resolver("times", lambda a, b: float(a) * float(b), replace=True)
    OmegaConf.register_new_resolver(
        "times_int", lambda a, b: max(1, round(float(a) * float(b))), replace=True
    )


register_schema()


def group_options(group: str) -> list[str]:
    """Names of the config files in a group folder of ``configs/``."""
    return sorted(p.stem for p in (CONFIG_DIR / group).glob("*.yaml"))


def compose(overrides: list[str] | tuple[str, ...] = ()) -> DictConfig:
    """Compose ``configs/config.yaml`` with command-line style overrides.

    Raises
    ------
    ConfigError
        One line naming the key (or group) and the allowed values.
    """
    try:
        return _compose_raw(overrides)
    except (
        ConfigCompositionException,
        MissingConfigException,
        OverrideParseException,
        OmegaConfBaseException,
    ) as exc:
        raise translate_error(exc) from None


def _compose_raw(overrides: list[str] | tuple[str, ...] = ()) -> DictConfig:
    """Compose ``configs/config.yaml`` with overrides; Hydra's own exceptions are not translated."""
    GlobalHydra.instance().clear()
    try:
        with initialize_config_dir(config_dir=str(CONFIG_DIR), version_base="1.3"):
            return hydra_compose(config_name=CONFIG_NAME, overrides=list(overrides))
    finally:
        GlobalHydra.instance().clear()


def to_params(cfg: DictConfig, known_ports: tuple[str, ...]) -> Params:
    """Validated :class:`Params` from a composed config (ConfigError on any problem)."""
    plain = OmegaConf.masked_copy(cfg, [k for k in cfg if k != "hydra"]) if "hydra" in cfg else cfg
    try:
        params = OmegaConf.to_object(plain)
        params.scenario.schedule = OmegaConf.to_container(  # type: ignore[union-attr]
            plain.scenario.schedule, resolve=True
        )
    except OmegaConfBaseException as exc:
        raise translate_error(exc) from None
    if not isinstance(params, Params):  # pragma: no cover - guarded by the schema
        raise ConfigError("", "configs/config.yaml must extend base_config")
    validate(params, known_ports)
    return params


# ------------------------------------------------------------------ error translation

_SCHEMA_ROOT = Params
_DICT_FIELD = re.compile(r"Dict\[str, (\w+)\]")


def _node_type(path: list[str]) -> Any:
    """The schema dataclass at a dotted path; ``dict`` for a free-form dict; None if unknown."""
    import sim.params as schema_module

    node: Any = _SCHEMA_ROOT
    entry_type: Any = None
    for part in path:
        if node is dict:  # an entry of a Dict[str, X] field: continue with X
            node, entry_type = entry_type, None
            continue
        if not is_dataclass(node):
            return None
        hints = {f.name: f.type for f in fields(node)}
        if part not in hints:
            return None
        text = hints[part] if isinstance(hints[part], str) else str(hints[part])
        entry = _DICT_FIELD.search(text)
        if entry:
            node, entry_type = dict, getattr(schema_module, entry.group(1), None)
        else:
            node = getattr(schema_module, text.strip(), None)
    return node


def _allowed_keys(parent: str) -> list[str]:
    """Allowed child keys of a node: schema fields, or the entries of a composed dict."""
    path = [p for p in parent.split(".") if p]
    node = _node_type(path)
    if node is not None and node is not dict and is_dataclass(node):
        return [f.name for f in fields(node)]
    try:
        sub = OmegaConf.select(compose_quietly(), parent)
        return sorted(str(k) for k in sub) if isinstance(sub, DictConfig) else []
    except Exception:  # pragma: no cover - only used to improve a message
        return []


def check_override_ports(overrides: list[str], known_ports: tuple[str, ...]) -> None:
    """Reject ``ports.<name>...`` overrides whose port is not in the evidence, before composing."""
    for line in overrides:
        key = line.split("=", 1)[0].lstrip("+~")
        parts = key.split(".")
        if len(parts) >= 2 and parts[0] == "ports" and parts[1] not in known_ports:
            raise ConfigError(
                f"ports.{parts[1]}", f"unknown port; allowed: {', '.join(known_ports)}"
            )


def compose_quietly() -> DictConfig:
    """The default composed config, without translating errors (helper for messages)."""
    return _compose_raw()


def translate_error(exc: BaseException) -> ConfigError:
    """Turn a Hydra/OmegaConf exception into a one-line ConfigError."""
    if isinstance(exc, MissingConfigException):
        return _missing_config(exc)
    cause = exc.__cause__ if exc.__cause__ is not None else exc
    if isinstance(cause, MissingConfigException):
        return _missing_config(cause)
    if isinstance(cause, (ConfigKeyError, ConfigAttributeError)):
        full_key = str(getattr(cause, "full_key", "") or "")
        if full_key:
            parent, _, key = full_key.rpartition(".")
            allowed = _allowed_keys(parent)
            where = f"{parent}." if parent else ""
            what = "port" if parent == "ports" else "key"
            hint = f"; allowed: {', '.join(allowed)}" if allowed else ""
            return ConfigError(f"{where}{key}", f"unknown {what}{hint}")
    if isinstance(cause, ValidationError):
        full_key = str(getattr(cause, "full_key", "") or "")
        msg = str(cause.msg if hasattr(cause, "msg") else cause).splitlines()[0]
        return ConfigError(full_key, _type_message(msg))
    if isinstance(exc, OverrideParseException):
        return ConfigError("", f"cannot parse override: {str(exc).splitlines()[0]}")
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return ConfigError("", first)


def _type_message(msg: str) -> str:
    m = re.search(r"Value '(.*)' of type '(\w+)' could not be converted to (\w+)", msg)
    if m:
        kind = {"Integer": "a whole number", "Float": "a number", "Boolean": "true or false"}
        return f"expected {kind.get(m.group(3), m.group(3))}, got {m.group(1)!r}"
    m = re.search(r"Invalid value '(.*)', expected one of \[(.*)\]", msg)
    if m:
        allowed = m.group(2).replace("'", "")
        return f"invalid value {m.group(1)!r}; allowed: {allowed}"
    if "is not Optional" in msg:
        return "must be set (null is not allowed)"
    return msg


def _missing_config(exc: MissingConfigException) -> ConfigError:
    text = str(exc)
    for verb in ("find", "load"):
        m = re.search(rf"Could not {verb} '([\w/]+)/([^']+)'", text)
        if m:
            group, name = m.group(1), m.group(2)
            return ConfigError(
                group, f"unknown {group} {name!r}; allowed: {', '.join(group_options(group))}"
            )
    return ConfigError("", text.strip().splitlines()[0])
