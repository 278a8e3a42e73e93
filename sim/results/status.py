"""The status file of a run directory: complete, or failed with its error.

``status.json`` is written last, after every table, figure and metadata file, so its presence
with ``"status": "complete"`` means the directory's results are whole. A sweep uses it to report
failed jobs and to skip, when re-run in the same directory, the jobs that already finished with
the same configuration (same ``config_sha256``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sim.results.io import write_json
from sim.results.schema import RUN_TABLES

STATUS_FILE = "status.json"
COMPLETE = "complete"
FAILED = "failed"


def write_status(
    out_dir: Path,
    status: str,
    config_sha256: str | None = None,
    error: str | None = None,
    wall_time_s: float | None = None,
) -> None:
    """Record how a run ended (atomically)."""
    record: dict[str, Any] = {"status": status, "config_sha256": config_sha256}
    if error is not None:
        record["error"] = error
    if wall_time_s is not None:
        record["wall_time_s"] = round(wall_time_s, 3)
    write_json(record, out_dir / STATUS_FILE)


def read_status(out_dir: Path) -> dict[str, Any] | None:
    """The recorded status, or None when the run never finished (or the file is unreadable)."""
    try:
        return json.loads((out_dir / STATUS_FILE).read_text())
    except (OSError, ValueError):
        return None


def is_complete(out_dir: Path, config_sha256: str) -> bool:
    """True when the directory holds complete results of exactly this configuration."""
    status = read_status(out_dir)
    return (
        status is not None
        and status.get("status") == COMPLETE
        and status.get("config_sha256") == config_sha256
        and all((out_dir / f"{name}.csv").is_file() for name in RUN_TABLES)
    )
