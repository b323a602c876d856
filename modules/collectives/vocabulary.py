"""The course's words, declared once: sector ids and labels, rule ids and labels.

Two sector vocabularies exist on purpose, because the course's data describe two different
things: the *monitor* sectors of today's citizen collectives (the synthetic monitor panel, KPI
benchmarks) and the *historical* sectors of the case studies (commons, guilds, cooperatives).
Every module and figure takes its labels from here.

Example
-------
>>> SECTOR_LABELS["social_wellbeing"], RULE_LABELS["condorcet_winner"]
('Social well-being', 'Condorcet winner')
>>> SECTORS[:3]
('energy', 'housing', 'care')
"""

from __future__ import annotations

from types import MappingProxyType

__all__ = ["CASE_SECTOR_LABELS", "RULES", "RULE_LABELS", "SECTORS", "SECTOR_LABELS"]

#: Sectors of the monitor panel (the dataset's category order) and how figures name them.
SECTOR_LABELS = MappingProxyType({
    "energy": "Energy", "housing": "Housing", "care": "Care", "social_wellbeing": "Social well-being",
    "food": "Food", "work": "Work", "mobility": "Mobility",
})
SECTORS: tuple[str, ...] = tuple(SECTOR_LABELS)

#: Sectors of the historical case studies (``datasets/cases``).
CASE_SECTOR_LABELS = MappingProxyType({
    "commons": "Commons, water",
    "housing": "Housing",
    "credit_agriculture": "Credit, farming",
    "consumer_food": "Food, shops",
    "energy": "Energy",
    "care_welfare": "Care, welfare",
    "work": "Work",
    "policy": "Law, policy",
    "scholarship": "Research",
})

#: Voting rules: the ids every function, dataset and explorer uses, and their names in words.
RULE_LABELS = MappingProxyType({
    "plurality": "Plurality", "two_round": "Two-round (run-off)", "instant_runoff": "Instant runoff",
    "borda": "Borda count", "condorcet_winner": "Condorcet winner", "copeland": "Copeland",
    "approval": "Approval", "score": "Score",
})
#: The ranked-ballot rules compared side by side (:func:`collectives.governance.voting.compare_rules`).
RULES: tuple[str, ...] = ("plurality", "two_round", "instant_runoff", "borda", "condorcet_winner", "copeland")
