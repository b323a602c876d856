"""Specifications of collectives.validate: one vocabulary, one exception per kind of mistake."""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
import pytest

from collectives import validate
from collectives.errors import DataError, LimitError, ParameterError, describe


def test_messages_name_the_parameter_and_format_numbers_for_people():
    with pytest.raises(ParameterError) as info:
        validate.number("discount_rate", np.float64("nan"), min=0, max=0.3)
    text = str(info.value)
    assert text.startswith("discount_rate = NaN (not a number) is not accepted")
    assert "np.float64" not in text and "ParameterError" not in text
    with pytest.raises(ParameterError, match=r"^count = 100000000000000000000 is not accepted"):
        validate.integer("count", 10**20, max=2**62)
    assert describe(np.int64(12)) == "12" and describe(float("inf")) == "infinity"


@pytest.mark.parametrize("bad", [True, "3", None, float("inf"), 2.5])
def test_integer_refuses_what_is_not_a_whole_number(bad):
    with pytest.raises(ParameterError, match="months"):
        validate.integer("months", bad, min=1)


def test_probability_hints_at_a_percentage():
    with pytest.raises(ParameterError, match="divide by 100"):
        validate.probability("share", 25)
    assert validate.probability("share", 1) == 1.0


def test_a_missing_column_is_always_a_data_error_naming_it():
    from collectives import feedback, qualitative, survival
    from collectives.evaluation import case_study
    from collectives.governance import representation

    empty = pd.DataFrame({"x": [1]})
    calls = [lambda: survival.survival_table(empty), lambda: feedback.survey_item_summary(empty, ["q1"]),
             lambda: qualitative.theme_frequencies(empty), lambda: representation.representation_gap(empty),
             lambda: case_study.prepare_panel(empty), lambda: validate.require_columns(empty, ["y"])]
    for call in calls:
        with pytest.raises(DataError) as info:
            call()
        assert "not found; the columns are: x" in str(info.value)


def test_finite_array_names_the_first_bad_position():
    with pytest.raises(ParameterError, match=r"^time\[2\] = NaN"):
        validate.finite_array("time", [1, 2, float("nan")])
    with pytest.raises(ParameterError, match=r"^event\[0\] = 2 "):
        validate.finite_array("event", [2, 1], allowed=(0, 1))
    with pytest.raises(ParameterError, match=r"^time = None"):
        validate.finite_array("time", None)


def test_limit_refuses_with_the_cap_in_the_message():
    with pytest.raises(LimitError, match="more than the limit of 100 000"):
        validate.limit("time steps", 10**12, 100_000, "use a larger step")


def test_text_list_refuses_a_bare_string():
    with pytest.raises(ParameterError, match=r"a list of texts, e.g. \['een antwoord'\]"):
        validate.text_list("answers", "een antwoord")


def test_normalise_text_makes_two_spellings_of_cafe_one():
    assert validate.normalise_text("Cafe\u0301") == validate.normalise_text("Caf\u00e9\u200b") == "Caf\u00e9"


def test_kpi_and_valuation_do_not_load_statsmodels():
    import subprocess

    code = "import sys, collectives.kpi, collectives.valuation; print('statsmodels' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
