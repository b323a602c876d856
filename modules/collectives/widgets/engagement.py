"""Explorers of deep dive 3 (engagement), each declared once with :mod:`collectives.explorer`.

- :func:`stakeholder_explorer` — change a stakeholder's power, interest, legitimacy and
  urgency; see its salience type, Mendelow quadrant and proposed IAP2 level change;
- :func:`reach_explorer` — choose whom to tell first and through which channels; see reach
  over time in the communication network;
- :func:`opinion_explorer` — build the opinion map from more or fewer participants, with a
  chosen or a silhouette-chosen number of groups.

Example
-------
>>> from collectives.synthetic import stakeholder_register
>>> explorer = stakeholder_explorer(stakeholder_register())
>>> explorer.figure(power=5, interest=5, legitimacy=True, urgency=True).layout.title.text.split("<br>")[0]
'Your stakeholder: definitive → collaborate'
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from collectives.engagement import classify, opinion_map
from collectives.engagement.diffusion import reach_view
from collectives.engagement.stakeholders import salience_view
from collectives.explorer import Choice, Explorer, Number
from collectives.figures.engagement import opinion_map_figure, reach_figure, stakeholder_view_figure

__all__ = ["opinion_explorer", "reach_explorer", "stakeholder_explorer"]

_YES_NO = [("yes", True), ("no", False)]


def stakeholder_explorer(register: pd.DataFrame | None = None) -> Explorer:
    """One stakeholder's attributes in, its type and recommended engagement out (drawn among
    ``register``, e.g. the synthetic De Zonnekring register)."""
    classified = classify(register) if register is not None else None

    def compute(power: int, interest: int, legitimacy: bool, urgency: bool):  # noqa: ANN202
        view = dict(salience_view(int(power), int(interest), legitimacy, urgency))
        view["register"] = classified
        return view

    return Explorer(
        "stakeholder", "Stakeholder explorer",
        (Choice("power", "Power over the project (1–5)", [1, 2, 3, 4, 5], value=2, widget="range"),
         Number("interest", "Interest in the project (1–5)", value=4, min=1, max=5, step=1, twin=(2, 4, 5)),
         Choice("legitimacy", "Legitimate claim", [("no", False), ("yes", True)], value=False),
         Choice("urgency", "Urgent claim", _YES_NO, value=True)),
        compute, stakeholder_view_figure)


CHANNEL_MIXES = ("none", "newsletter", "newsletter + group chat + members' meeting")


def reach_explorer(graph: nx.Graph, *, steps: int = 8, runs: int = 300) -> Explorer:
    """Whom to tell first (strategy and number) and which channels, in ``graph``; reach over time."""
    people = graph.number_of_nodes()

    def compute(strategy: str, first: int, channels: str, probability: float):  # noqa: ANN202
        return reach_view(strategy, int(first), channels, float(probability), graph, steps=steps, runs=runs)

    return Explorer(
        "reach", "Reach explorer",
        (Choice("strategy", "Whom to tell first", ["greedy", "most connected", "random"], value="most connected"),
         Choice("first", "Number of people told first", [1, 3], value=1),
         Choice("channels", "Channels", list(CHANNEL_MIXES), value="none"),
         Number("probability", "Chance that a conversation passes it on", value=0.2, min=0.05, max=0.9, step=0.05,
                twin=(0.2, 0.4))),
        compute, reach_figure)


def opinion_explorer(votes: pd.DataFrame, *, seed: int = 0) -> Explorer:
    """The opinion map from a sample of ``participants`` (all when the sample is larger than the
    conversation), with ``groups`` fixed or chosen by silhouette ("auto")."""
    n = len(votes)
    sizes = sorted({s for s in (30, 60, 120) if s < n} | {n}, reverse=True)     # all participants first

    def compute(participants: int, groups):  # noqa: ANN001, ANN202
        if participants >= n:
            sample = votes
        else:
            pick = np.sort(np.random.default_rng(seed).choice(n, size=int(participants), replace=False))
            sample = votes.iloc[pick]
            seen = sample.notna().any()
            if not seen.all():              # a small sample may leave a statement unseen: leave it out
                sample = sample.loc[:, seen]
        return opinion_map(sample, groups=None if groups == "auto" else int(groups), seed=seed)

    def draw(result, participants, groups):  # noqa: ANN001, ANN202
        return opinion_map_figure(result, title=f"Opinion map of {len(result.coordinates)} participants (synthetic votes), "
                                                f"groups: {groups}")

    return Explorer(
        "opinion-map", "Opinion-map explorer",
        (Choice("participants", "Participants in the sample", sizes, value=n),
         Choice("groups", "Number of opinion groups", ["auto", 2, 3, 4, 5], value="auto")),
        compute, draw)
