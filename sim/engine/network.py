"""Evidence-derived description of the network the model is built on (no files, no Hydra).

These inputs are produced from the tables in ``seeds/`` by :mod:`sim.evidence.derive`; the engine
only sees these plain values.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.clock import HOURS_PER_DAY


@dataclass(frozen=True)
class PortInputs:
    """A European port: identity and legitimate import volume by calendar year.

    Years outside the data: a year before the first data year takes the first year's volume; a
    year after the last takes the last year's (``growth_per_year`` 0, ``traffic.beyond_data=
    hold_last``) or the last year's compounded, last × (1 + g)^(year − last)
    (``traffic.beyond_data=growth``, g = ``traffic.growth_per_year``). Both are stated
    assumptions, not data (README, "Runs over several years").
    """

    key: str
    locode: str
    range: str  # "north" or "mediterranean"
    import_containers_by_year: dict[int, float]
    latam_share: float
    growth_per_year: float = 0.0  # compounding after the last data year (0: hold it)

    def import_containers(self, year: int) -> float:
        """Import containers in calendar ``year`` (see the class docstring for other years)."""
        years = sorted(self.import_containers_by_year)
        last = years[-1]
        value = self.import_containers_by_year[min(max(year, years[0]), last)]
        if year > last and self.growth_per_year != 0.0:
            value *= (1.0 + self.growth_per_year) ** (year - last)
        return value


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
