"""A synthetic neighbourhood population for the "who participates" simulation.

2,000 adult residents of an invented neighbourhood, one row each: age group, education,
home language, working pattern, digital access and housing tenure. The shares and the links
between attributes (older residents and residents with less formal education more often lack
digital access; renters are more often younger) are set in :data:`POPULATION_TRUTH`; they are
invented for teaching, not taken from a statistics office.

Example
-------
>>> from collectives.synthetic import neighbourhood_population
>>> len(neighbourhood_population())
2000
"""

from __future__ import annotations

import numpy as np
import pandas as pd

POPULATION_SEED = 20261202
AGE_GROUPS = ("18-34", "35-54", "55-74", "75+")
EDUCATION = ("low", "middle", "high")
LANGUAGES = ("Dutch", "other")
WORK = ("not working", "daytime job", "evening or shift work")
POPULATION_TRUTH = {
    "size": 2000,
    "age_shares": {"18-34": 0.30, "35-54": 0.32, "55-74": 0.26, "75+": 0.12},
    "education_shares": {"low": 0.30, "middle": 0.40, "high": 0.30},
    "other_language_share": 0.18,
    # probability of a daytime job / evening or shift work, by age group (the rest: not working)
    "work": {"18-34": (0.55, 0.25), "35-54": (0.60, 0.20), "55-74": (0.30, 0.08), "75+": (0.0, 0.0)},
    # probability of digital access = base by age group minus 0.15 for low education
    "digital_access": {"18-34": 0.97, "35-54": 0.95, "55-74": 0.85, "75+": 0.55},
    "digital_low_education_penalty": 0.15,
    # probability of renting, by age group
    "renter": {"18-34": 0.70, "35-54": 0.45, "55-74": 0.35, "75+": 0.40},
}


def neighbourhood_population(seed: int = POPULATION_SEED, size: int = 2000) -> pd.DataFrame:
    """The synthetic population (columns of datasets/neighbourhood.yml), seeded."""
    t = POPULATION_TRUTH
    rng = np.random.default_rng(seed)
    age = rng.choice(AGE_GROUPS, size=size, p=list(t["age_shares"].values()))
    edu = rng.choice(EDUCATION, size=size, p=list(t["education_shares"].values()))
    lang = np.where(rng.random(size) < t["other_language_share"], "other", "Dutch")
    u = rng.random(size)
    day = np.array([t["work"][a][0] for a in age])
    evening = np.array([t["work"][a][1] for a in age])
    work = np.where(u < day, "daytime job", np.where(u < day + evening, "evening or shift work", "not working"))
    p_digital = np.array([t["digital_access"][a] for a in age]) - t["digital_low_education_penalty"] * (edu == "low")
    digital = rng.random(size) < p_digital
    renter = rng.random(size) < np.array([t["renter"][a] for a in age])
    return pd.DataFrame({
        "resident_id": pd.array([f"R{i:04d}" for i in range(1, size + 1)], dtype="string"),
        "age_group": pd.Categorical(age, categories=list(AGE_GROUPS)),
        "education": pd.Categorical(edu, categories=list(EDUCATION)),
        "home_language": pd.Categorical(lang, categories=list(LANGUAGES)),
        "work": pd.Categorical(work, categories=list(WORK)),
        "digital_access": pd.array(digital, dtype="boolean"),
        "tenure": pd.Categorical(np.where(renter, "renter", "owner"), categories=["owner", "renter"]),
    })
