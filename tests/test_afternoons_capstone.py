"""The capstone chain and its template notebook: own data → KPIs → evaluation → scenario → recommendations."""

from __future__ import annotations

from pathlib import Path

import jupytext
import numpy as np
import pandas as pd
import pytest
from nbclient import NotebookClient

from collectives import capstone, evaluation, kpi
from collectives.errors import DataError, ParameterError
from collectives.participant import read_participant_data
from collectives.evaluation.case_study import prepare_panel
from collectives.synthetic import GROUND_TRUTH, csv_text

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "exercises" / "capstone-template.md"


@pytest.fixture(scope="module")
def panel():
    return read_participant_data(capstone.EXAMPLE_FILE, "monitor_panel").data


def test_the_example_file_is_the_synthetic_panel_of_one_municipality_in_the_template_format():
    assert capstone.EXAMPLE_FILE.read_text(encoding="utf-8") == csv_text(capstone.example_panel())


def test_the_template_notebook_runs_end_to_end_on_the_example_file():
    notebook = jupytext.read(TEMPLATE)
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(TEMPLATE.parent)}}).execute()
    printed = "".join(o.get("text", "") for c in notebook.cells if c.cell_type == "code" for o in c.outputs)
    assert "10 collectives" in printed and "Support programme:" in printed and "Membership outlook:" in printed


def test_kpi_overview_is_the_median_over_collectives_of_the_course_kpis(panel):
    overview = capstone.kpi_overview(panel)
    values = kpi.compute(panel, ["volunteer_share"])
    expected = values[values["year"] == 2025]["value"].median()
    got = overview.query("year == 2025 and kpi == 'volunteer_share'")["median"].iloc[0]
    assert got == pytest.approx(expected)


def test_the_support_evaluation_is_the_before_after_design_of_deep_dive_4(panel):
    support = capstone.evaluate_support(panel)
    prepared = prepare_panel(panel, start_year=2020)
    direct = evaluation.before_after(prepared[prepared["treated"] == 1], "growth_pp", post="post",
                                     cluster="collective_id", min_clusters=5)
    assert support.effect.estimate == pytest.approx(direct.estimate)
    assert support.collectives == 10
    # on the synthetic example the naive design misses the true effect: the lesson of step 3
    assert abs(support.effect.estimate - GROUND_TRUTH.effect_growth_pp) > 3


def test_the_projection_compounds_quantiles_of_the_past_yearly_growth(panel):
    projection = capstone.project_members(panel, years=4)
    totals = panel.groupby(["collective_id", "year"])["members"].sum().unstack()
    rates = [totals[[y, y + 1]].dropna()[y + 1].sum() / totals[[y, y + 1]].dropna()[y].sum() - 1
             for y in range(int(totals.columns.min()), int(totals.columns.max()))]
    start = totals[totals.columns.max()].sum()
    for name, q in (("low", 0.1), ("median", 0.5), ("high", 0.9)):
        path = projection[projection["scenario"] == name]
        assert path["members"].iloc[-1] == pytest.approx(start * (1 + np.quantile(rates, q)) ** 4)
    assert len(projection) == 3 * 5


def test_recommendations_are_built_from_the_results(panel):
    overview, support = capstone.kpi_overview(panel), capstone.evaluate_support(panel)
    projection = capstone.project_members(panel, years=10)
    lines = capstone.recommendations(overview, support, projection)
    assert len(lines) == 3
    assert f"{abs(support.effect.estimate):.1f} percentage points" in lines[1]
    assert f"{projection['members'].max():,.0f}" in lines[2]


def test_a_panel_without_a_programme_or_with_too_few_years_is_refused_clearly(panel):
    with pytest.raises(DataError, match="no collective is in a support programme"):
        capstone.evaluate_support(panel.assign(programme_municipality=False))
    with pytest.raises(DataError, match="too few consecutive years"):
        capstone.project_members(panel[panel["year"] >= 2023])
    with pytest.raises(ParameterError, match="whole number of years from 1 to 30"):
        capstone.project_members(panel, years=0)
    with pytest.raises(DataError, match="the table has no rows"):
        capstone.kpi_overview(panel.iloc[0:0])
    with pytest.raises(DataError, match="members"):
        capstone.kpi_overview(panel.drop(columns="members"))
    with pytest.raises(ParameterError, match="outcome"):
        capstone.evaluate_support(panel, outcome="happiness")
