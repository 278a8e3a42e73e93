"""The data dictionary: one schema per output table (column, dtype, unit, meaning).

This is the single place the output contract (SPEC §5) is written down. Every table is built
through its :class:`TableSchema` from rows or columns *by name* (:meth:`TableSchema.frame`,
:meth:`TableSchema.from_columns`), which checks that exactly its columns are present and gives
each its dtype; the README's data dictionary is generated from here
(``python -m sim.results.schema --update-readme``).

Columns a policy lever adds (``agency_moves``, ``containers_checked_origin``,
``mobile_scanner_years``) and the components of the cost tables come from the lever registry
(:mod:`sim.engine.levers`), so a new lever's columns appear here without an edit.

No table holds wall-clock times (those are in ``metadata.json``): the same configuration and
seed give byte-identical tables on every run and launcher.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from sim.columns import Column
from sim.engine.levers import COST_ITEMS, LEVERS

_KG_DEF = (
    "Shipments are those in play during the window: they left their origin inside it, or left "
    "during the warm-up and were still under way when it opened (negative departed_day). "
    "Seizures and deliveries are counted on the date they happen. Kg are whole kilograms, "
    "so kg_attempted == kg_seized + kg_delivered + kg_in_transit + kg_delayed holds exactly "
    "over all routes (replications), and kg_attempted == kg_seized + kg_seized_origin + "
    "kg_delivered + kg_in_transit + kg_delayed per port. Routes are the 12 modelled ports and "
    "the routes outside them (rest_of_europe, at_sea)."
)

SCHEMA_VERSION = 3
"""Version of the configuration and table contract, recorded in ``metadata.json`` (v1 had none);
raise it when a change makes runs incomparable (a column's meaning, a key's meaning). v3:
trafficking v2 (outside routes, delay, supply and price; ``kg_seized`` covers every route)."""

_PANDAS_DTYPES = {"int64": "int64", "float64": "float64", "str": "str", "bool": "bool"}


@dataclass(frozen=True)
class TableSchema:
    """The columns of one table, in order."""

    name: str
    columns: tuple[Column, ...]

    @property
    def names(self) -> list[str]:
        """Column names, in order."""
        return [c.name for c in self.columns]

    def frame(self, rows: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
        """A table from rows given by column name (missing or extra names are errors)."""
        rows = list(rows)
        names = self.names
        for row in rows:
            if set(row) != set(names):
                missing = [n for n in names if n not in row]
                extra = [n for n in row if n not in names]
                raise ValueError(f"{self.name}: row missing {missing}, extra {extra}")
        data = {n: [row[n] for row in rows] for n in names}
        return self.from_columns(data)

    def from_columns(self, data: Mapping[str, Any]) -> pd.DataFrame:
        """A table from column arrays (or scalars broadcast over them) given by name."""
        names = self.names
        if set(data) != set(names):
            missing = [n for n in names if n not in data]
            extra = [n for n in data if n not in names]
            raise ValueError(f"{self.name}: missing {missing}, extra {extra}")
        return self.conform(pd.DataFrame({n: data[n] for n in names}))

    def conform(self, frame: pd.DataFrame) -> pd.DataFrame:
        """``frame`` with exactly this table's columns, in order, each with its dtype."""
        if list(frame.columns) != self.names:
            frame = frame[self.names]
        return frame.astype({c.name: _PANDAS_DTYPES[c.dtype] for c in self.columns})

    def empty(self) -> pd.DataFrame:
        """The table with no rows."""
        return self.from_columns({n: [] for n in self.names})


def _c(name: str, dtype: str, unit: str, description: str) -> Column:
    return Column(name, dtype, unit, description)


def _lever_columns(attr: str) -> tuple[Column, ...]:
    return tuple(c for spec in LEVERS.values() for c in getattr(spec, attr))


REPLICATIONS = TableSchema(
    "replications",
    (
        _c("scenario", "str", "-", "scenario name (scenario.name)"),
        _c("replication", "int64", "-", "replication index, 0-based"),
        _c("rng_seed", "int64", "-", "63-bit integer identifying the replication's random streams"),
        _c("kg_attempted", "float64", "kg", "cocaine in play during the window (see above)"),
        _c("kg_seized", "float64", "kg", "seized anywhere: at origin, a modelled port or outside"),
        _c("kg_seized_port", "float64", "kg", "seized at one of the 12 ports (scan + inspection)"),
        _c("kg_seized_origin", "float64", "kg", "seized before departure at an origin port"),
        _c("kg_seized_outside", "float64", "kg", "seized on a route outside the 12 ports"),
        _c("kg_delivered", "float64", "kg", "reached the market, all routes (incl. kg_extracted)"),
        _c("kg_extracted", "float64", "kg", "taken out of a terminal by insiders before any check"),
        _c("kg_in_transit", "float64", "kg", "left, outcome not reached by the end of the horizon"),
        _c("kg_delayed", "float64", "kg", "held at origin, not yet left at the end of the horizon"),
        *(
            column
            for route, label in (("rest_of_europe", "other European ports"), ("at_sea", "at sea"))
            for column in (
                _c(f"kg_{route}", "float64", "kg", f"in play on the route {label}"),
                _c(f"kg_{route}_seized", "float64", "kg", f"of those, seized {label}"),
                _c(f"kg_{route}_delivered", "float64", "kg", f"of those, delivered {label}"),
            )
        ),
        _c("interdiction_rate", "float64", "share", "kg_seized / (kg_seized + kg_delivered)"),
        _c(
            "shipments_attempted", "int64", "count", "shipments (= contaminated containers) in play"
        ),
        _c("shipments_seized", "int64", "count", "shipments seized (origin or port)"),
        _c("shipments_delivered", "int64", "count", "shipments delivered (including extracted)"),
        _c(
            "shipments_in_transit",
            "int64",
            "count",
            "shipments without an outcome at the end (in transit or held at origin)",
        ),
        _c(
            "containers_arrived", "int64", "count", "containers discharged in the window, all ports"
        ),
        _c(
            "containers_selected",
            "int64",
            "count",
            "containers that joined a scanner queue in the window",
        ),
        _c("containers_scanned", "int64", "count", "of those, containers scanned"),
        _c(
            "containers_released_unscanned",
            "int64",
            "count",
            "of those, released when the hold cap expired",
        ),
        _c("containers_inspected", "int64", "count", "containers devanned by an inspection team"),
        _c(
            "scan_wait_mean_h",
            "float64",
            "h",
            "mean wait for a scanner over all selected containers",
        ),
        _c(
            "container_delay_h",
            "float64",
            "h",
            "total hours selected containers waited for a scanner",
        ),
        *_lever_columns("replication_columns"),
    ),
)

PORTS = TableSchema(
    "ports",
    (
        _c("scenario", "str", "-", "scenario name"),
        _c("replication", "int64", "-", "replication index"),
        _c("port", "str", "-", "port key (lower case)"),
        _c("locode", "str", "-", "UN/LOCODE of the port"),
        _c(
            "containers_arrived",
            "int64",
            "count",
            "containers discharged by vessel calls in the window",
        ),
        _c(
            "containers_selected",
            "int64",
            "count",
            "containers that joined the scanner queue in the window",
        ),
        _c(
            "containers_scanned",
            "int64",
            "count",
            "of the selected, scanned (start may fall after the window)",
        ),
        _c(
            "containers_released_unscanned",
            "int64",
            "count",
            "of the selected, released at the hold cap",
        ),
        _c(
            "containers_inspected",
            "int64",
            "count",
            "flagged containers that started a physical inspection",
        ),
        _c(
            "scan_wait_mean_h", "float64", "h", "mean wait for a scanner of the selected containers"
        ),
        _c("scan_wait_p95_h", "float64", "h", "95th percentile of that wait"),
        _c(
            "scan_queue_mean",
            "float64",
            "containers",
            "time-average number waiting for a scanner (sampled)",
        ),
        _c(
            "scanner_utilization",
            "float64",
            "share",
            "busy scanner-hours / open scanner-hours in the window",
        ),
        _c("inspection_wait_mean_h", "float64", "h", "mean wait for an inspection team"),
        _c(
            "inspection_utilization",
            "float64",
            "share",
            "busy team-hours / open team-hours in the window",
        ),
        _c("scanners", "int64", "count", "scanners at the end of the window (fixed and mobile)"),
        _c(
            "scanner_years",
            "float64",
            "years",
            "the port's own (fixed) scanners, integrated over the window",
        ),
        _c(
            "scan_dwell_h",
            "float64",
            "h",
            "hours selected containers spent waiting for and in a scan",
        ),
        _c(
            "inspection_dwell_h",
            "float64",
            "h",
            "hours flagged containers spent waiting for and in inspection",
        ),
        _c("shipments_attempted", "int64", "count", "shipments in play bound for this port"),
        _c("kg_attempted", "float64", "kg", "kg in play bound for this port"),
        _c("kg_seized", "float64", "kg", "of those, seized at this port"),
        _c("kg_seized_origin", "float64", "kg", "of those, seized at origin before departure"),
        _c(
            "kg_extracted",
            "float64",
            "kg",
            "of those, extracted by insiders (part of kg_delivered)",
        ),
        _c("kg_delivered", "float64", "kg", "of those, delivered (including extracted)"),
        _c(
            "kg_in_transit",
            "float64",
            "kg",
            "of those, without an outcome at the end of the horizon",
        ),
        _c("kg_delayed", "float64", "kg", "of those, held at origin at the end of the horizon"),
        _c(
            "interdiction_rate",
            "float64",
            "share",
            "kg seized (port + origin) / (that + kg_delivered)",
        ),
        *_lever_columns("port_columns"),
    ),
)

TIMESERIES = TableSchema(
    "timeseries",
    (
        _c("scenario", "str", "-", "scenario name"),
        _c("replication", "int64", "-", "replication index"),
        _c("port", "str", "-", "port key, or an outside route (rest_of_europe, at_sea)"),
        _c("period_start", "str", "date", "first day of the period (ISO date; run.period long)"),
        _c(
            "kg_attempted",
            "float64",
            "kg",
            "kg bound for the port that left their origin in the period",
        ),
        _c("kg_seized", "float64", "kg", "kg seized at the port in the period (by seizure date)"),
        _c("kg_delivered", "float64", "kg", "kg delivered through the port in the period"),
        _c(
            "shipments_attempted",
            "int64",
            "count",
            "shipments bound for the port leaving in the period",
        ),
        _c("containers_scanned", "int64", "count", "scans started at the port in the period"),
        _c(
            "kg_delayed",
            "float64",
            "kg",
            "kg bound for the port held at origin at the end of the period",
        ),
    ),
)

PRICES = TableSchema(
    "prices",
    (
        _c("scenario", "str", "-", "scenario name"),
        _c("replication", "int64", "-", "replication index"),
        _c("period_start", "str", "date", "first day of the period (ISO date)"),
        _c(
            "wholesale_eur_per_kg",
            "float64",
            "EUR/kg",
            "European wholesale price, time-average over the period (sim.engine.market)",
        ),
    ),
)

SHIPMENTS = TableSchema(
    "shipments",
    (
        _c("scenario", "str", "-", "scenario name"),
        _c("replication", "int64", "-", "replication index"),
        _c("shipment_id", "int64", "-", "id, unique within a replication"),
        _c("organisation", "str", "-", "trafficking organisation"),
        _c("origin", "str", "-", "origin port key"),
        _c("port", "str", "-", "European port of discharge"),
        _c("method", "str", "-", "concealment method"),
        _c("load_kg", "float64", "kg", "cocaine in the container (whole kg)"),
        _c(
            "departed_day",
            "float64",
            "d",
            "departure from origin, days since run.start_date (< 0: warm-up)",
        ),
        _c(
            "planned_day",
            "float64",
            "d",
            "when the load was committed to its route (before departed_day if held at origin)",
        ),
        _c(
            "arrived_day",
            "float64",
            "d",
            "availability at the European terminal (empty if never discharged)",
        ),
        _c("selected", "bool", "bool", "selected for a scan"),
        _c("scan_wait_h", "float64", "h", "wait for a scanner (empty if not scanned)"),
        _c(
            "outcome",
            "str",
            "-",
            "seized_origin, seized_port, seized_route, extracted, delivered, in_transit or delayed",
        ),
        _c(
            "stage",
            "str",
            "-",
            "where the outcome was decided (insider, not_selected, hold_cap, ...)",
        ),
        _c(
            "outcome_day",
            "float64",
            "d",
            "time of the outcome, days since run.start_date (empty if in transit)",
        ),
    ),
)

DISPLACEMENT = TableSchema(
    "displacement",
    (
        _c(
            "replication",
            "int64",
            "-",
            "replication index (scenario and counterfactual share its streams)",
        ),
        _c(
            "treated_change_kg",
            "float64",
            "kg",
            "change in kg shipped to the treated ports after the policy date",
        ),
        _c("buffer_change_kg", "float64", "kg", "same, buffer ports"),
        _c("control_change_kg", "float64", "kg", "same, control ports (all others)"),
        _c(
            "total_change_kg",
            "float64",
            "kg",
            "same, all ports (~0: organisations keep their target volume)",
        ),
        _c(
            "displacement_ratio",
            "float64",
            "ratio",
            "(buffer + control change) / treated decrease; 1 = all moved",
        ),
        _c(
            "wdq_attempted",
            "float64",
            "ratio",
            "weighted displacement quotient (Bowers & Johnson 2003), flows, scenario against "
            "counterfactual after the policy date; empty: treated flow unchanged",
        ),
        _c(
            "wdq_seized",
            "float64",
            "ratio",
            "the same computed on seizures, as official statistics would show it; empty: "
            "treated seizures unchanged",
        ),
        _c(
            "shift_t50_days",
            "float64",
            "d",
            "days from the policy date until the treated ports' share of the flow, "
            "scenario minus counterfactual, reaches half its final shift; empty: no shift",
        ),
        _c(
            "delivered_change_kg",
            "float64",
            "kg",
            "change in kg delivered to the market after the policy date",
        ),
    ),
)

DISPLACEMENT_BY_PORT = TableSchema(
    "displacement_by_port",
    (
        _c("replication", "int64", "-", "replication index"),
        _c("port", "str", "-", "port key"),
        _c("group", "str", "-", "treated, buffer or control"),
        _c(
            "kg_attempted_after",
            "float64",
            "kg",
            "kg shipped to the port after the policy date (scenario)",
        ),
        _c("kg_attempted_after_counterfactual", "float64", "kg", "same, counterfactual"),
        _c("change_kg", "float64", "kg", "scenario minus counterfactual"),
        _c("change_share", "float64", "share", "change_kg / counterfactual value"),
        _c(
            "kg_seized_after",
            "float64",
            "kg",
            "kg seized at the port after the policy date (scenario)",
        ),
        _c("kg_seized_after_counterfactual", "float64", "kg", "same, counterfactual"),
        _c(
            "kg_delivered_after",
            "float64",
            "kg",
            "kg delivered through the port after the policy date",
        ),
        _c("kg_delivered_after_counterfactual", "float64", "kg", "same, counterfactual"),
    ),
)

COST_PARTS: tuple[Column, ...] = tuple(item.as_column for item in COST_ITEMS)
"""The cost components of ``costs.csv``, which sum to ``total_eur`` (from the lever registry)."""

COSTS = TableSchema(
    "costs",
    (
        _c("scenario", "str", "-", "scenario name"),
        _c("replication", "int64", "-", "replication index"),
        *COST_PARTS,
        _c("total_eur", "float64", "EUR", "sum of the parts above, over the window"),
        _c("kg_seized", "float64", "kg", "kg seized (origin + port)"),
        _c("cost_per_kg_seized_eur", "float64", "EUR/kg", "total_eur / kg_seized"),
    ),
)

COST_COMPARISON = TableSchema(
    "cost_comparison",
    (
        _c("replication", "int64", "-", "replication index (paired with the counterfactual's)"),
        _c("extra_cost_eur", "float64", "EUR", "total cost, scenario - counterfactual"),
        _c("extra_kg_seized", "float64", "kg", "kg seized, scenario - counterfactual"),
        _c("kg_kept_off_market", "float64", "kg", "kg delivered, counterfactual - scenario"),
        _c(
            "cost_per_extra_kg_seized_eur",
            "float64",
            "EUR/kg",
            "extra_cost_eur / extra_kg_seized (if > 0)",
        ),
        _c(
            "cost_per_kg_kept_off_market_eur",
            "float64",
            "EUR/kg",
            "extra_cost_eur / kg_kept_off_market (if > 0)",
        ),
        *(
            _c(f"extra_{c.name}", "float64", "EUR", f"{c.name}: scenario - counterfactual")
            for c in COST_PARTS
        ),
    ),
)

OBSERVED_VS_SIMULATED = TableSchema(
    "observed_vs_simulated",
    (
        _c("year", "int64", "year", "calendar year compared (scenario.observed_year)"),
        _c("port", "str", "-", "port key (modelled ports with a published figure for the year)"),
        _c("quantity", "str", "-", "what is compared: kg_seized (cocaine seized at the port)"),
        _c("observed", "float64", "kg", "central published value (sim.validation.reporting)"),
        _c("observed_low", "float64", "kg", "low end of the range the published figures allow"),
        _c("observed_high", "float64", "kg", "high end of that range (inf: not bounded above)"),
        _c(
            "observed_kind",
            "str",
            "-",
            "annual_total (the figures agree), range (conflicting or wider-scope), lower_bound",
        ),
        _c("simulated_mean", "float64", "kg", "mean over replications of the year's kg seized"),
        _c("ci_low", "float64", "kg", "95 % Student t interval of that mean, low end"),
        _c("ci_high", "float64", "kg", "95 % Student t interval of that mean, high end"),
        _c("ratio", "float64", "-", "simulated_mean / observed (NaN when observed is 0)"),
        _c("replications", "int64", "-", "replications behind simulated_mean"),
        _c("run_scale", "float64", "-", "run.scale of the run: simulated kg are divided by it"),
        _c("source_id", "str", "-", "source ids of the figures (seeds/sources.csv), '; '-joined"),
        _c(
            "source_title",
            "str",
            "-",
            "their titles, joined by a spaced vertical bar, in that order",
        ),
        _c("source_url", "str", "-", "their addresses, joined the same way, in that order"),
        _c("note", "str", "-", "how the observed range was read; the scale of the run"),
    ),
)
"""Written only by runs of a scenario with ``scenario.observed_year`` whose window covers that
calendar year (baseline: 2023, policy_2024: 2024)."""

YEARLY = TableSchema(
    "yearly",
    (
        _c("scenario", "str", "-", "scenario name"),
        _c("replication", "int64", "-", "replication index"),
        _c("year", "int64", "year", "calendar year (its days inside the window)"),
        _c("days", "int64", "d", "days of the year inside the observed window"),
        _c("port", "str", "-", "port key, or an outside route (rest_of_europe, at_sea)"),
        _c(
            "kg_in_transit_start",
            "float64",
            "kg",
            "in play without an outcome when the year opened (0 in the first year)",
        ),
        _c(
            "kg_attempted",
            "float64",
            "kg",
            "came into play in the year: committed to the route in it (first year: also "
            "those still under way from the warm-up); the years sum to ports.csv's",
        ),
        _c("kg_seized", "float64", "kg", "seized at the port or on the route in the year"),
        _c("kg_seized_origin", "float64", "kg", "seized at origin before departure in the year"),
        _c("kg_delivered", "float64", "kg", "delivered in the year (including extracted)"),
        _c(
            "kg_in_transit_end",
            "float64",
            "kg",
            "in play without an outcome when the year (or the window) closed, held at origin "
            "included; = start + attempted - seized - seized_origin - delivered",
        ),
        _c("shipments_in_transit_start", "int64", "count", "shipments: as kg_in_transit_start"),
        _c("shipments_attempted", "int64", "count", "shipments: as kg_attempted"),
        _c("shipments_seized", "int64", "count", "shipments seized in the year (origin included)"),
        _c("shipments_delivered", "int64", "count", "shipments delivered in the year"),
        _c("shipments_in_transit_end", "int64", "count", "shipments: as kg_in_transit_end"),
        _c(
            "containers_arrived",
            "int64",
            "count",
            "containers discharged by vessel calls in the year (0 on an outside route)",
        ),
        _c(
            "containers_selected",
            "int64",
            "count",
            "containers that joined the scanner queue in the year",
        ),
        _c(
            "containers_scanned",
            "int64",
            "count",
            "of those, scanned (= selected - released - still waiting at the end of the run)",
        ),
        _c(
            "containers_released_unscanned",
            "int64",
            "count",
            "of those, released at the hold cap",
        ),
    ),
)
"""Written by runs whose window spans more than one calendar year: the year's part of the
window, per replication and route. Kg and shipments are a stock-flow account by date
(in_transit_start + attempted = seized + seized_origin + delivered + in_transit_end, exactly);
containers are counted by the year they were discharged or joined the scanner queue, as in
``ports.csv``. Summed over the years every flow column equals its ``ports.csv`` total."""

YEARLY_SUMMARY = TableSchema(
    "yearly_summary",
    (
        _c("scenario", "str", "-", "scenario name"),
        _c("year", "int64", "year", "calendar year"),
        _c("days", "int64", "d", "days of the year inside the observed window"),
        _c("port", "str", "-", "port key, outside route, or all (the sum over every route)"),
        _c("quantity", "str", "-", "a count or kg column of yearly.csv"),
        _c("mean", "float64", "-", "mean over replications (unit of the quantity)"),
        _c("ci_low", "float64", "-", "95 % Student t interval of that mean, low end"),
        _c("ci_high", "float64", "-", "95 % Student t interval of that mean, high end"),
        _c("replications", "int64", "-", "replications behind the mean"),
        _c(
            "traffic",
            "str",
            "-",
            "where the year's legitimate traffic comes from: data, or the assumption "
            "(traffic.beyond_data) for a year after the data",
        ),
    ),
)
"""The mean and 95 % CI of every ``yearly.csv`` quantity, per year and route and for all routes
together (written with ``yearly.csv``)."""

TABLES: dict[str, TableSchema] = {
    t.name: t
    for t in (
        REPLICATIONS,
        PORTS,
        TIMESERIES,
        SHIPMENTS,
        PRICES,
        DISPLACEMENT,
        DISPLACEMENT_BY_PORT,
        COSTS,
        COST_COMPARISON,
        OBSERVED_VS_SIMULATED,
        YEARLY,
        YEARLY_SUMMARY,
    )
}
"""Every table a run can write. ``displacement``, ``displacement_by_port`` and
``cost_comparison`` only for scenarios with a counterfactual, which also write the
counterfactual's tables under ``counterfactual/``; ``costs`` for every network run;
``observed_vs_simulated`` for a calibrated scenario whose window covers its observed year;
``yearly`` and ``yearly_summary`` for a network run whose window spans several calendar years."""

RUN_TABLES = ("replications", "ports", "timeseries", "shipments", "prices")
"""The tables every run writes."""


def columns(table: str) -> list[str]:
    """Column names of a table, in order."""
    return TABLES[table].names


def markdown() -> str:
    """The data dictionary as Markdown (pasted into the README)."""
    parts = [_KG_DEF, ""]
    for table in TABLES.values():
        parts += [
            f"**`{table.name}.csv`**",
            "",
            "| column | type | unit | meaning |",
            "|---|---|---|---|",
        ]
        parts += [f"| `{c.name}` | {c.dtype} | {c.unit} | {c.description} |" for c in table.columns]
        parts.append("")
    return "\n".join(parts)


START = "<!-- data-dictionary:start (generated: python -m sim.results.schema --update-readme) -->"
END = "<!-- data-dictionary:end -->"


def update_section(path: Path, start: str, end: str, body: str) -> bool:
    """Rewrite the generated section of a file between two markers; True if it changed."""
    text = path.read_text()
    head, _, rest = text.partition(start)
    _, _, tail = rest.partition(end)
    new = f"{head}{start}\n{body}\n{end}{tail}"
    if new != text:
        path.write_text(new)
    return new != text


if __name__ == "__main__":
    if "--update-readme" in sys.argv:
        readme = Path(__file__).resolve().parents[2] / "README.md"
        changed = update_section(readme, START, END, markdown())
        print("README updated" if changed else "README already up to date")
    else:
        print(markdown())
