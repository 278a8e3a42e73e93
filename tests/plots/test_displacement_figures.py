"""Displacement figures drawn from synthetic scenario / counterfactual tables (schema columns)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib.container import BarContainer, ErrorbarContainer
from matplotlib.figure import Figure

from sim.plots import displacement as plots
from sim.results import schema
from sim.results.displacement import PortGroups, displacement_by_port, share_by_period
from sim.results.run_tables import ResultTables
from sim.results.stats import mean_ci

POLICY = dt.date(2024, 1, 1)
PERIODS = pd.date_range("2023-01-01", periods=24, freq="MS")
BASE_KG = {"antwerp": 1200.0, "zeebrugge": 600.0, "rotterdam": 900.0, "le_havre": 450.0}
GROUPS = PortGroups.from_lists(["antwerp"], ["zeebrugge", "rotterdam"], BASE_KG)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def build_tables(name: str, shift: float, replications: int = 3) -> ResultTables:
    """From the policy date ``shift`` of Antwerp's kg moves to Zeebrugge (2/3) and Rotterdam."""
    rng = np.random.default_rng(11)  # same draws for both runs: common random numbers
    rows = []
    for rep in range(replications):
        for i, period in enumerate(PERIODS):
            noise = rng.uniform(0.9, 1.1, size=len(BASE_KG))
            ramp = min(max(i - 11, 0) / 6, 1.0)
            moved = shift * ramp * BASE_KG["antwerp"] * noise[0]
            extra = {"antwerp": -moved, "zeebrugge": 2 * moved / 3, "rotterdam": moved / 3}
            for (port, base), z in zip(BASE_KG.items(), noise, strict=True):
                kg = base * z + extra.get(port, 0.0)
                rows.append(
                    {
                        "scenario": name,
                        "replication": rep,
                        "port": port,
                        "period_start": period.date().isoformat(),
                        "kg_attempted": kg,
                        "kg_seized": 0.1 * kg,
                        "kg_delivered": 0.9 * kg,
                        "shipments_attempted": round(kg / 100),
                        "containers_scanned": 50,
                        "kg_delayed": 0.0,
                    }
                )
    ts = pd.DataFrame(rows)[schema.columns("timeseries")]
    reps = pd.DataFrame(
        [
            dict.fromkeys(schema.columns("replications"), 0) | {"replication": r}
            for r in range(replications)
        ]
    ).assign(scenario=name)
    ports = pd.DataFrame(
        [
            dict.fromkeys(schema.columns("ports"), 0) | {"replication": r, "port": p}
            for r in range(replications)
            for p in BASE_KG
        ]
    ).assign(scenario=name)
    return ResultTables(
        replications=reps[schema.columns("replications")],
        ports=ports[schema.columns("ports")],
        timeseries=ts,
        shipments=pd.DataFrame(columns=schema.columns("shipments")),
    )


@pytest.fixture(scope="module")
def pair() -> tuple[ResultTables, ResultTables]:
    return build_tables("antwerp_scanners", 0.4), build_tables("baseline", 0.0)


@pytest.fixture(scope="module")
def by_port(pair: tuple[ResultTables, ResultTables]) -> pd.DataFrame:
    return displacement_by_port(*pair, GROUPS, POLICY)


def _note(fig: Figure) -> str:
    return "\n".join(t.get_text() for t in fig.texts)


def _legend_texts(ax) -> list[str]:
    return [t.get_text() for t in ax.get_legend().get_texts()]


# ------------------------------------------------------------------ change by port


def test_by_port_figure_is_self_contained(by_port: pd.DataFrame) -> None:
    fig = plots.displacement_by_port_figure(by_port, GROUPS, "antwerp_scanners")
    assert isinstance(fig, Figure)
    assert fig.get_suptitle().startswith("Where the flow went")
    ax = fig.axes[0]
    assert ax.get_xlabel().endswith("(t)")
    assert ax.get_ylabel() == "port of discharge"
    assert _legend_texts(ax) == ["treated ports", "buffer ports", "control ports", "95 % CI"]
    note = _note(fig)
    assert "scenario antwerp_scanners" in note
    assert "3 replications" in note
    assert "Policy from 2024-01-01" in note  # from by_port.attrs
    assert "95 % CI" in note


def test_by_port_bars_are_the_mean_changes_in_tonnes(by_port: pd.DataFrame) -> None:
    fig = plots.displacement_by_port_figure(by_port, GROUPS, "antwerp_scanners", POLICY)
    ax = fig.axes[0]
    expected = (by_port.groupby("port")["change_kg"].mean() / 1000.0).sort_values()
    assert expected.index[0] == "antwerp" and expected.iloc[0] < 0
    (bars,) = [c for c in ax.containers if isinstance(c, BarContainer)]
    widths = [patch.get_width() for patch in bars.patches]
    assert widths == pytest.approx(expected.to_numpy(), rel=1e-12)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == [plots.port_label(p) for p in expected.index]
    assert ax.yaxis_inverted()  # largest loss at the top
    colors = {label: bar.get_facecolor() for label, bar in zip(labels, bars.patches, strict=True)}
    assert colors["Antwerp"] != colors["Zeebrugge"] == colors["Rotterdam"] != colors["Le Havre"]
    # error bars span the Student t interval of the replication values
    (errorbar,) = [c for c in ax.containers if isinstance(c, ErrorbarContainer)]
    segment = errorbar.lines[2][0].get_segments()[0]
    kg = by_port.loc[by_port["port"] == "antwerp", "change_kg"].to_numpy()
    _mean, lower, upper = mean_ci(kg)
    assert sorted(segment[:, 0]) == pytest.approx([lower / 1000, upper / 1000])
    assert any(line.get_xdata()[0] == 0 for line in ax.lines)  # the zero line


def test_single_replication_has_no_ci() -> None:
    scenario, counterfactual = build_tables("s", 0.4, 1), build_tables("c", 0.0, 1)
    by_port = displacement_by_port(scenario, counterfactual, GROUPS, POLICY)
    fig = plots.displacement_by_port_figure(by_port, GROUPS, "s")
    assert "1 replication, no CI" in _note(fig)
    assert not [c for c in fig.axes[0].containers if isinstance(c, ErrorbarContainer)]
    assert "95 % CI" not in _legend_texts(fig.axes[0])


# ------------------------------------------------------------------ share over time


def test_share_figure(pair: tuple[ResultTables, ResultTables]) -> None:
    scenario, counterfactual = pair
    fig = plots.treated_share_over_time_figure(scenario, counterfactual, GROUPS, POLICY)
    assert fig.get_suptitle()
    ax = fig.axes[0]
    assert ax.get_ylabel().endswith("%)") or "(%" in ax.get_ylabel()
    diff_ax = fig.axes[1]
    assert "(date)" in diff_ax.get_xlabel()
    assert "percentage points" in diff_ax.get_ylabel()
    # the bottom panel is the paired difference: mean of differences = difference of means
    diff = {line.get_label(): line for line in diff_ax.lines}["treated ports"].get_ydata()
    top = {line.get_label(): line for line in ax.lines}
    expected = (
        top["treated ports — scenario"].get_ydata()
        - top["treated ports — counterfactual"].get_ydata()
    )
    assert diff == pytest.approx(expected)
    lines = {line.get_label(): line for line in ax.lines}
    assert [label for label in lines if not label.startswith("_")] == [
        "treated ports — scenario",
        "treated ports — counterfactual",
        "buffer ports — scenario",
        "buffer ports — counterfactual",
    ]
    assert lines["treated ports — scenario"].get_linestyle() == "-"
    assert lines["treated ports — counterfactual"].get_linestyle() == "--"
    assert "95 % CI band" in _legend_texts(ax)
    shares = share_by_period(scenario, GROUPS.treated)
    expected = shares.groupby("period")["share"].mean().sort_index() * 100
    assert np.asarray(lines["treated ports — scenario"].get_ydata()) == pytest.approx(
        expected.to_numpy()
    )
    x = np.asarray(lines["treated ports — scenario"].get_xdata())
    assert x[0] == np.datetime64("2023-01-01") and len(x) == 24
    # before the policy the two runs coincide (common random numbers), after it they part
    cf = np.asarray(lines["treated ports — counterfactual"].get_ydata())
    y = np.asarray(lines["treated ports — scenario"].get_ydata())
    assert y[:12] == pytest.approx(cf[:12])
    assert (y[14:] < cf[14:]).all()
    assert "Policy from 2024-01-01" in _note(fig)
    assert "scenario antwerp_scanners, 3 replications" in _note(fig)


# ------------------------------------------------------------------ files


def test_make_displacement_figures(
    pair: tuple[ResultTables, ResultTables], by_port: pd.DataFrame, tmp_path: Path
) -> None:
    out = tmp_path / "figures" / "displacement"
    paths = plots.make_displacement_figures(*pair, by_port, GROUPS, POLICY, out)
    expected = {
        f"{name}.{fmt}"
        for name in ("displacement_by_port", "treated_share_over_time")
        for fmt in ("png", "svg")
    }
    assert {p.name for p in paths} == expected
    assert {p.name for p in out.iterdir()} == expected  # no temporary files left behind
    for path in paths:
        data = path.read_bytes()
        assert len(data) > 1000
        if path.suffix == ".png":
            assert data.startswith(PNG_SIGNATURE)
        else:
            assert b"<svg" in data[:2000]
