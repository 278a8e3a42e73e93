"""Declarative validation rules: one line of field metadata per parameter.

Every field of a parameter dataclass is declared with :func:`knob` (a leaf value), :func:`section`
(a nested dataclass) or :func:`table` (a mapping of named entries). The metadata carries the
field's :class:`Rule`, its unit, its meaning and its :class:`Kind` (lever, uncertainty or
setting). The same metadata feeds three things, so they cannot drift apart:

* the error messages (:mod:`sim.params.convert` walks the schema and calls ``Rule.check``);
* the configuration reference in the README (:mod:`sim.params.docs`);
* :func:`sim.api.parameter_space` (the valid range of every numeric lever and uncertainty).

No field has a default: the configs (``configs/``) are the only place a default lives.

Cross-field rules (shares that sum to one, a maximum at least its median, an alliance of at least
two ports) are declared per dataclass in a ``CHECKS`` class attribute, one :class:`Check` each.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import Field, dataclass, field, fields, replace
from enum import Enum
from typing import Any, ClassVar

import numpy as np

from sim.errors import ConfigError

# ------------------------------------------------------------------ what a field is


class Kind(Enum):
    """SPEC §2 vocabulary: what a parameter is to an analyst."""

    lever = "lever"  # what policy sets
    uncertainty = "uncertainty"  # what we do not know
    setting = "setting"  # how the run is done (horizon, seed, scale, outputs, labels)


@dataclass(frozen=True)
class Context:
    """What a rule may need to know beyond its own value.

    Attributes
    ----------
    evidence_ports : tuple of str
        Port keys in ``seeds/ports.csv``: the allowed entries of ``ports``.
    ports : tuple of str
        Ports configured in this run: the allowed members of every port list.
    origins : tuple of str
        Origin keys in ``seeds/origin_ports.csv``.
    simulated : tuple of date, optional
        ``[run.start_date − warmup_days, run.start_date + horizon_days)``: dated policy changes
        must fall inside it.
    observed : tuple of date, optional
        ``[run.start_date, run.start_date + horizon_days)``.
    active : bool
        False inside a lever block that is switched off: its dates are not held to the window.
    """

    evidence_ports: tuple[str, ...] = ()
    ports: tuple[str, ...] = ()
    origins: tuple[str, ...] = ()
    simulated: tuple[dt.date, dt.date] | None = None
    observed: tuple[dt.date, dt.date] | None = None
    active: bool = True

    def values(self, source: str) -> tuple[str, ...]:
        """The allowed names of a named source (``ports``, ``evidence_ports``, ``origins``)."""
        return tuple(getattr(self, source))


def nearest(name: str, allowed: Iterable[str]) -> str | None:
    """The allowed name closest to a misspelt one (difflib ratio ≥ 0.6), if any."""
    match = difflib.get_close_matches(name, list(allowed), n=1, cutoff=0.6)
    return match[0] if match else None


def join(values: Iterable[Any]) -> str:
    """Comma-separated list for messages."""
    return ", ".join(str(v) for v in values)


def _fmt(value: Any) -> str:
    """A value as the user wrote it (repr for strings, shortest form for numbers)."""
    if isinstance(value, float):
        return f"{value:g}" if math.isfinite(value) and value == value else str(value)
    return repr(value) if isinstance(value, str) else str(value)


# ------------------------------------------------------------------ leaf rules


class Rule:
    """Checks and normalises one value; ``describe`` says what is allowed."""

    def check(self, key: str, value: Any, ctx: Context) -> Any:
        """The normalised value, or :class:`ConfigError` naming ``key``."""
        raise NotImplementedError

    def describe(self, ctx: Context | None = None) -> str:
        """What is allowed, in words (used in errors and the docs)."""
        raise NotImplementedError

    def fail(self, key: str, problem: str, ctx: Context | None = None) -> ConfigError:
        """The error for this rule."""
        return ConfigError(key, problem, self.describe(ctx))


@dataclass(frozen=True)
class Number(Rule):
    """A finite number in a range; ``integer`` for whole numbers (counts, days, seeds).

    Bounds are inclusive unless ``lo_open`` / ``hi_open``; every number has an upper bound so
    that no input can exhaust memory or time. numpy scalars are accepted and stored as Python
    numbers; a whole-valued float is accepted where an integer is required.
    """

    lo: float
    hi: float
    lo_open: bool = False
    hi_open: bool = False
    integer: bool = False
    nullable: bool = False

    def describe(self, ctx: Context | None = None) -> str:
        """E.g. ``a whole number in [0, 500]`` or ``a number in (0, 48]``."""
        what = "a whole number" if self.integer else "a number"
        if (self.lo, self.hi, self.lo_open, self.hi_open) == (
            0,
            1,
            False,
            False,
        ) and not self.integer:
            what = "a probability"
        left, right = "(" if self.lo_open else "[", ")" if self.hi_open else "]"
        lo, hi = (int(self.lo), int(self.hi)) if self.integer else (float(self.lo), float(self.hi))
        text = f"{what} in {left}{_fmt(lo)}, {_fmt(hi)}{right}"
        return f"{text}, or null" if self.nullable else text

    def check(self, key: str, value: Any, ctx: Context) -> Any:
        """Type, finiteness and range."""
        if value is None:
            if self.nullable:
                return None
            raise self.fail(key, "must be set (null is not allowed)")
        if isinstance(value, (bool, np.bool_)) or not isinstance(
            value, (int, float, np.integer, np.floating)
        ):
            raise self.fail(key, f"expected a number, got {_fmt(value)}")
        number: float | int = value.item() if isinstance(value, np.generic) else value
        if isinstance(number, float) and not math.isfinite(number):
            raise self.fail(key, f"must be finite, got {number}")
        if self.integer:
            if number != int(number):
                raise self.fail(key, f"must be a whole number, got {_fmt(number)}")
            number = int(number)
        else:
            number = float(number)
        below = number <= self.lo if self.lo_open else number < self.lo
        above = number >= self.hi if self.hi_open else number > self.hi
        if below or above:
            raise self.fail(key, f"{_fmt(number)} is out of range")
        return number

    def bounds(self) -> tuple[float, float]:
        """The range (for :func:`sim.api.parameter_space`)."""
        return (float(self.lo), float(self.hi))


def probability(nullable: bool = False) -> Number:
    """A probability or share in [0, 1]."""
    return Number(0.0, 1.0, nullable=nullable)


def count(hi: int, lo: int = 0) -> Number:
    """A whole number in [lo, hi]."""
    return Number(lo, hi, integer=True)


def positive(hi: float) -> Number:
    """A number in (0, hi]."""
    return Number(0.0, hi, lo_open=True)


@dataclass(frozen=True)
class Flag(Rule):
    """``true`` or ``false``."""

    def describe(self, ctx: Context | None = None) -> str:
        """Allowed values."""
        return "true, false"

    def check(self, key: str, value: Any, ctx: Context) -> bool:
        """Only booleans (no 0/1, no strings)."""
        if isinstance(value, (bool, np.bool_)):
            return bool(value)
        raise self.fail(key, f"expected true or false, got {_fmt(value)}")


SOURCES = {
    "ports": "the configured ports",
    "evidence_ports": "the ports of seeds/ports.csv",
    "origins": "the origins of seeds/origin_ports.csv",
}


@dataclass(frozen=True)
class Choice(Rule):
    """One name out of a fixed list, an Enum's values, or a named source of the context."""

    values: tuple[str, ...] = ()
    enum: type[Enum] | None = None
    source: str | None = None  # "ports", "evidence_ports" or "origins"

    def allowed(self, ctx: Context | None) -> tuple[str, ...]:
        """The names allowed in this context (``values`` may restrict an Enum's)."""
        if self.values:
            return self.values
        if self.enum is not None:
            return tuple(str(m.value) for m in self.enum)
        if self.source is not None:
            return ctx.values(self.source) if ctx is not None else ()
        return ()

    def describe(self, ctx: Context | None = None) -> str:
        """The allowed names, or the source they come from."""
        allowed = self.allowed(ctx)
        if allowed:
            return join(allowed)
        return SOURCES.get(self.source or "", "names")

    def check(self, key: str, value: Any, ctx: Context) -> Any:
        """The name (or the Enum member)."""
        if isinstance(value, Enum):
            value = value.value
        allowed = self.allowed(ctx)
        if not isinstance(value, str) or value not in allowed:
            hint = nearest(value, allowed) if isinstance(value, str) else None
            problem = f"unknown value {_fmt(value)}" + (f" (did you mean {hint}?)" if hint else "")
            raise self.fail(key, problem, ctx)
        return self.enum(value) if self.enum is not None else value


WINDOWS = ("any", "simulated", "inside")
WINDOW_TEXT = {
    "simulated": " inside the simulated span (warm-up and horizon) when it is in force",
    "inside": " after run.start_date and before the end of the horizon",
}


@dataclass(frozen=True)
class Date(Rule):
    """An ISO date ``YYYY-MM-DD``, kept as text.

    ``window``: ``any`` (no calendar check); ``simulated``: inside the simulated span
    (warm-up + horizon), for dated policy changes; ``inside``: strictly after ``run.start_date``
    and before the end of the horizon (a policy date that splits the observed window).
    """

    window: str = "any"
    nullable: bool = False
    first: str = "2000-01-01"
    last: str = "2099-12-31"

    def describe(self, ctx: Context | None = None) -> str:
        """The format and, with a context, the calendar span."""
        text = "an ISO date YYYY-MM-DD"
        if self.window == "any":
            text += f" from {self.first} to {self.last}"
        elif ctx is None or ctx.simulated is None:
            text += WINDOW_TEXT[self.window]
        span = self._span(ctx)
        if span is not None:
            first, end = span
            last = end - dt.timedelta(days=1)
            open_ = "after" if self.window == "inside" else "from"
            text += f" {open_} {first.isoformat()} to {last.isoformat()}"
        return f"{text}, or null" if self.nullable else text

    def _span(self, ctx: Context | None) -> tuple[dt.date, dt.date] | None:
        if ctx is None or self.window == "any":
            return None
        return ctx.simulated if self.window == "simulated" else ctx.observed

    def check(self, key: str, value: Any, ctx: Context) -> str | None:
        """Format, then the calendar window when the block is active."""
        if value is None and self.nullable:
            return None
        if isinstance(value, dt.date):
            value = value.isoformat()
        try:
            day = dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            raise self.fail(key, f"malformed date {_fmt(value)}", ctx) from None
        if len(value) != 10:
            raise self.fail(key, f"malformed date {_fmt(value)}", ctx)
        if not self.first <= value <= self.last:
            raise self.fail(key, f"{value} is out of range", ctx)
        span = self._span(ctx)
        if span is not None and ctx.active:
            first, end = span
            outside = not first < day < end if self.window == "inside" else not first <= day < end
            if outside:
                raise self.fail(key, f"{value} is outside the run", ctx)
        return value


@dataclass(frozen=True)
class Name(Rule):
    """A name that may appear in a file path: lower-case letters, digits, ``_`` and ``-``."""

    max_len: int = 64
    pattern: ClassVar[re.Pattern[str]] = re.compile(r"[a-z0-9][a-z0-9_-]*")

    def describe(self, ctx: Context | None = None) -> str:
        """The character set."""
        return f"1-{self.max_len} characters a-z, 0-9, _ and -, starting with a letter or digit"

    def check(self, key: str, value: Any, ctx: Context) -> str:
        """Character set and length."""
        valid = isinstance(value, str) and len(value) <= self.max_len
        if not valid or not self.pattern.fullmatch(value):
            raise self.fail(key, f"invalid name {_fmt(value)}")
        return value


@dataclass(frozen=True)
class Text(Rule):
    """Free text for people (a description), one line, bounded length."""

    max_len: int = 300

    def describe(self, ctx: Context | None = None) -> str:
        """Length."""
        return f"one line of text of at most {self.max_len} characters"

    def check(self, key: str, value: Any, ctx: Context) -> str:
        """One line, bounded."""
        if not isinstance(value, str) or len(value) > self.max_len or "\n" in value:
            raise self.fail(key, f"invalid text {_fmt(value)[:40]}")
        return value


@dataclass(frozen=True)
class Items(Rule):
    """A list of names, each checked by ``item``; no duplicates when ``unique``."""

    item: Choice
    min_len: int = 0
    max_len: int = 100
    unique: bool = True

    def describe(self, ctx: Context | None = None) -> str:
        """What the list may hold."""
        size = f"at least {self.min_len} " if self.min_len else ""
        distinct = "distinct " if self.unique else ""
        return f"a list of {size}{distinct}names from: {self.item.describe(ctx)}"

    def check(self, key: str, value: Any, ctx: Context) -> list[Any]:
        """Type, length, each item, duplicates."""
        if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
            raise self.fail(key, f"expected a list, got {_fmt(value)}", ctx)
        if not self.min_len <= len(value) <= self.max_len:
            raise self.fail(key, f"{len(value)} entries", ctx)
        items = [self.item.check(key, v, ctx) for v in value]
        if self.unique:
            seen = set()
            for item in items:
                if item in seen:
                    raise self.fail(key, f"{_fmt(item)} is listed twice", ctx)
                seen.add(item)
        return items


# ------------------------------------------------------------------ fields


RULE = "rule"
DOC = "doc"
UNIT = "unit"
KIND = "kind"
KEYS = "keys"
VALUES = "values"
COMPLETE = "complete"
MIN_ENTRIES = "min_entries"
MAX_ENTRIES = "max_entries"
NOUN = "noun"
REGISTRY = "registry"


def knob(rule: Rule, doc: str, unit: str = "-", kind: Kind = Kind.uncertainty) -> Any:
    """A leaf parameter: its rule, meaning, unit and kind. No default (the configs hold it)."""
    return field(metadata={RULE: rule, DOC: doc, UNIT: unit, KIND: kind})


def section(doc: str) -> Any:
    """A nested group of parameters (a dataclass-typed field)."""
    return field(metadata={DOC: doc})


def table(
    doc: str,
    keys: Rule,
    values: Rule | None = None,
    complete: bool = False,
    min_entries: int = 0,
    max_entries: int = 1000,
    unit: str = "-",
    kind: Kind = Kind.uncertainty,
    noun: str = "entry",
) -> Any:
    """A mapping of named entries; entries are dataclasses (from the type) or ``values`` leaves.

    ``complete``: every name ``keys`` allows must be present (e.g. every concealment method).
    ``noun`` names an entry in messages (``unknown port``).
    """
    return field(
        metadata={
            DOC: doc,
            NOUN: noun,
            KEYS: keys,
            VALUES: values,
            COMPLETE: complete,
            MIN_ENTRIES: min_entries,
            MAX_ENTRIES: max_entries,
            UNIT: unit,
            KIND: kind,
        }
    )


def registry_section(doc: str) -> Any:
    """The ``levers`` mapping: one block per registered lever, typed by the lever's module."""
    return field(metadata={DOC: doc, REGISTRY: True})


def field_of(cls: type, name: str) -> Field[Any]:
    """The dataclass field ``name`` of ``cls``."""
    for f in fields(cls):
        if f.name == name:
            return f
    raise KeyError(name)


def rule_of(cls: type, name: str) -> Rule:
    """The leaf rule of field ``name`` of ``cls``."""
    return field_of(cls, name).metadata[RULE]


# ------------------------------------------------------------------ cross-field checks


class Check:
    """A rule that relates several fields of one dataclass (declared in its ``CHECKS``)."""

    def apply(self, obj: Any, key: str, ctx: Context) -> None:
        """Raise :class:`ConfigError` if ``obj`` (at ``key``) breaks the rule."""
        raise NotImplementedError


def _at(key: str, name: str) -> str:
    return f"{key}.{name}" if key else name


@dataclass(frozen=True)
class AtLeast(Check):
    """``field >= other``."""

    name: str
    other: str

    def apply(self, obj: Any, key: str, ctx: Context) -> None:
        """Compare the two fields."""
        value, other = getattr(obj, self.name), getattr(obj, self.other)
        if value < other:
            raise ConfigError(
                _at(key, self.name),
                f"{_fmt(value)} is below {self.other} ({_fmt(other)})",
                f"a value >= {self.other}",
            )


@dataclass(frozen=True)
class SharesSumTo(Check):
    """The ``attr`` of the entries of mapping ``name`` sum to ``total`` (within 1e-6)."""

    name: str
    attr: str
    total: float = 1.0

    def apply(self, obj: Any, key: str, ctx: Context) -> None:
        """Sum the shares."""
        entries = getattr(obj, self.name)
        total = sum(getattr(e, self.attr) for e in entries.values())
        if not math.isclose(total, self.total, abs_tol=1e-6):
            raise ConfigError(
                _at(key, self.name),
                f"the {self.attr} values sum to {total:.6g}",
                f"shares that sum to {_fmt(self.total)}",
            )


@dataclass(frozen=True)
class MinItemsWhenEnabled(Check):
    """A switched-on block needs at least ``n`` entries in list ``name``."""

    name: str
    n: int

    def apply(self, obj: Any, key: str, ctx: Context) -> None:
        """Count the entries when ``obj.enabled``."""
        items = getattr(obj, self.name)
        if obj.enabled and len(items) < self.n:
            raise ConfigError(
                _at(key, self.name),
                f"{len(items)} entries while the lever is on",
                f"at least {self.n} entries",
            )


@dataclass(frozen=True)
class Disjoint(Check):
    """No name in both list ``name`` and list ``other``."""

    name: str
    other: str

    def apply(self, obj: Any, key: str, ctx: Context) -> None:
        """Intersect the lists."""
        both = [p for p in getattr(obj, self.name) if p in getattr(obj, self.other)]
        if both:
            raise ConfigError(
                _at(key, self.name),
                f"{join(both)} also in {self.other}",
                f"names not in {self.other}",
            )


@dataclass(frozen=True)
class NonEmptyWhen(Check):
    """List ``name`` must not be empty when flag ``when`` is true."""

    name: str
    when: str

    def apply(self, obj: Any, key: str, ctx: Context) -> None:
        """Check the list when the flag is set."""
        if getattr(obj, self.when) and not getattr(obj, self.name):
            raise ConfigError(
                _at(key, self.name), f"empty while {self.when} is true", "at least one name"
            )


@dataclass(frozen=True)
class KeysCover(Check):
    """Mapping ``name`` has an entry for every member of list ``members``."""

    name: str
    members: str

    def apply(self, obj: Any, key: str, ctx: Context) -> None:
        """Look for members without an entry."""
        entries: Mapping[str, Any] = getattr(obj, self.name)
        missing = [m for m in getattr(obj, self.members) if m not in entries]
        if missing and ctx.active:
            raise ConfigError(
                _at(key, self.name),
                f"no entry for {join(missing)}",
                f"an entry for every one of {self.members}",
            )


@dataclass(frozen=True)
class InsideWindowWhen(Check):
    """Date field ``name`` (when set) splits the observed window, if flag ``when`` is true."""

    name: str
    when: str

    def apply(self, obj: Any, key: str, ctx: Context) -> None:
        """Hold the date to the observed window only when the flag makes it matter."""
        value = getattr(obj, self.name)
        if value is not None and getattr(obj, self.when):
            Date(window="inside", nullable=True).check(_at(key, self.name), value, ctx)


def inactive(ctx: Context) -> Context:
    """The context inside a switched-off block."""
    return replace(ctx, active=False)
