"""Explorers for deep dive 2 (governance), one declaration each (:mod:`collectives.explorer`).

* :func:`voting_explorer` — the prepared assemblies (live: your own ballots), who wins under each rule;
* :func:`turnout_explorer` — meeting turnout, quorum, proxies and online voting (300 members, 30 runs);
* :func:`principles_explorer` — Ostrom's eight questions for invented collectives (live: your own answers);
* :func:`term_limit_explorer` — how a term limit renews a board;
* :func:`legal_form_explorer` — the legal-form questionnaire (orientation, not legal advice).

Example
-------
>>> from collectives import data
>>> box = voting_explorer(data.load("ballots")).widget()
>>> box.render(text="options: A, B\\n2: A > A") is None      # a bad ballot: a message, no figure
True
>>> "more than once" in box.message.value
True
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from collectives.errors import ParameterError
from collectives.explorer import Choice, Explorer, Number, Text
from collectives.figures.governance import (
    legal_fit_figure,
    principle_scores_chart,
    term_limit_figure,
    turnout_view,
    winners_figure,
)
from collectives.governance import (
    EXAMPLE_COLLECTIVE,
    PRINCIPLES,
    Profile,
    board_turnover,
    compare_rules,
    match_forms,
    profile_from_text,
    score_design_principles,
    simulate_assembly,
)
from collectives.governance.legal import QUESTIONS

__all__ = ["ASSEMBLY", "example_assemblies", "legal_form_explorer", "principles_explorer", "term_limit_explorer",
           "turnout_explorer", "voting_explorer"]

#: The simulated collective of the turnout explorer, as the chapter describes it.
ASSEMBLY = {"n_members": 300, "n_runs": 30, "seed": 1, "status_quo": "reinvest 25%"}


def example_assemblies(ballots: pd.DataFrame) -> dict[str, Profile]:
    """The prepared assemblies of the synthetic ``ballots`` dataset, as the chapter names them."""
    def group(name: str, attended_only: bool = False) -> pd.DataFrame:
        rows = ballots[ballots["group"] == name]
        return (rows[rows["attended"]] if attended_only else rows)[["ranking"]]

    profiles = {"rules_disagree": group("rules_disagree"), "condorcet_cycle": group("condorcet_cycle"),
                "turnout: all members": group("turnout"), "turnout: those who attended": group("turnout", True),
                "consensus": group("consensus")}
    return {f"{name} ({len(rows)} ballots)": Profile.from_ballots(rows) for name, rows in profiles.items()}


def voting_explorer(ballots: pd.DataFrame) -> Explorer:
    """The winner under each rule for a prepared assembly, or (live) for ballots you type."""
    examples = example_assemblies(ballots)

    def compute(assembly: str, approve_top: int, text: str) -> tuple[Profile, pd.DataFrame, bool]:
        profile = profile_from_text(text) if text.strip() else examples[assembly]
        if approve_top > profile.n_options:
            raise ParameterError("approval: each voter approves their top", approve_top,
                                 f"at most the number of options ({profile.n_options})")
        return profile, compare_rules(profile, approve_top=approve_top), not text.strip()

    return Explorer(
        "voting", "Voting explorer",
        (Choice("assembly", "Assembly (synthetic)", list(examples)),
         Choice("approve_top", "Approval: each voter approves their", [(f"top {k}", k) for k in range(1, 6)],
                value=2, twin=(1, 2, 3)),
         Text("text", "Your own ballots, one group per line, e.g. '12: A > B > C' (empty: the assembly above)",
              "", rows=8, max_chars=2_000_000)),
        compute, lambda result, **_: winners_figure(result[0], result[1], synthetic=result[2]))


def _shares(low: int, high: int, step: int) -> list[tuple[str, float]]:
    return [(f"{v}%", round(v / 100, 2)) for v in range(low, high + 1, step)]


@lru_cache(maxsize=512)
def _assembly(meeting_turnout: float, quorum: float | None, proxy_rate: float, online_turnout: float,
              rule: str) -> pd.DataFrame:
    return simulate_assembly(rule=rule, meeting_turnout=meeting_turnout, quorum=quorum, proxy_rate=proxy_rate,
                             online_turnout=online_turnout, **ASSEMBLY).summary


def turnout_explorer() -> Explorer:
    """Meeting turnout, a quorum, proxy votes and online voting: how far does the decision drift?"""
    return Explorer(
        "turnout", "Turnout explorer",
        (Choice("meeting_turnout", "Meeting turnout", _shares(5, 80, 5), value=0.1, twin=(0.1, 0.2, 0.4)),
         Choice("quorum", "Quorum (share of all members)", [("none", None), *_shares(5, 50, 5)], twin=(None, 0.15, 0.3)),
         Choice("proxy_rate", "Absent members who give a proxy", _shares(0, 100, 10), value=0.3, twin=()),
         Choice("online_turnout", "Online turnout", _shares(10, 90, 5), value=0.55, twin=()),
         Choice("rule", "Voting rule", [("Plurality", "plurality"), ("Two-round", "two_round"),
                                        ("Instant runoff", "instant_runoff"), ("Borda", "borda"),
                                        ("Copeland", "copeland")], twin=())),
        _assembly, lambda summary, meeting_turnout, **_: turnout_view(summary, meeting_turnout=meeting_turnout))


def principles_explorer() -> Explorer:
    """Ostrom's eight questions (no / partly / yes) for three invented collectives; live, your own answers."""
    improved = dict(EXAMPLE_COLLECTIVE) | {"sanctions": "yes", "conflict_resolution": "yes", "monitoring": "yes"}
    young = {p.key: "partly" for p in PRINCIPLES} | {"sanctions": "no", "conflict_resolution": "no",
                                                     "recognition": "no", "nested": "no"}
    examples = {"Zonnedak Oost (invented)": dict(EXAMPLE_COLLECTIVE),
                "Zonnedak Oost after adding a warning step and a conflict procedure": improved,
                "A young collective with few written rules (invented)": young}
    same = ("as in the example", None)

    def compute(example: str, **answers: str | None):  # noqa: ANN202
        chosen = {k: (v[0] if isinstance(v, tuple) else v) for k, v in examples[example].items()}
        return score_design_principles(chosen | {k: v for k, v in answers.items() if v is not None})

    def draw(score, **_):  # noqa: ANN001, ANN202
        weak = ", ".join(p.name.lower() for p in PRINCIPLES if p.key in score.weak_spots) or "none"
        return principle_scores_chart(score, title=f"Design-principle scores: {score.total} of {score.maximum} points",
                                      alt=f"Design-principle scores: {score.total} of {score.maximum} points; "
                                          f"weak spots: {weak}.")

    return Explorer(
        "principles", "Design-principle check",
        (Choice("example", "Collective", list(examples)),
         *(Choice(p.key, f"{p.number}. {p.name}", [same, "no", "partly", "yes"], twin=()) for p in PRINCIPLES)),
        compute, draw)


def term_limit_explorer() -> Explorer:
    """Board size, term length, term limit and how long people would stay: who serves over 20 years?"""

    def compute(board_size: int, term_years: int, max_terms: int, stay_terms: int) -> pd.DataFrame:
        policies = [("no term limit", None)] + ([(f"limit: {max_terms} term(s)", max_terms)] if max_terms else [])
        return pd.concat([board_turnover(board_size=board_size, term_years=term_years, max_terms=terms,
                                         stay_terms=stay_terms, years=20).assign(policy=label)
                          for label, terms in policies], ignore_index=True)

    return Explorer(
        "term-limit", "Term-limit explorer",
        (Choice("board_size", "Board seats", list(range(3, 10)), value=5, twin=()),
         Choice("term_years", "Years per term", list(range(1, 6)), value=3, twin=(2, 3, 4)),
         Choice("max_terms", "Term limit (consecutive terms)", [("no limit", 0), *((str(k), k) for k in range(1, 6))],
                value=2, twin=(0, 1, 2, 3)),
         Choice("stay_terms", "Terms people would stay without a limit", list(range(1, 9)), value=4, twin=(2, 4, 6))),
        compute, lambda turnover, **_: term_limit_figure(turnover))


def legal_form_explorer(forms: pd.DataFrame) -> Explorer:
    """The legal-form questionnaire: answers in, which forms fit and why out. Orientation, not legal advice."""

    def compute(country: str, members: str, distribute_profit: str, limit_liability: str, cross_border: str,
                founders: int) -> pd.DataFrame:
        return match_forms(forms, country=country, members=members, distribute_profit=distribute_profit,
                           limit_liability=limit_liability, founders=founders, cross_border=cross_border)

    def question(name: str, twin: tuple | None = None) -> Choice:
        return Choice(name, QUESTIONS[name][0], list(QUESTIONS[name][1]), twin=twin)

    return Explorer(
        "legal-form", "Legal-form questionnaire",
        (question("country"), question("members", twin=("either", "yes")), question("distribute_profit"),
         question("limit_liability"), question("cross_border"),
         Number("founders", QUESTIONS["founders"][0], value=3, min=1, max=10_000)),
        compute, lambda fit, **_: legal_fit_figure(fit))

