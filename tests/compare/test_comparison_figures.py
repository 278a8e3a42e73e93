"""The comparison figures: readable on their own, and drawing the values of the tables."""

from __future__ import annotations

import shutil

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
import pytest
from compare.sweep_values import ANTWERP_STEP, SCANNERS, SEIZED_STEP
from helpers import restamp
from matplotlib.collections import PolyCollection
from matplotlib.container import BarContainer, ErrorbarContainer
from matplotlib.figure import Figure

from sim.compare import comparison_figures as figures
from sim.compare.load import load
from sim.plots.displacement import BY_PORT_TITLE
from sim.plots.run_figures import summarise
from sim.results.stats import mean_ci

KEY = "ports.antwerp.scanners"


@pytest.fixture(scope="module")
def loaded(runs):
    found, _ = load([runs.base, runs.surge])
    sweeps = {name: load([getattr(runs, name)])[1][0] for name in ("sweep", "sweep2", "sweep_cat")}
    return found, sweeps


def assert_readable(fig: Figure, *notes: str) -> None:
    """Title, labelled axes, a legend and a source note naming the given things."""
    assert isinstance(fig, Figure)
    assert fig._suptitle is not None and fig._suptitle.get_text()
    axes = [ax for ax in fig.axes if ax.get_visible()]
    assert axes
    for ax in axes:
        assert ax.get_xlabel() and ax.get_ylabel(), ax.get_title()
    assert fig.legends or any(ax.get_legend() is not None for ax in axes)
    note = fig.texts[-1].get_text()
    for text in notes:
        assert text in note, (text, note)
    fig.canvas.draw()  # lays out and renders without error


def _bars(ax) -> list[BarContainer]:
    return [c for c in ax.containers if isinstance(c, BarContainer)]


def test_seized_delivered_by_port(loaded, runs):
    found, _ = loaded
    fig = figures.seized_delivered_by_port(found)
    assert_readable(fig, str(runs.base), str(runs.surge), "2 replications")
    ax_seized, diff_seized, ax_delivered, diff_delivered = fig.axes
    assert "(t)" in ax_seized.get_ylabel() and "(t)" in ax_delivered.get_ylabel()
    order = figures.port_order(found)
    attempted = found[0].tables.ports.groupby("port")["kg_attempted"].mean()
    assert order[0] == attempted.idxmax()  # ports by flow, largest first
    for ax, column in ((ax_seized, "kg_seized"), (ax_delivered, "kg_delivered")):
        bars = _bars(ax)
        assert [b.get_label() for b in bars] == [r.name for r in found]
        for container, run in zip(bars, found, strict=True):
            expected = summarise(run.tables.ports, "port", column).reindex(order)["mean"] / 1e3
            heights = [p.get_height() for p in container.patches]
            np.testing.assert_allclose(heights, expected.to_numpy())
            assert container.errorbar is not None  # 2 replications: CI bars
    base, surge = found
    for ax, column in ((diff_seized, "kg_seized"), (diff_delivered, "kg_delivered")):
        title = ax.get_title(loc="left")
        assert "paired 95 % CI" in title and base.name in title
        [container] = _bars(ax)  # one bar per port: the surge run − the baseline
        a, b = (r.tables.ports.set_index(["port", "replication"])[column] for r in (surge, base))
        per_rep = ((a - b) / 1e3).unstack("replication").reindex(order)
        np.testing.assert_allclose(
            [p.get_height() for p in container.patches], per_rep.mean(axis=1).to_numpy()
        )
        # the error bar is the paired t interval: t_{0.975,1} · s_d / √2 with 2 replications
        half = 12.706205 * per_rep.std(axis=1, ddof=1).to_numpy() / np.sqrt(2)
        segments = container.errorbar.lines[2][0].get_segments()
        np.testing.assert_allclose([s[1][1] - s[0][1] for s in segments], 2 * half, rtol=1e-5)


def test_seized_delivered_by_port_one_run_has_no_difference_panel(loaded):
    found, _ = loaded
    assert len(figures.seized_delivered_by_port(found[:1]).axes) == 2


def test_flows_before_after(loaded, runs):
    found, _ = loaded
    fig = figures.flows_before_after(found)
    assert_readable(fig, str(runs.base), "Policy date: 2024-01-01")
    assert len(fig.axes) == len(found)
    ax_surge = fig.axes[1]
    line = next(ln for ln in ax_surge.get_lines() if ln.get_label() == "Antwerp")
    ts = runs_ts = found[1].tables.timeseries
    per = runs_ts[ts["port"] == "antwerp"].groupby("period_start")["kg_attempted"].mean() / 1e3
    np.testing.assert_allclose(line.get_ydata(), per.sort_index().to_numpy())
    policy = mdates.date2num(pd.Timestamp("2024-01-01"))
    for ax in fig.axes:  # the baseline panel shows the other run's policy date too
        xs = [ln.get_xdata()[0] for ln in ax.get_lines() if ln.get_linestyle() == ":"]
        assert any(np.isclose(mdates.date2num(x), policy) for x in xs)
    assert any(isinstance(c, PolyCollection) for c in ax_surge.collections)  # CI bands


def test_displacement_chart_single_run_reuses_the_run_figure(loaded, runs):
    found, _ = loaded
    fig = figures.displacement_chart(found)  # only the surge run has a counterfactual
    assert_readable(fig, f"Run directory: {runs.surge}")
    assert fig._suptitle.get_text() == BY_PORT_TITLE


def test_displacement_chart_groups_several_runs(loaded, runs, tmp_path):
    found, _ = loaded
    other = tmp_path / "surge2"
    shutil.copytree(runs.surge, other)
    by_port = pd.read_csv(other / "displacement_by_port.csv")
    by_port["change_kg"] *= 2
    by_port.to_csv(other / "displacement_by_port.csv", index=False)
    restamp(other)
    two, _ = load([runs.surge, other])
    fig = figures.displacement_chart([found[0], *two])
    assert_readable(fig, str(runs.surge), str(other))
    (ax,) = fig.axes
    assert "(t)" in ax.get_xlabel()
    bars = _bars(ax)
    assert [b.get_label() for b in bars] == [r.name for r in two]
    ports = [t.get_text() for t in ax.get_yticklabels()]
    first = summarise(two[0].displacement_by_port, "port", "change_kg")["mean"] / 1e3
    widths = dict(zip(ports, (p.get_width() for p in bars[0].patches), strict=True))
    assert widths["Antwerp"] == pytest.approx(first["antwerp"])
    doubled = dict(zip(ports, (p.get_width() for p in bars[1].patches), strict=True))
    assert doubled["Antwerp"] == pytest.approx(2 * first["antwerp"])
    treated = bars[0].patches[ports.index("Antwerp")]
    assert treated.get_hatch() == "///"


def test_displacement_chart_needs_a_counterfactual(loaded):
    found, _ = loaded
    with pytest.raises(ValueError, match="counterfactual"):
        figures.displacement_chart(found[:1])


def _panel(fig: Figure, start: str):
    return next(ax for ax in fig.axes if ax.get_title(loc="left").startswith(start))


def test_response_curves_numeric_port_lever(loaded):
    _, sweeps = loaded
    sweep = sweeps["sweep"]
    fig = figures.response_curves(sweep)
    assert_readable(fig, str(sweep.path), "3 of 4 jobs complete", "failed: job 3")
    assert len(fig.axes) == 6  # four panels + the port's two
    for ax in fig.axes:
        assert ax.get_xlabel() == KEY
    seized = _panel(fig, "Seized")
    (line,) = seized.get_lines()
    np.testing.assert_allclose(line.get_xdata(), SCANNERS)
    means = sweep.sweep[sweep.sweep["row"] == "mean"].sort_values("job")["kg_seized"] / 1e3
    np.testing.assert_allclose(line.get_ydata(), means.to_numpy())
    assert np.diff(line.get_ydata()) == pytest.approx([SEIZED_STEP / 1e3] * 2)
    assert any(isinstance(c, PolyCollection) for c in seized.collections)
    displacement = _panel(fig, "Displacement: change at Antwerp")
    (line,) = [ln for ln in displacement.get_lines() if len(ln.get_xdata()) == len(SCANNERS)]
    np.testing.assert_allclose(line.get_ydata(), [k * ANTWERP_STEP / 1e3 for k in range(3)])
    delay = _panel(fig, "Delay")
    reps = sweep.replication_rows
    expected = [mean_ci(reps.loc[reps["job"] == j, "container_delay_h"])[0] for j in range(3)]
    np.testing.assert_allclose(delay.get_lines()[0].get_ydata(), expected)
    assert _panel(fig, "Antwerp: share")


def test_response_curves_two_keys_one_line_per_second_value(loaded):
    _, sweeps = loaded
    sweep = sweeps["sweep2"]
    fig = figures.response_curves(sweep)
    assert_readable(fig, str(sweep.path))
    # every job has a counterfactual: the seized panel is the paired change
    seized = _panel(fig, "Extra kg seized vs counterfactual")
    lines = seized.get_lines()
    assert sorted(ln.get_label() for ln in lines) == ["costs.scan_eur=100", "costs.scan_eur=200"]
    reps = sweep.replication_rows
    job0_extra = reps.loc[reps["job"] == 0, "extra_kg_seized"].mean() / 1e3
    line = next(ln for ln in lines if ln.get_label() == "costs.scan_eur=100")
    assert line.get_ydata()[0] == pytest.approx(job0_extra)
    displacement = _panel(fig, "Displacement: change at the treated ports")
    job0 = reps.loc[reps["job"] == 0, "treated_change_kg"].mean() / 1e3
    first = next(ln for ln in displacement.get_lines() if ln.get_label() == "costs.scan_eur=100")
    assert first.get_ydata()[0] == pytest.approx(job0)


def test_response_curves_categorical_key_draws_points_with_ci(loaded):
    _, sweeps = loaded
    sweep = sweeps["sweep_cat"]
    fig = figures.response_curves(sweep)
    assert_readable(fig, str(sweep.path))
    seized = _panel(fig, "Seized")
    assert [t.get_text() for t in seized.get_xticklabels()] == ["baseline", "antwerp_surge"]
    (points,) = [c for c in seized.containers if isinstance(c, ErrorbarContainer)]
    reps = sweep.replication_rows
    expected = [reps.loc[reps["job"] == j, "kg_seized"].mean() / 1e3 for j in (0, 1)]
    np.testing.assert_allclose(points.lines[0].get_ydata(), expected)


def test_tradeoff_runs_and_sweep(loaded, runs):
    found, sweeps = loaded
    fig = figures.tradeoff(found)
    assert_readable(fig, str(runs.base))
    ax_cost, ax_delay = fig.axes
    assert "EUR M" in ax_cost.get_ylabel() and "(h" in ax_delay.get_ylabel()
    assert "(t" in ax_cost.get_xlabel()
    points = [c for c in ax_cost.containers if isinstance(c, ErrorbarContainer)]
    assert [p.get_label() for p in points] == [r.name for r in found]
    for point, run in zip(points, found, strict=True):
        x, y = point.lines[0].get_xdata()[0], point.lines[0].get_ydata()[0]
        assert x == pytest.approx(run.tables.replications["kg_seized"].mean() / 1e3)
        assert y == pytest.approx(run.costs["total_eur"].mean() / 1e6)
    labels = [t.get_text() for t in ax_cost.texts]
    assert labels == [r.name for r in found]

    sweep = sweeps["sweep"]
    fig = figures.tradeoff(sweep)
    assert_readable(fig, str(sweep.path))
    points = [c for c in fig.axes[1].containers if isinstance(c, ErrorbarContainer)]
    assert len(points) == len(SCANNERS)
    means = sweep.sweep[sweep.sweep["row"] == "mean"].sort_values("job")
    ys = [p.lines[0].get_ydata()[0] for p in points]
    np.testing.assert_allclose(ys, means["container_delay_h"].to_numpy())
