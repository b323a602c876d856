"""The course evaluates itself: KPIs per day and themes of the open answers, on the synthetic forms."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from collectives import course_evaluation as ce
from collectives import data, participant, qualitative
from collectives.errors import DataError, ParameterError
from collectives.synthetic import csv_text
from collectives.synthetic.course_evaluation import EVALUATION_SEED, EVALUATION_TRUTH, course_evaluation

ROOT = Path(__file__).resolve().parents[1]
DATASETS = ROOT / "datasets"
DOWNLOADS = ROOT / "book" / "downloads"


@pytest.fixture(scope="module")
def forms():
    return data.load("course_evaluation")


def test_synthetic_forms_regenerate_byte_for_byte_from_their_seed():
    assert (DATASETS / "course_evaluation.csv").read_text(encoding="utf-8") == csv_text(course_evaluation(EVALUATION_SEED))


def test_datasheet_states_the_planted_weakest_item():
    meta = yaml.safe_load((DATASETS / "course_evaluation.yml").read_text(encoding="utf-8"))
    item, day = EVALUATION_TRUTH["weakest"]
    assert meta["ground_truth"]["weakest"] == {"item": item, "day": day}


def test_share_agreeing_is_the_share_of_scores_of_four_or_five(forms):
    kpis = ce.day_kpis(forms)
    assert len(kpis) == 5 * 3
    for row in kpis.itertuples():
        scores = forms.loc[forms["day"] == row.day, row.item].astype(float)
        assert row.share_agree == pytest.approx((scores >= 4).mean())
        assert row.mean == pytest.approx(scores.mean())
        assert row.ci_low < row.mean < row.ci_high


def test_the_planted_weakest_item_and_day_is_the_first_improvement_point(forms):
    points = ce.improvement_points(ce.day_kpis(forms), target=0.7)
    item, day = EVALUATION_TRUTH["weakest"]
    assert (points["day"].iloc[0], points["item"].iloc[0]) == (day, item)
    assert points["share_agree"].is_monotonic_increasing and (points["share_agree"] < 0.7).all()


def test_the_codebook_recovers_the_planted_themes_and_tones(forms):
    coded, freq = ce.open_answer_themes(forms)
    answered = forms[forms["open_answer"].fillna("") != ""]
    kappa = qualitative.cohen_kappa(coded["theme"], answered["true_theme"].astype(str))
    assert kappa.kappa > 0.9
    assert (coded["sentiment"].to_numpy() == answered["true_sentiment"].astype(str).to_numpy()).mean() > 0.9
    assert freq["total"].sum() == len(answered)


def test_day_four_answers_are_mostly_about_the_pace(forms):
    _, freq = ce.open_answer_themes(forms, by_day=True)
    day4 = freq[freq["day"] == 4].sort_values("total", ascending=False)
    assert day4["theme"].iloc[0] == "pace"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_committed_evaluation_template_has_no_answer_key(fmt):
    committed = DOWNLOADS / f"course_evaluation_template.{fmt}"
    assert committed.read_bytes() == participant.template(ce.fill_in_sheet(), fmt)
    if fmt == "csv":
        assert "true_" not in committed.read_text(encoding="utf-8")


def test_an_own_file_without_answer_key_is_read_and_analysed(tmp_path, forms):
    mine = tmp_path / "evaluatie.csv"
    own = forms.drop(columns=["true_theme", "true_sentiment"]).rename(columns={"day": "dag", "useful": "nuttig"})
    mine.write_text(own.to_csv(index=False, sep=";"), encoding="utf-8")
    read = ce.read_evaluation(mine)
    pd.testing.assert_frame_equal(ce.day_kpis(read), ce.day_kpis(forms))


def test_a_score_outside_one_to_five_names_the_row_and_the_column(tmp_path):
    bad = tmp_path / "forms.csv"
    bad.write_text("response_id,day,useful,applicable,afternoon,open_answer\nE1,1,4,4,4,\nE2,1,7,4,4,\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"row 3, column 'useful'"):
        ce.read_evaluation(bad)


def test_a_file_without_the_day_names_the_missing_column(tmp_path):
    bad = tmp_path / "forms.csv"
    bad.write_text("response_id,useful,applicable,afternoon,open_answer\nE1,4,4,4,\n", encoding="utf-8")
    with pytest.raises(DataError, match="required column is missing: day"):
        ce.read_evaluation(bad)


def test_an_empty_table_and_a_missing_column_are_refused(forms):
    with pytest.raises(DataError, match="row 2: the table has no forms"):
        ce.day_kpis(forms.iloc[0:0])
    with pytest.raises(DataError, match="column 'afternoon': this column is missing"):
        ce.day_kpis(forms.drop(columns="afternoon"))


@pytest.mark.parametrize("target", [0, 1.5, "70%", True])
def test_the_target_must_be_a_share(forms, target):
    with pytest.raises(ParameterError, match="a share between 0 and 1"):
        ce.improvement_points(ce.day_kpis(forms), target=target)
