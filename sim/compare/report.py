"""``portsim-compare --report``: one self-contained HTML file from the comparison.

The report lists the runs compared (with their overrides and random seeds), shows every
comparison figure with a caption, the summary tables and each sweep's job means, the resolved
configuration of every run, and the data sources (``seeds/sources.csv``). It is built with
:mod:`sim.report` and opens offline in any browser.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from sim.compare.load import RunData, SweepData
from sim.report import Section, Table, build_report, figure_from_file, load_sources

CAPTIONS = {
    "seized_delivered_by_port": "Kg seized at and delivered through each port, one bar per run "
    "(mean over replications, 95 % CI).",
    "flows_before_after": "Kg shipped towards the largest ports per period, one panel per run, "
    "with the policy date.",
    "displacement_by_port": "Change in kg shipped per port against each scenario's no-policy "
    "counterfactual, from the policy date.",
    "tradeoff": "Kg seized against security cost and against container delay, one point per run.",
    "response_curves": "Outcomes of the sweep against the swept value (mean, 95 % CI).",
    "tradeoff_sweep": "Kg seized against cost and delay, one point per job of the sweep.",
}
REPORT_TABLES = ("comparison_summary",)
TABLE_ROWS = 60


def _caption(name: str) -> str:
    for key, text in sorted(CAPTIONS.items(), key=lambda item: -len(item[0])):
        if name == key or name.startswith(f"{key}_"):
            return text
    return ""


def _title(name: str) -> str:
    return name.replace("_", " ").capitalize()


def sections(
    runs: Sequence[RunData],
    sweeps: Sequence[SweepData],
    figures: dict[str, Path],
    tables: dict[str, pd.DataFrame],
) -> list[Section]:
    """The report's sections: runs, one per figure, sweep means, configurations."""
    out = []
    listing = [
        f"{r.name}: {r.path} — {r.n_replications} replication(s), run.seed "
        f"{r.metadata.get('seed', '?')}; overrides: {' '.join(r.overrides) or 'none'}"
        for r in runs
    ]
    listing += [
        f"sweep {s.path}: swept {', '.join(s.swept) or 'nothing'}; "
        f"{len(s.runs)} complete job(s), failed: {s.failed_jobs or 'none'}"
        for s in sweeps
    ]
    summary = [
        Table(_title(name), frame, max_rows=TABLE_ROWS)
        for name, frame in tables.items()
        if name in REPORT_TABLES
    ]
    out.append(Section("Runs compared", "\n\n".join(listing), tables=summary))
    for name, path in figures.items():
        figure = figure_from_file(path, _title(name), _caption(name))
        out.append(Section(_title(name), figures=[figure]))
    for sweep in sweeps:
        means = sweep.sweep[
            sweep.sweep["row"].isin(["mean"]) | (sweep.sweep["status"] != "complete")
        ]
        out.append(
            Section(
                f"Sweep {sweep.name}",
                f"Mean over replications per job (sweep.csv of {sweep.path}).",
                tables=[Table(f"Sweep {sweep.name}: job means", means, max_rows=TABLE_ROWS)],
            )
        )
    configs = [(f"{r.name} — .hydra/config.yaml", r.config_text) for r in runs if r.config_text]
    if configs:
        out.append(Section("Configurations", "Resolved configuration of each run.", code=configs))
    return out


def write_report(
    runs: Sequence[RunData],
    sweeps: Sequence[SweepData],
    figures: dict[str, Path],
    tables: dict[str, pd.DataFrame],
    out_path: Path,
) -> Path:
    """Write the HTML report to ``out_path`` (atomically) and return it.

    Parameters
    ----------
    runs, sweeps : sequences of RunData and SweepData
        What was compared.
    figures : dict of str to pathlib.Path
        Figure name → PNG file.
    tables : dict of str to pandas.DataFrame
        Table name → table (as written to the output folder).
    out_path : pathlib.Path
        The HTML file.
    """
    names = [r.name for r in runs] + [s.name for s in sweeps]
    return build_report(
        title="portsim comparison",
        subtitle=", ".join(names),
        sections=sections(runs, sweeps, figures, tables),
        out_path=Path(out_path),
        sources=load_sources(),
    )
