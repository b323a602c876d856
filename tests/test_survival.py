"""Specifications of collectives.survival: Kaplan–Meier curves with censoring and left truncation,
checked against hand-worked answers and the classic textbook example."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from collectives import data, survival
from collectives.errors import CollectivesError, ParameterError
from collectives.explorer import assert_twin_matches_live
from collectives.figures.day1 import survival_chart
from collectives.widgets.day1 import survival_explorer

# Freireich et al. (1963), 6-MP arm, as used in Gehan (1965) and most survival textbooks:
# remission times in weeks, 0 = censored. Published Kaplan–Meier estimates below.
GEHAN_TIMES = [6, 6, 6, 6, 7, 9, 10, 10, 11, 13, 16, 17, 19, 20, 22, 23, 25, 32, 32, 34, 35]
GEHAN_EVENTS = [1, 1, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0]
GEHAN_KM = {6: 0.857, 7: 0.807, 10: 0.753, 13: 0.690, 16: 0.627, 22: 0.538, 23: 0.448}


def test_km_on_a_tiny_hand_worked_example():
    # 4 at risk at t=1, one ends: 3/4; 3 at risk at t=2, one ends (one censored): 3/4 * 2/3 = 1/2;
    # 1 at risk at t=3, it ends: 0.
    curve = survival.km_curve([1, 2, 2, 3], [1, 1, 0, 1])
    assert curve["age"].tolist() == [0, 1, 2, 3]
    np.testing.assert_allclose(curve["survival"], [1, 0.75, 0.5, 0])
    assert curve["at_risk"].tolist() == [4, 4, 3, 1]


def test_km_matches_the_classic_textbook_example():
    curve = survival.km_curve(GEHAN_TIMES, GEHAN_EVENTS).set_index("age")
    for week, expected in GEHAN_KM.items():
        assert curve.loc[week, "survival"] == pytest.approx(expected, abs=5e-4)


def test_left_truncation_removes_late_entrants_from_early_risk_sets():
    # Without entry, both are at risk at t=3; with entry=4 the second is not, so S(3) = 0.
    plain = survival.km_curve([3, 5], [1, 0])
    truncated = survival.km_curve([3, 5], [1, 0], entry=[0, 4])
    assert plain["survival"].iloc[1] == pytest.approx(0.5)
    assert truncated["survival"].iloc[1] == pytest.approx(0.0)


def test_a_group_without_events_stays_at_one():
    assert survival.km_curve([2, 3], [0, 0])["survival"].tolist() == [1.0]


def test_survival_table_turns_a_panel_into_one_row_per_collective():
    panel = pd.DataFrame({
        "collective_id": ["A", "A", "A", "B", "B", "C"],
        "sector": ["energy"] * 3 + ["food"] * 2 + ["food"],
        "founded_year": [2010, 2010, 2010, 2015, 2015, 2016],
        "ended_year": [pd.NA, pd.NA, pd.NA, 2016, 2016, pd.NA],
        "year": [2014, 2015, 2016, 2015, 2016, 2016],
    })
    table = survival.survival_table(panel, first_year=2014, last_year=2016).set_index("collective_id")
    assert table.loc["A", ["entry_age", "age", "ended"]].tolist() == [3.0, 6.0, False]   # seen from age 3, censored at 6
    assert table.loc["B", ["entry_age", "age", "ended"]].tolist() == [0.0, 1.0, True]    # ended in 2016, aged 1
    assert table.loc["A", "cohort"] == "founded before 2014" and table.loc["C", "cohort"] == "founded 2014–2019"
    with pytest.raises(CollectivesError, match="ended_year"):
        survival.survival_table(panel.drop(columns="ended_year"))


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return survival.survival_table(data.load("monitor_panel"))


def test_synthetic_panel_curves_follow_the_documented_ending_rates(table):
    assert len(table) == 400 and table["ended"].sum() == 91
    at8 = survival.survival_at(survival.kaplan_meier(table, by="sector"), 8).set_index("group")["survival"]
    # Ground truth: energy 1.2% a year, mobility 6% a year: energy must stay far above mobility.
    assert at8["energy"] > 0.8 > at8["mobility"]


def test_kaplan_meier_rejects_unknown_groups_and_empty_choices(table):
    with pytest.raises(ParameterError):
        survival.kaplan_meier(table, by="municipality")
    with pytest.raises(ParameterError, match="transport"):
        survival.kaplan_meier(table, by="sector", groups=["transport"])
    with pytest.raises(CollectivesError, match="at least one"):
        survival.kaplan_meier(table, by="cohort", groups=[])


def test_survival_explorer_compares_sectors_or_cohorts_and_live_the_chosen_groups(table):
    by_cohort = survival.kaplan_meier(table, by="cohort")
    assert survival_chart(by_cohort, title="t", alt="a").layout.yaxis.tickformat == ".0%"
    explorer = survival_explorer(table)
    twin = explorer.twin()
    assert [len(v.figure["data"]) for v in twin.views.values()] == [table["sector"].nunique(), 3]
    assert "SYNTHETIC" in twin.views[(0,)].figure["layout"]["title"]["text"]
    box = explorer.widget()
    two = box.render(by="sector", groups="energy, food")
    assert [t.name.split(" (")[0] for t in two.data] == ["energy", "food"]
    assert box.render(by="sector", groups="transport") is None and "transport" in box.message.value
    assert_twin_matches_live(explorer)
