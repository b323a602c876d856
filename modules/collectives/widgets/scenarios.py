"""The scenario explorer (day 5): a municipal strategy in an outside world, as a Monte Carlo fan chart.

Declared once with :mod:`collectives.explorer`: the static page shows a precomputed grid of
4 strategies × 3 energy prices × 3 levels of volunteer availability × 2 outcomes (72 views);
a live kernel also lets you add a grant, change the permit time, switch the national subsidy
scheme off, and start from your own data (``scenario_explorer(read_start("my_file.xlsx"))``).

Example
-------
>>> from collectives import data
>>> ex = scenario_explorer(data.load("scenario_start"), runs=50)
>>> ex.figure(strategy="co-own", variable="volunteers").layout.meta["alt"].startswith("Fan chart")
True
"""

from __future__ import annotations

import pandas as pd

from collectives.explorer import Choice, Explorer, Number
from collectives.figures.scenarios import fan_chart
from collectives.scenarios.plans import STRATEGIES
from collectives.scenarios.stockflow import DEFAULTS, LEVERS, ModelParameters, simulate

__all__ = ["scenario_explorer"]

_OUTCOMES = {"members": "Members (persons)", "volunteers": "Volunteers (persons)",
             "projects": "Projects running (count)"}


def scenario_explorer(start: pd.DataFrame, *, params: ModelParameters = DEFAULTS, years: int = 10, runs: int = 200,
                      seed: int = 0, first_year: int = 2025, label: str = "the synthetic cooperatives of M02") -> Explorer:
    """Choose a strategy, the energy price and volunteer availability; see the fan chart of an outcome.

    ``start`` is a starting state (e.g. :func:`collectives.scenarios.read_start` of your own
    file); ``label`` says whose collectives they are in titles and alt text.
    """

    def compute(strategy, energy_price, volunteer_availability, variable, extra_grant_eur, permit_months,
                national_subsidy):  # noqa: ANN001, ANN202
        levers = dict(STRATEGIES[strategy][1])
        levers["grant_eur"] = min(levers.get("grant_eur", 0) + extra_grant_eur, LEVERS["grant_eur"][2])
        if permit_months:
            levers["permit_months"] = permit_months
        drivers = {"energy_price": energy_price, "volunteer_availability": volunteer_availability,
                   "national_subsidy": national_subsidy}
        return simulate(start, levers, drivers, years=years, runs=runs, seed=seed, params=params, first_year=first_year)

    def draw(result, strategy, energy_price, volunteer_availability, variable, **_):  # noqa: ANN001, ANN202
        sel = result[result["variable"] == variable]
        last = sel[sel["year"] == sel["year"].max()]["value"]
        first = sel[sel["year"] == sel["year"].min()]["value"].median()
        low, mid, high = last.quantile([0.05, 0.5, 0.95])
        what = variable if variable != "projects" else "projects running"
        return fan_chart(
            result, variable,
            title=f"{strategy}: {what} of {label}, energy price ×{energy_price:g}, volunteers ×{volunteer_availability:g}",
            y_title=_OUTCOMES[variable],
            alt=(f"Fan chart of {what} of {label} from {first_year} to {first_year + years} under the strategy "
                 f"'{strategy}', with the energy price at {energy_price:g} times today's and volunteer availability at "
                 f"{volunteer_availability:g} times today's. The median goes from {first:,.0f} to {mid:,.0f}; 90% of "
                 f"{runs} runs end between {low:,.0f} and {high:,.0f}."))

    return Explorer(
        "scenarios", "Scenario explorer",
        (Choice("strategy", "Municipal strategy", list(STRATEGIES), value="facilitate"),
         Number("energy_price", "Energy price (× today)", value=1.0, min=0.3, max=3.0, step=0.1, twin=(0.7, 1.5)),
         Number("volunteer_availability", "Volunteer availability (× today)", value=1.0, min=0.3, max=2.0, step=0.1,
                twin=(0.7, 1.2)),
         Choice("variable", "Outcome", [("members", "members"), ("volunteers", "volunteers")], value="members"),
         Number("extra_grant_eur", "Extra yearly grant per collective (euro)", value=0, min=0, max=50_000, step=500),
         Number("permit_months", "Permit time in months (0 = as in the strategy)", value=0, min=0, max=48, step=1),
         Number("national_subsidy", "National subsidy scheme (1 = continues, 0 = stops)", value=1, min=0, max=1, step=1)),
        compute, draw)
