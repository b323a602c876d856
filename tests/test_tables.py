"""Readable tables: what a reader sees instead of a raw DataFrame."""

from __future__ import annotations

import pandas as pd
import pytest

from collectives.errors import ParameterError
from collectives.tables import human_header, table, table_choice


def test_headers_are_written_for_readers_with_units_in_brackets():
    assert human_header("source_key") == "Source key"
    assert human_header("covers_truth") == "Covers truth"
    assert human_header("ci_low") == "CI low"
    assert human_header("cost_eur") == "Cost (€)"
    assert human_header("gap_pp") == "Gap (percentage points)"
    assert human_header("n_peers") == "Number of peers"
    assert human_header("value", unit="%") == "Value (%)"
    assert human_header("Already readable") == "Already readable"


def test_numbers_get_thousands_separators_and_no_trailing_zeros():
    t = table(pd.DataFrame({"members": [7400.0, 120.0], "share": [0.25, 0.5], "year": [1990, 2024]}), "c")
    assert t.rows == [["7,400", "0.25", "1990"], ["120", "0.50", "2024"]]
    assert t.numeric == [True, True, True]


def test_decimals_can_be_fixed_and_negative_numbers_use_a_true_minus():
    t = table(pd.DataFrame({"effect_pp": [-1.2345, 2.0]}), "c", decimals=2)
    assert t.rows == [["−1.23"], ["2.00"]]


def test_booleans_read_yes_no_and_missing_values_are_marked():
    t = table(pd.DataFrame({"covers_truth": [True, False], "value": [1.5, None]}), "c")
    assert t.rows == [["yes", "1.50"], ["no", "–"]]


def test_a_default_index_is_dropped_and_a_meaningful_one_becomes_a_column():
    plain = table(pd.DataFrame({"x": [1, 2]}), "c")
    assert plain.headers == ["X"]
    named = table(pd.DataFrame({"cases": [3, 4]}, index=pd.Index(["energy", "housing"], name="sector")), "c")
    assert named.headers == ["Sector", "Cases"]
    assert named.rows == [["energy", "3"], ["housing", "4"]]


def test_html_has_a_caption_scope_headers_a_scroll_region_and_escapes_text():
    html = table(pd.DataFrame({"note": ["<b>a & b</b>"]}), "Notes (synthetic)").to_html()
    assert "<caption>Notes (synthetic)</caption>" in html
    assert '<th scope="col">Note</th>' in html
    assert 'role="region" aria-label="Notes (synthetic)" tabindex="0"' in html
    assert "&lt;b&gt;a &amp; b&lt;/b&gt;" in html
    assert "<th></th>" not in html  # no index column


def test_bad_input_gets_a_clear_message():
    with pytest.raises(ParameterError, match="caption"):
        table(pd.DataFrame({"x": [1]}), "")
    with pytest.raises(ParameterError, match="DataFrame"):
        table([1, 2], "c")
    with pytest.raises(ParameterError, match="no_such_column"):
        table(pd.DataFrame({"x": [1]}), "c", headers={"no_such_column": "X"})
    with pytest.raises(ParameterError, match="slug"):
        table_choice({"a": pd.DataFrame({"x": [1]})}, label="L", caption="c", slug="Not OK")


def test_a_table_choice_shows_the_first_table_and_labels_its_menu():
    html = table_choice({"A": pd.DataFrame({"x": [1]}), "B": pd.DataFrame({"x": [2]})},
                        label="Country", caption="Forms", slug="forms").to_html()
    assert '<label class="table-choice__label" for="forms-menu">Country</label>' in html
    assert '<div class="table-choice__panel" data-choice="0">' in html
    assert '<div class="table-choice__panel" data-choice="1" hidden>' in html


def test_years_never_get_a_thousands_separator_also_when_named_in_the_header():
    frame = pd.DataFrame({"first": [1844], "founded_year": [1990], "members": [1844]})
    t = table(frame, "c", headers={"first": "First year"})
    assert t.rows == [["1844", "1990", "1,844"]]


def test_counts_keep_no_decimals_when_the_other_numbers_get_two():
    t = table(pd.DataFrame({"respondents": [300, 120], "mean": [3.2345, 2.5]}), "c", decimals=2)
    assert t.rows == [["300", "3.23"], ["120", "2.50"]]


def test_row_positions_left_from_filtering_are_not_shown():
    frame = pd.DataFrame({"x": [1, 2, 3]}).iloc[[2, 0]]
    assert table(frame, "c").headers == ["X"]
    assert human_header("form_en") == "Form (English)" and human_header("pvalue") == "P-value"
