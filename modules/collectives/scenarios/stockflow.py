"""A stock-flow (system-dynamics) model of collectives over time, run as a vectorised Monte Carlo.

Stocks of each collective: members, volunteers, trust in the municipality, reserves (euro),
projects in preparation and projects running. Flows per year (dt = 1 year):

- **members** join as in a Bass (1969) diffusion towards a potential that grows with trust and
  running projects, slowed when there are fewer volunteers than the collective needs, plus the
  growth effect of municipal support; imitation rises with the energy price;
- **volunteers** stay with a base retention, plus the retention effect of support and of a
  contact person, minus **burnout** when last year's hours per volunteer exceeded a threshold;
  recruitment closes part of the gap to a target, scaled by volunteer availability;
- **trust** moves a third of the way each year towards a level set by the municipality's
  levers (contact person, tender criteria, a grant, permit time);
- **projects** start when reserves and volunteers allow and sites are available, wait in
  preparation for the permit time, then run and earn revenue that depends on the energy price
  and national subsidy.

:data:`LEVERS` and :data:`DRIVERS` list every input with its range; :func:`assumptions`
lists every parameter with its value and where it comes from (estimated from the *synthetic*
monitor panel, a published source, or an assumption of this course). All randomness is drawn
up front (:func:`_draw`), so a run is reproducible from its seed and the plain-loop version
(:func:`simulate_loop`, for the benchmark and a test) gives the same numbers (the vectorised
version computes in single precision; the two agree to about one part in a million).

Example
-------
>>> start = pd.DataFrame({"members": [120, 300], "volunteers": [8, 15]})
>>> out = simulate(start, {"grant_eur": 5000}, {}, years=5, runs=50, seed=1)
>>> sorted(out["variable"].unique())[:3]
['hours_per_volunteer', 'members', 'overloaded_collectives']
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from collectives.errors import DataError, ParameterError, Problem
from collectives.scenarios._checks import flag, shown
from collectives.scenarios.parameters import (DEFAULTS, DRIVERS, LEVERS, VARIABLES, ModelParameters, assumptions,
                                              with_parameters)
from collectives.validate import integer, number

__all__ = ["DRIVERS", "LEVERS", "ModelParameters", "DEFAULTS", "assumptions", "levers_and_drivers",
           "simulate", "simulate_loop", "start_state", "VARIABLES", "with_parameters"]


def levers_and_drivers(levers: Mapping | None, drivers: Mapping | None) -> dict:
    """Check levers and drivers against their ranges; fill in defaults. Unknown names are refused."""
    out = {}
    for what, table, given in (("lever", LEVERS, levers or {}), ("driver", DRIVERS, drivers or {})):
        if not isinstance(given, Mapping):
            raise ParameterError(f"{what}s", shown(given), f"a dictionary of {what} names and values, e.g. {{'{next(iter(table))}': ...}}")
        unknown = [k for k in given if k not in table]
        if unknown:
            raise ParameterError(f"{what} '{unknown[0]}'", given[unknown[0]], f"one of the {what}s " + ", ".join(table))
        for name, (label, low, high, default, kind) in table.items():
            value = given.get(name, default)
            if kind == "flag":
                out[name] = float(flag(f"{what} {name} ({label})", value))
            else:
                out[name] = number(f"{what} {name}", value, min=low, max=high,
                                   expected=f"{label}: a number from {low:g} to {high:g}")
    return out


_START_COLUMNS = {"members": (1, 1_000_000), "volunteers": (0, 100_000)}
_OPTIONAL = {"potential_members": (1, 10_000_000), "reserves_eur": (0, 1e9), "projects": (0, 10_000),
             "volunteer_hours_per_week": (0, 100_000), "trust": (0, 1)}


def start_state(start: pd.DataFrame | Mapping, params: ModelParameters = DEFAULTS) -> dict[str, np.ndarray]:
    """The starting stocks of each collective, checked; missing optional columns get defaults.

    ``start`` has one row per collective with ``members`` and ``volunteers`` (required) and
    optionally ``potential_members``, ``reserves_eur``, ``projects``, ``volunteer_hours_per_week``
    and ``trust`` (0–1). A dict of lists works too.
    """
    if isinstance(start, Mapping):
        try:
            start = pd.DataFrame(dict(start))
        except ValueError:
            raise DataError("the starting state", [Problem("the columns have different lengths", expected="one value per collective in every column")]) from None
    if not isinstance(start, pd.DataFrame):
        raise ParameterError("start", type(start).__name__, "a table (DataFrame) with one row per collective")
    problems = []
    if len(start) == 0:
        problems.append(Problem("the table has no rows", expected="one row per collective"))
    for col in _START_COLUMNS:
        if col not in start.columns:
            problems.append(Problem("the column is missing", column=col, expected="a count for every collective"))
    state = {}
    for col, (low, high) in {**_START_COLUMNS, **_OPTIONAL}.items():
        if col not in start.columns:
            continue
        values = pd.to_numeric(start[col], errors="coerce").astype(float).to_numpy()
        if col in _OPTIONAL:
            blank = np.isnan(values)
        else:
            blank = np.zeros(len(values), bool)
        bad = np.flatnonzero(~blank & ~((values >= low) & (values <= high)) | (np.isnan(values) & ~blank))
        for i in bad[:5]:
            raw = shown(start[col].iloc[i])
            what = "a negative number" if isinstance(raw, (int, float)) and raw < 0 else "not accepted"
            problems.append(Problem(f"{what} for collective {i + 1}", row=i + 2, column=col, value=raw,
                                    expected=f"a number from {low:g} to {high:g}"))
        state[col] = values
    if problems:
        raise DataError("the starting state", problems)
    n = len(start)
    M = state["members"]
    V = np.minimum(state["volunteers"], M)
    def opt(col, default):
        v = state.get(col)
        return np.where(np.isnan(v), default, v) if v is not None else np.broadcast_to(default, (n,)).astype(float)
    m = np.maximum(opt("potential_members", params.potential_multiple * M), M)
    hours = opt("volunteer_hours_per_week", np.nan)
    w = np.where(np.isnan(hours) | (hours <= 0), params.workload_w, hours / M ** params.workload_b)
    return {"members": M, "volunteers": V, "potential": m, "reserves": opt("reserves_eur", 0.0),
            "projects": opt("projects", 0.0), "trust": opt("trust", params.trust_start), "workload_w": w}


def _draw(seed: int, runs: int, n: int, years: int, params: ModelParameters) -> dict[str, np.ndarray]:
    """Every random number of a Monte Carlo, drawn once: per-run parameters and yearly shocks."""
    rng = np.random.default_rng(seed)
    run_z = rng.standard_normal((5, runs))
    return {
        "q": params.q * np.exp(params.q_sd_log * run_z[0] - params.q_sd_log ** 2 / 2),
        "base_retention": np.clip(params.base_retention + params.base_retention_sd * run_z[1], 0.3, 0.98),
        "burnout_slope": np.maximum(params.burnout_slope + params.burnout_slope_sd * run_z[2], 0.0),
        "effect_growth": params.effect_growth + params.effect_growth_se * run_z[3],
        "effect_retention": params.effect_retention + params.effect_retention_se * run_z[4],
        "price_shock": params.price_sd_log * rng.standard_normal((years, runs)),
        "growth_shock": (params.growth_noise_sd * rng.standard_normal((years, runs, n), dtype=np.float32)).astype(np.float32),
    }


def _support(grant, programme_grant):
    """Support intensity: 1 at the panel's average programme grant, saturating towards 2."""
    return 2 * grant / (grant + programme_grant)


def _trust_target(x):
    return np.clip(0.45 + 0.2 * x["contact_person"] + 0.15 * x["local_tender"] + 0.1 * (x["grant_eur"] > 0)
                   - 0.01 * np.maximum(x["permit_months"] - 12, 0), 0.0, 1.0)


def _derived(X: dict, pm: ModelParameters) -> dict:
    """Levers turned into the quantities the yearly step uses."""
    return {**X, "support": _support(X["grant_eur"], pm.programme_grant_eur), "trust_target": _trust_target(X),
            "equity": pm.project_equity_eur * (1 - pm.guarantee_share * X["loan_guarantee"]),
            "completion": np.minimum(1.0, 12.0 / X["permit_months"]),
            "start_rate": (pm.site_rate + pm.site_bonus * X["site_access"]) * (1 + pm.tender_bonus * X["local_tender"])}


def _run(s0: dict, x: dict, d: dict, years: int, pm: ModelParameters, x_after: dict | None = None,
         switch: int | None = None, aggregate: bool = False) -> dict[str, np.ndarray]:
    """Vectorised core: arrays (runs, n) stepped over ``years``. ``x`` holds levers/drivers as arrays
    of shape (runs,) or scalars; ``d`` the draws. With ``x_after``, those levers apply from year
    ``switch`` on (a policy that starts later). Returns stocks of shape (years + 1, runs, n), or
    with ``aggregate`` the sums/means over collectives of :data:`VARIABLES`, shape (years + 1, runs)."""
    runs = d["q"].shape[0]
    f32 = np.float32          # single precision: half the memory traffic; results agree with the loop to ~1e-6
    col = lambda v: np.asarray(v, f32).reshape(-1, 1) if np.ndim(v) else float(v)  # noqa: E731
    phases = [_derived({k: col(v) for k, v in x.items()}, pm)]
    if x_after is not None:
        phases.append(_derived({k: col(v) for k, v in x_after.items()}, pm))
    n = np.shape(s0["members"])[-1]
    shape = (runs, n)
    M = np.broadcast_to(s0["members"], shape).astype(f32)
    V = np.broadcast_to(s0["volunteers"], shape).astype(f32)
    m0 = np.broadcast_to(s0["potential"], shape).astype(f32)
    R = np.broadcast_to(s0["reserves"], shape).astype(f32)
    P = np.broadcast_to(s0["projects"], shape).astype(f32)
    T = np.broadcast_to(s0["trust"], shape).astype(f32)
    Q = np.broadcast_to(s0.get("in_preparation", 0.0), shape).astype(f32)
    q = col(d["q"]); base_r = col(d["base_retention"]); slope = col(d["burnout_slope"])
    eg = col(d["effect_growth"]); er = col(d["effect_retention"])
    hpp = pm.hours_per_project_in_preparation
    w = np.broadcast_to(s0.get("workload_w", pm.workload_w), shape).astype(f32)
    hpv = (w * M ** pm.workload_b + hpp * Q) / np.maximum(V, 1)
    names = [v for v in VARIABLES if v != "overloaded_collectives"]
    out = {k: np.empty((years + 1,) + (shape[:1] if aggregate else shape)) for k in names}
    if aggregate:
        out["overloaded_collectives"] = np.empty((years + 1, runs))

    def record(j):
        stocks = {"members": M, "volunteers": V, "trust": T, "reserves_eur": R, "projects": P,
                  "projects_in_preparation": Q, "hours_per_volunteer": hpv}
        for k in names:
            if aggregate:
                out[k][j] = stocks[k].sum(axis=1, dtype=np.float64) if VARIABLES[k] == "sum" else stocks[k].mean(axis=1, dtype=np.float64)
            else:
                out[k][j] = stocks[k]
        if aggregate:
            out["overloaded_collectives"][j] = (hpv > pm.burnout_threshold).sum(axis=1)

    record(0)
    for j in range(years):
        X = phases[1] if x_after is not None and j >= switch else phases[0]
        price = X["energy_price"] * np.exp(col(d["price_shock"][j]))
        # members: Bass towards a potential that grows with trust and running projects
        m_eff = np.maximum(m0 * (0.75 + 0.5 * T) * (1 + np.minimum(pm.members_per_project * P, 0.5)), M)
        qj = q * price ** pm.price_elasticity_q
        capacity = np.clip(V / np.minimum(M, 4 + pm.volunteer_share * M), pm.capacity_floor, 1.0)
        join = (pm.p + qj * M / m_eff) * (m_eff - M) * capacity
        M_new = np.maximum(1.0, M + join + (eg * X["support"] + d["growth_shock"][j]) * M)
        capital = pm.member_capital_eur * np.maximum(M_new - M, 0.0)
        M = M_new
        # volunteers: retention minus burnout from last year's hours per volunteer
        burnout = np.minimum(pm.burnout_max, slope * np.maximum(0.0, hpv - pm.burnout_threshold))
        r = np.clip(base_r + er * X["support"] + pm.contact_retention * X["contact_person"] - burnout, 0.05, 0.98)
        kept = r * V
        target = np.minimum(M, 4 + pm.volunteer_share * M)
        recruits = pm.recruit_rate * X["volunteer_availability"] * np.maximum(target - kept, 0.0)
        V = np.minimum(np.maximum(kept + recruits, 1.0), M)
        # projects: start when money, volunteers and sites allow; wait for the permit; then run
        starts = X["start_rate"] * np.clip(R / X["equity"], 0.0, 1.0) * np.clip((V - 3) / 5, 0.0, 1.0)
        done = X["completion"] * Q
        Q = Q + starts - done
        P = P + done
        revenue = pm.project_revenue_eur * (1 - pm.subsidy_share * (1 - X["national_subsidy"])) * price * P
        R = np.maximum(R + revenue + capital + X["grant_eur"] - X["equity"] * starts, 0.0)
        # trust moves towards the level the levers set
        T = T + (X["trust_target"] - T) / pm.trust_time_years
        hpv = (w * M ** pm.workload_b + hpp * Q) / np.maximum(V, 1)
        record(j + 1)
    return out


def _run_chunked(s0: dict, x: dict, d: dict, years: int, pm: ModelParameters, *, x_after: dict | None = None,
                 switch: int | None = None, cells: int = 16_384) -> dict[str, np.ndarray]:
    """:func:`_run` with aggregated output, in chunks of runs small enough to stay in the CPU cache
    (about ``cells`` collectives × runs at a time); the same numbers as one big call."""
    runs, n = d["q"].shape[0], np.shape(s0["members"])[-1]
    step = max(1, cells // max(n, 1))
    parts = []
    for a in range(0, runs, step):
        sl = slice(a, min(a + step, runs))
        dd = {k: (v[sl] if v.ndim == 1 else v[:, sl]) for k, v in d.items()}
        cut = lambda xs: None if xs is None else {k: (np.asarray(v)[sl] if np.ndim(v) else v) for k, v in xs.items()}  # noqa: E731
        parts.append(_run(s0, cut(x), dd, years, pm, x_after=cut(x_after), switch=switch, aggregate=True))
    return {k: np.concatenate([p[k] for p in parts], axis=1) for k in parts[0]}


def _tidy(out: dict, first_year: int) -> pd.DataFrame:
    """Aggregated output of :func:`_run` as a tidy DataFrame (run, year, variable, value)."""
    years, runs = out["members"].shape
    year = np.repeat(np.arange(first_year, first_year + years), runs)
    run = np.tile(np.arange(runs), years)
    frames = [pd.DataFrame({"run": run, "year": year, "variable": var, "value": out[var].reshape(-1).astype(float)})
              for var in VARIABLES]
    df = pd.concat(frames, ignore_index=True)
    df["variable"] = pd.Categorical(df["variable"], categories=list(VARIABLES))
    return df


def _common(start, levers, drivers, years, runs, seed, params):
    if not isinstance(params, ModelParameters):
        raise ParameterError("params", type(params).__name__, "a ModelParameters (or leave it out)")
    years = integer("years", years, min=1, max=100, expected="a whole number of years from 1 to 100")
    runs = integer("runs", runs, min=1, max=100_000, expected="a whole number of Monte Carlo runs from 1 to 100000")
    seed = integer("seed", seed, min=0, max=2**32 - 1, expected="a whole number of zero or more")
    return start_state(start, params), levers_and_drivers(levers, drivers), years, runs, seed


def simulate(start: pd.DataFrame | Mapping, levers: Mapping | None = None, drivers: Mapping | None = None,
             years: int = 20, runs: int = 1000, seed: int = 0, *, params: ModelParameters = DEFAULTS,
             first_year: int = 2025, raw: bool = False):
    """Monte Carlo of the stock-flow model for every collective in ``start``.

    Parameters
    ----------
    start
        One row per collective: ``members``, ``volunteers`` and optional columns (see
        :func:`start_state`).
    levers, drivers
        Values of :data:`LEVERS` and :data:`DRIVERS`; missing ones take their defaults.
    years, runs, seed
        Horizon, number of Monte Carlo runs, and the seed that makes it reproducible.
    params
        Model parameters (default :data:`DEFAULTS`; the chapter passes the panel estimates).
    first_year
        Calendar year of the starting state.
    raw
        Return the stocks per collective as arrays (years + 1, runs, collectives) instead.

    Returns
    -------
    DataFrame with columns run, year, variable, value: members, volunteers, projects,
    projects_in_preparation and reserves_eur summed over collectives; trust and
    hours_per_volunteer averaged; overloaded_collectives counted (hours per volunteer above
    the burnout threshold).

    Example
    -------
    >>> out = simulate({"members": [200], "volunteers": [10]}, years=3, runs=10, seed=0)
    >>> out.query("variable == 'members' and year == 2025")["value"].unique().tolist()
    [200.0]
    """
    s0, x, years, runs, seed = _common(start, levers, drivers, years, runs, seed, params)
    d = _draw(seed, runs, len(s0["members"]), years, params)
    if raw:
        return _run(s0, x, d, years, params)
    return _tidy(_run_chunked(s0, x, d, years, params), first_year)


def simulate_loop(start, levers=None, drivers=None, years: int = 20, runs: int = 1000, seed: int = 0,
                  *, params: ModelParameters = DEFAULTS) -> np.ndarray:
    """The same model as :func:`simulate` written as plain Python loops over runs and collectives.

    Exists to measure what vectorising gains (``benchmarks/bench_scenarios.py``) and to check
    that both give the same numbers. Returns members, shape (years + 1, runs, collectives).
    """
    s0, x, years, runs, seed = _common(start, levers, drivers, years, runs, seed, params)
    n = len(s0["members"])
    d, pm = _draw(seed, runs, n, years, params), params
    out = np.empty((years + 1, runs, n))
    import math
    for k in range(runs):
        support = 2 * x["grant_eur"] / (x["grant_eur"] + pm.programme_grant_eur)
        t_target = min(1.0, max(0.0, 0.45 + 0.2 * x["contact_person"] + 0.15 * x["local_tender"]
                                + 0.1 * (x["grant_eur"] > 0) - 0.01 * max(x["permit_months"] - 12, 0)))
        equity = pm.project_equity_eur * (1 - pm.guarantee_share * x["loan_guarantee"])
        completion = min(1.0, 12.0 / x["permit_months"])
        start_rate = (pm.site_rate + pm.site_bonus * x["site_access"]) * (1 + pm.tender_bonus * x["local_tender"])
        q, base_r, slope = d["q"][k], d["base_retention"][k], d["burnout_slope"][k]
        eg, er = d["effect_growth"][k], d["effect_retention"][k]
        for i in range(n):
            M, V, m0 = float(s0["members"][i]), float(s0["volunteers"][i]), float(s0["potential"][i])
            R, P, T, Q = float(s0["reserves"][i]), float(s0["projects"][i]), float(s0["trust"][i]), 0.0
            w = float(s0["workload_w"][i])
            hpv = w * M ** pm.workload_b / max(V, 1)
            out[0, k, i] = M
            for j in range(years):
                price = x["energy_price"] * math.exp(d["price_shock"][j, k])
                m_eff = max(m0 * (0.75 + 0.5 * T) * (1 + min(pm.members_per_project * P, 0.5)), M)
                qj = q * price ** pm.price_elasticity_q
                capacity = min(1.0, max(pm.capacity_floor, V / min(M, 4 + pm.volunteer_share * M)))
                join = (pm.p + qj * M / m_eff) * (m_eff - M) * capacity
                M_new = max(1.0, M + join + (eg * support + d["growth_shock"][j, k, i]) * M)
                capital, M = pm.member_capital_eur * max(M_new - M, 0.0), M_new
                burnout = min(pm.burnout_max, slope * max(0.0, hpv - pm.burnout_threshold))
                r = min(0.98, max(0.05, base_r + er * support + pm.contact_retention * x["contact_person"] - burnout))
                kept = r * V
                target = min(M, 4 + pm.volunteer_share * M)
                recruits = pm.recruit_rate * x["volunteer_availability"] * max(target - kept, 0.0)
                V = min(max(kept + recruits, 1.0), M)
                can = min(1.0, max(0.0, R / equity)) * min(1.0, max(0.0, (V - 3) / 5))
                starts = start_rate * can
                done = completion * Q
                Q, P = Q + starts - done, P + done
                revenue = pm.project_revenue_eur * P * price * (1 - pm.subsidy_share * (1 - x["national_subsidy"]))
                R = max(R + revenue + capital + x["grant_eur"] - equity * starts, 0.0)
                T = T + (t_target - T) / pm.trust_time_years
                hpv = (w * M ** pm.workload_b + pm.hours_per_project_in_preparation * Q) / max(V, 1)
                out[j + 1, k, i] = M
    return out
