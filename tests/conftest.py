"""Fixtures shared by all tests (helpers to import live in ``tests/helpers.py``)."""

from __future__ import annotations

import pytest
from helpers import run_tables

from sim.results.run_tables import ResultTables


@pytest.fixture(scope="session")
def smoke_tables() -> ResultTables:
    """The baseline at smoke size (2 replications, 90 days, scale 0.05)."""
    return run_tables("run=smoke")
