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
TITLES = {
    "seized_delivered_by_port": "Seized and delivered by port",
    "flows_before_after": "Where the flow goes: before and after the policy date",
    "displacement_by_port": "Displacement: change by port against the counterfactual",
    "tradeoff": "Trade-off: seizures against cost and delay",
    "response_curves": "Response curves of the sweep",
    "tradeoff_sweep": "Trade-off across the sweep's jobs",
    "comparison_summary": "Outcomes of each run (mean over replications, 95 % CI)",
}
REPORT_TABLES = ("comparison_summary",)
TABLE_ROWS = 60
# A sweep's job-means table in the report: (column of sweep.csv, header, divisor) after the
# swept keys; the full table, with every column and the CIs, is the sweep's sweep.csv.
SWEEP_REPORT_COLUMNS = (
    ("kg_seized", "seized (t)", 1_000),
    ("kg_seized_origin", "at origin (t)", 1_000),
    ("kg_delivered", "delivered (t)", 1_000),
    ("interdiction_rate", "interdiction rate", 1),
    ("container_delay_h", "delay (thousand h)", 1_000),
    ("total_eur", "cost (EUR M)", 1_000_000),
    ("delivered_change_kg", "change in delivered (t)", 1_000),
    ("displacement_ratio", "displacement ratio", 1),
    ("extra_cost_eur", "extra cost (EUR M)", 1_000_000),
)


def _lookup(table: dict[str, str], name: str) -> tuple[str, str] | None:
    """The entry for ``name`` or for its longest key that ``name`` extends (``key_<suffix>``)."""
    for key, text in sorted(table.items(), key=lambda item: -len(item[0])):
        if name == key or name.startswith(f"{key}_"):
            return text, name[len(key) + 1 :]
    return None


def _caption(name: str) -> str:
    found = _lookup(CAPTIONS, name)
    return found[0] if found else ""


def figure_title(name: str) -> str:
    """Readable title of a figure or table; a sweep suffix is shown in brackets."""
    found = _lookup(TITLES, name)
    if found is None:
        return name.replace("_", " ").capitalize()
    text, suffix = found
    return f"{text} ({suffix})" if suffix else text


def summary_for_report(frame: pd.DataFrame) -> pd.DataFrame:
    """The comparison summary without its machine column name (the CSV file keeps it)."""
    return frame.drop(columns=["column"], errors="ignore")


def sweep_means(sweep: SweepData) -> pd.DataFrame:
    """One row per job: swept values and the main outcomes in t and EUR M (job means).

    The status and error columns appear when a job failed; the total cost is left out when the
    extra cost against the counterfactual is known.
    """
    frame = sweep.sweep[sweep.sweep["row"].isin(["mean"]) | (sweep.sweep["status"] != "complete")]
    failed = (frame["status"] != "complete").any()
    keep = ["job", *(["status", "error"] if failed else []), *dict.fromkeys(sweep.swept)]
    out = frame[[c for c in keep if c in frame.columns]].copy()
    present = {c for c, _, _ in SWEEP_REPORT_COLUMNS if c in frame and frame[c].notna().any()}
    if "extra_cost_eur" in present:  # against a counterfactual the extra cost is what matters
        present.discard("total_eur")
    for column, header, divisor in SWEEP_REPORT_COLUMNS:
        if column in present:
            out[header] = pd.to_numeric(frame[column], errors="coerce") / divisor
    return out


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
        Table(
            figure_title(name),
            summary_for_report(frame),
            caption=f"The same table with column names: {name}.csv.",
            max_rows=TABLE_ROWS,
        )
        for name, frame in tables.items()
        if name in REPORT_TABLES
    ]
    out.append(Section("Runs compared", "\n\n".join(listing), tables=summary))
    for name, path in figures.items():
        title = figure_title(name)
        out.append(Section(title, figures=[figure_from_file(path, title, _caption(name))]))
    for sweep in sweeps:
        out.append(
            Section(
                f"Sweep {sweep.name}",
                f"Mean over replications per job, main outcomes; the full table, "
                f"with confidence intervals, every column and every replication, is "
                f"{sweep.path}/sweep.csv.",
                tables=[
                    Table(f"Sweep {sweep.name}: job means", sweep_means(sweep), max_rows=TABLE_ROWS)
                ],
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
