"""What a policy costs: the public and legitimate-trade cost of a run, and per kg it takes out.

The cost of a replication is the sum of its components (:data:`COST_COLUMNS`), all in EUR and
all over the observed window (``run.start_date`` to ``run.start_date + run.horizon_days``). Each
component is a cost item of a lever in the registry (:mod:`sim.engine.levers`), which says what
it charges; the per-port levers' items come first:

``scanner_capital_eur``, ``scanner_operating_eur`` (``ports.*.scanners``)
    The fixed scanners present at the ports: scanner-years (``ports.csv`` ``scanner_years``, the
    ports' own scanners only) × ``fixed_scanner_eur / scanner_life_years`` (straight-line
    depreciation), and × ``scanner_operating_eur_per_year`` (staff and maintenance). A scanner
    bought during the window is charged for the years it is present, not at its purchase price.
``scan_eur``, ``inspection_eur`` (``selection_rate``, ``inspection_teams``)
    Variable cost of each check: containers scanned × ``scan_eur`` and containers inspected
    (devanned) × ``inspection_eur``.
``delay_eur`` (``hold_cap_h``)
    Cost to legitimate trade of the time containers are held: container-hours of waiting and
    service at the scanner and at inspection (``scan_dwell_h + inspection_dwell_h``) ×
    ``delay_eur_per_container_h``.
``alliance_eur``, ``agency_eur``, ``data_sharing_eur``, ``insider_measures_eur``, ``liaison_eur``
    The levers of the public debate, priced in their own blocks (``levers.<name>.*``): active
    years × their yearly cost (per officer, per port, per mobile scanner — depreciated like a fixed
    one and operated at ``scanner_operating_eur_per_year``), plus the agency's moves.

"Active years" of a lever (:meth:`~sim.engine.levers.base.LeverSpec.years_active`) are the model
years (365 days, :mod:`sim.clock`) between the later of its start and the window start, and the
window end; 0 when the lever is off.

At ``run.scale`` s < 1 every cost that is not counted per simulated container (scanners and
the levers' yearly blocks) is multiplied by s, as the containers and the cocaine are
(:mod:`sim.engine.scaling`): costs, like kg, are for the simulated share of the system, and EUR
per kg is comparable across scales.

Prices are in ``configs/`` beside their source or marked "assumption" (most are assumptions,
stated so that they can be swept). Costs are totals over the observed window, not annualised.
Baseline capacity is costed as well, so a policy is judged by :func:`cost_comparison` against
its counterfactual (same random streams), replication by replication.

Limits
------
* The delay cost counts only the dwell of containers selected for a scan or flagged for
  inspection, as counted in ``ports.csv`` (by the time they joined the queue; containers still
  waiting at the end of the window are not counted). Knock-on effects on other containers,
  terminals and hinterland transport are left out, and ships held are folded into the
  container-hour price rather than costed on their own.
* ``scan_eur`` and ``inspection_eur`` are priced at what an importer is charged for an exam; they
  stand for the variable cost of a check whoever pays it and may overlap with the analysts in
  ``scanner_operating_eur``.
* Scanners are costed by straight-line depreciation; financing, installation lead times and
  resale are ignored. Inspection teams are costed only through ``inspection_eur`` per inspection.
* Lever costs are flat per year from the lever's start; set-up costs, ramp-up and the effort of
  the traffickers' adaptation on the enforcement side are not costed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from sim.engine.levers import LEVERS, PORT_LEVERS
from sim.engine.levers.base import CostInputs, CostItem, LeverSpec
from sim.results import schema
from sim.results.stats import mean_ci

if TYPE_CHECKING:
    from sim.params import Params
    from sim.results.run_tables import ResultTables

COST_COLUMNS = [c.name for c in schema.COST_PARTS]
"""The cost components of :func:`cost_table`; they sum to ``total_eur``."""

TABLE_COLUMNS = schema.columns("costs")
"""Columns of :func:`cost_table`, in order (the ``costs`` table of :mod:`sim.results.schema`)."""

COMPARISON_COLUMNS = schema.columns("cost_comparison")
"""Columns of :func:`cost_comparison`, in order (the ``cost_comparison`` table of the schema)."""

_PORT_SUMS = [
    "scanner_years",
    "containers_scanned",
    "containers_inspected",
    "scan_dwell_h",
    "inspection_dwell_h",
]
KEYS = ["scenario", "replication"]


RATIOS: dict[str, tuple[str, str]] = {
    "cost_per_kg_seized_eur": ("total_eur", "kg_seized"),
    "cost_per_extra_kg_seized_eur": ("extra_cost_eur", "extra_kg_seized"),
    "cost_per_kg_kept_off_market_eur": ("extra_cost_eur", "kg_kept_off_market"),
}
"""Ratio columns → (numerator, denominator) columns of the same table. A per-replication ratio
is kept in the tables for inspection; every summary of it over replications is the ratio of the
means (:func:`sim.results.stats.ratio_of_means_ci`), never the mean of the ratios."""


def per_kg(cost: pd.Series, kg: pd.Series) -> pd.Series:
    """``cost / kg`` element-wise, nan where ``kg <= 0``."""
    kg = kg.astype(float)
    return (cost / kg.where(kg > 0)).astype(float)


def _port_totals(tables: ResultTables) -> pd.DataFrame:
    """Port columns summed per replication, one row per row of ``tables.replications``."""
    sums = tables.ports.groupby(KEYS, as_index=False)[_PORT_SUMS].sum()
    merged = tables.replications[KEYS].merge(sums, on=KEYS, how="left", validate="one_to_one")
    merged[_PORT_SUMS] = merged[_PORT_SUMS].fillna(0.0)
    return merged


def _items() -> list[tuple[CostItem, LeverSpec | None]]:
    """Every cost item with the lever it belongs to (None: a per-port lever)."""
    port = [(item, None) for lever in PORT_LEVERS.values() for item in lever.costs]
    levers = [(item, spec) for spec in LEVERS.values() for item in spec.costs]
    return [*port, *levers]


def cost_table(tables: ResultTables, params: Params) -> pd.DataFrame:
    """Cost of each replication of a run, by component.

    Parameters
    ----------
    tables : ResultTables
        Tables of the run (``ports`` and ``replications`` are used).
    params : Params
        The run's parameters (prices in ``costs`` and the lever blocks, window in ``run``).

    Returns
    -------
    pandas.DataFrame
        One row per replication with the columns of :data:`TABLE_COLUMNS`: ``scenario``,
        ``replication``, the components of :data:`COST_COLUMNS`, ``total_eur`` (their sum),
        ``kg_seized`` (``replications.csv``) and ``cost_per_kg_seized_eur`` (nan when nothing was
        seized). EUR over the observed window (see the module docstring).
    """
    t = _port_totals(tables)
    n = len(t)
    replications = {c: tables.replications[c].to_numpy() for c in tables.replications.columns}
    port_totals = {c: t[c].to_numpy(dtype=float) for c in _PORT_SUMS}
    out = t[KEYS].copy()
    for item, spec in _items():
        inputs = CostInputs(
            prices=params.costs,
            block=spec.params_of(params) if spec is not None else None,
            years_active=spec.years_active(params) if spec is not None else 0.0,
            replications=replications,
            port_totals=port_totals,
        )
        cost = np.asarray(item.cost(inputs), dtype=float)
        if not item.per_container:  # a run at scale s carries s of the fixed costs too
            cost = cost * params.run.scale
        out[item.column] = np.broadcast_to(cost, (n,))
    out["total_eur"] = out[COST_COLUMNS].sum(axis=1)
    out["kg_seized"] = tables.replications["kg_seized"].to_numpy(dtype=float)
    out["cost_per_kg_seized_eur"] = per_kg(out["total_eur"], out["kg_seized"])
    return schema.COSTS.conform(out.reset_index(drop=True))


# ------------------------------------------------------------------ scenario against counterfactual


def _by_replication(frame: pd.DataFrame, columns: list[str], what: str) -> pd.DataFrame:
    """``frame[columns]`` indexed by replication; ValueError if a replication appears twice."""
    if frame["replication"].duplicated().any():
        raise ValueError(f"cost_comparison: {what} has several rows for one replication")
    return frame.set_index("replication")[columns]


def cost_comparison(
    scenario_costs: pd.DataFrame,
    counterfactual_costs: pd.DataFrame,
    scenario: ResultTables,
    counterfactual: ResultTables,
) -> pd.DataFrame:
    """Extra cost of a scenario over its counterfactual, and per extra kg it takes out.

    The two runs share their random streams replication by replication (common random numbers),
    so the rows are paired by ``replication`` and every figure is a paired difference.

    Parameters
    ----------
    scenario_costs, counterfactual_costs : pandas.DataFrame
        :func:`cost_table` of the scenario and of its counterfactual.
    scenario, counterfactual : ResultTables
        Tables of the two runs (``replications`` is used for kg seized and delivered).

    Returns
    -------
    pandas.DataFrame
        One row per replication, sorted by replication, with the columns of
        :data:`COMPARISON_COLUMNS`:

        * ``extra_cost_eur``: scenario minus counterfactual ``total_eur``;
        * ``extra_kg_seized``: scenario minus counterfactual ``kg_seized``;
        * ``kg_kept_off_market``: counterfactual minus scenario ``kg_delivered``;
        * ``cost_per_extra_kg_seized_eur``: extra cost / extra kg seized, nan if that is <= 0;
        * ``cost_per_kg_kept_off_market_eur``: extra cost / kg kept off the market, nan if <= 0;
        * ``extra_<component>``: scenario minus counterfactual, for each of :data:`COST_COLUMNS`.

    Raises
    ------
    ValueError
        If a frame has several rows for one replication or the runs have different replications.
    """
    cost_cols = [*COST_COLUMNS, "total_eur"]
    kg_cols = ["kg_seized", "kg_delivered"]
    s_cost = _by_replication(scenario_costs, cost_cols, "scenario_costs")
    c_cost = _by_replication(counterfactual_costs, cost_cols, "counterfactual_costs")
    s_kg = _by_replication(scenario.replications, kg_cols, "scenario.replications")
    c_kg = _by_replication(counterfactual.replications, kg_cols, "counterfactual.replications")
    reps = sorted(s_cost.index)
    others = {"counterfactual_costs": c_cost, "scenario": s_kg, "counterfactual": c_kg}
    for what, frame in others.items():
        if sorted(frame.index) != reps:
            raise ValueError(
                f"cost_comparison: {what} has replications {sorted(frame.index)}, "
                f"scenario_costs has {reps}"
            )
    s_cost, c_cost, s_kg, c_kg = (f.loc[reps].astype(float) for f in (s_cost, c_cost, s_kg, c_kg))
    extra = s_cost - c_cost
    out = pd.DataFrame({"replication": np.asarray(reps)})
    out["extra_cost_eur"] = extra["total_eur"].to_numpy()
    out["extra_kg_seized"] = (s_kg["kg_seized"] - c_kg["kg_seized"]).to_numpy()
    out["kg_kept_off_market"] = (c_kg["kg_delivered"] - s_kg["kg_delivered"]).to_numpy()
    out["cost_per_extra_kg_seized_eur"] = per_kg(out["extra_cost_eur"], out["extra_kg_seized"])
    out["cost_per_kg_kept_off_market_eur"] = per_kg(
        out["extra_cost_eur"], out["kg_kept_off_market"]
    )
    for name in COST_COLUMNS:
        out[f"extra_{name}"] = extra[name].to_numpy()
    return schema.COST_COMPARISON.conform(out)


SUMMARY_COLUMNS = ["column", "unit", "mean", "ci_low", "ci_high", "replications"]
"""Columns of :func:`cost_comparison_summary`."""


def cost_comparison_summary(cost_comparison: pd.DataFrame, level: float = 0.95) -> pd.DataFrame:
    """Each difference of :func:`cost_comparison` over the replications, with its paired CI.

    A row of ``cost_comparison`` is already the difference of one replication of the scenario
    and the same replication of its counterfactual (common random numbers), so the interval of
    a difference is the Student t interval of those per-replication differences — the paired
    interval of :func:`sim.results.stats.paired_difference_ci` — not two level intervals.

    Parameters
    ----------
    cost_comparison : pandas.DataFrame
        :func:`cost_comparison` of a scenario and its counterfactual.
    level : float, default 0.95
        Confidence level.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`SUMMARY_COLUMNS`; a row per difference column of :data:`COMPARISON_COLUMNS`
        (``extra_cost_eur``, ``extra_kg_seized``, ``kg_kept_off_market``, ``extra_<component>``;
        the per-kg ratios are left out: their interval is the ratio-of-means bootstrap of
        :func:`sim.results.stats.ratio_of_means_ci`), in the schema's unit (EUR, kg).
    """
    units = {c.name: c.unit for c in schema.COST_COMPARISON.columns}
    rows = []
    for column in COMPARISON_COLUMNS:
        if column == "replication" or column in RATIOS:
            continue
        values = cost_comparison[column].to_numpy(dtype=float)
        mean, low, high = mean_ci(values, level)
        rows.append([column, units[column], mean, low, high, int(np.isfinite(values).sum())])
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
