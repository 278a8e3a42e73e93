"""Writing and reading run directories. Every file is written atomically (temp file + rename)."""

from __future__ import annotations

import functools
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from sim.results.run_tables import ResultTables
from sim.results.schema import RUN_TABLES, TABLES

if TYPE_CHECKING:
    from sim.run import Comparison


def atomic_write(path: Path, write: Callable[[Path], object]) -> None:
    """Call ``write(tmp)`` on a temporary file next to ``path``, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        write(tmp_path)
        os.chmod(tmp_path, 0o666 & ~_umask())  # mkstemp makes 0600; give the usual mode
        os.replace(tmp_path, path)
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_tables(tables: ResultTables, out_dir: Path) -> list[Path]:
    """Write the four CSV tables into ``out_dir``; return their paths."""
    return write_frames(tables.as_dict(), out_dir)


def write_frames(frames: dict[str, pd.DataFrame], out_dir: Path) -> list[Path]:
    """Write named DataFrames as ``out_dir/<name>.csv``, atomically."""
    paths = []
    for name, frame in frames.items():
        path = out_dir / f"{name}.csv"
        atomic_write(path, functools.partial(_csv, frame))
        paths.append(path)
    return paths


def _csv(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False)


def write_json(data: dict[str, Any], path: Path) -> None:
    """Write a JSON document atomically."""
    text = json.dumps(data, indent=2, sort_keys=True, default=str)
    atomic_write(path, lambda tmp: tmp.write_text(text + "\n"))


def write_comparison(comparison: Comparison, out_dir: Path) -> list[Path]:
    """The counterfactual's tables (``counterfactual/``) and the displacement tables."""
    paths = write_tables(comparison.counterfactual, out_dir / "counterfactual")
    paths += write_frames({"costs": comparison.counterfactual_costs}, out_dir / "counterfactual")
    paths += write_frames(
        {
            "displacement": comparison.summary,
            "displacement_by_port": comparison.by_port,
            "cost_comparison": comparison.cost_comparison,
        },
        out_dir,
    )
    return paths


RESULT_FILES = (
    *(f"{name}.csv" for name in TABLES),
    "metadata.json",
    "status.json",
    "counterfactual",
    "figures",
)
"""What a run writes into its directory (Hydra's ``.hydra/`` and log file aside)."""


def holds_results(out_dir: Path) -> list[str]:
    """The results already in ``out_dir`` (a run never writes into such a directory)."""
    return [name for name in RESULT_FILES if (out_dir / name).exists()]


def clear_results(out_dir: Path) -> None:
    """Remove a previous attempt's results (a sweep job run again after a failure or damage)."""
    for name in RESULT_FILES:
        path = out_dir / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def write_run(
    tables: ResultTables,
    costs: pd.DataFrame | None,
    comparison: Comparison | None,
    out_dir: Path,
) -> list[Path]:
    """Every table of a run (and of its counterfactual); return the paths written."""
    paths = write_tables(tables, out_dir)
    if costs is not None:
        paths += write_frames({"costs": costs}, out_dir)
    if comparison is not None:
        paths += write_comparison(comparison, out_dir)
    return paths


def read_tables(run_dir: Path) -> ResultTables:
    """Read the tables of a run directory back (plots and comparisons never rerun the model)."""
    missing = [n for n in RUN_TABLES if not (run_dir / f"{n}.csv").is_file()]
    if missing:
        raise FileNotFoundError(f"{run_dir}: missing {', '.join(m + '.csv' for m in missing)}")
    frames = {n: pd.read_csv(run_dir / f"{n}.csv") for n in RUN_TABLES}
    yearly = run_dir / "yearly.csv"  # runs over several calendar years only
    if yearly.is_file():
        frames["yearly"] = pd.read_csv(yearly)
    return ResultTables(**frames)
