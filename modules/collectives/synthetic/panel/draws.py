"""The panel's nuisance parameters (sector shares, founding waves, volunteer shares, workload,
women's shares, names) and every random number it uses, drawn once per seed so that changing a
parameter changes the panel only through that parameter.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from collectives.synthetic.panel.truth import GROUND_TRUTH, LAST_YEAR
from collectives.vocabulary import SECTORS


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
