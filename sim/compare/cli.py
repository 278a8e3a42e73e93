"""The ``portsim-compare`` command: compare finished runs and sweeps (tables, figures, report).

Usage::

    portsim-compare DIR [DIR ...] [--out OUTDIR] [--formats png svg] [--reference NAME] [--report]

Each DIR is a run directory, a sweep directory or a folder of them (:func:`sim.compare.load.load`).
Written into OUTDIR (default ``./comparison``), every file atomically:

* ``comparison_*.csv`` (:mod:`sim.compare.comparison_tables`) for the runs, with
  ``comparison_differences.csv`` (each run against the reference run: the first, or
  ``--reference NAME``) when there are two or more; for each sweep a copy of its ``sweep.csv``
  and ``sweep_ports.csv`` (suffixed with the sweep's folder name when several);
* the applicable figures (:mod:`sim.compare.comparison_figures`) in each format:
  ``seized_delivered_by_port``, ``flows_before_after``, ``displacement_by_port`` (runs with a
  counterfactual), ``tradeoff`` (runs), ``response_curves`` and ``tradeoff_sweep`` (sweeps). The
  jobs of a sweep with at most :data:`MAX_SWEEP_RUNS` complete jobs are compared as runs too;
* with ``--report``, ``report.html`` (:mod:`sim.compare.report`).

Errors (missing directory, nothing to compare): one line
``portsim-compare: error: ...`` on stderr and exit status 2, no traceback.
"""

from __future__ import annotations

import argparse
import functools
import os
import re
import shutil
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import NoReturn

import pandas as pd
from matplotlib.figure import Figure

from sim.compare import comparison_figures as figs
from sim.compare.comparison_tables import comparison_tables
from sim.compare.differences import choose_reference
from sim.compare.load import RunData, SweepData, load, unique_names
from sim.plots.run_figures import clean_formats, save_figure
from sim.results.io import atomic_write, write_frames

PROG = "portsim-compare"
DEFAULT_OUT = Path("comparison")
DEFAULT_FORMATS = ("png", "svg")
MAX_SWEEP_RUNS = 6  # a sweep's jobs are also compared as runs up to this many complete jobs
REPORT_FILE = "report.html"


class CompareError(Exception):
    """A user-facing error: printed as one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        """Print one line (no usage block) and exit with status 2."""
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def parser() -> argparse.ArgumentParser:
    """The command-line parser."""
    p = _Parser(prog=PROG, description="Compare finished portsim runs and sweeps.")
    p.add_argument("dirs", nargs="+", type=Path, metavar="DIR", help="run or sweep directories")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (./comparison)")
    p.add_argument(
        "--formats",
        nargs="+",
        default=list(DEFAULT_FORMATS),
        metavar="FMT",
        help="figure formats (default: png svg)",
    )
    p.add_argument(
        "--reference",
        metavar="NAME",
        default=None,
        help="run the others are compared with in comparison_differences.csv and the difference "
        "panels (a run's name as listed in comparison_summary.csv; default: the first run)",
    )
    p.add_argument("--report", action="store_true", help="also write report.html (sim.report)")
    return p


# ------------------------------------------------------------------ what to draw


def _suffix(sweeps: Sequence[SweepData]) -> dict[int, str]:
    """File-name suffix per sweep: none for a single sweep, else ``_<folder name>``."""
    if len(sweeps) == 1:
        return {0: ""}
    out: dict[int, str] = {}
    for i, sweep in enumerate(sweeps):
        stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", sweep.name) or f"sweep{i}"
        suffix = f"_{stem}"
        while suffix in out.values():
            suffix = f"{suffix}_{i}"
        out[i] = suffix
    return out


def compared_runs(runs: Sequence[RunData], sweeps: Sequence[SweepData]) -> list[RunData]:
    """The runs drawn side by side: the run directories, then the jobs of small sweeps."""
    chosen = list(runs)
    for sweep in sweeps:
        if 0 < len(sweep.runs) <= MAX_SWEEP_RUNS:
            chosen += sweep.runs
    unique_names(chosen)
    return chosen


def figure_plan(
    runs: Sequence[RunData],
    sweeps: Sequence[SweepData],
    own_runs: bool = True,
    suffixes: Mapping[int, str] | None = None,
    reference: str | None = None,
) -> dict[str, Callable[[], Figure]]:
    """Figure name → drawing function, for every figure that applies.

    ``own_runs`` is False when ``runs`` are only the jobs of the sweeps: their trade-off is then
    the sweeps' own ``tradeoff_sweep`` figure. ``suffixes``: file-name suffix per sweep index
    (default :func:`_suffix` of ``sweeps``). ``reference``: the run the difference panels
    compare with (default the first).
    """
    plan: dict[str, Callable[[], Figure]] = {}
    if runs:
        plan["seized_delivered_by_port"] = lambda: figs.seized_delivered_by_port(runs, reference)
        if any(len(r.tables.timeseries) for r in runs):
            plan["flows_before_after"] = lambda: figs.flows_before_after(runs)
        if any(r.displacement_by_port is not None and len(r.displacement_by_port) for r in runs):
            plan["displacement_by_port"] = lambda: figs.displacement_chart(runs)
        if own_runs and any(len(r.tables.replications) for r in runs):
            plan["tradeoff"] = lambda: figs.tradeoff(runs)
    if suffixes is None:
        suffixes = _suffix(sweeps)
    for i, sweep in enumerate(sweeps):
        if not len(sweep.replication_rows):
            continue
        plan[f"response_curves{suffixes[i]}"] = functools.partial(figs.response_curves, sweep)
        plan[f"tradeoff_sweep{suffixes[i]}"] = functools.partial(figs.tradeoff, sweep)
    return plan


# ------------------------------------------------------------------ writing


def _copy(source: Path, path: Path) -> None:
    atomic_write(path, lambda tmp: shutil.copyfile(source, tmp))


def write_tables(
    runs: Sequence[RunData],
    sweeps: Sequence[SweepData],
    out: Path,
    suffixes: Mapping[int, str] | None = None,
    reference: str | None = None,
) -> tuple[list[Path], dict[str, pd.DataFrame]]:
    """Write the comparison tables and the sweeps' tables; return the paths and the tables.

    ``suffixes``: file-name suffix per sweep index (default :func:`_suffix` of ``sweeps``);
    ``reference``: the reference run of ``comparison_differences`` (default the first run).
    """
    tables = comparison_tables(runs, reference)
    written = write_frames(tables, out)
    if suffixes is None:
        suffixes = _suffix(sweeps)
    for i, sweep in enumerate(sweeps):
        for stem, frame in (("sweep", sweep.sweep), ("sweep_ports", sweep.ports)):
            name = f"{stem}{suffixes[i]}"
            source = sweep.path / f"{stem}.csv"
            if source.is_file():
                path = out / f"{name}.csv"
                _copy(source, path)
            else:
                [path] = write_frames({name: frame}, out)
            tables[name] = frame
            written.append(path)
    return written, tables


def write_figures(
    plan: dict[str, Callable[[], Figure]], out: Path, formats: Sequence[str]
) -> tuple[list[Path], dict[str, Path]]:
    """Draw and save every planned figure; return the files and the PNG file of each figure.

    ``formats`` are matplotlib format names, already cleaned (:func:`clean_formats`).
    """
    written: list[Path] = []
    pngs: dict[str, Path] = {}
    for name, draw in plan.items():
        paths = save_figure(draw(), out, name, formats)
        written += paths
        for fmt, path in zip(formats, paths, strict=True):
            if fmt == "png":
                pngs[name] = path
    return written, pngs


def compare(
    dirs: Sequence[Path],
    out: Path,
    formats: Sequence[str],
    report: bool = False,
    reference: str | None = None,
) -> list[Path]:
    """Load, write the tables and figures (and the report); return the files written.

    ``reference``: display name of the run the others are compared with (default the first).

    Raises
    ------
    CompareError
        Nothing to compare.
    ValueError
        A directory that is missing or holds no run or sweep (from :func:`load`), or a
        ``reference`` that names no compared run (checked before anything is written).
    """
    formats = clean_formats(formats)
    if report and "png" not in formats:
        formats.append("png")  # the report embeds PNG files
    runs, sweeps = load(list(dirs))
    drawn = compared_runs(runs, sweeps)
    if not drawn and not any(len(s.replication_rows) for s in sweeps):
        where = ", ".join(str(s.path) for s in sweeps)
        raise CompareError(f"nothing to compare: no complete job in {where}")
    if reference is not None:
        choose_reference(drawn, reference)
    out.mkdir(parents=True, exist_ok=True)
    suffixes = _suffix(sweeps)
    written, tables = write_tables(drawn, sweeps, out, suffixes, reference)
    plan = figure_plan(drawn, sweeps, own_runs=bool(runs), suffixes=suffixes, reference=reference)
    figure_files, pngs = write_figures(plan, out, formats)
    written += figure_files
    if report:
        from sim.compare.report import write_report  # the HTML builder only when asked

        written.append(write_report(drawn, sweeps, pngs, tables, out / REPORT_FILE))
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """Console-script entry point: ``portsim-compare DIR [DIR ...] [--out OUTDIR] ...``.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        0 on success. Errors raise :class:`SystemExit` with status 2 after one line on stderr.
    """
    args = parser().parse_args(None if argv is None else list(argv))
    try:
        written = compare(args.dirs, args.out, args.formats, args.report, args.reference)
    except (CompareError, ValueError, OSError, pd.errors.ParserError) as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        print(f"{PROG}: error: {message}", file=sys.stderr)
        raise SystemExit(2) from None
    try:
        print(f"{PROG}: wrote {len(written)} files to {args.out}")
        for path in written:
            print(f"  {path}")
        sys.stdout.flush()
    except BrokenPipeError:  # e.g. piped into head: the files are written all the same
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return 0


if __name__ == "__main__":
    sys.exit(main())
