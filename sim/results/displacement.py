"""Displacement of the cocaine flow by a port policy: scenario against its no-policy counterfactual.

The question analysts ask is "if a port adds scanning capacity, where does the cocaine go
instead?". It is answered by comparing two runs with the same replications, ports and periods:
the *scenario* (with the policy) and its *counterfactual* (the same configuration without the
policy, with the same random streams per replication — common random numbers), so that the
difference of the two, replication by replication, is the effect of the policy.

Ports are split into three groups (:class:`PortGroups`): *treated* (where the policy acts),
*buffer* (the nearby alternatives the flow is expected to move to) and *control* (all the others).

Conventions used throughout:

* only the monthly ``timeseries`` table is used (columns: :mod:`sim.results.schema`);
  ``kg_attempted`` there is dated by departure from the origin, ``kg_seized`` and
  ``kg_delivered`` by the date they happen;
* "before" is the periods with ``period_start < policy_start``, "after" those with
  ``period_start >= policy_start``; a period that straddles the policy date (a policy date that is
  not a period start) therefore counts as "before";
* changes are scenario minus counterfactual, in kg, summed over the "after" periods; so is every
  measure (displacement ratio, WDQ, time to 50 % of the shift): the counterfactual, not the
  "before" periods, is the baseline, and a policy that changes nothing has no WDQ and no shift;
* intervals over replications are Student t intervals (:func:`sim.results.stats.mean_ci`); the
  interval of the time to 50 % of the shift is clipped to the values it can take
  (:func:`summarise_displacement`).

This module is pure pandas/numpy: it does not import the engine or matplotlib (the figures are in
:mod:`sim.plots.displacement`).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from sim.results.stats import mean_ci, paired_difference_ci

if TYPE_CHECKING:
    from sim.results.run_tables import ResultTables  # that module imports the engine: types only

GROUP_NAMES = ("treated", "buffer", "control")
KG_COLUMNS = ("kg_attempted", "kg_seized", "kg_delivered")
KEYS = ["replication", "port"]

SMOOTH_WINDOW = 3  # periods in the centred moving average of time_to_half_shift
FINAL_PERIODS = 6  # periods averaged for the final shift F of time_to_half_shift
MIN_SHIFT = 1e-3  # |F| below this (share, 0.1 percentage point): no shift, t50 is nan
HALF_TOLERANCE = 1e-9  # relative slack on the 50 % threshold, against rounding of the averages

NO_DISPLACEMENT = "no displacement: the policy did not change the treated ports' flow"
"""What the summaries say instead of a WDQ when the treated change is 0 in every replication."""
NO_SHIFT = "no shift: the treated ports' share of the flow did not move against the counterfactual"
"""What the summaries say instead of a time to 50 % of the shift when there is none."""


# ------------------------------------------------------------------ port groups


@dataclass(frozen=True)
class PortGroups:
    """Ports split into treated, buffer and control groups (disjoint; treated non-empty).

    Attributes
    ----------
    treated : tuple of str
        Ports where the policy acts (e.g. ``("antwerp",)``).
    buffer : tuple of str
        Nearby alternatives, where displaced flow is expected (may be empty).
    control : tuple of str
        All the other ports (may be empty; the WDQ is then nan).
    """

    treated: tuple[str, ...]
    buffer: tuple[str, ...]
    control: tuple[str, ...]

    def __post_init__(self) -> None:
        for name in GROUP_NAMES:
            object.__setattr__(self, name, tuple(str(p) for p in getattr(self, name)))
        if not self.treated:
            raise ValueError("PortGroups: the treated group must name at least one port")
        seen: dict[str, str] = {}
        for name in GROUP_NAMES:
            for port in getattr(self, name):
                if port in seen:
                    where = f"both the {seen[port]} and the {name} group"
                    if seen[port] == name:
                        where = f"the {name} group twice"
                    raise ValueError(f"PortGroups: port {port!r} is in {where}")
                seen[port] = name

    @classmethod
    def from_lists(
        cls, treated: Iterable[str], buffer: Iterable[str], all_ports: Iterable[str]
    ) -> PortGroups:
        """Groups from the treated and buffer ports; control is every other port of ``all_ports``.

        Parameters
        ----------
        treated : iterable of str
            Treated ports, at least one.
        buffer : iterable of str
            Buffer ports (may be empty).
        all_ports : iterable of str
            Every port of the network (e.g. the ``port`` column of the tables).

        Returns
        -------
        PortGroups
            Control ports in the order of ``all_ports``.

        Raises
        ------
        ValueError
            If treated is empty, a port is listed twice or in both groups, or a treated or buffer
            port is not in ``all_ports``.
        """
        treated, buffer = tuple(treated), tuple(buffer)
        everything = list(dict.fromkeys(str(p) for p in all_ports))
        unknown = [p for p in (*treated, *buffer) if p not in everything]
        if unknown:
            raise ValueError(
                f"PortGroups: unknown port(s) {', '.join(map(repr, unknown))}; "
                f"known ports: {', '.join(everything)}"
            )
        listed = set(treated) | set(buffer)
        return cls(treated, buffer, tuple(p for p in everything if p not in listed))

    @property
    def ports(self) -> tuple[str, ...]:
        """All ports of the three groups (treated, then buffer, then control)."""
        return (*self.treated, *self.buffer, *self.control)

    def group_of(self, port: str) -> str:
        """``"treated"``, ``"buffer"`` or ``"control"`` for a port of the groups."""
        for name in GROUP_NAMES:
            if port in getattr(self, name):
                return name
        raise ValueError(f"PortGroups: port {port!r} is in no group")


# ------------------------------------------------------------------ weighted displacement quotient


def weighted_displacement_quotient(
    a_base: float,
    a_policy: float,
    b_base: float,
    b_policy: float,
    c_base: float,
    c_policy: float,
) -> float:
    """Weighted displacement quotient (WDQ) of Bowers & Johnson (2003), against a baseline.

    Bowers, K. J. & Johnson, S. D. (2003), "Measuring the geographical displacement and diffusion
    of benefit effects of crime prevention activity", *Journal of Quantitative Criminology*
    19(3), 275–301, define it with the periods before (b) and after (a) the intervention::

        WDQ = (B_a/C_a − B_b/C_b) / (A_a/C_a − A_b/C_b)

    with A the treated area, B the buffer area and C the control area. Here the baseline is not
    the period before the policy but the *counterfactual* over the same after-policy periods (the
    same configuration without the policy, on the same random streams): ``*_base`` is the
    counterfactual, ``*_policy`` the scenario, so::

        WDQ = (B_s/C_s − B_c/C_c) / (A_s/C_s − A_c/C_c)

    (s scenario, c counterfactual, all summed from the policy date). Comparing with a
    before-period mixes the policy with everything else that changes over time (seasons, traffic
    growth, the organisations' learning); the counterfactual removes that, so a policy that
    changes nothing gives no WDQ at all, not a number. The "crime" counted is cocaine (kg)
    bound for the ports of each group; dividing by the control ports keeps B&J's weighting.

    Parameters
    ----------
    a_base, a_policy : float
        Treated ports: baseline (counterfactual) and with the policy (scenario).
    b_base, b_policy : float
        Buffer ports, likewise.
    c_base, c_policy : float
        Control ports, likewise.

    Returns
    -------
    float
        The WDQ; nan (undefined) when the treated value did not change (``a_policy == a_base``:
        the policy did not change the treated ports' flow, 0/0 in spirit, whatever the control
        did), when the success measure is 0, when either control value is 0, or when an input is
        nan.

    Notes
    -----
    * The denominator ``A_s/C_s − A_c/C_c`` is the *success measure*: negative when the treated
      ports improved (less cocaine relative to the control ports).
    * The numerator ``B_s/C_s − B_c/C_c`` is the *displacement measure*: positive when the buffer
      got worse (more cocaine relative to the control ports), negative when it improved too.
    * WDQ < 0 ⇒ displacement (treated better, buffer worse); WDQ > 0 ⇒ diffusion of benefits
      (buffer better as well); WDQ < −1 ⇒ the displacement is larger than the direct benefit;
      WDQ = −1 ⇒ everything the treated ports lost went to the buffer; WDQ ≈ 0 ⇒ neither.
    * Bowers & Johnson compute the WDQ only when the success measure shows an improvement
      (denominator < 0); with a denominator > 0 the sign reading above is reversed and the value
      should not be interpreted as displacement or diffusion.
    * Flow displaced to the control ports raises C_s and so shrinks both measures; the share of
      the treated loss that reappears anywhere is ``displacement_ratio``
      (:func:`displacement_summary`).
    """
    values = (a_base, a_policy, b_base, b_policy, c_base, c_policy)
    if any(not math.isfinite(float(v)) for v in values) or c_base == 0 or c_policy == 0:
        return math.nan
    if a_policy == a_base:
        return math.nan
    success = a_policy / c_policy - a_base / c_base
    if success == 0:
        return math.nan
    displacement = b_policy / c_policy - b_base / c_base
    return float(displacement / success)


# ------------------------------------------------------------------ table helpers


def _policy_timestamp(policy_start: dt.date | str) -> pd.Timestamp:
    return pd.Timestamp(policy_start).normalize()


def _series(tables: ResultTables) -> pd.DataFrame:
    """The timeseries with a ``period`` Timestamp column."""
    ts = tables.timeseries
    return ts.assign(period=pd.to_datetime(ts["period_start"]))


def _check_pair(scenario: pd.DataFrame, counterfactual: pd.DataFrame) -> None:
    """The two time series must cover the same (replication, port, period) cells."""
    cells = ["replication", "port", "period"]

    def keys(ts: pd.DataFrame) -> pd.MultiIndex:
        return pd.MultiIndex.from_frame(ts[cells]).sort_values()

    if len(scenario) == 0:
        raise ValueError("displacement: the scenario time series is empty")
    s, c = keys(scenario), keys(counterfactual)
    if not s.equals(c):
        only_s, only_c = len(s.difference(c)), len(c.difference(s))
        raise ValueError(
            "displacement: scenario and counterfactual time series differ in their "
            f"(replication, port, period) cells ({only_s} only in the scenario, "
            f"{only_c} only in the counterfactual)"
        )


def _check_groups(ts: pd.DataFrame, groups: PortGroups) -> None:
    """Every port of the tables is in exactly one group, and every grouped port is in the tables."""
    present = set(ts["port"].astype(str))
    missing = sorted(set(groups.ports) - present)
    ungrouped = sorted(present - set(groups.ports))
    if missing:
        raise ValueError(f"displacement: grouped port(s) not in the tables: {', '.join(missing)}")
    if ungrouped:
        raise ValueError(f"displacement: port(s) of the tables in no group: {', '.join(ungrouped)}")


def _after_sums(ts: pd.DataFrame, start: pd.Timestamp) -> pd.DataFrame:
    """kg per (replication, port) summed over the periods from ``start``."""
    after = ts["period"] >= start
    kg = ts[list(KG_COLUMNS)].astype(float).where(after, 0.0)
    return kg.assign(replication=ts["replication"], port=ts["port"].astype(str)).groupby(KEYS).sum()


def _safe_ratio(num: pd.Series, den: pd.Series) -> pd.Series:
    return num / den.where(den != 0)


# ------------------------------------------------------------------ per port


def displacement_by_port(
    scenario: ResultTables,
    counterfactual: ResultTables,
    groups: PortGroups,
    policy_start: dt.date,
) -> pd.DataFrame:
    """Change of the flow per (replication, port) after the policy date, scenario − counterfactual.

    Parameters
    ----------
    scenario, counterfactual : ResultTables
        Result tables of the policy scenario and of its no-policy counterfactual, with the same
        replications, ports and periods (uses ``timeseries``).
    groups : PortGroups
        Treated / buffer / control ports; must cover exactly the ports of the tables.
    policy_start : datetime.date
        First day of the policy; "after" = periods with ``period_start >= policy_start``.

    Returns
    -------
    pandas.DataFrame
        One row per (replication, port), sorted by replication then port, with columns
        ``replication, port, group, kg_attempted_after, kg_attempted_after_counterfactual,
        change_kg, change_share, kg_seized_after, kg_seized_after_counterfactual,
        kg_delivered_after, kg_delivered_after_counterfactual``. All kg are summed over the
        "after" periods; ``change_kg`` = attempted (scenario − counterfactual) and
        ``change_share`` = ``change_kg`` / counterfactual attempted (nan when that is 0).
        ``attrs["policy_start"]`` holds the policy date (ISO) for the figures.

    Raises
    ------
    ValueError
        If the two time series do not cover the same cells, the groups do not match the ports,
        or no period starts on or after ``policy_start``.
    """
    start = _policy_timestamp(policy_start)
    return _by_port(_series(scenario), _series(counterfactual), groups, start)


def _by_port(
    s_ts: pd.DataFrame, c_ts: pd.DataFrame, groups: PortGroups, start: pd.Timestamp
) -> pd.DataFrame:
    """:func:`displacement_by_port` on time series already given a ``period`` (:func:`_series`)."""
    _check_pair(s_ts, c_ts)
    _check_groups(s_ts, groups)
    if not (s_ts["period"] >= start).any():
        raise ValueError(
            f"displacement: no period starts on or after the policy date {start.date()} "
            f"(last period {s_ts['period'].max().date()})"
        )
    s, c = _after_sums(s_ts, start), _after_sums(c_ts, start)
    frame = pd.DataFrame(index=s.index)
    frame["kg_attempted_after"] = s["kg_attempted"]
    frame["kg_attempted_after_counterfactual"] = c["kg_attempted"]
    frame["change_kg"] = frame["kg_attempted_after"] - frame["kg_attempted_after_counterfactual"]
    frame["change_share"] = _safe_ratio(
        frame["change_kg"], frame["kg_attempted_after_counterfactual"]
    )
    for column in ("kg_seized", "kg_delivered"):
        frame[f"{column}_after"] = s[column]
        frame[f"{column}_after_counterfactual"] = c[column]
    frame = frame.reset_index()
    frame.insert(2, "group", frame["port"].map(groups.group_of))
    frame.attrs["policy_start"] = start.date().isoformat()
    return frame


PORT_CHANGES = (
    # change column of displacement_by_port_summary, scenario column, counterfactual column
    ("change_kg", "kg_attempted_after", "kg_attempted_after_counterfactual"),
    ("seized_change_kg", "kg_seized_after", "kg_seized_after_counterfactual"),
    ("delivered_change_kg", "kg_delivered_after", "kg_delivered_after_counterfactual"),
)


def displacement_by_port_summary(by_port: pd.DataFrame, level: float = 0.95) -> pd.DataFrame:
    """Per port, each change against the counterfactual with its paired CI over replications.

    Parameters
    ----------
    by_port : pandas.DataFrame
        :func:`displacement_by_port` (one row per replication and port).
    level : float, default 0.95
        Confidence level.

    Returns
    -------
    pandas.DataFrame
        One row per port, in the order of ``by_port``: ``port``, ``group``, then for each of
        ``change_kg`` (kg shipped), ``seized_change_kg`` and ``delivered_change_kg`` (kg seized
        at and delivered through the port) the mean of scenario − counterfactual after the
        policy date and its ``<name>_ci_low``, ``<name>_ci_high``, and ``replications``. The
        interval is the paired one (:func:`sim.results.stats.paired_difference_ci`): replication
        i of the scenario and of the counterfactual share their random streams.
    """
    rows = []
    for port, rows_of_port in by_port.groupby("port", sort=False):
        row: dict[str, object] = {"port": port, "group": rows_of_port["group"].iloc[0]}
        for name, scenario_column, counterfactual_column in PORT_CHANGES:
            mean, low, high = paired_difference_ci(
                rows_of_port[scenario_column].to_numpy(float),
                rows_of_port[counterfactual_column].to_numpy(float),
                level,
            )
            row |= {name: mean, f"{name}_ci_low": low, f"{name}_ci_high": high}
        row["replications"] = int(rows_of_port["replication"].nunique())
        rows.append(row)
    return pd.DataFrame(rows)


# ------------------------------------------------------------------ per replication


def _group_kg_after(
    ts: pd.DataFrame, groups: PortGroups, start: pd.Timestamp, column: str
) -> pd.DataFrame:
    """kg of ``column`` per replication summed from ``start``, one column per group."""
    after = ts["period"] >= start
    frame = pd.DataFrame(
        {
            "replication": ts["replication"][after],
            "group": ts["port"][after].astype(str).map(groups.group_of),
            "kg": ts[column][after].astype(float),
        }
    )
    table = frame.pivot_table(index="replication", columns="group", values="kg", aggfunc="sum")
    return table.reindex(columns=list(GROUP_NAMES), fill_value=0.0).fillna(0.0)


def _wdq_by_replication(
    s_ts: pd.DataFrame, c_ts: pd.DataFrame, groups: PortGroups, start: pd.Timestamp, column: str
) -> pd.Series:
    """:func:`weighted_displacement_quotient` per replication: scenario against counterfactual,
    both summed over the periods from the policy date."""
    s = _group_kg_after(s_ts, groups, start, column)
    c = _group_kg_after(c_ts, groups, start, column).reindex(s.index, fill_value=0.0)
    a_s, b_s, c_s = (s[name].to_numpy(dtype=float) for name in GROUP_NAMES)
    a_c, b_c, c_c = (c[name].to_numpy(dtype=float) for name in GROUP_NAMES)
    wdq = [
        weighted_displacement_quotient(*values)
        for values in zip(a_c, a_s, b_c, b_s, c_c, c_s, strict=True)
    ]
    return pd.Series(wdq, index=s.index, dtype=float)


def displacement_summary(
    scenario: ResultTables,
    counterfactual: ResultTables,
    groups: PortGroups,
    policy_start: dt.date,
    by_port: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Displacement measures per replication.

    Parameters
    ----------
    scenario, counterfactual : ResultTables
        Result tables of the policy scenario and of its counterfactual (same replications, ports
        and periods; uses ``timeseries``).
    groups : PortGroups
        Treated / buffer / control ports.
    policy_start : datetime.date
        First day of the policy.
    by_port : pandas.DataFrame, optional
        :func:`displacement_by_port` of the same arguments, if the caller already has it (it is
        then not recomputed, nor are its checks repeated); computed here when None.

    Returns
    -------
    pandas.DataFrame
        One row per replication with columns:

        ``replication``
            replication index;
        ``treated_change_kg``, ``buffer_change_kg``, ``control_change_kg``
            change of the attempted kg after the policy date (scenario − counterfactual), summed
            over the ports of the group (0 for an empty group);
        ``total_change_kg``
            the sum of the three: the change of the whole flow (deterrence if negative);
        ``displacement_ratio``
            ``(buffer_change_kg + control_change_kg) / (−treated_change_kg)``: the share of the
            flow removed from the treated ports that reappears at the other ports. 1 = all of it
            moved (the total is unchanged), 0 = none moved, > 1 = the other ports gained more than
            the treated lost, < 0 = the other ports lost too. nan when the treated change is
            >= 0 (nothing was removed, the ratio has no meaning); unstable when the treated
            change is small;
        ``wdq_attempted``
            :func:`weighted_displacement_quotient` of the scenario against the counterfactual,
            both summed from the policy date, on ``kg_attempted`` (the flow as shipped); nan
            (undefined) where the policy did not change the treated ports' flow;
        ``wdq_seized``
            the same on ``kg_seized``: the displacement seizure statistics would show, which mix
            the change of the flow with the change of the seizure rate; nan where the treated
            ports' seizures did not change;
        ``shift_t50_days``
            :func:`time_to_half_shift` of the treated ports (nan: no shift);
        ``delivered_change_kg``
            change of the kg delivered (all ports, after the policy date, scenario −
            counterfactual): the net effect on the criminal market.

        ``attrs["t50_max_days"]`` holds the largest value ``shift_t50_days`` can take (days from
        the policy date to the last period start), the upper bound of its interval in
        :func:`summarise_displacement`.
    """
    start = _policy_timestamp(policy_start)
    s_ts, c_ts = _series(scenario), _series(counterfactual)
    if by_port is None:
        by_port = _by_port(s_ts, c_ts, groups, start)
    change = by_port.pivot_table(
        index="replication", columns="group", values="change_kg", aggfunc="sum"
    ).reindex(columns=list(GROUP_NAMES), fill_value=0.0)
    summary = pd.DataFrame(index=change.index)
    for name in GROUP_NAMES:
        summary[f"{name}_change_kg"] = change[name].astype(float)
    summary["total_change_kg"] = change.sum(axis=1)
    removed = -summary["treated_change_kg"]
    moved = summary["buffer_change_kg"] + summary["control_change_kg"]
    summary["displacement_ratio"] = moved / removed.where(removed > 0)
    summary["wdq_attempted"] = _wdq_by_replication(s_ts, c_ts, groups, start, "kg_attempted")
    summary["wdq_seized"] = _wdq_by_replication(s_ts, c_ts, groups, start, "kg_seized")
    summary["shift_t50_days"] = _time_to_half_shift(s_ts, c_ts, groups.treated, start)
    delivered = by_port.groupby("replication")[
        ["kg_delivered_after", "kg_delivered_after_counterfactual"]
    ].sum()
    summary["delivered_change_kg"] = (
        delivered["kg_delivered_after"] - delivered["kg_delivered_after_counterfactual"]
    )
    out = summary.rename_axis(None, axis=1).reset_index()
    out.attrs["t50_max_days"] = t50_max_days(s_ts, start)
    return out


def t50_max_days(ts: pd.DataFrame, start: pd.Timestamp) -> float:
    """Days from ``start`` to the last period start: the largest possible ``shift_t50_days``."""
    return float((ts["period"].max() - start).days)


# ------------------------------------------------------------------ speed of the shift


def share_by_period(tables: ResultTables, ports: Sequence[str]) -> pd.DataFrame:
    """Share of the attempted kg bound for ``ports``, per replication and period.

    Parameters
    ----------
    tables : ResultTables
        Result tables (uses ``timeseries``; kg dated by departure from the origin).
    ports : sequence of str
        The ports whose share is computed (e.g. the treated group).

    Returns
    -------
    pandas.DataFrame
        Columns ``replication``, ``period`` (Timestamp), ``share`` (in [0, 1]; nan for a period
        with no kg at all), sorted by replication and period.
    """
    return _share_by_period(_series(tables), ports)


def _share_by_period(ts: pd.DataFrame, ports: Sequence[str]) -> pd.DataFrame:
    """:func:`share_by_period` on a time series already given a ``period`` (:func:`_series`)."""
    mine = ts["port"].astype(str).isin([str(p) for p in ports])
    kg = pd.DataFrame(
        {
            "replication": ts["replication"],
            "period": ts["period"],
            "mine": ts["kg_attempted"].astype(float).where(mine, 0.0),
            "all": ts["kg_attempted"].astype(float),
        }
    )
    sums = kg.groupby(["replication", "period"], as_index=False)[["mine", "all"]].sum()
    sums["share"] = _safe_ratio(sums["mine"], sums["all"])
    return sums[["replication", "period", "share"]]


def _t50_days(delta: pd.Series, start: pd.Timestamp) -> float:
    """Days from ``start`` until the smoothed ``delta`` (indexed by period) reaches half its end."""
    delta = delta.sort_index()
    if delta.empty:
        return math.nan
    final = float(np.nanmean(delta.iloc[-min(FINAL_PERIODS, len(delta)) :].to_numpy()))
    if not math.isfinite(final) or abs(final) < MIN_SHIFT:
        return math.nan
    smooth = delta.rolling(SMOOTH_WINDOW, center=True, min_periods=1).mean()
    reached = smooth * math.copysign(1.0, final) >= 0.5 * abs(final) * (1 - HALF_TOLERANCE)
    if not reached.any():
        return math.nan
    first = pd.Timestamp(reached.idxmax())  # type: ignore[arg-type]  # index: period starts
    return float((first - start).days)


def time_to_half_shift(
    scenario: ResultTables,
    counterfactual: ResultTables,
    treated: Sequence[str],
    policy_start: dt.date,
) -> pd.Series:
    """Days after the policy date until half of the final shift of the treated ports' share.

    Parameters
    ----------
    scenario, counterfactual : ResultTables
        Result tables of the policy scenario and of its counterfactual (uses ``timeseries``).
    treated : sequence of str
        Treated ports.
    policy_start : datetime.date
        First day of the policy.

    Returns
    -------
    pandas.Series
        ``shift_t50_days`` per replication (index ``replication``); nan where there is no shift.

    Notes
    -----
    For each replication, over the periods with ``period_start >= policy_start``:

    1. Δ(t) = treated ports' share of all attempted kg in the scenario − the same share in the
       counterfactual. Shares rather than kg, so that a change of the total flow (deterrence) is
       not read as a shift; with common random numbers Δ is free of most replication noise.
    2. Δ is smoothed with a centred moving average over 3 periods (at the first and last period
       the window is shortened to the 2 periods available; periods without kg are skipped).
       Centring avoids the lag of a trailing average, at the cost of looking one period ahead.
    3. The final shift F is the mean of the *unsmoothed* Δ over the last min(6, n) periods: the
       level the share settles at by the end of the horizon.
    4. t50 = days from ``policy_start`` to the ``period_start`` of the first period whose smoothed
       Δ has the sign of F and |Δ| ≥ 0.5·|F| (with a relative slack of 1e-9 against rounding).
       It is nan if |F| < 1e-3 (less than 0.1 percentage point: no shift to time) or if the
       threshold is never reached.

    The result is quantised to period starts (with monthly periods: 0, 31, 59/60, 90/91, … days)
    and is 0 when the share has moved half-way in the first period. Since ``kg_attempted`` is
    dated by departure from the origin, t50 measures how fast traffickers re-route new shipments,
    not when the containers arrive.
    """
    start = _policy_timestamp(policy_start)
    return _time_to_half_shift(_series(scenario), _series(counterfactual), treated, start)


def _time_to_half_shift(
    s_ts: pd.DataFrame, c_ts: pd.DataFrame, treated: Sequence[str], start: pd.Timestamp
) -> pd.Series:
    """:func:`time_to_half_shift` on time series already given a ``period`` (:func:`_series`)."""
    _check_pair(s_ts, c_ts)
    if not treated:
        raise ValueError("time_to_half_shift: no treated port given")
    unknown = sorted(set(map(str, treated)) - set(s_ts["port"].astype(str)))
    if unknown:
        raise ValueError(f"time_to_half_shift: treated port(s) not in the tables: {unknown}")
    key = ["replication", "period"]
    s = _share_by_period(s_ts, treated).set_index(key)["share"]
    c = _share_by_period(c_ts, treated).set_index(key)["share"]
    delta = (s - c).reset_index(name="delta")
    delta = delta[delta["period"] >= start]
    result = {
        rep: _t50_days(group.set_index("period")["delta"], start)
        for rep, group in delta.groupby("replication")
    }
    index = pd.Index(sorted(s_ts["replication"].unique()), name="replication")
    return pd.Series(result, dtype=float).reindex(index).rename("shift_t50_days")


# ------------------------------------------------------------------ printed summary


def summarise_displacement(
    summary: pd.DataFrame, level: float = 0.95, t50_max: float | None = None
) -> dict[str, tuple[float, float, float]]:
    """Mean and Student t CI over replications of each numeric column of a displacement summary.

    Parameters
    ----------
    summary : pandas.DataFrame
        The output of :func:`displacement_summary` (one row per replication).
    level : float, default 0.95
        Confidence level.
    t50_max : float, optional
        Upper bound of ``shift_t50_days`` (days from the policy date to the last period start);
        by default ``summary.attrs["t50_max_days"]`` when present, else none.

    Returns
    -------
    dict
        ``{column: (mean, lower, upper)}`` for every numeric column except ``replication``, in
        column order; nan values (e.g. a ratio, WDQ or t50 that is undefined in some
        replications) are left out of that column's statistics (:func:`mean_ci`).

    Notes
    -----
    ``shift_t50_days`` can only take values in [0, t50_max] (it is a period start on or after the
    policy date), while a Student t interval of few, quantised and skewed values can reach below
    0 (e.g. 0, 0 and 91 days: 30 ± 130). Its interval is therefore the t interval intersected
    with [0, t50_max]. This keeps the t interval's coverage exactly: the true mean lies in
    [0, t50_max], so it is inside the clipped interval whenever it is inside the unclipped one;
    only impossible values are dropped. (A percentile bootstrap would also stay inside the range,
    but with the 2–10 replications of a typical run it under-covers badly: with 2 it is just the
    range of the two values.)
    """
    numeric = summary.select_dtypes(include="number").drop(columns="replication", errors="ignore")
    out = {str(c): mean_ci(numeric[c].to_numpy(dtype=float), level) for c in numeric.columns}
    if "shift_t50_days" in out:
        high_bound = summary.attrs.get("t50_max_days") if t50_max is None else t50_max
        out["shift_t50_days"] = clip_interval(out["shift_t50_days"], 0.0, high_bound)
    return out


def clip_interval(
    stats: tuple[float, float, float], low: float, high: float | None
) -> tuple[float, float, float]:
    """``(mean, lower, upper)`` with the interval intersected with [low, high] (high None: ∞)."""
    mean, lower, upper = stats
    top = math.inf if high is None or not math.isfinite(float(high)) else float(high)
    if math.isnan(mean):
        return stats
    return mean, min(max(lower, low), top), max(min(upper, top), low)
