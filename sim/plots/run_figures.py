"""Figures of a run, drawn from its result tables only (columns: :mod:`sim.results.schema`).

Plotting never imports the engine and never reruns the model: every figure is a function of a
:class:`~sim.results.run_tables.ResultTables` (in memory, or read back from the CSV files).

Statistics. A run has several replications; every figure shows, per port (and per period), the
mean over replications with a 95 % confidence interval from the Student t distribution on the
replication values (:func:`mean_ci`). With a single replication the value is drawn without an
interval and the source note of the figure says "1 replication, no CI".

Drawing. Figures are plain :class:`matplotlib.figure.Figure` objects with an Agg canvas attached:
no pyplot, no global figure registry and no backend switch, so the module is safe in worker
processes, in tests and next to other code that uses pyplot.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

import matplotlib
import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FixedLocator, Locator, ScalarFormatter, StrMethodFormatter

from sim.results.io import atomic_write
from sim.results.stats import mean_ci

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.typing import LegendLocType

    from sim.results.run_tables import ResultTables  # that module imports the engine: types only

# Okabe–Ito colours (distinguishable with the common colour-vision deficiencies).
COLORS = {
    "attempted": "#0072B2",
    "seized": "#D55E00",
    "seized_origin": "#E69F00",
    "delivered": "#009E73",
    "in_transit": "#999999",
    "wait_p95": "#CC79A7",
}
TOP_PORTS = 6  # lines in flows_over_time; the other ports are summed
MAX_PERIOD_TICKS = 14  # flows_over_time labels every period start up to this many periods
NOTE_HEIGHT_IN = 0.42  # space kept at the bottom of every figure for the source note
PORT_NAMES = {"queue_check": "Queue check"}  # display names that are not the title-cased key
STATS_NOTE = "mean over replications, 95 % CI (Student t)"  # source notes, several replications


class ErrorKw(TypedDict):
    """Style of the error bars: ``error_kw`` of ``Axes.bar``, or ``**`` into ``Axes.errorbar``."""

    elinewidth: float
    ecolor: str


ERROR_KW: ErrorKw = {"elinewidth": 0.9, "ecolor": "0.15"}  # error bars of the bar charts


# ------------------------------------------------------------------ summaries


def summarise(
    frame: pd.DataFrame, by: str | list[str], column: str, level: float = 0.95
) -> pd.DataFrame:
    """:func:`mean_ci` of ``column`` over the rows (replications) of each group.

    Parameters
    ----------
    frame : pandas.DataFrame
        Rows are replications (one row per replication and group).
    by : str or list of str
        Grouping column(s), e.g. ``"port"`` or ``["port", "period"]``.
    column : str
        Value column.
    level : float, default 0.95
        Confidence level.

    Returns
    -------
    pandas.DataFrame
        Columns ``mean``, ``lower``, ``upper`` indexed by the group key(s).
    """
    keys, stats = [], []
    for key, group in frame.groupby(by, sort=False):
        keys.append(key)
        stats.append(mean_ci(group[column].to_numpy(dtype=float), level))
    index: pd.Index | None
    if isinstance(by, list):  # the group keys are tuples
        tuples = [key if isinstance(key, tuple) else (key,) for key in keys]
        index = pd.MultiIndex.from_tuples(tuples, names=by) if tuples else None
    else:
        index = pd.Index(keys, name=by)
    return pd.DataFrame(stats, index=index, columns=["mean", "lower", "upper"], dtype=float)


# ------------------------------------------------------------------ table facts


def port_label(key: str) -> str:
    """Display name of a port key: ``"le_havre"`` → ``"Le Havre"``."""
    return PORT_NAMES.get(key, " ".join(w.capitalize() for w in str(key).split("_")))


def scenario_name(tables: ResultTables) -> str:
    """Scenario name recorded in the tables (``"?"`` if none)."""
    for frame in (tables.replications, tables.ports, tables.timeseries):
        if len(frame):
            return str(frame["scenario"].iloc[0])
    return "?"


def n_replications(tables: ResultTables) -> int:
    """Number of replications in the tables."""
    frame = tables.replications if len(tables.replications) else tables.ports
    return int(frame["replication"].nunique())


def start_date(tables: ResultTables) -> str:
    """``run.start_date``: the first ``period_start`` of the time series (ISO date)."""
    if not len(tables.timeseries):
        return "unknown"
    return pd.to_datetime(tables.timeseries["period_start"]).min().date().isoformat()


def replications_text(n: int) -> str:
    """``"1 replication, no CI"`` or ``"5 replications"`` (source notes)."""
    return "1 replication, no CI" if n == 1 else f"{n} replications"


def source_note(tables: ResultTables, extra: str = "") -> str:
    """The small source line printed at the bottom of every figure."""
    n = n_replications(tables)
    stats = replications_text(n)
    note = (
        f"portsim — scenario {scenario_name(tables)}, {stats}, run.start_date {start_date(tables)}"
    )
    if n > 1:
        note += f" · {STATS_NOTE}"
    return f"{note}\n{extra}" if extra else note


def port_order(tables: ResultTables) -> list[str]:
    """Ports by mean attempted kg, descending (ties: containers arrived, then key)."""
    means = tables.ports.groupby("port")[["kg_attempted", "containers_arrived"]].mean()
    means["key"] = means.index
    means = means.sort_values(
        ["kg_attempted", "containers_arrived", "key"], ascending=[False, False, True]
    )
    return [str(p) for p in means.index]


# ------------------------------------------------------------------ drawing helpers


def new_figure(width: float, height: float) -> Figure:
    """A figure with an Agg canvas, constrained layout, and room for the note at the bottom."""
    bottom = NOTE_HEIGHT_IN / height
    fig = Figure(
        figsize=(width, height), layout=ConstrainedLayoutEngine(rect=(0, bottom, 1, 1 - bottom))
    )
    FigureCanvasAgg(fig)
    return fig


def plain_numbers(fig: Figure) -> None:
    """Write large tick values in full with thousands separators (1,300,000, not 1.3 × 1e6).

    Matplotlib's default moves a common factor or offset of large values (container-hours,
    euros) to a corner label that readers miss; an axis whose values reach 10,000 gets whole
    numbers with separators instead. Smaller values keep the default labels, without offset.
    """
    for ax in fig.axes:
        for axis, limits in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
            formatter = axis.get_major_formatter()
            if not isinstance(formatter, ScalarFormatter):
                continue
            if max(abs(limits[0]), abs(limits[1])) >= 10_000:
                axis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
            else:
                formatter.set_useOffset(False)


def finish(fig: Figure, title: str, tables: ResultTables, extra: str = "") -> Figure:
    """Add the title and the source note; write large tick values in full."""
    plain_numbers(fig)
    fig.suptitle(title, fontsize=13, fontweight="bold")
    fig.text(0.01, 0.01, source_note(tables, extra), fontsize=7, color="0.35", va="bottom")
    return fig


def yerr(summary: pd.DataFrame, with_ci: bool) -> np.ndarray | None:
    """Asymmetric error-bar array (2 × n) from a :func:`summarise` frame, or None without CI."""
    if not with_ci:
        return None
    err = np.vstack(
        [summary["mean"] - summary["lower"], summary["upper"] - summary["mean"]]
    ).astype(float)
    return np.nan_to_num(err, nan=0.0)


def ci_handle() -> Line2D:
    """Legend proxy for the CI error bars."""
    return Line2D(
        [], [], color="0.15", marker="|", markersize=12, linestyle="none", label="95 % CI"
    )


def band_handle() -> Patch:
    """Legend proxy for a shaded 95 % CI band."""
    return Patch(color="0.45", alpha=0.25, linewidth=0, label="95 % CI band")


def port_axis(ax: Axes, ports: Sequence[str]) -> None:
    """Categorical port axis with display names."""
    ax.set_xticks(np.arange(len(ports)))
    rotate = len(ports) > 5
    ax.set_xticklabels(
        [port_label(p) for p in ports],
        rotation=30 if rotate else 0,
        ha="right" if rotate else "center",
    )
    ax.set_xlabel("port of discharge")
    ax.set_xlim(-0.6, len(ports) - 0.4)


def legend(
    ax: Axes,
    with_ci: bool,
    *,
    loc: LegendLocType,
    bbox_to_anchor: tuple[float, float] | None = None,
) -> None:
    """Legend of the labelled artists, plus the CI proxy when intervals are drawn."""
    handles, labels = ax.get_legend_handles_labels()
    if with_ci:
        handles.append(ci_handle())
        labels.append("95 % CI")
    ax.legend(handles, labels, fontsize=8, loc=loc, bbox_to_anchor=bbox_to_anchor)


# ------------------------------------------------------------------ figure 1


FIG1_SERIES = (
    ("kg_attempted", "attempted", COLORS["attempted"]),
    ("kg_seized", "seized at the port", COLORS["seized"]),
    ("kg_delivered", "delivered (incl. extracted)", COLORS["delivered"]),
)


def seized_vs_attempted_by_port(tables: ResultTables) -> Figure:
    """Grouped bars per port: tonnes attempted, seized at the port and delivered (mean, 95 % CI).

    Parameters
    ----------
    tables : ResultTables
        Result tables of a run (uses ``ports``).

    Returns
    -------
    matplotlib.figure.Figure
        Ports sorted by attempted kg, descending. The bars of each series are a ``BarContainer``
        labelled as in :data:`FIG1_SERIES`.
    """
    ports, order = tables.ports, port_order(tables)
    with_ci = n_replications(tables) > 1
    fig = new_figure(10, 5.5)
    ax = fig.add_subplot()
    x, width = np.arange(len(order)), 0.8 / len(FIG1_SERIES)
    for i, (column, label, color) in enumerate(FIG1_SERIES):
        tonnes = summarise(ports, "port", column).reindex(order) / 1000.0
        offset = (i - (len(FIG1_SERIES) - 1) / 2) * width
        ax.bar(
            x + offset,
            tonnes["mean"],
            width,
            yerr=yerr(tonnes, with_ci),
            label=label,
            color=color,
            capsize=2.5,
            error_kw=ERROR_KW,
        )
    port_axis(ax, order)
    ax.set_ylabel("cocaine (t)")
    ax.set_ylim(bottom=0)
    ax.grid(axis="y", alpha=0.3)
    ax.set_axisbelow(True)
    legend(ax, with_ci, loc="upper right")
    extra = (
        "Shipments in play during the window, by port of discharge; "
        "seizures at origin and kg still in transit make up the rest of the attempted tonnes."
    )
    return finish(fig, "Cocaine attempted, seized and delivered by port", tables, extra)


# ------------------------------------------------------------------ figure 2


def scanner_load_by_port(tables: ResultTables) -> Figure:
    """Two panels per port: scanner utilisation (%) and wait for a scanner (mean h, p95 marker).

    Parameters
    ----------
    tables : ResultTables
        Result tables of a run (uses ``ports``; works with the single ``queue_check`` port).

    Returns
    -------
    matplotlib.figure.Figure
        Top panel: mean utilisation with 95 % CI; bottom panel: mean wait with 95 % CI bars and
        the 95th percentile of the wait (mean over replications, with its CI) as a marker.
    """
    ports, order = tables.ports, port_order(tables)
    with_ci = n_replications(tables) > 1
    fig = new_figure(10, 7.5)
    ax_u, ax_w = fig.subplots(2, 1, sharex=True)
    x = np.arange(len(order))
    width = 0.6 if len(order) > 1 else 0.4

    util = summarise(ports, "port", "scanner_utilization").reindex(order) * 100.0
    ax_u.bar(
        x,
        util["mean"],
        width,
        yerr=yerr(util, with_ci),
        color=COLORS["attempted"],
        capsize=3,
        error_kw=ERROR_KW,
        label="scanner utilisation",
    )
    top = np.nanmax(np.append(util["upper"].to_numpy(), 100.0))
    ax_u.set_ylim(0, top * 1.08)
    ax_u.axhline(100, color="0.5", linewidth=0.8, linestyle=":")
    ax_u.set_ylabel("scanner utilisation (%)")
    ax_u.set_title("Busy scanner-hours / open scanner-hours", fontsize=10, loc="left")
    legend(ax_u, with_ci, loc="upper left", bbox_to_anchor=(1.01, 1.0))

    wait = summarise(ports, "port", "scan_wait_mean_h").reindex(order)
    p95 = summarise(ports, "port", "scan_wait_p95_h").reindex(order)
    ax_w.bar(
        x,
        wait["mean"],
        width,
        yerr=yerr(wait, with_ci),
        color=COLORS["in_transit"],
        capsize=3,
        error_kw=ERROR_KW,
        label="mean wait",
    )
    ax_w.errorbar(
        x + width / 4,  # beside the CI of the mean wait
        p95["mean"],
        yerr=yerr(p95, with_ci),
        fmt="D",
        color=COLORS["wait_p95"],
        ecolor=COLORS["wait_p95"],
        capsize=3,
        markersize=6,
        label="95th percentile of wait",
    )
    ax_w.set_ylim(bottom=0)
    ax_w.set_ylabel("wait for a scanner (h)")
    ax_w.set_title("Wait of the containers selected for a scan", fontsize=10, loc="left")
    legend(ax_w, with_ci, loc="upper left", bbox_to_anchor=(1.01, 1.0))

    for ax in (ax_u, ax_w):
        ax.grid(axis="y", alpha=0.3)
        ax.set_axisbelow(True)
    port_axis(ax_w, order)
    ax_u.set_xlabel("")
    ax_u.tick_params(labelbottom=False)
    ax_u.xaxis.label.set_visible(False)
    return finish(fig, "Scanner load by port", tables)


# ------------------------------------------------------------------ figure 3


def period_unit(starts: pd.Series) -> str:
    """``"t per month"`` etc., from the spacing of the period starts."""
    days = pd.Series(np.sort(starts.unique())).diff().dt.days.median()
    if pd.isna(days):
        return "t per period"
    for word, (lo, hi) in {"week": (7, 7), "month": (28, 31), "quarter": (89, 92)}.items():
        if lo <= days <= hi:
            return f"t per {word}"
    return f"t per {days:.0f}-day period"


def date_axis(ax: Axes, periods: pd.Series) -> None:
    """Date ticks: one per period start when there are few periods, automatic otherwise."""
    starts = np.sort(periods.unique())
    locator: Locator
    if len(starts) <= MAX_PERIOD_TICKS:
        locator = FixedLocator(mdates.date2num(starts))
    else:
        locator = mdates.AutoDateLocator(maxticks=MAX_PERIOD_TICKS)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def port_totals(timeseries: pd.DataFrame) -> pd.Series:
    """Each port's kg attempted over the whole series: mean over replications (index ``port``)."""
    per_rep = timeseries.groupby(["port", "replication"])["kg_attempted"].sum()
    return per_rep.groupby("port").mean()


def group_flows(timeseries: pd.DataFrame, ports: Sequence[str]) -> pd.DataFrame:
    """kg attempted per (``group``, ``replication``, ``period``) of a ``timeseries`` table.

    The ``ports`` are groups of their own; the other ports are summed as ``"other ports"``.
    ``period`` is ``period_start`` as a timestamp.
    """
    ts = timeseries[["replication", "port", "period_start", "kg_attempted"]].copy()
    ts["period"] = pd.to_datetime(ts["period_start"])
    ts["group"] = ts["port"].where(ts["port"].isin(list(ports)), "other ports")
    return ts.groupby(["group", "replication", "period"], as_index=False)[["kg_attempted"]].sum()


def _flows_by_group(tables: ResultTables) -> tuple[pd.DataFrame, list[str]]:
    """kg attempted per (group, replication, period): top ports, the rest as ``other ports``."""
    totals = port_totals(tables.timeseries)
    ranked = totals.sort_values(ascending=False, kind="stable").index.tolist()
    top = ranked if len(ranked) <= TOP_PORTS else ranked[:TOP_PORTS]
    groups = [*top, "other ports"] if len(top) < len(ranked) else top
    return group_flows(tables.timeseries, top), groups


def flows_over_time(tables: ResultTables) -> Figure:
    """Lines of tonnes shipped towards each port per period, with a shaded 95 % band.

    Parameters
    ----------
    tables : ResultTables
        Result tables of a run (uses ``timeseries``; kg dated by departure from the origin).

    Returns
    -------
    matplotlib.figure.Figure
        One line per port for the largest ports (up to six), the others summed as
        "other ports"; mean over replications per period with the 95 % CI as a band.
    """
    flows, groups = _flows_by_group(tables)
    with_ci = n_replications(tables) > 1
    fig = new_figure(10, 5.5)
    ax = fig.add_subplot()
    stats = summarise(flows, ["group", "period"], "kg_attempted") / 1000.0
    palette = matplotlib.color_sequences["tab10"]  # the colours of the tab10 colormap
    for i, group in enumerate(groups):
        s = stats.xs(group, level="group").sort_index()
        dates = s.index.to_numpy(dtype="datetime64[ns]")
        other = group == "other ports"
        color = "0.45" if other else palette[i % len(palette)]
        ax.plot(
            dates,
            s["mean"],
            color=color,
            marker="o",
            markersize=3.5,
            linewidth=1.6,
            linestyle="--" if other else "-",
            label=port_label(group) if not other else group,
        )
        if with_ci:
            ax.fill_between(dates, s["lower"], s["upper"], color=color, alpha=0.12, linewidth=0)
    date_axis(ax, flows["period"])
    ax.set_xlabel("period of departure from the origin (date)")
    ax.set_ylabel(f"cocaine shipped ({period_unit(flows['period'])})")
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    handles, labels = ax.get_legend_handles_labels()
    if with_ci:
        handles.append(band_handle())
        labels.append("95 % CI band")
    ax.legend(handles, labels, fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    extra = "Kg bound for each port, dated by departure from the origin."
    return finish(fig, "Cocaine shipped towards each port over time", tables, extra)


# ------------------------------------------------------------------ figure 4


def outcome_shares(ports: pd.DataFrame) -> pd.DataFrame:
    """Per (replication, port) shares of attempted kg by outcome (rows with no kg dropped).

    ``seized`` is at the port, ``seized_origin`` before departure (liaison checks);
    ``delivered`` excludes ``extracted``.
    """
    kg = ports[["replication", "port"]].copy()
    attempted = ports["kg_attempted"].astype(float)
    parts = {
        "seized": ports["kg_seized"],
        "seized_origin": ports["kg_seized_origin"],
        "delivered": ports["kg_delivered"] - ports["kg_extracted"],
        "extracted": ports["kg_extracted"],
        "in_transit": ports["kg_in_transit"],
    }
    for name, values in parts.items():
        kg[name] = values.astype(float) / attempted.where(attempted > 0)
    return kg[attempted > 0].reset_index(drop=True)


FIG4_SEGMENTS = (
    ("seized", "seized at the port", COLORS["seized"], None),
    ("seized_origin", "seized at origin", COLORS["seized_origin"], None),
    ("delivered", "delivered, not extracted", COLORS["delivered"], None),
    ("extracted", "delivered: extracted by insiders", COLORS["delivered"], "///"),
    ("in_transit", "in transit at the end", COLORS["in_transit"], None),
)


def outcomes_share(tables: ResultTables) -> Figure:
    """Stacked bars per port: shares of attempted kg seized / delivered / in transit.

    Parameters
    ----------
    tables : ResultTables
        Result tables of a run (uses ``ports``).

    Returns
    -------
    matplotlib.figure.Figure
        Segments are means over replications of the per-replication shares (they add up to 100 %);
        error bars give the 95 % CI of the cumulative share at the seized / delivered boundaries.
        The "seized at origin" segment is drawn only when some kg were seized at origin.
    """
    shares, order = outcome_shares(tables.ports), port_order(tables)
    with_ci = n_replications(tables) > 1
    fig = new_figure(10, 5.5)
    ax = fig.add_subplot()
    x = np.arange(len(order))
    segments = [s for s in FIG4_SEGMENTS if s[0] != "seized_origin" or shares[s[0]].gt(0).any()]
    cumulative = pd.Series(0.0, index=shares.index)
    bottom = np.zeros(len(order))
    for name, label, color, hatch in segments:
        mean = summarise(shares, "port", name).reindex(order)["mean"].to_numpy() * 100.0
        ax.bar(
            x,
            mean,
            0.6,
            bottom=bottom,
            color=color,
            hatch=hatch,
            label=label,
            edgecolor="white",
            linewidth=0.6,
            alpha=0.75 if hatch else 1.0,
        )
        bottom = bottom + np.nan_to_num(mean)
        cumulative = cumulative + shares[name]
        if with_ci and name in ("seized", "extracted"):
            frame = shares[["port"]].assign(cum=cumulative * 100.0)
            ci = summarise(frame, "port", "cum").reindex(order)
            ax.errorbar(
                x,
                ci["mean"],
                yerr=yerr(ci, True),
                fmt="none",
                capsize=3,
                **ERROR_KW,
            )
    for i in np.flatnonzero(bottom == 0):
        ax.text(x[i], 2, "no kg in play", ha="center", va="bottom", fontsize=7, rotation=90)
    port_axis(ax, order)
    ax.set_ylim(0, 100)
    ax.set_ylabel("share of attempted kg (%)")
    legend(ax, with_ci, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    extra = (
        "Error bars: 95 % CI of the share seized at the port and of the share with an outcome "
        "(top of the delivered segments)."
    )
    return finish(
        fig, "Outcome of the cocaine bound for each port", tables, extra if with_ci else ""
    )


# ------------------------------------------------------------------ writing


FIGURES: dict[str, Callable[[ResultTables], Figure]] = {
    "seized_vs_attempted_by_port": seized_vs_attempted_by_port,
    "scanner_load_by_port": scanner_load_by_port,
    "flows_over_time": flows_over_time,
    "outcomes_share": outcomes_share,
}
SCANNER_ONLY = ("scanner_load_by_port",)  # when there are no shipments (queue_check scenario)


def _save_atomic(fig: Figure, path: Path, fmt: str) -> None:
    """Save ``fig`` atomically (temporary file next to ``path``, then rename)."""
    metadata = {"Date": None} if fmt in ("svg", "pdf") else None  # reproducible files

    def save(tmp: Path) -> None:
        with matplotlib.rc_context({"svg.hashsalt": "portsim"}):
            fig.savefig(tmp, format=fmt, dpi=150, metadata=metadata)

    atomic_write(path, save)


def clean_formats(formats: Sequence[str]) -> list[str]:
    """Matplotlib format names from user input: lower case, without a leading dot."""
    return [f.lower().lstrip(".") for f in formats]


def save_figure(fig: Figure, out_dir: Path, name: str, formats: Sequence[str]) -> list[Path]:
    """Write ``fig`` as ``out_dir/<name>.<fmt>`` in each format, then clear it.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The drawn figure; cleared afterwards (also on error): there is no pyplot registry to
        close, clearing releases the artists.
    out_dir : pathlib.Path
        Output folder (created if needed).
    name : str
        File stem.
    formats : sequence of str
        Matplotlib format names, already cleaned (:func:`clean_formats`).

    Returns
    -------
    list of pathlib.Path
        The files, in the order of ``formats``; each written atomically (temporary file in
        ``out_dir``, then :func:`os.replace`).
    """
    paths = []
    try:
        for fmt in formats:
            path = Path(out_dir) / f"{name}.{fmt}"
            _save_atomic(fig, path, fmt)
            paths.append(path)
    finally:
        fig.clear()
    return paths


def make_figures(
    tables: ResultTables, out_dir: Path, formats: Sequence[str] = ("png", "svg")
) -> list[Path]:
    """Draw the figures of a run and write them as ``out_dir/<name>.<fmt>``.

    Parameters
    ----------
    tables : ResultTables
        Result tables of the run.
    out_dir : pathlib.Path
        Output folder, created if needed.
    formats : sequence of str, default ("png", "svg")
        File formats (matplotlib format names).

    Returns
    -------
    list of pathlib.Path
        Written files, figure by figure. Every file is written atomically (temporary file in
        ``out_dir``, then :func:`os.replace`). With an empty shipments table (``queue_check``
        scenario) only ``scanner_load_by_port`` is drawn.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    formats = clean_formats(formats)
    names = SCANNER_ONLY if len(tables.shipments) == 0 else tuple(FIGURES)
    paths = []
    for name in names:
        paths += save_figure(FIGURES[name](tables), out_dir, name, formats)
    return paths
