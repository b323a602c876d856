"""Voting rules side by side: who wins the same ballots under eight different rules.

Every rule takes ranked ballots in any form :class:`~collectives.governance.ballots.Profile`
accepts (a list of ``(ranking, count)`` pairs or a DataFrame of individual ballots), except
:func:`approval` and :func:`score`, which also take their own ballot forms. Every rule returns a
:class:`VoteResult`: ``winner`` (None when tied), ``winners`` (all tied winners), ``tie``, and
what the decision rests on — ``scores`` (option -> points) or ``rounds`` (tallies per round).

Ties are always reported, never broken silently. Rules that eliminate options (two-round,
instant runoff) and meet a tie for who goes out follow *every* way of breaking it, and report
as winners every option that wins under one of them; when all ways give the same winner there is
no tie, and the result's ``note`` says a tie was met and did not matter.

Incomplete rankings (a ballot that ranks only some options) are accepted by every rule:

* plurality, two-round, instant runoff: a ballot counts for its highest-ranked option still in
  the race; when none of its options is left it is *exhausted* and no longer counted;
* Borda: ranked options get the usual points; the unranked options share the points that are
  left equally (``unranked="share"``, the default), get nothing (``"zero"``), or the ballot is
  refused (``"reject"``);
* Condorcet, Copeland and the pairwise matrix: a ranked option is preferred to every unranked
  one; two unranked options count as no preference;
* approval from rankings: the top ``top_k`` ranked options (fewer if fewer are ranked).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from collectives.errors import BallotError, ParameterError
from collectives.governance.ballots import ApprovalBallots, Profile, ScoreBallots

__all__ = [
    "Round",
    "VoteResult",
    "approval",
    "borda",
    "compare_rules",
    "condorcet_cycles",
    "condorcet_winner",
    "copeland",
    "instant_runoff",
    "pairwise_matrix",
    "plurality",
    "score",
    "two_round",
]


def _number(x: float) -> int | float:
    x = float(x)
    return int(x) if x.is_integer() else x


@dataclass(frozen=True)
class Round:
    """One round of counting in a rule that eliminates options.

    ``tallies`` are the votes of the options still in the race; ``exhausted`` the ballots with
    no option left; ``eliminated`` who goes out after this round; ``tied`` the options the count
    could not separate (for last place, or for a place in the run-off), if any.
    """

    number: int
    tallies: dict[str, int | float]
    eliminated: tuple[str, ...] = ()
    exhausted: int = 0
    tied: tuple[str, ...] = ()


@dataclass(frozen=True)
class VoteResult:
    """The outcome of one voting rule on one set of ballots.

    Examples
    --------
    >>> r = plurality([(["A", "B"], 3), (["B", "A"], 3)])
    >>> r.winner, r.winners, r.tie, r.scores
    (None, ('A', 'B'), True, {'A': 3, 'B': 3})
    """

    rule: str
    winner: str | None
    winners: tuple[str, ...]
    tie: bool
    scores: dict[str, int | float] | None = None
    rounds: tuple[Round, ...] | None = None
    note: str = ""
    n_ballots: int = 0

    def table(self) -> pd.DataFrame:
        """Scores as one row per option, or rounds as one row per option per round."""
        if self.scores is not None:
            return pd.DataFrame({"option": list(self.scores), "score": list(self.scores.values())})
        rows = [{"round": r.number, "option": o, "votes": v, "eliminated": o in r.eliminated}
                for r in self.rounds or () for o, v in r.tallies.items()]
        return pd.DataFrame(rows, columns=["round", "option", "votes", "eliminated"])


def _result(rule: str, options: tuple[str, ...], winners: Iterable[str], n_ballots: int, *,
            scores: dict | None = None, rounds: list[Round] | None = None, note: str = "",
            tie: bool | None = None) -> VoteResult:
    order = {o: i for i, o in enumerate(options)}
    winners = tuple(sorted(set(winners), key=order.__getitem__))
    tie = len(winners) > 1 if tie is None else tie
    return VoteResult(rule, winners[0] if len(winners) == 1 and not tie else None, winners, tie,
                      scores, tuple(rounds) if rounds is not None else None, note, n_ballots)


def _top(options: tuple[str, ...], values: np.ndarray, among: np.ndarray | None = None) -> list[str]:
    """Options with the highest value (among a mask of options, if given)."""
    idx = np.arange(len(options)) if among is None else np.flatnonzero(among)
    best = values[idx].max()
    return [options[i] for i in idx if values[i] == best]


def _scores(options: tuple[str, ...], values: np.ndarray) -> dict[str, int | float]:
    return {o: _number(v) for o, v in zip(options, values)}


# ---- plurality-style counting -------------------------------------------------------------------
def _first_choices(p: Profile, active: np.ndarray) -> tuple[np.ndarray, int]:
    """Votes per option for the highest-ranked active option on each ballot, and the exhausted."""
    valid = p.rankings >= 0
    alive = np.zeros(p.rankings.shape, dtype=bool)
    alive[valid] = active[p.rankings[valid]]
    has = alive.any(axis=1)
    top = p.rankings[np.arange(len(p.rankings)), alive.argmax(axis=1)]
    tallies = np.bincount(top[has], weights=p.counts[has], minlength=p.n_options)
    return tallies, int(p.counts[~has].sum())


def plurality(profile: object, options: Iterable[str] | None = None) -> VoteResult:
    """Plurality ("first past the post"): the option with the most first preferences wins.

    Parameters
    ----------
    profile : list of (ranking, count) pairs, DataFrame or Profile
        Ranked ballots (see :mod:`collectives.governance.ballots`); only first preferences count.
    options : list of str, optional
        The options on the ballot; needed to show options nobody ranked first.

    Returns
    -------
    VoteResult
        ``scores`` holds the first preferences per option (they add up to the number of ballots).

    Examples
    --------
    >>> plurality([("A > B > C", 4), ("B > C > A", 3), ("C > B > A", 2)]).winner
    'A'
    """
    p = Profile.from_ballots(profile, options)
    tallies, _ = _first_choices(p, np.ones(p.n_options, dtype=bool))
    return _result("plurality", p.options, _top(p.options, tallies), p.n_ballots,
                   scores=_scores(p.options, tallies))


def _pairwise_counts(p: Profile) -> np.ndarray:
    """``m[a, b]`` = ballots ranking a above b (a ranked option is above every unranked one)."""
    pos = p.positions()
    pos = np.where(pos < 0, p.n_options, pos)
    above = pos[:, :, None] < pos[:, None, :]
    return np.tensordot(p.counts, above, axes=1).astype(np.int64)


def two_round(profile: object, options: Iterable[str] | None = None) -> VoteResult:
    """Two-round system: a majority of first preferences wins at once; otherwise the top two
    meet in a run-off, decided here from the same ranked ballots (the "contingent vote").

    A ballot counts in the run-off for whichever finalist it ranks higher; a ballot ranking
    neither finalist is exhausted. When a tie makes it unclear who reaches the run-off, every
    possible run-off is counted and the winners of all of them are reported.

    Examples
    --------
    >>> r = two_round([("A > B > C", 4), ("B > C > A", 3), ("C > B > A", 2)])
    >>> r.winner, [rd.tallies for rd in r.rounds]
    ('B', [{'A': 4, 'B': 3, 'C': 2}, {'A': 4, 'B': 5}])
    """
    p = Profile.from_ballots(profile, options)
    opts, n = p.options, p.n_ballots
    first, _ = _first_choices(p, np.ones(p.n_options, dtype=bool))
    round1 = _scores(opts, first)
    leaders = _top(opts, first)
    if len(leaders) == 1 and first.max() * 2 > n:
        return _result("two_round", opts, leaders, n, rounds=[Round(1, round1)],
                       note="won outright with a majority of first preferences")
    index = {o: i for i, o in enumerate(opts)}
    if len(leaders) >= 2:
        candidates = leaders
        pairs = [(a, b) for i, a in enumerate(leaders) for b in leaders[i + 1:]]
    else:
        rest = np.ones(len(opts), dtype=bool)
        rest[index[leaders[0]]] = False
        seconds = _top(opts, first, rest)
        candidates = leaders + seconds
        pairs = [(leaders[0], s) for s in seconds]
    m = _pairwise_counts(p)
    winners: set[str] = set()
    for a, b in pairs:
        va, vb = m[index[a], index[b]], m[index[b], index[a]]
        winners |= {a} if va > vb else {b} if vb > va else {a, b}
    if len(pairs) == 1:
        a, b = pairs[0]
        va, vb = m[index[a], index[b]], m[index[b], index[a]]
        rounds = [Round(1, round1, tuple(o for o in opts if o not in pairs[0])),
                  Round(2, {a: int(va), b: int(vb)}, exhausted=int(n - va - vb))]
        return _result("two_round", opts, winners, n, rounds=rounds)
    note = (f"tie for a place in the run-off between {', '.join(candidates)}: every possible "
            f"run-off was counted ({'; '.join(f'{a} v {b}' for a, b in pairs)})")
    return _result("two_round", opts, winners, n, rounds=[Round(1, round1, tied=tuple(candidates))],
                   note=note)


def instant_runoff(profile: object, options: Iterable[str] | None = None) -> VoteResult:
    """Instant runoff (IRV, alternative vote): eliminate the option with the fewest votes and
    pass its ballots on to their next choice, until one option has a majority of the ballots
    still in play.

    Options with no votes at all are eliminated together (this never changes the outcome). When
    several options tie for last place, every way of eliminating them is followed; the winners
    are all options that win along one of those ways. The rounds are shown up to the first such
    tie, and ``note`` says whether the tie mattered.

    Examples
    --------
    >>> r = instant_runoff([("A > B > C", 4), ("B > C > A", 3), ("C > B > A", 2)])
    >>> r.winner, [rd.eliminated for rd in r.rounds]
    ('B', [('C',), ()])
    """
    p = Profile.from_ballots(profile, options)
    opts, m = p.options, p.n_options
    memo: dict[frozenset[int], frozenset[int]] = {}

    def step(active: np.ndarray):
        """Tally; then either the winner, or who goes out (and whether that is a safe batch)."""
        tallies, exhausted = _first_choices(p, active)
        idx = np.flatnonzero(active)
        live = tallies[idx]
        if len(idx) == 1 or live.max() * 2 > live.sum():
            return tallies, exhausted, None, idx[live == live.max()], False
        if live.max() > 0 and (live == 0).any():
            return tallies, exhausted, idx[live == 0], None, True
        return tallies, exhausted, idx[live == live.min()], None, False

    def solve(key: frozenset[int]) -> frozenset[int]:
        if key not in memo:
            active = np.zeros(m, dtype=bool)
            active[list(key)] = True
            _, _, out, won, batch = step(active)
            if won is not None:
                memo[key] = frozenset(int(i) for i in won)
            elif len(out) == 1 or batch:
                memo[key] = solve(key - {int(i) for i in out})
            else:
                memo[key] = frozenset().union(*(solve(key - {int(i)}) for i in out))
        return memo[key]

    active = np.ones(m, dtype=bool)
    rounds: list[Round] = []
    note = ""
    while True:
        tallies, exhausted, out, won, batch = step(active)
        live = {opts[i]: _number(tallies[i]) for i in np.flatnonzero(active)}
        if won is not None:
            rounds.append(Round(len(rounds) + 1, live, exhausted=exhausted))
            winners = frozenset(int(i) for i in won)
            break
        if len(out) == 1 or batch:
            rounds.append(Round(len(rounds) + 1, live, tuple(opts[i] for i in out), exhausted))
            active[out] = False
            continue
        tied = tuple(opts[i] for i in out)
        rounds.append(Round(len(rounds) + 1, live, exhausted=exhausted, tied=tied))
        key = frozenset(int(i) for i in np.flatnonzero(active))
        winners = frozenset().union(*(solve(key - {int(i)}) for i in out))
        names = ", ".join(opts[i] for i in sorted(winners))
        note = (f"in round {len(rounds)}, {', '.join(tied)} tied for last place; every way of "
                f"eliminating them was followed, and {names} "
                + ("wins whichever goes out" if len(winners) == 1 else "can each win, depending on who goes out"))
        break
    return _result("instant_runoff", opts, [opts[i] for i in winners], p.n_ballots, rounds=rounds, note=note)


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
    if unranked not in ("share", "zero", "reject"):
        raise ParameterError("unranked", unranked, "'share', 'zero' or 'reject'")
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
    at most ``max_cycles`` are returned. An empty list means the majority preference has no
    cycle (a pairwise tie is not a win, so it does not close a cycle).

    Examples
    --------
    >>> condorcet_cycles([("Rock > Scissors > Paper", 1), ("Scissors > Paper > Rock", 1), ("Paper > Rock > Scissors", 1)])
    [('Paper', 'Rock', 'Scissors')]
    """
    if isinstance(max_cycles, bool) or not isinstance(max_cycles, int) or max_cycles < 1:
        raise ParameterError("max_cycles", max_cycles, "a whole number of 1 or more")
    p = Profile.from_ballots(profile, options)
    wins, _ = _beats(p)
    found: list[tuple[int, ...]] = []
    for start in range(p.n_options):
        stack = [(start, [start])]
        while stack and len(found) < max_cycles:
            node, path = stack.pop()
            for nxt in np.flatnonzero(wins[node])[::-1]:
                nxt = int(nxt)
                if nxt == start and len(path) > 1:
                    found.append(tuple(path))
                elif nxt > start and nxt not in path:
                    stack.append((nxt, path + [nxt]))
    found.sort(key=lambda c: (len(c), c))
    return [tuple(p.options[i] for i in c) for c in found[:max_cycles]]


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


RULES = ("plurality", "two_round", "instant_runoff", "borda", "condorcet_winner", "copeland")


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
