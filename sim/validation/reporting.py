"""The reporting layer: what agencies publish versus what the model sees.

The model produces one number per port and calendar year: the cocaine (kg, or seizure events)
seized at that port. Agencies publish something else: all drugs instead of cocaine, several ports
or a customs region instead of one port, a count "so far" in December, a first half-year, a single
large seizure, or two outlets with two different totals. This module turns the published figures
of ``seeds/published.csv`` into the **range** of the model's quantity that the sources allow
(:class:`ObservedRange`), and maps a model value back into what a given source would print
(:func:`as_reported`) where that is well defined.

Source of the scope readings: ``/work/shared/calibration/validation-evidence.md`` and
``calibration-data.md`` (their notes are copied into the ``note`` column of ``published.csv``).

Rules — each figure gets a *role* from :data:`ROLES` by (period, in scope?, bound), where "in
scope" means cocaine at the port itself (for ``kg_intercepted_upstream``: cocaine at origin):

========================  ==========================================================================
role                      effect on the calendar-year range
========================  ==========================================================================
``point``                 several disagreeing full-year figures give [min, max]; central = the one
                          marked ``used`` (else the most reliable), unless it is rated L
``lower``                 "at least" (single seizure, "more than", the first half-year): raises the
                          low end when there is no point figure; above the point figures it widens
                          the range up (the sources conflict, both ends are kept)
``upper``                 "at most": caps the high end
``partial``               a count for part of the year ("≈5 t so far by December"): the low end of
                          the range, below the point figures too; the high end must come from
                          other figures (Hamburg 2024: [5 t, ½ × 2023 = 16.5 t]), else it is open
``scoped``                all drugs, or several ports: bounds the port's cocaine above, so the range
                          is [cocaine-only figure if one exists, else share × value, value] with the
                          lower share of :data:`LOWER_SHARES` (0 unless a share is stated)
``scoped_lower``          "at least", or part of the year, of a wider scope: share × value, low end
``ignore``                says nothing about the calendar year (an "at most" for part of the year)
========================  ==========================================================================

Agencies: a customs figure, a joint-team figure (HARC in Rotterdam) and an "all services" figure
for the same port are read as estimates of the same quantity — port seizures are made almost
entirely by customs or joint customs-police teams — so when they differ they are conflicting
figures ([min, max]), not nested scopes.

Central value: the used (else most reliable) point figure when it is rated H or M; otherwise the
midpoint of a finite range, or its low end when the range is open above.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pandas as pd

from sim.evidence.loader import load_evidence

__all__ = [
    "DEFAULT_LOWER_SHARE",
    "LOWER_SHARES",
    "ROLES",
    "NotReportableError",
    "ObservedRange",
    "Role",
    "as_reported",
    "covered_fraction",
    "load_published",
    "observed_history",
    "observed_range",
    "observed_ranges",
]

Role = Literal["point", "lower", "upper", "partial", "scoped", "scoped_lower", "ignore"]

_CONFLICT = "a full-year figure for cocaine at the port; disagreeing ones give [min, max]"
_LOWER = "'at least' for the year: raises the low end; above the point figures it widens the range"
_H1 = "the first half-year is part of the year: a lower bound"
_PARTIAL = "a count for part of the year: the low end; the high end comes from other figures"
_SCOPED = "a wider scope (all drugs or several ports) bounds the port's cocaine above"
_SCOPED_LOWER = "'at least' or part-year figure of a wider scope: only share x value as a low end"
_NOTHING = "an 'at most' for part of the year says nothing about the rest of the year"

#: Role of a published figure, by (period, in scope, bound); "in scope" = cocaine at the port.
ROLES: dict[tuple[str, bool, str], tuple[Role, str]] = {
    ("year", True, "point"): ("point", _CONFLICT),
    ("year", True, "lower"): ("lower", _LOWER),
    ("year", True, "upper"): ("upper", "'at most' for the year: caps the high end"),
    ("partial", True, "point"): ("partial", _PARTIAL),
    ("partial", True, "lower"): ("partial", _PARTIAL),
    ("partial", True, "upper"): ("ignore", _NOTHING),
    ("H1", True, "point"): ("lower", _H1),
    ("H1", True, "lower"): ("lower", _H1),
    ("H1", True, "upper"): ("ignore", _NOTHING),
    ("year", False, "point"): ("scoped", _SCOPED),
    ("year", False, "upper"): ("scoped", _SCOPED),
    ("year", False, "lower"): ("scoped_lower", _SCOPED_LOWER),
    ("partial", False, "point"): ("scoped_lower", _SCOPED_LOWER),
    ("partial", False, "lower"): ("scoped_lower", _SCOPED_LOWER),
    ("partial", False, "upper"): ("ignore", _NOTHING),
    ("H1", False, "point"): ("scoped_lower", _SCOPED_LOWER),
    ("H1", False, "lower"): ("scoped_lower", _SCOPED_LOWER),
    ("H1", False, "upper"): ("ignore", _NOTHING),
}

#: Lower share of cocaine at the port in a wider-scope figure, by (port, substance, area_scope).
LOWER_SHARES: dict[tuple[str, str, str], tuple[float, str]] = {
    ("hamburg", "cocaine", "region"): (
        0.5,
        "Hamburg is most of every German multi-port figure ('mostly Hamburg', t-online 2022; "
        "33 of 35 t in 2023, Abendblatt): more than half",
    ),
    ("le_havre", "all_drugs", "port"): (
        0.5,
        "assumed: France 3 (2024) presents the all-drugs total as cocaine ('40 % of French cocaine "
        "seizures'); at least half is taken to be cocaine",
    ),
    ("rotterdam", "all_drugs", "port"): (
        0.9,
        "HARC finds are 'almost all cocaine' (validation notes 1a), read as at least 90 %",
    ),
    ("vlissingen", "all_drugs", "region"): (
        0.0,
        "cocaine share of the Zeeland-West-Brabant drugs total not stated (the 2024 ratio "
        "9.6 / 12.664 is not carried to other years)",
    ),
}

#: Lower share for a wider-scope figure not listed in :data:`LOWER_SHARES`.
DEFAULT_LOWER_SHARE: tuple[float, str] = (
    0.0,
    "no share stated: the wider figure is only an upper bound",
)

#: Area scope that counts as "in scope" for a quantity (``port`` for all others).
_IN_SCOPE_AREA: dict[str, str] = {"kg_intercepted_upstream": "origin"}
_RELIABILITY_RANK = {"H": 0, "M": 1, "L": 2}


class NotReportableError(ValueError):
    """A source's figure is not a function of the model's value (e.g. all drugs, a region)."""


@dataclass(frozen=True)
class ObservedRange:
    """The range of a port's calendar-year quantity that the published figures allow.

    Attributes
    ----------
    port : str
        Port key.
    year : int
        Calendar year.
    quantity : str
        ``kg_seized`` (kg), a count (``seizure_count`` …) or ``kg_intercepted_upstream``.
    low, high : float
        The range; ``high`` is ``inf`` when no source bounds it above.
    central : float
        The best single value (see the module docstring), inside [low, high].
    sources : tuple of str
        Source ids of the figures that shaped the range.
    caveat : str
        How the range was built, in words.
    """

    port: str
    year: int
    quantity: str
    low: float
    high: float
    central: float
    sources: tuple[str, ...]
    caveat: str

    def contains(self, value: float) -> bool:
        """Whether ``value`` lies in [low, high]."""
        return self.low <= value <= self.high


@dataclass(frozen=True)
class _Figure:
    role: Role
    value: float
    share: float
    share_reason: str
    source_id: str
    used: bool
    reliability: str
    substance: str
    area_scope: str
    period: str


def load_published(seeds_dir: Path | None = None) -> pd.DataFrame:
    """The validated ``published.csv`` table (all of ``seeds/`` is checked on the way)."""
    return load_evidence(seeds_dir).published


def _in_scope(quantity: str, substance: str, area_scope: str) -> bool:
    return substance == "cocaine" and area_scope == _IN_SCOPE_AREA.get(quantity, "port")


def _figures(rows: pd.DataFrame, port: str, quantity: str) -> list[_Figure]:
    out = []
    for record in rows.to_dict(orient="records"):
        substance, area = str(record["substance"]), str(record["area_scope"])
        inside = _in_scope(quantity, substance, area)
        role, _ = ROLES[(str(record["period"]), inside, str(record["bound"]))]
        share, reason = (
            (1.0, "") if inside else LOWER_SHARES.get((port, substance, area), DEFAULT_LOWER_SHARE)
        )
        out.append(
            _Figure(
                role=role,
                value=float(record["value"]),
                share=share,
                share_reason=reason,
                source_id=str(record["source_id"]),
                used=bool(record["used"]),
                reliability=str(record["reliability"]),
                substance=substance,
                area_scope=area,
                period=str(record["period"]),
            )
        )
    return out


def _fmt(value: float) -> str:
    return "inf" if math.isinf(value) else f"{value:,.6g}"


def _combine(figs: list[_Figure], unit: str) -> tuple[float, float, float, list[str]]:
    """(low, high, central, caveat phrases) from the figures' roles (module docstring)."""
    by_role: dict[str, list[_Figure]] = {}
    for fig in figs:
        by_role.setdefault(fig.role, []).append(fig)
    points = by_role.get("point", [])
    partials = by_role.get("partial", [])
    lowers = by_role.get("lower", [])
    uppers = by_role.get("upper", [])
    scoped = by_role.get("scoped", [])
    scoped_lowers = by_role.get("scoped_lower", [])
    notes: list[str] = []

    scoped_cap = min((f.value for f in scoped), default=math.inf)
    upper_cap = min((f.value for f in uppers), default=math.inf)
    if points:
        values = [f.value for f in points]
        low = min([*values, *(f.value for f in partials)])
        high = max([max(values), *(f.value for f in lowers if f.value > max(values))])
        if scoped and scoped_cap > high:
            high = scoped_cap
        if upper_cap < low:
            low = upper_cap
            notes.append(f"an upper bound of {_fmt(upper_cap)} {unit} is below the figures")
        if len(set(values)) > 1:
            notes.append(f"conflicting figures {_fmt(min(values))}-{_fmt(max(values))} {unit}")
    else:
        lows = [f.value for f in (*lowers, *partials)]
        lows += [f.share * f.value for f in (*scoped, *scoped_lowers)]
        low = max(lows, default=0.0)
        high = min(scoped_cap, upper_cap)
        if high < low:
            notes.append("the lower bounds exceed the upper ones: the range spans both")
            low, high = high, low

    for fig in partials:
        notes.append(f"part-year count {_fmt(fig.value)} {unit} ({fig.source_id}) is the low end")
    for fig in lowers:
        what = "first half-year" if fig.period == "H1" else "lower bound"
        notes.append(f"{what} {_fmt(fig.value)} {unit} ({fig.source_id})")
    for fig in (*scoped, *scoped_lowers):
        scope = f"{fig.substance.replace('_', ' ')}, {fig.area_scope}"
        notes.append(
            f"{scope} figure {_fmt(fig.value)} {unit} ({fig.source_id}): lower share "
            f"{fig.share:g} ({fig.share_reason})"
        )
    if math.isinf(high):
        notes.append("no upper bound stated")

    if points:
        chosen = min(
            points,
            key=lambda f: (not f.used, _RELIABILITY_RANK[f.reliability], points.index(f)),
        )
        if chosen.reliability in ("H", "M"):
            central = chosen.value
            notes.insert(0, f"central {_fmt(central)} {unit} = {chosen.source_id}")
        else:
            central = (low + high) / 2
            notes.insert(0, "central = midpoint (the only point figure is rated L)")
    elif math.isfinite(high):
        central = (low + high) / 2
        notes.insert(0, "central = midpoint (no full-year figure for cocaine at the port)")
    else:
        central = low
        notes.insert(0, "central = low end (open range)")
    return low, high, central, notes


def observed_range(
    published: pd.DataFrame, port: str, year: int, quantity: str = "kg_seized"
) -> ObservedRange | None:
    """The calendar-year range of ``quantity`` at ``port`` that the published figures allow.

    Parameters
    ----------
    published : pandas.DataFrame
        Rows with the columns of ``seeds/published.csv`` (:func:`load_published`, or the blind
        subset of :func:`sim.validation.targets.calibration_published`).
    port : str
        Port key.
    year : int
        Calendar year.
    quantity : str, optional
        ``kg_seized`` (default), a count, or ``kg_intercepted_upstream``.

    Returns
    -------
    ObservedRange or None
        None when no figure of that port, year and quantity says anything about the year.
    """
    mask = (
        (published["port"] == port)
        & (published["year"].astype("int64") == year)
        & (published["quantity"] == quantity)
    )
    rows = published[mask]
    figs = [f for f in _figures(rows, port, quantity) if f.role != "ignore"]
    if not figs:
        return None
    unit = str(rows["unit"].iloc[0])
    low, high, central, notes = _combine(figs, unit)
    sources = tuple(dict.fromkeys(f.source_id for f in figs))
    return ObservedRange(port, year, quantity, low, high, central, sources, "; ".join(notes))


def observed_ranges(
    published: pd.DataFrame,
    year: int,
    quantity: str = "kg_seized",
    ports: Sequence[str] | None = None,
) -> list[ObservedRange]:
    """:func:`observed_range` for several ports (default: every port with a figure), in order."""
    if ports is None:
        ports = list(dict.fromkeys(published["port"]))
    ranges = (observed_range(published, port, year, quantity) for port in ports)
    return [r for r in ranges if r is not None]


def observed_history(
    published: pd.DataFrame,
    ports: Iterable[str],
    years: Iterable[int],
    quantity: str = "kg_seized",
) -> pd.DataFrame:
    """Central observed values per port and year (columns ``port``, ``year``, ``value``).

    The history the naive forecasts of :mod:`sim.validation.scores` extrapolate; port-years
    without a figure are left out.
    """
    rows = []
    for port in ports:
        for year in years:
            found = observed_range(published, port, year, quantity)
            if found is not None:
                rows.append({"port": port, "year": year, "value": found.central})
    return pd.DataFrame(rows, columns=["port", "year", "value"])


# --------------------------------------------------------------------------------------------
# The reverse direction: model value -> what a source would print
# --------------------------------------------------------------------------------------------


def covered_fraction(year: int, period: str, period_end: str = "") -> tuple[float, float]:
    """Share of the calendar year a figure covers, as (low, high).

    ``year`` → (1, 1); ``H1`` → January–June, 181 (182 in a leap year) days of 365 (366);
    ``partial`` with ``period_end`` ``YYYY-MM-DD`` → days to that date; ``YYYY-MM`` ("by
    December") → between the end of the previous month and the end of that month.

    Raises
    ------
    NotReportableError
        For a partial figure whose end is not stated.
    """
    days = 366 if calendar.isleap(year) else 365
    if period == "year":
        return 1.0, 1.0
    if period == "H1":
        h1 = dt.date(year, 6, 30).timetuple().tm_yday
        return h1 / days, h1 / days
    if period != "partial":
        raise ValueError(f"unknown period {period!r}")
    if not period_end:
        raise NotReportableError("a part-year figure without a stated end date")
    parts = [int(p) for p in period_end.split("-")]
    if len(parts) == 3:
        day = dt.date(*parts).timetuple().tm_yday
        return day / days, day / days
    month = parts[1]
    end = dt.date(year, month, calendar.monthrange(year, month)[1]).timetuple().tm_yday
    start = end - calendar.monthrange(year, month)[1]
    return start / days, end / days


def as_reported(value: float, figure: Mapping[str, object] | pd.Series) -> tuple[float, float]:
    """What the source of ``figure`` would print if the model's calendar-year value were true.

    Parameters
    ----------
    value : float
        The model's cocaine at the port in the figure's calendar year (kg, or a count).
    figure : mapping or pandas.Series
        One row of ``published.csv``.

    Returns
    -------
    (float, float)
        The printed value's range; low == high when it is determined. Modelling assumption:
        seizures are spread evenly over the year, so a part-year figure is ``value`` × the covered
        share of the year (:func:`covered_fraction`); use the model's own time series summed by
        date when it is at hand. The agency does not matter (see the module docstring).

    Raises
    ------
    NotReportableError
        When the figure is not a function of the model's value: all drugs (the model has cocaine
        only), a region or several ports (the model's other ports are not "the rest of the
        region"), a stated minimum or maximum for the year (a single seizure is not a share of
        the total), or a part-year figure without a stated end.
    """
    quantity, substance = str(figure["quantity"]), str(figure["substance"])
    area, period, bound = str(figure["area_scope"]), str(figure["period"]), str(figure["bound"])
    if substance != "cocaine":
        raise NotReportableError(f"the figure counts {substance}; the model has cocaine only")
    if area != _IN_SCOPE_AREA.get(quantity, "port"):
        raise NotReportableError(f"the figure's area scope is {area!r}, not the port alone")
    if bound != "point" and period != "partial":
        raise NotReportableError(f"a stated {bound} bound is not a function of the annual total")
    year = int(float(str(figure["year"])))
    low, high = covered_fraction(year, period, str(figure.get("period_end", "") or ""))
    return value * low, value * high
