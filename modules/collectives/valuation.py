"""What is it worth? Social return on investment, cost–benefit, local multiplier, volunteer time.

- :func:`sroi` follows the calculation of *A Guide to Social Return on Investment*
  (Cabinet Office 2009, updated by The SROI Network 2012): for each outcome in the value
  map, ``impact = quantity × financial proxy × (1 − deadweight) × (1 − displacement) ×
  (1 − attribution)``; the impact counts in full in year 1 and shrinks by the drop-off in
  each later year of its benefit period; yearly values are discounted
  (``value_t ÷ (1 + r)^t``, year 1 discounted once, as the guide's spreadsheet does); the
  SROI ratio is the present value divided by the investment.
- :func:`sroi_sensitivity` changes one assumption at a time (a tornado table) and gives
  each assumption's *switching value*: how far it would have to move for the ratio to fall
  to 1 : 1.
- :func:`npv` and :func:`social_cba` discount streams of costs and benefits as a Dutch
  *maatschappelijke kosten-batenanalyse* (MKBA) does. The discount rate is always a
  parameter; for reference, the Dutch standard rate in force from 1 January 2021 is 2.25%
  (:data:`MKBA_STANDARD_DISCOUNT_RATE_NL_2021`; Werkgroep Discontovoet 2020). Check
  rwseconomie.nl for a newer revision before using it.
- :func:`lm3` is the New Economics Foundation's Local Multiplier 3 (Sacks 2002, *The Money
  Trail*): ``LM3 = (round 1 + round 2 + round 3) ÷ round 1``.
- :func:`volunteer_value` values volunteer hours at a wage you choose: the replacement cost
  (what paying someone to do the work would cost) or the opportunity cost (what the
  volunteers could have earned).

Fractions (deadweight, attribution, displacement, drop-off, shares) are fractions from 0 to 1:
write 0.25 for 25%.

Example
-------
>>> import pandas as pd
>>> vm = pd.DataFrame([{"stakeholder": "members", "outcome": "lower energy bills",
...     "indicator": "households saving", "quantity": 100, "financial_proxy_eur": 200,
...     "deadweight": 0.5, "attribution": 0.0, "displacement": 0.0, "drop_off": 0.0,
...     "benefit_period_years": 1}])
>>> sroi(vm, investment=5_000, discount_rate=0.0).ratio
2.0
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.optimize import brentq

from collectives.errors import DataError, ParameterError, Problem
from collectives.evaluation import require_columns

__all__ = [
    "CBAResult",
    "LM3Result",
    "MKBA_STANDARD_DISCOUNT_RATE_NL_2021",
    "SROIResult",
    "VALUE_MAP_COLUMNS",
    "lm3",
    "npv",
    "social_cba",
    "sroi",
    "sroi_sensitivity",
    "volunteer_value",
]

#: Dutch standard discount rate for MKBA ("standaarddiscontovoet"), in force from
#: 1 January 2021 for all policy changes and all costs and benefits except two named
#: exceptions (Werkgroep Discontovoet 2020; rwseconomie.nl). Revised periodically.
MKBA_STANDARD_DISCOUNT_RATE_NL_2021 = 0.0225

#: The columns of a value map, in order.
VALUE_MAP_COLUMNS = ("stakeholder", "outcome", "indicator", "quantity", "financial_proxy_eur",
                     "deadweight", "attribution", "displacement", "drop_off", "benefit_period_years")
_FRACTIONS = ("deadweight", "attribution", "displacement", "drop_off")
_MAX_RATE = 0.3
_SOURCE = "'value_map' (the table given)"


# --------------------------------------------------------------------------- checks


def _check_rate(discount_rate: float, name: str = "discount_rate") -> float:
    ok = isinstance(discount_rate, (int, float, np.integer, np.floating)) and not isinstance(discount_rate, bool)
    if not ok or not math.isfinite(discount_rate) or not 0 <= discount_rate <= _MAX_RATE:
        hint = " (it looks like a percentage: divide by 100)" if ok and 1 < discount_rate <= 30 else ""
        raise ParameterError(name, discount_rate,
                             f"a yearly rate between 0 and {_MAX_RATE}, e.g. 0.035 for 3.5%{hint}")
    return float(discount_rate)


def _check_positive(value, name: str, what: str) -> float:
    ok = isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)
    if not ok or not math.isfinite(value) or value <= 0:
        raise ParameterError(name, value, f"{what} above 0")
    return float(value)


def _check_fraction(value, name: str) -> float:
    ok = isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)
    if not ok or not math.isfinite(value) or not 0 <= value <= 1:
        hint = " (it looks like a percentage: divide by 100)" if ok and 1 < value <= 100 else ""
        raise ParameterError(name, value, f"a fraction from 0 to 1, e.g. 0.25 for 25%{hint}")
    return float(value)


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


# --------------------------------------------------------------------------- SROI


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
    if not isinstance(period_step, (int, np.integer)) or period_step < 1:
        raise ParameterError("period_step", period_step, "a whole number of years, 1 or more")
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


# --------------------------------------------------------------------------- discounting and MKBA


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


# --------------------------------------------------------------------------- LM3


@dataclass(frozen=True)
class LM3Result:
    """Local Multiplier 3: ratio = (round 1 + round 2 + round 3) ÷ round 1, between 1 and 3."""

    ratio: float
    round1: float
    round2: float
    round3: float
    rounds: pd.DataFrame = field(repr=False, compare=False)


def _by_recipient(value, name: str) -> dict[str, float]:
    items = value.items() if isinstance(value, Mapping) else [("all local spending", value)]
    out = {}
    for k, v in items:
        ok = isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool)
        if not ok or not math.isfinite(v) or v < 0:
            raise ParameterError(name if not isinstance(value, Mapping) else f"{name}[{k!r}]", v,
                                 "an amount in euros of 0 or more")
        out[str(k)] = float(v)
    if not out:
        raise ParameterError(name, value, "an amount, or a mapping of recipient → amount")
    return out


def lm3(income_eur: float, local_spend_eur: float | Mapping[str, float],
        local_respend_eur: float | None = None, *,
        respend_share: float | Mapping[str, float] | None = None) -> LM3Result:
    """Local Multiplier 3 (NEF, *The Money Trail*): how much of each euro stays local.

    - Round 1: the collective's income (``income_eur``).
    - Round 2: what it spends locally — on local staff and local suppliers
      (``local_spend_eur``: an amount, or ``{"staff": …, "suppliers": …}``).
    - Round 3: what those local recipients re-spend locally. Give either the amount
      (``local_respend_eur``) or the share of round 2 they re-spend locally
      (``respend_share``: one fraction, or one per recipient with the same keys as
      ``local_spend_eur``; NEF gets these from surveys of staff and suppliers).

    ``LM3 = (round 1 + round 2 + round 3) ÷ round 1``: 1 means nothing stays local, 3 the
    most the measure can show.

    Example
    -------
    >>> lm3(100_000, {"staff": 40_000, "suppliers": 20_000},
    ...     respend_share={"staff": 0.6, "suppliers": 0.3}).ratio
    1.9
    """
    r1 = _check_positive(income_eur, "income_eur", "the income in euros")
    spend = _by_recipient(local_spend_eur, "local_spend_eur")
    r2 = sum(spend.values())
    if r2 > r1 * (1 + 1e-12):
        raise ParameterError("local_spend_eur", local_spend_eur,
                             f"local spending of at most the income ({r1:,.0f} euros); found {r2:,.0f}")
    if (local_respend_eur is None) == (respend_share is None):
        raise ParameterError("respend_share", respend_share,
                             "either local_respend_eur (an amount) or respend_share (a fraction), not both or neither")
    rows = [("round 1", "income", r1)] + [("round 2", f"spent locally: {k}", v) for k, v in spend.items()]
    if local_respend_eur is not None:
        r3 = sum(_by_recipient(local_respend_eur, "local_respend_eur").values())
        rows.append(("round 3", "re-spent locally by recipients", r3))
    else:
        if isinstance(respend_share, Mapping):
            missing = sorted(set(spend) - set(map(str, respend_share)))
            extra = sorted(set(map(str, respend_share)) - set(spend))
            if missing or extra:
                raise ParameterError("respend_share", dict(respend_share),
                                     f"one share for each recipient in local_spend_eur ({', '.join(spend)}); "
                                     f"missing: {missing or 'none'}, unknown: {extra or 'none'}")
            shares = {str(k): _check_fraction(v, f"respend_share[{k!r}]") for k, v in respend_share.items()}
        else:
            s = _check_fraction(respend_share, "respend_share")
            shares = {k: s for k in spend}
        r3 = 0.0
        for k, v in spend.items():
            rows.append(("round 3", f"re-spent locally by {k} ({shares[k]:.0%})", v * shares[k]))
            r3 += v * shares[k]
    if r3 > r2 * (1 + 1e-12):
        raise ParameterError("local_respend_eur", local_respend_eur,
                             f"at most the round-2 local spending ({r2:,.0f} euros); found {r3:,.0f}")
    rounds = pd.DataFrame(rows, columns=["round", "description", "amount_eur"])
    return LM3Result(ratio=(r1 + r2 + r3) / r1, round1=r1, round2=r2, round3=r3, rounds=rounds)


# --------------------------------------------------------------------------- volunteer time


def volunteer_value(hours, method: str = "replacement", *, wage_eur_per_hour: float,
                    on_cost_share: float = 0.0):
    """Money value of volunteer hours: hours × an hourly wage you choose.

    Parameters
    ----------
    hours : hours volunteered (a number, list, array or Series), ≥ 0.
    method : ``"replacement"`` — what it would cost to pay someone to do the same work: use
        the gross hourly wage for that kind of work, and add employer costs with
        ``on_cost_share`` (e.g. 0.3 for 30% on top); ``"opportunity"`` — what the volunteers
        give up: use the wage they could earn instead (``on_cost_share`` must stay 0).
    wage_eur_per_hour : the hourly wage in euros (> 0). Choose and cite it: for example a
        collective labour agreement scale for the replacement method. The package ships no
        "official" value.
    on_cost_share : employer costs as a fraction of the wage (replacement method only).

    Returns
    -------
    float, or an array/Series shaped like ``hours``, in euros.

    Both methods value the hours, not what they achieve; neither counts what volunteering
    means to the volunteers themselves.

    >>> volunteer_value(1_000, "replacement", wage_eur_per_hour=20.0, on_cost_share=0.25)
    25000.0
    """
    if method not in ("replacement", "opportunity"):
        raise ParameterError("method", method, '"replacement" or "opportunity"')
    wage = _check_positive(wage_eur_per_hour, "wage_eur_per_hour", "an hourly wage in euros")
    extra = _check_fraction(on_cost_share, "on_cost_share")
    if method == "opportunity" and extra != 0:
        raise ParameterError("on_cost_share", on_cost_share,
                             "0 for the opportunity-cost method (employer costs belong to the replacement method)")
    if isinstance(hours, pd.Series):
        h = pd.to_numeric(hours, errors="coerce").astype(float)
        arr = h.to_numpy()
    else:
        try:
            arr = np.asarray(hours, dtype=float)
        except (TypeError, ValueError):
            raise ParameterError("hours", hours, "hours as a number or a list of numbers") from None
    if not np.isfinite(arr).all() or (arr < 0).any():
        raise ParameterError("hours", hours if np.ndim(hours) == 0 else "(values)",
                             "hours of 0 or more, with no missing values")
    value = arr * wage * (1 + extra)
    if isinstance(hours, pd.Series):
        return pd.Series(value, index=hours.index, name="volunteer_value_eur")
    return float(value) if np.ndim(value) == 0 else value
