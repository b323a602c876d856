"""What every voting rule returns: :class:`VoteResult` (winner, tied winners, scores or rounds,
a note) and, for the rules that eliminate options, its :class:`Round` of counting.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

__all__ = ["Round", "VoteResult"]


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
    >>> from collectives.governance.voting import plurality
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
