"""Model inputs derived from the evidence tables: the one documented place where ``seeds/`` becomes
numbers the engine uses.

* **Import containers per year** at a port = used TEU of the throughput year
  (``seeds/throughput.csv``)
  × ``import_containers_per_teu`` (``seeds/conversions.csv``): TEU ÷ 1.65 TEU per box (Rotterdam:
  ~8.5 M boxes for 14.5–15.3 M TEU) × 0.477 inbound share of boxes (Antwerp 2017: 3.1 M of 6.5 M
  boxes inbound). All discharged boxes count, transshipment included: the scanners see them all.
  The throughput year is ``traffic.throughput_year`` or, by default, the calendar year of
  ``run.start_date`` (clamped to 2021–2024, the years with data).
* **Latin-American share** of a port's import containers: ``seeds/ports.csv`` (Antwerp derived
  from ~330,000 South-American boxes a year; other ports are stated assumptions).
* **Transit times** origin → port range and the **default origin split** of cocaine shipments:
  ``seeds/origin_ports.csv``.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from sim.engine.network import NetworkInputs, OriginInputs, PortInputs
from sim.errors import ConfigError
from sim.evidence.tables import Evidence, conversion, load_evidence, used_throughput_teu
from sim.params import Params, check_origin_shares

YEARS_WITH_THROUGHPUT = (2021, 2024)


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


def throughput_year(params: Params) -> int:
    """The year whose TEU set the legitimate volumes (see module docstring)."""
    if params.traffic.throughput_year is not None:
        return params.traffic.throughput_year
    year = dt.date.fromisoformat(params.run.start_date).year
    return min(max(year, YEARS_WITH_THROUGHPUT[0]), YEARS_WITH_THROUGHPUT[1])


def import_containers_per_year(ev: Evidence, year: int) -> dict[str, float]:
    """Import (discharged) containers a year per port: TEU × import containers per TEU."""
    per_teu = conversion(ev, "import_containers_per_teu")
    return {port: teu * per_teu for port, teu in used_throughput_teu(ev, year).items()}


def build_network(params: Params, ev: Evidence | None = None) -> NetworkInputs:
    """Ports configured in ``params`` and all origins, with evidence-derived volumes and times."""
    ev = ev if ev is not None else evidence()
    check_origin_shares(params, tuple(ev.origin_ports["origin"]))
    containers = import_containers_per_year(ev, throughput_year(params))
    rows = ev.ports.set_index("port")
    ports = {}
    for key in params.ports:
        row = rows.loc[key]
        ports[key] = PortInputs(
            key=key,
            locode=str(row["locode"]),
            range=str(row["range"]),
            import_containers_per_year=containers[key],
            latam_share=float(row["latam_share"]),
        )
    origins = {
        str(r.origin): OriginInputs(
            key=str(r.origin),
            locode=str(r.locode),
            transit_days={
                "north": float(r.transit_days_north),
                "mediterranean": float(r.transit_days_med),
            },
            export_weight=float(r.export_weight),
        )
        for r in ev.origin_ports.itertuples()
    }
    for port, share in params.traffickers.port_shares.items():
        if share > 0 and ports[port].latam_share <= 0:
            raise ConfigError(
                f"traffickers.port_shares.{port}",
                "this port has no Latin-American vessel calls (seeds/ports.csv latam_share = 0)",
            )
    return NetworkInputs(ports=ports, origins=origins)
