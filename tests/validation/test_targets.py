"""Blind calibration targets (sim.validation.targets): nothing after max_year can reach them."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from sim.evidence import EvidenceError
from sim.evidence.loader import DEFAULT_SEEDS_DIR
from sim.validation.reporting import load_published, observed_range
from sim.validation.targets import TARGET_COLUMNS, calibration_published, calibration_targets

Row = dict[str, str]


def _rewrite(path: Path, change: Callable[[Row], None]) -> int:
    """Apply ``change`` to every row of a CSV file in place; return how many rows it touched."""
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        header = list(reader.fieldnames or [])
        rows = list(reader)
    touched = 0
    for row in rows:
        before = dict(row)
        change(row)
        touched += row != before
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return touched


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    target = tmp_path / "seeds"
    shutil.copytree(DEFAULT_SEEDS_DIR, target)
    return target


def _poison(seeds: Path, value: str, note: str = "POISON") -> int:
    """Overwrite every 2024-or-later value (and note, used flag) in published and seizures."""

    def published(row: Row) -> None:
        if int(row["year"]) >= 2024:
            row["value"] = value
            row["note"] = note
            row["used"] = "false" if row["used"] == "true" else "true"

    def seizures(row: Row) -> None:
        if int(row["year"]) >= 2024:
            row["tonnes"] = value
            row["note"] = note
            row["used"] = "false" if row["used"] == "true" else "true"

    return _rewrite(seeds / "published.csv", published) + _rewrite(seeds / "seizures.csv", seizures)


def test_blind_targets_ignore_poisoned_later_years(seeds_copy):
    clean = calibration_targets()
    assert _poison(seeds_copy, "987654321987") > 40  # the poison reached many rows
    poisoned = calibration_targets(seeds_dir=seeds_copy)
    pd.testing.assert_frame_equal(poisoned, clean)
    # not vacuous: a window that includes 2024 does see the poison
    seen = calibration_targets(max_year=2024, seeds_dir=seeds_copy)
    assert (seen["value"] == 987654321987).any()
    assert not seen.equals(calibration_targets(max_year=2024))


def test_blind_targets_never_parse_later_rows(seeds_copy):
    clean = calibration_targets()
    _poison(seeds_copy, "not a number")
    pd.testing.assert_frame_equal(calibration_targets(seeds_dir=seeds_copy), clean)
    with pytest.raises(EvidenceError, match="not a number"):
        calibration_targets(max_year=2024, seeds_dir=seeds_copy)


def test_blind_ranges_of_calibration_years_equal_the_full_ones(seeds_copy):
    _poison(seeds_copy, "1e15")
    blind = calibration_published(seeds_dir=seeds_copy)
    full = load_published()
    for port in ("antwerp", "rotterdam", "hamburg", "le_havre", "vlissingen"):
        for year in (2021, 2022, 2023):
            assert observed_range(blind, port, year) == observed_range(full, port, year)
    assert observed_range(blind, "antwerp", 2024) is None


def test_targets_hold_what_the_calibration_may_use():
    targets = calibration_targets()
    assert list(targets.columns) == list(TARGET_COLUMNS)
    assert targets["year"].max() == 2023
    pub = targets[targets["table"] == "published"]
    rotterdam = pub[(pub["area"] == "rotterdam") & (pub["quantity"] == "kg_seized") & pub["used"]]
    assert dict(zip(rotterdam["year"], rotterdam["value"], strict=True)) == {
        2020: 40641,
        2021: 72808,
        2022: 46789,
        2023: 45506,
    }
    counts = pub[pub["unit"] == "count"]
    assert {"seizure_count", "finds_under_100kg", "finds_over_1000kg", "large_seizures"} <= set(
        counts["quantity"]
    )
    upstream = pub[pub["quantity"] == "kg_intercepted_upstream"]
    assert sorted(upstream["value"]) == [45000, 80000]
    seizures = targets[targets["table"] == "seizures"]
    eu = seizures[(seizures["area"] == "EU") & (seizures["year"] == 2023)]
    assert eu["value"].tolist() == [419_000.0]
    vl23 = pub[(pub["area"] == "vlissingen") & (pub["year"] == 2023) & (pub["period"] == "year")]
    assert vl23[["substance", "area_scope"]].values.tolist() == [["all_drugs", "region"]]


def test_targets_check_source_ids_of_the_kept_rows(seeds_copy):
    def bad(row: Row) -> None:
        if row["port"] == "rotterdam" and row["year"] == "2022":
            row["source_id"] = "no_such_source"

    _rewrite(seeds_copy / "published.csv", bad)
    with pytest.raises(EvidenceError, match="no_such_source"):
        calibration_targets(seeds_dir=seeds_copy)
