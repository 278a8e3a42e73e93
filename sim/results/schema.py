"""The data dictionary: every column of every output table, with its unit and meaning.

This is the single place the output contract (SPEC §5) is written down. The table builders emit
exactly these columns in this order (checked by the tests), and the README's data dictionary is
generated from here: ``python -m sim.results.schema --update-readme``.
"""

from __future__ import annotations

import sys
from pathlib import Path

Column = tuple[str, str, str]  # name, unit, meaning

_KG_DEF = (
    "Shipments are those in play during the window: they left their origin inside it, or left "
    "during the warm-up and were still under way when it opened (negative departed_day). "
    "Seizures and deliveries are counted on the date they happen. Kg are whole kilograms, "
    "so kg_attempted == kg_seized + kg_delivered + kg_in_transit holds exactly (replications), "
    "and kg_attempted == kg_seized + kg_seized_origin + kg_delivered + kg_in_transit per port."
)

REPLICATIONS: list[Column] = [
    ("scenario", "-", "scenario name (scenario.name)"),
    ("replication", "-", "replication index, 0-based"),
    ("rng_seed", "-", "64-bit seed identifying the replication's random streams"),
    ("kg_attempted", "kg", "cocaine in play during the window (see above)"),
    ("kg_seized", "kg", "seized at origin or at a European port"),
    ("kg_seized_port", "kg", "seized at a European port (scan + inspection)"),
    ("kg_seized_origin", "kg", "seized before departure at an origin port"),
    ("kg_delivered", "kg", "reached the criminal market (includes kg_extracted)"),
    ("kg_extracted", "kg", "taken out of a terminal by insiders before any check"),
    ("kg_in_transit", "kg", "outcome not reached by the end of the horizon"),
    ("interdiction_rate", "share", "kg_seized / (kg_seized + kg_delivered)"),
    ("shipments_attempted", "count", "shipments (= contaminated containers) in play"),
    ("shipments_seized", "count", "shipments seized (origin or port)"),
    ("shipments_delivered", "count", "shipments delivered (including extracted)"),
    ("shipments_in_transit", "count", "shipments without an outcome at the end of the horizon"),
    ("containers_arrived", "count", "containers discharged in the window, all ports"),
    ("containers_selected", "count", "containers that joined a scanner queue in the window"),
    ("containers_scanned", "count", "of those, containers scanned"),
    ("containers_released_unscanned", "count", "of those, released when the hold cap expired"),
    ("containers_inspected", "count", "containers devanned by an inspection team"),
    ("scan_wait_mean_h", "h", "mean wait for a scanner over all selected containers"),
    ("container_delay_h", "h", "total hours selected containers waited for a scanner"),
    ("containers_checked_origin", "count", "containers checked before departure (liaison)"),
    ("agency_moves", "count", "moves of Benelux-agency mobile scanners started in the window"),
    ("wall_time_s", "s", "wall-clock time of the replication"),
]

PORTS: list[Column] = [
    ("scenario", "-", "scenario name"),
    ("replication", "-", "replication index"),
    ("port", "-", "port key (lower case)"),
    ("locode", "-", "UN/LOCODE of the port"),
    ("containers_arrived", "count", "containers discharged by vessel calls in the window"),
    ("containers_selected", "count", "containers that joined the scanner queue in the window"),
    ("containers_scanned", "count", "of the selected, scanned (start may fall after the window)"),
    ("containers_released_unscanned", "count", "of the selected, released at the hold cap"),
    ("containers_inspected", "count", "flagged containers that started a physical inspection"),
    ("scan_wait_mean_h", "h", "mean wait for a scanner of the selected containers"),
    ("scan_wait_p95_h", "h", "95th percentile of that wait"),
    ("scan_queue_mean", "containers", "time-average number waiting for a scanner (sampled)"),
    ("scanner_utilization", "share", "busy scanner-hours / open scanner-hours in the window"),
    ("inspection_wait_mean_h", "h", "mean wait for an inspection team"),
    ("inspection_utilization", "share", "busy team-hours / open team-hours in the window"),
    ("scanners", "count", "scanners at the end of the window (fixed and mobile)"),
    ("scanner_years", "years", "fixed scanners present, integrated over the window"),
    (
        "mobile_scanner_years",
        "years",
        "mobile (agency) scanners present, integrated over the window",
    ),
    ("scan_dwell_h", "h", "hours selected containers spent waiting for and in a scan"),
    ("inspection_dwell_h", "h", "hours flagged containers spent waiting for and in inspection"),
    ("shipments_attempted", "count", "shipments in play bound for this port"),
    ("kg_attempted", "kg", "kg in play bound for this port"),
    ("kg_seized", "kg", "of those, seized at this port"),
    ("kg_seized_origin", "kg", "of those, seized at origin before departure"),
    ("kg_extracted", "kg", "of those, extracted by insiders (part of kg_delivered)"),
    ("kg_delivered", "kg", "of those, delivered (including extracted)"),
    ("kg_in_transit", "kg", "of those, without an outcome at the end of the horizon"),
    ("interdiction_rate", "share", "kg seized (port + origin) / (that + kg_delivered)"),
]

TIMESERIES: list[Column] = [
    ("scenario", "-", "scenario name"),
    ("replication", "-", "replication index"),
    ("port", "-", "port key"),
    ("period_start", "date", "first day of the period (ISO date; run.period long)"),
    ("kg_attempted", "kg", "kg bound for the port that left their origin in the period"),
    ("kg_seized", "kg", "kg seized at the port in the period (by seizure date)"),
    ("kg_delivered", "kg", "kg delivered through the port in the period"),
    ("shipments_attempted", "count", "shipments bound for the port leaving in the period"),
    ("containers_scanned", "count", "scans started at the port in the period"),
]

SHIPMENTS: list[Column] = [
    ("scenario", "-", "scenario name"),
    ("replication", "-", "replication index"),
    ("shipment_id", "-", "id, unique within a replication"),
    ("organisation", "-", "trafficking organisation"),
    ("origin", "-", "origin port key"),
    ("port", "-", "European port of discharge"),
    ("method", "-", "concealment method"),
    ("load_kg", "kg", "cocaine in the container (whole kg)"),
    ("departed_day", "d", "departure from origin, days since run.start_date (< 0: warm-up)"),
    ("arrived_day", "d", "availability at the European terminal (empty if never discharged)"),
    ("selected", "bool", "selected for a scan"),
    ("scan_wait_h", "h", "wait for a scanner (empty if not scanned)"),
    ("outcome", "-", "seized_origin, seized_port, extracted, delivered or in_transit"),
    ("stage", "-", "where the outcome was decided (insider, not_selected, hold_cap, ...)"),
    ("outcome_day", "d", "time of the outcome, days since run.start_date (empty if in transit)"),
]

DISPLACEMENT: list[Column] = [
    ("replication", "-", "replication index (scenario and counterfactual share its streams)"),
    ("treated_change_kg", "kg", "change in kg shipped to the treated ports after the policy date"),
    ("buffer_change_kg", "kg", "same, buffer ports"),
    ("control_change_kg", "kg", "same, control ports (all others)"),
    ("total_change_kg", "kg", "same, all ports (~0: organisations keep their target volume)"),
    ("displacement_ratio", "ratio", "(buffer + control change) / treated decrease; 1 = all moved"),
    ("wdq_attempted", "ratio", "weighted displacement quotient (Bowers & Johnson 2003), flows"),
    ("wdq_seized", "ratio", "the same computed on seizures, as official statistics would show it"),
    (
        "shift_t50_days",
        "d",
        "days from the policy date until half the final shift of the treated "
        "ports' share of the flow is reached",
    ),
    ("delivered_change_kg", "kg", "change in kg delivered to the market after the policy date"),
]

DISPLACEMENT_BY_PORT: list[Column] = [
    ("replication", "-", "replication index"),
    ("port", "-", "port key"),
    ("group", "-", "treated, buffer or control"),
    ("kg_attempted_after", "kg", "kg shipped to the port after the policy date (scenario)"),
    ("kg_attempted_after_counterfactual", "kg", "same, counterfactual"),
    ("change_kg", "kg", "scenario minus counterfactual"),
    ("change_share", "share", "change_kg / counterfactual value"),
    ("kg_seized_after", "kg", "kg seized at the port after the policy date (scenario)"),
    ("kg_seized_after_counterfactual", "kg", "same, counterfactual"),
    ("kg_delivered_after", "kg", "kg delivered through the port after the policy date"),
    ("kg_delivered_after_counterfactual", "kg", "same, counterfactual"),
]

COST_PARTS: list[Column] = [
    ("scanner_capital_eur", "EUR", "fixed scanner-years x purchase price / life (depreciation)"),
    ("scanner_operating_eur", "EUR", "fixed scanner-years x operating cost a year"),
    ("scan_eur", "EUR", "containers scanned x cost of a scan"),
    ("inspection_eur", "EUR", "containers inspected x cost of a physical inspection"),
    ("delay_eur", "EUR", "container-hours of scan and inspection dwell x delay cost"),
    ("liaison_eur", "EUR", "liaison officers x years active x cost a year"),
    ("data_sharing_eur", "EUR", "years active x cost a year of manifest-data sharing"),
    ("alliance_eur", "EUR", "years active x cost a year of the shared intelligence cell"),
    ("agency_eur", "EUR", "mobile scanners (depreciation + operation) x years + moves x cost"),
    ("insider_measures_eur", "EUR", "ports x years active x cost a year of insider measures"),
]
"""The cost components of ``costs.csv``, which sum to ``total_eur`` (:mod:`sim.results.costs`)."""

COSTS: list[Column] = [
    ("scenario", "-", "scenario name"),
    ("replication", "-", "replication index"),
    *COST_PARTS,
    ("total_eur", "EUR", "sum of the parts above, over the window"),
    ("kg_seized", "kg", "kg seized (origin + port)"),
    ("cost_per_kg_seized_eur", "EUR/kg", "total_eur / kg_seized"),
]

COST_COMPARISON: list[Column] = [
    ("replication", "-", "replication index (paired with the counterfactual's)"),
    ("extra_cost_eur", "EUR", "total cost, scenario - counterfactual"),
    ("extra_kg_seized", "kg", "kg seized, scenario - counterfactual"),
    ("kg_kept_off_market", "kg", "kg delivered, counterfactual - scenario"),
    ("cost_per_extra_kg_seized_eur", "EUR/kg", "extra_cost_eur / extra_kg_seized (if > 0)"),
    ("cost_per_kg_kept_off_market_eur", "EUR/kg", "extra_cost_eur / kg_kept_off_market (if > 0)"),
    *(
        (f"extra_{name}", unit, f"{name}: scenario - counterfactual")
        for name, unit, _ in COST_PARTS
    ),
]

TABLES: dict[str, list[Column]] = {
    "replications": REPLICATIONS,
    "ports": PORTS,
    "timeseries": TIMESERIES,
    "shipments": SHIPMENTS,
    "displacement": DISPLACEMENT,
    "displacement_by_port": DISPLACEMENT_BY_PORT,
    "costs": COSTS,
    "cost_comparison": COST_COMPARISON,
}
"""Every table a run can write. ``displacement``, ``displacement_by_port`` and
``cost_comparison`` only for scenarios with a counterfactual, which also write the
counterfactual's tables under ``counterfactual/``; ``costs`` for every network run (prices in
``configs/config.yaml``, computed in :mod:`sim.results.costs`)."""


RUN_TABLES = ("replications", "ports", "timeseries", "shipments")
"""The tables every run writes."""


def columns(table: str) -> list[str]:
    """Column names of a table, in order."""
    return [name for name, _unit, _meaning in TABLES[table]]


def markdown() -> str:
    """The data dictionary as Markdown (pasted into the README)."""
    parts = [_KG_DEF, ""]
    for table, cols in TABLES.items():
        parts += [f"**`{table}.csv`**", "", "| column | unit | meaning |", "|---|---|---|"]
        parts += [f"| `{name}` | {unit} | {meaning} |" for name, unit, meaning in cols]
        parts.append("")
    return "\n".join(parts)


START = "<!-- data-dictionary:start (generated: python -m sim.results.schema --update-readme) -->"
END = "<!-- data-dictionary:end -->"


def update_readme(path: Path) -> bool:
    """Rewrite the generated section of the README; return True if it changed."""
    text = path.read_text()
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    new = f"{head}{START}\n{markdown()}\n{END}{tail}"
    if new != text:
        path.write_text(new)
    return new != text


if __name__ == "__main__":
    if "--update-readme" in sys.argv:
        readme = Path(__file__).resolve().parents[2] / "README.md"
        print("README updated" if update_readme(readme) else "README already up to date")
    else:
        print(markdown())
