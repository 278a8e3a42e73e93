"""Hydra callback: the comparison figures of a finished sweep (``portsim -m``).

Listed in ``configs/config.yaml`` after the sweep callback (:mod:`sim.callbacks`), which collects
the sweep's tables; Hydra ends callbacks in reverse order, so this one runs first at the end of a
sweep and draws from the job folders directly (:func:`sim.compare.load.load`). It runs
``portsim-compare`` on the sweep folder into ``<sweep dir>/comparison`` when at least one job
completed; a problem drawing is reported on one line and does not hide the sweep's own result.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from hydra.experimental.callback import Callback
from omegaconf import DictConfig

from sim.results.status import COMPLETE
from sim.results.sweep_tables import job_dirs, job_status


class SweepFiguresCallback(Callback):
    """Comparison figures and tables of a sweep, from its job folders."""

    def on_multirun_end(self, config: DictConfig, **kwargs: Any) -> None:
        """Draw the figures when some job completed."""
        sweep_dir = Path(config.hydra.sweep.dir)
        jobs = job_dirs(sweep_dir)
        if not any(job_status(path)[0] == COMPLETE for path in jobs.values()):
            return
        from sim.compare.cli import main as compare

        try:
            compare([str(sweep_dir), "--out", str(sweep_dir / "comparison")])
        except SystemExit as exc:
            if exc.code:
                print(
                    f"portsim: the sweep's comparison figures failed ({exc.code})", file=sys.stderr
                )
