"""The golden runs: small fixed configurations whose tables are checked in under this folder.

Each case is a list of overrides. Its expected tables (every CSV file a run writes, the
counterfactual's included) live in ``tests/golden/<case>/``; ``tests/test_golden.py`` compares a
fresh run with them byte for byte, so any change in behaviour shows as a diff. Refresh them,
after checking that a change is intended, with::

    python tests/golden/update.py
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent

CASES: dict[str, list[str]] = {
    # the baseline network: adaptive organisations, every port, no policy
    "baseline": [
        "run=smoke",
        "run.replications=2",
        "run.warmup_days=20",
        "run.horizon_days=60",
        "traffickers.annual_volume_t=400",
    ],
    # a policy against its counterfactual, with two levers that add columns and costs:
    # the Benelux agency's mobile scanners and liaison officers at origin ports
    "policy": [
        "scenario=benelux_agency",
        "levers.liaison.enabled=true",
        "levers.benelux_agency.review_days=7",
        "run.scale=0.02",
        "run.replications=2",
        "run.start_date=2023-12-01",
        "run.warmup_days=30",
        "run.horizon_days=90",
        "traffickers.annual_volume_t=400",
    ],
}


def write_case(name: str, out: Path) -> list[Path]:
    """Run one case and write its tables into ``out``; return the files written."""
    from sim import api
    from sim.results.io import write_run

    results = api.simulate(api.load(CASES[name]))
    return write_run(results.tables, results.costs, results.comparison, out)
