"""Specifications of collectives.cases (case library, timeline, definition boundaries) and of the
deep-dive-1 figures and explorers that show them."""

from __future__ import annotations

import json

import pandas as pd
import plotly
import pytest

from collectives import data
from collectives.cases import (LEGAL_FORM_GROUPS, filter_cases, filter_timeline, legal_form_group,
                               legal_form_summary, place_initiative, prepare_cases)
from collectives.errors import CollectivesError, ParameterError
from collectives.explorer import assert_twin_matches_live
from collectives.figures.day1 import case_timeline, legal_form_chart, timeline_figure
from collectives.widgets.day1 import case_explorer, timeline_explorer


@pytest.fixture(scope="module")
def cases() -> pd.DataFrame:
    return prepare_cases(data.load("cases"))


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return data.load("timeline")


def test_legal_forms_are_grouped_into_four_families():
    assert legal_form_group("coöperatieve vereniging B.A.") == "cooperative"
    assert legal_form_group("Genossenschaft") == "cooperative"
    assert legal_form_group("asbl/vzw with a sister foundation") == "association or foundation"
    assert legal_form_group("society (not-for-profit)") == "other"
    assert legal_form_group("none (informal movement, no legal status)") == "none or not in sources"
    assert legal_form_group(pd.NA) == "none or not in sources"


def test_prepare_cases_measures_age_until_ending_or_as_of_year(cases):
    fagor = cases.set_index("name").loc["Fagor Electrodomésticos"]
    assert fagor["age_years"] == 2013 - 1956 and fagor["end_year"] == 2013
    ecopower = cases.set_index("name").loc["Ecopower"]
    assert ecopower["age_years"] == 2025 - 1991
    assert pd.isna(cases.set_index("name").loc["De Warren", "age_years"])  # founding year not in the sources


def test_filter_cases_combines_choices(cases):
    rows = filter_cases(cases, sector="energy", country="Netherlands")
    assert set(rows["name"]) == {"De Windvogel", "Noordhollandse Energie Coöperatie (NHEC)"}
    assert set(filter_cases(cases, outcome="failed")["case_id"]) == {"C12", "C14", "C18"}


def test_age_filter_leaves_out_cases_without_founding_year(cases):
    rows = filter_cases(cases, min_age=50)
    assert set(rows["name"]) == {"Park Slope Food Coop", "Mondragon Corporation", "Fagor Electrodomésticos"}
    assert filter_cases(cases, max_age=10)["age_years"].notna().all()


def test_a_combination_that_matches_nothing_gives_a_friendly_message(cases):
    with pytest.raises(CollectivesError, match="No case in the library matches sector = care, outcome = failed"):
        filter_cases(cases, sector="care", outcome="failed")


def test_unknown_values_and_reversed_ranges_are_parameter_errors(cases):
    with pytest.raises(ParameterError, match="country = 'Nederland'"):
        filter_cases(cases, country="Nederland")
    with pytest.raises(ParameterError, match="legal form"):
        filter_cases(cases, legal_form="bv")
    with pytest.raises(ParameterError, match="age range"):
        filter_cases(cases, min_age=20, max_age=10)


def test_legal_form_summary_counts_every_case_once(cases):
    summary = legal_form_summary(cases)
    assert summary["cases"].sum() == len(cases) == 24
    assert set(summary["legal_form_group"].astype(str)) <= set(LEGAL_FORM_GROUPS)


def test_every_timeline_event_is_sourced_and_in_order(events):
    import glob
    import re
    keys = set(re.findall(r"^@\w+\{([^,]+),", "".join(open(f, encoding="utf-8").read()
                                                      for f in glob.glob("references/*.bib")), re.M))
    assert set(events["source_key"]) <= keys
    assert events["year"].is_monotonic_increasing
    assert {"Rochdale Equitable Pioneers open their shop", "Woningwet 1901"} <= set(events["title"])


def test_filter_timeline_by_wave_country_and_period(events):
    second_nl = filter_timeline(events, wave="second", country="Netherlands")
    assert second_nl["year"].tolist() == [1852, 1868, 1876, 1898, 1901, 1972]
    elsewhere = filter_timeline(events, country="elsewhere", end_year=1900)
    assert set(elsewhere["country"]) == {"United Kingdom", "Germany", "International"}
    with pytest.raises(CollectivesError, match="No event in the timeline matches wave = first, sector = energy"):
        filter_timeline(events, wave="first", sector="energy")
    with pytest.raises(ParameterError):
        filter_timeline(events, start_year=2000, end_year=1900)


@pytest.mark.parametrize("answers, verdict", [
    (dict(citizen_initiated=True, members_control=True, serves_members=True, serves_community=True), "citizen collective"),
    (dict(citizen_initiated=True, members_control=True, serves_members=True, serves_community=False), "borderline"),
    (dict(citizen_initiated=False, members_control=True, serves_members=True, serves_community=True), "borderline"),
    (dict(citizen_initiated=True, members_control=False, serves_members=False, serves_community=True), "not a citizen collective"),
    (dict(citizen_initiated=True, members_control=True, serves_members=True, serves_community=True,
          run_by_government=True), "not a citizen collective"),
])
def test_place_initiative_on_the_definitions_boundaries(answers, verdict):
    placement = place_initiative(**answers)
    assert placement.verdict == verdict and placement.reasons


def _json(fig) -> str:
    return json.dumps(fig.to_plotly_json(), cls=plotly.utils.PlotlyJSONEncoder, sort_keys=True)


def test_fast_live_figures_equal_validated_figures(cases, events):
    assert _json(case_timeline(cases, title="t", alt="a")) == _json(case_timeline(cases, title="t", alt="a", validate=False))
    assert _json(timeline_figure(events, title="t", alt="a")) == _json(timeline_figure(events, title="t", alt="a", validate=False))


def test_figures_carry_alt_text(cases, events):
    fig = timeline_figure(events, title="t", alt="Events from 1200 to 2024.")
    assert fig.layout.meta["alt"] == "Events from 1200 to 2024." and not fig.layout.updatemenus
    with pytest.raises(ParameterError):
        case_timeline(cases, title="t", alt=" ", validate=False)
    assert legal_form_chart(legal_form_summary(cases), title="t", alt="a").layout.barmode == "stack"


def test_case_explorer_combines_filters_and_says_when_nothing_matches(cases):
    explorer = case_explorer(cases)
    box = explorer.widget()
    assert box.render(sector="care", outcome="failed") is None
    assert "No case in the library matches" in box.message.value
    assert box.render(sector="care").layout.title.text.startswith(f"{len(filter_cases(cases, sector='care'))} case(s)")
    assert box.message.value == ""
    failed = box.render(outcome="failed", country="Spain")  # live only: the country
    assert failed.layout.title.text == "1 case(s) match" and "Fagor" in failed.layout.meta["alt"]
    twin = explorer.twin()
    assert len(twin.views) == 8 * 6 and twin.fixed[:2] == ("Country", "Legal form")
    assert_twin_matches_live(explorer)


def test_timeline_explorer_filters_by_wave_country_and_period_and_says_when_nothing_matches(events):
    explorer = timeline_explorer(events)
    box = explorer.widget()
    assert box.render(wave="first", sector="energy") is None
    assert "Widen the period" in box.message.value
    since = box.render(period=(1990, None))
    assert since.layout.title.text.startswith(f"{(events['year'] >= 1990).sum()} event(s)")
    twin = explorer.twin()
    assert len(twin.views) == 4 * 4 * 4 and twin.fixed == ("Field",)
    assert_twin_matches_live(explorer)


# Counts and claims the day-1 chapters write in words; the digits are glued from the data.


def test_twenty_four_cases_and_thirty_six_events_as_the_headings_and_captions_say(cases, events):
    from collectives.course import ROOT

    assert len(cases) == 24 and "## Twenty-four real cases" in (ROOT / "book/day1/cases.md").read_text(encoding="utf-8")
    assert len(events) == 36 and "thirty-six events" in (ROOT / "book/day1/history.md").read_text(encoding="utf-8")


def test_legal_form_alt_text_claims_hold(cases):
    prepared = cases
    by_sector = prepared.groupby("sector", observed=True)["legal_form_group"].agg(lambda g: set(g.astype(str)))
    assert by_sector["energy"] == by_sector["care"] == {"cooperative"}       # "All energy and care cases are cooperatives"
    for sector in ("housing", "mobility", "social_wellbeing"):                 # "… mix legal forms"
        assert len(by_sector[sector]) > 1, sector
    assert (prepared["legal_form_group"] == "other").sum() == 1                 # "{n} has another form"
