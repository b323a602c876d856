"""Governance and decision-making (deep dive 2): voting rules, consent, and who turns up.

Pure computations — ballots in, small frozen results or tidy DataFrames out.

* :mod:`~collectives.governance.ballots` — ranked, approval and score ballots, checked once;
* :mod:`~collectives.governance.voting` — eight voting rules, the pairwise matrix, Condorcet
  cycles and :func:`compare_rules`;
* :mod:`~collectives.governance.consent` — consent rounds (sociocracy) and a comparison with
  majority voting;
* :mod:`~collectives.governance.participation` — turnout, participation bias, quorum, proxies
  and online voting;
* :mod:`~collectives.governance.textballots` — ballots typed as text ("12: A > B > C");
* :mod:`~collectives.governance.ostrom` — Ostrom's eight design principles as a diagnostic;
* :mod:`~collectives.governance.representation` — how well a board mirrors its members, and term
  limits;
* :mod:`~collectives.governance.legal` — legal forms side by side and a questionnaire
  (orientation, not legal advice);
* :mod:`~collectives.governance.instruments` — the municipality's instruments and a chooser
  (orientation, not legal advice);
* :mod:`~collectives.governance.rulescan` — a collective's rules coded with the institutional
  grammar and read against Ostrom's principles.

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
from collectives.governance.legal import cases_by_form, compare_forms, match_forms
from collectives.governance.ostrom import EXAMPLE_COLLECTIVE, PRINCIPLES, DesignScore, score_design_principles
from collectives.governance.participation import DEFAULT_OPTIONS, AssemblyResult, simulate_assembly
from collectives.governance.representation import board_turnover, gap_by_group, representation_gap
from collectives.governance.textballots import profile_from_text, profile_to_text
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
    "EXAMPLE_COLLECTIVE",
    "PRINCIPLES",
    "DesignScore",
    "board_turnover",
    "cases_by_form",
    "compare_forms",
    "gap_by_group",
    "match_forms",
    "profile_from_text",
    "profile_to_text",
    "representation_gap",
    "score_design_principles",
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
