"""Refresh the golden tables (``python tests/golden/update.py``): only after checking that the
change in behaviour they record is intended; the diff of this folder is the change."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cases import CASES, HERE, write_case


def main() -> None:
    """Rewrite every case's folder."""
    for name in CASES:
        folder = HERE / name
        if folder.exists():
            shutil.rmtree(folder)
        files = write_case(name, folder)
        print(f"{name}: {len(files)} tables in {folder}")


if __name__ == "__main__":
    main()
