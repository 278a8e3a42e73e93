"""Known values built into the synthetic sweeps of ``tests/compare/conftest.py``.

A module of its own so the tests can import them (importing a conftest by name is ambiguous).
"""

SCANNERS = (5, 8, 12)  # ports.antwerp.scanners of sweep jobs 0, 1, 2
SEIZED_STEP = 1000.0  # job k: kg_seized of every replication + k * SEIZED_STEP
ANTWERP_STEP = 500.0  # job k: kg_attempted at Antwerp + k * ANTWERP_STEP
FAILED_ERROR = "ConfigError: ports.antwerp.scanners must be >= 0"
