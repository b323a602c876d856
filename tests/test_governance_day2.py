"""Specification of the day-2 additions to collectives.governance: ballots as text, Ostrom's
design principles, representation and term limits, legal forms; and their figures and widgets."""

from __future__ import annotations

import pandas as pd
import pytest

from collectives import data
from collectives import governance as gov
from collectives.errors import BallotError, ParameterError
from collectives.figures.governance import (
    gap_by_sector_chart,
    principle_scores_chart,
    principle_scores_dropdown,
    table_dropdown,
    table_figure,
    turnout_chart,
    turnout_dropdown,
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
    with pytest.raises(ParameterError, match="board_women"):
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
    assert (stichting.drop(["Form (original name)", "Used by"]) == "not verified").all()
    assert table.loc["Has members", "cooperative (NL-COOP)"] == "yes"


def test_compare_forms_refuses_unknown_forms_and_countries(forms):
    with pytest.raises(ParameterError, match="form ids"):
        gov.compare_forms(forms, ["NL-XYZ"])
    with pytest.raises(ParameterError, match="one of"):
        gov.compare_forms(forms, country="France")


def test_every_empty_cell_that_a_question_needs_gives_not_verified(forms):
    fit = gov.match_forms(forms, members="yes", distribute_profit="yes", limit_liability="yes", founders=3).set_index("form_id")
    assert fit.loc["NL-STI", "fit"] == "not verified"
    assert fit.loc["DE-KG", "fit"] == "not verified"
    assert fit.loc["DE-EG", "fit"] == "not verified"  # its profit rules are empty in the table
    assert fit.loc["NL-COOP", "fit"] == "fits"
    assert fit.loc["NL-VER", "fit"] == "does not fit"


def test_profit_readings_follow_the_cells(forms):
    readings = {r.form_id: gov.legal.profit_reading(r.profit_distribution) for r in forms.itertuples()}
    assert readings == {"NL-COOP": "yes", "NL-VER": "no", "NL-STI": "not verified", "BE-CV": "yes",
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
        principle_scores_dropdown({"x": score, "y": score}, title="t", alt="a"),
        table_figure(frame, title="t", alt="a"),
        table_dropdown({"x": frame, "y": frame}, title="t", alt="a"),
        turnout_chart(summary, title="t", alt="a"),
        turnout_dropdown({"x": summary}, title="t", alt="a"),
        gap_by_sector_chart(gaps, title="t", alt="a"),
    ]
    assert all(f.layout.meta["alt"] == "a" for f in figures)


def test_winners_frame_names_ties_and_cycles():
    cycle = gov.profile_from_text("5: R > G > C\n3: G > C > R\n4: C > R > G")
    shown = winners_frame(gov.compare_rules(cycle)).set_index("Rule")["Winner"]
    assert shown["Condorcet winner"] == "none (majorities run in a cycle)"
    assert shown["Copeland"].startswith("tie: ")


def test_voting_explorer_shows_a_message_not_a_traceback():
    box = voting_explorer(RULES_DISAGREE)
    assert box.render() is not None and box.message.value == ""
    for bad in ("options: A, B\n2: A > A", "options: A, B\n2: A > Z", "-1: A > B", ""):
        assert box.render(text=bad) is None
        assert "Cannot draw this" in box.message.value
    assert box.render(text="3: A > B", approve_top=5) is None  # more approvals than options


def test_other_explorers_draw_their_defaults(forms):
    for box in (turnout_explorer(), principles_explorer(gov.EXAMPLE_COLLECTIVE), term_limit_explorer(),
                legal_form_explorer(forms)):
        assert box.message.value == ""
        assert box.render() is not None
