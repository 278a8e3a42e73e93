"""Tune the uncertain parameters so the baseline reproduces the 2023 pattern of seizures.

What is fitted, and to what (the choices are explained in ``experiments/calibration.md``):

* observed 2023 seizures S_p per port (``seeds/seizures.csv``, used values);
* a target interdiction rate I*_p per port: 15 % at Antwerp (middle of Belgian customs' 10-20 %
  estimate), 10 % at Rotterdam (police estimate) and 10 % elsewhere (the low end of the same
  range, for ports with fewer resources) -- an assumption where no estimate exists;
* hence a target flow F*_p = S_p / I*_p, and an annual volume equal to their sum.

Two fixed-point updates are iterated on simulated 2023 outcomes (several replications):

* ``ports.<p>.targeting_quality`` q_p moves the contaminated selection probability
  s + q(1 − s) by the factor (I*_p / I_p)^γ -- interdiction is proportional to it;
* ``traffickers.economics.port_cost_eur_per_kg`` c_p (the per-port constants of the route choice)
  moves by −(V/λ)·ln(F*_p / F_p)·γ, the logit contraction of Berry (1994); normalised to mean 0.

Dunkirk has no 2023 figure: it is not a target and keeps c = 0.

Usage::

    python experiments/calibrate.py --iterations 8 --replications 4 --scale 0.2

prints each iteration's fit and, at the end, the YAML to paste into ``configs/``.
"""

from __future__ import annotations

import argparse
import math
import sys

import numpy as np
import pandas as pd

from sim import api
from sim.engine.network import NetworkInputs
from sim.engine.targeting import selection_rates
from sim.evidence.derive import evidence
from sim.evidence.loader import used_seizures_t
from sim.params import Params
from sim.run import run_experiment


def _setup(overrides: list[str]) -> tuple[Params, NetworkInputs]:
    """Validated parameters and their network (:func:`sim.api.load`)."""
    params = api.load(overrides)
    return params, api.network_of(params)


TARGET_INTERDICTION = {"antwerp": 0.15, "rotterdam": 0.10}
DEFAULT_INTERDICTION = 0.10
GAMMA = 0.7


def targets() -> pd.DataFrame:
    """Observed 2023 seizures, target interdiction and target flow per port."""
    seized = used_seizures_t(evidence(), 2023)
    rows = []
    for port, tonnes in seized.items():
        rate = TARGET_INTERDICTION.get(port, DEFAULT_INTERDICTION)
        rows.append(
            {"port": port, "seized_t": tonnes, "interdiction": rate, "flow_t": tonnes / rate}
        )
    return pd.DataFrame(rows).set_index("port")


def overrides_for(q: dict[str, float], c: dict[str, float], volume_t: float, extra: list[str]):
    """Command-line overrides for the current parameter values."""
    out = [f"ports.{p}.targeting_quality={v:.4f}" for p, v in q.items()]
    out += [f"++traffickers.economics.port_cost_eur_per_kg.{p}={v:.1f}" for p, v in c.items()]
    return [*out, f"traffickers.annual_volume_t={volume_t:.0f}", *extra]


def simulate(overrides: list[str]) -> pd.DataFrame:
    """Mean per-port outcomes of the 2023 window over replications."""
    params, network = _setup(overrides)
    ports = run_experiment(params, network).ports
    return ports.groupby("port")[["kg_attempted", "kg_seized", "kg_delivered"]].mean() / 1000


def main() -> None:
    """Iterate the two updates and print the fitted values."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--iterations", type=int, default=8)
    ap.add_argument("--replications", type=int, default=4)
    ap.add_argument("--scale", type=float, default=0.2)
    ap.add_argument("--seed", type=int, default=101)
    args = ap.parse_args()
    target = targets()
    params, network = _setup([])
    lam = params.traffickers.rationality
    value = params.traffickers.economics.wholesale_eur_per_kg
    q = {p: params.ports[p].targeting_quality for p in target.index}
    c = {p: params.traffickers.economics.port_cost_eur_per_kg.get(p, 0.0) for p in target.index}
    extra = [
        f"run.replications={args.replications}",
        f"run.scale={args.scale}",
        f"run.seed={args.seed}",
    ]
    volume = float(target["flow_t"].sum())
    for it in range(args.iterations):
        sim = simulate(overrides_for(q, c, volume, extra))
        sim["interdiction_sim"] = sim["kg_seized"] / (sim["kg_seized"] + sim["kg_delivered"])
        fit = target.join(sim, how="left")
        fit["seized_ratio"] = fit["kg_seized"] / fit["seized_t"]
        fit["q"] = pd.Series(q)
        fit["c"] = pd.Series(c)
        print(f"\niteration {it}: volume {volume:.0f} t", file=sys.stderr)
        print(fit.round(3).to_string(), file=sys.stderr)
        for port, row in fit.iterrows():
            lv = params.ports[port]
            rates = selection_rates(
                lv.selection_rate,
                network.ports[port].latam_share,
                params.security.high_risk_selection_multiplier,
                q[port],
                lv.latam_selection_rate,
            )
            sel = rates.contaminated()
            new_sel = sel * (row["interdiction"] / max(row["interdiction_sim"], 1e-6)) ** GAMMA
            q[port] = min(1.0, max(0.0, (new_sel - rates.latam) / (1.0 - rates.latam)))
            c[port] -= (
                GAMMA * value / lam * math.log(row["flow_t"] / max(row["kg_attempted"], 1e-3))
            )
        mean_c = float(np.mean(list(c.values())))
        c = {p: v - mean_c for p, v in c.items()}
        others = float(sim.loc[~sim.index.isin(target.index), "kg_attempted"].sum())
        volume = float(target["flow_t"].sum()) + others
    print("\n# ports/default.yaml targeting_quality")
    for p, v in q.items():
        print(f"{p}: {v:.3f}")
    print("\n# traffickers/adaptive.yaml economics.port_cost_eur_per_kg")
    for p, v in c.items():
        print(f"  {p}: {v:.0f}")
    print(f"\nannual_volume_t: {volume:.0f}")


if __name__ == "__main__":
    main()
