"""Social return on investment (SROI): the value map and its checks, the SROI calculation of
*A Guide to Social Return on Investment* (:func:`sroi`), and the one-at-a-time sensitivity
table with switching values (:func:`sroi_sensitivity`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.optimize import brentq

from collectives.errors import DataError, Problem
from collectives.validate import integer, require_columns
from collectives.valuation._common import _MAX_RATE, _check_fraction, _check_positive, _check_rate

__all__ = ["SROIResult", "VALUE_MAP_COLUMNS", "sroi", "sroi_sensitivity"]


#: The columns of a value map, in order.
VALUE_MAP_COLUMNS = ("stakeholder", "outcome", "indicator", "quantity", "financial_proxy_eur",
                     "deadweight", "attribution", "displacement", "drop_off", "benefit_period_years")
_FRACTIONS = ("deadweight", "attribution", "displacement", "drop_off")


_SOURCE = "'value_map' (the table given)"


def _validate_value_map(value_map: pd.DataFrame) -> pd.DataFrame:
    require_columns(value_map, VALUE_MAP_COLUMNS, _SOURCE)
    if value_map.empty:
        raise DataError(_SOURCE, [Problem("the value map has no rows", expected="one row per outcome")])
    vm = value_map.reset_index(drop=True).copy()
    problems: list[Problem] = []
    numeric = ("quantity", "financial_proxy_eur", *_FRACTIONS, "benefit_period_years")
    for col in numeric:
        raw = vm[col]
        num = pd.to_numeric(raw, errors="coerce").astype(float)
        for i in np.flatnonzero(num.isna().to_numpy() | ~np.isfinite(num.to_numpy())):
            problems.append(Problem("missing or not a number", row=int(i) + 2, column=col,
                                    value=None if pd.isna(raw.iloc[i]) else raw.iloc[i], expected="a number"))
        vm[col] = num
    if problems:
        raise DataError(_SOURCE, problems)
    for i in np.flatnonzero(vm["quantity"].to_numpy() < 0):
        problems.append(Problem("a quantity cannot be negative", row=int(i) + 2, column="quantity",
                                value=float(vm["quantity"].iloc[i]),
                                expected="0 or more (record a negative outcome with a negative financial proxy)"))
    for col in _FRACTIONS:
        values = vm[col].to_numpy()
        looks_percent = bool(((values > 1) & (values <= 100)).any() and (values <= 100).all())
        for i in np.flatnonzero((values < 0) | (values > 1)):
            hint = "; this column looks like percentages — divide by 100" if looks_percent else ""
            problems.append(Problem(f"{col.replace('_', '-')} must be a fraction", row=int(i) + 2, column=col,
                                    value=float(values[i]), expected=f"a fraction from 0 to 1, e.g. 0.25 for 25%{hint}"))
    periods = vm["benefit_period_years"].to_numpy()
    for i in np.flatnonzero((periods < 1) | (periods > 100) | (periods != np.round(periods))):
        problems.append(Problem("the benefit period must be a whole number of years", row=int(i) + 2,
                                column="benefit_period_years", value=float(periods[i]), expected="1 to 100 years"))
    if problems:
        raise DataError(_SOURCE, problems)
    vm["benefit_period_years"] = vm["benefit_period_years"].astype(int)
    return vm


@dataclass(frozen=True)
class SROIResult:
    """The result of an SROI calculation.

    Attributes
    ----------
    ratio : SROI ratio, present value ÷ investment ("€ ratio of social value per € invested").
    present_value : total present value of the impacts, in euros.
    net_present_value : present value − investment.
    net_ratio : net present value ÷ investment (the guide's "net SROI ratio").
    investment : the investment, in euros.
    discount_rate : the yearly discount rate used.
    impact_year1 : total impact in year 1, in euros (before drop-off and discounting).
    payback_period_months : investment ÷ (year-1 impact ÷ 12), as in the guide; inf if no impact.
    impacts : the value map with ``impact_eur`` (year 1) and ``present_value_eur`` per outcome row.
    by_year : year, value_eur (sum over outcomes), discount_factor, present_value_eur.
    """

    ratio: float
    present_value: float
    net_present_value: float
    net_ratio: float
    investment: float
    discount_rate: float
    impact_year1: float
    payback_period_months: float
    impacts: pd.DataFrame = field(repr=False, compare=False)
    by_year: pd.DataFrame = field(repr=False, compare=False)


def _sroi_core(vm: pd.DataFrame, investment: float, rate: float) -> tuple[float, np.ndarray, np.ndarray, np.ndarray]:
    """Present value, per-row impact, per-row PV and the row × year value matrix (no checks)."""
    impact = (vm["quantity"].to_numpy() * vm["financial_proxy_eur"].to_numpy()
              * (1 - vm["deadweight"].to_numpy()) * (1 - vm["displacement"].to_numpy())
              * (1 - vm["attribution"].to_numpy()))
    periods = vm["benefit_period_years"].to_numpy()
    horizon = int(periods.max())
    years = np.arange(1, horizon + 1)
    keep = (1 - vm["drop_off"].to_numpy())[:, None] ** (years[None, :] - 1)
    values = impact[:, None] * keep * (years[None, :] <= periods[:, None])
    disc = (1 + rate) ** -years.astype(float)
    pv_rows = values @ disc
    return float(pv_rows.sum()), impact, pv_rows, values


def sroi(value_map: pd.DataFrame, investment: float, discount_rate: float) -> SROIResult:
    """Social return on investment, following the 2012 SROI guide's calculation.

    Parameters
    ----------
    value_map : one row per outcome, with the columns in :data:`VALUE_MAP_COLUMNS`:
        stakeholder, outcome, indicator (text); quantity (how many, ≥ 0);
        financial_proxy_eur (value of one unit of the outcome per year, in euros; negative
        for a negative outcome); deadweight, attribution, displacement, drop_off (fractions
        0–1); benefit_period_years (whole years the outcome lasts, ≥ 1).
    investment : the value of the inputs, in euros (> 0).
    discount_rate : yearly rate, 0–0.3 (e.g. 0.035 for 3.5%).

    Returns
    -------
    SROIResult

    Example
    -------
    >>> import pandas as pd
    >>> vm = pd.DataFrame({"stakeholder": ["members"], "outcome": ["warmer homes"],
    ...     "indicator": ["homes insulated"], "quantity": [10], "financial_proxy_eur": [1000],
    ...     "deadweight": [0.2], "attribution": [0.25], "displacement": [0.0],
    ...     "drop_off": [0.5], "benefit_period_years": [2]})
    >>> round(sroi(vm, investment=4000, discount_rate=0.0).ratio, 3)  # 6000 + 3000 over 4000
    2.25
    """
    vm = _validate_value_map(value_map)
    investment = _check_positive(investment, "investment", "an amount in euros")
    rate = _check_rate(discount_rate)
    pv, impact, pv_rows, values = _sroi_core(vm, investment, rate)
    years = np.arange(1, values.shape[1] + 1)
    disc = (1 + rate) ** -years.astype(float)
    by_year = pd.DataFrame({"year": years, "value_eur": values.sum(axis=0), "discount_factor": disc,
                            "present_value_eur": values.sum(axis=0) * disc})
    impacts = vm.assign(impact_eur=impact, present_value_eur=pv_rows)
    year1 = float(impact.sum())
    payback = investment / (year1 / 12) if year1 > 0 else math.inf
    return SROIResult(ratio=pv / investment, present_value=pv, net_present_value=pv - investment,
                      net_ratio=(pv - investment) / investment, investment=investment, discount_rate=rate,
                      impact_year1=year1, payback_period_months=payback, impacts=impacts, by_year=by_year)


def sroi_sensitivity(value_map: pd.DataFrame, investment: float, discount_rate: float, *,
                     fraction_step: float = 0.1, relative_step: float = 0.25, period_step: int = 1,
                     rate_step: float = 0.02) -> pd.DataFrame:
    """Change one assumption at a time and see how the SROI ratio moves (a tornado table).

    The fractions (deadweight, attribution, displacement, drop-off) move by
    ``± fraction_step`` in every row (kept within 0–1); quantities, financial proxies and the
    investment by ``± relative_step`` (25% by default); benefit periods by
    ``± period_step`` years (at least 1); the discount rate by ``± rate_step`` (within 0–0.3).

    The **switching value** is how far an assumption must move for the ratio to reach 1 : 1,
    with everything else as in the base case:

    - deadweight, attribution, displacement, drop-off: the single value that, given to every
      outcome, brings the ratio to 1 (NaN if no value from 0 to 1 does);
    - quantity, financial_proxy_eur: the factor by which all of them would have to be
      multiplied (e.g. 0.4 = "if every proxy were 60% lower");
    - benefit_period_years: the shortest cap on every outcome's benefit period (whole years)
      that still gives a ratio of at least 1;
    - discount_rate: the rate at which the ratio is exactly 1 (a social internal rate of
      return; may lie above 0.3);
    - investment: the investment, in euros, at which the ratio is 1 (= the present value).

    Returns
    -------
    DataFrame, one row per assumption sorted by swing (largest first): assumption,
    low_setting, high_setting, ratio_low, ratio_high, swing, base_ratio, switching_value,
    switching_meaning.

    Example
    -------
    >>> import pandas as pd
    >>> vm = pd.DataFrame([{"stakeholder": "members", "outcome": "lower bills", "indicator": "households",
    ...     "quantity": 100, "financial_proxy_eur": 200, "deadweight": 0.5, "attribution": 0.0,
    ...     "displacement": 0.0, "drop_off": 0.0, "benefit_period_years": 1}])
    >>> t = sroi_sensitivity(vm, investment=5_000, discount_rate=0.0).set_index("assumption")
    >>> round(float(t.loc["deadweight", "switching_value"]), 2)  # ratio 2 at 50%; 1 at 75% deadweight
    0.75
    """
    vm = _validate_value_map(value_map)
    investment = _check_positive(investment, "investment", "an amount in euros")
    rate = _check_rate(discount_rate)
    step = _check_fraction(fraction_step, "fraction_step")
    rel = _check_fraction(relative_step, "relative_step")
    period_step = integer("period_step", period_step, min=1, max=100,
                          expected="a whole number of years from 1 to 100 (benefit periods are at most 100 years)")
    rstep = _check_fraction(rate_step, "rate_step")

    def ratio(frame=vm, inv=investment, r=rate) -> float:
        return _sroi_core(frame, inv, r)[0] / inv

    base = ratio()
    rows = []

    def with_col(col, values):
        return vm.assign(**{col: values})

    for col in _FRACTIONS:
        v = vm[col].to_numpy()
        lo, hi = np.clip(v - step, 0, 1), np.clip(v + step, 0, 1)
        if col == "drop_off":
            f = lambda d: ratio(with_col(col, np.full(len(vm), d))) - 1  # noqa: E731
            sw = brentq(f, 0, 1) if f(0) > 0 > f(1) else (1.0 if f(1) == 0 else np.nan)
        else:
            at_zero = ratio(with_col(col, np.zeros(len(vm))))
            sw = 1 - 1 / at_zero if at_zero >= 1 else np.nan
        rows.append(dict(assumption=col, low_setting=f"every row −{step:g} (min 0)",
                         high_setting=f"every row +{step:g} (max 1)",
                         ratio_low=ratio(with_col(col, lo)), ratio_high=ratio(with_col(col, hi)),
                         switching_value=sw,
                         switching_meaning=f"the {col.replace('_', '-')} that, for every outcome, gives a ratio of 1"))
    for col in ("quantity", "financial_proxy_eur"):
        v = vm[col].to_numpy()
        rows.append(dict(assumption=col, low_setting=f"every row −{rel:.0%}", high_setting=f"every row +{rel:.0%}",
                         ratio_low=ratio(with_col(col, v * (1 - rel))), ratio_high=ratio(with_col(col, v * (1 + rel))),
                         switching_value=1 / base if base > 0 else np.nan,
                         switching_meaning=f"the factor by which every {col} must be multiplied for a ratio of 1"))
    periods = vm["benefit_period_years"].to_numpy()
    caps = range(1, int(periods.max()) + 1)
    reaching = [c for c in caps if ratio(with_col("benefit_period_years", np.minimum(periods, c))) >= 1]
    rows.append(dict(assumption="benefit_period_years", low_setting=f"every row −{period_step} year(s) (min 1)",
                     high_setting=f"every row +{period_step} year(s)",
                     ratio_low=ratio(with_col("benefit_period_years", np.maximum(periods - period_step, 1))),
                     ratio_high=ratio(with_col("benefit_period_years", periods + period_step)),
                     switching_value=float(min(reaching)) if reaching else np.nan,
                     switching_meaning="the shortest cap on every benefit period (years) that still gives a ratio of 1"))
    f = lambda r: ratio(r=r) - 1  # noqa: E731
    sw_rate = np.nan
    if f(0) > 0:
        upper = 1.0
        while f(upper) > 0 and upper < 1e3:
            upper *= 4
        sw_rate = brentq(f, 0, upper) if f(upper) <= 0 else np.nan
    elif f(0) == 0:
        sw_rate = 0.0
    rows.append(dict(assumption="discount_rate", low_setting=f"{max(rate - rstep, 0):g}",
                     high_setting=f"{min(rate + rstep, _MAX_RATE):g}",
                     ratio_low=ratio(r=max(rate - rstep, 0)), ratio_high=ratio(r=min(rate + rstep, _MAX_RATE)),
                     switching_value=sw_rate,
                     switching_meaning="the discount rate at which the ratio is 1 (a social internal rate of return)"))
    rows.append(dict(assumption="investment", low_setting=f"−{rel:.0%}", high_setting=f"+{rel:.0%}",
                     ratio_low=ratio(inv=investment * (1 - rel)) if rel < 1 else np.inf,
                     ratio_high=ratio(inv=investment * (1 + rel)),
                     switching_value=base * investment,
                     switching_meaning="the investment in euros at which the ratio is 1"))
    out = pd.DataFrame(rows)
    out["swing"] = (out["ratio_high"] - out["ratio_low"]).abs()
    out["base_ratio"] = base
    cols = ["assumption", "low_setting", "high_setting", "ratio_low", "ratio_high", "swing", "base_ratio",
            "switching_value", "switching_meaning"]
    return out[cols].sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)
