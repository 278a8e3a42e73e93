"""History-matching pieces of experiments/validation/calibrate.py: the next wave's box, the
targets' simulated values (counts, size classes, upstream), one-sided bounds."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "experiments" / "validation"))

import calibrate
from common import Factor

FACTORS = [Factor("a", 0.0, 10.0, ""), Factor("b", -5.0, 5.0, "")]


def wave(a, b, i_max, kept):
    return pd.DataFrame({"a": a, "b": b, "I_max": i_max, "not_implausible": kept})


def test_the_next_wave_samples_the_box_of_the_survivors():
    w = wave([1.0, 4.0, 9.0], [-4.0, 2.0, 3.0], [2.0, 2.5, 8.0], [True, True, False])
    box, refocused = calibrate.next_region(w, FACTORS)
    assert not refocused
    assert [(f.low, f.high) for f in box] == [(1.0, 4.0), (-4.0, 2.0)]


def test_with_no_survivor_the_next_wave_refocuses_on_the_least_implausible():
    w = wave(
        [float(i) for i in range(10)],
        [0.0] * 10,
        [10.0 - i for i in range(10)],  # the last points are the least implausible
        [False] * 10,
    )
    box, refocused = calibrate.next_region(w, FACTORS)
    assert refocused
    assert (box[0].low, box[0].high) == (7.0, 9.0)  # the best 3 (a fifth, at least 3)
    assert (box[1].low, box[1].high) == pytest.approx((-0.5, 0.5))  # one value: a tenth


def summary():
    rows = []
    for rep in (0, 1):
        for port, kg, under, upstream in (
            ("antwerp", 100.0, 3, 40.0),
            ("zeebrugge", 10.0, 1, 5.0),
            ("rotterdam", 50.0, 7 + rep, 0.0),
        ):
            rows.append(
                {
                    "replication": rep,
                    "port": port,
                    "year": 2023,
                    "kg_seized": kg,
                    "seizures": 10,
                    "finds_under_100kg": under,
                    "finds_over_1000kg": 0,
                    "kg_intercepted_upstream": upstream + rep,
                }
            )
    return pd.DataFrame(rows)


def test_upstream_interceptions_count_every_port_of_the_country():
    target = pd.Series(
        {"target": "x", "quantity": "kg_intercepted_upstream", "port": "antwerp", "year": 2023}
    )
    mean, var = calibrate.simulated(summary(), target)
    assert mean == pytest.approx((45.0 + 47.0) / 2)  # antwerp + zeebrugge, both replications
    assert var == pytest.approx(2.0)


def test_size_classes_and_counts_read_their_own_columns():
    under = pd.Series(
        {"target": "x", "quantity": "finds_under_100kg", "port": "rotterdam", "year": 2023}
    )
    assert calibrate.simulated(summary(), under)[0] == pytest.approx(7.5)
    count = pd.Series({"target": "x", "quantity": "seizure_count", "port": "antwerp", "year": 2023})
    assert calibrate.simulated(summary(), count)[0] == 10.0


def test_a_lower_bound_counts_only_a_shortfall():
    bound = pd.Series({"central": 0.43, "low": 0.43, "high": math.inf})
    assert calibrate.implausibility(0.6, 0.0, 1, bound) == 0.0
    assert calibrate.implausibility(0.2, 0.0, 1, bound) > 0.0
