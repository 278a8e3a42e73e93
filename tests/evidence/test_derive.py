"""Model inputs derived from seeds/: TEU become import containers in one documented place."""

from __future__ import annotations

import pytest
from helpers import setup

from sim.evidence.derive import evidence, import_containers_per_year
from sim.evidence.loader import conversion, used_throughput_teu


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


def test_volumes_follow_the_calendar_year_unless_pinned():
    _, network = setup()
    antwerp = network.ports["antwerp"]
    ev = evidence()
    assert antwerp.import_containers(2024) == pytest.approx(
        import_containers_per_year(ev, 2024)["antwerp"]
    )
    assert antwerp.import_containers(2024) > antwerp.import_containers(2023)  # +8 % TEU in 2024
    assert antwerp.import_containers(2019) == antwerp.import_containers(2021)  # nearest year
    assert antwerp.import_containers(2030) == antwerp.import_containers(2024)
    _, pinned = setup("traffic.throughput_year=2022")
    port = pinned.ports["antwerp"]
    assert port.import_containers(2024) == port.import_containers(2022)


def test_network_carries_locodes_ranges_and_transit_times():
    _, network = setup()
    assert network.ports["antwerp"].locode == "BEANR"
    assert network.ports["valencia"].range == "mediterranean"
    assert network.transit_h("guayaquil", "antwerp") == 17 * 24.0  # MSC service, calibration §5
    assert sum(o.export_weight for o in network.origins.values()) == pytest.approx(1.0)
