"""The generator: :func:`monitor_panel` checks its parameters and builds the panel, one row per
collective per year, from the ground truth and the draws.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from collectives.errors import ParameterError
from collectives.synthetic.panel.draws import _VOLUNTEER_SHARE, _WOMEN_BOARD, _WOMEN_MEMBERS, _WORKLOAD, _draw
from collectives.synthetic.panel.truth import (
    COLUMNS, DEFAULT_SEED, FIRST_YEAR, GROUND_TRUTH, LAST_YEAR, bass_cumulative,
)
from collectives.vocabulary import SECTORS  # the dataset's category order


def _check(name, value, ok, expected):
    """Raise the package's ParameterError (see :mod:`collectives.validate`) when ``ok`` is false."""
    if not ok:
        raise ParameterError(name, value, expected)


def monitor_panel(
    seed: int = DEFAULT_SEED,
    n_collectives: int = 400,
    n_municipalities: int = 40,
    n_programme_municipalities: int = 12,
    selection_strength: float = 1.0,
    effect_growth_pp: float = 3.0,
    effect_retention_pp: float = 5.0,
    programme_start_year: int = 2020,
) -> pd.DataFrame:
    """Generate the synthetic monitor panel: one row per collective per year it existed.

    Parameters
    ----------
    seed
        Seed of every random draw; the committed file uses 20251208.
    n_collectives, n_municipalities, n_programme_municipalities
        Size of the synthetic world (defaults 400, 40 and 12).
    selection_strength
        How strongly municipalities with already-higher growth and retention select into the
        programme: 0 = random assignment, 1 = the committed file, larger = stronger.
    effect_growth_pp, effect_retention_pp
        True effect of the programme on the yearly membership growth rate and on volunteer
        retention, in percentage points.
    programme_start_year
        First year the programme is active (2015–2025).

    Returns
    -------
    DataFrame with the columns of datasets/monitor_panel.yml; ``df.attrs["ground_truth"]``
    holds the parameters used and the municipalities in the programme.

    Example
    -------
    >>> panel = monitor_panel(selection_strength=0.0)
    >>> int(panel["year"].min()), int(panel["year"].max())
    (2014, 2025)
    """
    _check("seed", seed, isinstance(seed, (int, np.integer)) and seed >= 0, "a whole number ≥ 0")
    _check("n_collectives", n_collectives, isinstance(n_collectives, (int, np.integer))
           and 20 <= n_collectives <= 5000, "a whole number of collectives between 20 and 5000")
    _check("n_municipalities", n_municipalities, isinstance(n_municipalities, (int, np.integer))
           and 2 <= n_municipalities <= 400, "a whole number of municipalities between 2 and 400")
    _check("n_programme_municipalities", n_programme_municipalities,
           isinstance(n_programme_municipalities, (int, np.integer))
           and 1 <= n_programme_municipalities < n_municipalities,
           f"a whole number between 1 and {n_municipalities - 1} (fewer than all municipalities)")
    _check("selection_strength", selection_strength,
           isinstance(selection_strength, (int, float)) and 0 <= selection_strength <= 10,
           "a number between 0 (random assignment) and 10; 1 is the committed panel")
    for nm, v in (("effect_growth_pp", effect_growth_pp), ("effect_retention_pp", effect_retention_pp)):
        _check(nm, v, isinstance(v, (int, float)) and -20 <= v <= 20,
               "an effect in percentage points between -20 and 20, e.g. 3.0")
    _check("programme_start_year", programme_start_year,
           isinstance(programme_start_year, (int, np.integer))
           and FIRST_YEAR + 1 <= programme_start_year <= LAST_YEAR,
           f"a year between {FIRST_YEAR + 1} and {LAST_YEAR}")

    gt = GROUND_TRUTH
    years = np.arange(min(b.start_year for b in gt.bass.values()) + 1, LAST_YEAR + 1)
    T, n = len(years), n_collectives
    d = _draw(int(seed), n, n_municipalities, years)
    sec = np.array(SECTORS)[d.sector]

    # --- the programme: which municipalities join (selection on z) -----------------------
    score = selection_strength * d.z + d.selection_noise
    programme = np.zeros(n_municipalities, dtype=bool)
    programme[np.argsort(-score, kind="stable")[:n_programme_municipalities]] = True
    prog_i = programme[d.municipality]

    alpha = gt.municipal_growth_sd_pp / 100 * d.z[d.municipality]
    beta = gt.municipal_retention_sd_pp / 100 * d.z[d.municipality]
    shock_g = np.array([gt.year_shock_growth_pp.get(int(y), 0.0) for y in years]) / 100
    shock_r = np.array([gt.year_shock_retention_pp.get(int(y), 0.0) for y in years]) / 100
    active_prog = years >= programme_start_year

    # --- Bass baseline path per collective ----------------------------------------------
    p = np.array([gt.bass[s].p for s in sec])
    q = np.array([gt.bass[s].q for s in sec])
    s_log = gt.market_potential_sd_log
    m_i = np.array([gt.bass[s].m for s in sec]) * np.exp(s_log * d.log_m - s_log**2 / 2)
    base_r = np.array([gt.base_retention[s] for s in sec]) + 0.03 * d.retention_i
    w_i = np.array([_WORKLOAD[s] for s in sec]) * np.exp(0.35 * d.workload_i)
    v_share = np.array([_VOLUNTEER_SHARE[s] for s in sec])

    # --- ending: constant yearly hazard from entry into the monitor ---------------------
    cohort = np.where(d.founded < 2014, gt.cohort_hazard_multiplier["founded_before_2014"],
                      np.where(d.founded < 2020, gt.cohort_hazard_multiplier["founded_2014_2019"],
                               gt.cohort_hazard_multiplier["founded_2020_or_later"]))
    hazard = np.array([gt.ending_hazard[s] for s in sec]) * cohort
    ended = np.full(n, -1)
    for j, y in enumerate(years):
        can_end = (ended < 0) & (y >= FIRST_YEAR) & (y > d.founded)
        hit = can_end & (d.u["end"][:, j] < hazard)
        ended[hit] = y

    # --- yearly simulation, vectorised over collectives ---------------------------------
    L = np.zeros((n, T))                 # latent members (continuous)
    M = np.zeros((n, T), dtype=np.int64)
    V = np.zeros((n, T), dtype=np.int64)
    R = np.full((n, T), -1, dtype=np.int64)
    H = np.zeros((n, T))
    growth_sd = gt.growth_noise_sd_pp / 100
    start = np.array([gt.bass[s].start_year for s in sec])
    for j, y in enumerate(years):
        age = y - d.founded
        born = age == 0
        alive = (age >= 1) & ((ended < 0) | (ended >= y))
        if born.any():
            L[born, j] = np.maximum(3.0, m_i[born] * bass_cumulative(y - start[born], p[born], q[born]))
        if alive.any():
            t = y - start[alive]
            pa, qa = p[alive], q[alive]
            g_bass = bass_cumulative(t, pa, qa) / bass_cumulative(t - 1, pa, qa) - 1
            D = prog_i[alive] & active_prog[j]
            g = (g_bass + alpha[alive] + shock_g[j] + effect_growth_pp / 100 * D
                 + growth_sd * d.u["growth"][alive, j])
            L[alive, j] = np.maximum(3.0, L[alive, j - 1] * (1 + np.maximum(g, -0.5)))
        now = born | alive
        M[now, j] = np.maximum(3, np.round(L[now, j])).astype(np.int64)
        target = np.minimum(M[:, j], np.round(4 + v_share * M[:, j]))
        H[now, j] = w_i[now] * M[now, j] ** 0.6 * np.exp(0.12 * d.u["workload"][now, j])
        if born.any():
            V[born, j] = np.maximum(1, target[born])
        if alive.any():
            prev_v = V[alive, j - 1]
            hpv = H[alive, j - 1] / np.maximum(prev_v, 1)
            burnout = np.minimum(gt.burnout_max_pp / 100, gt.burnout_slope_pp_per_hour / 100
                                 * np.maximum(0.0, hpv - gt.burnout_threshold_hours_per_volunteer))
            D = prog_i[alive] & active_prog[j]
            r = (base_r[alive] + beta[alive] + shock_r[j] + effect_retention_pp / 100 * D - burnout)
            r = np.clip(r, 0.05, 0.98)
            kept = stats.binom.ppf(d.u["retained"][alive, j], prev_v, r).astype(np.int64)
            kept = np.minimum(kept, M[alive, j])
            gap = np.maximum(target[alive] - kept, 0)
            new = stats.poisson.ppf(d.u["recruit"][alive, j], 0.6 * gap + 0.3).astype(np.int64)
            R[alive, j] = kept
            V[alive, j] = np.clip(kept + new, 1, M[alive, j])

    # --- long format ----------------------------------------------------------------------
    first = np.maximum(d.founded, FIRST_YEAR)
    last = np.where(ended > 0, ended, LAST_YEAR)
    ii, jj = [], []
    for i in range(n):
        js = np.arange(first[i] - years[0], last[i] - years[0] + 1)
        ii.append(np.full(len(js), i))
        jj.append(js)
    ii, jj = np.concatenate(ii), np.concatenate(jj)
    yr = years[jj]
    s_row = sec[ii]
    m_row, v_row, h_row = M[ii, jj], V[ii, jj], H[ii, jj]
    age_row = yr - d.founded[ii]
    first_row = age_row == 0
    c = {k: v[ii] for k, v in d.consts.items()}
    U = {k: v[ii, jj] for k, v in d.u.items()}

    active = np.clip(np.round(m_row * d.active_share[ii] * np.exp(0.1 * U["output"])), v_row, m_row)
    women = stats.binom.ppf(U["women"], m_row,
                            np.clip(np.array([_WOMEN_MEMBERS[s] for s in s_row]) + c["women"], 0.05, 0.95))
    # board: 3, 5, 7 or 9 depending on size, re-elected every three years
    bsize = np.where(m_row < 40, 3, np.where(m_row < 150, 5, np.where(m_row < 600, 7, 9)))
    bsize = np.where(c["board"] < 0.25, np.maximum(3, bsize - 2), bsize)
    bsize = np.minimum(bsize, m_row)
    term_u = d.u["board_w"][ii, np.searchsorted(years, d.founded[ii]) + (age_row // 3) * 3]
    bwomen = stats.binom.ppf(term_u, bsize, np.array([_WOMEN_BOARD[s] for s in s_row]))
    meetings = c["meet_base"] + (U["meet"] < 0.2)
    attend_rate = np.clip(0.9 * m_row ** -0.3 * np.exp(0.15 * U["attendance"]), 0.02, 1.0)
    attendance = np.clip(np.round(m_row * attend_rate), 1, m_row)

    # sector outputs, each only in its own sector
    weather = np.exp(0.06 * U["output"])
    kwh = np.round(m_row * c["k"] * weather / 100) * 100
    project = np.round(m_i[ii] * c["project"])
    homes = np.where(age_row >= c["build_years"], project, 0)
    care_h = np.round(h_row * 52 * c["care_share"])
    meals = np.round(m_row * c["meals"] * weather)
    fte = np.round(0.5 + m_row * c["fte"] * weather, 1)
    trips = np.round(m_row * c["trips"] * weather)
    acts = np.round(12 + m_row * c["acts"] * weather)
    rev = {
        "energy": kwh * 0.08 + m_row * 10,
        "housing": homes * 8400 + m_row * 25,
        "care": care_h * 6 + m_row * 30,
        "food": m_row * c["meals"] * 4.5,
        "work": fte * 42000,
        "mobility": trips * 22,
        "social_wellbeing": m_row * 15 + acts * 60,
    }
    revenue = np.zeros(len(ii))
    for s, v in rev.items():
        revenue = np.where(s_row == s, v, revenue)
    revenue = np.round(revenue * c["price"] * np.exp(0.08 * U["revenue"]))

    support = prog_i[ii] & (yr >= programme_start_year)
    grant_size = np.round(stats.lognorm.ppf(U["grant_size"], 0.6, scale=4000) / 10) * 10
    subsidies = (np.where(U["grant"] < 0.3, grant_size, 0)
                 + np.where(support, np.round((3000 + 9000 * U["prog_grant"]) / 10) * 10, 0))

    def nullable_int(x, mask=None):
        out = pd.array(np.asarray(x, dtype=np.int64), dtype="Int64")
        if mask is not None:
            out[~mask] = pd.NA
        return out

    out = {
        "collective_id": pd.array([f"CC{i + 1:03d}" for i in ii], dtype="string"),
        "name": pd.array([d.names[i] for i in ii], dtype="string"),
        "municipality": pd.array([f"M{m + 1:02d}" for m in d.municipality[ii]], dtype="string"),
        "sector": pd.Categorical(s_row, categories=list(SECTORS)),
        "founded_year": nullable_int(d.founded[ii]),
        "ended_year": nullable_int(np.maximum(ended[ii], 0), ended[ii] > 0),
        "year": nullable_int(yr),
        "members": nullable_int(m_row),
        "active_members": nullable_int(active),
        "volunteers": nullable_int(v_row),
        "volunteers_retained": nullable_int(np.maximum(R[ii, jj], 0), ~first_row),
        "volunteer_hours_per_week": nullable_int(np.round(h_row)),
        "meetings": nullable_int(meetings),
        "meeting_attendance": nullable_int(attendance),
        "board_size": nullable_int(bsize),
        "board_women": nullable_int(bwomen),
        "members_women": nullable_int(women),
        "revenue_eur": nullable_int(revenue),
        "subsidies_eur": nullable_int(subsidies),
        "programme_municipality": pd.array(prog_i[ii], dtype="boolean"),
        "municipal_support": pd.array(support, dtype="boolean"),
        "kwh_produced": nullable_int(kwh, s_row == "energy"),
        "homes": nullable_int(homes, s_row == "housing"),
        "care_hours": nullable_int(care_h, s_row == "care"),
        "meals": nullable_int(meals, s_row == "food"),
        "jobs_fte": pd.array(np.where(s_row == "work", fte, np.nan), dtype="Float64"),
        "trips": nullable_int(trips, s_row == "mobility"),
        "activities": nullable_int(acts, s_row == "social_wellbeing"),
    }
    out["jobs_fte"][s_row != "work"] = pd.NA
    df = pd.DataFrame(out, columns=list(COLUMNS))
    df = df.sort_values(["collective_id", "year"], kind="stable").reset_index(drop=True)
    df.attrs["ground_truth"] = {
        "seed": int(seed),
        "selection_strength": float(selection_strength),
        "effect_growth_pp": float(effect_growth_pp),
        "effect_retention_pp": float(effect_retention_pp),
        "programme_start_year": int(programme_start_year),
        "programme_municipalities": [f"M{m + 1:02d}" for m in np.flatnonzero(programme)],
    }
    return df
