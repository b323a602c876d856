"""Governance and decision-making (deep dive 2): voting rules, consent, and who turns up.

Pure computations — ballots in, small frozen results or tidy DataFrames out.

* :mod:`~collectives.governance.ballots` — ranked, approval and score ballots, checked once;
* :mod:`~collectives.governance.voting` — eight voting rules, the pairwise matrix, Condorcet
  cycles and :func:`compare_rules`;
* :mod:`~collectives.governance.consent` — consent rounds (sociocracy) and a comparison with
  majority voting;
* :mod:`~collectives.governance.participation` — turnout, participation bias, quorum, proxies
  and online voting.

Example
-------
>>> from collectives import governance as gov
>>> tennessee = [("Memphis > Nashville > Chattanooga > Knoxville", 42),
...              ("Nashville > Chattanooga > Knoxville > Memphis", 26),
...              ("Chattanooga > Knoxville > Nashville > Memphis", 15),
...              ("Knoxville > Chattanooga > Nashville > Memphis", 17)]
>>> gov.plurality(tennessee).winner, gov.instant_runoff(tennessee).winner, gov.borda(tennessee).winner
('Memphis', 'Knoxville', 'Nashville')
"""

from collectives.governance.ballots import ApprovalBallots, Profile, ScoreBallots
from collectives.governance.consent import (
    ConsentResult,
    compare_consent_and_vote,
    consent_round,
    simulate_consent,
)
from collectives.governance.participation import DEFAULT_OPTIONS, AssemblyResult, simulate_assembly
from collectives.governance.voting import (
    Round,
    VoteResult,
    approval,
    borda,
    compare_rules,
    condorcet_cycles,
    condorcet_winner,
    copeland,
    instant_runoff,
    pairwise_matrix,
    plurality,
    score,
    two_round,
)

__all__ = [
    "DEFAULT_OPTIONS",
    "ApprovalBallots",
    "AssemblyResult",
    "ConsentResult",
    "Profile",
    "Round",
    "ScoreBallots",
    "VoteResult",
    "approval",
    "borda",
    "compare_consent_and_vote",
    "compare_rules",
    "condorcet_cycles",
    "condorcet_winner",
    "consent_round",
    "copeland",
    "instant_runoff",
    "pairwise_matrix",
    "plurality",
    "score",
    "simulate_assembly",
    "simulate_consent",
    "two_round",
]
