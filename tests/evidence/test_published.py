"""seeds/published.csv as checked by the loader, and the Vlissingen fix in seeds/seizures.csv."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from sim.evidence import EvidenceError, load_evidence, used_seizures_t
from sim.evidence.loader import DEFAULT_SEEDS_DIR, PUBLISHED_QUANTITY_UNITS

Row = dict[str, str]


@pytest.fixture(scope="module")
def ev():
    return load_evidence()


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    target = tmp_path / "seeds"
    shutil.copytree(DEFAULT_SEEDS_DIR, target)
    return target


def _set(seeds: Path, column: str, new: str, **match: str) -> int:
    """Set one cell of the first published.csv row matching ``match``; return its file line."""
    path = seeds / "published.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        header = list(reader.fieldnames or [])
        rows = list(reader)
    i = next(k for k, r in enumerate(rows) if all(r[c] == v for c, v in match.items()))
    rows[i][column] = new
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return i + 2


def _error(seeds: Path) -> str:
    with pytest.raises(EvidenceError) as info:
        load_evidence(seeds)
    return str(info.value)


# ------------------------------------------------------------------ the real table


def test_published_loads_with_its_scopes(ev):
    pub = ev.published
    assert len(pub) > 60
    assert set(pub["period"]) == {"year", "H1", "partial"}
    assert set(pub["substance"]) == {"cocaine", "all_drugs"}
    assert set(pub["area_scope"]) == {"port", "region", "origin"}
    assert {"antwerp", "rotterdam", "hamburg", "le_havre", "vlissingen"} <= set(pub["port"])
    assert set(pub["source_id"]) <= set(ev.sources["source_id"])
    for quantity, unit in zip(pub["quantity"], pub["unit"], strict=True):
        assert PUBLISHED_QUANTITY_UNITS[quantity] == unit


def test_no_full_year_2025_figure_anywhere(ev):
    """2025 is the blind forecast year: only first-half figures may be stored."""
    pub = ev.published
    assert set(pub.loc[pub["year"] >= 2025, "period"]) <= {"H1"}
    assert set(ev.seizures.loc[ev.seizures["year"] >= 2025, "period"]) <= {"H1"}


def test_conflicting_figures_side_by_side(ev):
    pub = ev.published
    a23 = pub[(pub["port"] == "antwerp") & (pub["year"] == 2023) & (pub["period"] == "year")]
    a23 = a23[a23["quantity"] == "kg_seized"]
    assert sorted(a23["value"]) == [116000, 121100]
    assert a23.loc[a23["used"], "value"].tolist() == [116000]
    h24 = pub[(pub["port"] == "hamburg") & (pub["year"] == 2024)]
    assert set(zip(h24["period"], h24["value"], strict=True)) == {
        ("partial", 5000),
        ("year", 16500),
    }


# ------------------------------------------------------------------ the Vlissingen fix


def test_vlissingen_cocaine_2024_is_used_and_the_zwb_figures_are_all_drugs(ev):
    assert used_seizures_t(ev, 2024)["vlissingen"] == 9.6
    sz = ev.seizures[(ev.seizures["area"] == "vlissingen") & (ev.seizures["period"] == "year")]
    zwb = sz[sz["tonnes"].isin([11.3, 12.6])]
    assert len(zwb) == 2
    for note in zwb["note"]:
        assert "All drugs" in note and "Zeeland-West-Brabant" in note and "Not cocaine" in note
    assert not bool(zwb.loc[zwb["year"] == 2024, "used"].iloc[0])
    # the 2023 calibration target is unchanged (no cocaine-only 2023 figure exists)
    assert used_seizures_t(ev, 2023)["vlissingen"] == 11.3
    pub = ev.published
    v24 = pub[(pub["port"] == "vlissingen") & (pub["year"] == 2024) & pub["used"]]
    v24 = v24[v24["quantity"] == "kg_seized"]
    assert v24[["value", "substance", "area_scope"]].values.tolist() == [
        [9600.0, "cocaine", "port"]
    ]


# ------------------------------------------------------------------ corruptions are rejected


def test_unknown_source_id_in_published_rejected(seeds_copy):
    line = _set(seeds_copy, "source_id", "no_such_source", port="vlissingen", year="2024")
    msg = _error(seeds_copy)
    assert "published.csv" in msg and f"row {line}" in msg and "'source_id'" in msg
    assert "no_such_source" in msg


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("unit", "count", "does not belong to quantity"),
        ("substance", "heroin", "'substance'"),
        ("area_scope", "origin", "kg_intercepted_upstream"),
        ("period", "Q3", "'period'"),
        ("period_end", "2024-12", "only allowed for period 'partial'"),
        ("used", "false", "0 rows marked used=true"),
        ("value", "-5", "below the minimum"),
        ("reliability", "X", "'reliability'"),
    ],
)
def test_bad_published_cells_rejected(seeds_copy, column, value, expected):
    _set(seeds_copy, column, value, port="rotterdam", year="2023", quantity="kg_seized")
    msg = _error(seeds_copy)
    assert "published.csv" in msg and expected in msg


def test_sourced_figure_cannot_cite_assumption(seeds_copy):
    _set(seeds_copy, "source_id", "assumption", port="rotterdam", year="2023")
    msg = _error(seeds_copy)
    assert "published.csv" in msg and "a sourced value cannot cite 'assumption'" in msg


def test_fractional_count_rejected(seeds_copy):
    line = _set(seeds_copy, "value", "124.5", port="antwerp", quantity="seizure_count")
    msg = _error(seeds_copy)
    assert f"row {line}" in msg and "whole number" in msg


def test_two_used_rows_for_one_key_rejected(seeds_copy):
    _set(seeds_copy, "used", "true", port="antwerp", year="2023", value="121100")
    msg = _error(seeds_copy)
    assert "published.csv" in msg and "2 rows marked used=true" in msg


def test_period_end_outside_the_year_rejected(seeds_copy):
    _set(seeds_copy, "period_end", "2025-01", port="hamburg", period="partial")
    assert "not in year 2024" in _error(seeds_copy)


def test_published_columns_are_documented(seeds_copy):
    path = seeds_copy / "dictionary.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text(
        "".join(ln for ln in lines if not ln.startswith("published.csv,bound,")), encoding="utf-8"
    )
    msg = _error(seeds_copy)
    assert "dictionary.csv" in msg and "'bound'" in msg
