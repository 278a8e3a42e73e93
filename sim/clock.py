"""The model's one time convention: units, year length and the calendar of a run.

* Simulation time is **hours** (floats). Configs speak in days, hours and calendar dates.
* A model **year is 365 days** (8,760 h) everywhere: annual volumes (containers, kg) are spread
  over 365 days, lever costs per year are charged per 365 days of activity and scanner-years are
  8,760 scanner-hours. A leap year's 366 days therefore count as 1.0027 model years. (v1 used
  365.25 days for lever costs only; one length everywhere keeps rates and costs consistent.)
* Simulation time 0 is ``run.start_date − run.warmup_days``; the observed window is
  ``[warmup, warmup + horizon)`` in hours, i.e. ``[run.start_date, run.start_date + horizon_days)``
  on the calendar (:class:`RunCalendar`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

HOURS_PER_DAY = 24.0
DAYS_PER_YEAR = 365.0
HOURS_PER_YEAR = HOURS_PER_DAY * DAYS_PER_YEAR


def days_to_h(days: float) -> float:
    """Days as simulation hours."""
    return days * HOURS_PER_DAY


def h_to_days(hours: float) -> float:
    """Simulation hours as days."""
    return hours / HOURS_PER_DAY


def h_to_years(hours: float) -> float:
    """Simulation hours as model years (365 days)."""
    return hours / HOURS_PER_YEAR


def per_year_to_per_h(per_year: float) -> float:
    """An annual rate (per 365-day year) as a rate per simulation hour."""
    return per_year / HOURS_PER_YEAR


def years_between(first: dt.date, end: dt.date) -> float:
    """Model years (365 days) from ``first`` to ``end``; 0 when ``end`` is not after ``first``."""
    return max(0, (end - first).days) / DAYS_PER_YEAR


@dataclass(frozen=True)
class RunCalendar:
    """Calendar of one run: where simulation hours fall on the calendar and back.

    Attributes
    ----------
    start : datetime.date
        ``run.start_date``, first day of the observed window.
    warmup_days, horizon_days : int
        Length of the warm-up before ``start`` and of the observed window.
    """

    start: dt.date
    warmup_days: int
    horizon_days: int

    @property
    def sim_start(self) -> dt.date:
        """Calendar day at simulation time 0 (the first day of the warm-up)."""
        return self.start - dt.timedelta(days=self.warmup_days)

    @property
    def end(self) -> dt.date:
        """The day after the last observed day (the window is half-open)."""
        return self.start + dt.timedelta(days=self.horizon_days)

    @property
    def warmup_h(self) -> float:
        """Length of the warm-up (h)."""
        return days_to_h(self.warmup_days)

    @property
    def horizon_h(self) -> float:
        """Length of the observed window (h)."""
        return days_to_h(self.horizon_days)

    @property
    def window_h(self) -> tuple[float, float]:
        """The observed window in simulation hours."""
        return (self.warmup_h, self.warmup_h + self.horizon_h)

    def hours_at(self, date: dt.date) -> float:
        """Simulation time (h) at the start of a calendar day (negative before the warm-up)."""
        return days_to_h((date - self.sim_start).days)

    def date_at(self, t_h: float) -> dt.datetime:
        """Calendar time at simulation time ``t_h``."""
        return dt.datetime.combine(self.sim_start, dt.time()) + dt.timedelta(hours=t_h)

    def year_starts_h(self) -> tuple[int, list[float]]:
        """(first calendar year, simulation time at which each year from it starts): the
        simulated span's years, for a fast :meth:`year_at` by bisection (the first start is the
        start of the first simulated day's year, at or before 0)."""
        first, last = self.sim_start.year, self.end.year + 1
        return first, [self.hours_at(dt.date(y, 1, 1)) for y in range(first, last + 1)]

    def year_at(self, t_h: float) -> int:
        """Calendar year at simulation time ``t_h``."""
        return self.date_at(t_h).year

    def day_of_window(self, t_h: float) -> float:
        """Days since ``run.start_date`` at simulation time ``t_h`` (negative in the warm-up)."""
        return h_to_days(t_h - self.warmup_h)
