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

Complexity, for B distinct rankings of m options (identical ballots are counted together):
plurality, Borda, approval and score O(B·m); two-round O(B·m²) (the pairwise counts);
instant runoff O(m · B·m) without ties, and with ties for last place at most
:data:`MAX_TIE_STATES` tallies (see :func:`instant_runoff`); Condorcet, Copeland and the
pairwise matrix O(B·m²) time in blocks of bounded memory, refused above :data:`MAX_PAIRWISE_WORK`;
cycles bounded as in :mod:`collectives.cycles`.

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

from collectives.governance.voting._common import MAX_PAIRWISE_WORK
from collectives.governance.voting.comparison import RULES, compare_rules
from collectives.governance.voting.condorcet import (
    condorcet_cycles, condorcet_winner, copeland, pairwise_matrix,
)
from collectives.governance.voting.first_preference import (
    MAX_TIE_STATES, MAX_TIE_WORK, instant_runoff, plurality, two_round,
)
from collectives.governance.voting.results import Round, VoteResult
from collectives.governance.voting.scoring import approval, borda, score

__all__ = [
    "MAX_PAIRWISE_WORK",
    "MAX_TIE_STATES",
    "RULES",
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
