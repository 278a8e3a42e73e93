"""The reporting layer (sim.validation.reporting): published figures -> ranges, and back."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from sim.validation.reporting import (
    DEFAULT_LOWER_SHARE,
    LOWER_SHARES,
    ROLES,
    NotReportableError,
    ObservedRange,
    as_reported,
    covered_fraction,
    load_published,
    observed_history,
    observed_range,
    observed_ranges,
)

MAIN = ("antwerp", "rotterdam", "hamburg", "le_havre", "vlissingen")


@pytest.fixture(scope="module")
def published() -> pd.DataFrame:
    return load_published()


def fig(**kw: object) -> dict[str, object]:
    """One published.csv row with defaults: a used customs point figure, cocaine at the port."""
    row: dict[str, object] = {
        "port": "p",
        "year": 2024,
        "period": "year",
        "period_end": "",
        "quantity": "kg_seized",
        "value": 1.0,
        "unit": "kg",
        "substance": "cocaine",
        "agency_scope": "customs",
        "area_scope": "port",
        "bound": "point",
        "status": "sourced",
        "used": False,
        "source_id": "s",
        "reliability": "M",
        "note": "",
    }
    row.update(kw)
    return row


def rng(*rows: dict[str, object], port: str = "p") -> ObservedRange:
    found = observed_range(pd.DataFrame(list(rows)), port, 2024)
    assert found is not None
    return found


# ------------------------------------------------------------------ the rules, one by one


def test_rule_table_is_complete():
    for period in ("year", "H1", "partial"):
        for inside in (True, False):
            for bound in ("point", "lower", "upper"):
                assert (period, inside, bound) in ROLES
    assert DEFAULT_LOWER_SHARE[0] == 0.0
    assert all(0 <= share <= 1 and reason for share, reason in LOWER_SHARES.values())


def test_conflicting_points_give_min_max_and_the_used_one_is_central():
    r = rng(
        fig(value=116, used=True, reliability="H", source_id="a"),
        fig(value=121.1, source_id="b"),
    )
    assert (r.low, r.high, r.central) == (116, 121.1, 116)
    assert r.sources == ("a", "b")
    assert "conflicting" in r.caveat


def test_without_a_used_point_the_most_reliable_is_central():
    r = rng(fig(value=10, reliability="L"), fig(value=12, reliability="H"), fig(value=11))
    assert (r.low, r.high, r.central) == (10, 12, 12)


def test_partial_count_is_the_low_end_and_an_l_point_gives_a_midpoint():
    # Hamburg 2024: "~5 t so far by December" vs "about half of 2023" (33 t / 2)
    r = rng(
        fig(value=5000, period="partial", period_end="2024-12", bound="lower", reliability="L"),
        fig(value=16500, status="derived", used=True, reliability="L"),
    )
    assert (r.low, r.high) == (5000, 16500)
    assert r.central == pytest.approx((5000 + 16500) / 2)


def test_partial_count_alone_is_open_above():
    r = rng(fig(value=4000, period="partial", bound="lower"))
    assert r.low == 4000 and math.isinf(r.high) and r.central == 4000
    assert "no upper bound" in r.caveat


def test_lower_bounds():
    # single seizures without a total: the largest is the low end, open above
    r = rng(fig(value=13062, bound="lower"), fig(value=21000, bound="lower"))
    assert r.low == 21000 and math.isinf(r.high)
    # an "at least" above the point figure widens the range up (Valencia 2023: 11.5 vs > 13 t)
    r = rng(fig(value=11.5, used=True, reliability="H"), fig(value=13, bound="lower"))
    assert (r.low, r.high, r.central) == (11.5, 13, 11.5)
    # one below it changes nothing
    r = rng(fig(value=11.5, used=True), fig(value=5, bound="lower"))
    assert (r.low, r.high) == (11.5, 11.5)


def test_first_half_year_is_a_lower_bound():
    r = rng(
        fig(value=4.5, period="H1"), fig(value=11.3, substance="all_drugs", area_scope="region")
    )
    assert (r.low, r.high) == (4.5, 11.3)
    assert r.central == pytest.approx((4.5 + 11.3) / 2)


def test_all_drugs_figure_with_a_cocaine_figure_gives_cocaine_to_all_drugs():
    r = rng(
        fig(value=9.6, used=True),
        fig(value=12.664, substance="all_drugs", area_scope="region", reliability="H"),
    )
    assert (r.low, r.high, r.central) == (9.6, 12.664, 9.6)


def test_wider_scope_without_cocaine_figure_uses_the_stated_share():
    # default share 0: the wider figure is only an upper bound
    r = rng(fig(value=4600, substance="all_drugs", area_scope="region"))
    assert (r.low, r.high, r.central) == (0, 4600, 2300)
    # Hamburg: 'mostly Hamburg' -> share 0.5 of the all-German-ports figure
    assert LOWER_SHARES[("hamburg", "cocaine", "region")][0] == 0.5
    r = rng(fig(port="hamburg", value=19111, area_scope="region"), port="hamburg")
    assert (r.low, r.high) == pytest.approx((9555.5, 19111))
    # ... and a single seizure at the port above that share raises the low end
    r = rng(
        fig(port="hamburg", value=19111, area_scope="region"),
        fig(port="hamburg", value=16000, bound="lower"),
        port="hamburg",
    )
    assert (r.low, r.high) == (16000, 19111)


def test_wider_scope_lower_bound_with_share_zero_says_nothing_more():
    r = rng(fig(value=9.6, used=True), fig(value=12.5, substance="all_drugs", bound="lower"))
    assert (r.low, r.high) == (9.6, 9.6)


def test_inconsistent_bounds_span_both():
    r = rng(fig(value=13, bound="lower"), fig(value=11, substance="all_drugs"))
    assert (r.low, r.high) == (11, 13)
    assert "exceed" in r.caveat


def test_an_upper_bound_for_part_of_the_year_is_ignored():
    assert observed_range(pd.DataFrame([fig(period="H1", bound="upper")]), "p", 2024) is None
    assert observed_range(pd.DataFrame([fig()]), "p", 2023) is None  # no row of that year


def test_counts_and_upstream_quantities():
    frame = pd.DataFrame(
        [
            fig(quantity="kg_intercepted_upstream", area_scope="origin", value=45000, used=True),
            fig(quantity="kg_intercepted_upstream", area_scope="origin", value=80000),
        ]
    )
    up = observed_range(frame, "p", 2024, "kg_intercepted_upstream")
    assert up is not None and (up.low, up.high, up.central) == (45000, 80000, 45000)
    assert observed_range(frame, "p", 2024) is None  # no kg_seized figure
    counts = pd.DataFrame([fig(quantity="seizure_count", unit="count", value=124, used=True)])
    n = observed_range(counts, "p", 2024, "seizure_count")
    assert n is not None and (n.low, n.high) == (124, 124)


# ------------------------------------------------------------------ the real evidence

EXPECTED = {
    # (port, year): (low, high, central) in kg — see the report table in the final message
    ("antwerp", 2023): (116_000, 121_100, 116_000),
    ("antwerp", 2024): (44_000, 44_200, 44_000),
    ("rotterdam", 2023): (45_506, 45_506, 45_506),
    ("rotterdam", 2024): (25_000, 26_000, 25_900),
    ("hamburg", 2023): (33_000, 35_000, 33_000),
    ("hamburg", 2024): (5_000, 16_500, 10_750),
    ("le_havre", 2023): (2_400, 4_800, 3_600),
    ("le_havre", 2024): (9_400, 9_400, 9_400),
    ("vlissingen", 2023): (4_500, 11_300, 7_900),
    ("vlissingen", 2024): (9_600, 12_664, 9_600),
}


@pytest.mark.parametrize(("port", "year"), sorted(EXPECTED))
def test_main_ports_2023_2024(published, port, year):
    r = observed_range(published, port, year)
    assert r is not None
    assert (r.low, r.high, r.central) == pytest.approx(EXPECTED[(port, year)])
    assert r.low <= r.central <= r.high
    assert r.sources and r.caveat


def test_vlissingen_is_cocaine_in_2024_and_a_region_all_drugs_bound_in_2023(published):
    v24 = observed_range(published, "vlissingen", 2024)
    assert v24 is not None
    assert v24.central == 9600 and v24.sources[0] == "nl_customs_2026_annual"
    assert v24.high == 12664 and "all drugs, region" in v24.caveat
    v23 = observed_range(published, "vlissingen", 2023)
    assert v23 is not None
    assert v23.high == 11300 and v23.low == 4500  # H1 2023 cocaine is the only cocaine figure
    assert not v23.contains(11300.5) and v23.contains(4500)
    zwb = published[(published["port"] == "vlissingen") & published["value"].isin([11300, 12664])]
    assert set(zwb["substance"]) == {"all_drugs"} and set(zwb["area_scope"]) == {"region"}


def test_every_range_of_the_real_evidence_is_well_formed(published):
    quantities = sorted(set(published["quantity"]))
    for year in range(2020, 2026):
        for quantity in quantities:
            for r in observed_ranges(published, year, quantity):
                assert 0 <= r.low <= r.central <= r.high, r
                assert set(r.sources) <= set(published["source_id"])


def test_observed_ranges_and_history(published):
    ranges = observed_ranges(published, 2024, ports=MAIN)
    assert [r.port for r in ranges] == list(MAIN)
    hist = observed_history(published, ["rotterdam", "dunkirk"], [2021, 2022, 2023])
    assert list(hist.columns) == ["port", "year", "value"]
    assert hist[hist["port"] == "rotterdam"]["value"].tolist() == [72808, 46789, 45506]
    assert hist[hist["port"] == "dunkirk"]["year"].tolist() == [2021]  # only a single seizure


# ------------------------------------------------------------------ model value -> printed value


def test_covered_fraction():
    assert covered_fraction(2024, "year") == (1.0, 1.0)
    assert covered_fraction(2023, "H1") == (181 / 365, 181 / 365)
    assert covered_fraction(2024, "H1") == (182 / 366, 182 / 366)
    assert covered_fraction(2024, "partial", "2024-12") == (335 / 366, 1.0)
    assert covered_fraction(2023, "partial", "2023-03") == (59 / 365, 90 / 365)
    assert covered_fraction(2024, "partial", "2024-02-29") == (60 / 366, 60 / 366)
    with pytest.raises(NotReportableError):
        covered_fraction(2024, "partial", "")


def test_as_reported(published):
    assert as_reported(30_000, fig(value=25_900)) == (30_000, 30_000)
    low, high = as_reported(10_000, fig(period="H1"))
    assert low == high == pytest.approx(10_000 * 182 / 366)
    hamburg = published[(published["port"] == "hamburg") & (published["period"] == "partial")]
    low, high = as_reported(12_000, hamburg.iloc[0])
    assert (low, high) == pytest.approx((12_000 * 335 / 366, 12_000))
    for bad in (
        fig(substance="all_drugs"),  # the model has no other drugs
        fig(area_scope="region"),  # nor "the rest of the region"
        fig(bound="lower"),  # a single seizure is not a share of the total
        fig(period="partial", bound="lower"),  # end date not stated
    ):
        with pytest.raises(NotReportableError):
            as_reported(1.0, bad)
    up = fig(quantity="kg_intercepted_upstream", area_scope="origin")
    assert as_reported(5.0, up) == (5.0, 5.0)
