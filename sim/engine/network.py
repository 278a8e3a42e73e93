"""Evidence-derived description of the network the model is built on (no files, no Hydra).

These inputs are produced from the tables in ``seeds/`` by :mod:`sim.evidence.derive`; the engine
only sees these plain values.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.clock import HOURS_PER_DAY


@dataclass(frozen=True)
class PortInputs:
    """A European port: identity and legitimate import volume by calendar year."""

    key: str
    locode: str
    range: str  # "north" or "mediterranean"
    import_containers_by_year: dict[int, float]
    latam_share: float

    def import_containers(self, year: int) -> float:
        """Import containers a year; years outside the data take the nearest year with data."""
        years = sorted(self.import_containers_by_year)
        return self.import_containers_by_year[min(max(year, years[0]), years[-1])]


TRANSIT_COASTS = frozenset({"west_africa"})
"""Coasts of transit origins outside Latin America: their containers reach Europe on the ports'
non-Latin-American calls and are selected at that group's rate (``sim.engine.targeting``)."""


@dataclass(frozen=True)
class OriginInputs:
    """An origin port: transit times and its weight in the Latin-American cover-cargo mix."""

    key: str
    locode: str
    transit_days: dict[str, float]  # by destination range
    export_weight: float
    country: str = ""  # ISO 3166 alpha-2 code (seeds/origin_ports.csv)
    coast: str = ""  # seeds/origin_ports.csv: wcsa, ecsa, caribbean or west_africa

    @property
    def call_kind(self) -> str:
        """The vessel calls its containers arrive on: ``latam``, or ``other`` for a transit
        origin (a West-African service is not a Latin-American call)."""
        return "other" if self.coast in TRANSIT_COASTS else "latam"


@dataclass(frozen=True)
class NetworkInputs:
    """All ports and origins, keyed by their lower-case names."""

    ports: dict[str, PortInputs]
    origins: dict[str, OriginInputs]

    def transit_h(self, origin: str, port: str) -> float:
        """Sea transit time from an origin to a European port (h)."""
        return self.origins[origin].transit_days[self.ports[port].range] * HOURS_PER_DAY
