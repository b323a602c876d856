"""Ballots in, checked and counted once: ranked profiles, approval ballots and score ballots.

Every voting rule in :mod:`collectives.governance` accepts the ballots in the forms a course
participant is likely to have at hand, and turns them into one of three small containers:

``Profile``
    Ranked ballots. Given as a list of ``(ranking, count)`` pairs, where a ranking is a
    sequence of option names, most preferred first (or one string such as ``"A > B > C"``),
    or as a pandas DataFrame with one row per ballot in one of two layouts:

    * a column ``ranking`` holding strings such as ``"Solar > Wind > Heat"``, or
    * columns ``rank_1``, ``rank_2``, ... ``rank_k`` holding an option name each (an empty
      cell means "not ranked"; empty cells may only come after the last ranked option);

    and in both layouts an optional ``count`` column (how many identical ballots the row
    stands for; 1 when there is no such column).

``ApprovalBallots``
    Which options each voter approves of: ``(approved, count)`` pairs, where ``approved`` is a
    set/list of option names or a string ``"A, B"``; or a DataFrame with a column ``approved``
    (``"A, B"``), or one column per option holding 1/0 or True/False (empty = not approved);
    optional ``count`` column.

``ScoreBallots``
    A score per option: ``(scores, count)`` pairs with ``scores`` a mapping option -> score;
    or a DataFrame with one column per option holding the scores (empty = not scored, which
    counts as the lowest score); optional ``count`` column.

Identical ballots are counted together first, so a profile of 10,000 individual ballots over a
handful of options is held as a few hundred distinct rankings with counts.

Option names are compared after Unicode normalisation (NFC) with zero-width characters removed
and spaces trimmed (:func:`collectives.validate.normalise_text`): "Café" typed in two ways is one
option. Counts above :data:`MAX_BALLOTS`, more than :data:`MAX_OPTIONS` options or a profile of
more than :data:`MAX_CELLS` cells are refused before any table is built.

Problems with a ballot raise :class:`~collectives.errors.BallotError` naming the ballot
("ballot 3", or "the ballot in row 17" for a DataFrame, by its index label) and its content.
"""

from __future__ import annotations

from collectives.governance.ballots._common import MAX_BALLOTS, MAX_CELLS, MAX_OPTIONS
from collectives.governance.ballots.approval import ApprovalBallots
from collectives.governance.ballots.ranked import Profile
from collectives.governance.ballots.scores import ScoreBallots

__all__ = [
    "MAX_BALLOTS",
    "MAX_CELLS",
    "MAX_OPTIONS",
    "ApprovalBallots",
    "Profile",
    "ScoreBallots",
]
