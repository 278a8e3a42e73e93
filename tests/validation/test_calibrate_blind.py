"""The calibration cannot see 2024: poisoning every 2024-and-later figure changes nothing."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CALIBRATE = ROOT / "experiments" / "validation" / "calibrate.py"


def poison(seeds: Path) -> int:
    """Overwrite every value of a 2024-or-later row of the seizure tables; return how many."""
    changed = 0
    for name in ("published.csv", "seizures.csv"):
        path = seeds / name
        with path.open(newline="") as handle:
            rows = list(csv.DictReader(handle))
        fields = list(rows[0])
        value = "value" if "value" in fields else "tonnes"
        for row in rows:
            if row["year"].strip().isdigit() and int(row["year"]) >= 2024:
                row[value] = "987654321"
                row["note"] = "poisoned"
                changed += 1
        with path.open("w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields)
            writer.writeheader()
            writer.writerows(rows)
    return changed


def calibrate(out: Path, seeds: Path | None) -> str:
    args = [sys.executable, str(CALIBRATE), "--quick", "--out", str(out), "--workers", "2"]
    if seeds is not None:
        args += ["--seeds-dir", str(seeds)]
    done = subprocess.run(args, capture_output=True, text=True, timeout=900, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    return (out / "ensemble.csv").read_text()


@pytest.mark.slow
def test_blind_calibration_ignores_every_2024_figure(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    assert poison(seeds) > 10
    clean = calibrate(tmp_path / "clean", None)
    poisoned = calibrate(tmp_path / "poisoned", seeds)
    assert poisoned == clean
    targets = (tmp_path / "clean" / "targets.csv").read_text()
    assert targets == (tmp_path / "poisoned" / "targets.csv").read_text()
    assert ",2024," not in targets
