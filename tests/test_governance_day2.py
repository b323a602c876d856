"""Specification of the day-2 additions to collectives.governance: ballots as text, Ostrom's
design principles, representation and term limits, legal forms; and their figures and widgets."""

from __future__ import annotations

import pandas as pd
import pytest

from collectives import data
from collectives import governance as gov
from collectives.errors import BallotError, DataError, ParameterError
from collectives.explorer import assert_twin_matches_live
from collectives.figures.governance import (
    gap_by_sector_chart,
    principle_scores_chart,
    table_dropdown,
    table_figure,
    turnout_chart,
    winners_frame,
)
from collectives.widgets.governance import (
    legal_form_explorer,
    principles_explorer,
    term_limit_explorer,
    turnout_explorer,
    voting_explorer,
)

RULES_DISAGREE = """options: solar roof, heat network, insulation team, energy fund
12: solar roof > heat network > insulation team > energy fund
9: insulation team > heat network > energy fund > solar roof
12: energy fund > insulation team > heat network > solar roof
6: solar roof > heat network > energy fund > insulation team"""


@pytest.fixture(scope="module")
def forms():
    return data.load("legal_forms")


# ---- ballots as text ---------------------------------------------------------------------------
def test_text_profile_reproduces_the_datasheet_winners():
    winners = gov.compare_rules(gov.profile_from_text(RULES_DISAGREE)).set_index("rule")["winner"]
    assert winners.to_dict() == {"plurality": "solar roof", "two_round": "energy fund", "instant_runoff": "energy fund",
                                 "borda": "heat network", "condorcet_winner": "insulation team",
                                 "copeland": "insulation team"}


def test_text_profile_without_count_counts_one_and_ignores_comments():
    p = gov.profile_from_text("A > B  # first\n\nA > B\n2: B > A")
    assert p.n_ballots == 4 and p.options == ("A", "B")


def test_text_profile_round_trips():
    p = gov.profile_from_text(RULES_DISAGREE)
    assert gov.profile_to_text(gov.profile_from_text(gov.profile_to_text(p))) == gov.profile_to_text(p)


@pytest.mark.parametrize("text, words", [
    ("options: A, B\n3: A > B > A", "line 2 cannot be counted: it ranks 'A' more than once"),
    ("options: A, B\n3: A > C", "line 2 cannot be counted: 'C' is not one of the options"),
    ("-2: A > B", "its count -2 is negative"),
    ("two: A > B", "its count 'two' is not a whole number"),
    ("A >  > B", "empty place"),
    ("options: A\noptions: B\nA", "second 'options:' line"),
])
def test_text_profile_names_the_bad_line(text, words):
    with pytest.raises(BallotError, match=words):
        gov.profile_from_text(text)


@pytest.mark.parametrize("text", ["", "   \n# only a comment\n"])
def test_empty_text_profile_is_refused(text):
    with pytest.raises(ParameterError, match="at least one ballot line"):
        gov.profile_from_text(text)


# ---- Ostrom's design principles ----------------------------------------------------------------
def test_eight_principles_in_ostroms_order():
    assert [p.number for p in gov.PRINCIPLES] == list(range(1, 9))
    assert gov.PRINCIPLES[0].key == "boundaries" and gov.PRINCIPLES[-1].key == "nested"


def test_score_counts_points_and_lists_weak_spots():
    r = gov.score_design_principles(gov.EXAMPLE_COLLECTIVE)
    assert (r.total, r.maximum) == (9, 16)
    assert r.weak_spots == ("congruence", "monitoring", "sanctions", "conflict_resolution", "nested")
    assert r.table.loc[r.table["key"] == "sanctions", "evidence"].item().startswith("The statutes only allow expulsion")


def test_all_yes_scores_full_marks_without_weak_spots():
    r = gov.score_design_principles({p.key: "YES" for p in gov.PRINCIPLES})
    assert r.total == 16 and r.weak_spots == () and r.share == 1.0


def test_score_refuses_missing_unknown_and_bad_answers():
    full = {p.key: "yes" for p in gov.PRINCIPLES}
    with pytest.raises(ParameterError, match="no answer for monitoring"):
        gov.score_design_principles({k: v for k, v in full.items() if k != "monitoring"})
    with pytest.raises(ParameterError, match="one of the principles"):
        gov.score_design_principles(full | {"trust": "yes"})
    with pytest.raises(ParameterError, match="'no', 'partly' or 'yes'"):
        gov.score_design_principles(full | {"nested": "maybe"})


# ---- representation ------------------------------------------------------------------------------
def test_representation_gap_is_board_share_minus_members_share_in_points():
    panel = pd.DataFrame({"collective_id": ["a", "b", "c"], "year": [2025, 2025, 2024], "sector": ["x", "y", "x"],
                          "board_size": [5, 4, 3], "board_women": [1, 3, 0], "members": [100, 50, 10],
                          "members_women": [50, 30, 5]})
    g = gov.representation_gap(panel, year=2025)
    assert g["gap_pp"].tolist() == [-30.0, 15.0]
    summary = gov.gap_by_group(gov.representation_gap(panel))
    assert summary.set_index("sector").loc["x", "collectives"] == 2


def test_representation_gap_refuses_missing_columns_and_unknown_year():
    with pytest.raises(DataError, match="board_women"):
        gov.representation_gap(pd.DataFrame({"collective_id": ["a"], "year": [2025]}))
    panel = data.load("monitor_panel")
    with pytest.raises(ParameterError, match="a year in the panel"):
        gov.representation_gap(panel, year=1990)


def test_board_turnover_worked_example():
    t = gov.board_turnover(board_size=3, term_years=2, max_terms=1, stay_terms=4, years=4)
    assert t["newcomers"].tolist() == [3, 1, 2, 1]
    assert t["ever_served"].tolist() == [3, 4, 6, 7]


def test_stricter_term_limits_give_more_people_a_turn():
    served = [gov.board_turnover(max_terms=m, years=20)["ever_served"].iloc[-1] for m in (None, 3, 2, 1)]
    assert served == sorted(served) and served[0] < served[-1]


def test_a_limit_longer_than_people_stay_changes_nothing():
    assert gov.board_turnover(max_terms=None, stay_terms=2).equals(gov.board_turnover(max_terms=5, stay_terms=2))


def test_board_turnover_refuses_bad_parameters():
    with pytest.raises(ParameterError, match="board_size"):
        gov.board_turnover(board_size=0)
    with pytest.raises(ParameterError, match="max_terms"):
        gov.board_turnover(max_terms=0)


# ---- legal forms ----------------------------------------------------------------------------------
def test_compare_forms_shows_empty_cells_as_not_verified(forms):
    table = gov.compare_forms(forms, country="Netherlands")
    stichting = table["foundation (NL-STI)"]
    assert stichting["Minimum founders"] == "not verified" and stichting["Audit"] == "not verified"
    assert stichting["Has members"] == "no" and "2:285" in stichting["Profit distribution"]
    assert "looked for" in stichting["Not verified: what was looked for, and where"] or "NotariaatOnline" in stichting["Not verified: what was looked for, and where"]
    assert table.loc["Has members", "cooperative (NL-COOP)"] == "yes"


def test_compare_forms_refuses_unknown_forms_and_countries(forms):
    with pytest.raises(ParameterError, match="form ids"):
        gov.compare_forms(forms, ["NL-XYZ"])
    with pytest.raises(ParameterError, match="one of"):
        gov.compare_forms(forms, country="France")


def test_every_empty_cell_that_a_question_needs_gives_not_verified(forms):
    fit = gov.match_forms(forms, members="yes", distribute_profit="yes", limit_liability="yes", founders=3).set_index("form_id")
    assert fit.loc["NL-STI", "fit"] == "does not fit"  # no members and no profit distribution (art. 2:285 BW)
    assert fit.loc["DE-KG", "fit"] == "not verified"
    assert fit.loc["DE-EG", "fit"] == "not verified"  # its profit rules are empty in the table
    assert fit.loc["NL-COOP", "fit"] == "fits"
    assert fit.loc["NL-VER", "fit"] == "does not fit"


def test_profit_readings_follow_the_cells(forms):
    readings = {r.form_id: gov.legal.profit_reading(r.profit_distribution) for r in forms.itertuples()}
    assert readings == {"NL-COOP": "yes", "NL-VER": "no", "NL-STI": "no", "BE-CV": "yes",
                        "BE-CV-ERK": "capped", "BE-SO": "capped", "BE-VZW": "no", "DE-EG": "not verified",
                        "DE-EV": "no", "DE-KG": "not verified", "EU-SCE": "yes"}


def test_the_sce_needs_founders_in_two_member_states_and_five_founders(forms):
    home = gov.match_forms(forms, country="EU/EEA").set_index("form_id").loc["EU-SCE"]
    assert home["fit"] == "does not fit" and "two Member States" in home["reasons"]
    few = gov.match_forms(forms, country="EU/EEA", cross_border="yes", founders=3).set_index("form_id").loc["EU-SCE"]
    assert few["fit"] == "does not fit" and "at least 5 founders" in few["reasons"]


def test_questionnaire_refuses_unknown_answers(forms):
    with pytest.raises(ParameterError, match="members"):
        gov.match_forms(forms, members="sometimes")
    with pytest.raises(ParameterError, match="founders"):
        gov.match_forms(forms, founders=0)


def test_cases_are_matched_to_forms_by_country_and_wording(forms):
    m = gov.cases_by_form(data.load("cases"), forms)
    by_form = m.groupby("form_id")["case"].apply(set).to_dict()
    assert by_form["BE-CV"] == {"Ecopower", "Partago"}
    assert "De Windvogel" in by_form["NL-COOP"] and "De Warren" not in by_form["NL-COOP"]
    assert by_form["NL-STI"] == {"Repair Café"}


# ---- figures and widgets ------------------------------------------------------------------------
def test_figures_carry_alt_text(forms):
    score = gov.score_design_principles(gov.EXAMPLE_COLLECTIVE)
    frame = winners_frame(gov.compare_rules(gov.profile_from_text(RULES_DISAGREE)))
    summary = gov.simulate_assembly(n_members=100, n_runs=2, proxy_rate=0.3).summary
    gaps = gov.representation_gap(data.load("monitor_panel"), year=2025)
    figures = [
        principle_scores_chart(score, title="t", alt="a"),
        table_figure(frame, title="t", alt="a"),
        table_dropdown({"x": frame, "y": frame}, title="t", alt="a"),
        turnout_chart(summary, title="t", alt="a"),
        gap_by_sector_chart(gaps, title="t", alt="a"),
    ]
    assert all(f.layout.meta["alt"] == "a" for f in figures)


def test_winners_frame_names_ties_and_cycles():
    cycle = gov.profile_from_text("5: R > G > C\n3: G > C > R\n4: C > R > G")
    shown = winners_frame(gov.compare_rules(cycle)).set_index("Rule")["Winner"]
    assert shown["Condorcet winner"] == "none (majorities run in a cycle)"
    assert shown["Copeland"].startswith("tie: ")


def _cells(figure) -> list:
    return [list(column) for column in figure.data[0].cells["values"]]


def test_voting_explorer_shows_each_assembly_and_live_your_own_ballots():
    explorer = voting_explorer(data.load("ballots"))
    twin = explorer.twin()
    assert len(twin.views) == 5 * 3  # five prepared assemblies × approving the top 1, 2 or 3
    box = explorer.widget()
    assembly = box.render(assembly="rules_disagree (39 ballots)", approve_top=2)
    winners = set(_cells(assembly)[1][:4])  # plurality, two-round, instant runoff, Borda
    assert len(winners) >= 3  # the chapter's point: rules disagree on these ballots
    typed = box.render(text=RULES_DISAGREE, approve_top=2)  # the same 39 ballots typed in
    assert _cells(typed) == _cells(assembly)
    for bad in ("options: A, B\n2: A > A", "options: A, B\n2: A > Z", "-1: A > B"):
        assert box.render(text=bad) is None
        assert "Cannot show this" in box.message.value
    assert box.render(text="3: A > B", approve_top=5) is None  # more approvals than options
    assert_twin_matches_live(explorer)


def test_turnout_explorer_simulates_the_chapters_300_members_and_30_runs():
    explorer = turnout_explorer()
    twin = explorer.twin()
    assert len(twin.views) == 3 * 3 and twin.fixed == ("Absent members who give a proxy", "Online turnout", "Voting rule")
    summary = gov.simulate_assembly(n_members=300, n_runs=30, seed=1, meeting_turnout=0.1, proxy_rate=0.3,
                                    status_quo="reinvest 25%").summary.set_index("scenario")
    alt = twin.views[(0, 0)].figure["layout"]["meta"]["alt"]
    assert f"in {summary.loc['meeting', 'winner_differs']:.0%} of meetings" in alt
    blocked = explorer.widget().render(meeting_turnout=0.1, quorum=0.3)
    assert blocked.data[1].y[0] < 5  # a 30% quorum is almost never met at 10% turnout
    assert_twin_matches_live(explorer)


def test_principles_explorer_scores_the_three_invented_collectives_and_live_your_answers():
    explorer = principles_explorer()
    totals = [v.figure["layout"]["meta"]["alt"].split(":")[1].split(" of")[0].strip()
              for v in explorer.twin().views.values()]
    assert totals == ["9", "14", "4"]  # as the chapter says
    box = explorer.widget()
    assert "10 of 16" in box.render(monitoring="yes").layout.title.text  # 4. Monitoring: partly -> yes
    assert_twin_matches_live(explorer)


def test_term_limit_explorer_compares_no_limit_with_the_chosen_limit():
    explorer = term_limit_explorer()
    assert len(explorer.twin().views) == 3 * 4 * 3  # term lengths × limits × habits of staying
    alt = explorer.figure().layout.meta["alt"]  # five seats, three-year terms, limit 2, people stay 4 terms
    assert alt == "Over 20 years: no term limit: 10 people; limit: 2 term(s): 20 people."
    assert len(explorer.figure(max_terms=0).data) == 1
    assert_twin_matches_live(explorer)


def test_legal_form_questionnaire_answers_from_the_table(forms):
    explorer = legal_form_explorer(forms)
    assert len(explorer.twin().views) == 5 * 2 * 3 * 2 * 2
    fig = explorer.figure(country="Netherlands", members="yes", distribute_profit="yes", limit_liability="yes")
    table = dict(zip(fig.data[0].cells["values"][1], fig.data[0].cells["values"][2]))
    assert table["NL-COOP"] == "fits" and fig.data[0].cells["values"][2][0] == "fits"  # fitting forms first
    assert explorer.widget().render(founders=0) is None  # below the Number's bounds: a message
    assert_twin_matches_live(explorer)


def test_simulation_profiles_group_rankings_exactly_as_numpy_unique_does():
    import numpy as np

    rankings = np.argsort(np.random.default_rng(3).random((500, 5)), axis=1)
    profile = gov.Profile._from_arrays(tuple("ABCDE"), rankings, np.ones(500))
    uniq, counts = np.unique(rankings, axis=0, return_counts=True)
    assert np.array_equal(profile.rankings, uniq) and profile.counts.tolist() == counts.tolist()
