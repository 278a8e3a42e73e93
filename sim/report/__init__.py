"""Self-contained, offline HTML reports (inline CSS, figures as data URIs, no external loads)."""

from sim.report.html import (
    Figure,
    Section,
    Table,
    build_report,
    figure_from_file,
    load_sources,
    render_report,
)

__all__ = [
    "Figure",
    "Section",
    "Table",
    "build_report",
    "figure_from_file",
    "load_sources",
    "render_report",
]
