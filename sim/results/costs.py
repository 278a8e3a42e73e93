"""What a policy costs: the public and legitimate-trade cost of a run, and per kg it takes out.

The cost of a replication is the sum of ten components (:data:`COST_COLUMNS`), all in EUR and
all over the observed window (``run.start_date`` to ``run.start_date + run.horizon_days``):

``scanner_capital_eur``
    Depreciation of the fixed scanners present at the ports: scanner-years (``ports.csv``
    ``scanner_years``, fixed scanners only) × ``fixed_scanner_eur / scanner_life_years``
    (straight-line). A scanner bought during the window is charged for the years it is present,
    not at its purchase price.
``scanner_operating_eur``
    Staff (image analysts) and maintenance of the fixed scanners: scanner-years ×
    ``scanner_operating_eur_per_year``.
``scan_eur``, ``inspection_eur``
    Variable cost of each check: containers scanned × ``scan_eur`` and containers inspected
    (devanned) × ``inspection_eur``.
``delay_eur``
    Cost to legitimate trade of the time containers are held: container-hours of waiting and
    service at the scanner and at inspection (``scan_dwell_h + inspection_dwell_h``) ×
    ``delay_eur_per_container_h``.
``liaison_eur``
    Customs liaison officers at origin ports: origins × teams per origin (a team is costed as one
    officer) × active years × ``liaison_officer_eur_per_year``.
``data_sharing_eur``
    Manifest-data sharing by shipping lines: active years × ``data_sharing_eur_per_year``.
``alliance_eur``
    Shared intelligence cell of the European Ports Alliance: active years ×
    ``alliance_intelligence_eur_per_year``. The alliance's minimum standards (more scanners, a
    higher selection rate) are costed through the scanner and check components.
``agency_eur``
    Benelux agency: its mobile scanners for the active years (depreciation
    ``mobile_scanner_eur / scanner_life_years`` plus ``scanner_operating_eur_per_year`` each),
    whether they are at a port or on the road, plus agency moves × ``agency_move_eur``.
``insider_measures_eur``
    Measures against insiders (PIN-code security, vetting): ports × active years ×
    ``insider_measures_eur_per_port_year``.

"Active years" of a lever (:func:`lever_years`) are the 365.25-day years between the later of its
``start`` and the window start, and the window end; 0 when the lever is disabled.

Prices are ``costs.*`` in ``configs/config.yaml``, each with its source or marked "assumption"
(most are assumptions, stated so that they can be swept). Costs are totals over the observed
window, not annualised: they are per year only when the window is one year long. Baseline
capacity is costed as well, so a policy is judged by :func:`cost_comparison` against its
counterfactual (same random streams), replication by replication.

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

This module is pure pandas: it does not import the engine or matplotlib.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import fields
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from sim.params import LeverParams
from sim.results import schema

if TYPE_CHECKING:
    from sim.params import Params
    from sim.results.run_tables import ResultTables  # that module imports the engine: types only

DAYS_PER_YEAR = 365.25

LEVER_NAMES = tuple(f.name for f in fields(LeverParams))
"""The lever blocks of ``params.levers`` that :func:`lever_years` knows."""

COST_COLUMNS = [name for name, _unit, _meaning in schema.COST_PARTS]
"""The cost components of :func:`cost_table`; they sum to ``total_eur``
(:data:`sim.results.schema.COST_PARTS`)."""

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


# ------------------------------------------------------------------ lever activity


def window(params: Params) -> tuple[dt.date, dt.date]:
    """Observed window of a run.

    Parameters
    ----------
    params : Params
        Parameters; ``run.start_date`` and ``run.horizon_days`` are used.

    Returns
    -------
    tuple of datetime.date
        First day of the window and the day after its last day (half-open interval).
    """
    start = params.start
    return start, start + dt.timedelta(days=params.run.horizon_days)


def lever_years(params: Params, lever_name: str) -> float:
    """Years (of 365.25 days) a lever is active inside the observed window.

    Parameters
    ----------
    params : Params
        Parameters; ``levers.<lever_name>.enabled`` and ``.start`` and the run window are used.
    lever_name : str
        One of :data:`LEVER_NAMES`.

    Returns
    -------
    float
        ``max(0, window_end − max(start, window_start)) / 365.25`` if the lever is enabled,
        else 0.

    Raises
    ------
    ValueError
        If ``lever_name`` is not a lever.
    """
    if lever_name not in LEVER_NAMES:
        raise ValueError(f"unknown lever {lever_name!r}; allowed: {', '.join(LEVER_NAMES)}")
    lever = getattr(params.levers, lever_name)
    if not lever.enabled:
        return 0.0
    first, end = window(params)
    active_from = max(dt.date.fromisoformat(lever.start), first)
    return max(0, (end - active_from).days) / DAYS_PER_YEAR


# ------------------------------------------------------------------ cost of one run


def lever_costs(params: Params) -> dict[str, float]:
    """Costs of the levers that do not depend on the replication (EUR over the window).

    Parameters
    ----------
    params : Params
        Parameters (``levers`` and ``costs``).

    Returns
    -------
    dict of str to float
        ``liaison_eur``, ``data_sharing_eur``, ``alliance_eur``, ``insider_measures_eur`` and
        ``agency_scanners_eur`` (the mobile-scanner part of ``agency_eur``, without the moves).
    """
    c, lv = params.costs, params.levers
    mobile_per_year = c.mobile_scanner_eur / c.scanner_life_years + c.scanner_operating_eur_per_year
    officers = len(lv.liaison.origins) * lv.liaison.teams_per_origin
    return {
        "liaison_eur": officers * lever_years(params, "liaison") * c.liaison_officer_eur_per_year,
        "data_sharing_eur": lever_years(params, "data_sharing") * c.data_sharing_eur_per_year,
        "alliance_eur": lever_years(params, "alliance") * c.alliance_intelligence_eur_per_year,
        "agency_scanners_eur": (
            lv.benelux_agency.mobile_scanners
            * lever_years(params, "benelux_agency")
            * mobile_per_year
        ),
        "insider_measures_eur": (
            len(lv.insider_crackdown.ports)
            * lever_years(params, "insider_crackdown")
            * c.insider_measures_eur_per_port_year
        ),
    }


def per_kg(cost: pd.Series, kg: pd.Series) -> pd.Series:
    """``cost / kg`` element-wise, nan where ``kg <= 0``."""
    kg = kg.astype(float)
    return (cost / kg.where(kg > 0)).astype(float)


def _port_totals(tables: ResultTables) -> pd.DataFrame:
    """Port columns summed per replication, one row per row of ``tables.replications``."""
    sums = tables.ports.groupby(KEYS, as_index=False)[_PORT_SUMS].sum()
    reps = tables.replications[[*KEYS, "kg_seized", "agency_moves"]]
    merged = reps.merge(sums, on=KEYS, how="left", validate="one_to_one")
    merged[_PORT_SUMS] = merged[_PORT_SUMS].fillna(0.0)
    return merged


def cost_table(tables: ResultTables, params: Params) -> pd.DataFrame:
    """Cost of each replication of a run, by component.

    Parameters
    ----------
    tables : ResultTables
        Tables of the run (``ports`` and ``replications`` are used).
    params : Params
        The run's parameters (prices in ``costs``, levers in ``levers``, window in ``run``).

    Returns
    -------
    pandas.DataFrame
        One row per replication with the columns of :data:`TABLE_COLUMNS`: ``scenario``,
        ``replication``, the components of :data:`COST_COLUMNS`, ``total_eur`` (their sum),
        ``kg_seized`` (``replications.csv``) and ``cost_per_kg_seized_eur`` (nan when nothing was
        seized). EUR over the observed window (see the module docstring).
    """
    c = params.costs
    t = _port_totals(tables)
    dwell_h = t["scan_dwell_h"] + t["inspection_dwell_h"]
    levers = lever_costs(params)
    out = t[KEYS].copy()
    out["scanner_capital_eur"] = t["scanner_years"] * (c.fixed_scanner_eur / c.scanner_life_years)
    out["scanner_operating_eur"] = t["scanner_years"] * c.scanner_operating_eur_per_year
    out["scan_eur"] = t["containers_scanned"] * c.scan_eur
    out["inspection_eur"] = t["containers_inspected"] * c.inspection_eur
    out["delay_eur"] = dwell_h * c.delay_eur_per_container_h
    for name in ("liaison_eur", "data_sharing_eur", "alliance_eur"):
        out[name] = levers[name]
    out["agency_eur"] = levers["agency_scanners_eur"] + t["agency_moves"] * c.agency_move_eur
    out["insider_measures_eur"] = levers["insider_measures_eur"]
    out[COST_COLUMNS] = out[COST_COLUMNS].astype(float)
    out["total_eur"] = out[COST_COLUMNS].sum(axis=1)
    out["kg_seized"] = t["kg_seized"].astype(float)
    out["cost_per_kg_seized_eur"] = per_kg(out["total_eur"], out["kg_seized"])
    return out[TABLE_COLUMNS].reset_index(drop=True)


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
    return out[COMPARISON_COLUMNS]
