"""Specifications for collectives.feedback: loop polarity, the delay and burnout models, PDCA summaries."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from collectives import feedback
from collectives.errors import DataError, ParameterError

# --------------------------------------------------------------------------- causal loops


def test_loop_with_even_number_of_negative_links_is_reinforcing():
    assert feedback.loop_polarity(["+", "+"]) == "reinforcing"
    assert feedback.loop_polarity(["-", "+", "+", "-"]) == "reinforcing"
    assert feedback.loop_polarity(["+", "−", "+"]) == "balancing"  # the typographic minus counts too


def test_find_loops_participation_trust_is_one_reinforcing_loop():
    loops = feedback.find_loops([("participation", "trust", "+"), ("trust", "participation", "+")])
    assert loops.to_dict("records") == [
        {"loop": "participation → trust → participation", "length": 2, "negative_links": 0, "kind": "reinforcing"}]


def test_find_loops_volunteer_diagram_has_turnover_growth_limit_and_overload_spiral():
    links = [("volunteers", "projects", "+"), ("projects", "workload", "+"), ("volunteers", "workload", "-"),
             ("workload", "burnout", "+"), ("burnout", "leaving", "+"), ("leaving", "volunteers", "-"),
             ("volunteers", "leaving", "+")]
    loops = feedback.find_loops(links).set_index("loop")["kind"].to_dict()
    assert loops == {
        "volunteers → leaving → volunteers": "balancing",
        "volunteers → workload → burnout → leaving → volunteers": "reinforcing",
        "volunteers → projects → workload → burnout → leaving → volunteers": "balancing",
    }


def test_find_loops_without_a_cycle_returns_an_empty_table():
    assert feedback.find_loops([("a", "b", "+"), ("b", "c", "-")]).empty


def test_bad_polarity_and_bad_link_are_refused_with_their_position():
    with pytest.raises(ParameterError, match=r"links\[1\] polarity"):
        feedback.find_loops([("a", "b", "+"), ("b", "a", "up")])
    with pytest.raises(ParameterError, match=r"links\[0\]"):
        feedback.find_loops([("a", "b")])
    with pytest.raises(ParameterError):
        feedback.loop_polarity([])


# --------------------------------------------------------------------------- delay model


def test_no_delay_is_first_order_exponential_approach_without_overshoot():
    """With D = 0: V_n = g − (g − V0)(1 − dt/τ)^n exactly (Euler), and never above the goal."""
    r = feedback.recruitment_with_delay(goal=40, initial=20, adjustment_time_months=4, delay_months=0,
                                        leave_rate_per_month=0.02, months=24, dt_months=0.25)
    n = np.arange(len(r.path))
    expected = 40 - 20 * (1 - 0.25 / 4) ** n
    assert np.allclose(r.path["volunteers"], expected)
    assert r.overshoot == 0.0 and r.peak <= 40


def test_small_steps_approach_the_continuous_exponential():
    r = feedback.recruitment_with_delay(goal=40, initial=20, adjustment_time_months=4, delay_months=0,
                                        months=12, dt_months=0.01)
    at_4 = r.path.loc[np.isclose(r.path["month"], 4.0), "volunteers"].iloc[0]
    assert at_4 == pytest.approx(40 - 20 * math.exp(-1), abs=0.02)  # one time constant: 63% of the gap closed


def test_perceived_count_is_the_count_delay_months_ago():
    r = feedback.recruitment_with_delay(delay_months=3, dt_months=0.25)
    p = r.path
    assert np.allclose(p["perceived"].iloc[12:].to_numpy(), p["volunteers"].iloc[:-12].to_numpy())
    assert (p["perceived"].iloc[:12] == 20).all()


def test_acting_on_a_lagging_count_overshoots_and_longer_delays_overshoot_more():
    peaks = [feedback.recruitment_with_delay(delay_months=d, months=72).peak for d in (0, 3, 6, 12)]
    assert peaks[0] == pytest.approx(40)
    assert peaks[0] < peaks[1] < peaks[2] < peaks[3]
    assert feedback.recruitment_with_delay(delay_months=6).overshoot_share > 0.5


def test_delay_equation_threshold_without_leavers():
    """V' = (g − V(t − D))/τ does not overshoot for D/τ ≤ 1/e and does for clearly larger ratios."""
    calm = feedback.recruitment_with_delay(adjustment_time_months=4, delay_months=1, leave_rate_per_month=0,
                                           months=60, dt_months=0.05)
    assert calm.overshoot < 1e-9
    swinging = feedback.recruitment_with_delay(adjustment_time_months=4, delay_months=4, leave_rate_per_month=0,
                                               months=60, dt_months=0.05)
    assert swinging.overshoot > 1


def test_acting_more_gently_reduces_overshoot_under_the_same_delay():
    hard = feedback.recruitment_with_delay(adjustment_time_months=4, delay_months=6, months=72)
    gentle = feedback.recruitment_with_delay(adjustment_time_months=12, delay_months=6, months=72)
    assert gentle.overshoot < hard.overshoot
    assert math.isnan(hard.settling_month) and gentle.settling_month < 24


@pytest.mark.parametrize("kwargs, name", [
    ({"adjustment_time_months": 0}, "adjustment_time_months"),
    ({"delay_months": -1}, "delay_months"),
    ({"goal": 0}, "goal"),
    ({"leave_rate_per_month": 2}, "leave_rate_per_month"),
    ({"months": 0}, "months"),
    ({"dt_months": 2}, "dt_months"),
])
def test_delay_model_bad_parameters_are_refused_by_name(kwargs, name):
    with pytest.raises(ParameterError) as err:
        feedback.recruitment_with_delay(**kwargs)
    assert err.value.name == name


# --------------------------------------------------------------------------- burnout model


def test_burnout_equilibria_follow_the_formulas():
    """Capacity W/c; healthy equilibrium r/ℓ0; tipping point (ℓ1·W/c − r)/(ℓ1 − ℓ0)."""
    r = feedback.volunteer_burnout(recruits_per_month=1, work_hours_per_month=400, comfortable_hours_per_month=12,
                                   base_leave_rate_per_month=0.02, overload_leave_rate_per_month=0.1)
    assert r.capacity_volunteers == pytest.approx(400 / 12)
    assert r.healthy_equilibrium == pytest.approx(50)
    assert r.tipping_point == pytest.approx((0.1 * 400 / 12 - 1) / 0.08)


def test_without_overload_the_collective_settles_at_recruits_over_leave_rate():
    r = feedback.volunteer_burnout(initial=20, work_hours_per_month=0, recruits_per_month=1,
                                   base_leave_rate_per_month=0.05, months=400)
    assert r.final_volunteers == pytest.approx(20, abs=0.01)  # 1 ÷ 0.05 = 20 from the start
    r = feedback.volunteer_burnout(initial=5, work_hours_per_month=0, recruits_per_month=1,
                                   base_leave_rate_per_month=0.05, months=400)
    assert r.final_volunteers == pytest.approx(20, abs=0.01)


def test_starting_below_the_tipping_point_empties_the_collective_and_above_it_recovers():
    below = feedback.volunteer_burnout(initial=28, months=60)
    above = feedback.volunteer_burnout(initial=30, months=60)
    assert below.final_volunteers < 2
    assert above.final_volunteers > 40


def test_less_work_moves_the_tipping_point_down():
    r = feedback.volunteer_burnout(initial=28, work_hours_per_month=340, months=60)
    assert r.tipping_point == pytest.approx((0.1 * 340 / 12 - 1) / 0.08)
    assert r.final_volunteers > 40


def test_burnout_bad_parameters_are_refused():
    with pytest.raises(ParameterError, match="comfortable_hours_per_month"):
        feedback.volunteer_burnout(comfortable_hours_per_month=0)
    with pytest.raises(ParameterError, match="initial"):
        feedback.volunteer_burnout(initial=0)


# --------------------------------------------------------------------------- survey summary


def test_survey_item_summary_ranks_lowest_first_with_shares_and_interval():
    s = pd.DataFrame({"a": [1, 2, 4, 5], "b": [5, 5, 4, 4]})
    t = feedback.survey_item_summary(s, ["b", "a"])
    assert t["item"].tolist() == ["a", "b"]
    row = t.iloc[0]
    assert row["mean"] == 3.0 and row["share_agree"] == 0.5 and row["share_disagree"] == 0.5
    se = np.std([1, 2, 4, 5], ddof=1) / 2
    assert row["ci_low"] == pytest.approx(3 - 1.96 * se) and row["ci_high"] == pytest.approx(3 + 1.96 * se)


def test_survey_item_summary_on_the_synthetic_survey_finds_workload_lowest():
    from collectives import data
    survey = data.load("member_survey")
    t = feedback.survey_item_summary(survey, ["trust_board", "feel_heard", "would_recommend", "workload_ok",
                                              "info_clear"])
    assert t["item"].iloc[0] == "workload_ok"
    assert t["respondents"].eq(300).all()


def test_survey_item_summary_names_missing_columns_and_out_of_scale_scores():
    with pytest.raises(DataError, match="'nope'"):
        feedback.survey_item_summary(pd.DataFrame({"a": [1]}), ["nope"])
    with pytest.raises(DataError, match="outside 1–5"):
        feedback.survey_item_summary(pd.DataFrame({"a": [1, 7]}), ["a"])
