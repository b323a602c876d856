"""Scenarios: named sets of municipal choices, a 2×2 matrix of outside worlds, and backcasting.

- :data:`STRATEGIES` — four named sets of levers a municipality can choose (*hands off*,
  *facilitate*, *co-own*, *commission*). The lever values are this course's illustration of
  each stance, not a published classification.
- :func:`outside_worlds` — the 2×2 scenario-planning matrix: the group picks the two outside
  drivers it finds most uncertain and most important, each with a low and a high value, which
  gives four worlds.
- :func:`scenario_matrix` — every strategy in every world, with Monte Carlo bands (the same
  random numbers for every combination, so differences come from the choices, not from luck).
- :func:`backcast` — start from a goal and a date and work back: for each strategy, the latest
  year it can start and still reach the goal with the wanted probability.

Example
-------
>>> worlds = outside_worlds()
>>> list(worlds)[0]
'low energy price, low volunteer availability'
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from collectives.errors import ParameterError
from collectives.scenarios._checks import shown
from collectives.scenarios.stockflow import (DEFAULTS, DRIVERS, VARIABLES, ModelParameters, _draw, _run_chunked,
                                             levers_and_drivers, start_state)
from collectives.validate import integer, number

__all__ = ["STRATEGIES", "backcast", "outside_worlds", "scenario_matrix", "scenario_table"]

#: Named municipal strategies: name → (what it means, levers).
STRATEGIES: dict[str, tuple[str, dict]] = {
    "hands off": ("The municipality does nothing specific for collectives.", {}),
    "facilitate": ("A contact person at the town hall, faster permits and a small grant.",
                   {"contact_person": True, "permit_months": 6, "grant_eur": 2_500}),
    "co-own": ("The municipality offers roofs and land, gives a loan guarantee and tenders for local ownership.",
               {"contact_person": True, "permit_months": 9, "grant_eur": 5_000, "site_access": 0.6,
                "loan_guarantee": True, "local_tender": True}),
    "commission": ("The municipality pays collectives well to deliver a task (a larger yearly grant) with local-ownership tenders.",
                   {"contact_person": True, "permit_months": 12, "grant_eur": 15_000, "site_access": 0.3,
                    "local_tender": True}),
}


def _axis(axis) -> tuple[str, float, float]:
    try:
        name, low, high = axis
    except (TypeError, ValueError):
        raise ParameterError("axis", shown(axis), "a driver name with a low and a high value, e.g. ('energy_price', 0.7, 1.5)") from None
    if name not in DRIVERS:
        raise ParameterError("axis", shown(name), "one of the outside drivers " + ", ".join(DRIVERS))
    label, lo, hi = DRIVERS[name][0], DRIVERS[name][1], DRIVERS[name][2]
    low = number(f"low value of {name}", low, min=lo, max=hi, expected=f"{label}: a value from {lo:g} to {hi:g}")
    high = number(f"high value of {name}", high, min=lo, max=hi, expected=f"{label}: a value from {lo:g} to {hi:g}")
    if not low < high:
        raise ParameterError(f"axis {name}", (low, high), "a low value below the high value")
    return name, low, high


def outside_worlds(axis_a=("energy_price", 0.7, 1.5), axis_b=("volunteer_availability", 0.7, 1.2)) -> dict[str, dict]:
    """The four worlds of a 2×2 scenario matrix: name → driver values.

    Each axis is a driver of :data:`~collectives.scenarios.stockflow.DRIVERS` with a low and a
    high value; the national subsidy scheme is a yes/no driver (low 0, high 1).
    """
    a, b = _axis(axis_a), _axis(axis_b)
    if a[0] == b[0]:
        raise ParameterError("axis_b", shown(b[0]), "a different driver from axis_a")
    words = {"energy_price": "energy price", "volunteer_availability": "volunteer availability",
             "national_subsidy": "national subsidy"}
    worlds = {}
    for va, wa in ((a[1], "low"), (a[2], "high")):
        for vb, wb in ((b[1], "low"), (b[2], "high")):
            worlds[f"{wa} {words[a[0]]}, {wb} {words[b[0]]}"] = {a[0]: va, b[0]: vb}
    return worlds


def _check_strategies(strategies) -> dict[str, dict]:
    if strategies is None:
        return {k: v[1] for k, v in STRATEGIES.items()}
    if isinstance(strategies, Mapping):
        return dict(strategies)
    out = {}
    for name in strategies:
        if name not in STRATEGIES:
            raise ParameterError("strategy", shown(name), "one of " + ", ".join(STRATEGIES) + " (or a dict of your own levers)")
        out[name] = STRATEGIES[name][1]
    return out


def scenario_matrix(start, strategies=None, worlds: Mapping | None = None, *, years: int = 10, runs: int = 300,
                    seed: int = 0, params: ModelParameters = DEFAULTS, first_year: int = 2025,
                    variables=("members", "volunteers", "projects", "overloaded_collectives")) -> pd.DataFrame:
    """Every strategy in every outside world: median and 90% band per year.

    Returns a tidy DataFrame strategy, world, year, variable, low (5th percentile), median,
    high (95th percentile).
    """
    strategies = _check_strategies(strategies)
    worlds = outside_worlds() if worlds is None else dict(worlds)
    years = integer("years", years, min=1, max=100, expected="a whole number of years from 1 to 100")
    runs = integer("runs", runs, min=2, max=100_000, expected="a whole number of runs from 2 to 100000")
    seed = integer("seed", seed, min=0, max=2**32 - 1, expected="a whole number of zero or more")
    bad = [v for v in variables if v not in VARIABLES]
    if bad:
        raise ParameterError("variables", bad[0], "simulated variables: " + ", ".join(VARIABLES))
    s0 = start_state(start, params)
    d = _draw(seed, runs, len(s0["members"]), years, params)      # common random numbers
    rows = []
    for sname, levers in strategies.items():
        for wname, drivers in worlds.items():
            out = _run_chunked(s0, levers_and_drivers(levers, drivers), d, years, params)
            for var in variables:
                low, mid, high = np.percentile(out[var], [5, 50, 95], axis=1)
                rows.append(pd.DataFrame({"strategy": sname, "world": wname, "year": np.arange(first_year, first_year + years + 1),
                                          "variable": var, "low": low, "median": mid, "high": high}))
    return pd.concat(rows, ignore_index=True)


def scenario_table(matrix: pd.DataFrame, variable: str = "members", year: int | None = None) -> pd.DataFrame:
    """Strategies (rows) × worlds (columns) in one year, as 'median (low–high)' text."""
    if variable not in set(matrix["variable"]):
        raise ParameterError("variable", shown(variable), "one of " + ", ".join(sorted(set(matrix["variable"]))))
    year = int(matrix["year"].max()) if year is None else year
    sel = matrix[(matrix["variable"] == variable) & (matrix["year"] == year)]
    if sel.empty:
        raise ParameterError("year", shown(year), f"a year from {int(matrix['year'].min())} to {int(matrix['year'].max())}")
    text = sel.assign(cell=[f"{m:,.0f} ({lo:,.0f}–{hi:,.0f})" for m, lo, hi in zip(sel["median"], sel["low"], sel["high"])])
    table = text.pivot(index="strategy", columns="world", values="cell")
    return table.loc[list(dict.fromkeys(sel["strategy"])), list(dict.fromkeys(sel["world"]))]


def backcast(start, goal_variable: str, goal_value: float, goal_year: int, *, strategies=None,
             drivers: Mapping | None = None, probability: float = 0.8, runs: int = 300, seed: int = 0,
             params: ModelParameters = DEFAULTS, first_year: int = 2025) -> pd.DataFrame:
    """Work back from a goal: the latest start year of each strategy that still reaches it.

    Until its start year the municipality stays *hands off*; from then on the strategy's levers
    apply. For every start year the share of Monte Carlo runs that reach ``goal_value`` of
    ``goal_variable`` (summed over collectives) in ``goal_year`` is computed.

    Returns
    -------
    DataFrame strategy, start_year, chance (share of runs reaching the goal), reaches (chance ≥
    probability), and in ``.attrs["latest_start"]`` strategy → latest start year that reaches
    the goal (None when even starting now does not).
    """
    if goal_variable not in VARIABLES or VARIABLES[goal_variable] != "sum":
        raise ParameterError("goal_variable", shown(goal_variable),
                             "a total over collectives: " + ", ".join(k for k, v in VARIABLES.items() if v == "sum"))
    goal_value = number("goal_value", goal_value, min=0, max=1e12, expected="a goal of zero or more")
    goal_year = integer("goal_year", goal_year, min=first_year + 1, max=first_year + 100,
                        expected=f"a whole year after {first_year}")
    probability = number("probability", probability, min=0.01, max=0.99,
                         expected="a probability between 0.01 and 0.99, e.g. 0.8")
    runs = integer("runs", runs, min=2, max=100_000, expected="a whole number of runs from 2 to 100000")
    strategies = _check_strategies(strategies)
    s0 = start_state(start, params)
    years = goal_year - first_year
    d = _draw(int(seed), runs, len(s0["members"]), years, params)
    off = levers_and_drivers({}, drivers)
    rows, latest = [], {}
    for name, levers in strategies.items():
        on = levers_and_drivers(levers, drivers)
        latest[name] = None
        for k in range(years):
            out = _run_chunked(s0, off, d, years, params, x_after=on, switch=k)
            chance = float((out[goal_variable][-1] >= goal_value).mean())
            rows.append({"strategy": name, "start_year": first_year + k, "chance": chance, "reaches": chance >= probability})
            if chance >= probability:
                latest[name] = first_year + k
    table = pd.DataFrame(rows)
    table.attrs["latest_start"] = latest
    return table
