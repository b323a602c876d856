"""Synthetic ranked ballots for the voting-rules exercises, with the winner of every rule known.

One row per ballot; ``ranking`` lists the options from most to least preferred, separated by
``>`` (every ballot ranks every option of its group). Four groups (assemblies):

- ``rules_disagree`` — 39 members, four options: plurality, instant-runoff, Borda and Condorcet
  each elect a *different* option;
- ``condorcet_cycle`` — 12 members, three options, majority preferences go round in a circle;
- ``turnout`` — 150 members, three options; ``intensity`` (1–5) says how strongly a member
  cares, and only some attend (``attended``): attendance probability 0.1 + 0.18 × intensity;
- ``consensus`` — 25 members who broadly agree: every rule elects the same option.

:data:`BALLOTS_TRUTH` holds the expected winner per group and rule; :func:`winners` computes them.

Example
-------
>>> from collectives.synthetic import ballots, winners
>>> b = ballots()
>>> winners(b[b["group"] == "rules_disagree"])["borda"]
'heat network'
"""

from __future__ import annotations

import numpy as np
import pandas as pd

BALLOTS_SEED = 20251210
GROUPS = ("rules_disagree", "condorcet_cycle", "turnout", "consensus")
#: The rules whose winners are documented (ids of :data:`collectives.governance.voting.RULES`).
from collectives.vocabulary import RULES  # noqa: E402

# (count, ranking) per group; the turnout group is drawn at random (seeded)
_FIXED = {
    "rules_disagree": [
        (12, ("solar roof", "heat network", "insulation team", "energy fund")),
        (9, ("insulation team", "heat network", "energy fund", "solar roof")),
        (12, ("energy fund", "insulation team", "heat network", "solar roof")),
        (6, ("solar roof", "heat network", "energy fund", "insulation team")),
    ],
    "condorcet_cycle": [
        (5, ("repair café", "community garden", "shared car")),
        (3, ("community garden", "shared car", "repair café")),
        (4, ("shared car", "repair café", "community garden")),
    ],
    "consensus": [
        (14, ("keep the fee", "raise the fee", "lower the fee")),
        (6, ("keep the fee", "lower the fee", "raise the fee")),
        (3, ("lower the fee", "keep the fee", "raise the fee")),
        (2, ("raise the fee", "keep the fee", "lower the fee")),
    ],
}
_TURNOUT = {
    # (share, ranking, intensity range): a mild majority and an intense minority
    "n": 150,
    "types": [
        (0.42, ("postpone", "build smaller", "build now"), (1, 2)),
        (0.18, ("build smaller", "postpone", "build now"), (1, 3)),
        (0.40, ("build now", "build smaller", "postpone"), (4, 5)),
    ],
    "attendance": (0.1, 0.18),   # probability = a + b * intensity
}

BALLOTS_TRUTH = {
    "rules_disagree": {"plurality": "solar roof", "two_round": "energy fund",
                       "instant_runoff": "energy fund", "borda": "heat network",
                       "condorcet_winner": "insulation team", "copeland": "insulation team"},
}


def winners(group_ballots: pd.DataFrame) -> dict[str, str | None]:
    """Winner of each rule for one group's ballots (``ranking`` column, ``>``-separated),
    counted by the package's one implementation of each rule (:mod:`collectives.governance.voting`).

    The keys are the rule ids of :data:`collectives.governance.voting.RULES`. A tie, or no
    Condorcet winner, gives None for that rule.
    """
    from collectives.governance import voting

    results = voting.compare_rules(group_ballots[["ranking"]])
    return {row["rule"]: (None if row["winner"] is None or pd.isna(row["winner"]) else row["winner"])
            for _, row in results.iterrows()}


def ballots(seed: int = BALLOTS_SEED) -> pd.DataFrame:
    """Generate the synthetic ballots (columns of datasets/ballots.yml), in group order."""
    rng = np.random.default_rng(seed)
    rows = []
    for group in GROUPS:
        if group == "turnout":
            t = _TURNOUT
            shares = np.array([s for s, _, _ in t["types"]])
            kind = rng.choice(len(shares), size=t["n"], p=shares / shares.sum())
            for j in kind:
                _, ranking, (lo, hi) = t["types"][j]
                intensity = int(rng.integers(lo, hi + 1))
                attend = rng.random() < t["attendance"][0] + t["attendance"][1] * intensity
                rows.append((group, " > ".join(ranking), intensity, bool(attend)))
        else:
            block = [(group, " > ".join(r), None, True) for c, r in _FIXED[group] for _ in range(c)]
            rows.extend(block[i] for i in rng.permutation(len(block)))
    df = pd.DataFrame(rows, columns=["group", "ranking", "intensity", "attended"])
    return pd.DataFrame({
        "ballot_id": pd.array([f"B{i + 1:04d}" for i in range(len(df))], dtype="string"),
        "group": pd.Categorical(df["group"], categories=list(GROUPS)),
        "ranking": pd.array(df["ranking"], dtype="string"),
        "intensity": pd.array(df["intensity"], dtype="Int64"),
        "attended": pd.array(df["attended"], dtype="boolean"),
    })


def expected_winners(df: pd.DataFrame | None = None) -> pd.DataFrame:
    """Winner per group and rule (rows: group, or ``turnout (attended)`` for those who came)."""
    df = ballots() if df is None else df
    out = {}
    for g in GROUPS:
        sub = df[df["group"] == g]
        out[g if g != "turnout" else "turnout (all members)"] = winners(sub)
        if g == "turnout":
            out["turnout (attended)"] = winners(sub[sub["attended"].astype(bool)])
    return pd.DataFrame(out).T.reindex(columns=list(RULES))
