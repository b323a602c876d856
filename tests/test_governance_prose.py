"""Claims of the decision-making chapter that are written in words, recomputed so they cannot go stale.

The chapter's numbers are glued from its code cells (tests/test_glue_keys.py checks the keys);
what remains typed is a number written as a word ("Thirty-nine members", "five of the seven
rules"), a name ("here Dirk") or a comparison ("about half", "rarely"). The chapter's own
inputs (the members' ranges, the simulation settings) are read from its code cells, so a
changed input fails here too.
"""

from __future__ import annotations

import jupytext
import pytest

from collectives import data, tables
from collectives import governance as gov
from collectives.course import ROOT

CHAPTER = ROOT / "book" / "day2" / "decision-making.md"


def chapter_cell(marker: str) -> str:
    """The source of the one code cell of the chapter that contains ``marker``."""
    cells = [c.source for c in jupytext.read(CHAPTER).cells if c.cell_type == "code" and marker in c.source]
    assert len(cells) == 1, f"{marker!r} is in {len(cells)} code cells of {CHAPTER.name}"
    return cells[0]


@pytest.fixture(scope="module")
def ballots():
    return data.load("ballots")


def group(ballots, name, attended_only=False):
    rows = ballots[ballots["group"] == name]
    return rows[rows["attended"]] if attended_only else rows


@pytest.fixture(scope="module")
def consent_inputs():
    namespace = {"gov": gov, "tables": tables}
    exec(chapter_cell("ranges = {"), namespace)                              # noqa: S102
    return namespace["ranges"], namespace["consent"]


def test_thirty_nine_members_and_four_different_winners(ballots):
    disagree = gov.Profile.from_ballots(group(ballots, "rules_disagree")[["ranking"]])
    assert disagree.n_ballots == 39
    winners = gov.compare_rules(disagree, approve_top=2)["winner"]
    assert winners.nunique() == 4
    assert gov.plurality(disagree).scores["heat network"] == 0              # "nobody's first choice"
    assert "four different winners" in chapter_cell("winners_frame(comparison)")


def test_the_insulation_team_beats_every_other_option_by_the_same_score(ballots):
    disagree = gov.Profile.from_ballots(group(ballots, "rules_disagree")[["ranking"]])
    pairs = gov.pairwise_matrix(disagree)
    others = pairs.index.drop("insulation team")
    assert pairs.loc["insulation team", others].nunique() == 1              # "each other option 21 to 18"
    assert pairs.loc[others, "insulation team"].nunique() == 1


def test_the_cycle_has_no_condorcet_winner_and_copeland_a_three_way_tie(ballots):
    cycle = group(ballots, "condorcet_cycle")[["ranking"]]
    assert gov.condorcet_winner(cycle).winner is None
    copeland = gov.copeland(cycle)
    assert copeland.tie and len(copeland.winners) == 3


def test_consent_amount_is_the_only_one_inside_every_range_and_dirk_is_outside_the_median_choice(consent_inputs):
    ranges, consent = consent_inputs
    assert consent.outcome == "consent"
    assert consent.common_range == (consent.final_proposal, consent.final_proposal)
    table = gov.compare_consent_and_vote(ranges, proposal=50, amend_step=5).set_index("process")
    assert not table.loc["majority vote on the proposal", "adopted"]           # "a majority rejects … (€50)"
    median = table.loc["majority choice of the median member"]
    outside = [name for name, (low, high) in ranges.items() if not low <= median["decision"] <= high]
    assert outside == ["Dirk"] and median["members_outside_tolerance"] == 1


def test_all_members_and_those_who_came_elect_what_the_text_says(ballots):
    def rules(attended_only):
        profile = gov.Profile.from_ballots(group(ballots, "turnout", attended_only)[["ranking"]])
        return gov.compare_rules(profile, approve_top=2).set_index("rule")["winner"]

    everyone, came = rules(False), rules(True)
    assert everyone["plurality"] == "postpone"
    assert everyone["borda"] == everyone["condorcet_winner"] == "build smaller"
    assert (came == "build now").sum() == 5 and len(came) == 7               # "five of the seven rules"


def test_low_turnout_drifts_in_about_half_the_meetings_and_rarely_at_40_percent():
    source = chapter_cell("settings = {}")
    assert "n_members=300" in source and "n_runs=30" in source and "seed=1" in source

    def differs(turnout):
        summary = gov.simulate_assembly(n_members=300, meeting_turnout=turnout, quorum=None, status_quo="reinvest 25%",
                                        proxy_rate=0.3, n_runs=30, seed=1).summary.set_index("scenario")
        return summary.loc["meeting", "winner_differs"]

    assert 0.35 <= differs(0.1) <= 0.65
    assert differs(0.4) <= 0.1


def test_plurality_condorcet_solution_counts_by_hand():
    mine = gov.profile_from_text(chapter_cell("mine = gov.profile_from_text").split('"""')[1])
    assert gov.plurality(mine).scores == {"A": 8, "B": 5, "C": 7}
    pairs = gov.pairwise_matrix(mine)
    assert (pairs.loc["B", "A"], pairs.loc["A", "B"]) == (12, 8)
    assert (pairs.loc["B", "C"], pairs.loc["C", "B"]) == (13, 7)
    assert gov.condorcet_winner(mine).winner == "B" and gov.plurality(mine).winner == "A"


# The representation chapter (book/day2/representation.md).


def test_about_half_of_boards_are_more_than_10_points_below_and_small_boards_move_11_to_33_points():
    gaps = gov.representation_gap(data.load("monitor_panel"), year=2025)
    assert 0.4 <= (gaps["gap_pp"] < -10).mean() <= 0.6
    assert (gov.gap_by_group(gaps, by="sector")["median_gap_pp"] < 0).all()       # "in every sector"
    assert (gaps["board_size"].min(), gaps["board_size"].max()) == (3, 9)          # "three to nine seats"
    assert (round(100 / 9), round(100 / 3)) == (11, 33)


def test_a_limit_of_two_terms_doubles_the_number_who_serve():
    served = {limit: gov.board_turnover(board_size=5, term_years=3, max_terms=limit, stay_terms=4, years=20)
              ["newcomers"].sum() for limit in (None, 2)}
    assert served[2] == 2 * served[None]
