"""portsim's own ``--help`` and ``--version`` (Hydra's help stays behind ``--hydra-help``)."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

from sim.config import CONFIG_DIR

GROUPS = ("scenario", "traffickers", "run")
"""Config groups an analyst picks from (GROUP=OPTION), in the order the help lists them."""

COMMON_OVERRIDES = (
    ("scenario=NAME", "the policy scenario (and its counterfactual, if it has one)"),
    ("run.replications=N", "independent replications (common random numbers across runs)"),
    ("run.scale=X", "share of the system simulated (1 = full scale; see README Scale)"),
    ("run.seed=N", "master seed: a run is reproducible bit for bit from config and seed"),
    ("run.start_date=YYYY-MM-DD", "first day after the warm-up"),
    ("run.horizon_days=N", "length of the measured window"),
    ("run.warmup_days=N", "warm-up before the window (organisations learn)"),
    ("traffickers=adaptive|static", "organisations that learn, or keep their first choices"),
    ("ports.PORT.LEVER=VALUE", "a port's lever, e.g. ports.antwerp.scanners=12"),
    ("-m KEY=A,B,C ...", "a sweep (Hydra multirun) over the listed values"),
)


def _options(group: str) -> list[str]:
    folder = Path(CONFIG_DIR) / group
    return sorted(p.stem for p in folder.glob("*.yaml"))


def _wrapped(label: str, names: list[str], width: int = 96) -> list[str]:
    """``  label  a, b, c`` wrapped to ``width`` columns under the first name."""
    indent = "  " + f"{label:<12}" + " "
    lines, line = [], indent
    for i, name in enumerate(names):
        item = name + ("," if i < len(names) - 1 else "")
        if len(line) + len(item) > width and line.strip():
            lines.append(line.rstrip())
            line = " " * len(indent)
        line += item + " "
    lines.append(line.rstrip())
    return lines


def version() -> str:
    """The installed portsim version, or 'unknown' outside an installation."""
    try:
        return metadata.version("portsim")
    except metadata.PackageNotFoundError:
        return "unknown"


def version_text(commit: str | None) -> str:
    """``portsim <version> (commit <hash>)``; the commit is 'unknown' outside a git checkout."""
    return f"portsim {version()} (commit {commit[:12] if commit else 'unknown'})"


def help_text() -> str:
    """What ``portsim --help`` prints: usage, common overrides, config groups, the docs."""
    width = max(len(key) for key, _ in COMMON_OVERRIDES)
    lines = [
        "usage: portsim [KEY=VALUE ...]          one run (a scenario and its counterfactual)",
        "       portsim -m KEY=A,B ... [KEY=VALUE ...]   a sweep, one job per combination",
        "",
        "Simulates cocaine shipments through 12 European container ports and the routes",
        "outside them, with scanning, targeting, insiders and adaptive organisations, and",
        "writes tidy tables, figures and report.html into the run folder (outputs/...).",
        "",
        "common overrides:",
        *(f"  {key:<{width}}  {what}" for key, what in COMMON_OVERRIDES),
        "",
        "config groups (GROUP=OPTION):",
        *(line for group in GROUPS for line in _wrapped(group, _options(group))),
        "policy levers (levers.NAME.enabled=true, levers.NAME.KEY=VALUE):",
        *_wrapped("", _options("levers")),
        "",
        "options:",
        "  -h, --help       this help",
        "  --version        portsim's version and commit",
        "  --hydra-help     Hydra's own help (flags such as --cfg job, --config-dir DIR)",
        "",
        "docs: README.md (quick start, model, every parameter with its range and source,",
        "output tables); compare finished runs with portsim-compare DIR ... --out OUT.",
    ]
    return "\n".join(lines)
