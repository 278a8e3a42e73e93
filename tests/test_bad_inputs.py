"""Bad input cannot hurt: each case exits 2 with one line naming the key, and writes nothing.

Grouped by the categories of the foundations issue. Every case runs the ``portsim`` entry point
in-process (:func:`sim.cli.main`) from an empty folder and checks: exit status 2, exactly one
line on stderr of the form ``portsim: error: KEY: what is wrong; allowed: ...`` that contains the
expected key and allowed value, no traceback, nothing on stdout, and no file written (neither
the run folder named on the command line nor Hydra's default ``outputs/`` or ``multirun/``).
A few cases run the real console script as a subprocess, as an analyst would.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from sim.cli import main

SCHEDULE = "{port: antwerp, lever: scanners, value: 9, start: '2023-06-01'}"

UNKNOWN_KEYS = [
    ("run.horizon=10", "run.horizon", "run.horizon_days"),
    ("+run.horizon=10", "run.horizon", "run.horizon_days"),
    ("ports.antwerp.scanerz=3", "ports.antwerp.scanerz", "ports.antwerp.scanners"),
    ("+ports.antwerp.scanerz=3", "ports.antwerp.scanerz", "ports.antwerp.scanners"),
    ("ports.antwerpp.scanners=3", "ports.antwerpp", "ports.antwerp"),
    ("+ports.newport.scanners=3", "ports.newport", "rotterdam"),
    ("+levers.alliance.foo=1", "levers.alliance.foo", "intelligence_gain"),
    ("levers.aliance.enabled=true", "levers.aliance", "levers.alliance"),
    ("+levers.nosuch.enabled=true", "levers.nosuch", "benelux_agency"),
    ("+traffickers.foo=1", "traffickers.foo", "rationality"),
    ("traffickers.learning.memory=90", "traffickers.learning.memory", "memory_days"),
    ("+traffickers.organisations.french.fee=1", "traffickers.organisations.french.fee", "ports"),
    ("+security.methods.cover_load.foo=1", "security.methods.cover_load.foo", "image_detection"),
    ("+security.methods.x.image_detection=0.5", "security.methods.x", "cover_load"),
    ("+traffickers.method_max_share.liquid=0.1", "traffickers.method_max_share.liquid", "chemical"),
    ("+security.lane_selection_factor.XX=2", "security.lane_selection_factor.XX", "SL"),
    (
        "+traffickers.economics.origin_cost_eur_per_kg.lagos=1",
        "traffickers.economics.origin_cost_eur_per_kg.lagos",
        "freetown",
    ),
    (f"+scenario.schedule.x={SCHEDULE[:-1]}, extra: 1}}", "scenario.schedule.x.extra", "lever"),
    ("+foo=1", "foo", "traffickers"),
    ("+queue_check.foo=1", "queue_check.foo", "arrival_rate_per_h"),
    ("costs.scan_cost=1", "costs.scan_cost", "scan_eur"),
    ("+costs.foo=1", "costs.foo", "fixed_scanner_eur"),
    (f"scenario.schedule.x={SCHEDULE}", "scenario.schedule.x", "+scenario.schedule.x"),
    ("run=nosuch", "run", "smoke"),
    ("scenario=antwerp_surgee", "scenario", "antwerp_surge"),
]

NOT_FINITE_OR_WRONG_TYPE = [
    ("ports.antwerp.scanners=two", "ports.antwerp.scanners", "whole number"),
    ("ports.antwerp.selection_rate=nan", "ports.antwerp.selection_rate", "probability"),
    ("ports.antwerp.scan_time_h=inf", "ports.antwerp.scan_time_h", "(0, 48]"),
    ("traffickers.annual_volume_t=-inf", "traffickers.annual_volume_t", "[0, 20000]"),
    ("traffickers.rationality=nan", "traffickers.rationality", "[0, 1000]"),
    ("traffickers.load_sigma=nan", "traffickers.load_sigma", "(0, 4]"),
    ("costs.scan_eur=inf", "costs.scan_eur", "[0, 100000]"),
    ("ports.rotterdam.latam_selection_rate=nan", "latam_selection_rate", "or null"),
    ("run.scale=nan", "run.scale", "[0.001, 1]"),
    ("run.seed=1.5", "run.seed", "whole number"),
    ("run.replications=true", "run.replications", "whole number"),
    ("levers.alliance.enabled=maybe", "levers.alliance.enabled", "true, false"),
    ("ports.antwerp.scanners=null", "ports.antwerp.scanners", "whole number"),
    ("run.period=year", "run.period", "month"),
    ("traffickers.behaviour=clever", "traffickers.behaviour", "adaptive"),
]

RANGES_AND_BOUNDS = [
    ("ports.antwerp.scanners=-1", "ports.antwerp.scanners", "[0, 500]"),
    ("ports.antwerp.scanners=1e9", "ports.antwerp.scanners", "[0, 500]"),
    ("ports.rotterdam.inspection_teams=1000000", "ports.rotterdam.inspection_teams", "[0, 500]"),
    ("ports.antwerp.selection_rate=1.5", "ports.antwerp.selection_rate", "[0, 1]"),
    ("ports.hamburg.insider_rate=-0.1", "ports.hamburg.insider_rate", "[0, 1]"),
    ("security.methods.structure.image_detection=1.2", "image_detection", "[0, 1]"),
    ("traffickers.method_max_share.chemical=1.5", "method_max_share.chemical", "[0, 1], or null"),
    ("security.lane_selection_factor.EC=0", "security.lane_selection_factor.EC", "(0, 100]"),
    (
        "traffickers.economics.origin_cost_eur_per_kg.freetown=-5",
        "traffickers.economics.origin_cost_eur_per_kg.freetown",
        "[0, 1e+06]",
    ),
    (
        "traffickers.economics.method_cost_eur_per_kg.chemical=-1",
        "traffickers.economics.method_cost_eur_per_kg.chemical",
        "[0, 1e+06]",
    ),
    ("run.replications=0", "run.replications", "[1, 1000]"),
    ("run.replications=100000", "run.replications", "[1, 1000]"),
    ("run.horizon_days=0", "run.horizon_days", "[1, 3653]"),
    ("run.horizon_days=1000000", "run.horizon_days", "[1, 3653]"),
    ("run.warmup_days=-1", "run.warmup_days", "[0, 1826]"),
    ("run.scale=0", "run.scale", "[0.001, 1]"),
    ("run.scale=2", "run.scale", "[0.001, 1]"),
    ("run.seed=-1", "run.seed", "whole number"),
    ("traffickers.annual_volume_t=1e9", "traffickers.annual_volume_t", "[0, 20000]"),
    ("traffickers.load_median_kg=0", "traffickers.load_median_kg", "[1, 10000]"),
    ("traffickers.load_max_kg=50", "traffickers.load_max_kg", "load_median_kg"),
    ("traffickers.organisations.french.volume_share=0.5", "traffickers.organisations", "sum to 1"),
    ("traffickers.learning.news_weight=2", "traffickers.learning.news_weight", "[0, 1]"),
    ("queue_check.scanners=0", "queue_check.scanners", "[1, 500]"),
    ("queue_check.arrival_rate_per_h=1e9", "queue_check.arrival_rate_per_h", "(0, 1000]"),
    ("levers.benelux_agency.mobile_scanners=1e9", "levers.benelux_agency.mobile_scanners", "500"),
    ("levers.benelux_agency.review_days=0", "levers.benelux_agency.review_days", "[0.25, 3650]"),
    ("levers.liaison.teams_per_origin=0", "levers.liaison.teams_per_origin", "[1, 100]"),
    ("ports.antwerp.hold_cap_h=1e9", "ports.antwerp.hold_cap_h", "[0.5, 2160]"),
    ("run.monitor_interval_h=0.001", "run.monitor_interval_h", "[0.25, 168]"),
    ("traffic.containers_per_call_other=0.001", "traffic.containers_per_call_other", "[10,"),
    ("traffic.throughput_year=2030", "traffic.throughput_year", "[2021, 2024]"),
    ("ports.le_havre.scanner_hours_per_day=25", "ports.le_havre.scanner_hours_per_day", "(0, 24]"),
]

MEMORY = [
    (
        "ports.antwerp.selection_rate=1 ports.rotterdam.selection_rate=1 ports.hamburg."
        "selection_rate=1 run.horizon_days=3653 run.warmup_days=1826 run.replications=1000",
        "run",
        "smaller run.scale",
    ),
    (
        "traffickers.annual_volume_t=20000 traffickers.load_median_kg=1 "
        "traffickers.pressure.min_load_factor=0.01 run.horizon_days=3653 run.replications=1000",
        "run",
        "larger loads",
    ),
]

DATES = [
    ("run.start_date=2023-02-30", "run.start_date", "YYYY-MM-DD"),
    ("run.start_date=yesterday", "run.start_date", "YYYY-MM-DD"),
    ("run.start_date=2023-1-1", "run.start_date", "YYYY-MM-DD"),
    ("run.start_date=1850-01-01", "run.start_date", "2000-01-01"),
    (
        "+scenario.schedule.late={port: antwerp, lever: scanners, value: 9, start: '2025-01-01'}",
        "scenario.schedule.late.start",
        "2023-12-31",
    ),
    (
        "+scenario.schedule.bad={port: antwerp, lever: scanners, value: 9, start: 'soon'}",
        "scenario.schedule.bad.start",
        "YYYY-MM-DD",
    ),
    ("levers.alliance.enabled=true", "levers.alliance.start", "2022-01-01 to 2023-12-31"),
    ("scenario=antwerp_surge run.horizon_days=100", "scenario.schedule.antwerp_", "2023-04-10"),
    ("scenario=antwerp_surge scenario.policy_start=2030-01-01", "scenario.policy_start", "after"),
    ("scenario=antwerp_surge scenario.policy_start=2022-06-01", "scenario.policy_start", "after"),
    (
        "+scenario.schedule.x={port: antwerp, lever: scanners, value: 2.5, start: '2023-06-01'}",
        "scenario.schedule.x.value",
        "whole number",
    ),
]

PORT_LISTS = [
    ("levers.alliance.members=[antwerp,antwerp]", "levers.alliance.members", "distinct"),
    ("levers.alliance.members=[antwerp,atlantis]", "levers.alliance.members", "rotterdam"),
    ("levers.data_sharing.ports=[nowhere]", "levers.data_sharing.ports", "zeebrugge"),
    ("levers.insider_crackdown.ports=[rotterdam,rotterdam]", "insider_crackdown.ports", "distinct"),
    (
        "scenario=benelux_agency levers.benelux_agency.ports=[antwerp]",
        "levers.benelux_agency.ports",
        "at least 2",
    ),
    ("traffickers.organisations.french.ports=[lille]", "organisations.french.ports", "le_havre"),
    ("traffickers.organisations.french.origins=[paris]", "organisations.french.origins", "santos"),
    ("scenario.treated=[atlantis]", "scenario.treated", "antwerp"),
    ("scenario=antwerp_surge scenario.buffer=[antwerp]", "scenario.treated", "buffer"),
    ("levers.liaison.origins=[guayaquil,lagos]", "levers.liaison.origins", "santos"),
    (
        "scenario=liaison_network levers.liaison.origins=[callao]",
        "levers.liaison.eu_bound_containers_per_year",
        "origins",
    ),
    (
        "+scenario.schedule.x={port: atlantis, lever: scanners, value: 9, start: '2023-06-01'}",
        "scenario.schedule.x.port",
        "antwerp",
    ),
    (
        "+scenario.schedule.x={port: antwerp, lever: cranes, value: 9, start: '2023-06-01'}",
        "scenario.schedule.x.lever",
        "hold_cap_h",
    ),
]

CODE_FROM_CONFIGS = [
    ("+hydra.callbacks.x._target_=builtins.open", "_target_", "plain values"),
    ("hydra.callbacks.portsim_sweep._target_=os.system", "_target_", "plain values"),
    ("+scenario.schedule.x={_target_: os.system}", "scenario.schedule.x._target_", "plain"),
    ("+run.x={_partial_: true}", "run.x._partial_", "plain values"),
    ("hydra.searchpath=[file:///tmp]", "hydra.searchpath", "hydra.run.dir"),
    ("+hydra.job_logging.handlers.x.class=os.system", "hydra.job_logging", "hydra.run.dir"),
    ("hydra/job_logging=disabled", "hydra/job_logging", "hydra/launcher"),
    ("hydra/hydra_logging=disabled", "hydra/hydra_logging", "hydra/launcher"),
    ("hydra.launcher._target_=os.system", "hydra.launcher._target_", "plain values"),
    ("hydra.job.chdir=true", "hydra.job.chdir", "hydra.sweep.dir"),
    ("-cp /tmp", "--config-path", "--config-dir"),
    ("--config-name=other", "--config-name", "--config-dir"),
]

NAMES_AND_PATHS = [
    ("scenario.name=../../etc", "scenario.name", "a-z"),
    ("scenario.name='Foo Bar'", "scenario.name", "a-z"),
    ("scenario.name=''", "scenario.name", "a-z"),
    ("scenario.name=a/b", "scenario.name", "a-z"),
    ("+traffickers.organisations.Big_One={volume_share: 0}", "Big_One", "a-z"),
    ("hydra.sweep.subdir=../escape", "hydra.sweep.subdir", "relative"),
]

SWEEPS = [
    ("-m ports.antwerp.scanners=3,-1", "ports.antwerp.scanners", "[0, 500]"),
    ("-m scenario=baseline,nosuch", "scenario", "baseline"),
    ("-m run.scale=0.1,2 ports.antwerp.scanners=2,3", "run.scale", "[0.001, 1]"),
    ("-m ports.antwerp.scanners=range(498,503)", "ports.antwerp.scanners", "[0, 500]"),
    ("-m ports.antwerp.selection_rate=0.1,nan", "ports.antwerp.selection_rate", "probability"),
]

CATEGORIES = {
    "unknown_keys": UNKNOWN_KEYS,
    "not_finite_or_wrong_type": NOT_FINITE_OR_WRONG_TYPE,
    "ranges_and_bounds": RANGES_AND_BOUNDS,
    "memory": MEMORY,
    "dates": DATES,
    "port_lists": PORT_LISTS,
    "code_from_configs": CODE_FROM_CONFIGS,
    "names_and_paths": NAMES_AND_PATHS,
    "sweeps": SWEEPS,
}
CASES = [
    pytest.param(category, *case, id=f"{category}:{case[0]}")
    for category, cases in CATEGORIES.items()
    for case in cases
]


def _argv(text: str, out: Path) -> list[str]:
    """The case as command-line arguments (a mapping value is one argument, as if quoted)."""
    args = [text] if "{" in text else shlex.split(text)
    where = "hydra.sweep.dir" if "-m" in args else "hydra.run.dir"
    return [*args, f"{where}={out}"]


def run_main(argv: list[str], capsys) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(argv)
    captured = capsys.readouterr()
    return int(info.value.code or 0), captured.out, captured.err


@pytest.mark.parametrize(("category", "override", "key", "allowed"), CASES)
def test_bad_input_exits_2_with_one_line_and_writes_nothing(
    category, override, key, allowed, tmp_path, monkeypatch, capsys
):
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "never"
    code, stdout, stderr = run_main(_argv(override, out), capsys)
    lines = stderr.strip().splitlines()
    assert code == 2, stderr
    assert len(lines) == 1 and lines[0].startswith("portsim: error: "), stderr
    assert key in lines[0] and allowed in lines[0], lines[0]
    assert "; allowed: " in lines[0]
    assert "Traceback" not in stderr and stdout == ""
    assert list(tmp_path.iterdir()) == []


def test_the_corpus_covers_every_category_with_at_least_60_cases():
    assert all(CATEGORIES.values())
    assert len(CASES) >= 60


def test_a_config_dir_with_code_or_hydra_settings_is_refused(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    evil = tmp_path / "mine" / "scenario"
    evil.mkdir(parents=True)
    (evil / "evil.yaml").write_text("# @package _global_\nrun:\n  x: {_target_: os.system}\n")
    code, _, stderr = run_main(["--config-dir", str(tmp_path / "mine"), "scenario=evil"], capsys)
    assert code == 2 and "_target_" in stderr and len(stderr.strip().splitlines()) == 1
    (evil / "evil.yaml").write_text("# @package _global_\nhydra:\n  searchpath: [file:///]\n")
    code, _, stderr = run_main(["-cd", str(tmp_path / "mine"), "scenario=evil"], capsys)
    assert code == 2 and "hydra" in stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]


def test_a_run_never_writes_into_a_folder_that_holds_results(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "old"
    out.mkdir()
    (out / "replications.csv").write_text("old results\n")
    code, _, stderr = run_main(["run=smoke", f"hydra.run.dir={out}"], capsys)
    assert code == 2 and "hydra.run.dir" in stderr and "already holds results" in stderr
    assert sorted(p.name for p in out.iterdir()) == ["replications.csv"]
    assert (out / "replications.csv").read_text() == "old results\n"


def test_the_console_script_refuses_code_in_a_subprocess(tmp_path):
    """As an analyst would type it: no file is opened, nothing is written, exit 2."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from sim.cli import main; main()",
            "+hydra.callbacks.x._target_=builtins.open",
            "+hydra.callbacks.x.file=pwned.txt",
            "+hydra.callbacks.x.mode=w",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("portsim: error: hydra.callbacks.x._target_")
    assert len(done.stderr.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []
