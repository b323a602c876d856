"""Ostrom's eight design principles as a diagnostic: answers about a collective's rules in,
scores and weak spots out.

Ostrom (1990) found eight design principles in long-enduring, self-governed commons. Used as a
checklist they do not prove that a collective will last; they point at the places in its rules
that are worth a conversation. Each principle is answered on a three-step scale:

* ``"no"`` (0) — the collective's rules do not provide this;
* ``"partly"`` (1) — provided informally, for some members, or only on paper;
* ``"yes"`` (2) — provided, written down and used.

A principle scored 0 or 1 is a *weak spot*. The score is a conversation aid for a collective and
its municipality, not a rating.

Example
-------
>>> answers = {p.key: "yes" for p in PRINCIPLES} | {"monitoring": "no", "sanctions": "partly"}
>>> result = score_design_principles(answers)
>>> result.total, result.maximum, result.weak_spots
(13, 16, ('monitoring', 'sanctions'))
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from collectives.errors import ParameterError

__all__ = ["ANSWER_POINTS", "EXAMPLE_COLLECTIVE", "PRINCIPLES", "DesignPrinciple", "DesignScore",
           "score_design_principles"]

#: The three answers and their points.
ANSWER_POINTS: dict[str, int] = {"no": 0, "partly": 1, "yes": 2}


@dataclass(frozen=True)
class DesignPrinciple:
    """One of Ostrom's (1990) design principles, phrased as a question about a collective's rules.

    ``risk`` says, in the course's words, what can go wrong where the principle is missing: it is
    the reason the principle is on the list, not a measured prediction for any one collective.
    """

    number: int
    key: str
    name: str
    question: str
    risk: str


PRINCIPLES: tuple[DesignPrinciple, ...] = (
    DesignPrinciple(1, "boundaries", "Clearly defined boundaries",
                    "Is it clear who is a member, and what the shared resource or service is?",
                    "non-members use what members pay for; nobody knows whose voice counts"),
    DesignPrinciple(2, "congruence", "Rules fit local conditions; benefits match costs",
                    "Do the rules fit the place and the activity, and do members get benefits in proportion to what they put in?",
                    "members who give much and get little leave; rules copied from elsewhere do not fit"),
    DesignPrinciple(3, "collective_choice", "Collective-choice arrangements",
                    "Can most members affected by the rules take part in changing them?",
                    "rules made by a few lose legitimacy; the board drifts from the members"),
    DesignPrinciple(4, "monitoring", "Monitoring",
                    "Is it checked whether members keep to the rules, by people accountable to the members?",
                    "free riding goes unnoticed until trust breaks"),
    DesignPrinciple(5, "sanctions", "Graduated sanctions",
                    "Do rule-breakers meet consequences that start mild and grow with repetition?",
                    "either nothing happens, or the only step is expulsion, which nobody dares to take"),
    DesignPrinciple(6, "conflict_resolution", "Conflict-resolution mechanisms",
                    "Is there a quick, cheap, known way to settle disputes between members or with the board?",
                    "small conflicts grow into splits or go to court"),
    DesignPrinciple(7, "recognition", "Minimal recognition of rights to organise",
                    "Do outside authorities (municipality, regulators) accept the collective's right to make its own rules?",
                    "outside rules override the collective's own; agreements can be undone from outside"),
    DesignPrinciple(8, "nested", "Nested enterprises",
                    "Where the collective is part of something larger, are tasks organised in layers (groups, federation, umbrella)?",
                    "growth overloads one board; lessons and shocks are not shared with peers"),
)

_BY_KEY = {p.key: p for p in PRINCIPLES}

#: An invented example: the written rules of a fictional neighbourhood energy cooperative
#: ("Zonnedak Oost"), with the answer each rule supports. Used in the chapter and its exercise.
EXAMPLE_COLLECTIVE: dict[str, tuple[str, str]] = {
    "boundaries": ("yes", "Members are households in the postcode area that bought at least one share; the register is public."),
    "congruence": ("partly", "Returns follow shares, but volunteers who run the roof get nothing for their hours."),
    "collective_choice": ("yes", "The general meeting changes the statutes and the house rules; one member, one vote."),
    "monitoring": ("partly", "The treasurer checks payments; nobody checks whether members keep the maintenance rota."),
    "sanctions": ("no", "The statutes only allow expulsion; there is no earlier step."),
    "conflict_resolution": ("no", "Nothing is written down; disputes go to the board, which is often a party to them."),
    "recognition": ("yes", "The municipality signed a covenant recognising the cooperative as owner and operator of the roof."),
    "nested": ("partly", "Member of a regional umbrella, but the cooperative has no working groups: the board does everything."),
}


@dataclass(frozen=True)
class DesignScore:
    """Result of :func:`score_design_principles`.

    ``table`` has one row per principle: ``number``, ``key``, ``principle``, ``answer``,
    ``points`` (0-2), ``weak`` (points below 2), ``question``, ``risk`` and ``evidence`` (the
    rule text the answer rests on, if given). ``weak_spots`` lists the keys of the weak
    principles, in Ostrom's order.
    """

    table: pd.DataFrame
    total: int
    maximum: int
    weak_spots: tuple[str, ...]

    @property
    def share(self) -> float:
        """Points as a share of the maximum (0 to 1)."""
        return self.total / self.maximum


def score_design_principles(answers: Mapping[str, object]) -> DesignScore:
    """Score a collective's rules against Ostrom's eight design principles.

    Parameters
    ----------
    answers : mapping principle key -> answer
        One entry for each of the eight principles (keys in :data:`PRINCIPLES`: "boundaries",
        "congruence", "collective_choice", "monitoring", "sanctions", "conflict_resolution",
        "recognition", "nested"). An answer is "no", "partly" or "yes" (any case), or a pair
        ``(answer, evidence)`` where evidence is the rule text the answer rests on.

    Returns
    -------
    DesignScore

    Raises
    ------
    ParameterError
        When a principle is missing, an unknown principle is given, or an answer is not one of
        "no", "partly", "yes".

    Examples
    --------
    >>> r = score_design_principles(EXAMPLE_COLLECTIVE)
    >>> r.total, r.weak_spots
    (9, ('congruence', 'monitoring', 'sanctions', 'conflict_resolution', 'nested'))
    """
    if not isinstance(answers, Mapping):
        raise ParameterError("answers", answers, "a mapping from principle (e.g. 'monitoring') to 'no', 'partly' or 'yes'")
    unknown = [k for k in answers if k not in _BY_KEY]
    if unknown:
        raise ParameterError("answers", unknown[0], f"one of the principles {', '.join(_BY_KEY)}")
    missing = [p.key for p in PRINCIPLES if p.key not in answers]
    if missing:
        raise ParameterError("answers", f"no answer for {', '.join(missing)}",
                             "an answer ('no', 'partly' or 'yes') for each of the eight principles")
    rows = []
    for p in PRINCIPLES:
        raw = answers[p.key]
        evidence = ""
        if isinstance(raw, tuple) and len(raw) == 2:
            raw, evidence = raw
        answer = raw.strip().lower() if isinstance(raw, str) else raw
        if answer not in ANSWER_POINTS:
            raise ParameterError(f"answer for {p.key!r}", raw, "'no', 'partly' or 'yes'")
        points = ANSWER_POINTS[answer]
        rows.append({"number": p.number, "key": p.key, "principle": p.name, "answer": answer,
                     "points": points, "weak": points < 2, "question": p.question, "risk": p.risk,
                     "evidence": str(evidence)})
    table = pd.DataFrame(rows)
    weak = tuple(table.loc[table["weak"], "key"])
    return DesignScore(table, int(table["points"].sum()), 2 * len(PRINCIPLES), weak)
