"""Figures drawn from synthetic result tables (columns exactly as in ``sim.results.schema``)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib.container import BarContainer, ErrorbarContainer
from matplotlib.figure import Figure

from sim.plots import run_figures as figures
from sim.results import schema
from sim.results.run_tables import ResultTables

SCENARIO = "baseline"
START = pd.Timestamp("2023-01-01")
# listed smallest-first on purpose, so the figure has to sort them
PORT_SIZES = {"gioia_tauro": 6, "le_havre": 10, "rotterdam": 16, "antwerp": 24}
OUTCOMES = ("seized_origin", "seized_port", "extracted", "delivered", "in_transit")
OUTCOME_P = (0.05, 0.2, 0.1, 0.55, 0.1)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


# ------------------------------------------------------------------ synthetic tables


def _shipments(rng: np.random.Generator, replication: int, sizes: dict[str, int]) -> pd.DataFrame:
    rows = []
    for port, size in sizes.items():
        for _ in range(int(rng.poisson(size)) + 2):
            departed = float(rng.uniform(0, 365))
            arrived = departed + float(rng.uniform(12, 20))
            outcome = str(rng.choice(OUTCOMES, p=OUTCOME_P))
            at_sea = outcome in ("seized_origin", "in_transit")
            rows.append(
                {
                    "scenario": SCENARIO,
                    "replication": replication,
                    "shipment_id": len(rows),
                    "organisation": "org_a",
                    "origin": "guayaquil",
                    "port": port,
                    "method": "rip_on_rip_off",
                    "load_kg": int(rng.integers(100, 1500)),
                    "departed_day": departed,
                    "planned_day": departed,
                    "arrived_day": math.nan if at_sea else arrived,
                    "selected": outcome == "seized_port",
                    "scan_wait_h": 3.0 if outcome == "seized_port" else math.nan,
                    "outcome": outcome,
                    "stage": "scan",
                    "outcome_day": math.nan if outcome == "in_transit" else arrived + 1.0,
                }
            )
    return pd.DataFrame(rows, columns=schema.columns("shipments"))


def _kg(frame: pd.DataFrame, *outcomes: str) -> float:
    return float(frame.loc[frame["outcome"].isin(outcomes), "load_kg"].sum())


def _port_row(rng: np.random.Generator, replication: int, port: str, mine: pd.DataFrame) -> dict:
    seized, delivered = _kg(mine, "seized_port"), _kg(mine, "delivered", "extracted")
    wait = float(rng.uniform(1, 8))
    return {
        "scenario": SCENARIO,
        "replication": replication,
        "port": port,
        "locode": port[:5].upper(),
        "containers_arrived": 1000,
        "containers_selected": 50,
        "containers_scanned": 48,
        "containers_released_unscanned": 2,
        "containers_inspected": 5,
        "scan_wait_mean_h": wait,
        "scan_wait_p95_h": 3 * wait,
        "scan_queue_mean": 1.5,
        "scanner_utilization": float(rng.uniform(0.4, 0.9)),
        "inspection_wait_mean_h": 2.0,
        "inspection_utilization": 0.5,
        "scanners": 2,
        "scanner_years": 2.0,
        "mobile_scanner_years": 0.0,
        "scan_dwell_h": 1000 * wait + 50.0,
        "inspection_dwell_h": 40.0,
        "shipments_attempted": len(mine),
        "kg_attempted": float(mine["load_kg"].sum()),
        "kg_seized": seized,
        "kg_seized_origin": _kg(mine, "seized_origin"),
        "kg_extracted": _kg(mine, "extracted"),
        "kg_delivered": delivered,
        "kg_in_transit": _kg(mine, "in_transit"),
        "kg_delayed": 0.0,
        "interdiction_rate": seized / (seized + delivered) if seized + delivered else math.nan,
    }


def _timeseries(replication: int, port: str, mine: pd.DataFrame) -> pd.DataFrame:
    starts = pd.date_range(START, periods=12, freq="MS")
    edges = np.array([(d - START).days for d in starts] + [365], dtype=float)

    def binned(rows: pd.DataFrame, day: str) -> np.ndarray:
        return np.histogram(rows[day], bins=edges, weights=rows["load_kg"])[0]

    counts = np.histogram(mine["departed_day"], bins=edges)[0]
    return pd.DataFrame(
        {
            "scenario": SCENARIO,
            "replication": replication,
            "port": port,
            "period_start": [d.date().isoformat() for d in starts],
            "kg_attempted": binned(mine, "departed_day"),
            "kg_seized": binned(mine[mine["outcome"] == "seized_port"], "outcome_day"),
            "kg_delivered": binned(
                mine[mine["outcome"].isin(["delivered", "extracted"])], "outcome_day"
            ),
            "shipments_attempted": counts,
            "containers_scanned": 40,
            "kg_delayed": 0.0,
        }
    )


def _replication_row(replication: int, ships: pd.DataFrame, ports: pd.DataFrame) -> dict:
    seized = _kg(ships, "seized_port", "seized_origin")
    delivered = _kg(ships, "delivered", "extracted")
    row = {
        "scenario": SCENARIO,
        "replication": replication,
        "rng_seed": 1000 + replication,
        "kg_attempted": float(ships["load_kg"].sum()),
        "kg_seized": seized,
        "kg_seized_port": _kg(ships, "seized_port"),
        "kg_seized_origin": _kg(ships, "seized_origin"),
        "kg_delivered": delivered,
        "kg_extracted": _kg(ships, "extracted"),
        "kg_in_transit": _kg(ships, "in_transit"),
        "kg_seized_outside": 0.0,
        "kg_delayed": 0.0,
        **{
            f"kg_{route}{part}": 0.0
            for route in ("rest_of_europe", "at_sea")
            for part in ("", "_seized", "_delivered")
        },
        "interdiction_rate": seized / (seized + delivered),
        "shipments_attempted": len(ships),
        "shipments_seized": int(ships["outcome"].isin(["seized_port", "seized_origin"]).sum()),
        "shipments_delivered": int(ships["outcome"].isin(["delivered", "extracted"]).sum()),
        "shipments_in_transit": int((ships["outcome"] == "in_transit").sum()),
        "wall_time_s": 1.0,
        "container_delay_h": 100.0,
        "containers_checked_origin": 0,
        "agency_moves": 0,
        "scan_wait_mean_h": 2.0,
    }
    for column in (
        "containers_arrived",
        "containers_selected",
        "containers_scanned",
        "containers_released_unscanned",
        "containers_inspected",
    ):
        row[column] = int(ports[column].sum())
    return row


def build_tables(replications: int = 3, sizes: dict[str, int] = PORT_SIZES) -> ResultTables:
    """Consistent synthetic tables: ports, time series and replications derive from shipments."""
    rng = np.random.default_rng(7)
    reps, ports, series, ships = [], [], [], []
    for r in range(replications):
        s = _shipments(rng, r, {p: 10 * n for p, n in sizes.items()})
        p = pd.DataFrame(
            [_port_row(rng, r, port, s[s["port"] == port]) for port in sizes],
            columns=schema.columns("ports"),
        )
        series += [_timeseries(r, port, s[s["port"] == port]) for port in sizes]
        reps.append(_replication_row(r, s, p))
        ports.append(p)
        ships.append(s)
    return ResultTables(
        replications=pd.DataFrame(reps)[schema.columns("replications")],
        ports=pd.concat(ports, ignore_index=True),
        timeseries=pd.concat(series, ignore_index=True)[schema.columns("timeseries")],
        shipments=pd.concat(ships, ignore_index=True),
    )


def queue_check_tables(replications: int = 2) -> ResultTables:
    """Tables shaped like the queue_check scenario: one port, no shipments, kg all zero."""
    base = build_tables(replications, {"queue_check": 1})
    ports = base.ports.assign(scenario="queue_check")
    for column in ("kg_attempted", "kg_seized", "kg_extracted", "kg_delivered", "kg_in_transit"):
        ports[column] = 0.0
    ports["shipments_attempted"] = 0
    ports["interdiction_rate"] = math.nan
    timeseries = base.timeseries.assign(scenario="queue_check", kg_attempted=0.0, kg_seized=0.0)
    return ResultTables(
        replications=base.replications.assign(scenario="queue_check"),
        ports=ports,
        timeseries=timeseries.assign(kg_delivered=0.0, shipments_attempted=0),
        shipments=pd.DataFrame(columns=schema.columns("shipments")),
    )


@pytest.fixture(scope="module")
def tables() -> ResultTables:
    return build_tables()


def test_fixture_follows_the_schema(tables: ResultTables) -> None:
    for name, frame in tables.as_dict().items():
        assert list(frame.columns) == schema.columns(name)
    reps = tables.replications
    assert (
        reps["kg_attempted"] == reps["kg_seized"] + reps["kg_delivered"] + reps["kg_in_transit"]
    ).all()
    by_rep = tables.ports.groupby("replication")[["kg_attempted", "kg_seized"]].sum()
    assert (by_rep["kg_attempted"].to_numpy() == reps["kg_attempted"].to_numpy()).all()
    assert (by_rep["kg_seized"].to_numpy() == reps["kg_seized_port"].to_numpy()).all()


def test_port_labels() -> None:
    assert figures.port_label("le_havre") == "Le Havre"
    assert figures.port_label("gioia_tauro") == "Gioia Tauro"
    assert figures.port_label("antwerp") == "Antwerp"


# ------------------------------------------------------------------ figures


def _note(fig: Figure) -> str:
    return "\n".join(t.get_text() for t in fig.texts)


@pytest.mark.parametrize("name", list(figures.FIGURES))
def test_figure_is_self_contained(tables: ResultTables, name: str) -> None:
    fig = figures.FIGURES[name](tables)
    assert isinstance(fig, Figure)
    assert fig.get_suptitle()
    for ax in fig.axes:
        assert ax.get_ylabel().endswith(")") and "(" in ax.get_ylabel()  # a unit
        assert ax.get_legend() is not None
    assert fig.axes[-1].get_xlabel()
    note = _note(fig)
    assert "portsim — scenario baseline, 3 replications, run.start_date 2023-01-01" in note
    assert "95 % CI" in note


def _bars(ax) -> dict[str, BarContainer]:
    return {c.get_label(): c for c in ax.containers if isinstance(c, BarContainer)}


def test_seized_vs_attempted_bars_are_the_means_in_tonnes(tables: ResultTables) -> None:
    fig = figures.seized_vs_attempted_by_port(tables)
    ax = fig.axes[0]
    expected = tables.ports.groupby("port")[["kg_attempted", "kg_seized", "kg_delivered"]].mean()
    expected = expected.sort_values("kg_attempted", ascending=False) / 1000.0
    order = ["antwerp", "rotterdam", "le_havre", "gioia_tauro"]
    assert list(expected.index) == order
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "Antwerp",
        "Rotterdam",
        "Le Havre",
        "Gioia Tauro",
    ]
    bars = _bars(ax)
    assert ax.get_ylabel() == "cocaine (t)"
    for (column, label, _color), bar in zip(figures.FIG1_SERIES, bars.values(), strict=True):
        assert bar.get_label() == label
        heights = [patch.get_height() for patch in bar.patches]
        assert heights == pytest.approx(expected[column].to_numpy(), rel=1e-12)
    # the error bars span the Student t interval of the replication values
    errorbars = [c for c in ax.containers if isinstance(c, ErrorbarContainer)]
    segments = errorbars[0].lines[2][0].get_segments()
    for port, segment in zip(order, segments, strict=True):
        kg = tables.ports.loc[tables.ports["port"] == port, "kg_attempted"].to_numpy()
        _mean, lower, upper = figures.mean_ci(kg)
        assert sorted(segment[:, 1]) == pytest.approx([lower / 1000, upper / 1000])


def test_scanner_load_panels(tables: ResultTables) -> None:
    fig = figures.scanner_load_by_port(tables)
    util, wait = fig.axes
    assert util.get_ylabel() == "scanner utilisation (%)"
    assert wait.get_ylabel() == "wait for a scanner (h)"
    expected = tables.ports.groupby("port")["scanner_utilization"].mean() * 100
    heights = {
        t.get_text(): p.get_height()
        for t, p in zip(wait.get_xticklabels(), _bars(util)["scanner utilisation"], strict=True)
    }
    assert heights["Le Havre"] == pytest.approx(expected["le_havre"])
    p95 = [c for c in wait.containers if c.get_label() == "95th percentile of wait"]
    assert len(p95) == 1
    markers = np.asarray(p95[0].lines[0].get_ydata())
    expected_p95 = tables.ports.groupby("port")["scan_wait_p95_h"].mean()
    assert markers[2] == pytest.approx(expected_p95["le_havre"])


def test_flows_over_time_groups_small_ports() -> None:
    sizes = {f"port_{i}": 10 + i for i in range(8)}
    tables = build_tables(2, sizes)
    ax = figures.flows_over_time(tables).axes[0]
    totals = tables.timeseries.groupby("port")["kg_attempted"].sum().sort_values(ascending=False)
    top, rest = list(totals.index[:6]), list(totals.index[6:])
    assert [line.get_label() for line in ax.lines] == [*map(figures.port_label, top), "other ports"]
    assert ax.get_ylabel() == "cocaine shipped (t per month)"
    other = ax.lines[-1]
    x = np.asarray(other.get_xdata())
    assert x[0] == np.datetime64("2023-01-01") and len(x) == 12
    small = tables.timeseries[tables.timeseries["port"].isin(rest)]
    per_rep = small.groupby(["replication", "period_start"])["kg_attempted"].sum()
    expected = per_rep.groupby("period_start").mean().sort_index() / 1000
    assert np.asarray(other.get_ydata()) == pytest.approx(expected.to_numpy())


def test_outcome_shares_stack_to_100(tables: ResultTables) -> None:
    ax = figures.outcomes_share(tables).axes[0]
    bars = _bars(ax)
    assert any(p.get_hatch() for p in bars["delivered: extracted by insiders"].patches)
    tops = np.sum([[p.get_height() for p in c.patches] for c in bars.values()], axis=0)
    assert tops == pytest.approx(100.0)
    assert ax.get_ylabel() == "share of attempted kg (%)"


def test_single_replication_has_no_ci() -> None:
    tables = build_tables(1)
    fig = figures.seized_vs_attempted_by_port(tables)
    assert "1 replication, no CI" in _note(fig)
    assert not [c for c in fig.axes[0].containers if isinstance(c, ErrorbarContainer)]


# ------------------------------------------------------------------ files


def _check_files(paths: list[Path], out: Path, names: tuple[str, ...]) -> None:
    expected = {f"{n}.{fmt}" for n in names for fmt in ("png", "svg")}
    assert {p.name for p in paths} == expected
    assert {p.name for p in out.iterdir()} == expected  # no temporary files left behind
    for path in paths:
        data = path.read_bytes()
        assert len(data) > 1000
        if path.suffix == ".png":
            assert data.startswith(PNG_SIGNATURE)
        else:
            assert b"<svg" in data[:2000]


def test_make_figures_writes_png_and_svg(tables: ResultTables, tmp_path: Path) -> None:
    out = tmp_path / "figures" / "nested"
    paths = figures.make_figures(tables, out)
    _check_files(paths, out, tuple(figures.FIGURES))


def test_queue_check_draws_only_the_scanner_figure(tmp_path: Path) -> None:
    tables = queue_check_tables()
    for name, frame in tables.as_dict().items():  # as written to and read back from CSV
        frame.to_csv(tmp_path / f"{name}.csv", index=False)
    tables = ResultTables(**{n: pd.read_csv(tmp_path / f"{n}.csv") for n in tables.as_dict()})
    out = tmp_path / "figures"
    paths = figures.make_figures(tables, out)
    _check_files(paths, out, figures.SCANNER_ONLY)
    fig = figures.scanner_load_by_port(tables)
    assert [t.get_text() for t in fig.axes[1].get_xticklabels()] == ["Queue check"]
    assert "scenario queue_check, 2 replications" in _note(fig)


def test_failed_save_leaves_no_temp_file(
    tables: ResultTables, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: Figure, fname: Path, **kwargs: object) -> None:
        Path(fname).write_bytes(b"partial")
        raise RuntimeError("disk full")

    monkeypatch.setattr(Figure, "savefig", broken)
    with pytest.raises(RuntimeError):
        figures.make_figures(tables, tmp_path)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("top", "expected"), [(1_650_000.0, "1,600,000"), (0.9, None)], ids=["large", "small"]
)
def test_large_tick_values_are_written_in_full(top: float, expected: str | None) -> None:
    fig = figures.new_figure(5, 4)
    ax = fig.subplots()
    ax.plot([0, 1, 2], [top * 0.8, top * 0.9, top])
    figures.plain_numbers(fig)
    fig.canvas.draw()
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert ax.yaxis.get_offset_text().get_text() == ""  # no "1e6" or "+1.3e6" in a corner
    if expected is None:
        assert all("," not in label for label in labels)
    else:
        assert expected in labels
