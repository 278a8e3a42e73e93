"""Golden regression: fixed small runs give exactly the checked-in tables (tests/golden/).

Any change in behaviour — a different draw, a changed rule, a new or reordered column — shows
here as a difference. Refresh with ``python tests/golden/update.py`` once the change is intended
(see tests/golden/cases.py).
"""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "golden"))

from cases import CASES, HERE, write_case


@pytest.mark.parametrize("case", list(CASES))
def test_tables_equal_the_golden_files_byte_for_byte(case, tmp_path):
    expected_dir = HERE / case
    written = write_case(case, tmp_path)
    got = sorted(p.relative_to(tmp_path).as_posix() for p in written)
    expected = sorted(p.relative_to(expected_dir).as_posix() for p in expected_dir.rglob("*.csv"))
    assert got == expected
    for name in got:
        new, old = (tmp_path / name).read_text(), (expected_dir / name).read_text()
        if new != old:
            diff = difflib.unified_diff(
                old.splitlines(), new.splitlines(), f"golden/{case}/{name}", "this run", n=0
            )
            shown = "\n".join(list(diff)[:12])
            pytest.fail(f"{case}/{name} differs from the golden file:\n{shown}")


def test_golden_cases_cover_levers_counterfactual_and_lever_columns():
    policy = " ".join(CASES["policy"])
    assert "benelux_agency" in policy and "liaison" in policy
    header = (HERE / "policy" / "replications.csv").read_text().splitlines()[0]
    assert "agency_moves" in header and "containers_checked_origin" in header
    assert (HERE / "policy" / "counterfactual" / "replications.csv").is_file()
