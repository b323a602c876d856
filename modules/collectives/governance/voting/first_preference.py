"""Rules that count first preferences: :func:`plurality`, and the two that eliminate options,
:func:`two_round` and :func:`instant_runoff` (which follows every way of breaking a tie for last
place, within :data:`MAX_TIE_STATES` states and :data:`MAX_TIE_WORK` cells).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from collectives.errors import LimitError
from collectives.governance.ballots import Profile
from collectives.governance.voting._common import (
    _first_choices, _number, _pairwise_counts, _result, _scores, _top,
)
from collectives.governance.voting.results import Round, VoteResult

__all__ = ["MAX_TIE_STATES", "instant_runoff", "plurality", "two_round"]


#: The most states (sets of options still in the race) instant runoff examines when following
#: every way of breaking ties for last place.
MAX_TIE_STATES = 5_000
#: The most ranking × option cells those tallies may read together (each tally reads every
#: distinct ranking once): with many options and rankings fewer states are examined.
MAX_TIE_WORK = 4_000_000


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

    When several options tie for last place, every way of eliminating them is followed
    ("parallel universes"); the winners are all options that win along one of those ways. Two
    shortcuts give the same answer without following each way: (1) when the options tied for
    last, together with the next-lowest ones if needed, hold fewer votes *in total* than every
    other option, all of them go out in every way of breaking the tie before any other option,
    and the count afterwards is the same whichever order they left in — so they are eliminated
    together (options with no votes at all are the simplest case); (2) a set of options still in
    the race is not searched when every option in it is already known to be a possible winner.
    The rounds are shown up to the first genuine tie, and ``note`` says whether it mattered.

    Complexity: O(m) rounds of O(B·m) each without a genuine tie. Deciding who can win under
    some way of breaking ties is NP-hard in general (Conitzer, Rognlie and Xia 2009), so the
    search over ties is capped at :data:`MAX_TIE_STATES` sets of remaining options (fewer when
    the ballots are large: at most :data:`MAX_TIE_WORK` cells read in all); beyond it a
    :class:`~collectives.errors.LimitError` says so.

    Examples
    --------
    >>> r = instant_runoff([("A > B > C", 4), ("B > C > A", 3), ("C > B > A", 2)])
    >>> r.winner, [rd.eliminated for rd in r.rounds]
    ('B', [('C',), ()])
    >>> instant_runoff([(["A"], 1), (["B"], 1), (["C"], 1)]).winners
    ('A', 'B', 'C')
    """
    p = Profile.from_ballots(profile, options)
    opts, m = p.options, p.n_options

    def step(active: np.ndarray):
        """Tally; then the winners, or who goes out and whether that is certain (not a genuine tie)."""
        tallies, exhausted = _first_choices(p, active)
        idx = np.flatnonzero(active)
        live = tallies[idx]
        if len(idx) == 1 or live.max() * 2 > live.sum():
            return tallies, exhausted, None, idx[live == live.max()], True
        lowest = idx[live == live.min()]
        if len(lowest) == 1:
            return tallies, exhausted, lowest, None, True
        order = np.argsort(live, kind="stable")
        ranked, total = live[order], np.cumsum(live[order])
        for k in range(len(lowest), len(idx)):
            if total[k - 1] < ranked[k]:
                return tallies, exhausted, idx[order[:k]], None, True
        return tallies, exhausted, lowest, None, False

    active = np.ones(m, dtype=bool)
    rounds: list[Round] = []
    note = ""
    while True:
        tallies, exhausted, out, won, certain = step(active)
        live = {opts[i]: _number(tallies[i]) for i in np.flatnonzero(active)}
        if won is not None:
            rounds.append(Round(len(rounds) + 1, live, exhausted=exhausted))
            winners = {int(i) for i in won}
            break
        if certain:
            rounds.append(Round(len(rounds) + 1, live, tuple(opts[i] for i in out), exhausted))
            active[out] = False
            continue
        tied = tuple(opts[i] for i in out)
        rounds.append(Round(len(rounds) + 1, live, exhausted=exhausted, tied=tied))
        winners = _irv_possible_winners(step, active, out, m, max(1, min(MAX_TIE_STATES, MAX_TIE_WORK // p.rankings.size)))
        names = ", ".join(opts[i] for i in sorted(winners))
        note = (f"in round {len(rounds)}, {', '.join(tied)} tied for last place; every way of "
                f"eliminating them was followed, and {names} "
                + ("wins whichever goes out" if len(winners) == 1 else "can each win, depending on who goes out"))
        break
    return _result("instant_runoff", opts, [opts[i] for i in winners], p.n_ballots, rounds=rounds, note=note)


def _irv_possible_winners(step, active: np.ndarray, tied: np.ndarray, m: int, cap: int) -> set[int]:
    """Every option that wins along some way of breaking the ties, by a bounded depth-first search.

    The stack holds (set of options in the race, options still to eliminate from it): children
    are made one at a time, so a wide tie costs no memory up front.
    """
    known: set[int] = set()
    seen: set[frozenset[int]] = set()
    stack: list[tuple[frozenset[int], list[int]]] = [
        (frozenset(int(i) for i in np.flatnonzero(active)), [int(i) for i in tied[::-1]])]
    while stack:
        parent, pending = stack[-1]
        if not pending:
            stack.pop()
            continue
        key = parent - {pending.pop()}
        if key in seen or key <= known:
            continue
        seen.add(key)
        if len(seen) > cap:
            raise LimitError(
                f"Instant runoff met ties for last place that can be broken in too many ways: following them "
                f"needs more than {cap:,} recounts, the limit for these ballots. Break the tie by a rule agreed "
                "beforehand (e.g. by lot), or use a rule without eliminations (Borda, Copeland).")
        mask = np.zeros(m, dtype=bool)
        mask[list(key)] = True
        _, _, out, won, certain = step(mask)
        if won is not None:
            known.update(int(i) for i in won)
        elif certain:  # all of ``out`` go, whatever the order: one child
            stack.append((key - {int(i) for i in out[1:]}, [int(out[0])]))
        else:
            stack.append((key, [int(i) for i in out[::-1]]))
    return known
