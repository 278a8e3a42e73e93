"""Drawing conventions shared by the comparison figures (on top of :mod:`sim.plots.run_figures`).

Figures are plain :class:`matplotlib.figure.Figure` objects with an Agg canvas (made by
:mod:`sim.plots.run_figures`: no pyplot), a bold title and a small grey source note at the
bottom that names every run directory (or sweep directory) drawn and its number of
replications. Each run or series gets one colour of :data:`RUN_COLORS` (Okabe–Ito first).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine, TightLayoutEngine

from sim.plots.run_figures import (
    COLORS,
    NOTE_HEIGHT_IN,
    STATS_NOTE,
    band_handle,
    ci_handle,
    new_figure,
    plain_numbers,
    replications_text,
)

__all__ = ["band_handle", "ci_handle", "new_figure"]  # shared with a run's figures, re-exported
from sim.results.stats import mean_ci

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.typing import ColorType

    from sim.compare.load import RunData

# Okabe–Ito (as sim.plots.run_figures.COLORS), then sky blue, black and yellow; tab10 beyond.
RUN_COLORS = (
    COLORS["attempted"],
    COLORS["seized"],
    COLORS["delivered"],
    COLORS["wait_p95"],
    COLORS["seized_origin"],
    "#56B4E9",
    "#000000",
    "#F0E442",
)
NOTE_LINE_IN = 0.115  # height of one line of the 7 pt source note


def run_color(i: int) -> ColorType:
    """Colour of the ``i``-th run or series."""
    if i < len(RUN_COLORS):
        return RUN_COLORS[i]
    palette = matplotlib.color_sequences["tab10"]  # the colours of the tab10 colormap
    return palette[(i - len(RUN_COLORS)) % len(palette)]


def runs_note(runs: Sequence[RunData], extra: str = "") -> str:
    """Source note naming each run (name, directory, replications) and the statistics used."""
    parts = [f"{r.name} = {r.path} ({replications_text(r.n_replications)})" for r in runs]
    note = "portsim-compare — " + "; ".join(parts)
    if any(r.n_replications > 1 for r in runs):
        note += f" · {STATS_NOTE}"
    return f"{note}\n{extra}" if extra else note


def finish(fig: Figure, title: str, note: str) -> Figure:
    """Add the bold title and the wrapped source note; keep room for the note under the axes.

    Tick labels of large values are written in full (:func:`plain_numbers`).
    """
    plain_numbers(fig)
    width, height = fig.get_size_inches()
    chars = max(60, int(width * 15))
    lines = [
        wrapped
        for paragraph in note.splitlines()
        for wrapped in (textwrap.wrap(paragraph, chars, break_on_hyphens=False) or [""])
    ]
    bottom = max(NOTE_HEIGHT_IN, 0.08 + NOTE_LINE_IN * len(lines)) / height
    engine = fig.get_layout_engine()
    if isinstance(engine, (ConstrainedLayoutEngine, TightLayoutEngine)):  # the engines with a rect
        engine.set(rect=(0, bottom, 1, 1 - bottom))
    fig.suptitle(title, fontsize=13, fontweight="bold")
    fig.text(0.01, 0.01, "\n".join(lines), fontsize=7, color="0.35", va="bottom")
    return fig


def stats_of(values: pd.Series | np.ndarray) -> tuple[float, float, float]:
    """:func:`mean_ci` (95 %) of replication values."""
    return mean_ci(np.asarray(values, dtype=float))


def xy_err(stats: Sequence[tuple[float, float, float]]) -> np.ndarray:
    """Asymmetric error array (2 × n) from ``(mean, lower, upper)`` triples (NaN → 0)."""
    arr = np.array([[m - lo, hi - m] for m, lo, hi in stats], dtype=float).reshape(-1, 2).T
    return np.nan_to_num(arr, nan=0.0)


def no_data(ax: Axes, text: str) -> None:
    """An empty panel that says why it is empty."""
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes, fontsize=9, wrap=True)
    ax.set_xticks([])
    ax.set_yticks([])
