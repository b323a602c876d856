"""The synthetic monitor panel: ~400 citizen collectives, 40 municipalities, 2014–2025.

Everything in this panel is invented, by a seeded generator with a documented ground truth
(:data:`GROUND_TRUTH`), so that evaluation exercises can check whether a method finds it:

- a municipal support programme starts in 2020 in 12 of the 40 municipalities, chosen *not*
  at random (they already had higher membership growth and volunteer retention), and raises
  the annual membership growth rate by 3 percentage points and volunteer retention by 5;
- a common dip in 2020–2021 hits every collective;
- membership follows a Bass diffusion curve with known p, q and market potential m per sector;
- volunteer workload above 4 hours a week per volunteer lowers next year's retention;
- collectives end with a constant yearly probability that depends on sector and founding cohort.

Example
-------
>>> from collectives.synthetic import monitor_panel
>>> panel = monitor_panel()                       # the committed datasets/monitor_panel.csv
>>> random_panel = monitor_panel(selection_strength=0)   # same world, random assignment
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from types import MappingProxyType
from typing import Mapping

import numpy as np
import pandas as pd
from scipy import stats

from collectives.errors import ParameterError

SECTORS: tuple[str, ...] = ("energy", "housing", "care", "social_wellbeing", "food", "work", "mobility")
OUTPUT_COLUMNS: Mapping[str, str] = MappingProxyType(
    {
        "energy": "kwh_produced",
        "housing": "homes",
        "care": "care_hours",
        "food": "meals",
        "work": "jobs_fte",
        "mobility": "trips",
        "social_wellbeing": "activities",
    }
)
COLUMNS: tuple[str, ...] = (
    "collective_id", "name", "municipality", "sector", "founded_year", "ended_year", "year",
    "members", "active_members", "volunteers", "volunteers_retained", "volunteer_hours_per_week",
    "meetings", "meeting_attendance", "board_size", "board_women", "members_women",
    "revenue_eur", "subsidies_eur", "programme_municipality", "municipal_support",
    "kwh_produced", "homes", "care_hours", "meals", "jobs_fte", "trips", "activities",
)
DEFAULT_SEED = 20251208
FIRST_YEAR, LAST_YEAR = 2014, 2025


def _frozen(d: dict) -> Mapping:
    return MappingProxyType({k: _frozen(v) if isinstance(v, dict) else v for k, v in d.items()})


@dataclass(frozen=True)
class BassParameters:
    """Bass (1969) diffusion of membership in one sector of the synthetic world.

    ``p`` innovation and ``q`` imitation coefficient per year; ``m`` the market potential
    (members) of an average collective of the sector; ``start_year`` the year the sector's
    diffusion starts (t = year − start_year).
    """

    p: float
    q: float
    m: int
    start_year: int


@dataclass(frozen=True)
class PanelTruth:
    """The ground truth built into :func:`monitor_panel` (default parameters).

    Rates are in percentage points (pp) of a yearly rate; see datasets/monitor_panel.md for the
    full model.
    """

    programme_start_year: int = 2020
    n_programme_municipalities: int = 12
    effect_growth_pp: float = 3.0
    effect_retention_pp: float = 5.0
    selection_strength: float = 1.0
    # municipal levels: growth = sd * z, retention = sd * z, z ~ N(0, 1) per municipality;
    # a municipality joins when selection_strength * z + N(0, 1) is among the 12 highest
    municipal_growth_sd_pp: float = 2.5
    municipal_retention_sd_pp: float = 3.0
    # common shocks, added to every collective in that year
    year_shock_growth_pp: Mapping[int, float] = field(
        default_factory=lambda: MappingProxyType({2020: -4.0, 2021: -2.0})
    )
    year_shock_retention_pp: Mapping[int, float] = field(
        default_factory=lambda: MappingProxyType({2020: -6.0, 2021: -3.0})
    )
    growth_noise_sd_pp: float = 1.5
    bass: Mapping[str, BassParameters] = field(
        default_factory=lambda: MappingProxyType(
            {
                "energy": BassParameters(0.03, 0.38, 400, 2006),
                "housing": BassParameters(0.02, 0.30, 80, 2008),
                "care": BassParameters(0.03, 0.30, 250, 2005),
                "social_wellbeing": BassParameters(0.05, 0.35, 150, 2006),
                "food": BassParameters(0.04, 0.45, 200, 2008),
                "work": BassParameters(0.04, 0.25, 60, 2007),
                "mobility": BassParameters(0.02, 0.35, 180, 2008),
            }
        )
    )
    market_potential_sd_log: float = 0.35
    base_retention: Mapping[str, float] = field(
        default_factory=lambda: MappingProxyType(
            {"energy": 0.82, "housing": 0.86, "care": 0.74, "social_wellbeing": 0.76,
             "food": 0.72, "work": 0.80, "mobility": 0.76}
        )
    )
    # burnout: retention(t) falls by slope * (hours per volunteer per week in t-1 - threshold)
    burnout_threshold_hours_per_volunteer: float = 4.0
    burnout_slope_pp_per_hour: float = 4.0
    burnout_max_pp: float = 30.0
    # yearly probability of ending, by sector, times a founding-cohort multiplier
    ending_hazard: Mapping[str, float] = field(
        default_factory=lambda: MappingProxyType(
            {"energy": 0.012, "housing": 0.008, "care": 0.025, "social_wellbeing": 0.04,
             "food": 0.05, "work": 0.045, "mobility": 0.06}
        )
    )
    cohort_hazard_multiplier: Mapping[str, float] = field(
        default_factory=lambda: MappingProxyType(
            {"founded_before_2014": 0.7, "founded_2014_2019": 1.0, "founded_2020_or_later": 1.5}
        )
    )

    def as_dict(self) -> dict:
        """Plain nested dict (for YAML and JSON)."""

        def plain(v):
            if isinstance(v, Mapping):
                return {k: plain(x) for k, x in v.items()}
            if isinstance(v, BassParameters):
                return asdict(v)
            return v

        return {k: plain(getattr(self, k)) for k in self.__dataclass_fields__}


GROUND_TRUTH = PanelTruth()

# Nuisance parameters: shape the panel but are not part of what exercises should recover.
_SECTOR_SHARE = {"energy": 0.30, "housing": 0.14, "care": 0.15, "social_wellbeing": 0.13,
                 "food": 0.12, "work": 0.08, "mobility": 0.08}
_FOUNDING_WAVE = {"energy": 6.0, "housing": 7.0, "care": 7.0, "social_wellbeing": 7.0,
                  "food": 6.0, "work": 7.0, "mobility": 7.0}  # mean years after start_year
_VOLUNTEER_SHARE = {"energy": 0.06, "housing": 0.15, "care": 0.22, "social_wellbeing": 0.18,
                    "food": 0.15, "work": 0.12, "mobility": 0.08}
_WORKLOAD = {"energy": 2.0, "housing": 2.2, "care": 6.5, "social_wellbeing": 4.0,
             "food": 3.2, "work": 3.0, "mobility": 2.2}  # hours/week = w * members ** 0.6
_WOMEN_MEMBERS = {"energy": 0.32, "housing": 0.55, "care": 0.68, "social_wellbeing": 0.62,
                  "food": 0.58, "work": 0.45, "mobility": 0.40}
_WOMEN_BOARD = {"energy": 0.22, "housing": 0.45, "care": 0.60, "social_wellbeing": 0.55,
                "food": 0.50, "work": 0.38, "mobility": 0.30}

_NAME_PREFIX = {
    "energy": ["Energiecoöperatie", "Zonnecoöperatie", "Windcollectief", "Buurtstroom"],
    "housing": ["Wooncoöperatie", "Woongemeenschap", "Wooncollectief"],
    "care": ["Zorgcoöperatie", "Zorgcollectief", "Noaberzorg"],
    "social_wellbeing": ["Buurtcollectief", "Ontmoetingscoöperatie", "Buurtkamer"],
    "food": ["Voedselcoöperatie", "Stadsakker", "Oogstcollectief"],
    "work": ["Werkcoöperatie", "Klussencollectief", "Werkplaats"],
    "mobility": ["Deelautocoöperatie", "Mobiliteitscollectief", "Buurtvervoer"],
}
_NAME_WORD_A = ["Wilgen", "Linden", "Kievits", "Eiken", "Meidoorn", "Vlinder", "Reiger",
                "Zonne", "Berken", "Klaver", "Haver", "Hazel", "Merel", "Lijsterbes", "Distel"]
_NAME_WORD_B = ["hoek", "hof", "kamp", "akker", "weide", "erf", "gaarde", "dries", "kring", "laan"]


@dataclass(frozen=True)
class _Draws:
    """Every random number the panel uses, drawn once so that changing a parameter (e.g.
    selection_strength) changes the panel only through that parameter."""

    sector: np.ndarray
    founded: np.ndarray
    municipality: np.ndarray
    z: np.ndarray
    selection_noise: np.ndarray
    log_m: np.ndarray
    retention_i: np.ndarray
    workload_i: np.ndarray
    active_share: np.ndarray
    u: dict  # name -> (n, T) uniforms or normals
    consts: dict  # name -> (n,) per-collective constants
    names: list


def _draw(seed: int, n: int, n_mun: int, years: np.ndarray) -> _Draws:
    ss = np.random.SeedSequence(seed)
    r = [np.random.default_rng(s) for s in ss.spawn(8)]
    sectors = np.array(SECTORS)
    share = np.array([_SECTOR_SHARE[s] for s in SECTORS])
    sector = r[0].choice(len(SECTORS), size=n, p=share / share.sum())
    start = np.array([GROUND_TRUTH.bass[s].start_year for s in sectors[sector]])
    wait = np.array([_FOUNDING_WAVE[s] for s in sectors[sector]])
    founded = np.minimum(start + 1 + np.floor(r[0].gamma(2.0, wait / 2.0)), LAST_YEAR).astype(int)
    # collectives are dealt out over the municipalities like cards, in order of sector and
    # founding year, so every municipality gets a similar mix (parallel trends by design)
    order = np.lexsort((r[1].random(n), founded, sector))
    municipality = np.empty(n, dtype=int)
    for start in range(0, n, n_mun):
        idx = order[start:start + n_mun]
        municipality[idx] = r[1].permutation(n_mun)[: len(idx)]
    z = r[2].standard_normal(n_mun)
    selection_noise = r[2].standard_normal(n_mun)
    log_m = r[3].standard_normal(n)
    retention_i = r[3].standard_normal(n)
    workload_i = r[3].standard_normal(n)
    active_share = r[3].uniform(0.2, 0.45, n)
    T = len(years)
    u = {k: r[4].random((n, T)) for k in ("retained", "recruit", "end", "active", "women",
                                           "board_w", "meet", "grant", "grant_size", "prog_grant")}
    u.update({k: r[5].standard_normal((n, T)) for k in ("growth", "workload", "output", "revenue",
                                                         "attendance")})
    consts = {
        "k": r[6].uniform(1500, 3500, n),            # kWh per member (energy)
        "build_years": r[6].integers(2, 6, n),       # years before homes are delivered (housing)
        "project": r[6].uniform(0.35, 0.7, n),       # homes per unit of market potential
        "care_share": r[6].uniform(0.5, 0.8, n),     # share of volunteer hours that is care
        "meals": r[6].uniform(10, 40, n),            # meals per member per year
        "fte": r[6].uniform(0.02, 0.06, n),          # FTE per member (work)
        "trips": r[6].uniform(4, 12, n),             # trips per member per year
        "acts": r[6].uniform(0.1, 0.4, n),           # activities per member per year
        "price": r[6].uniform(0.8, 1.25, n),         # revenue scale
        "meet_base": r[6].choice([1, 1, 1, 2, 2, 3], n),
        "board": r[6].random(n),
        "women": r[6].normal(0, 0.04, n),
    }
    rn = r[7]
    names, seen = [], set()
    for s in sectors[sector]:
        while True:
            name = f"{rn.choice(_NAME_PREFIX[s])} De {rn.choice(_NAME_WORD_A)}{rn.choice(_NAME_WORD_B)}"
            if name not in seen:
                seen.add(name)
                names.append(name)
                break
    return _Draws(sector, founded, municipality, z, selection_noise, log_m, retention_i,
                  workload_i, active_share, u, consts, names)


def bass_cumulative(t, p: float, q: float):
    """Bass (1969) cumulative adoption share F(t) = (1 − e^{−(p+q)t}) / (1 + (q/p) e^{−(p+q)t})."""
    e = np.exp(-(p + q) * np.asarray(t, dtype=float))
    return (1 - e) / (1 + (q / p) * e)


def _check(name, value, ok, expected):
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
