"""Reading finished runs and sweeps back for comparison (never reruns anything).

:func:`load` accepts, for each path:

* a **run directory** (it has ``replications.csv``): one :class:`RunData`;
* a **sweep directory** (it has ``sweep.csv``, or numbered job folders ``0/``, ``1/``, … holding
  runs): one :class:`SweepData`; without ``sweep.csv`` its tables are built in memory from the
  job folders (:func:`collect_from_jobs`, same contract as the file the sweep callback writes);
* a **folder of runs or sweeps** (e.g. ``outputs/antwerp_surge/`` with one timestamped run
  directory per invocation): each of them, searched up to :data:`MAX_DEPTH` levels down.

The sweep-table builder lives in :mod:`sim.results.sweep_tables` and is re-exported here
(:func:`build_sweep_tables`, :func:`collect_from_jobs`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from sim.results.io import read_tables
from sim.results.status import damage
from sim.results.sweep_tables import (
    COMPLETE,
    build_sweep_tables,
    collect_from_jobs,
    job_dirs,
    job_status,
    read_optional_csv,
    read_overrides,
)

if TYPE_CHECKING:
    from sim.results.run_tables import ResultTables  # that module imports the engine: types only

__all__ = [
    "RunData",
    "SweepData",
    "build_sweep_tables",
    "collect_from_jobs",
    "load",
    "load_run",
    "load_sweep",
    "unique_names",
]

MAX_DEPTH = 3  # folder levels searched below a path that is neither a run nor a sweep
OPTIONAL_TABLES = ("costs", "displacement", "displacement_by_port", "cost_comparison")


@dataclass
class RunData:
    """The stored results of one run directory.

    Attributes
    ----------
    name : str
        Display name: the scenario name of ``metadata.json`` (else the folder name), made unique
        among the loaded runs; for a sweep job, ``"job N (key=value, ...)"``.
    path : pathlib.Path
        The run directory.
    tables : ResultTables
        ``replications``, ``ports``, ``timeseries``, ``shipments``.
    costs, displacement, displacement_by_port, cost_comparison : pandas.DataFrame or None
        The optional tables (None when the file is absent).
    counterfactual : ResultTables or None
        Tables of the no-policy counterfactual (``counterfactual/``), when there is one.
    metadata : dict
        ``metadata.json`` (empty when absent).
    config_text : str
        The resolved configuration ``.hydra/config.yaml`` (empty when absent).
    overrides : list of str
        The command-line overrides ``.hydra/overrides.yaml``.
    """

    name: str
    path: Path
    tables: ResultTables
    costs: pd.DataFrame | None = None
    displacement: pd.DataFrame | None = None
    displacement_by_port: pd.DataFrame | None = None
    cost_comparison: pd.DataFrame | None = None
    counterfactual: ResultTables | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    config_text: str = ""
    overrides: list[str] = field(default_factory=list)

    @property
    def scenario(self) -> str:
        """Scenario name (metadata, else the tables, else the display name)."""
        if self.metadata.get("scenario"):
            return str(self.metadata["scenario"])
        reps = self.tables.replications
        return str(reps["scenario"].iloc[0]) if len(reps) else self.name

    @property
    def n_replications(self) -> int:
        """Number of replications in the run."""
        frame = self.tables.replications if len(self.tables.replications) else self.tables.ports
        return int(frame["replication"].nunique())

    @property
    def policy_start(self) -> str | None:
        """``metadata["displacement"]["policy_start"]`` (ISO date) when recorded."""
        value = (self.metadata.get("displacement") or {}).get("policy_start")
        return str(value) if value else None


@dataclass
class SweepData:
    """The combined results of a sweep directory.

    Attributes
    ----------
    path : pathlib.Path
        The sweep directory.
    sweep : pandas.DataFrame
        ``sweep.csv`` (read, or built from the job folders).
    ports : pandas.DataFrame
        ``sweep_ports.csv`` (empty when unavailable).
    swept : list of str
        The swept override keys (columns of both tables).
    info : dict
        ``sweep.json`` (``swept``, ``total_jobs``, ``failed_jobs``, ``created``), completed
        from the tables when the file is absent.
    runs : list of RunData
        The complete jobs whose folders are present, in job order.
    """

    path: Path
    sweep: pd.DataFrame
    ports: pd.DataFrame
    swept: list[str]
    info: dict[str, Any] = field(default_factory=dict)
    runs: list[RunData] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The sweep folder's name."""
        return self.path.name

    @property
    def replication_rows(self) -> pd.DataFrame:
        """The rows of complete jobs' replications (``row == "replication"``)."""
        frame = self.sweep
        return frame[(frame["status"] == COMPLETE) & (frame["row"] == "replication")]

    @property
    def failed_jobs(self) -> list[int]:
        """Numbers of the failed jobs."""
        return sorted(int(j) for j in self.sweep.loc[self.sweep["status"] != COMPLETE, "job"])


# ------------------------------------------------------------------ runs


def _read_json(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text())
    except ValueError as exc:
        raise ValueError(f"{path}: not valid JSON ({exc})") from exc
    return data if isinstance(data, dict) else {}


def is_run_dir(path: Path) -> bool:
    """True when ``path`` holds a run's ``replications.csv``."""
    return (Path(path) / "replications.csv").is_file()


def is_sweep_dir(path: Path) -> bool:
    """True when ``path`` has ``sweep.csv`` or job folders (``0/``, ...) that hold runs."""
    path = Path(path)
    if (path / "sweep.csv").is_file():
        return True
    return any(
        is_run_dir(job) or (job / "status.json").is_file() for job in job_dirs(path).values()
    )


def load_run(path: Path, name: str | None = None) -> RunData:
    """Read a run directory.

    Parameters
    ----------
    path : pathlib.Path
        The run directory (``replications.csv``, ``ports.csv``, ``timeseries.csv``,
        ``shipments.csv`` required; the others optional).
    name : str, optional
        Display name; by default the scenario name of ``metadata.json`` or the folder name.

    Returns
    -------
    RunData
        The run's tables and records.

    Raises
    ------
    ValueError
        If the run did not complete, or a table is missing or damaged (its rows or checksum
        differ from what ``status.json`` recorded).
    """
    path = Path(path)
    problem = damage(path)
    if problem:
        raise ValueError(f"{path}: {problem}")
    try:
        tables = read_tables(path)
    except FileNotFoundError as exc:
        raise ValueError(str(exc)) from exc
    metadata = _read_json(path / "metadata.json")
    optional = {name_: read_optional_csv(path / f"{name_}.csv") for name_ in OPTIONAL_TABLES}
    cf_dir = path / "counterfactual"
    counterfactual = read_tables(cf_dir) if is_run_dir(cf_dir) else None
    config = path / ".hydra" / "config.yaml"
    return RunData(
        name=name or str(metadata.get("scenario") or path.name),
        path=path,
        tables=tables,
        counterfactual=counterfactual,
        metadata=metadata,
        config_text=config.read_text() if config.is_file() else "",
        overrides=read_overrides(path),
        **optional,
    )


# ------------------------------------------------------------------ sweeps


def job_label(job: int, values: dict[str, Any]) -> str:
    """``"job 3 (ports.antwerp.scanners=8)"``: a sweep job's display name."""
    shown = ", ".join(f"{k}={fmt_value(v)}" for k, v in values.items())
    return f"job {job} ({shown})" if shown else f"job {job}"


def fmt_value(value: Any) -> str:
    """A swept value for labels: ``5.0`` → ``5``, NaN/None → empty."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


def _infer_swept(sweep: pd.DataFrame) -> list[str]:
    cols = list(sweep.columns)
    return cols[cols.index("error") + 1 : cols.index("row")]


def load_sweep(path: Path) -> SweepData:
    """Read a sweep directory (``sweep.csv``, or its job folders).

    Parameters
    ----------
    path : pathlib.Path
        The sweep directory.

    Returns
    -------
    SweepData
        Tables, swept keys, ``sweep.json`` and the complete jobs' runs.

    Raises
    ------
    ValueError
        If ``sweep.csv`` lacks the contract's columns, or there are neither ``sweep.csv`` nor
        job folders.
    """
    path = Path(path)
    info = _read_json(path / "sweep.json")
    jobs = job_dirs(path)
    if (path / "sweep.csv").is_file():
        sweep = pd.read_csv(path / "sweep.csv")
        missing = [c for c in ("job", "status", "error", "row", "replication") if c not in sweep]
        if missing:
            raise ValueError(f"{path / 'sweep.csv'}: missing column(s) {', '.join(missing)}")
        listed = info.get("swept")
        swept = listed if isinstance(listed, list) and set(listed) <= set(sweep) else None
        swept = swept if swept is not None else _infer_swept(sweep)
        if (path / "sweep_ports.csv").is_file():
            ports = pd.read_csv(path / "sweep_ports.csv")
        elif jobs:
            ports = build_sweep_tables(jobs)[1]
        else:
            ports = pd.DataFrame(columns=["job", *swept, "replication"])
    else:
        sweep, ports, swept = collect_from_jobs(path)
    info = dict(info)
    info["swept"] = list(swept)
    info.setdefault("total_jobs", int(sweep["job"].nunique()))
    failed = sorted(int(j) for j in sweep.loc[sweep["status"] != COMPLETE, "job"].unique())
    info.setdefault("failed_jobs", failed)
    info.setdefault("created", None)

    runs = []
    first = sweep.drop_duplicates("job").set_index("job")
    for num, job_dir in jobs.items():
        if num not in first.index or job_status(job_dir)[0] != COMPLETE:
            continue
        values = {k: first.at[num, k] for k in swept}
        runs.append(load_run(job_dir, name=job_label(num, values)))
    return SweepData(path=path, sweep=sweep, ports=ports, swept=list(swept), info=info, runs=runs)


# ------------------------------------------------------------------ any path


def _find(path: Path, depth: int) -> tuple[list[Path], list[Path]]:
    """Run and sweep directories at or below ``path`` (not below a run or a sweep)."""
    if is_run_dir(path):
        return [path], []
    if is_sweep_dir(path):
        return [], [path]
    runs: list[Path] = []
    sweeps: list[Path] = []
    if depth >= MAX_DEPTH:
        return runs, sweeps
    for child in sorted(p for p in path.iterdir() if p.is_dir() and not p.name.startswith(".")):
        r, s = _find(child, depth + 1)
        runs += r
        sweeps += s
    return runs, sweeps


def unique_names(runs: list[RunData]) -> None:
    """Make display names unique: add the folder name, then a counter, to repeated names."""
    counts: dict[str, int] = {}
    for run in runs:
        counts[run.name] = counts.get(run.name, 0) + 1
    for run in runs:
        if counts[run.name] > 1:
            run.name = f"{run.name} ({run.path.name})"
    seen: dict[str, int] = {}
    for run in runs:
        seen[run.name] = seen.get(run.name, 0) + 1
        if seen[run.name] > 1:
            run.name = f"{run.name} #{seen[run.name]}"


def load(paths: list[Path | str]) -> tuple[list[RunData], list[SweepData]]:
    """Load run directories, sweep directories and folders of them.

    Parameters
    ----------
    paths : list of path-like
        Directories, in the order they should be compared.

    Returns
    -------
    runs : list of RunData
        The run directories found (display names made unique).
    sweeps : list of SweepData
        The sweep directories found.

    Raises
    ------
    ValueError
        One line naming the path: it does not exist, is not a directory, or holds no run or
        sweep.
    """
    run_paths: list[Path] = []
    sweep_paths: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise ValueError(f"{path}: no such directory")
        if not path.is_dir():
            raise ValueError(f"{path}: not a directory")
        found_runs, found_sweeps = _find(path, 0)
        if not found_runs and not found_sweeps:
            raise ValueError(
                f"{path}: not a run directory (no replications.csv), a sweep directory "
                "(no sweep.csv or job folders) or a folder of runs"
            )
        run_paths += [p for p in found_runs if p not in run_paths]
        sweep_paths += [p for p in found_sweeps if p not in sweep_paths]
    runs = [load_run(p) for p in run_paths]
    unique_names(runs)
    sweeps = [load_sweep(p) for p in sweep_paths]
    return runs, sweeps
