"""Published series: reports kept apart, disagreements found, growth compared."""

import pandas as pd
import pytest

from collectives import data, trends
from collectives.errors import ParameterError


@pytest.fixture
def figures():
    return pd.DataFrame({
        "country": ["NL"] * 5 + ["DE"] * 2,
        "sector": ["energy"] * 7,
        "indicator": ["cooperatives", "cooperatives", "cooperatives", "members", "members", "cooperatives", "cooperatives"],
        "year": [2021, 2022, 2022, 2021, 2022, 2012, 2015],
        "value": [676.0, 705.0, 702.0, 112000.0, 120000.0, 642.0, 928.0],
        "qualifier": ["exact"] * 7,
        "unit": ["cooperatives", "cooperatives", "cooperatives", "persons", "persons", "cooperatives", "cooperatives"],
        "source_key": list("abcdefg"),
    })


def test_disagreeing_reports_are_listed_with_their_spread(figures):
    table = trends.disagreements(figures)
    assert table[["country", "year", "low", "high", "reports"]].to_dict("records") == [
        {"country": "NL", "year": 2022, "low": 702.0, "high": 705.0, "reports": 2}
    ]
    assert table["spread_pct"].iloc[0] == pytest.approx(100 * 3 / 702, abs=0.05)


def test_series_keeps_every_report_sorted_by_year(figures):
    rows = trends.series(figures, "NL", "energy", "cooperatives")
    assert rows["value"].tolist() == [676.0, 702.0, 705.0]


def test_unknown_series_names_the_known_ones(figures):
    with pytest.raises(ParameterError, match="NL · energy · cooperatives"):
        trends.series(figures, "NL", "housing", "homes")


def test_index_sets_the_first_year_to_100(figures):
    indexed = trends.as_index(trends.series(figures, "DE", "energy", "cooperatives"))
    assert indexed["index"].tolist() == pytest.approx([100.0, 100 * 928 / 642])


def test_ratio_keeps_every_pair_of_reports(figures):
    ratio = trends.ratio_by_year(
        figures,
        {"country": "NL", "sector": "energy", "indicator": "members"},
        {"country": "NL", "sector": "energy", "indicator": "cooperatives"},
    )
    assert sorted(ratio["ratio"]) == pytest.approx(sorted([112000 / 676, 120000 / 705, 120000 / 702]))


def test_catalogue_lists_series_with_at_least_two_years(figures):
    catalogue = trends.series_catalogue(figures)
    assert set(catalogue["label"]) == {"NL · energy · cooperatives", "NL · energy · members", "DE · energy · cooperatives"}


def test_published_dutch_energy_figures_show_the_2022_disagreement():
    table = trends.disagreements(data.load("published_figures"))
    nl_2022 = table[(table["country"] == "Netherlands") & (table["indicator"] == "cooperatives") & (table["year"] == 2022)]
    assert nl_2022[["low", "high"]].iloc[0].tolist() == [702.0, 705.0]
