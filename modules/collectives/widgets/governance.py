"""Live explorers for deep dive 2 (governance). Each has a static twin on its chapter page.

* :func:`voting_explorer` — type or edit ballots ("12: A > B > C"), see who wins under each rule;
* :func:`turnout_explorer` — meeting turnout, quorum, proxies and online voting;
* :func:`principles_explorer` — answer Ostrom's eight questions for your own collective;
* :func:`term_limit_explorer` — how a term limit renews a board;
* :func:`legal_form_explorer` — the legal-form questionnaire (orientation, not legal advice).

Example
-------
>>> box = voting_explorer("4: A > B > C\\n3: B > C > A\\n2: C > B > A")
>>> box.render(text="options: A, B\\n2: A > A") is None      # a bad ballot: a message, no figure
True
>>> "ranks 'A' more than once" in box.message.value
True
"""

from __future__ import annotations

from functools import lru_cache

import ipywidgets as w
import pandas as pd
import plotly.graph_objects as go

from collectives.errors import ParameterError
from collectives.figures.governance import (
    lines_chart,
    principle_scores_chart,
    table_figure,
    turnout_chart,
    winners_frame,
)
from collectives.governance import (
    PRINCIPLES,
    board_turnover,
    compare_rules,
    match_forms,
    profile_from_text,
    score_design_principles,
    simulate_assembly,
)
from collectives.governance.legal import QUESTIONS
from collectives.widgets import Explorer, explorer

__all__ = ["legal_form_explorer", "principles_explorer", "term_limit_explorer", "turnout_explorer",
           "voting_explorer", "winners_figure"]


def winners_figure(text: str, approve_top: int = 2) -> go.Figure:
    """Who wins the ballots in ``text`` under each rule, as a table figure (used by the explorer)."""
    profile = profile_from_text(text)
    if approve_top > profile.n_options:
        raise ParameterError("approve top", approve_top, f"at most the number of options ({profile.n_options})")
    frame = winners_frame(compare_rules(profile, approve_top=approve_top))
    names = ", ".join(f"{r}: {w}" for r, w in zip(frame["Rule"], frame["Winner"]))
    return table_figure(frame, title=f"Who wins {profile.n_ballots:,} ballots over {profile.n_options} options",
                        alt=f"Winners per voting rule. {names}.", widths=[1.2, 1.6, 3.2], height=360)


def voting_explorer(text: str) -> Explorer:
    """Edit ranked ballots (one ``count: A > B > C`` line per group) and see the winner under each rule."""
    controls = {
        "text": w.Textarea(value=text, rows=9, continuous_update=False, description="Ballots",
                           placeholder="options: A, B, C\n12: A > B > C", layout={"width": "100%"}),
        "approve_top": w.Dropdown(options=[(f"top {k}", k) for k in range(1, 6)], value=2,
                                  description="Approval: each voter approves their"),
    }
    return explorer("Voting explorer", controls, winners_figure)


@lru_cache(maxsize=256)
def _assembly(meeting_turnout: float, quorum: float, proxy_rate: float, online_turnout: float, rule: str) -> pd.DataFrame:
    return simulate_assembly(n_members=200, rule=rule, meeting_turnout=meeting_turnout,
                             quorum=quorum or None, status_quo="reinvest 25%", proxy_rate=proxy_rate,
                             online_turnout=online_turnout, n_runs=5, seed=1).summary


def turnout_explorer() -> Explorer:
    """Meeting turnout, a quorum, proxy votes and online voting: how far does the decision drift?"""
    def draw(meeting_turnout: float, quorum: float, proxy_rate: float, online_turnout: float, rule: str) -> go.Figure:
        summary = _assembly(round(meeting_turnout, 2), round(quorum, 2), round(proxy_rate, 2),
                            round(online_turnout, 2), rule)
        meeting = summary.set_index("scenario").loc["meeting"]
        return turnout_chart(summary, title="How often do those who vote decide differently? (synthetic)",
                             alt=(f"Synthetic simulation: at a meeting with {meeting_turnout:.0%} turnout the decision "
                                  f"differs from all members' choice in {meeting['winner_differs']:.0%} of meetings; "
                                  f"the quorum is met in {meeting['quorum_met']:.0%}."))
    def shares(low: int, high: int, step: int) -> list[tuple[str, float]]:
        return [(f"{v}%", v / 100) for v in range(low, high + 1, step)]
    controls = {
        "meeting_turnout": w.Dropdown(options=shares(5, 80, 5), value=0.2, description="Meeting turnout"),
        "quorum": w.Dropdown(options=[("none", 0.0)] + shares(5, 50, 5), value=0.0, description="Quorum (share of all members)"),
        "proxy_rate": w.Dropdown(options=shares(0, 100, 10), value=0.3, description="Absent members who give a proxy"),
        "online_turnout": w.Dropdown(options=shares(10, 90, 5), value=0.55, description="Online turnout"),
        "rule": w.Dropdown(options=[("Plurality", "plurality"), ("Two-round", "two_round"),
                                    ("Instant runoff", "instant_runoff"), ("Borda", "borda"), ("Copeland", "copeland")],
                           value="plurality", description="Voting rule"),
    }
    return explorer("Turnout explorer", controls, draw)


def principles_explorer(answers: dict[str, object] | None = None) -> Explorer:
    """Answer Ostrom's eight questions (no / partly / yes) and see the scores and weak spots."""
    start = answers or {p.key: "partly" for p in PRINCIPLES}
    first = {k: (v[0] if isinstance(v, tuple) else v) for k, v in start.items()}
    controls = {p.key: w.Dropdown(options=["no", "partly", "yes"], value=first[p.key],
                                  description=f"{p.number}. {p.name}") for p in PRINCIPLES}

    def draw(**values: str) -> go.Figure:
        score = score_design_principles(values)
        weak = ", ".join(p.name.lower() for p in PRINCIPLES if p.key in score.weak_spots) or "none"
        return principle_scores_chart(score, title=f"Your collective: {score.total} of {score.maximum} points",
                                      alt=f"Design-principle scores: {score.total} of {score.maximum} points; weak spots: {weak}.")
    return explorer("Design-principle check", controls, draw)


def term_limit_explorer() -> Explorer:
    """Board size, term length, term limit and how long people would stay: who serves over the years?"""
    def draw(board_size: int, term_years: int, max_terms: int, stay_terms: int) -> go.Figure:
        limit = None if max_terms == 0 else max_terms
        frames = []
        for label, terms in (("no term limit", None), (f"limit: {max_terms} term(s)" if limit else "no term limit (same)", limit)):
            t = board_turnover(board_size=board_size, term_years=term_years, max_terms=terms, stay_terms=stay_terms, years=20)
            frames.append(t.assign(policy=label))
        data = pd.concat(frames) if limit else frames[0]
        last = data.groupby("policy", sort=False)["ever_served"].last()
        return lines_chart(data, x="year", y="ever_served", color="policy", title="People who have served on the board",
                          x_title="Year", y_title="People who have served (count)",
                          alt="Over 20 years: " + "; ".join(f"{p}: {n} people" for p, n in last.items()) + ".")
    def whole(values: range) -> list[int]:
        return list(values)
    controls = {
        "board_size": w.Dropdown(options=whole(range(3, 10)), value=5, description="Board seats"),
        "term_years": w.Dropdown(options=whole(range(1, 6)), value=3, description="Years per term"),
        "max_terms": w.Dropdown(options=[("no limit", 0)] + [(str(k), k) for k in range(1, 6)], value=2,
                                description="Term limit (consecutive terms)"),
        "stay_terms": w.Dropdown(options=whole(range(1, 9)), value=4, description="Terms people would stay without a limit"),
    }
    return explorer("Term-limit explorer", controls, draw)


def legal_form_explorer(forms: pd.DataFrame) -> Explorer:
    """The legal-form questionnaire: answers in, which forms fit and why out. Orientation, not legal advice."""
    def draw(country: str, members: str, distribute_profit: str, limit_liability: str, founders: int,
             cross_border: str) -> go.Figure:
        fit = match_forms(forms, country=country, members=members, distribute_profit=distribute_profit,
                          limit_liability=limit_liability, founders=founders, cross_border=cross_border)
        order = {"fits": 0, "not verified": 1, "does not fit": 2}
        fit = fit.sort_values("fit", key=lambda s: s.map(order), kind="stable")
        shown = fit.rename(columns={"form_en": "Form", "form_id": "Id", "fit": "Fit", "reasons": "Why"})
        fitting = ", ".join(fit.loc[fit["fit"] == "fits", "form_en"]) or "none"
        return table_figure(shown[["Form", "Id", "Fit", "Why"]], title="Which legal forms fit? (orientation, not legal advice)",
                            alt=f"Forms that fit these answers: {fitting}.", widths=[1.6, 0.8, 0.9, 4],
                            height=120 + 62 * len(shown))
    controls = {name: w.Dropdown(options=list(QUESTIONS[name][1]), value=QUESTIONS[name][1][0], description=QUESTIONS[name][0])
                for name in ("country", "members", "distribute_profit", "limit_liability", "cross_border")}
    controls["founders"] = w.BoundedIntText(value=3, min=1, max=10_000, description=QUESTIONS["founders"][0])
    return explorer("Legal-form questionnaire", controls, draw)
