"""The memory estimate refuses what this machine cannot hold, and only that."""

from __future__ import annotations

import dataclasses

import pytest

from sim import api
from sim.errors import ConfigError
from sim.params.budget import BASE_BYTES, check_memory, estimate


def test_the_default_run_fits_in_well_under_a_gigabyte():
    params = api.load()
    est = estimate(params, api.network_of(params))
    assert BASE_BYTES < est.bytes < 1.5e9
    # ~251,000 containers a year selected at the 12 ports (README, benchmark): two years here
    assert 2e5 < est.selected_per_replication / 2 < 1e6


def test_more_scans_more_years_and_more_replications_need_more_memory():
    params = api.load(["run.replications=1"])
    network = api.network_of(params)
    small = estimate(params, network).bytes
    more = api.load(["run.replications=50", "run.horizon_days=1461"])
    assert estimate(more, network).bytes > small
    every_box = api.load(["ports.antwerp.selection_rate=1", "run.replications=1"])
    assert (
        estimate(every_box, network).selected_per_replication
        > 10 * estimate(params, network).selected_per_replication
    )


def test_a_scheduled_rise_counts_like_a_configured_one():
    plain = api.load(["run.horizon_days=730"])
    scheduled = api.load(
        [
            "run.horizon_days=730",
            "+scenario.schedule.all={port: antwerp, lever: selection_rate, value: 1.0, "
            "start: '2023-06-01'}",
        ]
    )
    network = api.network_of(plain)
    more = estimate(scheduled, network)
    assert more.selected_per_replication > 5 * estimate(plain, network).selected_per_replication
    assert more.bytes > estimate(plain, network).bytes


def test_the_check_refuses_with_the_estimate_and_what_to_reduce():
    params = api.load()
    network = api.network_of(params)
    est = check_memory(params, network, available=1e12)
    with pytest.raises(ConfigError) as info:
        check_memory(params, network, available=est.bytes)  # 80 % of it is not enough
    text = str(info.value)
    assert text.startswith("run: this run needs about") and "smaller run.scale" in text


def test_a_queue_check_is_estimated_from_its_arrivals():
    qc = api.load(["scenario=queue_check"])
    busier = dataclasses.replace(
        qc, queue_check=dataclasses.replace(qc.queue_check, arrival_rate_per_h=800.0)
    )
    network = api.network_of(qc)
    assert estimate(busier, network).bytes > estimate(qc, network).bytes
