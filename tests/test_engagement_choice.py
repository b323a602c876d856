"""Specifications of the discrete-choice experiment (collectives.engagement.choice)."""

from __future__ import annotations

import numpy as np
import pytest

from collectives.engagement import choice
from collectives.errors import DataError
from collectives.synthetic import DCE_TRUTH, dce_choices


@pytest.fixture(scope="module")
def fit():
    return choice.estimate(dce_choices())


def test_conditional_logit_recovers_the_planted_weights_within_their_confidence_intervals(fit):
    for attribute, weight in DCE_TRUTH["weights"].items():
        assert fit.loc[attribute, "low"] <= weight <= fit.loc[attribute, "high"], attribute


def test_willingness_to_pay_covers_the_planted_values(fit):
    wtp = choice.willingness_to_pay(fit)
    for attribute, value in DCE_TRUTH["wtp_eur"].items():
        assert wtp.loc[attribute, "low"] <= value <= wtp.loc[attribute, "high"], attribute


def test_newton_solver_gives_the_statsmodels_estimate(fit):
    X, chosen = choice._arrays(dce_choices(), choice.ATTRIBUTES)
    beta, cov = choice.fit_logit(X, chosen)
    assert np.allclose(beta, fit["weight"], rtol=1e-5, atol=1e-8)
    assert np.allclose(np.sqrt(np.diag(cov)), fit["se"], rtol=1e-3)


def test_sample_size_simulation_narrows_with_more_respondents():
    table = choice.sample_size_simulation(lambda seed, n: dce_choices(seed, n), sizes=(25, 200), repeats=8)
    spread = (table["p95"] - table["p5"]).to_numpy()
    assert spread[1] < spread[0]


def test_an_attribute_without_variation_is_named():
    data = dce_choices(respondents=5).assign(vote=1)
    with pytest.raises(DataError, match="column 'vote': no variation"):
        choice.estimate(data)


def test_a_task_without_exactly_one_choice_is_refused():
    data = dce_choices(respondents=5)
    data.loc[0, "chosen"] = not data.loc[0, "chosen"]
    with pytest.raises(DataError, match="exactly one chosen alternative per task"):
        choice.estimate(data)
