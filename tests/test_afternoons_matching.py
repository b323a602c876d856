"""Matching participants with collectives of the case library (peer learning, excursion)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from collectives import data, matching, participant
from collectives.errors import DataError, ParameterError
from collectives.synthetic import csv_text
from collectives.synthetic.participants import PARTICIPANTS_SEED, participants, participants_truth

ROOT = Path(__file__).resolve().parents[1]
DATASETS = ROOT / "datasets"
DOWNLOADS = ROOT / "book" / "downloads"


@pytest.fixture(scope="module")
def cases():
    return data.load("cases")


def person(**values):
    row = {"participant_id": "X1", "organisation": None, "country": "Netherlands", "region": None,
           "sector": "energy", "question": "how_to_grow", "keywords": None}
    row.update(values)
    return pd.DataFrame([row])


# --- known best matches --------------------------------------------------------------------


@pytest.mark.parametrize("who, best", [
    # A Ghent mobility official asking how a car-sharing cooperative grows: Partago (Ghent, thriving).
    (dict(country="België", region="Gent", sector="mobility", question="how_to_grow", keywords="shared electric cars"), "C16"),
    # A Brussels housing official asking how a community land trust grows: CLT Brussels.
    (dict(country="Belgium", region="Brussel", sector="housing", question="how_to_grow", keywords="affordable land"), "C07"),
    # A Zeist care official asking how a village care cooperative grows: Austerlitz Zorgt (Zeist).
    (dict(country="Nederland", region="Zeist", sector="care", question="how_to_grow"), "C20"),
    # An energy official asking what went wrong with a supplier cooperative: NHEC (licence partner bankrupt).
    (dict(country="Netherlands", region="Noord-Holland", sector="energy", question="what_went_wrong",
          keywords="licence bankrupt"), "C03"),
])
def test_the_case_that_fits_sector_place_and_question_comes_first(cases, who, best):
    result = matching.match_participants(person(**who), cases, n=3)
    assert result["case_id"].iloc[0] == best
    assert list(result["rank"]) == [1, 2, 3]
    assert result["score"].is_monotonic_decreasing


def test_matching_recovers_the_planted_best_match_of_every_synthetic_participant(cases):
    result = matching.match_participants(data.load("participants"), cases, n=2)
    best = result[result["rank"] == 1].set_index("participant_id")["case_id"].to_dict()
    assert best == participants_truth()
    # and the planted case wins clearly, not by a tie broken on the case id
    margins = result.groupby("participant_id")["score"].agg(lambda s: s.iloc[0] - s.iloc[1])
    assert (margins > 0).all()


def test_reasons_name_every_shared_feature_in_plain_words(cases):
    result = matching.match_participants(person(country="België", region="Gent", sector="mobility",
                                                keywords="shared cars"), cases, n=1)
    reasons = result["reasons"].iloc[0]
    assert reasons.startswith("Same sector (mobility)")
    for part in ("same country (Belgium)", "in or near Gent", "answers 'it grew'", "'shared'"):
        assert part in reasons
    assert result["score"].iloc[0] == pytest.approx(sum(matching.POINTS[k] for k in ("sector", "country", "region", "question"))
                                                    + 2 * matching.POINTS["keyword"])


def test_the_same_input_gives_the_same_proposals(cases):
    people = data.load("participants")
    pd.testing.assert_frame_equal(matching.match_participants(people, cases), matching.match_participants(people, cases))


# --- the synthetic list, its datasheet and the template --------------------------------------


def test_synthetic_participants_regenerate_byte_for_byte_from_their_seed():
    assert (DATASETS / "participants.csv").read_text(encoding="utf-8") == csv_text(participants(PARTICIPANTS_SEED))


def test_datasheet_documents_the_ground_truth_the_generator_plants():
    meta = yaml.safe_load((DATASETS / "participants.yml").read_text(encoding="utf-8"))
    assert meta["synthetic"] is True and meta["ground_truth"]["seed"] == PARTICIPANTS_SEED
    assert meta["ground_truth"]["best_match"] == participants_truth()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_committed_participants_template_is_what_the_datasheet_makes(fmt):
    committed = DOWNLOADS / f"participants_template.{fmt}"
    assert committed.read_bytes() == participant.template("participants", fmt)


def test_a_filled_in_dutch_file_is_read_and_matched(tmp_path, cases):
    mine = tmp_path / "deelnemers.csv"
    mine.write_text("deelnemer;land;regio;sector;vraag;trefwoorden\nD1;België;Gent;mobility;how_to_grow;deelauto\n",
                    encoding="utf-8")
    people = matching.read_participants(mine)
    assert matching.match_participants(people, cases, n=1)["case_id"].iloc[0] == "C16"
    assert mine.read_text(encoding="utf-8").startswith("deelnemer;land")  # never modified


# --- bad input -------------------------------------------------------------------------------


def test_a_file_with_an_unknown_sector_names_the_row_and_the_column(tmp_path):
    bad = tmp_path / "list.csv"
    bad.write_text("participant_id,country,sector,question\nP1,Netherlands,energy,how_to_grow\nP2,Netherlands,zorg,how_to_grow\n",
                   encoding="utf-8")
    with pytest.raises(DataError) as err:
        matching.read_participants(bad)
    assert "row 3, column 'sector'" in str(err.value) and "'zorg'" in str(err.value)


def test_a_file_without_the_sector_column_says_which_column_is_missing(tmp_path):
    bad = tmp_path / "list.csv"
    bad.write_text("participant_id,country,question\nP1,Netherlands,how_to_grow\n", encoding="utf-8")
    with pytest.raises(DataError, match="required column is missing: sector"):
        matching.read_participants(bad)


def test_the_empty_template_is_refused_with_a_clear_message():
    with pytest.raises(DataError, match="no data rows"):
        matching.read_participants(DOWNLOADS / "participants_template.csv")


def test_a_table_without_a_column_names_the_column(cases):
    with pytest.raises(DataError, match="column 'sector': this column is missing"):
        matching.match_participants(person().drop(columns="sector"), cases)


def test_an_empty_table_names_the_first_row(cases):
    with pytest.raises(DataError, match="row 2: the table has no rows"):
        matching.match_participants(person().iloc[0:0], cases)


def test_an_unknown_sector_or_question_in_a_table_names_row_and_column(cases):
    people = pd.concat([person(), person(participant_id="X2", sector="zorg", question="why")], ignore_index=True)
    with pytest.raises(DataError) as err:
        matching.match_participants(people, cases)
    text = str(err.value)
    assert "row 3, column 'sector': unknown sector (found 'zorg')" in text
    assert "row 3, column 'question': unknown question (found 'why')" in text
    assert "row 2" not in text


@pytest.mark.parametrize("n", [0, 25, 2.5, True])
def test_the_number_of_proposals_must_be_a_whole_number_within_the_library(cases, n):
    with pytest.raises(ParameterError, match="a whole number from 1 to 24"):
        matching.match_participants(person(), cases, n=n)


def test_a_case_library_without_outcomes_is_refused(cases):
    with pytest.raises(DataError, match="column 'outcome'"):
        matching.match_participants(person(), cases.drop(columns="outcome"))


# --- the explorer ----------------------------------------------------------------------------


def test_matching_explorer_twin_matches_the_live_widget_and_ranks_the_planted_case_first(cases):
    from collectives.explorer import assert_twin_matches_live
    from collectives.widgets.matching import matching_explorer

    explorer = matching_explorer(data.load("participants"), cases)
    assert_twin_matches_live(explorer)
    assert len(explorer.twin().views) == 12
    figure = explorer.figure(participant="P03")
    assert list(figure.data[0].y)[-1] == "De Nieuwe Meent"          # best at the top
    assert figure.layout.meta["alt"] == "For P03, De Nieuwe Meent fits best with 10.5 points, ahead of De Warren with 7."
    assert "synthetic" in figure.layout.title.text
