"""Live value-map explorer (deep dive 4): change the SROI assumptions, see the ratio and its parts.

Percentages are typed as percentages (25 for 25%); a value outside what is accepted (for
example a deadweight of 120%) shows a message that says what is expected, not a traceback.
The static twin on the page is :func:`collectives.figures.valuation.sroi_slider_figure`.

Example
-------
>>> import pandas as pd
>>> vm = pd.DataFrame([{"stakeholder": "members", "outcome": "lower bills", "indicator": "households",
...     "quantity": 100, "financial_proxy_eur": 200, "deadweight": 0.5, "attribution": 0.0,
...     "displacement": 0.0, "drop_off": 0.0, "benefit_period_years": 1}])
>>> box = value_map_explorer(vm, investment=5_000)
>>> box.render(deadweight_pct=50, attribution_pct=0, drop_off_pct=0, discount_rate_pct=0,
...            benefit_period_years=1).layout.title.text.startswith("SROI ratio 2.00")
True
>>> box.render(deadweight_pct=120) is None and "deadweight" in box.message.value
True
"""

from __future__ import annotations

import math

import ipywidgets as w
import pandas as pd
import plotly.graph_objects as go

from collectives.errors import ParameterError
from collectives.figures.valuation import sroi_parts, sroi_waterfall, update_sroi_waterfall
from collectives.valuation import sroi
from collectives.widgets import Explorer, explorer

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
    """Edit deadweight, attribution, drop-off, discount rate and benefit period for every outcome."""

    cache: dict[str, go.Figure] = {}

    def draw(deadweight_pct, attribution_pct, drop_off_pct, discount_rate_pct, benefit_period_years) -> go.Figure:
        vm = apply_assumptions(value_map, deadweight_pct=deadweight_pct, attribution_pct=attribution_pct,
                               drop_off_pct=drop_off_pct, benefit_period_years=benefit_period_years)
        rate = _pct(discount_rate_pct, "discount rate (%)", high=30)
        result = sroi(vm, investment=investment, discount_rate=rate)
        parts = sroi_parts(result)
        steps = "; ".join(f"{s} €{v:,.0f}" for s, v in zip(parts["step"], parts["amount_eur"]))
        alt = (f"SROI ratio {result.ratio:.2f} to 1. {steps}; present value €{result.present_value:,.0f} "
               f"against an investment of €{result.investment:,.0f}.")
        if "figure" not in cache:  # build and style once, then only swap the data (restyling is slow)
            cache["figure"] = sroi_waterfall(result, alt=alt)
            return cache["figure"]
        return update_sroi_waterfall(cache["figure"], result, alt=alt)

    def pct_box(value, label):
        return w.FloatText(value=value, step=5, description=label, layout={"width": "22rem"})

    controls = {
        "deadweight_pct": pct_box(deadweight_pct, "Deadweight (%)"),
        "attribution_pct": pct_box(attribution_pct, "Attribution (%)"),
        "drop_off_pct": pct_box(drop_off_pct, "Drop-off (% per year)"),
        "discount_rate_pct": w.FloatText(value=discount_rate_pct, step=0.25, description="Discount rate (% per year)",
                                         layout={"width": "22rem"}),
        "benefit_period_years": w.IntText(value=benefit_period_years, description="Benefit period (years)",
                                          layout={"width": "22rem"}),
    }
    return explorer("Value-map explorer", controls, draw)
