"""A self-contained, offline HTML report: one file, inline CSS, figures embedded as data URIs.

The page loads nothing from outside: no fonts, no stylesheets, no scripts, no images other than
the ``data:image/png;base64`` figures written into it. A ``Content-Security-Policy`` meta tag
enforces this in the browser (only inline styles and ``data:`` images are allowed; the one tiny
inline script only opens the collapsed code blocks before printing, and the page renders fully
without it). Links to the data sources are ordinary ``<a href>`` links that the reader may follow.

All text that comes from the caller (titles, captions, table cells, code, source metadata) is
escaped with :func:`html.escape`; the caller never writes HTML.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import importlib.metadata
import math
import numbers
import re
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from sim.results.io import atomic_write

__all__ = [
    "Figure",
    "Section",
    "Table",
    "build_report",
    "figure_from_file",
    "load_sources",
    "render_report",
]

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

_SOURCES_INTRO = "The published sources behind the evidence tables the model is calibrated on."
_SAFE_URL = re.compile(r"https?://\S+", re.IGNORECASE)
_SLUG_DROP = re.compile(r"[^a-z0-9]+")

# Only inline styles, data: images and the inline print helper below; nothing from the network.
_CSP = (
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
    "script-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
)

_CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
html { font-size: 16px; }
body {
  margin: 0 auto; max-width: 60rem; padding: 1.5rem 1.25rem 3rem;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  line-height: 1.5; color: #1a1a1a; background: #fff;
}
header.report-header { border-bottom: 2px solid #1f3b5a; margin-bottom: 1.5rem; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 0.5rem 0 0.25rem; color: #1f3b5a; }
p.subtitle { font-size: 1.15rem; color: #444; margin: 0 0 1rem; }
h2 {
  font-size: 1.4rem; margin: 2.5rem 0 0.75rem; padding-bottom: 0.2rem;
  border-bottom: 1px solid #ccd5df; color: #1f3b5a;
}
p { margin: 0 0 0.9rem; }
a { color: #1a5599; }
nav.toc {
  background: #f4f6f9; border: 1px solid #dde3ea; border-radius: 4px;
  padding: 0.75rem 1.25rem; margin-bottom: 1.5rem;
}
nav.toc h2 { font-size: 1.05rem; margin: 0 0 0.4rem; border: 0; padding: 0; }
nav.toc ol { margin: 0; padding-left: 1.4rem; }
nav.toc li { margin: 0.1rem 0; }
figure { margin: 1.25rem 0 1.75rem; }
figure img {
  display: block; max-width: 100%; height: auto; margin: 0 auto;
  border: 1px solid #e3e7ec;
}
figcaption, table caption { font-size: 0.92rem; color: #333; text-align: left; }
figcaption { margin-top: 0.4rem; }
.label { font-weight: 600; color: #1f3b5a; }
.table-wrap {
  max-width: 100%; max-height: 75vh; overflow: auto; margin: 1.25rem 0 1.75rem;
  border: 1px solid #dde3ea;
}
table { border-collapse: collapse; width: 100%; font-size: 0.88rem; }
table caption { caption-side: top; padding: 0.5rem 0.6rem; background: #fff; }
th, td { padding: 0.3rem 0.45rem; border-bottom: 1px solid #e6e9ee; vertical-align: top; }
thead th {
  position: sticky; top: 0; z-index: 1; background: #e9eef4; text-align: left;
  border-bottom: 2px solid #b8c4d2; hyphens: manual;
}
tbody tr:nth-child(even) { background: #f8f9fb; }
th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
td.na { color: #888; }
.sources td { overflow-wrap: anywhere; }
.sources td.source-id { font-size: 0.8rem; color: #555; min-width: 11rem; }
.source-meta { font-size: 0.82rem; color: #555; }
p.table-note { font-size: 0.85rem; color: #555; margin: 0.3rem 0.6rem 0.6rem; }
details { margin: 1rem 0; border: 1px solid #dde3ea; border-radius: 4px; }
details > summary { cursor: pointer; padding: 0.4rem 0.75rem; background: #f4f6f9; }
pre {
  margin: 0; padding: 0.75rem; overflow-x: auto; font-size: 0.82rem; line-height: 1.4;
  font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace;
  white-space: pre;
}
footer.report-footer {
  margin-top: 3rem; padding-top: 0.6rem; border-top: 1px solid #ccd5df;
  font-size: 0.85rem; color: #555;
}
@media print {
  @page { size: A4; margin: 20mm 18mm 20mm 18mm; }
  html { font-size: 11pt; }
  body { max-width: none; padding: 0; }
  a { color: inherit; }
  nav.toc { background: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  figure, caption { break-inside: avoid; page-break-inside: avoid; }
  figure img { max-height: 220mm; }
  .table-wrap { max-height: none; overflow: visible; border: 0; }
  thead { display: table-header-group; }
  thead th { position: static; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  pre { white-space: pre-wrap; overflow-wrap: anywhere; }
  a.source-link::after { content: " <" attr(href) ">"; font-size: 0.8em; color: #555; }
}
"""

# Opens the collapsed code blocks before printing; the page needs no script to render.
_PRINT_SCRIPT = (
    "window.addEventListener('beforeprint',function(){"
    "document.querySelectorAll('details').forEach(function(d){d.open=true;});});"
)


# --------------------------------------------------------------------------------------------
# Content model
# --------------------------------------------------------------------------------------------


@dataclass
class Figure:
    """A PNG figure embedded in the report.

    Parameters
    ----------
    title : str
        Short title; also the image's ``alt`` text.
    png : bytes
        The PNG file's bytes (checked for the PNG signature).
    caption : str
        Caption shown under the figure (plain text).
    """

    title: str
    png: bytes
    caption: str

    def __post_init__(self) -> None:
        if not isinstance(self.png, bytes | bytearray) or not bytes(self.png).startswith(
            PNG_SIGNATURE
        ):
            raise ValueError(f"figure {self.title!r}: png is not PNG data")


@dataclass
class Table:
    """A table rendered as an HTML ``<table>``.

    Parameters
    ----------
    title : str
        Title, shown in the table's ``<caption>``.
    frame : pandas.DataFrame
        The data. A named index, a MultiIndex or an index of labels is shown as leading
        column(s); an unnamed integer index (row numbers, also after filtering) is not.
    caption : str, optional
        Further text shown in the caption after the title.
    max_rows : int, optional
        At most this many rows are shown; a note says how many were left out.
    float_format : str, optional
        :meth:`str.format` pattern for floating-point cells, or ``"auto"`` (the default): whole
        numbers with thousands separators from 1,000 up, one decimal from 10, two from 1, three
        significant digits below (never scientific notation for ordinary magnitudes). Integer
        cells use ``"{:,}"``; columns whose name contains ``year`` are printed without thousands
        separators.
    column_formats : dict of str to str, optional
        Per-column :meth:`str.format` patterns that override the above.
    """

    title: str
    frame: pd.DataFrame
    caption: str = ""
    max_rows: int = 200
    float_format: str = "auto"
    column_formats: dict[str, str] = field(default_factory=dict)


@dataclass
class Section:
    """One numbered section of the report.

    Parameters
    ----------
    heading : str
        Section heading (also listed in the table of contents).
    text : str, optional
        Plain text; blank lines separate paragraphs.
    figures : list of Figure, optional
        Figures, shown after the text.
    tables : list of Table, optional
        Tables, shown after the figures.
    code : list of tuple of (str, str), optional
        Collapsed code blocks ``(title, text)``, e.g. a resolved YAML configuration.
    """

    heading: str
    text: str = ""
    figures: list[Figure] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    code: list[tuple[str, str]] = field(default_factory=list)


# --------------------------------------------------------------------------------------------
# Public functions
# --------------------------------------------------------------------------------------------


def figure_from_file(path: Path, title: str, caption: str = "") -> Figure:
    """Read a PNG file into a :class:`Figure`.

    Parameters
    ----------
    path : pathlib.Path
        The PNG file.
    title : str
        Figure title (and ``alt`` text).
    caption : str, optional
        Caption under the figure.

    Returns
    -------
    Figure
        The figure with the file's bytes.

    Raises
    ------
    ValueError
        If the file is not a PNG.
    """
    return Figure(title=title, png=Path(path).read_bytes(), caption=caption)


def load_sources(seeds_dir: Path | None = None) -> pd.DataFrame:
    """The validated source list (``seeds/sources.csv``).

    Parameters
    ----------
    seeds_dir : pathlib.Path or None, optional
        Folder holding the evidence CSV files; defaults to the repository's ``seeds/``.

    Returns
    -------
    pandas.DataFrame
        Columns ``source_id, publisher, title, url, published, confidence, note``.
    """
    from sim.evidence.loader import load_evidence

    return load_evidence(seeds_dir).sources


def render_report(
    title: str,
    subtitle: str,
    sections: list[Section],
    sources: pd.DataFrame | None = None,
) -> str:
    """Render the report as one complete, self-contained HTML5 document.

    Parameters
    ----------
    title : str
        Report title (``<title>`` and ``<h1>``).
    subtitle : str
        Line under the title (e.g. scenario and date range); may be empty.
    sections : list of Section
        The sections, numbered in order; each gets an anchor listed in the table of contents.
    sources : pandas.DataFrame or None, optional
        Source list (e.g. :func:`load_sources`) rendered in a final "Data sources" section, with
        ``url`` cells as links. Omitted when ``None``.

    Returns
    -------
    str
        The HTML document.
    """
    ids = _unique_ids(f"section-{i}-{_slug(s.heading)}" for i, s in enumerate(sections, 1))
    counters = {"figure": 0, "table": 0}
    body_sections = [
        _render_section(i, sid, section, counters)
        for i, (sid, section) in enumerate(zip(ids, sections, strict=True), 1)
    ]
    toc_items = [
        f'<li><a href="#{sid}">{_esc(s.heading)}</a></li>'
        for sid, s in zip(ids, sections, strict=True)
    ]
    if sources is not None:
        body_sections.append(_render_sources(sources))
        toc_items.append('<li><a href="#data-sources">Data sources</a></li>')

    version = _portsim_version()
    generated = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    toc = (
        '<nav class="toc" aria-labelledby="toc-heading">\n'
        '<h2 id="toc-heading">Contents</h2>\n<ol>\n' + "\n".join(toc_items) + "\n</ol>\n</nav>"
        if toc_items
        else ""
    )
    subtitle_html = f'<p class="subtitle">{_esc(subtitle)}</p>' if subtitle else ""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        f'<meta name="generator" content="portsim {_esc(version)}">',
        f"<title>{_esc(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        '<header class="report-header">',
        f"<h1>{_esc(title)}</h1>",
        subtitle_html,
        "</header>",
        toc,
        "<main>",
        *body_sections,
        "</main>",
        '<footer class="report-footer">',
        f"<p>Generated {_esc(generated)} by portsim {_esc(version)}.</p>",
        "</footer>",
        f"<script>{_PRINT_SCRIPT}</script>",
        "</body>",
        "</html>",
    ]
    return "\n".join(p for p in parts if p) + "\n"


def build_report(
    title: str,
    subtitle: str,
    sections: list[Section],
    out_path: Path,
    sources: pd.DataFrame | None = None,
) -> Path:
    """Render the report and write it atomically to ``out_path``.

    Parameters
    ----------
    title : str
        Report title.
    subtitle : str
        Line under the title; may be empty.
    sections : list of Section
        The report's sections.
    out_path : pathlib.Path
        Where to write the HTML file; parent folders are created. The file is written to a
        temporary file in the same folder and renamed into place.
    sources : pandas.DataFrame or None, optional
        Source list for the "Data sources" section.

    Returns
    -------
    pathlib.Path
        ``out_path``.
    """
    out_path = Path(out_path)
    document = render_report(title, subtitle, sections, sources)

    def write(tmp: Path) -> None:
        tmp.write_text(document, encoding="utf-8")

    atomic_write(out_path, write)
    return out_path


# --------------------------------------------------------------------------------------------
# Rendering helpers
# --------------------------------------------------------------------------------------------


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _slug(text: str) -> str:
    slug = _SLUG_DROP.sub("-", text.lower()).strip("-")
    return slug[:48].rstrip("-") or "section"


def _unique_ids(candidates: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for cand in candidates:
        sid, n = cand, 2
        while sid in seen:
            sid, n = f"{cand}-{n}", n + 1
        seen.add(sid)
        out.append(sid)
    return out


def _portsim_version() -> str:
    try:
        return importlib.metadata.version("portsim")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _paragraphs(text: str) -> str:
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text.strip()) if b.strip()]
    return "\n".join(f"<p>{_esc(' '.join(b.split()))}</p>" for b in blocks)


def _render_section(number: int, sid: str, section: Section, counters: dict[str, int]) -> str:
    parts = [
        f'<section id="{sid}">',
        f"<h2>{number}. {_esc(section.heading)}</h2>",
        _paragraphs(section.text) if section.text else "",
    ]
    for fig in section.figures:
        counters["figure"] += 1
        parts.append(_render_figure(counters["figure"], fig))
    for table in section.tables:
        counters["table"] += 1
        parts.append(_render_table(counters["table"], table))
    for code_title, code_text in section.code:
        parts.append(
            f"<details>\n<summary>{_esc(code_title)}</summary>\n"
            f"<pre><code>{_esc(code_text)}</code></pre>\n</details>"
        )
    parts.append("</section>")
    return "\n".join(p for p in parts if p)


def _render_figure(number: int, fig: Figure) -> str:
    data = base64.b64encode(bytes(fig.png)).decode("ascii")
    caption = f'<span class="label">Figure {number}.</span> {_esc(fig.title)}'
    if fig.caption:
        caption += f" — {_esc(fig.caption)}"
    return (
        f'<figure id="figure-{number}">\n'
        f'<img src="data:image/png;base64,{data}" alt="{_esc(fig.title)}">\n'
        f"<figcaption>{caption}</figcaption>\n</figure>"
    )


def _flat_columns(frame: pd.DataFrame) -> list[str]:
    if isinstance(frame.columns, pd.MultiIndex):
        return [" / ".join(str(level) for level in col if str(level)) for col in frame.columns]
    return [str(col) for col in frame.columns]


def _is_missing(value: object) -> bool:
    try:
        # pd.isna takes any object (pandas: ``obj: object``); pandas-stubs lists only some types
        return bool(pd.isna(value))  # type: ignore[call-overload]
    except (TypeError, ValueError):  # lists, arrays: not a scalar missing value
        return False


def _cell(value: object, pattern: str | None, float_format: str, yearish: bool) -> str:
    """Format one cell as plain text (not yet escaped)."""
    if _is_missing(value):
        return "—"
    if pattern is not None:
        try:
            return pattern.format(value)
        except (ValueError, TypeError, IndexError, KeyError):
            return str(value)
    if isinstance(value, bool | np.bool_):
        return str(bool(value))
    if isinstance(value, numbers.Integral):
        return str(int(value)) if yearish else f"{int(value):,}"
    if isinstance(value, numbers.Real):
        number = float(value)
        if yearish and math.isfinite(number) and number.is_integer():
            return str(int(number))
        if float_format == "auto":
            return readable_number(number)
        try:
            return float_format.format(number)
        except (ValueError, TypeError, IndexError, KeyError):
            return str(value)
    return str(value)


def readable_number(number: float) -> str:
    """A float as a reader expects it: 12,346 · 123.5 · 1.23 · 0.0457 (no 1.23e+04)."""
    size = abs(number)
    if not math.isfinite(number):
        return str(number)
    if size >= 1000:
        return f"{number:,.0f}"
    if size >= 10:
        return f"{number:,.1f}"
    if size >= 1 or size == 0:
        return f"{number:.2f}"
    return f"{number:.3g}"


def _is_numeric_column(series: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series)


def _render_table(number: int, table: Table) -> str:
    frame = table.frame
    index = frame.index
    if any(n is not None for n in index.names) or not pd.api.types.is_integer_dtype(index):
        frame = frame.reset_index()  # a named or labelled index carries data: show it
    total = len(frame)
    shown = frame.iloc[: max(table.max_rows, 0)]
    names = _flat_columns(shown)
    numeric = [_is_numeric_column(shown.iloc[:, j]) for j in range(shown.shape[1])]
    yearish = ["year" in name.lower() for name in names]
    patterns = [table.column_formats.get(name) for name in names]

    caption = f'<span class="label">Table {number}.</span> {_esc(table.title)}'
    if table.caption:
        caption += f" — {_esc(table.caption)}"
    head = "".join(
        f'<th scope="col" class="num">{_esc(name)}</th>'
        if num
        else f'<th scope="col">{_esc(name)}</th>'
        for name, num in zip(names, numeric, strict=True)
    )
    rows = []
    for values in shown.itertuples(index=False, name=None):
        cells = []
        for j, value in enumerate(values):
            text = _cell(value, patterns[j], table.float_format, yearish[j])
            classes = [c for c, on in (("num", numeric[j]), ("na", _is_missing(value))) if on]
            cls = f' class="{" ".join(classes)}"' if classes else ""
            cells.append(f"<td{cls}>{_esc(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    if not rows:
        rows.append(f'<tr><td colspan="{max(len(names), 1)}">No rows.</td></tr>')
    note = (
        f'<p class="table-note">Showing the first {len(shown):,} of {total:,} rows.</p>'
        if total > len(shown)
        else ""
    )
    return (
        f'<div class="table-wrap" id="table-{number}">\n<table>\n<caption>{caption}</caption>\n'
        f"<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>\n"
        f"{note}</div>"
    )


def _link(url: str, text: str) -> str:
    """An ``<a href>`` for http(s) URLs; plain escaped text otherwise (no other schemes)."""
    if _SAFE_URL.fullmatch(url):
        return (
            f'<a class="source-link" href="{_esc(url)}" rel="noopener noreferrer">{_esc(text)}</a>'
        )
    return _esc(text)


def _render_sources(sources: pd.DataFrame) -> str:
    frame = sources.reset_index(drop=True)
    frame.columns = _flat_columns(frame)
    known = ["source_id", "publisher", "title", "url", "published", "confidence", "note"]
    extra = [c for c in frame.columns if c not in known]
    has = set(frame.columns)

    def text(row: Mapping[Hashable, object], col: str) -> str:
        value = row.get(col, "")
        return "" if _is_missing(value) else str(value).strip()

    headers = []
    if "source_id" in has:
        headers.append("ID")
    headers.append("Source")
    headers += [h for h, c in (("Confidence", "confidence"), ("Note", "note")) if c in has]
    headers += extra
    rows = []
    seen: set[str] = set()
    for row in frame.to_dict(orient="records"):
        url, title = text(row, "url"), text(row, "title")
        meta = ", ".join(t for t in (text(row, "publisher"), text(row, "published")) if t)
        source = _link(url, title or url) if (title or url) else ""
        if meta:
            source += f'<br><span class="source-meta">{_esc(meta)}</span>'
        cells = []
        row_id = ""
        if "source_id" in has:
            sid = text(row, "source_id")
            anchor = f"source-{_slug(sid)}"
            if sid and anchor not in seen:
                seen.add(anchor)
                row_id = f' id="{anchor}"'
            cells.append(f'<td class="source-id">{_esc(sid)}</td>')
        cells.append(f"<td>{source}</td>")
        cells += [f"<td>{_esc(text(row, c))}</td>" for c in ("confidence", "note") if c in has]
        cells += [f"<td>{_esc(text(row, c))}</td>" for c in extra]
        rows.append(f"<tr{row_id}>" + "".join(cells) + "</tr>")
    if not rows:
        rows.append(f'<tr><td colspan="{len(headers)}">No sources.</td></tr>')
    legend = " Confidence: H high, M medium, L low." if "confidence" in has else ""
    head = "".join(f'<th scope="col">{_esc(h)}</th>' for h in headers)
    return (
        '<section id="data-sources">\n<h2>Data sources</h2>\n'
        f"<p>{_SOURCES_INTRO}{legend}</p>\n"
        '<div class="table-wrap sources">\n<table>\n'
        f"<caption>Sources ({len(frame):,})</caption>\n"
        f"<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>\n"
        "</div>\n</section>"
    )
