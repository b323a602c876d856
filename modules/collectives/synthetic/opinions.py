"""Synthetic votes of an online opinion conversation (in the manner of Pol.is), planted groups.

A neighbourhood talks about a collective heat network: 300 participants vote agree (1),
disagree (-1) or pass (0) on 30 statements; each sees only some statements (an empty cell =
unseen). Three opinion groups are planted — *enthusiasts* (120), *cost-worried* (110) and
*sceptics* (70) — each with its own agree/disagree probabilities per statement; statements
S01–S03 are planted **consensus** statements that every group agrees with. The ground truth is
:data:`OPINION_TRUTH` and the ``planted_group`` column (which a real conversation would not
have).

Example
-------
>>> from collectives.synthetic import opinion_votes
>>> votes = opinion_votes()
>>> votes.shape
(300, 32)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

OPINION_SEED = 20261203
GROUP_NAMES = ("enthusiasts", "cost-worried", "sceptics")
GROUP_SIZES = (120, 110, 70)
#: (statement, agree probability per group in the order of GROUP_NAMES). Pass probability 0.1.
STATEMENTS = (
    ("Residents should see a cost comparison for their own home before anyone decides", (0.9, 0.9, 0.85)),
    ("Meetings about the heat network should also be held in the evening and in other languages", (0.85, 0.85, 0.8)),
    ("No household should pay more for heat than it pays now", (0.8, 0.9, 0.85)),
    ("The heat network should be owned by the residents' cooperative", (0.9, 0.3, 0.1)),
    ("I would join the cooperative in its first year", (0.9, 0.2, 0.05)),
    ("Individual heat pumps are a better choice for this neighbourhood", (0.1, 0.2, 0.9)),
    ("The municipality should wait until national rules on heat are settled", (0.1, 0.3, 0.9)),
    ("Tenants should get the same say as home owners", (0.3, 0.95, 0.2)),
    ("The connection fee is too high for many households", (0.15, 0.95, 0.3)),
    ("The municipality should guarantee the cooperative's loan", (0.85, 0.3, 0.1)),
    ("Our street should be connected first", (0.7, 0.2, 0.05)),
    ("Digging up the streets for two years is acceptable", (0.8, 0.3, 0.1)),
    ("I trust the cooperative's board to make good decisions", (0.9, 0.3, 0.1)),
    ("The housing corporation should decide for its tenants", (0.3, 0.05, 0.6)),
    ("Residual heat from the industrial estate should be used", (0.8, 0.6, 0.4)),
    ("Households on a low income need a subsidy to connect", (0.2, 0.95, 0.2)),
    ("The cooperative's plans are explained clearly", (0.8, 0.1, 0.5)),
    ("I worry about being locked into one heat supplier", (0.15, 0.5, 0.9)),
    ("Gas should be phased out in this neighbourhood before 2035", (0.9, 0.4, 0.1)),
    ("Volunteers can run a heat network", (0.8, 0.3, 0.1)),
    ("The school and the sports hall should be connected", (0.75, 0.6, 0.3)),
    ("Decisions should be taken by a vote of all residents", (0.3, 0.9, 0.3)),
    ("The project is moving too fast", (0.1, 0.4, 0.9)),
    ("A professional company should build and run the network", (0.2, 0.5, 0.85)),
    ("I would volunteer a few hours a month", (0.7, 0.2, 0.05)),
    ("Profits should go to a neighbourhood fund", (0.6, 0.9, 0.3)),
    ("The municipality listens to residents on energy plans", (0.6, 0.1, 0.5)),
    ("Noise from the heat station is a serious concern", (0.2, 0.3, 0.8)),
    ("Insulating homes should come before a heat network", (0.2, 0.8, 0.8)),
    ("I am satisfied with my current heating", (0.3, 0.1, 0.9)),
)
PASS_PROBABILITY = 0.1
SEEN_PROBABILITY = 0.75
OPINION_TRUTH = {
    "groups": dict(zip(GROUP_NAMES, GROUP_SIZES)),
    "consensus": ("S01", "S02", "S03"),
    "rule": "each participant sees each statement with probability 0.75; a seen statement is passed with "
            "probability 0.1, otherwise agreed with the group's agree probability, else disagreed",
}


def statement_ids(n: int) -> list[str]:
    return [f"S{i:02d}" if n < 100 else f"S{i:03d}" for i in range(1, n + 1)]


def opinion_votes(seed: int = OPINION_SEED, sizes: tuple[int, ...] = GROUP_SIZES,
                  statements: int = len(STATEMENTS)) -> pd.DataFrame:
    """The synthetic vote matrix: ``participant``, ``planted_group`` and one column per statement.

    ``sizes`` and ``statements`` may be changed (e.g. for a benchmark of 1,000 × 100);
    statements beyond the 30 written ones repeat their agree probabilities.
    """
    rng = np.random.default_rng(seed)
    n = int(sum(sizes))
    group = np.repeat(np.arange(len(sizes)), sizes)
    probs = np.array([STATEMENTS[j % len(STATEMENTS)][1] for j in range(statements)])  # statements × groups
    p_agree = probs[:, group % probs.shape[1]].T                                         # participants × statements
    u = rng.random((n, statements))
    vote = np.where(u < PASS_PROBABILITY, 0,
                    np.where(u < PASS_PROBABILITY + (1 - PASS_PROBABILITY) * p_agree, 1, -1)).astype(float)
    seen = rng.random((n, statements)) < SEEN_PROBABILITY
    vote[~seen] = np.nan
    cols = statement_ids(statements)
    out = pd.DataFrame({"participant": pd.array([f"V{i:04d}" for i in range(1, n + 1)], dtype="string"),
                        "planted_group": pd.Categorical([GROUP_NAMES[g % 3] for g in group], categories=list(GROUP_NAMES))})
    votes = pd.DataFrame({c: pd.array(vote[:, j], dtype="Int64") for j, c in enumerate(cols)})
    return pd.concat([out, votes], axis=1)
