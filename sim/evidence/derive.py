"""Model inputs derived from the evidence tables: the one documented place where ``seeds/`` becomes
numbers the engine uses.

* **Import containers per year** at a port = used TEU of that year (``seeds/throughput.csv``)
  × ``import_containers_per_teu`` (``seeds/conversions.csv``): TEU ÷ 1.65 TEU per box (Rotterdam:
  ~8.5 M boxes for 14.5–15.3 M TEU) × 0.477 inbound share of boxes (Antwerp 2017: 3.1 M of 6.5 M
  boxes inbound). All discharged boxes count, transshipment included: the scanners see them all.
  By default each simulated calendar year uses its own year's volumes (years before 2021 take
  2021's; years after 2024 take 2024's with ``traffic.beyond_data=hold_last``, the default, or
  2024's compounded at ``traffic.growth_per_year`` with ``beyond_data=growth``: an assumption, not
  data); ``traffic.throughput_year`` pins every year to one year's volumes.
* **Latin-American share** of a port's import containers: ``seeds/ports.csv`` (Antwerp derived
  from ~330,000 South-American boxes a year; other ports are stated assumptions).
* **Transit times** origin → port range and the **default origin split** of cocaine shipments:
  ``seeds/origin_ports.csv``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from sim.engine.network import NetworkInputs, OriginInputs, PortInputs
from sim.errors import ConfigError
from sim.evidence.loader import (
    MODEL_YEARS,
    Evidence,
    conversion,
    load_evidence,
    used_throughput_teu,
)


@lru_cache(maxsize=1)
def evidence() -> Evidence:
    """The project's evidence tables, loaded and checked once per process."""
    return load_evidence()


def known_ports() -> tuple[str, ...]:
    """Port keys present in ``seeds/ports.csv``."""
    return tuple(evidence().ports["port"])


def known_origins() -> tuple[str, ...]:
    """Origin keys present in ``seeds/origin_ports.csv``."""
    return tuple(evidence().origin_ports["origin"])


def import_containers_per_year(ev: Evidence, year: int) -> dict[str, float]:
    """Import (discharged) containers a year per port: TEU × import containers per TEU."""
    per_teu = conversion(ev, "import_containers_per_teu")
    return {port: teu * per_teu for port, teu in used_throughput_teu(ev, year).items()}


def build_network(
    ports: Sequence[str],
    throughput_year: int | None = None,
    ev: Evidence | None = None,
    growth_per_year: float = 0.0,
) -> NetworkInputs:
    """The given ports and all origins, with evidence-derived volumes and times.

    ``throughput_year`` pins every simulated year to that year's volumes; ``growth_per_year``
    compounds the last data year's volumes in the years after it (``traffic.beyond_data=growth``;
    0: they hold the last year's). Both come from ``traffic.*``.
    """
    ev = ev if ev is not None else evidence()
    years = [throughput_year] if throughput_year is not None else list(MODEL_YEARS)
    by_year = {year: import_containers_per_year(ev, year) for year in years}
    rows = ev.ports.set_index("port")
    latam_shares = rows["latam_share"].astype(float)
    network_ports = {}
    for key in ports:
        row = rows.loc[key]
        network_ports[key] = PortInputs(
            key=key,
            locode=str(row["locode"]),
            range=str(row["range"]),
            import_containers_by_year={year: by_year[year][key] for year in years},
            latam_share=float(latam_shares[key]),
            growth_per_year=growth_per_year,
        )
    op = ev.origin_ports
    origins = {
        str(origin): OriginInputs(
            key=str(origin),
            locode=str(locode),
            transit_days={"north": float(north), "mediterranean": float(med)},
            export_weight=float(weight),
            country=str(country),
            coast=str(coast),
        )
        for origin, locode, north, med, weight, country, coast in zip(
            op["origin"],
            op["locode"],
            op["transit_days_north"].astype(float),
            op["transit_days_med"].astype(float),
            op["export_weight"].astype(float),
            op["country"],
            op["coast"],
            strict=True,
        )
    }
    for key, port in network_ports.items():
        if port.latam_share <= 0:
            raise ConfigError(
                f"ports.{key}",
                "no Latin-American vessel calls (seeds/ports.csv latam_share = 0): "
                "shipments could never be discharged there",
            )
    return NetworkInputs(ports=network_ports, origins=origins)
