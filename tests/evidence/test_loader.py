"""Tests for the evidence loader (sim.evidence.loader) and the seeds/ tables it validates."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from sim.evidence import (
    MODEL_YEARS,
    ORIGIN_LOCODES,
    PORT_LOCODES,
    EvidenceError,
    conversion,
    load_evidence,
    used_seizures_t,
    used_throughput_teu,
)
from sim.evidence.loader import DEFAULT_SEEDS_DIR

Rows = list[dict[str, str]]


@pytest.fixture(scope="module")
def ev():
    return load_evidence()


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    target = tmp_path / "seeds"
    shutil.copytree(DEFAULT_SEEDS_DIR, target)
    return target


def _edit(seeds: Path, file: str, change: Callable[[list[str], Rows], tuple[list[str], Rows]]):
    path = seeds / file
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        header = list(reader.fieldnames or [])
        rows = list(reader)
    header, rows = change(header, rows)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: row.get(k, "") for k in header})


def _first(rows: Rows, **match: str) -> int:
    return next(i for i, r in enumerate(rows) if all(r[k] == v for k, v in match.items()))


def _set_cell(seeds: Path, file: str, column: str, value: str, **match: str) -> int:
    """Set one cell and return the file line number of the edited row."""
    line = {}

    def change(header: list[str], rows: Rows) -> tuple[list[str], Rows]:
        i = _first(rows, **match) if match else 0
        rows[i][column] = value
        line["n"] = i + 2
        return header, rows

    _edit(seeds, file, change)
    return line["n"]


def _error(seeds: Path) -> str:
    with pytest.raises(EvidenceError) as info:
        load_evidence(seeds)
    message = str(info.value)
    assert "\n" not in message
    return message


# ------------------------------------------------------------------ the real seeds


def test_real_seeds_load(ev):
    assert sorted(ev.ports["port"]) == sorted(PORT_LOCODES)
    assert sorted(ev.origin_ports["origin"]) == sorted(ORIGIN_LOCODES)
    assert abs(ev.origin_ports["export_weight"].sum() - 1.0) < 1e-9
    assert ev.throughput["used"].dtype == bool
    assert ev.seizures["tonnes"].dtype == "float64"


def test_every_port_has_used_teu_each_model_year(ev):
    for year in MODEL_YEARS:
        teu = used_throughput_teu(ev, year)
        assert set(teu) == set(PORT_LOCODES)
        assert all(v > 0 for v in teu.values())


def test_default_dir_equals_explicit_dir(ev):
    again = load_evidence(DEFAULT_SEEDS_DIR)
    assert again.throughput.equals(ev.throughput)


def test_used_antwerp_seizure_2023_is_customs_figure(ev):
    assert used_seizures_t(ev, 2023)["antwerp"] == 116.0
    conflicting = ev.seizures[
        (ev.seizures["area"] == "antwerp") & (ev.seizures["year"] == 2023) & ~ev.seizures["used"]
    ]
    assert 121.1 in set(conflicting["tonnes"])


def test_used_seizures_only_areas_with_used_row(ev):
    ports_2023 = used_seizures_t(ev, 2023)
    assert set(ports_2023) <= set(PORT_LOCODES)
    assert "dunkirk" not in ports_2023  # no 2023 row for Dunkirk
    assert used_seizures_t(ev, 2023, area_kind="union") == {"EU": 419.0}
    assert used_seizures_t(ev, 2024, area_kind="port", period="H1")["antwerp"] == 22.0


def test_antwerp_used_teu_excludes_zeebrugge(ev):
    tp = ev.throughput
    for year in MODEL_YEARS:
        used = used_throughput_teu(ev, year)
        totals = tp[
            (tp["port"] == "antwerp")
            & (tp["year"] == year)
            & (tp["scope"] == "Antwerp-Bruges incl. Zeebrugge")
        ]
        assert not totals["used"].any()
        total = float(totals.loc[totals["status"] == "sourced", "teu"].iloc[-1])
        assert used["antwerp"] < total
        assert used["antwerp"] + used["zeebrugge"] == pytest.approx(total, rel=1e-6)


def test_conversions(ev):
    assert conversion(ev, "teu_per_container") == 1.65
    assert conversion(ev, "import_containers_per_teu") == pytest.approx(0.477 / 1.65)
    with pytest.raises(KeyError):
        conversion(ev, "no_such_constant")


def test_antwerp_latam_share_matches_formula(ev):
    antwerp_teu_2023 = used_throughput_teu(ev, 2023)["antwerp"]
    expected = 330_000 / (antwerp_teu_2023 * conversion(ev, "import_containers_per_teu"))
    share = float(ev.ports.loc[ev.ports["port"] == "antwerp", "latam_share"].iloc[0])
    assert share == pytest.approx(expected, rel=1e-6)


def test_scanning_units_follow_metric(ev):
    units = dict(zip(ev.scanning["metric"], ev.scanning["unit"], strict=True))
    assert units["scanner_throughput"] == "containers/h"
    assert units["nii_exam_time"] == "h"


# ------------------------------------------------------------------ corruptions are rejected


def test_unknown_source_id_rejected(seeds_copy):
    line = _set_cell(seeds_copy, "throughput.csv", "source_id", "no_such_source", port="hamburg")
    msg = _error(seeds_copy)
    assert "throughput.csv" in msg and f"row {line}" in msg and "'source_id'" in msg


def test_missing_column_rejected(seeds_copy):
    def drop(header: list[str], rows: Rows) -> tuple[list[str], Rows]:
        return [h for h in header if h != "confidence"], rows

    _edit(seeds_copy, "sources.csv", drop)
    msg = _error(seeds_copy)
    assert "sources.csv" in msg and "'confidence'" in msg and "missing" in msg


def test_extra_column_rejected(seeds_copy):
    _edit(seeds_copy, "throughput.csv", lambda h, r: ([*h, "comment"], r))
    msg = _error(seeds_copy)
    assert "throughput.csv" in msg and "'comment'" in msg and "unexpected" in msg


def test_share_above_one_rejected(seeds_copy):
    line = _set_cell(seeds_copy, "ports.csv", "latam_share", "1.5", port="vlissingen")
    msg = _error(seeds_copy)
    assert "ports.csv" in msg and f"row {line}" in msg and "'latam_share'" in msg


def test_scanning_share_above_one_rejected(seeds_copy):
    _set_cell(seeds_copy, "scanning.csv", "value", "2", metric="scan_share")
    msg = _error(seeds_copy)
    assert "scanning.csv" in msg and "'value'" in msg


def test_negative_tonnes_rejected(seeds_copy):
    line = _set_cell(seeds_copy, "seizures.csv", "tonnes", "-1", area="rotterdam")
    msg = _error(seeds_copy)
    assert "seizures.csv" in msg and f"row {line}" in msg and "'tonnes'" in msg


def test_two_used_rows_rejected(seeds_copy):
    _set_cell(
        seeds_copy,
        "throughput.csv",
        "used",
        "true",
        port="antwerp",
        year="2023",
        scope="Antwerp-Bruges incl. Zeebrugge",
    )
    msg = _error(seeds_copy)
    assert "throughput.csv" in msg and "'used'" in msg and "2 rows" in msg


def test_no_used_row_rejected(seeds_copy):
    _set_cell(
        seeds_copy, "seizures.csv", "used", "false", area="antwerp", year="2023", tonnes="116"
    )
    msg = _error(seeds_copy)
    assert "seizures.csv" in msg and "'used'" in msg and "0 rows" in msg


def test_missing_model_year_rejected(seeds_copy):
    def drop(header: list[str], rows: Rows) -> tuple[list[str], Rows]:
        return header, [r for r in rows if not (r["port"] == "dunkirk" and r["year"] == "2024")]

    _edit(seeds_copy, "throughput.csv", drop)
    msg = _error(seeds_copy)
    assert "throughput.csv" in msg and "dunkirk" in msg and "2024" in msg


def test_dictionary_missing_column_rejected(seeds_copy):
    def drop(header: list[str], rows: Rows) -> tuple[list[str], Rows]:
        keep = [r for r in rows if not (r["file"] == "throughput.csv" and r["column"] == "scope")]
        return header, keep

    _edit(seeds_copy, "dictionary.csv", drop)
    msg = _error(seeds_copy)
    assert "dictionary.csv" in msg and "'column'" in msg and "'scope'" in msg


def test_bad_boolean_rejected(seeds_copy):
    line = _set_cell(seeds_copy, "throughput.csv", "used", "yes")
    msg = _error(seeds_copy)
    assert f"row {line}" in msg and "'used'" in msg


def test_non_numeric_rejected(seeds_copy):
    _set_cell(seeds_copy, "throughput.csv", "teu", "12.5M")
    msg = _error(seeds_copy)
    assert "throughput.csv" in msg and "'teu'" in msg and "not a number" in msg


def test_unknown_status_rejected(seeds_copy):
    _set_cell(seeds_copy, "conversions.csv", "status", "guessed")
    msg = _error(seeds_copy)
    assert "conversions.csv" in msg and "'status'" in msg


def test_metric_unit_mismatch_rejected(seeds_copy):
    _set_cell(seeds_copy, "scanning.csv", "unit", "h", metric="scanners")
    msg = _error(seeds_copy)
    assert "scanning.csv" in msg and "'unit'" in msg


def test_export_weights_must_sum_to_one(seeds_copy):
    _set_cell(seeds_copy, "origin_ports.csv", "export_weight", "0.5", origin="caucedo")
    msg = _error(seeds_copy)
    assert "origin_ports.csv" in msg and "'export_weight'" in msg


def test_missing_port_rejected(seeds_copy):
    _edit(seeds_copy, "ports.csv", lambda h, r: (h, [x for x in r if x["port"] != "dunkirk"]))
    msg = _error(seeds_copy)
    assert "ports.csv" in msg and "'port'" in msg and "dunkirk" in msg


def test_duplicate_source_id_rejected(seeds_copy):
    _edit(seeds_copy, "sources.csv", lambda h, r: (h, [*r, dict(r[-1])]))
    msg = _error(seeds_copy)
    assert "sources.csv" in msg and "'source_id'" in msg and "duplicate" in msg


def test_sourced_row_cannot_cite_assumption(seeds_copy):
    _set_cell(seeds_copy, "throughput.csv", "source_id", "assumption", port="hamburg", year="2023")
    msg = _error(seeds_copy)
    assert "throughput.csv" in msg and "'source_id'" in msg


def test_wrong_area_kind_rejected(seeds_copy):
    _set_cell(seeds_copy, "seizures.csv", "area", "helsingborg", area="zeebrugge")
    msg = _error(seeds_copy)
    assert "seizures.csv" in msg and "'area'" in msg
