"""Live value-map explorer (deep dive 4): change the SROI assumptions, see the ratio and its parts.

Percentages are typed as percentages (25 for 25%); a value outside what is accepted (for
example a deadweight of 120%) shows a message that says what is expected, not a traceback.

Example
-------
>>> import pandas as pd
>>> vm = pd.DataFrame([{"stakeholder": "members", "outcome": "lower bills", "indicator": "households",
...     "quantity": 100, "financial_proxy_eur": 200, "deadweight": 0.5, "attribution": 0.0,
...     "displacement": 0.0, "drop_off": 0.0, "benefit_period_years": 1}])
>>> box = value_map_explorer(vm, investment=5_000).widget()
>>> box.render(deadweight_pct=50, attribution_pct=0, drop_off_pct=0, discount_rate_pct=0,
...            benefit_period_years=1).layout.title.text.startswith("SROI ratio 2.00")
True
>>> box.render(deadweight_pct=120) is None and "Deadweight (%)" in box.message.value
True
"""

from __future__ import annotations

import math

import pandas as pd

from collectives.errors import ParameterError
from collectives.explorer import Explorer, Number
from collectives.figures.valuation import value_map_view
from collectives.valuation import sroi

__all__ = ["apply_assumptions", "value_map_explorer"]


def _pct(value, name: str, high: float = 100) -> float:
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
    if not ok or not 0 <= value <= high:
        raise ParameterError(name, value, f"a percentage from 0 to {high:g} (type 25 for 25%)")
    return float(value) / 100


def apply_assumptions(value_map: pd.DataFrame, *, deadweight_pct: float, attribution_pct: float,
                      drop_off_pct: float, benefit_period_years: int) -> pd.DataFrame:
    """The value map with one deadweight, attribution, drop-off and benefit period for every outcome.

    >>> import pandas as pd
    >>> vm = pd.DataFrame({"deadweight": [0.1, 0.2], "attribution": [0.0, 0.0], "drop_off": [0.0, 0.0],
    ...                    "benefit_period_years": [1, 3]})
    >>> apply_assumptions(vm, deadweight_pct=30, attribution_pct=10, drop_off_pct=20,
    ...                   benefit_period_years=2)["deadweight"].tolist()
    [0.3, 0.3]
    """
    years = benefit_period_years
    if not isinstance(years, int) or isinstance(years, bool) or not 1 <= years <= 50:
        raise ParameterError("benefit period (years)", years, "a whole number of years from 1 to 50")
    return value_map.assign(deadweight=_pct(deadweight_pct, "deadweight (%)"),
                            attribution=_pct(attribution_pct, "attribution (%)"),
                            drop_off=_pct(drop_off_pct, "drop-off (% per year)"),
                            benefit_period_years=years)


def value_map_explorer(value_map: pd.DataFrame, investment: float, *, deadweight_pct: float = 30,
                       attribution_pct: float = 25, drop_off_pct: float = 20, discount_rate_pct: float = 2.25,
                       benefit_period_years: int = 3) -> Explorer:
    """One deadweight, attribution, drop-off, discount rate and benefit period for every outcome.

    The static page offers deadweights of 0 to 60% and attributions of 0, 25 and 50%; the live
    widget any value (a value outside what is accepted answers with a message).
    """

    def compute(deadweight_pct, attribution_pct, drop_off_pct, discount_rate_pct, benefit_period_years):  # noqa: ANN001, ANN202
        vm = apply_assumptions(value_map, deadweight_pct=deadweight_pct, attribution_pct=attribution_pct,
                               drop_off_pct=drop_off_pct, benefit_period_years=benefit_period_years)
        return sroi(vm, investment=investment, discount_rate=_pct(discount_rate_pct, "discount rate (%)", high=30))

    return Explorer(
        "value-map", "Value-map explorer",
        (Number("deadweight_pct", "Deadweight (%)", value=deadweight_pct, min=0, max=100, step=5,
                twin=(0, 10, 20, 30, 40, 50, 60)),
         Number("attribution_pct", "Attribution (%)", value=attribution_pct, min=0, max=100, step=5, twin=(0, 25, 50)),
         Number("drop_off_pct", "Drop-off (% per year)", value=drop_off_pct, min=0, max=100, step=5),
         Number("discount_rate_pct", "Discount rate (% per year)", value=discount_rate_pct, min=0, max=30, step=0.25),
         Number("benefit_period_years", "Benefit period (years)", value=benefit_period_years, min=1, max=50)),
        compute, lambda result, **_: value_map_view(result))
