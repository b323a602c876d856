"""Claims of the day-4 chapters (evaluation, feedback loops, KPIs) written in words, recomputed so they cannot go stale.

Their numbers are glued from the code cells (tests/test_glue_keys.py checks the keys); what
remains typed is a count in words ("twelve of forty municipalities"), a comparison ("above
it, but its interval contains it") or a direction ("never passes it").
"""

from __future__ import annotations

import math

import pytest

from collectives import data, evaluation, feedback
from collectives.evaluation import case_study as pe


@pytest.fixture(scope="module")
def panel():
    return pe.prepare_panel(data.load("monitor_panel"))


def test_twelve_of_forty_municipalities_ran_the_programme(panel):
    per_group = panel.groupby("treated")["municipality"].nunique()
    assert (per_group[1], per_group.sum()) == (12, 40)


def test_only_difference_in_differences_lands_on_the_truth_and_before_after_says_lowered(panel):
    growth = pe.compare_methods(panel, "growth_pp").set_index("method")
    assert growth.loc["before_after", "estimate"] < 0                                  # "lowered"
    assert growth.loc["treated_vs_control", "estimate"] > growth.loc["regression_controls", "estimate"] > 3
    assert growth.loc["did_panel", "ci_low"] <= 3 <= growth.loc["did_panel", "ci_high"]
    its = growth.loc["its"]
    assert its["ci_high"] - its["ci_low"] > 2 * (growth.loc["did_panel", "ci_high"] - growth.loc["did_panel", "ci_low"])


def test_the_placebo_in_2017_is_small_and_its_interval_contains_zero(panel):
    placebo = evaluation.placebo(panel, "growth_pp", "collective_id", "year", treated_group="treated",
                                 first_treated_time=2020, fake_time=2017, cluster="municipality")
    assert placebo.ci_low <= 0 <= placebo.ci_high and abs(placebo.estimate) < 1


def test_retention_did_is_above_the_true_effect_but_its_interval_contains_it(panel):
    did = pe.compare_methods(panel, "retention_pp").set_index("method").loc["did_panel"]
    truth = pe.counterfactual_effect("retention_pp")
    assert did["ci_low"] <= truth < did["estimate"] <= did["ci_high"]


def test_the_delay_model_as_the_feedback_chapter_describes_it():
    def run(delay):
        return feedback.recruitment_with_delay(goal=40, initial=20, adjustment_time_months=4, delay_months=delay,
                                               months=72)

    assert run(0).overshoot == 0                                                       # "never passes it"
    half_year = run(6)
    assert half_year.overshoot > (40 - 20) / 2 and math.isnan(half_year.settling_month)


def test_the_workload_statement_scores_lowest_with_information_close_behind():
    items = ["trust_board", "feel_heard", "would_recommend", "workload_ok", "info_clear"]
    summary = feedback.survey_item_summary(data.load("member_survey"), items).set_index("item")
    assert summary["mean"].idxmin() == "workload_ok" and summary["mean"].idxmax() == "would_recommend"
    assert summary.loc["workload_ok", "ci_high"] > summary.loc["info_clear", "ci_low"]   # "overlap a little"
    others = summary.drop(["workload_ok", "info_clear"])
    assert (others["ci_low"] > summary.loc["workload_ok", "ci_high"]).all()           # "clearly higher"


def test_cc115_is_high_on_subsidy_dependence_and_low_on_attendance_and_active_members():
    from collectives import kpi

    bench = kpi.benchmark(kpi.compute(data.load("monitor_panel")), "CC115", 2025).set_index("kpi")
    order = bench["percentile_better"].sort_values()
    assert order.index[-1] == "subsidy_dependence" and bench.loc["subsidy_dependence", "value"] == 0
    assert set(order.index[:2]) == {"assembly_attendance_rate", "active_member_share"}
