"""Strict loader for the sourced evidence tables in ``seeds/``.

Every CSV in ``seeds/`` has a fixed set of columns, typed values and closed vocabularies. The
loader parses each file cell by cell and raises :class:`EvidenceError` at the first problem, with a
one-line message naming the file, the row (line number in the file, header = row 1) and the
column. After the per-file checks it enforces the cross-table rules: every ``*source_id`` exists
in ``sources.csv``, exactly one ``used`` row per key, the fixed port and origin lists, export
weights summing to one, a used throughput value for every port and year 2021-2024, the scope
vocabulary of the published figures (``published.csv``), and a complete data dictionary.

:func:`read_raw_table` and :func:`parse_table` expose the two halves of reading one file (raw text
cells, then typed and checked values) so that a caller can drop rows *before* any value is parsed:
the blind calibration targets (:mod:`sim.validation.targets`) drop the years after the calibration
window that way.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = [
    "MODEL_YEARS",
    "ORIGIN_LOCODES",
    "PORT_LOCODES",
    "Evidence",
    "EvidenceError",
    "conversion",
    "load_evidence",
    "parse_table",
    "read_raw_table",
    "used_seizures_t",
    "used_throughput_teu",
]

DEFAULT_SEEDS_DIR = Path(__file__).resolve().parents[2] / "seeds"

#: European port keys and their UN/LOCODEs (the fixed network of the model).
PORT_LOCODES: dict[str, str] = {
    "antwerp": "BEANR",
    "rotterdam": "NLRTM",
    "hamburg": "DEHAM",
    "bremerhaven": "DEBRV",
    "le_havre": "FRLEH",
    "zeebrugge": "BEZEE",
    "vlissingen": "NLVLI",
    "dunkirk": "FRDKK",
    "algeciras": "ESALG",
    "valencia": "ESVLC",
    "barcelona": "ESBCN",
    "gioia_tauro": "ITGIT",
}

#: Origin port keys and their UN/LOCODEs: Latin America, and Freetown as a transit origin.
ORIGIN_LOCODES: dict[str, str] = {
    "guayaquil": "ECGYE",
    "posorja": "ECPSJ",
    "puerto_bolivar": "ECPBO",
    "santos": "BRSSZ",
    "paranagua": "BRPNG",
    "cartagena": "COCTG",
    "buenaventura": "COBUN",
    "callao": "PECLL",
    "moin": "CRMOB",
    "caucedo": "DOCAU",
    "freetown": "SLFNA",
}

#: Years for which every port must have exactly one used throughput value.
MODEL_YEARS: tuple[int, ...] = (2021, 2022, 2023, 2024)

STATUSES = frozenset({"sourced", "derived", "assumed"})
SCAN_METRIC_UNITS: dict[str, str] = {
    "containers_scanned": "containers/yr",
    "scan_share": "share",
    "scanner_throughput": "containers/h",
    "scan_cycle": "h",
    "scanners": "count",
    "inspection_share_latam": "share",
    "inspection_share_overall": "share",
    "scan_release_time": "h",
    "physical_exam_time": "h",
    "nii_exam_time": "h",
}
PRICE_ITEM_UNITS: dict[str, frozenset[str]] = {
    "source_price": frozenset({"eur_per_kg"}),
    "wholesale_price": frozenset({"eur_per_kg"}),
    "retail_price": frozenset({"eur_per_g"}),
    "extraction_fee": frozenset({"share"}),
    "interdiction_rate": frozenset({"share"}),
}
CONVERSION_UNITS = frozenset(
    {
        "TEU/container",
        "containers/TEU",
        "share",
        "containers/yr",
        "TEU",
        "TEU/yr",
        "TEU/week",
        "boxes",
        "boxes/container",
        "count",
        "kg",
        "t",
    }
)
DICTIONARY_UNITS = frozenset({"", "share", "d", "year", "TEU", "t"})

#: Published-figure quantities (``published.csv``) and the unit each is given in.
PUBLISHED_QUANTITY_UNITS: dict[str, str] = {
    "kg_seized": "kg",
    "seizure_count": "count",
    "large_seizures": "count",
    "finds_under_100kg": "count",
    "finds_over_1000kg": "count",
    "kg_intercepted_upstream": "kg",
}

_SLUG = re.compile(r"[a-z0-9_]+")
_ISO2 = re.compile(r"[A-Z]{2}")
_LOCODE = re.compile(r"[A-Z]{5}")
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_YEAR_MIN, _YEAR_MAX = 1990, 2100


class EvidenceError(ValueError):
    """A seeds/ table violates the evidence schema; the message names file, row and column."""


# --------------------------------------------------------------------------------------------
# Column specifications
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Col:
    """Specification of one CSV column.

    Attributes
    ----------
    kind : str
        ``"str"``, ``"float"``, ``"int"`` or ``"bool"``.
    required : bool
        Whether an empty cell is an error.
    choices : frozenset of str or None
        Allowed values for string columns.
    pattern : re.Pattern or None
        Regular expression a non-empty string must match in full.
    lo, hi : float or None
        Inclusive bounds for numeric columns.
    """

    kind: str = "str"
    required: bool = True
    choices: frozenset[str] | None = None
    pattern: re.Pattern[str] | None = None
    lo: float | None = None
    hi: float | None = None


_TEXT = _Col("str", required=False)
_NAME = _Col("str")
_SLUGC = _Col("str", pattern=_SLUG)
_STATUS = _Col("str", choices=STATUSES)
_BOOL = _Col("bool")
_YEAR = _Col("int", lo=_YEAR_MIN, hi=_YEAR_MAX)
_YEAR_OPT = _Col("int", required=False, lo=_YEAR_MIN, hi=_YEAR_MAX)
_SHARE = _Col("float", lo=0.0, hi=1.0)
_NONNEG = _Col("float", lo=0.0)
_PORT = _Col("str", choices=frozenset(PORT_LOCODES))

SCHEMAS: dict[str, dict[str, _Col]] = {
    "sources": {
        "source_id": _SLUGC,
        "publisher": _NAME,
        "title": _NAME,
        "url": _Col("str", required=False, pattern=re.compile(r"https?://\S+")),
        "published": _Col("str", required=False, pattern=_DATE),
        "confidence": _Col("str", choices=frozenset({"H", "M", "L"})),
        "note": _TEXT,
    },
    "ports": {
        "port": _PORT,
        "locode": _Col("str", pattern=_LOCODE),
        "name": _NAME,
        "country": _Col("str", pattern=_ISO2),
        "range": _Col("str", choices=frozenset({"north", "mediterranean"})),
        "latam_share": _SHARE,
        "latam_share_status": _STATUS,
        "latam_share_source_id": _SLUGC,
        "note": _TEXT,
    },
    "origin_ports": {
        "origin": _Col("str", choices=frozenset(ORIGIN_LOCODES)),
        "locode": _Col("str", pattern=_LOCODE),
        "name": _NAME,
        "country": _Col("str", pattern=_ISO2),
        "coast": _Col("str", choices=frozenset({"wcsa", "ecsa", "caribbean", "west_africa"})),
        "transit_days_north": _Col("float", lo=0.0, hi=60.0),
        "transit_days_med": _Col("float", lo=0.0, hi=60.0),
        "transit_status": _STATUS,
        "transit_source_id": _SLUGC,
        "export_weight": _SHARE,
        "export_weight_status": _STATUS,
        "export_weight_source_id": _SLUGC,
        "note": _TEXT,
    },
    "throughput": {
        "port": _PORT,
        "year": _YEAR,
        "teu": _NONNEG,
        "scope": _NAME,
        "status": _STATUS,
        "used": _BOOL,
        "source_id": _SLUGC,
        "note": _TEXT,
    },
    "seizures": {
        "area": _NAME,
        "area_kind": _Col("str", choices=frozenset({"port", "country", "union"})),
        "year": _YEAR,
        "period": _Col("str", choices=frozenset({"year", "H1"})),
        "tonnes": _NONNEG,
        "status": _STATUS,
        "used": _BOOL,
        "source_id": _SLUGC,
        "note": _TEXT,
    },
    "scanning": {
        "port": _Col("str", choices=frozenset(PORT_LOCODES) | {"eu", "us"}),
        "year": _YEAR_OPT,
        "metric": _Col("str", choices=frozenset(SCAN_METRIC_UNITS)),
        "value": _NONNEG,
        "unit": _Col("str", choices=frozenset(SCAN_METRIC_UNITS.values())),
        "status": _STATUS,
        "used": _BOOL,
        "source_id": _SLUGC,
        "note": _TEXT,
    },
    "origin_shares": {
        "scope": _SLUGC,
        "origin_country": _Col("str", pattern=_ISO2),
        "share": _SHARE,
        "status": _STATUS,
        "source_id": _SLUGC,
        "note": _TEXT,
    },
    "prices": {
        "item": _Col("str", choices=frozenset(PRICE_ITEM_UNITS)),
        "region": _SLUGC,
        "year": _YEAR_OPT,
        "low_eur": _NONNEG,
        "high_eur": _NONNEG,
        "unit": _Col("str", choices=frozenset().union(*PRICE_ITEM_UNITS.values())),
        "status": _STATUS,
        "used": _BOOL,
        "source_id": _SLUGC,
        "note": _TEXT,
    },
    "conversions": {
        "name": _SLUGC,
        "value": _NONNEG,
        "unit": _Col("str", choices=CONVERSION_UNITS),
        "status": _STATUS,
        "source_id": _SLUGC,
        "note": _TEXT,
    },
    "published": {
        "port": _PORT,
        "year": _YEAR,
        "period": _Col("str", choices=frozenset({"year", "H1", "partial"})),
        "period_end": _Col("str", required=False, pattern=re.compile(r"\d{4}-\d{2}(-\d{2})?")),
        "quantity": _Col("str", choices=frozenset(PUBLISHED_QUANTITY_UNITS)),
        "value": _NONNEG,
        "unit": _Col("str", choices=frozenset(PUBLISHED_QUANTITY_UNITS.values())),
        "substance": _Col("str", choices=frozenset({"cocaine", "all_drugs"})),
        "agency_scope": _Col(
            "str", choices=frozenset({"customs", "all_services", "police", "unknown"})
        ),
        "area_scope": _Col("str", choices=frozenset({"port", "region", "origin"})),
        "bound": _Col("str", choices=frozenset({"point", "lower", "upper"})),
        "status": _STATUS,
        "used": _BOOL,
        "source_id": _SLUGC,
        "reliability": _Col("str", choices=frozenset({"H", "M", "L"})),
        "note": _TEXT,
    },
    "dictionary": {
        "file": _Col("str", pattern=re.compile(r"[a-z_]+\.csv")),
        "column": _SLUGC,
        "unit": _Col("str", required=False, choices=DICTIONARY_UNITS),
        "meaning": _NAME,
    },
}

#: Key columns for the "exactly one used=true row per key" rule.
USED_KEYS: dict[str, tuple[str, ...]] = {
    "published": ("port", "year", "period", "quantity"),
    "throughput": ("port", "year"),
    "seizures": ("area", "year", "period"),
    "scanning": ("port", "year", "metric"),
    "prices": ("item", "region", "year"),
}


# --------------------------------------------------------------------------------------------
# Container
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    """All evidence tables from ``seeds/``, parsed and validated.

    Each attribute is a :class:`pandas.DataFrame` with the columns of the CSV file of the same
    name. Numbers are ``float64`` (``Int64`` for years, which may be missing in ``scanning`` and
    ``prices``), booleans are ``bool`` and text columns are ``object`` with empty strings for
    empty cells.
    """

    sources: pd.DataFrame
    ports: pd.DataFrame
    origin_ports: pd.DataFrame
    throughput: pd.DataFrame
    seizures: pd.DataFrame
    scanning: pd.DataFrame
    origin_shares: pd.DataFrame
    prices: pd.DataFrame
    conversions: pd.DataFrame
    published: pd.DataFrame
    dictionary: pd.DataFrame


# --------------------------------------------------------------------------------------------
# Parsing
# --------------------------------------------------------------------------------------------


def _fail(file: str, row: int, column: str, problem: str) -> EvidenceError:
    return EvidenceError(f"{file}: row {row}: column '{column}': {problem}")


def _label(index: Hashable) -> int:
    """A row label as an int: the tables keep the default RangeIndex of their rows."""
    if not isinstance(index, (int, np.integer)):
        raise TypeError(f"row label {index!r} is not an integer")
    return int(index)


def _line(index: Hashable) -> int:
    """File line number of data row ``index`` (0-based); the header is line 1."""
    return _label(index) + 2


def _parse_cell(raw: str, spec: _Col, file: str, row: int, column: str) -> object:
    text = raw.strip()
    if text != raw:
        raise _fail(file, row, column, f"leading or trailing whitespace in {raw!r}")
    if text == "":
        if spec.required:
            raise _fail(file, row, column, "empty value")
        return math.nan if spec.kind in ("float", "int") else ""
    if spec.kind == "bool":
        if text not in ("true", "false"):
            raise _fail(file, row, column, f"expected true or false, got {text!r}")
        return text == "true"
    if spec.kind in ("float", "int"):
        try:
            value = float(text)
        except ValueError:
            raise _fail(file, row, column, f"not a number: {text!r}") from None
        if not math.isfinite(value):
            raise _fail(file, row, column, f"not a finite number: {text!r}")
        if spec.kind == "int" and value != int(value):
            raise _fail(file, row, column, f"expected an integer, got {text!r}")
        if spec.lo is not None and value < spec.lo:
            raise _fail(file, row, column, f"{text} is below the minimum {spec.lo:g}")
        if spec.hi is not None and value > spec.hi:
            raise _fail(file, row, column, f"{text} is above the maximum {spec.hi:g}")
        return value
    if spec.choices is not None and text not in spec.choices:
        raise _fail(file, row, column, f"{text!r} is not one of {sorted(spec.choices)}")
    if spec.pattern is not None and not spec.pattern.fullmatch(text):
        raise _fail(file, row, column, f"{text!r} does not match {spec.pattern.pattern}")
    return text


def read_raw_table(table: str, seeds_dir: Path | None = None) -> pd.DataFrame:
    """Read one ``seeds/`` table as text cells, checking only that it exists, parses as CSV and
    has exactly the schema's columns.

    Parameters
    ----------
    table : str
        Table name (file name without ``.csv``), a key of :data:`SCHEMAS`.
    seeds_dir : pathlib.Path or None, optional
        Folder holding the CSV files. Defaults to the repository's ``seeds/`` folder.

    Returns
    -------
    pandas.DataFrame
        Every cell as a string (empty string for an empty cell), with the default RangeIndex:
        row ``i`` is file line ``i + 2``. Pass it (or a row subset of it) to :func:`parse_table`.

    Raises
    ------
    EvidenceError
        If the file is missing or unreadable, or a column is missing, unexpected or duplicated.
    """
    folder = Path(seeds_dir) if seeds_dir is not None else DEFAULT_SEEDS_DIR
    file = f"{table}.csv"
    path = folder / file
    if not path.is_file():
        raise EvidenceError(f"{file}: row 0: column '-': file not found in {folder}")
    schema = SCHEMAS[table]
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8")
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise EvidenceError(f"{file}: row 0: column '-': unreadable CSV ({first})") from exc
    columns = list(raw.columns)
    for column in schema:
        if column not in columns:
            raise _fail(file, 1, column, "missing column")
    for column in columns:
        if column not in schema:
            raise _fail(file, 1, column, "unexpected column")
    if len(set(columns)) != len(columns):
        dup = next(c for c in columns if columns.count(c) > 1)
        raise _fail(file, 1, dup, "duplicate column")
    return raw


def parse_table(raw: pd.DataFrame, table: str) -> pd.DataFrame:
    """Parse the text cells of :func:`read_raw_table` (or a row subset) cell by cell.

    Only the per-cell rules (types, bounds, vocabularies, patterns) are checked here; the
    cross-row and cross-table rules belong to :func:`load_evidence`.

    Parameters
    ----------
    raw : pandas.DataFrame
        Text cells with the raw table's row labels (error messages name file line label + 2).
    table : str
        Table name, a key of :data:`SCHEMAS`.

    Returns
    -------
    pandas.DataFrame
        Typed columns (see :class:`Evidence`) with a fresh RangeIndex.

    Raises
    ------
    EvidenceError
        At the first cell that breaks its column's rule.
    """
    file = f"{table}.csv"
    schema = SCHEMAS[table]
    parsed: dict[str, list[object]] = {column: [] for column in schema}
    for index, record in raw.iterrows():
        row = _line(index)
        for column, spec in schema.items():
            parsed[column].append(_parse_cell(record[column], spec, file, row, column))

    frame = pd.DataFrame({column: parsed[column] for column in schema})
    for column, spec in schema.items():
        if spec.kind == "float":
            frame[column] = frame[column].astype("float64")
        elif spec.kind == "int":
            frame[column] = frame[column].astype("Float64").astype("Int64")
        elif spec.kind == "bool":
            frame[column] = frame[column].astype(bool)
        else:
            frame[column] = frame[column].astype(object)
    return frame


def _read_table(seeds_dir: Path, table: str) -> pd.DataFrame:
    return parse_table(read_raw_table(table, seeds_dir), table)


# --------------------------------------------------------------------------------------------
# Cross-row and cross-table checks
# --------------------------------------------------------------------------------------------


def _check_unique(frame: pd.DataFrame, file: str, columns: Iterable[str]) -> None:
    cols = list(columns)
    dup = frame.duplicated(subset=cols, keep="first")
    if dup.any():
        index = _label(dup.idxmax())
        raise _fail(file, _line(index), cols[-1], f"duplicate key {tuple(frame.loc[index, cols])}")


def _check_exactly_one_used(frame: pd.DataFrame, file: str, key: tuple[str, ...]) -> None:
    for values, group in frame.groupby(list(key), dropna=False, sort=False):
        n_used = int(group["used"].sum())
        if n_used != 1:
            index = int(group.index[0]) if n_used == 0 else int(group.index[group["used"]][1])
            missing = pd.isna(list(values))
            shown = tuple("" if m else v for v, m in zip(values, missing, strict=True))
            raise _fail(
                file,
                _line(index),
                "used",
                f"{n_used} rows marked used=true for key {dict(zip(key, shown, strict=True))} "
                "(exactly one required)",
            )


def _check_row_rule(
    frame: pd.DataFrame, file: str, column: str, ok: Callable[[pd.Series], bool], problem: str
) -> None:
    for index, record in frame.iterrows():
        if not ok(record):
            raise _fail(file, _line(index), column, problem.format_map(record.to_dict()))


def _check_sources(ev: dict[str, pd.DataFrame]) -> None:
    sources = ev["sources"]
    _check_unique(sources, "sources.csv", ["source_id"])
    known = set(sources["source_id"])
    if "assumption" not in known:
        raise _fail("sources.csv", 1, "source_id", "the 'assumption' row is missing")
    for table, frame in ev.items():
        id_cols = [c for c in frame.columns if c.endswith("source_id")]
        if table == "sources":
            continue
        for column in id_cols:
            for index, value in frame[column].items():
                if value not in known:
                    raise _fail(
                        f"{table}.csv",
                        _line(index),
                        column,
                        f"unknown source_id {value!r} (not in sources.csv)",
                    )
            status_col = column.replace("source_id", "status")
            if status_col in frame.columns:
                bad = frame[(frame[column] == "assumption") & (frame[status_col] != "assumed")]
                if not bad.empty:
                    index = int(bad.index[0])
                    raise _fail(
                        f"{table}.csv",
                        _line(index),
                        column,
                        f"a {bad.loc[index, status_col]!s} value cannot cite 'assumption'",
                    )


def _check_network(ev: dict[str, pd.DataFrame]) -> None:
    for table, key, expected in (
        ("ports", "port", PORT_LOCODES),
        ("origin_ports", "origin", ORIGIN_LOCODES),
    ):
        frame, file = ev[table], f"{table}.csv"
        _check_unique(frame, file, [key])
        missing = sorted(set(expected) - set(frame[key]))
        if missing:
            raise _fail(file, len(frame) + 1, key, f"missing keys {missing}")
        for index, record in frame.iterrows():
            if record["locode"] != expected[record[key]]:
                raise _fail(
                    file,
                    _line(index),
                    "locode",
                    f"{record['locode']!r} is not the LOCODE of {record[key]!r} "
                    f"({expected[record[key]]})",
                )
    total = float(ev["origin_ports"]["export_weight"].sum())
    if abs(total - 1.0) > 1e-9:
        raise _fail(
            "origin_ports.csv",
            len(ev["origin_ports"]) + 1,
            "export_weight",
            f"weights sum to {total!r}, not 1",
        )


def _check_throughput(frame: pd.DataFrame) -> None:
    file = "throughput.csv"
    _check_exactly_one_used(frame, file, USED_KEYS["throughput"])
    used = frame[frame["used"]]
    have = {(p, int(y)) for p, y in zip(used["port"], used["year"], strict=True)}
    for port in PORT_LOCODES:
        for year in MODEL_YEARS:
            if (port, year) not in have:
                raise _fail(
                    file, len(frame) + 1, "used", f"no used row for port {port!r}, year {year}"
                )


def _check_seizures(frame: pd.DataFrame) -> None:
    file = "seizures.csv"
    ports = set(PORT_LOCODES)

    def area_ok(r: pd.Series) -> bool:
        if r["area_kind"] == "port":
            return r["area"] in ports
        if r["area_kind"] == "country":
            return bool(_ISO2.fullmatch(r["area"]))
        return r["area"] == "EU"

    _check_row_rule(
        frame, file, "area", area_ok, "{area!r} is not a valid area for area_kind {area_kind!r}"
    )
    _check_exactly_one_used(frame, file, USED_KEYS["seizures"])


def _check_scanning(frame: pd.DataFrame) -> None:
    file = "scanning.csv"
    _check_row_rule(
        frame,
        file,
        "unit",
        lambda r: SCAN_METRIC_UNITS[r["metric"]] == r["unit"],
        "unit {unit!r} does not belong to metric {metric!r}",
    )
    _check_row_rule(
        frame,
        file,
        "value",
        lambda r: r["unit"] != "share" or r["value"] <= 1.0,
        "share {value} is above 1",
    )
    _check_exactly_one_used(frame, file, USED_KEYS["scanning"])


def _share_at_most_one(column: str) -> Callable[[pd.Series], bool]:
    """Row rule: a ``share`` value in ``column`` is at most 1."""
    return lambda r: r["unit"] != "share" or r[column] <= 1.0


def _check_prices(frame: pd.DataFrame) -> None:
    file = "prices.csv"
    _check_row_rule(
        frame,
        file,
        "unit",
        lambda r: r["unit"] in PRICE_ITEM_UNITS[r["item"]],
        "unit {unit!r} is not allowed for item {item!r}",
    )
    _check_row_rule(
        frame,
        file,
        "high_eur",
        lambda r: r["high_eur"] >= r["low_eur"],
        "high_eur {high_eur} is below low_eur {low_eur}",
    )
    for column in ("low_eur", "high_eur"):
        _check_row_rule(
            frame,
            file,
            column,
            _share_at_most_one(column),
            f"share {{{column}}} is above 1",
        )
    _check_exactly_one_used(frame, file, USED_KEYS["prices"])


def _check_conversions(frame: pd.DataFrame) -> None:
    file = "conversions.csv"
    _check_unique(frame, file, ["name"])
    _check_row_rule(
        frame,
        file,
        "value",
        lambda r: r["unit"] != "share" or r["value"] <= 1.0,
        "share {value} is above 1",
    )
    values = dict(zip(frame["name"], frame["value"], strict=True))
    needed = ("teu_per_container", "import_share_of_boxes", "import_containers_per_teu")
    for name in needed:
        if name not in values:
            raise _fail(file, len(frame) + 1, "name", f"required conversion {name!r} missing")
    expected = values["import_share_of_boxes"] / values["teu_per_container"]
    if abs(values["import_containers_per_teu"] - expected) > 1e-6:
        index = int(frame.index[frame["name"] == "import_containers_per_teu"][0])
        raise _fail(
            file,
            _line(index),
            "value",
            f"import_containers_per_teu must equal import_share_of_boxes / teu_per_container "
            f"({expected:.6f})",
        )


def _check_published(frame: pd.DataFrame) -> None:
    """Rules of ``published.csv`` beyond its cells (the scope vocabulary is in :data:`SCHEMAS`)."""
    file = "published.csv"
    _check_unique(
        frame,
        file,
        [
            "port",
            "year",
            "period",
            "quantity",
            "substance",
            "agency_scope",
            "area_scope",
            "bound",
            "source_id",
        ],
    )
    _check_row_rule(
        frame,
        file,
        "unit",
        lambda r: PUBLISHED_QUANTITY_UNITS[r["quantity"]] == r["unit"],
        "unit {unit!r} does not belong to quantity {quantity!r}",
    )
    _check_row_rule(
        frame,
        file,
        "value",
        lambda r: r["unit"] != "count" or float(r["value"]).is_integer(),
        "a count must be a whole number, got {value}",
    )
    _check_row_rule(
        frame,
        file,
        "period_end",
        lambda r: r["period_end"] == "" or r["period"] == "partial",
        "period_end is only allowed for period 'partial' (got period {period!r})",
    )
    _check_row_rule(
        frame,
        file,
        "period_end",
        lambda r: r["period_end"] == "" or int(r["period_end"][:4]) == int(r["year"]),
        "period_end {period_end!r} is not in year {year}",
    )
    _check_row_rule(
        frame,
        file,
        "area_scope",
        lambda r: (r["area_scope"] == "origin") == (r["quantity"] == "kg_intercepted_upstream"),
        "area_scope 'origin' goes with quantity 'kg_intercepted_upstream' and only with it "
        "(got {area_scope!r} for {quantity!r})",
    )
    _check_exactly_one_used(frame, file, USED_KEYS["published"])


def _check_origin_shares(frame: pd.DataFrame) -> None:
    _check_unique(frame, "origin_shares.csv", ["scope", "origin_country"])


def _check_dictionary(ev: dict[str, pd.DataFrame]) -> None:
    file = "dictionary.csv"
    dictionary = ev["dictionary"]
    _check_unique(dictionary, file, ["file", "column"])
    documented = set(zip(dictionary["file"], dictionary["column"], strict=True))
    for table, frame in ev.items():
        for column in frame.columns:
            if (f"{table}.csv", column) not in documented:
                raise _fail(
                    file,
                    len(dictionary) + 1,
                    "column",
                    f"column {column!r} of {table}.csv is not documented",
                )
    actual = {(f"{t}.csv", c) for t, frame in ev.items() for c in frame.columns}
    for index, record in dictionary.iterrows():
        if (record["file"], record["column"]) not in actual:
            raise _fail(
                file,
                _line(index),
                "column",
                f"documents {record['column']!r} of {record['file']}, which does not exist",
            )


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


def load_evidence(seeds_dir: Path | None = None) -> Evidence:
    """Load and validate every evidence table.

    Parameters
    ----------
    seeds_dir : pathlib.Path or None, optional
        Folder holding the CSV files. Defaults to the repository's ``seeds/`` folder.

    Returns
    -------
    Evidence
        The parsed tables.

    Raises
    ------
    EvidenceError
        If any file is missing, malformed or breaks a schema or cross-table rule. The message is
        one line and names the file, the row (file line number, header = 1) and the column.
    """
    folder = Path(seeds_dir) if seeds_dir is not None else DEFAULT_SEEDS_DIR
    tables = {table: _read_table(folder, table) for table in SCHEMAS}
    _check_sources(tables)
    _check_network(tables)
    _check_throughput(tables["throughput"])
    _check_seizures(tables["seizures"])
    _check_scanning(tables["scanning"])
    _check_prices(tables["prices"])
    _check_conversions(tables["conversions"])
    _check_published(tables["published"])
    _check_origin_shares(tables["origin_shares"])
    _check_dictionary(tables)
    return Evidence(**tables)


def used_throughput_teu(ev: Evidence, year: int) -> dict[str, float]:
    """Return the used TEU value of every port for one year.

    Parameters
    ----------
    ev : Evidence
        Loaded evidence.
    year : int
        Calendar year.

    Returns
    -------
    dict of str to float
        Port key to TEU; empty if the year has no used rows.
    """
    frame = ev.throughput
    mask = frame["used"] & (frame["year"] == year).fillna(False)
    used = frame[mask.astype(bool)]
    return {str(p): float(v) for p, v in zip(used["port"], used["teu"], strict=True)}


def used_seizures_t(
    ev: Evidence, year: int, area_kind: str = "port", period: str = "year"
) -> dict[str, float]:
    """Return the used cocaine seizures (tonnes) per area for one year.

    Parameters
    ----------
    ev : Evidence
        Loaded evidence.
    year : int
        Calendar year.
    area_kind : str, optional
        ``"port"`` (default), ``"country"`` or ``"union"``.
    period : str, optional
        ``"year"`` (default, full year) or ``"H1"``.

    Returns
    -------
    dict of str to float
        Area to tonnes, only for areas that have a used row.
    """
    frame = ev.seizures
    mask = (
        frame["used"]
        & (frame["year"] == year).fillna(False)
        & (frame["area_kind"] == area_kind)
        & (frame["period"] == period)
    )
    used = frame[mask.astype(bool)]
    return {str(a): float(t) for a, t in zip(used["area"], used["tonnes"], strict=True)}


def conversion(ev: Evidence, name: str) -> float:
    """Return one conversion constant.

    Parameters
    ----------
    ev : Evidence
        Loaded evidence.
    name : str
        Row name in ``conversions.csv`` (e.g. ``"import_containers_per_teu"``).

    Returns
    -------
    float
        The value.

    Raises
    ------
    KeyError
        If no conversion has that name.
    """
    match = ev.conversions.loc[ev.conversions["name"] == name, "value"]
    if match.empty:
        raise KeyError(f"conversions.csv has no row named {name!r}")
    return float(match.iloc[0])
