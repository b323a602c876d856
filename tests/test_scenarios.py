"""Specifications of collectives.scenarios: diffusion curves, the stock-flow Monte Carlo, the panel
estimates and the sensitivity analysis (day 5)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from collectives import data
from collectives.errors import CollectivesError, DataError, ParameterError
from collectives.scenarios import (DEFAULTS, ConvergenceError, assumptions, bass_curve, bass_peak, compare_with_truth,
                                   estimate_parameters, fit_bass, fit_logistic, logistic_curve, morris, sensitivity,
                                   simulate, simulate_loop)


# ---------------------------------------------------------------- Bass (1969): closed forms

@pytest.mark.parametrize("p, q", [(0.03, 0.38), (0.01, 0.5), (0.05, 0.2), (0.002, 1.2)])
def test_bass_peak_is_ln_q_over_p_divided_by_p_plus_q(p, q):
    assert bass_peak(p, q) == pytest.approx(math.log(q / p) / (p + q), rel=1e-12)


def test_bass_peak_of_the_sultan_farley_lehmann_averages_is_about_six_years():
    assert bass_peak(0.03, 0.38) == pytest.approx(6.1926, abs=1e-4)


def test_bass_peak_is_at_the_start_when_imitation_is_weaker_than_innovation():
    assert bass_peak(0.3, 0.1) == 0.0


@pytest.mark.parametrize("t", [0.0, 1.0, 2.5, 6.0, 15.0, 40.0])
def test_bass_curve_is_m_times_the_closed_form_of_f(t):
    p, q, m = 0.03, 0.38, 700
    expected = m * (1 - math.exp(-(p + q) * t)) / (1 + (q / p) * math.exp(-(p + q) * t))
    assert float(bass_curve(p, q, m, t)) == pytest.approx(expected, rel=1e-12)


def test_bass_curve_solves_the_hazard_f_over_one_minus_f_equals_p_plus_q_f():
    p, q, t, h = 0.03, 0.38, np.linspace(0.5, 20, 40), 1e-6
    F = bass_curve(p, q, 1.0, t)
    f = (bass_curve(p, q, 1.0, t + h) - bass_curve(p, q, 1.0, t - h)) / (2 * h)
    np.testing.assert_allclose(f / (1 - F), p + q * F, rtol=1e-6)


def test_adoption_per_year_peaks_at_t_star_with_half_the_potential_minus_p_over_2q():
    p, q = 0.03, 0.38
    t = np.linspace(0, 20, 200_001)
    f = np.gradient(bass_curve(p, q, 1.0, t), t)
    assert t[np.argmax(f)] == pytest.approx(bass_peak(p, q), abs=1e-3)
    assert float(bass_curve(p, q, 1.0, bass_peak(p, q))) == pytest.approx(0.5 - p / (2 * q), rel=1e-9)


def test_bass_curve_refuses_negative_or_zero_coefficients_in_words():
    with pytest.raises(ParameterError, match=r"p = -0.1 is not accepted: expected an innovation coefficient"):
        bass_curve(-0.1, 0.3, 100, 1)
    with pytest.raises(ParameterError, match="m = 0"):
        bass_curve(0.03, 0.3, 0, 1)


# ---------------------------------------------------------------- fits

def test_fit_bass_recovers_known_parameters_from_a_generated_series():
    rng = np.random.default_rng(5)
    years = np.arange(2006, 2026)
    counts = bass_curve(0.03, 0.38, 700, years - 2005) + rng.normal(0, 5, len(years))
    fit = fit_bass(years, counts, start_year=2005, n_boot=100, seed=2)
    assert fit.params["p"] == pytest.approx(0.03, abs=0.006)
    assert fit.params["q"] == pytest.approx(0.38, abs=0.04)
    assert fit.params["m"] == pytest.approx(700, rel=0.03)
    for name, truth in (("p", 0.03), ("q", 0.38), ("m", 700)):
        low, high = fit.intervals[name]
        assert low < truth < high, name
    assert fit.peak_year == pytest.approx(2005 + bass_peak(0.03, 0.38), abs=0.5)


def test_fit_logistic_recovers_known_parameters_and_year_reaching_inverts_the_curve():
    years = np.arange(2010, 2025)
    fit = fit_logistic(years, logistic_curve(720, 0.6, 2016, years), n_boot=0)
    assert (fit.params["K"], fit.params["r"], fit.params["t_mid"]) == pytest.approx((720, 0.6, 2016), rel=1e-4)
    assert fit.year_reaching(360) == pytest.approx(2016, abs=1e-3)
    assert fit.year_reaching(800) == math.inf


def test_bass_year_reaching_inverts_the_curve():
    years = np.arange(2006, 2026)
    fit = fit_bass(years, bass_curve(0.03, 0.38, 700, years - 2005), start_year=2005, n_boot=0)
    assert float(bass_curve(0.03, 0.38, 700, fit.year_reaching(500) - 2005)) == pytest.approx(500, rel=1e-4)


def test_bootstrap_is_reproducible_from_its_seed():
    years, counts = np.arange(2015, 2025), [212, 313, 392, 484, 582, 623, 676, 705, 714, 702]
    a, b = fit_logistic(years, counts, n_boot=30, seed=4), fit_logistic(years, counts, n_boot=30, seed=4)
    assert a.intervals == b.intervals


def test_the_monitor_series_saturates_just_above_700_cooperatives():
    monitor = data.load("energy_monitor")
    s = monitor[(monitor["country"] == "Netherlands") & (monitor["indicator"] == "cooperatives") & monitor["preferred"]]
    fit = fit_logistic(s["edition_year"].astype(int), s["value"].astype(float), n_boot=50, seed=1)
    assert 700 < fit.saturation < 770
    assert 2015 < fit.peak_year < 2018


@pytest.mark.parametrize("years, counts, message", [
    ([2020, 2021, 2022], [1, 2, 3], "the series has 3 points; expected at least 4 years"),
    ([2020, 2021, 2022, 2023], [1, 2, 3], "there are 4 years but 3 counts"),
    ([2020, 2022, 2021, 2023], [1, 2, 3, 4], "year 2021 does not come after 2022"),
    ([2020, 2021, 2022, 2023], [1, -2, 3, 4], "the count for 2021 is negative"),
    ([2020, 2021, 2022, 2023], [1, None, 3, 4], "a year or a count is empty or not a number"),
])
def test_bad_series_get_a_plain_message(years, counts, message):
    with pytest.raises(DataError) as err:
        fit_bass(years, counts)
    assert message in str(err.value)
    assert "np." not in str(err.value)


def test_a_series_still_accelerating_gets_a_convergence_message_not_a_scipy_traceback():
    years = np.arange(2015, 2025)
    with pytest.raises(ConvergenceError, match="no slowing down yet"):
        fit_logistic(years, np.exp(0.5 * (years - 2015)), n_boot=0)
    assert issubclass(ConvergenceError, CollectivesError)


def test_start_year_after_the_first_observation_is_refused():
    with pytest.raises(ParameterError, match="start_year = 2016"):
        fit_bass([2015, 2016, 2017, 2018], [1, 2, 3, 4], start_year=2016)


# ---------------------------------------------------------------- the stock-flow Monte Carlo

START = pd.DataFrame({"members": [120, 300, 50], "volunteers": [8, 15, 6]})


def test_simulate_returns_a_tidy_frame_of_run_year_variable_value():
    out = simulate(START, {"grant_eur": 5000}, {"energy_price": 1.2}, years=5, runs=20, seed=1)
    assert list(out.columns) == ["run", "year", "variable", "value"]
    assert len(out) == 20 * 6 * out["variable"].nunique()
    first = out[(out["year"] == 2025) & (out["variable"] == "members")]["value"]
    assert (first == 470).all()


def test_monte_carlo_is_reproducible_from_its_seed_and_differs_with_another():
    a = simulate(START, years=8, runs=50, seed=3)
    pd.testing.assert_frame_equal(a, simulate(START, years=8, runs=50, seed=3))
    assert not a["value"].equals(simulate(START, years=8, runs=50, seed=4)["value"])


def test_vectorised_and_plain_loop_versions_give_the_same_numbers():
    levers = {"grant_eur": 4000, "contact_person": True, "site_access": 0.5, "permit_months": 9}
    vec = simulate(START, levers, {"volunteer_availability": 0.8}, years=6, runs=15, seed=2, raw=True)["members"]
    loop = simulate_loop(START, levers, {"volunteer_availability": 0.8}, years=6, runs=15, seed=2)
    np.testing.assert_allclose(vec, loop, rtol=2e-5)   # single against double precision


def test_running_in_cache_sized_chunks_of_runs_gives_the_same_totals_as_one_call():
    from collectives.scenarios import stockflow as sf
    s0, x = sf.start_state(START), sf.levers_and_drivers({"grant_eur": 2000}, {})
    d = sf._draw(5, 37, 3, 4, DEFAULTS)
    whole = sf._run(s0, x, d, 4, DEFAULTS, aggregate=True)
    chunked = sf._run_chunked(s0, x, d, 4, DEFAULTS, cells=10)
    for k in whole:
        np.testing.assert_allclose(chunked[k], whole[k], rtol=1e-6)


def test_support_raises_growth_and_burnout_bites_an_overloaded_collective():
    base = simulate(START, {}, {}, years=10, runs=200, seed=0)
    helped = simulate(START, {"grant_eur": 7500, "contact_person": True}, {}, years=10, runs=200, seed=0)
    end = lambda df, v: df[(df["year"] == 2035) & (df["variable"] == v)]["value"].median()  # noqa: E731
    assert end(helped, "members") > end(base, "members")
    overloaded = pd.DataFrame({"members": [400], "volunteers": [5], "volunteer_hours_per_week": [80]})
    kept = simulate(overloaded, years=1, runs=10, seed=0, raw=True)
    calm = pd.DataFrame({"members": [400], "volunteers": [40], "volunteer_hours_per_week": [80]})
    assert kept["hours_per_volunteer"][0].mean() > DEFAULTS.burnout_threshold
    assert simulate(calm, years=1, runs=10, seed=0, raw=True)["hours_per_volunteer"][0].mean() < DEFAULTS.burnout_threshold


@pytest.mark.parametrize("levers, drivers, message", [
    ({"grant_eur": -5}, {}, "lever grant_eur = -5 is not accepted: expected Yearly grant per collective (euro): a number from 0 to 50000"),
    ({"permit_months": 100}, {}, "lever permit_months = 100"),
    ({"contact_person": "maybe"}, {}, "expected yes or no"),
    ({"budget": 1}, {}, "lever 'budget' = 1 is not accepted: expected one of the levers"),
    ({}, {"energy_price": 10}, "driver energy_price = 10"),
])
def test_levers_and_drivers_out_of_range_get_a_plain_message(levers, drivers, message):
    with pytest.raises(ParameterError) as err:
        simulate(START, levers, drivers, years=2, runs=2)
    assert message in str(err.value)


def test_negative_populations_and_missing_columns_are_refused_with_row_and_column():
    with pytest.raises(DataError) as err:
        simulate(pd.DataFrame({"members": [10, -4], "volunteers": [2, 1]}), years=2, runs=2)
    assert "row 3, column 'members': a negative number for collective 2 (found -4)" in str(err.value)
    with pytest.raises(DataError, match="column 'volunteers': the column is missing"):
        simulate(pd.DataFrame({"members": [10]}), years=2, runs=2)


def test_every_parameter_is_listed_with_its_origin():
    table = assumptions()
    assert set(table["origin"]) <= {"panel", "generator", "literature", "assumption"}
    assert len(table) == len(DEFAULTS.__dataclass_fields__)
    assert table.set_index("parameter").loc["q", "source"] == "sultan1990-scn"


# ---------------------------------------------------------------- estimates against the synthetic truth

@pytest.fixture(scope="module")
def estimates():
    return estimate_parameters(data.load("monitor_panel"), sector="energy")


def test_panel_estimates_recover_the_generators_support_effects(estimates):
    t = compare_with_truth(estimates).set_index("parameter")
    for name in ("effect_growth", "effect_retention"):
        est, se, truth = t.loc[name, ["estimate", "std_error", "truth"]]
        assert abs(est - truth) < 2.5 * se, name
    assert t.loc["effect_growth", "estimate"] == pytest.approx(0.029, abs=0.002)   # the datasheet's DiD


def test_panel_estimates_recover_retention_and_the_burnout_rule(estimates):
    t = compare_with_truth(estimates).set_index("parameter")
    assert t.loc["base_retention", "estimate"] == pytest.approx(t.loc["base_retention", "truth"], abs=0.02)
    assert t.loc["burnout_threshold", "estimate"] == pytest.approx(4.0, abs=0.75)
    assert t.loc["burnout_slope", "estimate"] == pytest.approx(0.04, abs=0.012)
    assert t.loc["burnout_slope", "estimate"] < 0.04                     # the chapter: "slightly underestimated"
    assert t.loc["growth_noise_sd", "estimate"] > t.loc["growth_noise_sd", "truth"]   # the chapter: "comes out larger"
    assert t.loc["workload_b", "estimate"] == pytest.approx(0.6, abs=0.05)
    assert t.loc["programme_grant_eur", "estimate"] == pytest.approx(7500, rel=0.05)


def test_estimating_a_sector_that_is_not_there_says_which_are():
    with pytest.raises(DataError, match="no collectives of the sector 'fishing'"):
        estimate_parameters(data.load("monitor_panel"), sector="fishing")


# ---------------------------------------------------------------- sensitivity

def test_morris_ranks_a_planted_dominant_parameter_first():
    def model(X):
        return 10 * X["dominant"] + 0.5 * X["small"] + 0.1 * X["tiny"] * X["small"]
    res = morris(model, {"small": (0, 1), "dominant": (0, 1), "tiny": (0, 1)}, trajectories=20, seed=7)
    assert res["factor"].tolist() == ["dominant", "small", "tiny"]
    assert res.loc[0, "mu_star"] == pytest.approx(10, rel=1e-6)


def test_sensitivity_of_the_model_finds_the_planted_dominant_uncertainty():
    # volunteers after 5 years with every factor held in a narrow range except base retention
    factors = {"base_retention": (0.5, 0.95), "grant_eur": (0, 100), "q": (0.37, 0.39), "energy_price": (0.99, 1.01)}
    res = sensitivity(START, outcome="volunteers", years=5, factors=factors, trajectories=10, seed=1)
    assert res.loc[0, "factor"] == "base_retention"
    assert list(res.columns[:3]) == ["factor", "kind", "label"] and res.loc[0, "share"] == 1.0


def test_sensitivity_refuses_unknown_outcomes_and_factors():
    with pytest.raises(ParameterError, match="outcome = 'happiness'"):
        sensitivity(START, outcome="happiness")
    with pytest.raises(ParameterError, match="factor weather"):
        sensitivity(START, factors={"weather": (0, 1), "q": (0.2, 0.4)})
