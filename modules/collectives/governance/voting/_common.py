"""Helpers shared by the voting rules: building a result, the options with the top value, scores
as plain numbers, the first choices among the options still in the race, and the pairwise
counts computed in blocks of bounded memory (refused above :data:`MAX_PAIRWISE_WORK`).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from collectives.errors import LimitError
from collectives.governance.ballots import Profile
from collectives.governance.voting.results import Round, VoteResult

__all__ = ["MAX_PAIRWISE_WORK"]


#: The most ranking × option × option comparisons the pairwise counts may take (about a second).
MAX_PAIRWISE_WORK = 300_000_000
_BLOCK_CELLS = 4_000_000


def _number(x: float) -> int | float:
    x = float(x)
    return int(x) if x.is_integer() else x


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


def _pairwise_counts(p: Profile) -> np.ndarray:
    """``m[a, b]`` = ballots ranking a above b (a ranked option is above every unranked one)."""
    m = p.n_options
    work = len(p.counts) * m * m
    if work > MAX_PAIRWISE_WORK:
        raise LimitError(f"Comparing {m} options head to head on {len(p.counts):,} different rankings takes "
                         f"{work:,} comparisons, more than the limit of {MAX_PAIRWISE_WORK:,}: "
                         "count fewer options or a sample of the ballots.")
    pos = p.positions()
    pos = np.where(pos < 0, m, pos)
    out = np.zeros((m, m), dtype=np.int64)
    block = max(1, _BLOCK_CELLS // max(m * m, 1))
    for start in range(0, len(pos), block):
        part = pos[start:start + block]
        above = part[:, :, None] < part[:, None, :]
        out += np.tensordot(p.counts[start:start + block], above, axes=1).astype(np.int64)
    return out
