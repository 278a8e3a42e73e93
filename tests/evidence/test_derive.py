"""Model inputs derived from seeds/: TEU become import containers in one documented place."""

from __future__ import annotations

import pytest
from conftest import setup

from sim.evidence.derive import evidence, import_containers_per_year, throughput_year
from sim.evidence.tables import conversion, used_throughput_teu


def test_import_containers_are_teu_times_the_conversion():
    ev = evidence()
    per_teu = conversion(ev, "import_containers_per_teu")
    assert per_teu == pytest.approx(0.477 / 1.65)
    containers = import_containers_per_year(ev, 2023)
    teu = used_throughput_teu(ev, 2023)
    for port in containers:
        assert containers[port] == pytest.approx(teu[port] * per_teu)
    # ~17 million import containers a year over the 12 ports (issue 2's order of magnitude)
    assert 15e6 < sum(containers.values()) < 19e6


@pytest.mark.parametrize(
    ("start", "year_override", "expected"),
    [
        ("2023-01-01", None, 2023),
        ("2019-06-01", None, 2021),
        ("2026-01-01", None, 2024),
        ("2023-01-01", 2022, 2022),
    ],
)
def test_throughput_year_follows_the_start_date_within_the_data(start, year_override, expected):
    overrides = [f"run.start_date={start}"]
    if year_override is not None:
        overrides.append(f"traffic.throughput_year={year_override}")
    params, _ = setup(*overrides)
    assert throughput_year(params) == expected


def test_network_carries_locodes_ranges_and_transit_times():
    _, network = setup()
    assert network.ports["antwerp"].locode == "BEANR"
    assert network.ports["valencia"].range == "mediterranean"
    assert network.transit_h("guayaquil", "antwerp") == 17 * 24.0  # MSC service, calibration §5
    assert sum(o.export_weight for o in network.origins.values()) == pytest.approx(1.0)
