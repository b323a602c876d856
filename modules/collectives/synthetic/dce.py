"""A synthetic discrete-choice experiment on joining a collective, with planted utility weights.

In the manner of a Preference Explorer: each of 300 respondents makes 8 choices; each choice
shows two ways of joining an energy collective (A, B) and "not join". An offer is described by
the share price (euro), the hours a month asked of members, whether members get a vote in
decisions (one member, one vote) and whether part of the profit goes to a local fund.
Respondents choose by random utility (Gumbel errors): utility = the planted weights
:data:`DCE_TRUTH` × the attributes; "not join" has utility 0 plus its error, the offers an
alternative-specific constant. Attribute levels are drawn at random (seeded), independently per
alternative.

Example
-------
>>> from collectives.synthetic import dce_choices, DCE_TRUTH
>>> choices = dce_choices()
>>> len(choices), DCE_TRUTH["weights"]["vote"]
(7200, 0.8)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

DCE_SEED = 20261204
ATTRIBUTE_LEVELS = {
    "share_price_eur": (50, 100, 250, 500),
    "hours_per_month": (0, 2, 4, 8),
    "vote": (0, 1),
    "local_fund": (0, 1),
}
DCE_TRUTH = {
    # utility per unit: share price per euro, hours per hour; vote, local fund: yes vs no
    "weights": {"join": 0.5, "share_price_eur": -0.004, "hours_per_month": -0.25, "vote": 0.8, "local_fund": 0.6},
    "respondents": 300,
    "tasks_per_respondent": 8,
    "alternatives": ("A", "B", "not join"),
    # willingness to pay = −weight ÷ price weight (euro of share price)
    "wtp_eur": {"vote": 200.0, "local_fund": 150.0, "hours_per_month": -62.5},
}


def dce_choices(seed: int = DCE_SEED, respondents: int = 300, tasks: int = 8) -> pd.DataFrame:
    """The synthetic choices, long format: one row per alternative shown (columns of
    datasets/dce_choices.yml). ``chosen`` is true for exactly one row per task."""
    rng = np.random.default_rng(seed)
    w = DCE_TRUTH["weights"]
    n_tasks = respondents * tasks
    rows = {k: np.zeros((n_tasks, 3), dtype=int) for k in ATTRIBUTE_LEVELS}
    for k, levels in ATTRIBUTE_LEVELS.items():
        rows[k][:, :2] = rng.choice(levels, size=(n_tasks, 2))
    join = np.zeros((n_tasks, 3), dtype=int)
    join[:, :2] = 1
    utility = w["join"] * join + sum(w[k] * rows[k] for k in ATTRIBUTE_LEVELS)
    utility = utility + rng.gumbel(size=(n_tasks, 3))
    chosen = np.zeros((n_tasks, 3), dtype=bool)
    chosen[np.arange(n_tasks), utility.argmax(axis=1)] = True
    respondent = np.repeat(np.arange(1, respondents + 1), tasks)
    task = np.arange(1, n_tasks + 1)
    return pd.DataFrame({
        "respondent": pd.array(np.repeat([f"D{r:03d}" for r in respondent], 3), dtype="string"),
        "task": pd.array(np.repeat(task, 3), dtype="Int64"),
        "alternative": pd.Categorical(np.tile(DCE_TRUTH["alternatives"], n_tasks), categories=list(DCE_TRUTH["alternatives"])),
        "join": pd.array(join.ravel(), dtype="Int64"),
        **{k: pd.array(v.ravel(), dtype="Int64") for k, v in rows.items()},
        "chosen": pd.array(chosen.ravel(), dtype="boolean"),
    })
