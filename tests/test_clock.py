"""The one time convention: hours, 365-day years and the calendar of a run."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from sim.clock import HOURS_PER_YEAR, RunCalendar, days_to_h, h_to_days, years_between


def test_units():
    assert HOURS_PER_YEAR == 8760.0 and days_to_h(2) == 48.0 and h_to_days(36) == 1.5
    assert years_between(dt.date(2023, 1, 1), dt.date(2024, 1, 1)) == 1.0
    assert years_between(dt.date(2024, 1, 1), dt.date(2025, 1, 1)) == pytest.approx(366 / 365)
    assert years_between(dt.date(2025, 1, 1), dt.date(2024, 1, 1)) == 0.0


def test_the_window_starts_after_the_warm_up():
    cal = RunCalendar(dt.date(2023, 1, 1), 365, 731)  # 2024 is a leap year
    assert cal.sim_start == dt.date(2022, 1, 1) and cal.end == dt.date(2025, 1, 1)
    assert cal.window_h == (365 * 24.0, (365 + 731) * 24.0)
    assert cal.hours_at(dt.date(2023, 1, 1)) == cal.warmup_h
    assert cal.day_of_window(cal.warmup_h + 36) == 1.5


def test_year_starts_give_the_calendar_year_of_any_time():
    cal = RunCalendar(dt.date(2023, 7, 1), 400, 1096)
    first, starts = cal.year_starts_h()
    rng = np.random.default_rng(1)
    for t in rng.uniform(0, cal.window_h[1], 2000):
        year = first + int(np.searchsorted(starts, t, side="right")) - 1
        assert year == cal.year_at(float(t))
    at_new_year = cal.hours_at(dt.date(2024, 1, 1))
    assert cal.year_at(at_new_year) == 2024 and cal.year_at(at_new_year - 1e-6) == 2023
