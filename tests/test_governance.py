"""Specification of collectives.governance: voting rules, consent rounds, participation bias.

Worked examples from the voting literature are the fixtures; their sources are in
references/governance.bib.
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from collectives.errors import BallotError, CollectivesError, ParameterError
from collectives.governance import (
    Profile,
    approval,
    borda,
    compare_consent_and_vote,
    compare_rules,
    condorcet_cycles,
    condorcet_winner,
    consent_round,
    copeland,
    instant_runoff,
    pairwise_matrix,
    plurality,
    score,
    simulate_assembly,
    simulate_consent,
    two_round,
)

M, N, C, K = "Memphis", "Nashville", "Chattanooga", "Knoxville"

TENNESSEE = [
    ([M, N, C, K], 42),
    ([N, C, K, M], 26),
    ([C, K, N, M], 15),
    ([K, C, N, M], 17),
]

BORDA_1784 = [("A > B > C", 1), ("A > C > B", 7), ("B > C > A", 7), ("C > B > A", 6)]

ROCK_PAPER_SCISSORS = [
    ("Rock > Scissors > Paper", 10),
    ("Scissors > Paper > Rock", 10),
    ("Paper > Rock > Scissors", 10),
]

RANKED_RULES = [plurality, two_round, instant_runoff, borda, condorcet_winner, copeland]


def individual_ballots(profile) -> pd.DataFrame:
    """The same profile as a DataFrame of individual ballots, one row per voter (rank_k layout)."""
    rows = [list(r) for r, n in profile for _ in range(n)]
    width = max(len(r) for r in rows)
    return pd.DataFrame([r + [None] * (width - len(r)) for r in rows],
                        columns=[f"rank_{i + 1}" for i in range(width)])


# ---- worked examples ---------------------------------------------------------------------------
def test_plurality_elects_memphis_in_the_tennessee_example():
    """Tennessee capital example (electowiki_tennessee): Memphis has the most first preferences."""
    r = plurality(TENNESSEE)
    assert r.winner == M and not r.tie
    assert r.scores == {C: 15, K: 17, M: 42, N: 26}


def test_two_round_elects_nashville_in_the_tennessee_example():
    """Tennessee example (electowiki_tennessee): Memphis and Nashville reach the run-off; Nashville wins 58-42."""
    r = two_round(TENNESSEE)
    assert r.winner == N
    assert r.rounds[0].eliminated == (C, K)
    assert r.rounds[1].tallies == {M: 42, N: 58}


def test_instant_runoff_elects_knoxville_in_the_tennessee_example():
    """Tennessee example (electowiki_tennessee): Chattanooga goes out, then Nashville; Knoxville wins 58-42."""
    r = instant_runoff(TENNESSEE)
    assert r.winner == K
    assert [rd.eliminated for rd in r.rounds] == [(C,), (N,), ()]
    assert r.rounds[1].tallies == {K: 32, M: 42, N: 26}
    assert r.rounds[-1].tallies == {K: 58, M: 42}


def test_borda_counts_points_from_rankings():
    """Tennessee example with 3-2-1-0 points (electowiki_borda): Nashville 194, Memphis 126,
    Knoxville 107; Chattanooga's 173 is what is left of the 600 points 100 ballots hand out."""
    r = borda(TENNESSEE)
    assert r.winner == N
    assert r.scores == {C: 173, K: 107, M: 126, N: 194}


def test_condorcet_and_copeland_elect_nashville_in_the_tennessee_example():
    """Tennessee example (electowiki_tennessee): Nashville beats every other city head to head."""
    assert condorcet_winner(TENNESSEE).winner == N
    assert copeland(TENNESSEE).winner == N
    m = pairwise_matrix(TENNESSEE)
    assert (m.loc[N, M], m.loc[M, N]) == (58, 42)
    assert (m.loc[N, C], m.loc[C, N]) == (68, 32)
    assert (m.loc[N, K], m.loc[K, N]) == (68, 32)


def test_borda_reverses_plurality_in_bordas_own_example():
    """Borda (1784), 21 voters, as translated by barnett_french_connection: A has the most first
    places (8) but by order of merit (3-2-1 points) A 37, B 42, C 47 — here 2-1-0, i.e. 21 less each."""
    assert plurality(BORDA_1784).winner == "A"
    r = borda(BORDA_1784)
    assert r.winner == "C"
    assert r.scores == {"A": 37 - 21, "B": 42 - 21, "C": 47 - 21}
    assert condorcet_winner(BORDA_1784).winner == "C"


def test_score_voting_elects_nashville_with_distance_ratings():
    """Tennessee ratings of robla_tennessee_scores (400 miles minus distance); totals computed here."""
    ratings = [
        ({M: 400, N: 200, C: 133, K: 45}, 42),
        ({N: 400, C: 290, K: 240, M: 200}, 26),
        ({C: 400, K: 296, N: 290, M: 133}, 15),
        ({K: 400, C: 296, N: 240, M: 45}, 17),
    ]
    r = score(ratings, max_score=400)
    assert r.winner == N
    assert r.scores == {C: 24158, K: 19370, M: 24760, N: 27230}


def test_approval_counts_top_k_approvals():
    """Tennessee example, every voter approving their top two cities (hand count: 42 + 26 for
    Nashville, 26 + 15 + 17 for Chattanooga)."""
    r = approval(TENNESSEE, top_k=2)
    assert r.winner == N
    assert r.scores == {C: 58, K: 32, M: 42, N: 68}


def test_approval_accepts_sets_strings_and_wide_tables():
    pairs = approval([({"A", "B"}, 3), ("B, C", 2), (["C"], 4)])
    wide = approval(pd.DataFrame({"A": [1, 0, 0], "B": [True, True, False], "C": [0, 1, 1], "count": [3, 2, 4]}))
    listed = approval(pd.DataFrame({"approved": ["A, B"] * 3 + ["B, C"] * 2 + ["C"] * 4}))
    assert pairs.scores == wide.scores == listed.scores == {"A": 3, "B": 5, "C": 6}
    assert pairs.winner == "C"


def test_condorcet_cycle_detected_in_rock_paper_scissors():
    """The Condorcet paradox (condorcet1785) in its rock-paper-scissors form."""
    assert condorcet_cycles(ROCK_PAPER_SCISSORS) == [("Paper", "Rock", "Scissors")]
    r = condorcet_winner(ROCK_PAPER_SCISSORS)
    assert r.winner is None and r.winners == () and "cycle" in r.note
    assert condorcet_cycles(TENNESSEE) == []


def test_ties_are_reported_not_broken():
    r = plurality(ROCK_PAPER_SCISSORS)
    assert r.winner is None and r.tie and r.winners == ("Paper", "Rock", "Scissors")
    irv = instant_runoff(ROCK_PAPER_SCISSORS)
    assert irv.tie and irv.winners == ("Paper", "Rock", "Scissors")
    assert irv.rounds[-1].tied == ("Paper", "Rock", "Scissors")
    assert copeland(ROCK_PAPER_SCISSORS).tie
    assert two_round(ROCK_PAPER_SCISSORS).tie


def test_instant_runoff_says_when_an_elimination_tie_did_not_matter():
    # B and C tie for last place; whichever goes out, its ballots go to A, which then has a majority.
    r = instant_runoff([("A > B > C", 4), ("B > A > C", 2), ("C > A > B", 2)])
    assert r.winner == "A" and not r.tie
    assert r.rounds[-1].tied == ("B", "C")
    assert "wins whichever goes out" in r.note


def test_compare_rules_gives_one_row_per_rule():
    table = compare_rules(TENNESSEE, approve_top=2)
    assert table["rule"].tolist() == ["plurality", "two_round", "instant_runoff", "borda",
                                      "condorcet_winner", "copeland", "approval"]
    assert table["winner"].tolist() == [M, N, K, N, N, N, N]
    assert not table["tie"].any()


# ---- ballot forms --------------------------------------------------------------------------------
def test_dataframe_layouts_give_the_same_result_as_pairs():
    ranked = individual_ballots(TENNESSEE)
    text = pd.DataFrame({"ranking": [" > ".join(r) for r, n in TENNESSEE], "count": [n for _, n in TENNESSEE]})
    for rule in RANKED_RULES:
        expected = rule(TENNESSEE)
        for frame in (ranked, text):
            got = rule(frame)
            assert (got.winners, got.scores) == (expected.winners, expected.scores), rule.__name__


def test_incomplete_rankings_share_the_remaining_borda_points():
    # "A" alone: A gets 2; B and C share the 1 point left (0.5 each).
    r = borda([(["A"], 1), (["B", "C", "A"], 1)])
    assert r.scores == {"A": 2, "B": 2.5, "C": 1.5}
    assert borda([(["A"], 1), (["B", "C", "A"], 1)], unranked="zero").scores == {"A": 2, "B": 2, "C": 1}


def test_incomplete_rankings_exhaust_in_instant_runoff():
    # D goes out and its ballot has no next choice; C goes out and its ballots pass to B.
    r = instant_runoff([(["A"], 3), (["B"], 3), (["C", "B"], 2), (["D"], 1)])
    assert [rd.eliminated for rd in r.rounds] == [("D",), ("C",), ()]
    assert r.rounds[-1].tallies == {"A": 3, "B": 5} and r.rounds[-1].exhausted == 1
    assert r.winner == "B"


def test_explicit_options_include_options_nobody_ranked():
    r = plurality([("A > B", 2)], options=["A", "B", "C"])
    assert r.scores == {"A": 2, "B": 0, "C": 0}


# ---- bad input -------------------------------------------------------------------------------------
@pytest.mark.parametrize("rule", RANKED_RULES)
def test_empty_profile_is_refused(rule):
    with pytest.raises(ParameterError, match="empty"):
        rule([])
    with pytest.raises(ParameterError, match="empty"):
        rule(pd.DataFrame({"ranking": []}))


def test_a_ballot_that_ranks_an_option_twice_is_named():
    with pytest.raises(BallotError, match=r"ballot 2 cannot be counted: it ranks 'A' more than once") as err:
        plurality([("A > B", 1), (["A", "B", "A"], 3)])
    assert err.value.ballot == ["A", "B", "A"]


def test_an_unknown_option_is_named_with_its_ballot():
    with pytest.raises(BallotError, match=r"ballot 1 .*'Wind' is not one of the options"):
        borda([("Solar > Wind", 1)], options=["Solar", "Heat"])


@pytest.mark.parametrize("count, problem", [(-1, "negative"), (2.5, "not a whole number"), ("3", "not a number"),
                                            (True, "not a number")])
def test_bad_counts_are_refused(count, problem):
    with pytest.raises(BallotError, match=problem):
        plurality([("A > B", 1), ("B > A", count)])


def test_bad_counts_in_a_table_name_the_row():
    frame = pd.DataFrame({"ranking": ["A > B", "B > A"], "count": [3, -2]}, index=["m1", "m2"])
    with pytest.raises(BallotError, match=r"row 'm2'.*negative"):
        plurality(frame)


@pytest.mark.parametrize("ballot", [[], "", " "])
def test_an_empty_ballot_is_refused(ballot):
    with pytest.raises(BallotError, match="ranks no option"):
        copeland([("A > B", 2), (ballot, 1)])


def test_a_gap_in_rank_columns_names_the_row():
    frame = pd.DataFrame({"rank_1": ["A", "B"], "rank_2": ["B", None], "rank_3": ["C", "A"]}, index=[10, 11])
    with pytest.raises(BallotError, match=r"row 11 .*empty before a later rank"):
        instant_runoff(frame)


def test_incomplete_rankings_are_refused_where_complete_ones_are_asked_for():
    with pytest.raises(BallotError, match=r"ballot 2 .*ranks 1 of the 3 options"):
        borda([("A > B > C", 1), ("B", 1)], unranked="reject")


def test_a_table_without_a_known_layout_is_refused():
    with pytest.raises(ParameterError, match="rank_1"):
        plurality(pd.DataFrame({"first": ["A"], "second": ["B"]}))


def test_bad_approval_and_score_ballots_are_named():
    with pytest.raises(BallotError, match="approves no option"):
        approval(pd.DataFrame({"A": [1, 0], "B": [0, 0]}))
    with pytest.raises(BallotError, match=r"row 1 .*score for 'B' is 12"):
        score(pd.DataFrame({"A": [3, 4], "B": [5, 12]}))
    with pytest.raises(ParameterError, match="top_k"):
        approval(TENNESSEE, top_k=0)


def test_errors_are_the_packages_own():
    assert issubclass(BallotError, CollectivesError) and issubclass(BallotError, ValueError)


# ---- properties ------------------------------------------------------------------------------------
OPTION_NAMES = ["A", "B", "C", "D", "E"]


@st.composite
def profiles(draw, complete: bool = True, max_options: int = 5):
    m = draw(st.integers(2, max_options))
    names = OPTION_NAMES[:m]
    n_types = draw(st.integers(1, 8))
    out = []
    for _ in range(n_types):
        ranking = draw(st.permutations(names))
        if not complete:
            ranking = ranking[: draw(st.integers(1, m))]
        out.append((list(ranking), draw(st.integers(1, 25))))
    return out


@settings(max_examples=60, deadline=None)
@given(profiles())
def test_copeland_picks_the_condorcet_winner_when_there_is_one(profile):
    cw = condorcet_winner(profile)
    if cw.winner is not None:
        assert copeland(profile).winner == cw.winner


@settings(max_examples=60, deadline=None)
@given(profiles(complete=False))
def test_borda_totals_equal_ballots_times_points_per_ballot(profile):
    p = Profile.from_ballots(profile)
    m = p.n_options
    assert sum(borda(profile).scores.values()) == pytest.approx(p.n_ballots * m * (m - 1) / 2)


@settings(max_examples=60, deadline=None)
@given(profiles(complete=False))
def test_plurality_tallies_sum_to_the_number_of_ballots(profile):
    assert sum(plurality(profile).scores.values()) == sum(n for _, n in profile)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 40), st.integers(0, 40))
def test_instant_runoff_with_two_options_is_majority_rule(a, b):
    if a + b == 0:
        return
    r = instant_runoff([("A > B", a), ("B > A", b)])
    expected = ("A",) if a > b else ("B",) if b > a else ("A", "B")
    assert r.winners == expected and r.tie == (a == b)


@settings(max_examples=40, deadline=None)
@given(profiles(complete=False), st.randoms(use_true_random=False))
def test_permuting_ballot_order_changes_nothing(profile, rnd):
    shuffled = list(profile)
    rnd.shuffle(shuffled)
    pd.testing.assert_frame_equal(compare_rules(profile, approve_top=2), compare_rules(shuffled, approve_top=2))


@settings(max_examples=30, deadline=None)
@given(profiles(complete=False, max_options=4))
def test_individual_ballots_and_counted_pairs_agree(profile):
    frame = individual_ballots(profile).sample(frac=1, random_state=0)
    pd.testing.assert_frame_equal(compare_rules(profile), compare_rules(frame))


# ---- consent -----------------------------------------------------------------------------------------
MEMBERS = {"Anna": (40, 60), "Bram": (55, 80), "Chris": (30, 58)}


def test_consent_round_lists_objections_and_their_direction():
    t = consent_round(50, MEMBERS).set_index("member")
    assert t["objects"].to_dict() == {"Anna": False, "Bram": True, "Chris": False}
    assert t.loc["Bram", "direction"] == "higher" and t.loc["Bram", "gap"] == 5


def test_consent_is_reached_by_amending_within_everyones_tolerance():
    r = simulate_consent(MEMBERS, proposal=40, amend_step=10)
    assert r.outcome == "consent" and r.final_proposal == 55
    assert r.rounds["proposal"].tolist() == [40, 50, 55]
    assert r.rounds["resolved"].iloc[-1] == 1
    assert r.common_range == (55, 58)


def test_no_consent_when_ranges_do_not_overlap():
    r = simulate_consent([(0, 10), (20, 30)], proposal=15, amend_step=5, max_rounds=6)
    assert r.outcome == "no consent" and not r.consent_possible
    assert "no proposal lies within" in r.note


def test_consent_protects_the_minority_that_a_majority_vote_overrules():
    members = [(40, 60), (45, 65), (42, 70), (0, 48)]
    table = compare_consent_and_vote(members, proposal=55, amend_step=5).set_index("process")
    assert table.loc["majority vote on the proposal", "adopted"]
    assert table.loc["majority vote on the proposal", "members_outside_tolerance"] == 1
    assert table.loc["consent", "largest_gap"] == 0
    assert table.loc["consent", "rounds"] > table.loc["majority vote on the proposal", "rounds"]


def test_bad_tolerance_ranges_are_refused():
    with pytest.raises(ParameterError, match="low at most high"):
        consent_round(5, [(10, 0)])
    with pytest.raises(ParameterError, match="amend_step"):
        simulate_consent(MEMBERS, 40, amend_step=0)


# ---- participation ------------------------------------------------------------------------------------
def test_simulate_assembly_is_reproducible_with_a_seed():
    a = simulate_assembly(n_members=150, n_runs=3, seed=7)
    b = simulate_assembly(n_members=150, n_runs=3, seed=7)
    pd.testing.assert_frame_equal(a.runs, b.runs)


def test_motivated_members_pull_the_meeting_away_from_all_members():
    r = simulate_assembly(n_members=400, n_runs=30, seed=3, motivated="high", motivation_link=0.9)
    s = r.summary.set_index("scenario")
    assert s.loc["all members", "drift"] == 0 and s.loc["all members", "winner_differs"] == 0
    assert s.loc["meeting", "mean_ideal_voters"] > s.loc["meeting", "mean_ideal_members"] + 0.05
    assert s.loc["online voting", "drift"] < s.loc["meeting", "drift"]


def test_proxies_raise_turnout_and_quorum_keeps_the_status_quo():
    r = simulate_assembly(n_members=300, n_runs=5, seed=2, proxy_rate=0.5, quorum=0.3, status_quo="reinvest 50%")
    s = r.summary.set_index("scenario")
    assert s.loc["meeting + proxies", "turnout"] > s.loc["meeting", "turnout"]
    meeting = r.runs[r.runs["scenario"] == "meeting"]
    assert (~meeting["quorum_met"]).all() and (meeting["winner"] == "reinvest 50%").all()


def test_simulate_assembly_refuses_bad_parameters():
    with pytest.raises(ParameterError, match="rule"):
        simulate_assembly(rule="dictator")
    with pytest.raises(ParameterError, match="meeting_turnout"):
        simulate_assembly(meeting_turnout=0)
    with pytest.raises(ParameterError, match="status_quo"):
        simulate_assembly(status_quo="reinvest 33%")
