"""Rules built on pairwise majorities: the :func:`pairwise_matrix`, the :func:`condorcet_winner`,
:func:`copeland` and the majority :func:`condorcet_cycles`.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from collectives.cycles import simple_cycles
from collectives.governance.ballots import Profile
from collectives.governance.voting._common import _pairwise_counts, _result, _scores, _top
from collectives.governance.voting.results import VoteResult
from collectives.validate import integer

__all__ = ["condorcet_cycles", "condorcet_winner", "copeland", "pairwise_matrix"]


def pairwise_matrix(profile: object, options: Iterable[str] | None = None) -> pd.DataFrame:
    """Head-to-head counts: cell (row a, column b) = ballots that rank a above b.

    Examples
    --------
    >>> pairwise_matrix([("A > B > C", 4), ("B > C > A", 3), ("C > B > A", 2)])
       A  B  C
    A  0  4  4
    B  5  0  7
    C  5  2  0
    """
    p = Profile.from_ballots(profile, options)
    return pd.DataFrame(_pairwise_counts(p), index=list(p.options), columns=list(p.options))


def _beats(p: Profile) -> tuple[np.ndarray, np.ndarray]:
    m = _pairwise_counts(p)
    ties = (m == m.T) & ~np.eye(p.n_options, dtype=bool)
    return m > m.T, ties


def condorcet_winner(profile: object, options: Iterable[str] | None = None) -> VoteResult:
    """The Condorcet winner: the option that beats every other option head to head.

    ``scores`` holds the number of head-to-head wins. When no option beats all others, ``winner``
    is None; ``winners`` then lists the options that beat or tie every other (weak Condorcet
    winners, reported as a tie), or is empty when the majority preference runs in a cycle (see
    :func:`condorcet_cycles`).

    Examples
    --------
    >>> condorcet_winner([("A > B > C", 4), ("B > C > A", 3), ("C > B > A", 2)]).winner
    'B'
    >>> condorcet_winner([("A > B > C", 1), ("B > C > A", 1), ("C > A > B", 1)]).winners
    ()
    """
    p = Profile.from_ballots(profile, options)
    wins, ties = _beats(p)
    count = wins.sum(axis=1)
    strict = [p.options[i] for i in np.flatnonzero(count == p.n_options - 1)]
    if strict:
        return _result("condorcet_winner", p.options, strict, p.n_ballots, scores=_scores(p.options, count))
    weak = [p.options[i] for i in np.flatnonzero((wins | ties).sum(axis=1) == p.n_options - 1)]
    if weak:
        return _result("condorcet_winner", p.options, weak, p.n_ballots, scores=_scores(p.options, count),
                       tie=True, note="no option beats every other: these tie head to head with at least one option and beat the rest")
    return _result("condorcet_winner", p.options, [], p.n_ballots, scores=_scores(p.options, count), tie=False,
                   note="no Condorcet winner: the majority preference runs in a cycle (see condorcet_cycles)")


def copeland(profile: object, options: Iterable[str] | None = None) -> VoteResult:
    """Copeland: one point per head-to-head win, half a point per head-to-head tie; most points wins.

    Picks the Condorcet winner whenever there is one.

    Examples
    --------
    >>> copeland([("A > B > C", 4), ("B > C > A", 3), ("C > B > A", 2)]).scores
    {'A': 0, 'B': 2, 'C': 1}
    """
    p = Profile.from_ballots(profile, options)
    wins, ties = _beats(p)
    points = wins.sum(axis=1) + 0.5 * ties.sum(axis=1)
    return _result("copeland", p.options, _top(p.options, points), p.n_ballots, scores=_scores(p.options, points))


def condorcet_cycles(profile: object, options: Iterable[str] | None = None,
                     max_cycles: int = 1000) -> list[tuple[str, ...]]:
    """The cycles in the majority preference ("A beats B, B beats C, C beats A").

    Each cycle is a tuple of options, each beating the next head to head, the last beating the
    first; it starts at its first option in the profile's option order. Shortest cycles first;
    at most ``max_cycles`` are returned (the first found, then sorted). The search is bounded
    (:mod:`collectives.cycles`): a majority graph too densely cyclic to search within
    :data:`collectives.cycles.DEFAULT_MAX_STEPS` steps raises a
    :class:`~collectives.errors.LimitError`. Complexity: O(options² · ballots) for the pairwise
    counts, then at most the step limit. An empty list means the majority preference has no
    cycle (a pairwise tie is not a win, so it does not close a cycle).

    Examples
    --------
    >>> condorcet_cycles([("Rock > Scissors > Paper", 1), ("Scissors > Paper > Rock", 1), ("Paper > Rock > Scissors", 1)])
    [('Paper', 'Rock', 'Scissors')]
    """
    max_cycles = integer("max_cycles", max_cycles, min=1, max=100_000)
    p = Profile.from_ballots(profile, options)
    wins, _ = _beats(p)
    successors = [[(int(j), None) for j in np.flatnonzero(wins[i])] for i in range(p.n_options)]
    found = [nodes for nodes, _ in simple_cycles(successors, max_cycles=max_cycles, truncate=True,
                                                 what="majority cycles")]
    return [tuple(p.options[i] for i in c) for c in found[:max_cycles]]
