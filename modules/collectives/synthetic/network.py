"""A synthetic communication network of one collective, with planted brokers and a cut-off group.

One row per tie: two people who talk about the collective at least monthly. Five groups: the
board, the solar team, members in the north and in the south of the village, and the residents
of one block of flats who joined together and speak mostly among themselves. Inside a group
people are tied at random (a ring plus random ties, so each group hangs together); *between*
groups the only ties run through three planted **brokers**, and the flats' group has no tie to
anyone outside it (a separate component). :data:`NETWORK_TRUTH` holds the ground truth.

Example
-------
>>> from collectives.synthetic import communication_network, NETWORK_TRUTH
>>> ties = communication_network()
>>> sorted(NETWORK_TRUTH["brokers"])
['P03', 'P20', 'P34']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

NETWORK_SEED = 20261201
#: group → number of people, in the order the ids are given out (P01, P02, …)
GROUPS = {"board": 6, "solar team": 10, "members north": 14, "members south": 14, "flat De Linde": 7}
WITHIN_GROUP_TIE_PROBABILITY = 0.3
#: the planted brokers: person → (own group, the other groups it has ties into, ties per group)
BROKERS = {"P03": ("board", ("solar team",), 4),
           "P20": ("members north", ("board",), 4),
           "P34": ("members south", ("members north", "solar team"), 3)}
NETWORK_TRUTH = {
    "brokers": tuple(BROKERS),
    "isolated_group": "flat De Linde",
    "components": 2,
    "rule": "between groups the only ties are the brokers'; the flat De Linde has no outside tie",
}


def people() -> pd.DataFrame:
    """Every person's id and group (ids P01… in the order of :data:`GROUPS`)."""
    rows, k = [], 1
    for group, size in GROUPS.items():
        for _ in range(size):
            rows.append((f"P{k:02d}", group))
            k += 1
    return pd.DataFrame(rows, columns=["person", "group"])


def communication_network(seed: int = NETWORK_SEED) -> pd.DataFrame:
    """The synthetic tie list (columns of datasets/communication_network.yml), seeded."""
    rng = np.random.default_rng(seed)
    who = people()
    by_group = {g: list(rows["person"]) for g, rows in who.groupby("group", sort=False)}
    group_of = dict(zip(who["person"], who["group"]))
    ties: set[tuple[str, str]] = set()

    def add(a: str, b: str) -> None:
        if a != b:
            ties.add((min(a, b), max(a, b)))

    for members in by_group.values():
        n = len(members)
        for i in range(n):                                   # a ring keeps the group connected
            add(members[i], members[(i + 1) % n])
        for i in range(n):
            for j in range(i + 2, n):
                if rng.random() < WITHIN_GROUP_TIE_PROBABILITY:
                    add(members[i], members[j])
    for broker, (_, others, per_group) in BROKERS.items():
        for other in others:
            pool = [p for p in by_group[other] if p not in BROKERS]
            for target in rng.choice(pool, size=per_group, replace=False):
                add(broker, str(target))
    rows = sorted(ties)
    return pd.DataFrame({
        "source": pd.array([a for a, _ in rows], dtype="string"),
        "target": pd.array([b for _, b in rows], dtype="string"),
        "source_group": pd.Categorical([group_of[a] for a, _ in rows], categories=list(GROUPS)),
        "target_group": pd.Categorical([group_of[b] for _, b in rows], categories=list(GROUPS)),
    })
