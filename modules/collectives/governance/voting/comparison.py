"""Every rule side by side on the same ballots (:func:`compare_rules`), in the order of
:data:`RULES`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

import pandas as pd

from collectives.governance.ballots import Profile
from collectives.governance.voting.condorcet import condorcet_winner, copeland
from collectives.governance.voting.first_preference import instant_runoff, plurality, two_round
from collectives.governance.voting.scoring import approval, borda, score
from collectives.vocabulary import RULES as _RULES

__all__ = ["RULES", "compare_rules"]


RULES = _RULES


def compare_rules(profile: object, options: Iterable[str] | None = None, *, approve_top: int | None = None,
                  score_ballots: object | None = None, min_score: float = 0, max_score: float = 10,
                  borda_unranked: Literal["share", "zero", "reject"] = "share") -> pd.DataFrame:
    """Who wins the same ranked ballots under each rule: one row per rule.

    Parameters
    ----------
    profile : ranked ballots (list of pairs, DataFrame or Profile)
    options : list of str, optional
    approve_top : int, optional
        Add an approval row, each voter approving their top ``approve_top`` ranked options.
    score_ballots : score ballots, optional
        Add a score-voting row from these ballots (scores cannot be read off a ranking).
    min_score, max_score : float
        Scale of ``score_ballots``.
    borda_unranked : {"share", "zero", "reject"}
        How Borda treats incomplete rankings (see :func:`borda`).

    Returns
    -------
    DataFrame
        Columns ``rule``, ``winner`` (None when tied or when there is no Condorcet winner),
        ``winners`` (tied winners joined by ", "), ``tie``, ``decided_by`` ("scores" or
        "rounds") and ``note``.

    Examples
    --------
    >>> compare_rules([("A > B > C", 4), ("B > C > A", 3), ("C > B > A", 2)])[["rule", "winner"]]
                   rule winner
    0         plurality      A
    1         two_round      B
    2    instant_runoff      B
    3             borda      B
    4  condorcet_winner      B
    5          copeland      B
    """
    p = Profile.from_ballots(profile, options)
    results = [plurality(p), two_round(p), instant_runoff(p), borda(p, unranked=borda_unranked),
               condorcet_winner(p), copeland(p)]
    if approve_top is not None:
        results.append(approval(p, top_k=approve_top))
    if score_ballots is not None:
        results.append(score(score_ballots, min_score=min_score, max_score=max_score))
    return pd.DataFrame(
        [{"rule": r.rule, "winner": r.winner, "winners": ", ".join(r.winners), "tie": r.tie,
          "decided_by": "rounds" if r.rounds is not None else "scores", "note": r.note}
         for r in results])
