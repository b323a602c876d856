"""Global sensitivity analysis with SALib's Morris method: which lever and which uncertainty matter most.

The Morris method (Morris 1991; mu* after Campolongo, Cariboni & Saltelli 2007) changes one
factor at a time along random trajectories through the whole range of every factor, and
records how much the outcome moves per step ("elementary effects"). Per factor:

- **mu\\*** — the mean absolute elementary effect: how much the outcome moves when that factor
  goes from one end of its range to the other, on average over the other factors' values.
  The ranking of mu* is the answer to "what matters most";
- **sigma** — the spread of the elementary effects: large when the factor's effect depends on
  the others (interactions) or is non-linear.

Yes/no levers are varied as an intensity from 0 (no) to 1 (yes). Ranks depend on the ranges
given: a factor's range says how much it can plausibly change.

Example
-------
>>> import numpy as np
>>> res = morris(lambda X: 10 * X["a"] + X["b"], {"a": (0, 1), "b": (0, 1)}, trajectories=10)
>>> res["factor"].tolist()
['a', 'b']
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd

from collectives.errors import ParameterError
from collectives.scenarios._checks import shown
from collectives.scenarios.stockflow import DEFAULTS, DRIVERS, LEVERS, VARIABLES, ModelParameters, _run, start_state
from collectives.validate import integer

__all__ = ["FACTORS", "morris", "sensitivity"]

#: Factors of :func:`sensitivity`: name → (kind, label, low, high).
FACTORS: dict[str, tuple] = {
    "grant_eur": ("lever", "yearly grant (0–20,000 euro)", 0.0, 20_000.0),
    "contact_person": ("lever", "contact person at the town hall", 0.0, 1.0),
    "site_access": ("lever", "municipal roofs, land and buildings offered", 0.0, 1.0),
    "local_tender": ("lever", "tender criteria favouring local ownership", 0.0, 1.0),
    "loan_guarantee": ("lever", "loan guarantee", 0.0, 1.0),
    "permit_months": ("lever", "permit time (3–36 months)", 3.0, 36.0),
    "energy_price": ("driver", "energy price (0.5–2 × today)", 0.5, 2.0),
    "national_subsidy": ("driver", "national subsidy scheme", 0.0, 1.0),
    "volunteer_availability": ("driver", "volunteer availability (0.5–1.5 × today)", 0.5, 1.5),
    "q": ("uncertainty", "imitation coefficient q (0.2–0.6)", 0.2, 0.6),
    "base_retention": ("uncertainty", "base volunteer retention (0.74–0.90)", 0.74, 0.90),
    "burnout_slope": ("uncertainty", "burnout slope (2–6 points per hour)", 0.02, 0.06),
    "effect_growth": ("uncertainty", "support effect on growth (0–6 points)", 0.0, 0.06),
    "effect_retention": ("uncertainty", "support effect on retention (0–10 points)", 0.0, 0.10),
}


def morris(func: Callable[[pd.DataFrame], np.ndarray], factors: Mapping[str, tuple], *, trajectories: int = 20,
           levels: int = 4, seed: int = 0) -> pd.DataFrame:
    """Morris screening of any vectorised function.

    Parameters
    ----------
    func
        Takes a DataFrame with one column per factor (one row per model run) and returns one
        outcome per row.
    factors
        Factor name → (low, high).
    trajectories, levels, seed
        Number of Morris trajectories (each costs factors + 1 runs), grid levels, seed.

    Returns
    -------
    DataFrame factor, mu_star, mu_star_conf, sigma, mu, rank (1 = most influential), sorted by rank.
    """
    from SALib.analyze import morris as analyze
    from SALib.sample import morris as sample

    if not isinstance(factors, Mapping) or len(factors) < 2:
        raise ParameterError("factors", shown(factors), "at least two factors, each name: (low, high)")
    bounds = []
    for name, rng in factors.items():
        try:
            low, high = (float(v) for v in rng)
        except (TypeError, ValueError):
            raise ParameterError(f"factor {name}", shown(rng), "a pair (low, high) of numbers") from None
        if not low < high:
            raise ParameterError(f"factor {name}", shown(rng), "a range whose low end is below its high end")
        bounds.append([low, high])
    trajectories = integer("trajectories", trajectories, min=2, max=1000,
                           expected="a whole number of trajectories from 2 to 1000, e.g. 20")
    levels = integer("levels", levels, min=2, max=20, expected="an even number of grid levels such as 4")
    seed = integer("seed", seed, min=0, max=2**32 - 1, expected="a whole number of zero or more")
    problem = {"num_vars": len(factors), "names": list(factors), "bounds": bounds}
    X = sample.sample(problem, trajectories, num_levels=levels, seed=seed)
    Y = np.asarray(func(pd.DataFrame(X, columns=list(factors))), dtype=float).ravel()
    if Y.shape[0] != X.shape[0] or not np.isfinite(Y).all():
        raise ParameterError("func", "its result", f"one finite outcome per row ({X.shape[0]} rows)")
    si = analyze.analyze(problem, X, Y, num_levels=levels, seed=seed, print_to_console=False)
    out = pd.DataFrame({"factor": list(factors), "mu_star": np.asarray(si["mu_star"], float),
                        "mu_star_conf": np.asarray(si["mu_star_conf"], float),
                        "sigma": np.asarray(si["sigma"], float), "mu": np.asarray(si["mu"], float)})
    out = out.sort_values("mu_star", ascending=False, kind="stable").reset_index(drop=True)
    out["rank"] = np.arange(1, len(out) + 1)
    return out


def sensitivity(start: pd.DataFrame | Mapping, *, outcome: str = "members", years: int = 10,
                factors: Mapping[str, tuple] | None = None, trajectories: int = 20, seed: int = 0,
                params: ModelParameters = DEFAULTS) -> pd.DataFrame:
    """Which lever, driver and uncertain parameter moves ``outcome`` after ``years`` the most.

    Runs the stock-flow model of :mod:`collectives.scenarios.stockflow` without yearly noise
    for every Morris sample (all samples at once, vectorised).

    Parameters
    ----------
    start
        Starting state of the collectives (as for :func:`~collectives.scenarios.simulate`).
    outcome
        One of the simulated variables (members, volunteers, projects, reserves_eur, trust,
        hours_per_volunteer, overloaded_collectives, projects_in_preparation), summed or
        averaged over collectives as in :func:`~collectives.scenarios.simulate`.
    years
        Horizon: the outcome is read in the last year.
    factors
        Subset or other ranges of :data:`FACTORS` (name → (low, high)); default all of them.

    Returns
    -------
    Tidy DataFrame: factor, kind (lever, driver, uncertainty), label, mu_star, mu_star_conf,
    sigma, mu, rank, share (mu* as a share of the largest mu*).
    """
    if outcome not in VARIABLES:
        raise ParameterError("outcome", shown(outcome), "one of " + ", ".join(VARIABLES))
    years = integer("years", years, min=1, max=100, expected="a whole number of years from 1 to 100")
    if factors is None:
        ranges = {k: (v[2], v[3]) for k, v in FACTORS.items()}
    else:
        unknown = [k for k in factors if k not in FACTORS]
        if unknown:
            raise ParameterError(f"factor {unknown[0]}", shown(factors[unknown[0]]), "one of " + ", ".join(FACTORS))
        ranges = dict(factors)
    s0 = start_state(start, params)
    n = len(s0["members"])

    def model(X: pd.DataFrame) -> np.ndarray:
        runs = len(X)
        x = {}
        for name in LEVERS:
            x[name] = X[name].to_numpy() if name in X else float(LEVERS[name][3])
        for name in DRIVERS:
            x[name] = X[name].to_numpy() if name in X else float(DRIVERS[name][3])
        d = {
            "q": X["q"].to_numpy() if "q" in X else np.full(runs, params.q),
            "base_retention": X["base_retention"].to_numpy() if "base_retention" in X else np.full(runs, params.base_retention),
            "burnout_slope": X["burnout_slope"].to_numpy() if "burnout_slope" in X else np.full(runs, params.burnout_slope),
            "effect_growth": X["effect_growth"].to_numpy() if "effect_growth" in X else np.full(runs, params.effect_growth),
            "effect_retention": X["effect_retention"].to_numpy() if "effect_retention" in X else np.full(runs, params.effect_retention),
            "price_shock": np.zeros((years, runs)),
            "growth_shock": np.zeros((years, runs, n)),
        }
        out = _run(s0, x, d, years, params)
        if outcome == "overloaded_collectives":
            return (out["hours_per_volunteer"][-1] > params.burnout_threshold).sum(axis=1)
        last = out[outcome][-1]
        return last.sum(axis=1) if VARIABLES[outcome] == "sum" else last.mean(axis=1)

    res = morris(model, ranges, trajectories=trajectories, seed=seed)
    res.insert(1, "kind", res["factor"].map(lambda f: FACTORS[f][0]))
    res.insert(2, "label", res["factor"].map(lambda f: FACTORS[f][1]))
    top = res["mu_star"].max()
    res["share"] = res["mu_star"] / top if top > 0 else 0.0
    return res
