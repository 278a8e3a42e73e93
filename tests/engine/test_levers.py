"""Each policy lever changes what its mechanism says, and nothing else."""

from __future__ import annotations

import itertools
import math

import pandas as pd
import pytest
from helpers import run_tables, setup

from sim.engine.model import PortSystem
from sim.engine.shipments import Outcome, Shipment, Stage

# Static organisations keep routes fixed, so a lever's effect is its mechanism alone; the lever
# starts two months into a nine-month window.
RUN = (
    "run.scale=1.0",  # every load: a run at scale s ships s of them (sim.engine.scaling)
    "run.warmup_days=30",
    "run.horizon_days=270",
    "run.replications=1",
    "run.seed=13",
    "traffickers=static",
    "scenario.counterfactual=false",
)
START = "2023-03-01"
SCENARIOS = {
    "port_alliance": "alliance",
    "liaison_network": "liaison",
    "shipping_data_sharing": "data_sharing",
    "benelux_agency": "benelux_agency",
    "insider_crackdown": "insider_crackdown",
}


def lever_run(scenario: str, *extra: str):
    lever = SCENARIOS[scenario]
    return run_tables(f"scenario={scenario}", *RUN, f"levers.{lever}.start={START}", *extra)


def baseline_run():
    return run_tables("scenario=baseline", *RUN)


def same_rows(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(
        a.drop(columns="scenario").reset_index(drop=True),
        b.drop(columns="scenario").reset_index(drop=True),
    )


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_a_scenario_with_its_lever_off_equals_the_baseline_exactly(scenario):
    off = lever_run(scenario, f"levers.{SCENARIOS[scenario]}.enabled=false")
    base = baseline_run()
    for name in ("ports", "timeseries", "shipments"):
        same_rows(getattr(off, name), getattr(base, name))
    same_rows(off.replications, base.replications)


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_every_lever_scenario_changes_something(scenario):
    """Guards the test above against a lever that silently does nothing."""
    on, base = lever_run(scenario), baseline_run()
    assert not on.shipments["outcome"].equals(base.shipments["outcome"]) or not on.ports[
        "containers_scanned"
    ].equals(base.ports["containers_scanned"])


def test_data_sharing_finds_more_at_the_same_selection_rate():
    on = lever_run("shipping_data_sharing", "levers.data_sharing.targeting_gain=0.6")
    base = baseline_run()
    ship_on, ship_base = on.shipments, base.shipments
    treated = ship_on["port"].isin(["antwerp", "zeebrugge"])
    late = ship_on["arrived_day"] >= 60  # discharged after the start date
    assert ship_on[treated & late]["selected"].mean() > ship_base[treated & late]["selected"].mean()

    # the legitimate containers selected are the same: differences are contaminated boxes only
    # (counted, like ports.csv, when they joined a scanner queue inside the window)
    def queued(ship: pd.DataFrame) -> int:
        return int((ship["selected"] & ship["arrived_day"].between(0, 270, inclusive="left")).sum())

    extra = queued(ship_on) - queued(ship_base)
    diff = on.ports["containers_selected"].sum() - base.ports["containers_selected"].sum()
    assert diff == extra
    # nothing changes for shipments to other ports
    same_rows(ship_on[~treated], ship_base[~treated])


def test_liaison_seizures_are_all_at_origin_and_change_nothing_else():
    on, base = lever_run("liaison_network"), baseline_run()
    ship_on, ship_base = on.shipments, base.shipments
    checked = ship_on["stage"] == Stage.origin_check.value
    assert checked.sum() > 0
    assert (ship_on.loc[checked, "outcome"] == "seized_origin").all()
    origins = {"guayaquil", "puerto_bolivar", "posorja", "santos", "cartagena"}
    assert set(ship_on.loc[checked, "origin"]) <= origins
    assert (ship_on.loc[checked, "outcome_day"] >= 59).all()
    assert on.replications["containers_checked_origin"].iloc[0] > 1000
    kept = ~checked
    pd.testing.assert_series_equal(
        ship_on.loc[kept, "outcome"], ship_base.loc[kept, "outcome"], check_names=False
    )
    reps = on.replications.iloc[0]
    at_origin = ship_on["outcome"] == "seized_origin"  # the liaison's and the countries' own
    assert reps["kg_seized_origin"] == ship_on.loc[at_origin, "load_kg"].sum()


def test_insider_crackdown_cuts_extraction_only_where_applied():
    on, base = lever_run("insider_crackdown"), baseline_run()
    treated = on.shipments["port"].isin(["antwerp", "rotterdam"])
    extracted = lambda t, m: t.shipments[m & (t.shipments["outcome"] == "extracted")]  # noqa: E731
    assert len(extracted(on, treated)) < 0.8 * len(extracted(base, treated))
    same_rows(on.shipments[~treated], base.shipments[~treated])


def system_with(*overrides: str) -> PortSystem:
    params, network = setup(*RUN, *overrides)
    return PortSystem(params, network, 0)


def shipment(origin="guayaquil", port="antwerp", method="cover_load", org="benelux_banana"):
    return Shipment(0, org, origin, port, method, 100.0, 0.0, 0.5, 0.5, 0.5, 0.5, 0.5)


def test_shared_intelligence_raises_detection_at_other_members_after_a_seizure():
    system = system_with(
        "scenario=port_alliance",
        f"levers.alliance.start={START}",
        "security.lane_selection_factor.EC=1.0",  # no lane emphasis: the group's rate
    )
    alliance = system.levers["alliance"]
    alliance.active = True
    rotterdam, zeebrugge = system.ports["rotterdam"], system.ports["zeebrugge"]
    match, other = shipment(port="rotterdam"), shipment(origin="santos", port="rotterdam")
    before = rotterdam.contaminated_selection(match, 1000.0)
    seized = shipment(port="antwerp")
    seized.resolve(Outcome.seized_port, Stage.inspection, 1000.0)
    alliance._on_outcome(seized)
    after = rotterdam.contaminated_selection(match, 1001.0)
    gain = system.params.levers["alliance"].intelligence_gain
    q = rotterdam.rates.targeting_quality
    s = rotterdam.rates.latam
    assert after == pytest.approx(s + (1 - (1 - q) * (1 - gain)) * (1 - s))
    assert after > before
    assert rotterdam.contaminated_selection(other, 1001.0) == before  # other profile
    assert zeebrugge.contaminated_selection(shipment(port="zeebrugge"), 1001.0) == pytest.approx(
        zeebrugge.rates.contaminated()
    )  # not a member
    expired = 1000.0 + system.params.levers["alliance"].intelligence_days * 24.0 + 1.0
    assert rotterdam.contaminated_selection(match, expired) == before


def test_alliance_members_meet_the_common_minimums():
    system = system_with("scenario=port_alliance", f"levers.alliance.start={START}")
    system.run()
    p = system.params.levers["alliance"]
    for key in p.members:
        lv = system.ports[key].levers
        assert lv.selection_rate >= p.min_selection_rate
        assert lv.hold_cap_h >= p.min_hold_cap_h
        boxes = system.network.ports[key].import_containers(2023)
        assert lv.scanners >= math.ceil(p.min_scanners_per_million * boxes / 1e6)
    assert system.ports["zeebrugge"].levers == system.params.ports["zeebrugge"]  # not a member


def test_a_mobile_scanner_is_at_one_port_at_a_time_and_unavailable_in_transit():
    move_h = 10.0
    system = system_with(
        "scenario=benelux_agency",
        f"levers.benelux_agency.start={START}",
        "levers.benelux_agency.relocation=rotate",
        "levers.benelux_agency.review_days=5",
        f"levers.benelux_agency.move_time_h={move_h}",
    )
    record = system.run()
    agency = system.levers["benelux_agency"]
    n = system.params.levers["benelux_agency"].mobile_scanners
    assert len(agency.moves) > 10 * n
    end = record.window_h[1]
    stays = sorted(agency.presence, key=lambda s: (s[0], s[2]))  # (scanner, port, from, to)
    for scanner in range(n):
        mine = [s for s in stays if s[0] == scanner]
        for (_, _, a0, b0), (_, _, a1, _b1) in itertools.pairwise(mine):
            assert b0 >= a0
            assert a1 == pytest.approx(b0 + move_h)  # on the road in between: at no port
    # the scanners added to the ports never exceed the pool, and are fewer while some travel
    fixed = {k: p.levers.scanners for k, p in system.ports.items()}
    for t in sorted({t for p in system.ports.values() for t, _ in p.scan.server_changes}):
        total = 0
        for key, port in system.ports.items():
            counts = [c for when, c in port.scan.server_changes if when <= t]
            total += counts[-1] - fixed[key]
        assert total <= n
    presence = agency.presence_by_port(end)
    assert sum(b - a for v in presence.values() for a, b in v) <= n * (end - agency.start_h)


def announced(*changes: str) -> list[tuple[float, tuple[str, ...]]]:
    system = system_with(*(f"+scenario.schedule.{c}" for c in changes))
    lever = system.levers["schedule"]
    return [(a.start_h, a.ports) for a in lever.announcements()]


def test_scheduled_changes_that_tighten_checks_are_announced_and_the_others_not():
    up = 'a={port: antwerp, lever: scanners, value: 12, start: "2023-03-01"}'
    down = 'b={port: rotterdam, lever: scanners, value: 1, start: "2023-03-01"}'
    fewer_insiders = 'c={port: hamburg, lever: insider_rate, value: 0.01, start: "2023-04-01"}'
    price = 'd={port: hamburg, lever: insider_fee_share, value: 0.5, start: "2023-04-01"}'
    notes = announced(up, down, fewer_insiders, price)
    assert [ports for _, ports in notes] == [("antwerp",), ("hamburg",)]
    assert notes[0][0] < notes[1][0]


def test_a_change_back_is_judged_against_the_schedule_before_it():
    up = 'a={port: antwerp, lever: scanners, value: 12, start: "2023-03-01"}'
    back = 'b={port: antwerp, lever: scanners, value: 6, start: "2023-05-01"}'
    assert [ports for _, ports in announced(up, back)] == [("antwerp",)]


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_every_lever_announces_where_it_acts(scenario):
    lever = SCENARIOS[scenario]
    system = system_with(f"scenario={scenario}", f"levers.{lever}.start={START}")
    notes = system.levers[lever].announcements()
    assert len(notes) == 1 and notes[0].start_h == system.levers[lever].start_h
    assert notes[0].ports or notes[0].origins
