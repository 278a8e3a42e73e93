"""Run a named study: a Hydra sweep, then its comparison report — one command::

    python experiments/study.py displacement_sweep          # 10 replications, full scale
    python experiments/study.py alliance_vs_unilateral
    python experiments/study.py origin_vs_port_measures
    python experiments/study.py displacement_sweep --scale 0.2 --replications 3   # quick look

The sweep goes to ``multirun/studies/<study>/`` (ignored by git; re-running the same command
resumes an interrupted sweep, skipping finished jobs) and the report to
``multirun/studies/<study>/report/report.html``, with every figure and table beside it. Each
study's question and findings are in ``experiments/<study>/README.md``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


STUDIES: dict[str, tuple[str, list[str]]] = {
    "displacement_sweep": (
        "Antwerp's scanning from half to four times its 2023 level",
        ["scenario=antwerp_scanning", "scenario.factor=0.5,1,1.5,2,3,4"],
    ),
    "alliance_vs_unilateral": (
        "A European Ports Alliance against Antwerp acting alone",
        ["scenario=antwerp_surge,port_alliance"],
    ),
    "origin_vs_port_measures": (
        "Liaison officers at origin against port-side measures",
        ["scenario=liaison_network,antwerp_surge,shipping_data_sharing"],
    ),
}
"""Study name -> (question, sweep overrides)."""


def main(argv: list[str] | None = None) -> None:
    """Parse the options, run the study's sweep and build its report."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("study", choices=sorted(STUDIES))
    ap.add_argument("--replications", type=int, default=10)
    ap.add_argument("--scale", type=float, default=1.0, help="run.scale (1 = full scale)")
    ap.add_argument("--out", type=Path, help="sweep folder (default multirun/studies/<study>)")
    ap.add_argument("--launcher", default="local", help="hydra/launcher (local, basic, ray, ...)")
    ap.add_argument("extra", nargs="*", help="more Hydra overrides, e.g. run.seed=7")
    args = ap.parse_args(argv)
    study = args.study
    sweep = STUDIES[study][1]
    args.out = args.out or ROOT / "multirun" / "studies" / study
    started = time.perf_counter()
    command = [
        sys.executable,
        "-c",
        "from sim.cli import main; main()",
        "-m",
        *sweep,
        f"run.replications={args.replications}",
        f"run.scale={args.scale}",
        f"hydra/launcher={args.launcher}",
        f"hydra.sweep.dir={args.out}",
        *args.extra,
    ]
    print("study:", " ".join(command[3:]), flush=True)
    done = subprocess.run(command, cwd=ROOT, check=False)
    if done.returncode not in (0, 1):  # 1: some jobs failed; the others are reported
        sys.exit(done.returncode)
    report = args.out / "report"
    subprocess.run(
        [
            sys.executable,
            "-c",
            "from sim.compare.cli import main; raise SystemExit(main())",
            str(args.out),
            "--out",
            str(report),
            "--report",
        ],
        cwd=ROOT,
        check=True,
    )
    minutes = (time.perf_counter() - started) / 60
    print(f"study {study} done in {minutes:.0f} min: {report / 'report.html'}")
    sys.exit(done.returncode)


if __name__ == "__main__":
    main()
