"""The status file of a run directory: complete (with a manifest of its tables), or failed.

``status.json`` is written last, after every table, figure and metadata file, so its presence
with ``"status": "complete"`` means the directory's results are whole. It records, for every
table written, its row count and SHA-256 (``files``). That manifest is how a resumed sweep tells a
finished job from one whose tables were truncated or emptied later (:func:`is_complete`), and how
``portsim-compare`` refuses a damaged run (:func:`verify`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sim.results.io import write_json

STATUS_FILE = "status.json"
COMPLETE = "complete"
FAILED = "failed"


def file_record(path: Path) -> dict[str, Any]:
    """Rows (lines after the header) and SHA-256 of a written CSV table."""
    data = path.read_bytes()
    rows = max(0, data.count(b"\n") - 1)
    return {"rows": rows, "sha256": hashlib.sha256(data).hexdigest()}


def manifest(paths: Iterable[Path], out_dir: Path) -> dict[str, dict[str, Any]]:
    """The ``files`` entry of ``status.json`` for the tables written into ``out_dir``."""
    return {p.relative_to(out_dir).as_posix(): file_record(p) for p in paths if p.suffix == ".csv"}


def write_status(
    out_dir: Path,
    status: str,
    config_sha256: str | None = None,
    error: str | None = None,
    files: dict[str, dict[str, Any]] | None = None,
) -> None:
    """Record how a run ended (atomically). Wall times live in ``metadata.json``."""
    record: dict[str, Any] = {"status": status, "config_sha256": config_sha256}
    if error is not None:
        record["error"] = error
    if files is not None:
        record["files"] = files
    write_json(record, out_dir / STATUS_FILE)


def read_status(out_dir: Path) -> dict[str, Any] | None:
    """The recorded status, or None when the run never finished (or the file is unreadable)."""
    try:
        status = json.loads((out_dir / STATUS_FILE).read_text())
    except (OSError, ValueError):
        return None
    return status if isinstance(status, dict) else None


def damage(out_dir: Path) -> str | None:
    """What is wrong with a run directory's results, or None when they are whole."""
    status = read_status(out_dir)
    if status is None:
        return "no readable status.json (the run did not finish, or is not a portsim run)"
    if status.get("status") != COMPLETE:
        return (
            f"the run {status.get('status', 'did not finish')}: {status.get('error', '')}".strip()
        )
    files = status.get("files")
    if not isinstance(files, dict) or not files:
        return "status.json lists no tables"
    for name, expected in files.items():
        path = out_dir / name
        if not path.is_file():
            return f"{name} is missing"
        if file_record(path) != expected:
            return f"{name} is damaged (rows or checksum differ from status.json)"
    return None


def is_complete(out_dir: Path, config_sha256: str) -> bool:
    """True when the directory holds whole results of exactly this configuration."""
    status = read_status(out_dir)
    return (
        status is not None
        and status.get("config_sha256") == config_sha256
        and damage(out_dir) is None
    )
