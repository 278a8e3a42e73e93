"""Scalar outcomes of a run: what :func:`sim.api.evaluate` returns, with units and meanings.

Each outcome is one number for a whole run (all its replications): a **mean over replications**
of a per-replication value (kg, counts, cost), or a **ratio of means** for a rate (interdiction
rate, mean wait, cost per kg) — the mean of per-replication ratios is biased and undefined when a
replication's denominator is zero. A ratio whose denominator is not positive is NaN.

Outcomes against the counterfactual (``kg_kept_off_market`` …) are paired differences of the
scenario and its counterfactual on the same random streams; they are NaN for a scenario without a
counterfactual. Per-port outcomes are named like config keys: ``ports.<port>.<outcome>``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from sim.results.run_tables import ResultTables
    from sim.run import Comparison


@dataclass(frozen=True)
class OutcomeInfo:
    """Name, unit and meaning of one scalar outcome."""

    name: str
    unit: str
    description: str


NETWORK_OUTCOMES = (
    OutcomeInfo("kg_attempted", "kg", "cocaine in play during the window, all routes"),
    OutcomeInfo("kg_seized", "kg", "seized at origin or at a European port"),
    OutcomeInfo("kg_seized_port", "kg", "seized at a European port"),
    OutcomeInfo("kg_seized_origin", "kg", "seized before departure at an origin port"),
    OutcomeInfo("kg_delivered", "kg", "reached the criminal market in Europe (incl. extracted)"),
    OutcomeInfo("kg_in_transit", "kg", "without an outcome at the end of the horizon"),
    OutcomeInfo("interdiction_rate", "share", "kg seized / (kg seized + kg delivered), of means"),
    OutcomeInfo("containers_scanned", "count", "containers scanned at all ports"),
    OutcomeInfo("container_delay_h", "h", "hours selected containers waited for a scanner"),
    OutcomeInfo("scan_wait_mean_h", "h", "mean wait for a scanner per selected container"),
    OutcomeInfo("cost_eur", "EUR", "security cost over the window (costs.csv total_eur)"),
)

COUNTERFACTUAL_OUTCOMES = (
    OutcomeInfo("kg_kept_off_market", "kg", "kg delivered: counterfactual minus scenario"),
    OutcomeInfo("extra_kg_seized", "kg", "kg seized: scenario minus counterfactual"),
    OutcomeInfo("extra_cost_eur", "EUR", "security cost: scenario minus counterfactual"),
    OutcomeInfo(
        "cost_per_kg_kept_off_market_eur",
        "EUR/kg",
        "extra cost / kg kept off the market, of means (NaN unless kg kept off > 0)",
    ),
    OutcomeInfo("extra_container_delay_h", "h", "container delay: scenario minus counterfactual"),
)

PORT_OUTCOMES = (
    OutcomeInfo("kg_attempted", "kg", "kg in play bound for the port"),
    OutcomeInfo("kg_seized", "kg", "kg seized at the port"),
    OutcomeInfo("kg_delivered", "kg", "kg delivered through the port"),
    OutcomeInfo("containers_scanned", "count", "containers scanned at the port"),
    OutcomeInfo("scanner_utilization", "share", "busy / open scanner-hours, mean of replications"),
    OutcomeInfo("scan_wait_mean_h", "h", "mean wait for a scanner per selected container"),
)


def outcome_infos(ports: tuple[str, ...]) -> list[OutcomeInfo]:
    """Every scalar outcome of a run over these ports."""
    per_port = [
        OutcomeInfo(f"ports.{port}.{o.name}", o.unit, f"{o.description} ({port})")
        for port in ports
        for o in PORT_OUTCOMES
    ]
    return [*NETWORK_OUTCOMES, *COUNTERFACTUAL_OUTCOMES, *per_port]


def _ratio(num: float, den: float) -> float:
    return num / den if den > 0 else math.nan


def _mean(series: pd.Series) -> float:
    values = series.to_numpy(dtype=float)
    return float(values.mean()) if len(values) else math.nan


def scalar_outcomes(
    tables: ResultTables, costs: pd.DataFrame, comparison: Comparison | None
) -> dict[str, float]:
    """The scalar outcomes of a run (see the module docstring), in :func:`outcome_infos` order."""
    reps = tables.replications
    out = {
        name: _mean(reps[name])
        for name in (
            "kg_attempted",
            "kg_seized",
            "kg_seized_port",
            "kg_seized_origin",
            "kg_delivered",
            "kg_in_transit",
            "containers_scanned",
            "container_delay_h",
        )
    }
    out["interdiction_rate"] = _ratio(out["kg_seized"], out["kg_seized"] + out["kg_delivered"])
    out["scan_wait_mean_h"] = _ratio(out["container_delay_h"], _mean(reps["containers_selected"]))
    out["cost_eur"] = _mean(costs["total_eur"])
    names = [o.name for o in NETWORK_OUTCOMES]
    out = {name: out[name] for name in names}
    cf: dict[str, float] = dict.fromkeys((o.name for o in COUNTERFACTUAL_OUTCOMES), math.nan)
    if comparison is not None:
        cc = comparison.cost_comparison
        cf["kg_kept_off_market"] = _mean(cc["kg_kept_off_market"])
        cf["extra_kg_seized"] = _mean(cc["extra_kg_seized"])
        cf["extra_cost_eur"] = _mean(cc["extra_cost_eur"])
        cf["cost_per_kg_kept_off_market_eur"] = _ratio(
            cf["extra_cost_eur"], cf["kg_kept_off_market"]
        )
        delay = comparison.scenario.replications["container_delay_h"].to_numpy(dtype=float)
        delay_cf = comparison.counterfactual.replications["container_delay_h"].to_numpy(float)
        cf["extra_container_delay_h"] = float(np.mean(delay - delay_cf))
    out |= cf
    for port, g in tables.ports.groupby("port", sort=False):
        prefix = f"ports.{port}."
        for name in ("kg_attempted", "kg_seized", "kg_delivered", "containers_scanned"):
            out[prefix + name] = _mean(g[name])
        out[prefix + "scanner_utilization"] = float(np.nanmean(g["scanner_utilization"]))
        waited = (g["scan_wait_mean_h"] * g["containers_selected"]).to_numpy(dtype=float)
        out[prefix + "scan_wait_mean_h"] = _ratio(
            float(waited.mean()), _mean(g["containers_selected"])
        )
    return out
