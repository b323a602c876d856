"""Discounting and the Dutch social cost–benefit analysis (MKBA): the net present value of a
stream of amounts (:func:`npv`), costs against benefits over the years (:func:`social_cba`),
and the Dutch standard discount rate for reference.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from collectives.errors import ParameterError
from collectives.valuation._common import _check_rate

__all__ = ["CBAResult", "MKBA_STANDARD_DISCOUNT_RATE_NL_2021", "npv", "social_cba"]


#: Dutch standard discount rate for MKBA ("standaarddiscontovoet"), in force from
#: 1 January 2021 for all policy changes and all costs and benefits except two named
#: exceptions (Werkgroep Discontovoet 2020; rwseconomie.nl). Revised periodically.
MKBA_STANDARD_DISCOUNT_RATE_NL_2021 = 0.0225


def _amounts(values, name: str) -> np.ndarray:
    try:
        arr = np.asarray(values, dtype=float).reshape(-1)
    except (TypeError, ValueError):
        raise ParameterError(name, values, "a list of amounts in euros, one per year") from None
    if arr.size == 0 or not np.isfinite(arr).all():
        raise ParameterError(name, values, "a non-empty list of numbers (no missing values), one per year")
    return arr


def npv(cashflows: Sequence[float], discount_rate: float, *, start_year: int = 0) -> float:
    """Net present value of yearly cash flows: ``Σ cashflow_i ÷ (1 + r)^(start_year + i)``.

    With ``start_year=0`` (default) the first amount is today's and is not discounted (costs
    of the investment usually sit there, benefits follow). Spreadsheet ``NPV()`` functions
    discount the first amount once: that is ``start_year=1``.

    >>> round(npv([-1000, 600, 600], 0.1), 2)
    41.32
    """
    flows = _amounts(cashflows, "cashflows")
    rate = _check_rate(discount_rate)
    if not isinstance(start_year, (int, np.integer)) or start_year < 0:
        raise ParameterError("start_year", start_year, "0 (first amount is today) or a later whole year")
    t = start_year + np.arange(flows.size)
    return float((flows * (1 + rate) ** -t.astype(float)).sum())


@dataclass(frozen=True)
class CBAResult:
    """Social cost–benefit analysis: present values of costs and benefits and their balance.

    ``by_year`` has year (0 = base year), costs_eur, benefits_eur, discount_factor,
    pv_costs_eur, pv_benefits_eur, net_pv_eur.
    """

    pv_costs: float
    pv_benefits: float
    net_present_value: float
    benefit_cost_ratio: float
    discount_rate: float
    years: int
    by_year: pd.DataFrame = field(repr=False, compare=False)


def social_cba(costs, benefits, discount_rate: float, years: int) -> CBAResult:
    """A minimal social cost–benefit analysis (MKBA) of yearly costs and benefits.

    Parameters
    ----------
    costs, benefits : euros per year: one number (the same amount in each of the ``years``
        years) or a list of ``years`` amounts, the first for year 0 (the base year, not
        discounted). Put one-off investments in year 0.
    discount_rate : yearly real rate, 0–0.3. Dutch MKBAs use the rate set by the cabinet on
        the advice of the Werkgroep Discontovoet; from 1 January 2021 the standard rate is
        2.25% (:data:`MKBA_STANDARD_DISCOUNT_RATE_NL_2021`).
    years : the number of years counted (the analysis horizon), 1–200.

    A real MKBA also compares against a reference scenario ("nulalternatief"), lists effects
    that cannot be valued in money, and shows who gains and who pays; this helper does only
    the arithmetic.

    Example
    -------
    >>> r = social_cba(costs=[1000, 0, 0], benefits=[0, 550, 550], discount_rate=0.0, years=3)
    >>> r.net_present_value, r.benefit_cost_ratio
    (100.0, 1.1)
    """
    rate = _check_rate(discount_rate)
    if not isinstance(years, (int, np.integer)) or isinstance(years, bool) or not 1 <= years <= 200:
        raise ParameterError("years", years, "a whole number of years from 1 to 200")

    def stream(x, name):
        if np.ndim(x) == 0:
            return np.full(years, float(_amounts([x], name)[0]))
        arr = _amounts(x, name)
        if arr.size != years:
            raise ParameterError(name, x, f"one number, or a list of exactly {years} yearly amounts (years = {years})")
        return arr

    c, b = stream(costs, "costs"), stream(benefits, "benefits")
    if (c < 0).any():
        raise ParameterError("costs", costs, "amounts of 0 or more (enter savings as benefits)")
    t = np.arange(years)
    disc = (1 + rate) ** -t.astype(float)
    by_year = pd.DataFrame({"year": t, "costs_eur": c, "benefits_eur": b, "discount_factor": disc,
                            "pv_costs_eur": c * disc, "pv_benefits_eur": b * disc})
    by_year["net_pv_eur"] = by_year["pv_benefits_eur"] - by_year["pv_costs_eur"]
    pvc, pvb = float(by_year["pv_costs_eur"].sum()), float(by_year["pv_benefits_eur"].sum())
    return CBAResult(pv_costs=pvc, pv_benefits=pvb, net_present_value=pvb - pvc,
                     benefit_cost_ratio=pvb / pvc if pvc > 0 else math.inf, discount_rate=rate,
                     years=int(years), by_year=by_year)
