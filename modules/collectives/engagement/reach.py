"""Who does each participation channel reach? A channel-reach simulation on a population.

Participation is socially selective: who turns up depends on the channel. Each channel here
reaches a resident with a probability that depends on the resident's age group, education,
home language, working pattern, digital access and tenure (a logistic model whose weights,
:data:`CHANNEL_MODEL`, are **illustrative assumptions** for teaching, chosen to mirror patterns
reported in the literature — meeting-goers older and more often owners, online channels needing
digital access — not estimates). A mix of channels reaches a resident when at least one does
(channels independent).

Example
-------
>>> from collectives.synthetic import neighbourhood_population
>>> pop = neighbourhood_population()
>>> round(mix_reach(pop, ["door-to-door"]), 2)
0.35
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
import pandas as pd

from collectives.errors import DataError, ParameterError, Problem

ATTRIBUTES = ("age_group", "education", "home_language", "work", "digital_access", "tenure")
#: channel → cost (euro, one round in a neighbourhood of 2,000 adults), base log-odds, and
#: log-odds shifts per (attribute, value). Illustrative assumptions, not estimates.
CHANNEL_MODEL: dict[str, dict] = {
    "door-to-door": {"cost_eur": 6000, "base": -0.1, "effects": {
        ("work", "daytime job"): -0.9, ("work", "evening or shift work"): -0.5, ("home_language", "other"): -0.4}},
    "kitchen-table talks": {"cost_eur": 2500, "base": -2.6, "effects": {
        ("home_language", "other"): 1.2, ("education", "low"): 0.6, ("tenure", "renter"): 0.4}},
    "members' evening": {"cost_eur": 800, "base": -2.4, "effects": {
        ("age_group", "55-74"): 0.9, ("age_group", "75+"): 0.5, ("age_group", "18-34"): -0.8,
        ("education", "high"): 0.7, ("education", "low"): -0.5, ("tenure", "owner"): 0.6,
        ("work", "evening or shift work"): -1.5, ("home_language", "other"): -1.0}},
    "online platform": {"cost_eur": 3000, "base": -2.2, "effects": {
        ("digital_access", False): -4.0, ("education", "high"): 0.9, ("education", "low"): -0.6,
        ("age_group", "75+"): -0.8, ("home_language", "other"): -0.6}},
    "survey (paper and online)": {"cost_eur": 2000, "base": -1.4, "effects": {
        ("age_group", "55-74"): 0.5, ("age_group", "75+"): 0.4, ("age_group", "18-34"): -0.5,
        ("education", "high"): 0.4, ("education", "low"): -0.4, ("home_language", "other"): -1.2}},
    "online opinion conversation": {"cost_eur": 1500, "base": -2.0, "effects": {
        ("digital_access", False): -4.0, ("age_group", "18-34"): 0.6, ("age_group", "75+"): -1.0,
        ("education", "high"): 0.6, ("home_language", "other"): -0.5}},
}


def _label(value: object) -> str:
    return {True: "yes", False: "no"}.get(value, str(value)) if isinstance(value, (bool, np.bool_)) else str(value)


def check_population(population: pd.DataFrame) -> pd.DataFrame:
    """Check that a population table has the six attributes with known values."""
    if not isinstance(population, pd.DataFrame) or population.empty:
        raise ParameterError("population", type(population).__name__, "a table with one row per resident")
    missing = [a for a in ATTRIBUTES if a not in population.columns]
    if missing:
        raise DataError("the population table", [Problem("column missing", column=a) for a in missing])
    return population


def reach_probabilities(population: pd.DataFrame, channels: Sequence[str] | None = None) -> pd.DataFrame:
    """residents × channels: the probability that each channel reaches each resident."""
    pop = check_population(population)
    channels = list(CHANNEL_MODEL) if channels is None else list(channels)
    out = {}
    for ch in channels:
        if ch not in CHANNEL_MODEL:
            raise ParameterError("channels", ch, "any of " + ", ".join(CHANNEL_MODEL))
        spec = CHANNEL_MODEL[ch]
        logit = np.full(len(pop), spec["base"], dtype=float)
        for (attr, value), shift in spec["effects"].items():
            logit += shift * (pop[attr].astype(object) == value).to_numpy()
        out[ch] = 1 / (1 + np.exp(-logit))
    return pd.DataFrame(out, index=pop.index)


def mix_reach(population: pd.DataFrame, mix: Sequence[str]) -> float:
    """Expected share of residents reached by at least one channel of ``mix``."""
    if not mix:
        return 0.0
    p = reach_probabilities(population, mix).to_numpy()
    return float((1 - np.prod(1 - p, axis=1)).mean())


def reach_by_group(population: pd.DataFrame, mix: Sequence[str] | None = None) -> pd.DataFrame:
    """Share reached per group (attribute = value) for each channel, or for one mix.

    Long table: ``attribute``, ``value``, ``residents``, ``channel`` (or the mix joined with
    ' + '), ``share reached``, and ``ratio`` (group share reached ÷ overall share reached:
    1 = reached in proportion, below 1 = under-represented).
    """
    pop = check_population(population)
    p = reach_probabilities(pop, None if mix is None else list(mix))
    if mix is not None:
        p = pd.DataFrame({" + ".join(mix): 1 - np.prod(1 - p.to_numpy(), axis=1)}, index=pop.index)
    rows = []
    for ch in p.columns:
        overall = p[ch].mean()
        for attr in ATTRIBUTES:
            for value, idx in pop.groupby(pop[attr].astype(object), sort=True).groups.items():
                share = p.loc[idx, ch].mean()
                rows.append({"attribute": attr, "value": _label(value),
                             "residents": len(idx), "channel": ch, "share reached": share,
                             "ratio": share / overall if overall > 0 else np.nan})
    return pd.DataFrame(rows)


def best_mix(population: pd.DataFrame, budget_eur: float) -> pd.DataFrame:
    """Every channel mix within ``budget_eur``, best first.

    "Best" means the highest reach of the **least-reached group** (any attribute value), ties
    broken by overall reach: a mix that reaches everyone a little beats one that reaches some
    groups a lot and others not at all.
    """
    if isinstance(budget_eur, bool) or not isinstance(budget_eur, (int, float)) or budget_eur < 0:
        raise ParameterError("budget_eur", budget_eur, "an amount in euro of 0 or more")
    pop = check_population(population)
    probs = reach_probabilities(pop)
    groups = [(a, v, idx) for a in ATTRIBUTES for v, idx in pop.groupby(pop[a].astype(object)).groups.items()]
    positions = [pop.index.get_indexer(idx) for _, _, idx in groups]
    rows = []
    names = list(CHANNEL_MODEL)
    for r in range(1, len(names) + 1):
        for mix in itertools.combinations(names, r):
            cost = sum(CHANNEL_MODEL[c]["cost_eur"] for c in mix)
            if cost > budget_eur:
                continue
            reached = 1 - np.prod(1 - probs[list(mix)].to_numpy(), axis=1)
            shares = [reached[pos].mean() for pos in positions]
            worst = int(np.argmin(shares))
            rows.append({"mix": " + ".join(mix), "channels": len(mix), "cost_eur": cost, "reach": reached.mean(),
                         "least reached group": f"{groups[worst][0]} = {_label(groups[worst][1])}",
                         "reach of least reached": shares[worst]})
    if not rows:
        cheapest = min(v["cost_eur"] for v in CHANNEL_MODEL.values())
        raise ParameterError("budget_eur", budget_eur, f"at least {cheapest} euro (the cheapest channel)")
    table = pd.DataFrame(rows).sort_values(["reach of least reached", "reach"], ascending=False)
    return table.reset_index(drop=True)
