"""From a composed configuration (plain mappings) to validated :class:`~sim.params.schema.Params`.

One walk over the schema does all the checking, driven by the field metadata of
:mod:`sim.params.rules`:

* every key must be a field of its dataclass (or an allowed entry of its mapping); an unknown key
  is reported with the nearest known one — at any depth, so ``+run.horizon=10`` or
  ``+ports.antwerp.scaners=3`` fail like a typo in a config file;
* every field must be present (the configs hold every default; nothing is filled in here);
* every leaf is checked and normalised by its rule (type, finiteness, range, allowed names,
  calendar window); then each dataclass's cross-field ``CHECKS`` run.

The run window is known before the rest is checked (``run`` is converted first), and so are the
configured ports (``ports`` second), which port lists elsewhere must name. Inside a lever block
that is switched off (``enabled: false``), dates are not held to the run window.

Every problem raises :class:`~sim.errors.ConfigError` with one line: ``KEY: what is wrong;
allowed: ...``.
"""

from __future__ import annotations

import datetime as dt
import functools
import typing
from collections.abc import Mapping
from dataclasses import MISSING, Field, fields, is_dataclass, replace
from typing import Any

from sim.clock import RunCalendar
from sim.engine.levers import LEVERS
from sim.errors import ConfigError
from sim.params.rules import (
    COMPLETE,
    KEYS,
    MAX_ENTRIES,
    MIN_ENTRIES,
    NOUN,
    REGISTRY,
    RULE,
    VALUES,
    Choice,
    Context,
    Rule,
    inactive,
    join,
    nearest,
)
from sim.params.schema import Params, RunParams


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _entry_type(annotation: Any) -> Any:
    """The value type of a ``dict[str, X]`` annotation (None if it is not a dict)."""
    if typing.get_origin(annotation) is dict:
        return typing.get_args(annotation)[1]
    return None


def _is_dataclass_type(tp: Any) -> bool:
    return isinstance(tp, type) and is_dataclass(tp)


def _join_key(key: str, name: str) -> str:
    return f"{key}.{name}" if key else str(name)


def unknown_key(key: str, name: object, allowed: list[str], noun: str = "key") -> ConfigError:
    """The error for a key the schema does not know, naming the nearest known key."""
    hint = nearest(str(name), allowed)
    problem = f"unknown {noun}" + (f" (did you mean {_join_key(key, hint)}?)" if hint else "")
    return ConfigError(_join_key(key, str(name)), problem, join(allowed))


def build(cls: type, data: Any, key: str, ctx: Context, order: tuple[str, ...] = ()) -> Any:
    """An instance of dataclass ``cls`` from mapping ``data`` (at config path ``key``)."""
    names = [f.name for f in fields(cls)]
    if not isinstance(data, Mapping):
        raise ConfigError(
            key, f"expected a mapping, got {data!r}", f"a mapping with keys {join(names)}"
        )
    for name in data:
        if name not in names:
            raise unknown_key(key, name, names)
    if data.get("enabled") is False:
        ctx = inactive(ctx)
    values: dict[str, Any] = {}
    by_name = {f.name: f for f in fields(cls)}
    for name in (*order, *(n for n in names if n not in order)):
        f = by_name[name]
        sub = _join_key(key, name)
        if name not in data:
            rule = f.metadata.get(RULE)
            raise ConfigError(sub, "missing", rule.describe(ctx) if rule is not None else None)
        values[name] = _value(cls, f, data[name], sub, ctx)
        if cls is Params and name == "run":
            ctx = _with_window(ctx, values["run"])
        elif cls is Params and name == "ports":
            ctx = replace(ctx, ports=tuple(values["ports"]))
    obj = cls(**values)
    for check in getattr(cls, "CHECKS", ()):
        check.apply(obj, key, ctx)
    return obj


def _with_window(ctx: Context, run: RunParams) -> Context:
    cal = RunCalendar(dt.date.fromisoformat(run.start_date), run.warmup_days, run.horizon_days)
    return replace(ctx, simulated=(cal.sim_start, cal.end), observed=(cal.start, cal.end))


def _value(cls: type, f: Field[Any], data: Any, key: str, ctx: Context) -> Any:
    """One field's value: a nested dataclass, a mapping of entries, the levers, or a leaf."""
    annotation = _hints(cls)[f.name]
    meta = f.metadata
    if meta.get(REGISTRY):
        return _levers(data, key, ctx)
    if _is_dataclass_type(annotation):
        return build(annotation, data, key, ctx)
    if KEYS in meta:
        return _mapping(_entry_type(annotation), meta, data, key, ctx)
    rule: Rule = meta[RULE]
    return rule.check(key, data, ctx)


def _mapping(entry: Any, meta: Mapping[str, Any], data: Any, key: str, ctx: Context) -> dict:
    """A ``table`` field: checked entry names, then each entry."""
    keys: Rule = meta[KEYS]
    noun = meta.get(NOUN, "entry")
    allowed = keys.allowed(ctx) if isinstance(keys, Choice) else ()
    if not isinstance(data, Mapping):
        raise ConfigError(key, f"expected a mapping, got {data!r}", f"a mapping of {noun} names")
    out = {}
    for name, value in data.items():
        if isinstance(keys, Choice) and name not in allowed:
            raise unknown_key(key, name, list(allowed), noun)
        keys.check(_join_key(key, str(name)), name, ctx)
        sub = _join_key(key, str(name))
        if _is_dataclass_type(entry):
            out[name] = build(entry, value, sub, ctx)
        else:
            out[name] = meta[VALUES].check(sub, value, ctx)
    if meta.get(COMPLETE):
        missing = [name for name in allowed if name not in out]
        if missing:
            raise ConfigError(
                _join_key(key, missing[0]), "missing", f"an entry for each of {join(allowed)}"
            )
    if not meta.get(MIN_ENTRIES, 0) <= len(out) <= meta.get(MAX_ENTRIES, 10**6):
        raise ConfigError(
            key,
            f"{len(out)} entries",
            f"{meta.get(MIN_ENTRIES, 0)} to {meta.get(MAX_ENTRIES)} {noun} entries",
        )
    return out


def _levers(data: Any, key: str, ctx: Context) -> dict[str, Any]:
    """The ``levers`` blocks: one per registered lever, each typed by its module."""
    names = sorted(name for name, spec in LEVERS.items() if spec.block is not None)
    if not isinstance(data, Mapping):
        raise ConfigError(
            key, f"expected a mapping, got {data!r}", f"a block for each of {join(names)}"
        )
    for name in data:
        if name not in names:
            raise unknown_key(key, name, names, "lever")
    out = {}
    for name in names:
        if name not in data:
            raise ConfigError(_join_key(key, name), "missing", f"a block for each of {join(names)}")
        block = LEVERS[name].block
        assert block is not None
        out[name] = build(block, data[name], _join_key(key, name), ctx)
    return out


def to_params(
    data: Mapping[str, Any], evidence_ports: tuple[str, ...], origins: tuple[str, ...]
) -> Params:
    """Validated parameters from a composed, resolved configuration (without its ``hydra`` node).

    Parameters
    ----------
    data
        The configuration as plain mappings, lists and scalars.
    evidence_ports, origins
        Port and origin keys of the evidence tables (``seeds/``): the names configs may use.

    Raises
    ------
    ConfigError
        At the first problem, naming the key, what is wrong and what is allowed.
    """
    ctx = Context(evidence_ports=tuple(evidence_ports), origins=tuple(origins))
    return build(Params, data, "", ctx, order=("run", "ports"))


def defaults_free(cls: type) -> list[str]:
    """Fields of ``cls`` (and of the dataclasses it nests) that carry a default; [] is right."""
    found = []
    for f in fields(cls):
        if f.default is not MISSING or f.default_factory is not MISSING:
            found.append(f"{cls.__name__}.{f.name}")
        tp = _hints(cls)[f.name]
        for inner in (tp, _entry_type(tp)):
            if _is_dataclass_type(inner):
                found += defaults_free(inner)
    return found
