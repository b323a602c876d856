"""Specifications of deep dive 4's helpers: programme evaluation, KPI and evaluation figures and explorers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from collectives import data, kpi
from collectives import programme_evaluation as pe
from collectives.errors import ParameterError
from collectives.figures.evaluation import estimates_vs_truth, event_study_plot, its_plot, method_explorer
from collectives.figures.kpi import benchmark_bars, composite_panel, fast_figure, kpi_peer_explorer, rank_ranges
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
        kpi_peer_explorer(values, ["active_member_share", "kwh_per_member"], highlight="CC115", year=2025, alt="a"),
        benchmark_bars(kpi.benchmark(values, "CC115", 2025), collective_id="CC115", alt="b"),
        rank_ranges(kpi.weight_sensitivity(v25[v25["sector"] == "energy"], {"active_member_share": 1,
                                                                             "subsidy_dependence": 1}, 2025,
                                           n_draws=50).summary, alt="c"),
    ]
    assert [fig.layout.meta["alt"] for fig in figs] == ["a", "b", "c"]


def test_kpi_peer_explorer_has_one_menu_entry_per_kpi_and_one_per_sector(values):
    f = kpi_peer_explorer(values, ["active_member_share", "subsidy_dependence"], highlight="CC115", year=2025,
                          alt="x")
    kpi_menu, sector_menu = f.layout.updatemenus
    assert [b.label for b in kpi_menu.buttons] == ["Active-member share", "Subsidy dependence"]
    assert sector_menu.buttons[0].label == "All sectors" and len(sector_menu.buttons) == 8
    assert len(f.data) == 4 and f.data[1].x[0] == 0  # CC115 is an energy collective, the first sector


def test_method_explorer_has_one_slider_step_per_strength():
    grid = pe.method_grid([0.0, 1.0])
    f = method_explorer(grid, truths={"growth_pp": 3, "retention_pp": 5},
                        outcome_titles={"growth_pp": "Growth", "retention_pp": "Retention"}, alt="x")
    steps = f.layout.sliders[0].steps
    assert [s.label for s in steps] == ["0", "1"]
    assert sum(bool(v) for v in steps[1].args[0]["visible"]) == 2


def test_event_study_and_its_plots_draw_the_package_results(panel):
    from collectives import impact
    es = impact.event_study(panel, "growth_pp", "collective_id", "year", treated_group="treated",
                            first_treated_time=2020, window=(-4, 4), cluster="municipality")
    assert event_study_plot(es, alt="flat leads", y_title="points").layout.meta["alt"] == "flat leads"
    series = panel[panel["treated"] == 1].groupby("year", as_index=False)["growth_pp"].mean()
    res = impact.interrupted_time_series(series.astype({"year": float}), "growth_pp", "year", 2020)
    f = its_plot(res.fitted, time="year", outcome="growth_pp", intervention_time=2020, alt="dip", y_title="points")
    assert len(f.data) == 4


def test_fast_figure_refuses_missing_alt_text():
    with pytest.raises(ParameterError, match="alt"):
        fast_figure([], {}, title="t", alt=" ", height=300)


# --------------------------------------------------------------------------- explorers


def test_kpi_explorer_draws_a_benchmark_and_a_rank(values):
    box = kpi_explorer(values)
    weights = {f"w_{k}": 1.0 for k in GENERAL_KPIS}
    fig = box.render(collective_id="CC115", year=2025, **weights)
    assert "rank" in fig.layout.title.text and "CC115" in fig.layout.meta["alt"]
    assert composite_panel is not None


def test_kpi_explorer_explains_all_zero_weights_and_missing_years(values):
    box = kpi_explorer(values)
    assert box.render(**{f"w_{k}": 0.0 for k in GENERAL_KPIS}) is None
    assert "at least one weight above 0" in box.message.value
    assert box.render(collective_id="CC115", year=2014) is None
    assert "no value in 2014" in box.message.value
    assert box.render(collective_id="CC999") is None and "collective" in box.message.value


def test_evaluation_explorer_shows_the_chosen_design_against_the_truth():
    box = evaluation_explorer()
    fig = box.render(method="treated_vs_control", selection_strength=2.0, outcome="growth_pp")
    assert "truth +3" in fig.layout.title.text
    assert box.render(method="magic") is None and "designs in the menu" in box.message.value
    assert box.render(outcome="joy") is None and "outcome" in box.message.value
    assert box.render(selection_strength=-1.0) is None and "selection_strength" in box.message.value


def test_cached_comparison_reads_the_stored_grid_and_refuses_strengths_not_in_it():
    a = cached_comparison(1.0)
    assert cached_comparison(1.0000001) is a
    assert set(a["outcome"]) == set(pe.OUTCOMES) and len(a) == len(pe.METHODS) * len(pe.OUTCOMES)
    assert set(cached_comparison(0.3, "growth_pp")["outcome"]) == {"growth_pp"}
    for bad in (np.nan, 0.25, 3.1, -0.1, True, "1"):
        with pytest.raises(ParameterError, match="selection_strength"):
            cached_comparison(bad)


def test_the_explorer_offers_exactly_the_stored_strengths():
    box = evaluation_explorer()
    offered = [v for _, v in box.controls["selection_strength"].options]
    assert offered == list(STRENGTHS) == [round(0.1 * k, 1) for k in range(31)]
    assert sorted(stored_grid()["selection_strength"].round(1).unique()) == offered
    assert len(stored_grid()) == len(STRENGTHS) * len(pe.OUTCOMES) * len(pe.METHODS)


def test_the_stored_grid_is_marked_synthetic_and_says_how_it_is_regenerated():
    head = pe.GRID_FILE.read_text(encoding="utf-8").splitlines()[:10]
    comments = "\n".join(line for line in head if line.startswith("#"))
    assert "SYNTHETIC" in comments and "python -m collectives.programme_evaluation" in comments


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
    box = evaluation_explorer(grid)
    assert not [w for w in recwarn if "evaluation grid" in str(w.message)]
    fig = box.render(method="did_panel", selection_strength=0.5, outcome="growth_pp")
    row = grid[(grid["outcome"] == "growth_pp") & (grid["method"] == "did_panel")].iloc[0]
    assert f"{row['estimate']:+.1f}" in fig.layout.title.text
    stale = grid.assign(estimate=grid["estimate"] + 0.01)
    with pytest.warns(UserWarning, match="python -m collectives.programme_evaluation"):
        evaluation_explorer(stale)
