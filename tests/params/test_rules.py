"""The declarative rules: each accepts what it says and refuses the rest with one line."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest

from sim.errors import ConfigError
from sim.params.rules import (
    AtLeast,
    Choice,
    Context,
    Date,
    Flag,
    Items,
    Name,
    Number,
    SharesSumTo,
    Text,
    count,
    nearest,
    probability,
)

CTX = Context(
    ports=("antwerp", "rotterdam"),
    simulated=(dt.date(2022, 1, 1), dt.date(2024, 1, 1)),
    observed=(dt.date(2023, 1, 1), dt.date(2024, 1, 1)),
)


def message(rule, value, ctx=CTX) -> str:
    with pytest.raises(ConfigError) as info:
        rule.check("a.key", value, ctx)
    text = str(info.value)
    assert "\n" not in text and text.startswith("a.key: ") and "; allowed: " in text
    return text


@pytest.mark.parametrize("value", [0, 0.5, 1, np.float64(0.25), np.int64(1)])
def test_probability_accepts_the_unit_interval_and_numpy_scalars(value):
    out = probability().check("k", value, CTX)
    assert out == float(value) and type(out) is float


@pytest.mark.parametrize("value", [-0.01, 1.01, math.nan, math.inf, -math.inf, "0.5", True, None])
def test_probability_refuses_the_rest(value):
    assert "a probability in [0, 1]" in message(probability(), value)


def test_counts_are_whole_numbers_within_their_bounds():
    rule = count(500)
    assert rule.check("k", np.float64(7.0), CTX) == 7 and type(rule.check("k", 7.0, CTX)) is int
    assert "whole number" in message(rule, 7.5)
    assert "501 is out of range" in message(rule, 501)
    assert "a whole number in [0, 500]" in rule.describe()


def test_open_bounds_exclude_their_end():
    rule = Number(0.0, 24.0, lo_open=True)
    assert rule.check("k", 24, CTX) == 24.0
    assert "(0, 24]" in message(rule, 0.0)


def test_nullable_numbers_take_null_and_others_do_not():
    assert probability(nullable=True).check("k", None, CTX) is None
    assert "null is not allowed" in message(probability(), None)


def test_flags_take_only_booleans():
    assert Flag().check("k", np.bool_(True), CTX) is True
    for value in (0, 1, "true", None):
        assert "true, false" in message(Flag(), value)


def test_choices_suggest_the_nearest_name():
    rule = Choice(source="ports")
    assert rule.check("k", "rotterdam", CTX) == "rotterdam"
    text = message(rule, "roterdam")
    assert "did you mean rotterdam?" in text and "antwerp, rotterdam" in text
    assert nearest("xyz", ["antwerp"]) is None


def test_dates_are_iso_and_inside_the_window_when_active():
    rule = Date(window="simulated")
    assert rule.check("k", "2022-01-01", CTX) == "2022-01-01"
    assert rule.check("k", dt.date(2023, 5, 1), CTX) == "2023-05-01"
    assert "malformed" in message(rule, "2023-02-30")
    assert "malformed" in message(rule, "2023-1-1")
    assert "from 2022-01-01 to 2023-12-31" in message(rule, "2024-01-01")
    off = Context(simulated=CTX.simulated, observed=CTX.observed, active=False)
    assert rule.check("k", "2030-01-01", off) == "2030-01-01"  # a lever that is off
    assert "after 2023-01-01" in message(Date(window="inside"), "2023-01-01")


def test_names_may_appear_in_paths_only_when_safe():
    assert Name().check("k", "antwerp_surge-2", CTX) == "antwerp_surge-2"
    for bad in ("../x", "A", "", "a b", "a/b", "x" * 65, 3):
        assert "a-z" in message(Name(), bad)
    assert "at most" in message(Text(max_len=5), "too long")


def test_lists_hold_distinct_known_names():
    rule = Items(Choice(source="ports"), min_len=1)
    assert rule.check("k", ["antwerp"], CTX) == ["antwerp"]
    assert "listed twice" in message(rule, ["antwerp", "antwerp"])
    assert "0 entries" in message(rule, [])
    assert "expected a list" in message(rule, "antwerp")
    assert "unknown value 'gent'" in message(rule, ["gent"])


class _Obj:
    def __init__(self, **kw):
        self.__dict__.update(kw)


def test_cross_field_checks_name_the_field():
    with pytest.raises(ConfigError, match=r"^t\.hi: 1 is below lo"):
        AtLeast("hi", "lo").apply(_Obj(hi=1, lo=2), "t", CTX)
    AtLeast("hi", "lo").apply(_Obj(hi=2, lo=2), "t", CTX)
    shares = {"a": _Obj(s=0.5), "b": _Obj(s=0.4)}
    with pytest.raises(ConfigError, match=r"sum to 0\.9"):
        SharesSumTo("orgs", "s").apply(_Obj(orgs=shares), "t", CTX)
