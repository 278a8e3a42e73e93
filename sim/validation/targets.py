"""Blind access to the evidence: the figures the calibration may use, nothing later.

The calibration is fitted to 2020–2023 and judged on 2024 (and 2025 is a blind forecast year),
so nothing from after the calibration window may reach it — not a value, not a ``used`` flag,
not a parse error. :func:`calibration_targets` therefore reads ``seeds/published.csv`` and
``seeds/seizures.csv`` as raw text, **drops every row with year > max_year first**, and only then
parses, checks and reshapes what is left. A copy of ``seeds/`` whose later rows are overwritten
with anything at all gives the same result (``tests/validation/test_targets.py``).

What the calibration may use (sources: ``seeds/published.csv``, ``seeds/seizures.csv``):
per-port kg and seizure counts per year (2020–2023), size classes (Rotterdam finds below 100 kg
and above 1,000 kg, Antwerp large seizures), first-half-year figures, upstream interceptions in
Latin America bound for Belgium (``kg_intercepted_upstream``), and the country and EU totals of
``seizures.csv``. Scope columns travel with every row; :mod:`sim.validation.reporting` turns the
published rows into ranges.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sim.evidence.loader import EvidenceError, parse_table, read_raw_table

__all__ = ["TARGET_COLUMNS", "calibration_published", "calibration_targets"]

#: Columns of :func:`calibration_targets`, in order.
TARGET_COLUMNS: tuple[str, ...] = (
    "table",
    "area",
    "area_kind",
    "year",
    "period",
    "period_end",
    "quantity",
    "value",
    "unit",
    "substance",
    "agency_scope",
    "area_scope",
    "bound",
    "status",
    "used",
    "source_id",
    "reliability",
    "note",
)


def _blind_rows(table: str, max_year: int, seeds_dir: Path | None) -> pd.DataFrame:
    """Parsed rows of one table with year <= max_year; later rows are dropped *unparsed*.

    A row whose year cell is not a number is kept, so that the parser reports it.
    """
    raw = read_raw_table(table, seeds_dir)
    year = pd.to_numeric(raw["year"], errors="coerce")
    keep = ~(year > max_year)
    return parse_table(raw[keep], table)


def _check_source_ids(frame: pd.DataFrame, table: str, known: set[str]) -> None:
    unknown = sorted(set(frame["source_id"]) - known)
    if unknown:
        raise EvidenceError(
            f"{table}.csv: row -: column 'source_id': unknown source_id {unknown[0]!r} "
            "(not in sources.csv)"
        )


def calibration_published(
    max_year: int = 2023, seeds_dir: Path | str | None = None
) -> pd.DataFrame:
    """The rows of ``published.csv`` with year <= ``max_year``, in its schema (for reporting).

    Later rows are dropped before any cell is parsed; the kept ones are parsed with the loader's
    cell rules and their source ids checked against ``sources.csv``.
    """
    folder = Path(seeds_dir) if seeds_dir is not None else None
    frame = _blind_rows("published", max_year, folder)
    known = set(parse_table(read_raw_table("sources", folder), "sources")["source_id"])
    _check_source_ids(frame, "published", known)
    return frame


def calibration_targets(max_year: int = 2023, seeds_dir: Path | str | None = None) -> pd.DataFrame:
    """The figures the calibration may use: every published figure and seizure total up to
    ``max_year``, with their scope.

    Parameters
    ----------
    max_year : int, optional
        Last calendar year the calibration may see (2023). Rows of later years (full-year, H1 or
        partial) are dropped before anything else is done with them.
    seeds_dir : path or None, optional
        Folder with the seeds tables (default: the repository's ``seeds/``); a test passes a
        poisoned copy.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`TARGET_COLUMNS`. ``table`` is ``published`` or ``seizures``; ``area`` is
        the port key (published rows; seizures rows: port, ISO-2 country or ``EU``, see
        ``area_kind``). Seizures rows are cocaine in tonnes converted to kg (``quantity``
        ``kg_seized``); their scope columns are empty — the scope is in ``note`` (published.csv
        has the same port figures with explicit scopes). Sorted by table, area, year, period,
        quantity, then file order.
    """
    folder = Path(seeds_dir) if seeds_dir is not None else None
    published = calibration_published(max_year, folder)
    seizures = _blind_rows("seizures", max_year, folder)
    known = set(parse_table(read_raw_table("sources", folder), "sources")["source_id"])
    _check_source_ids(seizures, "seizures", known)

    pub = published.rename(columns={"port": "area"}).assign(table="published", area_kind="port")
    sz = pd.DataFrame(
        {
            "table": "seizures",
            "area": seizures["area"],
            "area_kind": seizures["area_kind"],
            "year": seizures["year"],
            "period": seizures["period"],
            "period_end": "",
            "quantity": "kg_seized",
            "value": seizures["tonnes"] * 1000.0,
            "unit": "kg",
            "substance": "",
            "agency_scope": "",
            "area_scope": "",
            "bound": "",
            "status": seizures["status"],
            "used": seizures["used"],
            "source_id": seizures["source_id"],
            "reliability": "",
            "note": seizures["note"],
        }
    )
    out = pd.concat([pub[list(TARGET_COLUMNS)], sz[list(TARGET_COLUMNS)]], ignore_index=True)
    out["order"] = range(len(out))
    out = out.sort_values(["table", "area", "year", "period", "quantity", "order"], kind="stable")
    out = out.drop(columns="order").reset_index(drop=True)
    out["year"] = out["year"].astype("int64")
    text = [c for c in TARGET_COLUMNS if c not in ("year", "value", "used")]
    return out.astype(dict.fromkeys(text, object))
