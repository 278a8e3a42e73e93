"""The schema as a list of keys: every parameter with its rule, unit, meaning and value.

:func:`leaves` walks validated parameters and the schema together, expanding named entries
(``ports.antwerp.scanners``, ``security.methods.cover_load.image_detection``, the lever blocks).
Two things are built from it, both from the same rules that validate a config:

* :func:`factors` — the numeric levers and uncertainties with their valid range
  (:func:`sim.api.parameter_space`: what a sensitivity analysis or an optimiser may vary);
* :func:`reference_markdown` — the configuration reference of the README
  (``python -m sim.params.space --update-readme``).
"""

from __future__ import annotations

import sys
import typing
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields, is_dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from sim.params.rules import DOC, KEYS, KIND, REGISTRY, RULE, UNIT, VALUES, Kind, Number, Rule
from sim.params.schema import Params


@dataclass(frozen=True)
class Leaf:
    """One configuration key of a run."""

    key: str
    value: Any
    rule: Rule
    unit: str
    kind: Kind
    doc: str


@dataclass(frozen=True)
class Factor:
    """A numeric lever or uncertainty and the range its rule allows.

    ``low``/``high`` are the bounds; ``low_open``/``high_open`` say whether a bound itself is
    excluded (e.g. ``(0, 48]`` for a scan time). ``integer`` factors take whole numbers.
    """

    key: str
    kind: str
    integer: bool
    low: float
    high: float
    low_open: bool
    high_open: bool
    value: float | None
    unit: str
    description: str


def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def leaves(obj: Any, prefix: str = "") -> Iterator[Leaf]:
    """Every leaf of a parameter dataclass instance, with its field metadata."""
    for f in fields(obj):
        key = f"{prefix}.{f.name}" if prefix else f.name
        value = getattr(obj, f.name)
        meta = f.metadata
        if meta.get(REGISTRY):
            for name, block in value.items():
                yield from leaves(block, f"{key}.{name}")
        elif is_dataclass(value):
            yield from leaves(value, key)
        elif KEYS in meta:
            for name, entry in value.items():
                if is_dataclass(entry):
                    yield from leaves(entry, f"{key}.{name}")
                else:
                    rule = meta[VALUES]
                    yield Leaf(f"{key}.{name}", entry, rule, meta[UNIT], meta[KIND], meta[DOC])
        else:
            yield Leaf(key, value, meta[RULE], meta[UNIT], meta[KIND], meta[DOC])


def factors(params: Params, kinds: Sequence[str] = ("lever", "uncertainty")) -> list[Factor]:
    """The numeric leaves of the given kinds, with their ranges (see :class:`Factor`)."""
    out = []
    for leaf in leaves(params):
        if not isinstance(leaf.rule, Number) or leaf.kind.value not in kinds:
            continue
        r = leaf.rule
        out.append(
            Factor(
                key=leaf.key,
                kind=leaf.kind.value,
                integer=r.integer,
                low=float(r.lo),
                high=float(r.hi),
                low_open=r.lo_open,
                high_open=r.hi_open,
                value=None if leaf.value is None else float(leaf.value),
                unit=leaf.unit,
                description=leaf.doc,
            )
        )
    return out


def _shown(value: Any) -> str:
    if isinstance(value, Enum):
        value = value.value
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


GROUP_ENTRIES = {
    "ports.": "<port>",
    "security.methods.": "<method>",
    "traffickers.organisations.": "<name>",
    "traffickers.economics.method_cost_eur.": "<method>",
    "traffickers.economics.method_cost_eur_per_kg.": "<method>",
    "traffickers.method_max_share.": "<method>",
    "traffickers.economics.port_cost_eur_per_kg.": "<port>",
    "levers.liaison.eu_bound_containers_per_year.": "<origin>",
    "scenario.schedule.": "<name>",
}


def _generic(key: str) -> tuple[str, str] | None:
    """``ports.antwerp.scanners`` → (``ports.<port>.scanners``, ``antwerp``): one row per field."""
    for prefix, placeholder in GROUP_ENTRIES.items():
        rest = key[len(prefix) :].split(".") if key.startswith(prefix) else []
        if len(rest) in (1, 2):
            return prefix + ".".join([placeholder, *rest[1:]]), rest[0]
    return None


def reference_markdown(params: Params) -> str:
    """The configuration reference: one row per key (named entries once, with an example)."""
    rows = ["| key | kind | allowed | unit | meaning | default |", "|---|---|---|---|---|---|"]
    seen: set[str] = set()
    for leaf in leaves(params):
        generic = _generic(leaf.key)
        key = generic[0] if generic else leaf.key
        if key in seen:
            continue
        seen.add(key)
        default = _shown(leaf.value) + (f" ({generic[1]})" if generic else "")
        allowed = leaf.rule.describe().replace("|", "/")
        rows.append(
            f"| `{key}` | {leaf.kind.value} | {allowed} | {leaf.unit} | {leaf.doc} | {default} |"
        )
    return "\n".join(rows)


START = "<!-- config-reference:start (generated: python -m sim.params.space --update-readme) -->"
END = "<!-- config-reference:end -->"


if __name__ == "__main__":
    from sim.api import load
    from sim.results.schema import update_section

    text = reference_markdown(load())
    if "--update-readme" in sys.argv:
        readme = Path(__file__).resolve().parents[2] / "README.md"
        changed = update_section(readme, START, END, text)
        print("README updated" if changed else "README already up to date")
    else:
        print(text)
