"""Specifications of collectives.qualitative: a transparent codebook coder and Cohen's kappa."""

from __future__ import annotations

import pandas as pd
import pytest

from collectives import data
from collectives import qualitative as q
from collectives.errors import DataError, ParameterError


def test_cohen_kappa_reproduces_the_textbook_two_by_two_example():
    """50 items: both yes 20, A yes/B no 5, A no/B yes 10, both no 15 → po 0.70, pe 0.50, kappa 0.40."""
    a = ["yes"] * 25 + ["no"] * 25
    b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    r = q.cohen_kappa(a, b)
    assert r.observed == pytest.approx(0.70)
    assert r.expected == pytest.approx(0.50)
    assert r.kappa == pytest.approx(0.40)
    assert r.n == 50 and r.label == "fair"


def test_cohen_kappa_is_one_for_identical_and_about_zero_for_chance_codings():
    assert q.cohen_kappa(list("abcab"), list("abcab")).kappa == pytest.approx(1.0)
    # every combination equally often: agreement no better than chance
    a = ["x", "x", "y", "y"] * 10
    b = ["x", "y", "x", "y"] * 10
    assert q.cohen_kappa(a, b).kappa == pytest.approx(0.0)


def test_kappa_labels_follow_landis_and_koch():
    def label(k):
        return q.KappaResult(kappa=k, observed=0, expected=0, n=1, categories=()).label
    assert [label(k) for k in (-0.1, 0.1, 0.3, 0.5, 0.7, 0.9)] == [
        "poor", "slight", "fair", "moderate", "substantial", "almost perfect"]


def test_codings_of_different_length_are_refused():
    with pytest.raises(ParameterError, match="equal length"):
        q.cohen_kappa(["a", "b"], ["a"])


def test_agreement_table_has_agreements_on_the_diagonal():
    t = q.agreement_table(["a", "a", "b", "c"], ["a", "b", "b", "c"])
    assert t.loc["a", "a"] == 1 and t.loc["a", "b"] == 1 and t.loc["b", "b"] == 1 and t.loc["c", "c"] == 1
    assert int(t.to_numpy().sum()) == 4


def test_coder_reads_dutch_and_english_and_says_which_words_decided():
    answers = pd.DataFrame({
        "open_answer": ["Ik word goed op de hoogte gehouden via de nieuwsbrief.",
                        "The membership fee has gone up a lot.",
                        "Het zijn steeds dezelfde mensen die al het werk doen.",
                        None],
        "language": ["nl", "en", "nl", "nl"]})
    c = q.code_answers(answers)
    assert c["theme"].tolist() == ["communication", "costs", "workload", q.UNCODED]
    assert c["sentiment"].tolist() == ["positive", "negative", "negative", "none"]
    assert "nieuwsbrief" in c.loc[0, "theme_words"] and c.loc[0, "theme_hits"] == 2
    assert list(c.index) == list(answers.index)


def test_coder_misses_dutch_compounds_it_was_not_given():
    """'energierekening' does not start with 'rekening': a keyword coder needs every compound."""
    c = q.code_answers(["Mijn energierekening is omlaag gegaan."])
    assert c.loc[0, "theme"] == q.UNCODED


def test_coder_agrees_almost_perfectly_with_the_synthetic_answer_key():
    survey = data.load("member_survey")
    answers = survey[survey["open_answer"].notna()]
    coded = q.code_answers(answers)
    theme = q.cohen_kappa(coded["theme"], answers["true_theme"])
    assert 0.85 < theme.kappa < 0.95  # good, not perfect: compounds and mixed answers go wrong
    assert q.cohen_kappa(coded["sentiment"], answers["true_sentiment"]).kappa > 0.6


def test_theme_frequencies_count_by_tone_and_sum_to_one():
    c = pd.DataFrame({"theme": ["costs", "costs", "trust", q.UNCODED],
                      "sentiment": ["negative", "positive", "negative", "none"]})
    f = q.theme_frequencies(c)
    assert f["theme"].tolist()[0] == "costs"
    assert f["share"].sum() == pytest.approx(1.0)
    g = q.theme_frequencies(c, include_uncoded=False)
    assert q.UNCODED not in g["theme"].tolist()
    assert g.set_index("theme").loc["costs", "negative"] == 1


def test_representative_quotes_prefer_more_theme_words_then_shorter():
    coded = q.code_answers(["Te duur.", "De contributie en de kosten zijn te duur.", "Duur, duur."])
    quotes = q.representative_quotes(coded, n=1, sentiment=None)
    assert quotes.loc[0, "quote"] == "De contributie en de kosten zijn te duur."


def test_bad_input_is_explained():
    with pytest.raises(DataError, match="open_answer"):
        q.code_answers(pd.DataFrame({"text": ["a"]}))
    with pytest.raises(ParameterError):
        q.representative_quotes(q.code_answers(["a"]), n=0)
    with pytest.raises(ParameterError):
        q.code_answers(["a"], codebook="my codebook")


def test_codebook_table_lists_every_theme_with_words_in_both_languages():
    t = q.DEFAULT_CODEBOOK.table()
    assert set(t["theme"]) == {"communication", "workload", "trust", "costs", "social_contact", "sustainability"}
    assert (t["words (nl)"].str.len() > 0).all() and (t["words (en)"].str.len() > 0).all()
