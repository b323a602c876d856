"""Rules that add up points: :func:`borda` from rankings, :func:`approval` from approval ballots
(or the top options of rankings) and :func:`score` from score ballots.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

import numpy as np

from collectives.errors import BallotError, ParameterError
from collectives.governance.ballots import ApprovalBallots, Profile, ScoreBallots
from collectives.governance.voting._common import _result, _scores, _top
from collectives.governance.voting.results import VoteResult
from collectives.validate import choice

__all__ = ["approval", "borda", "score"]


def borda(profile: object, options: Iterable[str] | None = None,
          unranked: Literal["share", "zero", "reject"] = "share") -> VoteResult:
    """Borda count: with m options, a ballot gives m-1 points to its first choice, m-2 to its
    second, ... and 0 to its last; most points wins.

    Parameters
    ----------
    profile : list of (ranking, count) pairs, DataFrame or Profile
    options : list of str, optional
    unranked : {"share", "zero", "reject"}
        What options left off a ballot get: an equal share of the points that are left (so every
        ballot hands out the same total, m(m-1)/2), nothing, or the ballot is refused with a
        :class:`~collectives.errors.BallotError`. A ballot leaving off only one option is complete.

    Examples
    --------
    >>> borda([("A > B > C", 4), ("B > C > A", 3), ("C > B > A", 2)]).scores
    {'A': 8, 'B': 12, 'C': 7}
    """
    choice("unranked", unranked, ("share", "zero", "reject"), expected="'share', 'zero' or 'reject'")
    p = Profile.from_ballots(profile, options)
    m = p.n_options
    lengths = p.lengths
    if unranked == "reject" and (lengths < m - 1).any():
        u = int(np.flatnonzero(lengths < m - 1)[0])
        raise BallotError(p.sources[u], p.to_frame()["ranking"][u],
                          f"it ranks {lengths[u]} of the {m} options and Borda was asked to refuse incomplete rankings",
                          f"a ranking of all {m} options ({', '.join(p.options)}), or unranked='share'")
    pos = p.positions()
    left = m - lengths
    share = (left - 1) / 2 if unranked == "share" else np.zeros(len(lengths))
    points = np.where(pos >= 0, m - 1 - pos, share[:, None])
    totals = p.counts @ points
    note = "" if p.is_complete else f"incomplete rankings: unranked options {'share the points left' if unranked == 'share' else 'get 0 points'}"
    return _result("borda", p.options, _top(p.options, totals), p.n_ballots,
                   scores=_scores(p.options, totals), note=note)


def approval(ballots: object, options: Iterable[str] | None = None, top_k: int | None = None) -> VoteResult:
    """Approval voting: each voter approves of any number of options; most approvals wins.

    Parameters
    ----------
    ballots : approval ballots, or ranked ballots when ``top_k`` is given
        Approval ballots as :class:`~collectives.governance.ballots.ApprovalBallots` accepts
        them (``[({"A", "B"}, 12), ...]`` or a DataFrame). With ``top_k``, ranked ballots in any
        form :func:`plurality` accepts.
    options : list of str, optional
    top_k : int, optional
        Turn rankings into approvals: each voter approves their top ``top_k`` ranked options.
        Must be stated explicitly — how many options people approve changes the outcome.

    Examples
    --------
    >>> approval([({"A"}, 4), ({"B", "C"}, 3), ({"C", "B"}, 2)]).scores
    {'A': 4, 'B': 5, 'C': 5}
    >>> approval([("A > B > C", 4), ("B > C > A", 3), ("C > B > A", 2)], top_k=2).winner
    'B'
    """
    if top_k is not None:
        if isinstance(top_k, bool) or not isinstance(top_k, (int, np.integer)) or top_k < 1:
            raise ParameterError("top_k", top_k, "a whole number of 1 or more: how many top-ranked options each voter approves")
        p = Profile.from_ballots(ballots, options)
        pos = p.positions()
        approved = (pos >= 0) & (pos < top_k)
        counts, opts, n = p.counts, p.options, p.n_ballots
        note = f"each voter approves their top {top_k} ranked option{'s' if top_k != 1 else ''}"
    else:
        a = ApprovalBallots.from_ballots(ballots, options)
        approved, counts, opts, n, note = a.approvals, a.counts, a.options, int(a.counts.sum()), ""
    totals = counts @ approved.astype(np.int64)
    return _result("approval", opts, _top(opts, totals), n, scores=_scores(opts, totals), note=note)


def score(ballots: object, options: Iterable[str] | None = None,
          min_score: float = 0, max_score: float = 10) -> VoteResult:
    """Score (range) voting: each voter gives every option a score; the highest total wins.

    Parameters
    ----------
    ballots : score ballots
        ``[({"A": 9, "B": 3}, 12), ...]`` or a DataFrame with one column per option (see
        :class:`~collectives.governance.ballots.ScoreBallots`). An option a ballot does not
        score gets ``min_score``.
    options : list of str, optional
    min_score, max_score : float
        The score scale, e.g. 0 to 10. Scores outside it are refused.

    Examples
    --------
    >>> score([({"A": 10, "B": 6, "C": 0}, 4), ({"B": 10, "C": 8, "A": 0}, 3), ({"C": 10, "B": 7}, 2)]).scores
    {'A': 40, 'B': 68, 'C': 44}
    """
    s = ScoreBallots.from_ballots(ballots, options, min_score, max_score)
    totals = s.counts @ s.scores
    return _result("score", s.options, _top(s.options, totals), int(s.counts.sum()),
                   scores=_scores(s.options, totals), note=f"scores from {min_score} to {max_score}; totals shown")
