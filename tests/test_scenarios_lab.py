"""Specifications of the rest of the scenario lab: the agent-based model's reproduced finding,
scenario plans and backcasting, participants' own data end to end, the explorer, the datasets
and the claims the day-5 chapters make in prose."""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from collectives import data, participant
from collectives.errors import DataError, ParameterError
from collectives.explorer import assert_twin_matches_live
from collectives.scenarios import (STRATEGIES, backcast, download_link, estimate_parameters, outside_worlds,
                                   read_start, results_csv, safe_cell, scenario_matrix, scenario_table, simulate)
from collectives.scenarios.agents import PopulationModel, leader_bottleneck, run_population
from collectives.synthetic import csv_text
from collectives.synthetic.scenario_start import scenario_start
from collectives.widgets.scenarios import scenario_explorer

ROOT = Path(__file__).resolve().parents[1]
DOWNLOADS = ROOT / "book" / "downloads"


# ---------------------------------------------------------------- agent-based model (Ghorbani et al. 2020)

@pytest.fixture(scope="module")
def bottleneck():
    return leader_bottleneck(leader_shares=(0.04, 0.08), supporter_shares=(0.5, 1.0), seeds=range(3),
                             residents=1000, neighbourhoods=20, steps=40).set_index(["leader_share", "supporter_share"])


def test_potential_leaders_are_the_bottleneck_of_initiative_formation(bottleneck):
    base = bottleneck.loc[(0.04, 0.5), "initiatives"]
    more_leaders = bottleneck.loc[(0.08, 0.5), "initiatives"]
    more_supporters = bottleneck.loc[(0.04, 1.0), "initiatives"]
    assert more_leaders > 1.5 * base                       # doubling potential leaders: many more initiatives
    assert more_leaders - base > 3 * (more_supporters - base)   # doubling supporters: hardly more


def test_more_supporters_make_existing_initiatives_bigger_and_too_few_supporters_bind_too(bottleneck):
    assert bottleneck.loc[(0.04, 1.0), "members"] > bottleneck.loc[(0.04, 0.5), "members"]
    scarce = leader_bottleneck(leader_shares=(0.04,), supporter_shares=(0.25,), seeds=range(3), residents=1000,
                               neighbourhoods=20, steps=40)["initiatives"].item()
    assert scarce < 0.5 * bottleneck.loc[(0.04, 0.5), "initiatives"]


def test_without_potential_leaders_no_initiative_forms():
    assert run_population(residents=400, neighbourhoods=8, steps=20, leader_share=0.0, seed=2)["initiatives"].max() == 0


def test_the_agent_based_model_is_reproducible_from_its_seed():
    a = run_population(residents=300, neighbourhoods=6, steps=15, seed=9, leader_share=0.1)
    pd.testing.assert_frame_equal(a, run_population(residents=300, neighbourhoods=6, steps=15, seed=9, leader_share=0.1))


def test_the_agent_based_model_refuses_bad_settings_in_words():
    with pytest.raises(ParameterError, match="leader_share = 1.5 is not accepted"):
        PopulationModel(100, 5, leader_share=1.5)
    with pytest.raises(ParameterError, match="neighbourhoods = 50"):
        PopulationModel(100, 50)


# ---------------------------------------------------------------- scenario plans and backcasting

START = data.load("scenario_start")


def test_outside_worlds_cross_two_drivers_into_four_named_worlds():
    worlds = outside_worlds(("energy_price", 0.7, 1.5), ("national_subsidy", 0, 1))
    assert list(worlds) == ["low energy price, low national subsidy", "low energy price, high national subsidy",
                            "high energy price, low national subsidy", "high energy price, high national subsidy"]
    with pytest.raises(ParameterError, match="one of the outside drivers"):
        outside_worlds(("budget", 0, 1), ("energy_price", 0.7, 1.5))
    with pytest.raises(ParameterError, match="a different driver"):
        outside_worlds(("energy_price", 0.7, 1.5), ("energy_price", 0.5, 2))


def test_scenario_matrix_has_every_strategy_in_every_world_with_ordered_bands():
    m = scenario_matrix(START, years=5, runs=100, seed=2)
    assert set(m["strategy"]) == set(STRATEGIES) and m["world"].nunique() == 4
    assert (m["low"] <= m["median"]).all() and (m["median"] <= m["high"]).all()
    assert scenario_table(m, "members").shape == (4, 4)


def test_backcasting_a_goal_already_reached_says_start_any_time_and_an_impossible_goal_never():
    easy = backcast(START, "members", 1, 2030, runs=50)
    assert all(year == 2029 for year in easy.attrs["latest_start"].values())
    impossible = backcast(START, "members", 10_000_000, 2030, runs=50)
    assert all(year is None for year in impossible.attrs["latest_start"].values())
    with pytest.raises(ParameterError, match="goal_variable = 'trust'"):
        backcast(START, "trust", 1, 2030)


# ---------------------------------------------------------------- participants' own data, end to end

def test_committed_scenario_templates_are_what_the_template_writer_makes_now():
    for fmt in ("csv", "xlsx"):
        assert (DOWNLOADS / f"scenario_start_template.{fmt}").read_bytes() == participant.template("scenario_start", fmt)


def test_participant_path_from_the_template_file_to_a_csv_download(tmp_path):
    book = openpyxl.load_workbook(DOWNLOADS / "scenario_start_template.xlsx")
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    rows = [{"collective_id": "Zon op Zuid", "members": 230, "volunteers": 12, "year": 2024},
            {"collective_id": "Zon op Zuid", "members": 260, "volunteers": 14, "year": 2025, "potential_members": 900},
            {"collective_id": "@SUM(A1:A9)", "members": 80, "volunteers": 6, "year": 2025}]
    for r in rows:
        sheet.append([r.get(h) for h in header])
    path = tmp_path / "mijn_collectieven.xlsx"
    book.save(path)
    before = path.read_bytes()
    mine = read_start(path)
    assert path.read_bytes() == before                              # the participant's file is never changed
    assert mine["collective_id"].tolist() == ["Zon op Zuid", "@SUM(A1:A9)"]   # latest year per collective
    assert mine["members"].tolist() == [260, 80]
    out = simulate(mine, STRATEGIES["facilitate"][1], {}, years=5, runs=20, seed=0)
    assert out.query("year == 2025 and variable == 'members'")["value"].eq(340).all()
    table = mine.assign(note=["=HYPERLINK(\"http://x\")", "-5 members?"])
    text = results_csv(table).decode("utf-8-sig")
    assert "'@SUM(A1:A9)" in text and "'-5 members?" in text and "'=HYPERLINK" in text
    cells = [c for line in text.splitlines() for c in line.split(",")]
    assert not [c for c in cells if c.lstrip('"').startswith(("=", "+", "-", "@"))]
    link = download_link(out, "mine.csv")
    payload = base64.b64decode(re.search(r"base64,([^\"]+)", link).group(1)).decode("utf-8-sig")
    assert payload.startswith("run,year,variable,value")


def test_a_participant_file_that_lacks_what_the_model_needs_says_what_and_where():
    with pytest.raises(DataError) as err:
        read_start(b"collective_id;leden\nMijn coop;40\n", filename="mijn.csv")
    assert "volunteers" in str(err.value)
    with pytest.raises(DataError, match="row 2, column 'vrijwilligers': there are more volunteers than members"):
        read_start(b"collective_id;leden;vrijwilligers\nMijn coop;40;55\n", filename="mijn.csv")


def test_safe_cell_leaves_numbers_and_ordinary_text_alone():
    assert [safe_cell(v) for v in (-5, 3.2, "co-own", "+31 6", "@home", " =1")] == [-5, 3.2, "co-own", "'+31 6", "'@home", "' =1"]
    with pytest.raises(ParameterError, match="a plain file name ending in .csv"):
        download_link(pd.DataFrame({"a": [1]}), "../x.csv")


# ---------------------------------------------------------------- the explorer

def test_scenario_explorer_twin_matches_the_live_widget_and_stays_small():
    ex = scenario_explorer(START, runs=40)
    assert len(ex.twin().views) == 4 * 3 * 3 * 2
    assert_twin_matches_live(ex)


def test_live_scenario_explorer_takes_levers_and_own_data():
    mine = pd.DataFrame({"collective_id": ["a"], "members": [100], "volunteers": [8]})
    box = scenario_explorer(mine, runs=30, label="our cooperative").widget()
    fig = box.render(strategy="co-own", extra_grant_eur=10_000, permit_months=4, national_subsidy=0)
    assert "our cooperative" in fig.layout.meta["alt"] and "from 100" in fig.layout.meta["alt"]


# ---------------------------------------------------------------- datasets

def test_scenario_start_regenerates_byte_for_byte_from_the_synthetic_panel():
    assert csv_text(scenario_start()) == (ROOT / "datasets" / "scenario_start.csv").read_text(encoding="utf-8")


def test_energy_monitor_has_one_preferred_row_per_edition_and_every_source_in_the_bibliography():
    monitor = data.load("energy_monitor")
    counts = monitor[monitor["preferred"]].groupby(["country", "sector", "indicator", "edition_year"], observed=True).size()
    assert (counts == 1).all()
    dutch = monitor[(monitor["country"] == "Netherlands") & (monitor["indicator"] == "cooperatives") & monitor["preferred"]]
    assert dutch.set_index("edition_year")["value"].to_dict() == {
        2015: 212, 2016: 313, 2017: 392, 2018: 484, 2019: 582, 2020: 623, 2021: 676, 2022: 705, 2023: 714, 2024: 702}
    keys = set(re.findall(r"@\w+\{([^,]+),", "".join(p.read_text(encoding="utf-8") for p in (ROOT / "references").glob("*.bib"))))
    assert set(monitor["source_key"]) <= keys
    assert all(k.endswith("-scn") for k in set(monitor["source_key"]) - set(data.load("published_figures")["source_key"]))


# ---------------------------------------------------------------- claims the chapters make in prose

@pytest.fixture(scope="module")
def panel_params():
    return estimate_parameters(data.load("monitor_panel")).params


def test_scenarios_chapter_claims_hold(panel_params):
    worlds = outside_worlds(("energy_price", 0.7, 1.5), ("volunteer_availability", 0.7, 1.2))
    m = scenario_matrix(START, worlds=worlds, years=10, runs=500, seed=11, params=panel_params)
    end = m[(m["variable"] == "members") & (m["year"] == 2035)].pivot(index="strategy", columns="world", values="median")
    assert end.loc["co-own"].min() > end.loc["hands off"].max()          # co-own in its worst world beats hands off in its best
    ranks = end.rank(ascending=False)
    assert (ranks.loc["hands off"] == 4).all()                          # hands off is last in every world
    assert set(ranks.loc[["co-own", "commission"]].stack()) <= {1.0, 2.0}  # co-own and commission are the best two everywhere
    worst = m[(m["variable"] == "members") & (m["year"] == 2035)
              & (m["world"] == "low energy price, low volunteer availability")].set_index("strategy")
    assert worst.loc["co-own", "low"] < worst.loc["commission", "high"] and worst.loc["commission", "low"] < worst.loc["co-own", "high"]
    plan = backcast(START, "members", 5000, 2033, probability=0.8, runs=500, seed=11, params=panel_params)
    chance = plan.pivot(index="start_year", columns="strategy", values="chance")
    assert (chance["hands off"] == 0).all() and (chance["facilitate"] == 0).all()
    assert (chance.loc[2027] < 0.8).all() and chance.loc[2029].max() < 0.05


def test_own_data_chapter_error_example_names_row_and_column():
    with pytest.raises(DataError, match=r"row 2, column 'vrijwilligers'"):
        read_start(b"collective_id;leden;vrijwilligers\nMijn coop;40;55\n", filename="mijn_collectief.csv")
