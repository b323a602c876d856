"""Specifications of deep dive 4's helpers: programme evaluation, KPI and evaluation figures and explorers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from collectives import data, kpi
from collectives.evaluation import case_study as pe
from collectives.errors import ParameterError
from collectives.explorer import assert_twin_matches_live
from collectives.figures.evaluation import estimates_vs_truth, event_study_plot, its_plot
from collectives.figures.kpi import benchmark_bars, fast_figure, rank_ranges
from collectives.widgets.evaluation import STRENGTHS, cached_comparison, evaluation_explorer, stored_grid
from collectives.widgets.kpi import GENERAL_KPIS, kpi_explorer


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    return pe.prepare_panel(data.load("monitor_panel"))


@pytest.fixture(scope="module")
def values() -> pd.DataFrame:
    return kpi.compute(data.load("monitor_panel"))


# --------------------------------------------------------------------------- programme evaluation


def test_prepare_panel_computes_growth_and_retention_in_points(panel):
    row = panel[(panel["collective_id"] == "CC001") & (panel["year"] == 2015)].iloc[0]
    assert row["growth_pp"] == pytest.approx(100 * (129 / 96 - 1))
    assert row["retention_pp"] == pytest.approx(100 * 5 / 9)
    assert panel.loc[panel["year"] == 2014, "growth_pp"].isna().all()
    assert set(panel["support"]) == {0, 1}
    assert ((panel["support"] == 1) == (panel["municipal_support"].astype(bool))).all()


def test_difference_in_differences_recovers_the_built_in_growth_effect_and_naive_designs_do_not(panel):
    t = pe.compare_methods(panel, "growth_pp").set_index("method")
    assert t.loc["did_panel", "estimate"] == pytest.approx(2.9, abs=0.1)  # datasheet: +2.9 (2.4 to 3.4)
    assert t.loc["did_panel", "covers_truth"]
    assert t.loc["before_after", "estimate"] < 0  # the common dip and saturation
    assert t.loc["treated_vs_control", "estimate"] > 4  # selection: +4.6 in the datasheet
    assert (t["truth"] == 3.0).all()


def test_selection_strength_biases_the_naive_comparison_but_not_did():
    grid = pe.method_grid([0.0, 2.0], outcomes=["growth_pp"]).set_index(["selection_strength", "method"])
    assert grid.loc[(2.0, "treated_vs_control"), "estimate"] > grid.loc[(0.0, "treated_vs_control"), "estimate"] + 2
    for s in (0.0, 2.0):
        assert grid.loc[(s, "did_panel"), "covers_truth"]


def test_counterfactual_effect_is_the_built_in_effect_for_growth():
    assert pe.counterfactual_effect("growth_pp") == pytest.approx(3.0, abs=0.1)


def test_unknown_outcome_method_or_strength_is_refused(panel):
    with pytest.raises(ParameterError, match="outcome"):
        pe.compare_methods(panel, "happiness")
    with pytest.raises(ParameterError, match="methods"):
        pe.compare_methods(panel, "growth_pp", methods=["magic"])
    with pytest.raises(ParameterError, match="selection_strength"):
        pe.method_grid([-1])


# --------------------------------------------------------------------------- figures


def test_every_figure_carries_alt_text_and_the_forest_plot_marks_the_truth(panel, values):
    t = pe.compare_methods(panel, "growth_pp")
    f = estimates_vs_truth(t, truth=3.0, alt="Only DiD covers 3.", x_title="points", highlight="did_panel")
    assert f.layout.meta["alt"] == "Only DiD covers 3."
    assert f.to_plotly_json()["layout"]["shapes"][0]["x0"] == 3.0
    assert isinstance(f.to_plotly_json()["layout"]["template"], dict)  # a plain template, renderable to HTML
    f.to_html(include_plotlyjs=False, full_html=False)
    v25 = values[values["year"] == 2025]
    figs = [
        benchmark_bars(kpi.benchmark(values, "CC115", 2025), collective_id="CC115", alt="b"),
        rank_ranges(kpi.weight_sensitivity(v25[v25["sector"] == "energy"], {"active_member_share": 1,
                                                                             "subsidy_dependence": 1}, 2025,
                                           n_draws=50).summary, alt="c"),
    ]
    assert [fig.layout.meta["alt"] for fig in figs] == ["b", "c"]


def test_event_study_and_its_plots_draw_the_package_results(panel):
    from collectives import evaluation
    es = evaluation.event_study(panel, "growth_pp", "collective_id", "year", treated_group="treated",
                            first_treated_time=2020, window=(-4, 4), cluster="municipality")
    assert event_study_plot(es, alt="flat leads", y_title="points").layout.meta["alt"] == "flat leads"
    series = panel[panel["treated"] == 1].groupby("year", as_index=False)["growth_pp"].mean()
    res = evaluation.interrupted_time_series(series.astype({"year": float}), "growth_pp", "year", 2020)
    f = its_plot(res.fitted, time="year", outcome="growth_pp", intervention_time=2020, alt="dip", y_title="points")
    assert len(f.data) == 4


def test_fast_figure_refuses_missing_alt_text():
    with pytest.raises(ParameterError, match="alt"):
        fast_figure([], {}, title="t", alt=" ", height=300)


# --------------------------------------------------------------------------- explorers


def test_kpi_explorer_draws_a_benchmark_and_a_rank_that_match_the_package(values):
    explorer = kpi_explorer(values)
    box = explorer.widget()
    weights = {f"w_{k}": 1.0 for k in GENERAL_KPIS}
    fig = box.render(collective_id="CC115", year=2025, **weights)
    v25 = values[values["year"] == 2025]
    scores = kpi.composite_index(v25[v25["sector"] == "energy"], {k: 1.0 for k in GENERAL_KPIS}, 2025)
    rank = int(scores.loc[scores["collective_id"] == "CC115", "rank"].iloc[0])
    assert f"rank {rank} of {len(scores)} energy collectives" in fig.layout.title.text.replace("<br>", " ")
    assert "CC115" in fig.layout.meta["alt"]
    twin = explorer.twin()
    assert len(twin.views) == values["sector"].nunique() * 2 * 3  # one collective per sector, two years, three weights
    assert {values.loc[values["collective_id"] == c, "sector"].iloc[0] for _, c in twin.controls[0].twin_options()} \
        == set(values["sector"].astype(str))
    assert_twin_matches_live(explorer)


def test_kpi_explorer_explains_all_zero_weights_and_missing_years(values):
    box = kpi_explorer(values).widget()
    assert box.render(**{f"w_{k}": 0.0 for k in GENERAL_KPIS}) is None
    assert "at least one weight above 0" in box.message.value
    assert box.render(collective_id="CC115", year=2014) is None
    assert "no value in 2014" in box.message.value
    assert box.render(collective_id="CC999") is None and "Collective" in box.message.value


def test_evaluation_explorer_shows_the_chosen_design_against_the_truth():
    explorer = evaluation_explorer()
    box = explorer.widget()
    fig = box.render(method="treated_vs_control", selection_strength=2.0, outcome="growth_pp")
    assert "truth +3" in fig.layout.title.text
    assert box.render(method="magic") is None and "Design" in box.message.value
    assert box.render(outcome="joy") is None and "Outcome" in box.message.value
    assert box.render(selection_strength=-1.0) is None and "strength" in box.message.value
    twin = explorer.twin()
    assert len(twin.views) == len(pe.METHODS) * 6 * 2  # strengths 0, 0.5, …, 3 on the page
    assert_twin_matches_live(explorer)


def test_cached_comparison_reads_the_stored_grid_and_refuses_strengths_not_in_it():
    a = cached_comparison(1.0)
    assert cached_comparison(1.0000001) is a
    assert set(a["outcome"]) == set(pe.OUTCOMES) and len(a) == len(pe.METHODS) * len(pe.OUTCOMES)
    assert set(cached_comparison(0.3, "growth_pp")["outcome"]) == {"growth_pp"}
    for bad in (np.nan, 0.25, 3.1, -0.1, True, "1"):
        with pytest.raises(ParameterError, match="selection_strength"):
            cached_comparison(bad)


def test_the_explorer_offers_exactly_the_stored_strengths():
    control = next(c for c in evaluation_explorer().controls if c.name == "selection_strength")
    offered = [v for _, v in control.pairs]
    assert offered == list(STRENGTHS) == [round(0.1 * k, 1) for k in range(31)]
    assert sorted(stored_grid()["selection_strength"].round(1).unique()) == offered
    assert len(stored_grid()) == len(STRENGTHS) * len(pe.OUTCOMES) * len(pe.METHODS)


def test_the_stored_grid_is_a_dataset_whose_datasheet_says_synthetic_and_how_to_regenerate():
    import yaml

    assert pe.GRID_FILE.parent.name == "datasets" and pe.GRID_FILE.name == "evaluation_grid.csv"
    sheet = yaml.safe_load(pe.GRID_FILE.with_suffix(".yml").read_text(encoding="utf-8"))
    assert sheet["synthetic"] is True and "SYNTHETIC" in sheet["description"]
    assert sheet["provenance"]["regenerate"] == "python -m collectives.evaluation.case_study"
    assert list(sheet["columns"]) == pe.GRID_COLUMNS
    assert "SYNTHETIC DATA" in pe.GRID_FILE.with_suffix(".md").read_text(encoding="utf-8")


def test_regenerating_a_few_grid_points_reproduces_the_stored_rows():
    # a few strengths only (each regenerates the panel); the file keeps 12 significant digits
    fresh = pe.evaluation_grid([0.0, 1.7, 3.0])
    assert pe.grid_differences(stored_grid(), fresh).empty
    stored = stored_grid()
    stored = stored[stored["selection_strength"].round(1).isin([0.0, 1.7, 3.0])].reset_index(drop=True)
    keys = ["outcome", "method", "n"]
    assert stored[keys].astype(str).equals(fresh[keys].astype(str))
    numbers = ["selection_strength", "estimate", "ci_low", "ci_high", "se", "truth"]
    np.testing.assert_allclose(stored[numbers].to_numpy(float), fresh[numbers].to_numpy(float), rtol=1e-10,
                               atol=1e-10)


def test_a_grid_computed_in_the_chapter_is_checked_against_the_stored_one(recwarn):
    grid = pe.method_grid([0.5])
    box = evaluation_explorer(grid).widget()
    assert not [w for w in recwarn if "evaluation grid" in str(w.message)]
    fig = box.render(method="did_panel", selection_strength=0.5, outcome="growth_pp")
    row = grid[(grid["outcome"] == "growth_pp") & (grid["method"] == "did_panel")].iloc[0]
    assert f"{row['estimate']:+.1f}" in fig.layout.title.text
    stale = grid.assign(estimate=grid["estimate"] + 0.01)
    with pytest.warns(UserWarning, match="python -m collectives.evaluation.case_study"):
        evaluation_explorer(stale)
